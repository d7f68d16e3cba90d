"""The Assess page through AppTest: start, autosave, resume elsewhere, review and submit."""

from __future__ import annotations

from conftest import click, open_page
from reading import read_all, shown

from toolkit.framework import builtin_frameworks


def start_answering(perspective: str = "carer", name: str = "", easy: bool = False):
    at = open_page("assess", easy=easy)
    at.radio[0].set_value(perspective)
    if name:
        at.text_input[0].input(name)
    click(at, "Start")
    assert not at.exception, at.exception
    return at


def answer_radio(at, statement_id: str):
    return next(r for r in at.radio if r.key and r.key.endswith(f"_{statement_id}"))


def person_of(store, round_id):
    people = store.respondents(round_id)
    assert people, "nobody has started"
    return people[-1]


def test_empty_database_says_there_is_nothing_to_answer(empty_app):
    at = open_page("assess")
    assert not at.exception and not at.error
    assert "There is no round to answer yet." in shown(at)


def test_starting_needs_a_perspective_and_says_so_as_gov_uk_does(demo_app):
    at = open_page("assess")
    click(at, "Start")
    # An error summary at the top, linking to the field, and the message at the field.
    assert read_all(h.value for h in at.header)[0] == "There is a problem"
    text = shown(at)
    assert "- [Choose which of these best describes you](#tk-field-who)" in text
    assert '<p class="tk-field-error">Error: Choose which of these best describes you</p>' in text
    assert text.index("There is a problem") < text.index("You are answering for")
    # Choosing then starting clears it.
    at.radio[0].set_value("carer")
    click(at, "Start")
    assert "There is a problem" not in shown(at)
    assert "Theme 1 of 6: Wellbeing and independence" in shown(at)


def test_in_easy_read_the_problem_is_in_easy_words(demo_app):
    at = open_page("assess", easy=True)
    click(at, "Start")
    assert "- [Choose who you are](#tk-field-who)" in shown(at)


def test_answers_are_saved_the_moment_they_are_chosen(demo_app):
    round_ = demo_app.rounds()[-1]
    at = start_answering("frontline-staff", "Jo")
    person = person_of(demo_app, round_.id)
    assert (person.perspective, person.display_name, person.status) == (
        "frontline-staff",
        "Jo",
        "draft",
    )
    assert "Theme 1 of 6: Wellbeing and independence" in shown(at)
    asked = [r.key.removeprefix(f"answer_{person.id}_") for r in at.radio if r.key]
    assert asked == [f"wellbeing-{n}" for n in range(1, 6)]
    answer_radio(at, "wellbeing-1").set_value("co-design").run()
    answer_radio(at, "wellbeing-2").set_value("unsure").run()
    saved = demo_app.answers(person.id)
    assert {k: v.answer for k, v in saved.items()} == {
        "wellbeing-1": "co-design",
        "wellbeing-2": "unsure",
    }
    assert any(c.value.startswith("Saved ✓") for c in at.caption)
    assert [p.proto.text for p in at.get("progress")] == ["2 of 30 answered"]
    # A note is saved with its answer.
    note = next(t for t in at.text_area if t.key == f"note_{person.id}_wellbeing-1")
    note.input("Two people sat on the interview panel").run()
    assert (
        demo_app.answers(person.id)["wellbeing-1"].note == "Two people sat on the interview panel"
    )


def test_two_changes_that_reach_the_server_together_are_both_saved_and_shown(demo_app):
    """A browser may send two changes in one run (a note committed as the next answer is
    clicked): both are saved, and the screen counts both."""
    round_ = demo_app.rounds()[-1]
    at = start_answering("carer")
    person = person_of(demo_app, round_.id)
    answer_radio(at, "wellbeing-1").set_value("co-design")
    answer_radio(at, "wellbeing-3").set_value("informing")
    at.run()
    assert {k: v.answer for k, v in demo_app.answers(person.id).items()} == {
        "wellbeing-1": "co-design",
        "wellbeing-3": "informing",
    }
    assert [p.proto.text for p in at.get("progress")] == ["2 of 30 answered"]
    at.button(key="forward").click().run()  # Next theme: the page read afresh agrees
    assert [p.proto.text for p in at.get("progress")] == ["2 of 30 answered"]


def test_resume_on_another_device_then_review_and_submit(demo_app):
    round_ = demo_app.rounds()[-1]
    at = start_answering("person-drawing-on-care")
    token = at.query_params["resume"]
    token = token[0] if isinstance(token, list) else token
    person = person_of(demo_app, round_.id)
    answer_radio(at, "wellbeing-1").set_value("engagement").run()
    click(at, "Finish later")
    assert [c.value for c in at.code] == [f"http://localhost:8501/?resume={token}"]

    # Another device: a new session opened with the link, where the person left off.
    later = open_page("assess", resume=token)
    assert not later.exception and not later.error
    assert read_all(i.value for i in later.info) == [
        "Welcome back — 1 of 30 answered. Carry on from the first question you have not answered."
    ]
    assert "Theme 1 of 6: Wellbeing and independence" in shown(later)
    assert answer_radio(later, "wellbeing-1").value == "engagement"
    click(later, "Next theme")
    assert "Theme 2 of 6: Information and advice" in shown(later)
    assert not later.info  # welcome back is said once
    answer_radio(later, "info-1").set_value("co-production").run()
    for _ in range(4):
        click(later, "Next theme")
    click(later, "Check your answers")
    text = shown(later)
    assert read_all(h.value for h in later.header) == ["Check your answers"]
    assert "You have not answered 28 of 30." in text
    assert "→ **Co-production**" in text
    click(later, "Send my answers")
    assert not later.exception
    assert "Thank you: your answers have been sent in." in shown(later)
    assert demo_app.respondent(person.id).submitted
    assert (demo_app.round(round_.id).submitted, demo_app.round(round_.id).drafts) == (17, 2)
    # The link now says the answers are in, and cannot change them.
    again = open_page("assess", resume=token)
    assert "Thank you" in shown(again)
    assert not any(r.key and r.key.startswith("answer_") for r in again.radio)


def check_page(at):
    for _ in range(5):
        click(at, "Next theme")
    click(at, "Check your answers")
    assert read_all(h.value for h in at.header) == ["Check your answers"]
    return at


def test_change_from_the_check_page_goes_to_that_question_and_back(demo_app):
    at = check_page(start_answering("manager"))
    # The answers grouped by theme, one Change for each, and one for who you are.
    assert read_all(h.value for h in at.subheader) == [
        "Wellbeing and independence",
        "Information and advice",
        "Active and supportive communities",
        "Flexible and integrated care and support",
        "When things need to change",
        "Workforce",
    ]
    change = read_all(b.label for b in at.button if b.label.startswith("Change"))
    assert len(change) == 31
    assert change[:3] == [
        "Change who you are",
        "Change Wellbeing and independence 1",
        "Change Wellbeing and independence 2",
    ]
    assert change[-1] == "Change Workforce 5"
    next(b for b in at.button if b.key == "change_info-3").click().run()
    assert "Theme 2 of 6: Information and advice" in shown(at)
    answer_radio(at, "info-3").set_value("co-design").run()
    click(at, "Back to check your answers")
    assert read_all(h.value for h in at.header) == ["Check your answers"]
    assert "→ **Co-design**" in shown(at)
    # Moving on by Next theme keeps the way back; Back at the top goes back to the check page.
    next(b for b in at.button if b.key == "change_info-3").click().run()
    click(at, "Next theme")
    assert "Theme 3 of 6: Active and supportive communities" in shown(at)
    assert [b.label for b in at.button if b.key == "to_check"] == ["Back to check your answers"]
    click(at, "Back")
    assert read_all(h.value for h in at.header) == ["Check your answers"]
    # Without a Change, Back goes to the theme before, and there is no way back to check.
    click(at, "Back")
    assert "Theme 6 of 6: Workforce" in shown(at)
    click(at, "Back")
    assert "Theme 5 of 6: When things need to change" in shown(at)
    assert not [b for b in at.button if b.key == "to_check"]


def test_finish_later_from_the_check_page_or_after_a_change_carries_on_from_there(demo_app):
    at = check_page(start_answering("manager"))
    click(at, "Finish later")
    click(at, "Carry on answering")
    assert read_all(h.value for h in at.header) == ["Check your answers"]
    next(b for b in at.button if b.key == "change_community-2").click().run()
    click(at, "Finish later")
    click(at, "Carry on answering")
    assert "Theme 3 of 6: Active and supportive communities" in shown(at)
    assert [b.label for b in at.button if b.key == "to_check"] == ["Back to check your answers"]


def test_a_name_already_used_in_the_round_is_named_at_its_field(demo_app):
    start_answering("carer", "Robin")
    at = open_page("assess")
    at.radio[0].set_value("manager")
    at.text_input[0].input("Robin")
    click(at, "Start")
    problems = [m for m in read_all(m.value for m in at.markdown) if "(#tk-field-name)" in m]
    assert len(problems) == 1 and "Robin" in problems[0], problems
    assert read_all(h.value for h in at.header)[0] == "There is a problem"
    assert at.text_input[0].value == "Robin"  # what was typed is kept


def test_a_refused_change_of_who_you_are_stays_and_says_why(demo_app):
    start_answering("carer", "Robin")
    at = check_page(start_answering("manager", "Kim"))
    next(b for b in at.button if b.key == "change_who").click().run()
    next(t for t in at.text_input if t.key == "assess_change_name").input("Robin")
    click(at, "Save")
    assert read_all(h.value for h in at.header)[:2] == [
        "There is a problem",
        "Who you are answering as",
    ]
    assert "(#tk-field-change-who)" in shown(at) and "Robin" in shown(at)


def test_resume_with_everything_answered_opens_the_check_page_with_a_welcome(demo_app):
    at = start_answering("manager")
    token = at.query_params["resume"]
    token = token[0] if isinstance(token, list) else token
    person = person_of(demo_app, demo_app.rounds()[-1].id)
    demo_app.save_answers(
        person.id,
        {s.id: ("engagement", "") for s in builtin_frameworks()["making-it-real"].statements},
    )
    later = open_page("assess", resume=token)
    assert read_all(h.value for h in later.header) == ["Check your answers"]
    assert read_all(i.value for i in later.info) == [
        "Welcome back — 30 of 30 answered. Check your answers, then send them."
    ]
    assert "You have not answered" not in shown(later)


def test_the_check_page_names_each_unanswered_question_with_a_way_to_it(demo_app):
    at = start_answering("frontline-staff")
    for statement in ("wellbeing-1", "wellbeing-2", "wellbeing-3", "wellbeing-4", "wellbeing-5"):
        answer_radio(at, statement).set_value("consultation").run()
    check_page(at)
    missing = [b.label for b in at.button if b.key and b.key.startswith("missing_")]
    assert len(missing) == 25
    assert missing[:3] == [
        "Information and advice 1",
        "Information and advice 2",
        "Information and advice 3",
    ]
    assert missing[-1] == "Workforce 5"
    assert "You have not answered 25 of 30." in shown(at)
    next(b for b in at.button if b.label == "Workforce 5").click().run()
    assert "Theme 6 of 6: Workforce" in shown(at)
    assert [b.label for b in at.button if b.key == "forward"] == ["Check your answers"]


def test_who_you_are_can_be_changed_from_the_check_page(demo_app):
    round_ = demo_app.rounds()[-1]
    at = check_page(start_answering("frontline-staff", "Sam"))
    assert "**Answering as:** Frontline staff (Sam)" in shown(at)
    next(b for b in at.button if b.key == "change_who").click().run()
    assert read_all(h.value for h in at.header) == ["Who you are answering as"]
    assert at.radio[0].value == "frontline-staff"
    at.radio[0].set_value("carer")
    click(at, "Save")
    assert read_all(h.value for h in at.header) == ["Check your answers"]
    assert "**Answering as:** Carer (family member or friend) (Sam)" in shown(at)
    person = person_of(demo_app, round_.id)
    assert (person.perspective, person.display_name) == ("carer", "Sam")


def test_finish_later_shows_the_link_and_returns_to_the_same_question(demo_app):
    at = start_answering("carer", easy=True)
    click(at, "Next")
    click(at, "Next")
    assert "Question 3 of 30" in shown(at)
    token = at.query_params["resume"]
    token = token[0] if isinstance(token, list) else token
    click(at, "Finish later")
    assert read_all(h.value for h in at.header) == ["Finish later"]
    assert [c.value for c in at.code] == [f"http://localhost:8501/?resume={token}&easy=1"]
    assert "**Keep the link secret.** Anyone with it can change your answers." in shown(at)
    click(at, "Carry on answering")
    assert "Question 3 of 30" in shown(at)


def test_resume_carries_on_from_the_first_unanswered_question(demo_app):
    at = start_answering("person-drawing-on-care", easy=True)
    token = at.query_params["resume"]
    token = token[0] if isinstance(token, list) else token
    for place in range(7):  # every question of theme 1, and two of theme 2, but info-1
        if place != 5:
            radio = next(r for r in at.radio if r.key and r.key.startswith("answer_"))
            radio.set_value("engagement").run()
        click(at, "Next")
    later = open_page("assess", easy=True, resume=token)
    assert read_all(i.value for i in later.info) == ["Welcome back. You have answered 6 of 30."]
    assert "Question 6 of 30" in shown(later)  # info-1, the first not answered
    everything = open_page("assess", resume=token)  # not in Easy Read: the theme it is in
    assert "Theme 2 of 6: Information and advice" in shown(everything)


def test_a_bad_resume_link_is_explained(demo_app):
    at = open_page(resume="not-a-real-token")  # a link to answer opens the questions
    assert read_all(e.value for e in at.error) == [
        "This link does not match any answers. Check you copied the whole link, or start again below."
    ]
    assert not at.exception


def test_easy_read_asks_one_statement_at_a_time(demo_app):
    at = start_answering("carer", easy=True)
    text = shown(at)
    assert "Question 1 of 30" in text
    # wellbeing-1, in its Easy Read words only.
    assert "You tell us what a good life means to you. We plan your support with you." in text
    assert "what a good life looks like for me" not in text
    radio = answer_radio(at, "wellbeing-1")
    assert read_all(radio.options) == [
        "We decide for you. We do not ask what you think.",
        "We explain how things work. You do not get a say.",
        "We tell you what we decided. We explain why.",
        "We ask what you think. It might not change anything.",
        "We listen and change some things. We still make the big decisions.",
        "You help us design it. Then we carry it out without you.",
        "We work together as equals. We share every decision, from start to finish.",
        "I am not sure",
        "This is not for me",
    ]
    # The group's words under each rung, in Easy Read too: never colour alone.
    assert list(radio.proto.captions) == [
        "Doing to",
        "Doing to",
        "Doing for",
        "Doing for",
        "Doing for",
        "Doing with",
        "Doing with",
        "",
        "",
    ]
    radio.set_value("co-production").run()
    person = person_of(demo_app, demo_app.rounds()[-1].id)
    assert demo_app.answers(person.id)["wellbeing-1"].answer == "co-production"
    click(at, "Next")
    assert "Question 2 of 30" in shown(at)
    click(at, "Back")
    assert "Question 1 of 30" in shown(at)
    assert answer_radio(at, "wellbeing-1").value == "co-production"


def test_a_closed_round_takes_no_answers(demo_app):
    round_ = demo_app.rounds()[0]
    at = open_page("assess", org=round_.organisation_id, round=round_.id)
    assert not at.exception
    assert f"{round_.title} is closed" in shown(at)
    assert not [b for b in at.button if b.label == "Start"]


def block_of(at, statement_id: str) -> str:
    """The words above one statement's choices, as the page writes them."""
    return next(
        shown_markdown
        for shown_markdown in read_all(m.value for m in at.markdown)
        if statement_id_text[statement_id] in shown_markdown
    )


statement_id_text = {
    "wellbeing-1": "I work out, with the people who support me, what a good life looks like",
    "wellbeing-5": "We treat carers as partners in planning support",
}


def test_staff_are_asked_about_i_statements_from_the_view_of_people_who_draw_on_care(demo_app):
    at = start_answering("frontline-staff")
    assert block_of(at, "wellbeing-1").endswith(
        "**How would people who draw on care and support place this today? Choose Not sure "
        "if you don't know.**"
    )
    assert block_of(at, "wellbeing-5").endswith(
        "**Which rung best describes how we work with people on this today?**"
    )


def test_carers_are_asked_about_themselves_or_the_person_they_care_for(demo_app):
    at = start_answering("carer")
    assert block_of(at, "wellbeing-1").endswith(
        "**Which rung best describes how we work with you or the person you care for on this "
        "today?**"
    )
    easy = start_answering("carer", easy=True)
    assert "**How do we work with you or the person you care for on this?**" in shown(easy)
    person = start_answering("person-drawing-on-care")
    assert block_of(person, "wellbeing-1").endswith(
        "**Which rung best describes how we work with people on this today?**"
    )


def test_the_check_page_in_easy_read_uses_easy_read_theme_titles(demo_app):
    at = start_answering("person-drawing-on-care", easy=True)
    for _ in range(29):
        click(at, "Next")
    click(at, "Check my answers")
    assert read_all(h.value for h in at.subheader) == [
        "Living your life",
        "Information",
        "Your local area",
        "Support that fits your life",
        "When life changes",
        "Our staff",
    ]
    missing = [b.label for b in at.button if b.key and b.key.startswith("missing_")]
    assert missing[:2] == ["Living your life 1", "Living your life 2"]
    assert "Information 3" in missing
