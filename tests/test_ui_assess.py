"""The Assess page through AppTest: start, autosave, resume elsewhere, review and submit."""

from __future__ import annotations

from conftest import click, open_page
from reading import read_all, shown


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


def test_starting_needs_a_perspective(demo_app):
    at = open_page("assess")
    click(at, "Start")
    assert read_all(e.value for e in at.error) == ["Please choose who you are, then press Start."]


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


def test_resume_on_another_device_then_review_and_submit(demo_app):
    round_ = demo_app.rounds()[-1]
    at = start_answering("person-drawing-on-care")
    token = at.query_params["resume"]
    token = token[0] if isinstance(token, list) else token
    person = person_of(demo_app, round_.id)
    answer_radio(at, "wellbeing-1").set_value("engagement").run()
    link = next(c for c in at.code if "resume=" in c.value).value
    assert link.endswith(f"resume={token}")

    # Another device: a new session opened with the link.
    later = open_page("assess", resume=token)
    assert not later.exception and not later.error
    assert answer_radio(later, "wellbeing-1").value == "engagement"
    click(later, "Next theme")
    assert "Theme 2 of 6: Information and advice" in shown(later)
    answer_radio(later, "info-1").set_value("co-production").run()
    for _ in range(4):
        click(later, "Next theme")
    click(later, "Review your answers")
    text = shown(later)
    assert "Review your answers" in text
    assert "28 of 30 statements have no answer" in text
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


def test_change_from_the_review_goes_back_to_that_statement(demo_app):
    at = start_answering("manager")
    for _ in range(5):
        click(at, "Next theme")
    click(at, "Review your answers")
    change = [b for b in at.button if b.label == "Change"]
    assert len(change) == 30
    change[7].click().run()  # info-3 is the eighth statement, in the second theme
    assert "Theme 2 of 6: Information and advice" in shown(at)


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
