"""The Board progress page through AppTest: journey per round, what moved and why, actions.

What the page should say about the demo's three rounds is written out here, worked out from
their answers by the scoring definition in DESIGN.md (not by the code under test), so that a
wrong figure or sentence fails. 14, 15 and 16 people sent answers in; the rounds' titles and
dates follow today's date, as the demo's do.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import open_page, widget
from reading import shown

from toolkit.describe import long_date
from toolkit.framework import Framework, builtin_frameworks
from toolkit.scoring import Answer

MIR = builtin_frameworks()["making-it-real"]

# Each round's journey: 100 × (mean position − 4), engagement being rung 4 and co-design 5.
JOURNEY = [-62.1905, 3.8114, 32.6082]
# Each theme's mean position, round by round.
THEME_MEANS = {
    "Wellbeing and independence": [3.4485, 4.0215, 4.4777],
    "Information and advice": [3.4700, 4.2181, 4.8207],
    "Active and supportive communities": [3.1187, 3.6096, 4.0349],
    "Flexible and integrated care and support": [3.4574, 4.0893, 4.3684],
    "When things need to change": [3.4914, 4.2248, 3.5540],
    "Workforce": [3.2826, 4.0654, 4.7008],
}

# Between the latest two rounds, every statement moved by 0.05 of a rung or more: the
# statements that moved up, most first, then those that moved down, most first.
MOVED_UP = [
    ("info-3", "Moved up 0.8 rungs: from 4.0 (near Engagement) to 4.8 (near Co-design)."),
    ("info-1", "Moved up 0.8 rungs: from 4.4 (near Engagement) to 5.1 (near Co-design)."),
    ("workforce-5", "Moved up 0.7 rungs: from 4.1 (near Engagement) to 4.9 (near Co-design)."),
    ("workforce-3", "Moved up 0.7 rungs: from 3.8 (near Engagement) to 4.5 (near Co-design)."),
    ("wellbeing-5", "Moved up 0.6 rungs: from 3.8 (near Engagement) to 4.4 (near Engagement)."),
    ("info-4", "Moved up 0.6 rungs: from 4.0 (near Engagement) to 4.6 (near Co-design)."),
    ("workforce-2", "Moved up 0.6 rungs: from 4.1 (near Engagement) to 4.8 (near Co-design)."),
    ("community-1", "Moved up 0.6 rungs: from 3.3 (near Consultation) to 3.9 (near Engagement)."),
    ("workforce-4", "Moved up 0.6 rungs: from 4.2 (near Engagement) to 4.8 (near Co-design)."),
    ("wellbeing-4", "Moved up 0.6 rungs: from 4.1 (near Engagement) to 4.7 (near Co-design)."),
    ("wellbeing-1", "Moved up 0.6 rungs: from 3.9 (near Engagement) to 4.5 (near Co-design)."),
    ("workforce-1", "Moved up 0.5 rungs: from 4.0 (near Engagement) to 4.5 (near Co-design)."),
    ("info-2", "Moved up 0.5 rungs: from 4.1 (near Engagement) to 4.6 (near Co-design)."),
    ("community-3", "Moved up 0.5 rungs: from 3.5 (near Engagement) to 4.0 (near Engagement)."),
    ("flexible-3", "Moved up 0.5 rungs: from 3.9 (near Engagement) to 4.4 (near Engagement)."),
    ("community-4", "Moved up 0.5 rungs: from 3.9 (near Engagement) to 4.3 (near Engagement)."),
    ("community-5", "Moved up 0.4 rungs: from 3.5 (near Engagement) to 3.9 (near Engagement)."),
    ("wellbeing-2", "Moved up 0.4 rungs: from 3.9 (near Engagement) to 4.3 (near Engagement)."),
    ("info-5", "Moved up 0.3 rungs: from 4.6 (near Co-design) to 4.9 (near Co-design)."),
    # 4.25 exactly before: halves round up (see the xfail test).
    ("flexible-4", "Moved up 0.3 rungs: from 4.3 (near Engagement) to 4.6 (near Co-design)."),
    ("flexible-5", "Moved up 0.2 rungs: from 4.1 (near Engagement) to 4.4 (near Engagement)."),
    ("flexible-2", "Moved up 0.2 rungs: from 3.8 (near Engagement) to 4.0 (near Engagement)."),
    ("community-2", "Moved up 0.2 rungs: from 3.8 (near Engagement) to 4.0 (near Engagement)."),
    ("flexible-1", "Moved up 0.2 rungs: from 4.4 (near Engagement) to 4.5 (near Co-design)."),
    # 4.33 to 4.46: shown as 4.5, which is nearest co-design (see the xfail test).
    ("wellbeing-3", "Moved up 0.1 rungs: from 4.3 (near Engagement) to 4.5 (near Co-design)."),
]
MOVED_DOWN = [
    ("change-4", "Moved down 0.9 rungs: from 4.4 (near Engagement) to 3.4 (near Consultation)."),
    ("change-3", "Moved down 0.9 rungs: from 4.5 (near Co-design) to 3.6 (near Engagement)."),
    # 3.25 exactly after: halves round up (see the xfail test).
    ("change-5", "Moved down 0.7 rungs: from 3.9 (near Engagement) to 3.3 (near Consultation)."),
    ("change-2", "Moved down 0.6 rungs: from 4.3 (near Engagement) to 3.6 (near Engagement)."),
    ("change-1", "Moved down 0.2 rungs: from 4.1 (near Engagement) to 3.8 (near Engagement)."),
]
# Sentences the page gets wrong today: checked only by the xfail test.
SHOWN_WRONGLY = ("flexible-4", "wellbeing-3", "change-5")

# Why: the rung the group agreed in the latest round, for the statements that moved.
AGREED = {
    "info-1": "The group agreed on Engagement, because: Every new leaflet goes to the reading "
    "group before printing, and they stopped two from going out. The older letters still need "
    "rewriting, so we agreed engagement, not co-design.",
    "workforce-3": "The group agreed on Co-design, because: People are now paid to help run "
    "induction and helped write the sessions. Not co-production yet: managers still sign off "
    "the training plan alone.",
    "community-5": "The group agreed on Engagement, because: Two people who draw on care and "
    "support sit on the small grants panel, but staff still shortlist the bids before the "
    "panel sees them.",
    "flexible-2": "The group agreed on Engagement, because: People who use budgets helped "
    "change the local guidance, but the council still sets the rules. The carers felt staff "
    "had placed this too high.",
    "change-4": "The group agreed on Consultation, because: Since the restructure and the "
    "winter staffing gaps, emergency plans have mostly been made for people again. Staff "
    "agreed this has slipped back since the last round.",
    "change-5": "The group agreed on Consultation, because: People affected were invited to "
    "two complaint reviews early in the year, then it stopped when the quality lead left. We "
    "agreed to put this right.",
}

# The demo's eleven actions: 3 done, 3 in progress, 3 planned (two of the six still to finish
# are past their due date) and 2 no longer needed.
ACTIONS_LINE = "Actions: 3 done · 3 in progress · 3 planned · 2 overdue · 2 no longer needed."
ACTIONS_SENTENCE = (
    "Of 11 actions, 3 are done and 6 are still to finish, and 2 are no longer needed. 2 of "
    "those still to finish are past the due date."
)


def charts(at) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def journey_chart(at) -> dict:
    return next(f for f in charts(at) if f["data"][0].get("name") == "Journey")


def decided_by(round_) -> str:
    """Who agreed the demo's rungs in a round, and when: 20 days after the round opened."""
    day = round_.opened_on + dt.timedelta(days=20)
    return f"Co-production group, {day.day} {day:%B %Y}"


def answer_everything(store, round_id: int, framework: Framework, rung: str, people: int = 3):
    """Import `people` submitted respondents (3: the minimum group size, so the round shows)
    who place every statement on one rung."""
    kinds = ("carer", "manager", "person-drawing-on-care")
    answers = [
        (Answer(f"person {n}", kinds[n % 3], s.id, rung), "")
        for n in range(people)
        for s in framework.statements
    ]
    store.import_answers(round_id, answers)


def test_empty_database_says_there_is_no_progress_yet(empty_app):
    at = open_page("progress")
    assert not at.exception and not at.error
    assert "There is no progress to show yet" in shown(at)
    assert not at.get("plotly_chart")


def test_journey_and_themes_per_round(demo_app):
    first, _, last = titles = [r.title for r in demo_app.rounds()]
    at = open_page("progress")
    assert not at.exception and not at.error
    figure = journey_chart(at)
    assert figure["data"][0]["x"] == titles
    assert figure["data"][0]["y"] == pytest.approx(JOURNEY, abs=1e-3)
    themes = next(f for f in charts(at) if f is not figure and len(f["data"]) == 6)
    assert [t["name"] for t in themes["data"]] == list(THEME_MEANS)
    for drawn, means in zip(themes["data"], THEME_MEANS.values(), strict=True):
        assert drawn["x"] == titles
        assert drawn["y"] == pytest.approx(means, abs=1e-4)
    text = shown(at)
    assert (
        "Riverside Care (demo)** · *Making it Real: personalised care and support, worked out "
        "together* · 3 rounds"
    ) in text
    assert (
        f"The journey from Engagement to Co-design went from -62% (below Engagement) in {first} "
        f"to 33% in {last}. 0% is Engagement and 100% is Co-design."
    ) in text
    assert (
        "Each of 6 small charts shows one theme's average position on the ladder (0 = Coercion, "
        "6 = Co-production) in 3 rounds. From first to last answered round, 6 of 6 themes went "
        f"up and 0 went down. Workforce moved most, from 3.3 in {first} to 4.7 in {last}."
    ) in text


def test_what_moved_between_the_latest_two_rounds(demo_app):
    before, after = demo_app.rounds()[-2:]
    at = open_page("progress")
    text = shown(at)
    assert "↑ 25 statements moved up, ↓ 5 statements moved down." in text
    assert (
        "Over the 30 statements both rounds share, the average position moved up 0.3 rungs: "
        "from 4.0 (near Engagement) to 4.3 (near Engagement)."
    ) in text
    assert f"Each statement's average position in {before.title} → {after.title}." in text
    # Every statement, in order: up most first, then down most first.
    # The "why" is the reason the group gave in the later round, beside its statement.
    places = []
    for statement_id, sentence in MOVED_UP + MOVED_DOWN:
        heading = f"**{statement_id}** · {MIR.statement(statement_id).text}"
        assert heading in text
        places.append(text.index(heading))
        why = ""
        if statement_id in AGREED:
            why = f"  \n*Why:* {AGREED[statement_id]} Decided by {decided_by(after)}."
            assert why in text
        if statement_id not in SHOWN_WRONGLY:
            assert f"{heading}  \n{sentence}{why}" in text
    assert places == sorted(places)
    assert text.count("*Why:*") == len(AGREED)


def test_shown_positions_round_halves_up_and_name_the_rung_of_the_figure_shown(demo_app):
    at = open_page("progress")
    text = shown(at)
    for statement_id, sentence in MOVED_UP + MOVED_DOWN:
        if statement_id in SHOWN_WRONGLY:
            assert f"**{statement_id}** · {MIR.statement(statement_id).text}  \n{sentence}" in text


def test_choosing_other_rounds_compares_those(demo_app):
    first = demo_app.rounds()[0]
    at = open_page("progress")
    next(s for s in at.selectbox if s.label == "From round").set_value(first.id).run()
    assert not at.exception and not at.error
    text = shown(at)
    # change-2 moved by less than 0.05 of a rung (3.67 to 3.64) since the first round.
    assert "↑ 28 statements moved up, ↓ 1 statement moved down, 1 stayed about the same." in text
    assert (
        "Over the 30 statements both rounds share, the average position moved up 0.9 rungs: "
        "from 3.4 (near Consultation) to 4.3 (near Engagement)."
    ) in text
    next(s for s in at.selectbox if s.label == "To round").set_value(first.id).run()
    assert "Choose two different rounds" in shown(at)


def test_action_summary(demo_app):
    at = open_page("progress")
    text = shown(at)
    assert f"**{ACTIONS_LINE}**" in text
    assert ACTIONS_SENTENCE in text
    link = next(
        p.proto for p in at.get("page_link") if p.proto.label == "See and update the actions"
    )
    assert link.page.endswith("actions")


def test_one_round_says_progress_needs_two_and_still_shows_it(empty_app):
    organisation = empty_app.create_organisation("Hillside")
    empty_app.create_round(organisation.id, MIR, "Spring 2027")
    answer_everything(empty_app, empty_app.rounds()[0].id, MIR, "consultation")
    at = open_page("progress")
    assert not at.exception and not at.error
    assert "Progress needs two rounds of the same framework." in shown(at)
    figure = journey_chart(at)
    assert figure["data"][0]["x"] == ["Spring 2027"]
    # Everyone at consultation, one rung below engagement: the whole journey below it.
    assert figure["data"][0]["y"] == pytest.approx([-100.0])
    assert "What moved" not in [h.value for h in at.header]
    assert "No actions agreed yet." in shown(at)


def test_statements_in_only_one_round_are_listed_not_dropped(empty_app):
    snapshot = MIR.snapshot()
    snapshot["version"] = "2.0"
    themes = snapshot["themes"]
    themes[0]["statements"].pop()  # wellbeing-5 leaves
    added = dict(themes[1]["statements"][0], id="info-6", text="A statement new in 2.0.")
    themes[1]["statements"].append(added)
    second = Framework.model_validate(snapshot)
    organisation = empty_app.create_organisation("Hillside")
    old = empty_app.create_round(organisation.id, MIR, "Spring 2027")
    new = empty_app.create_round(organisation.id, second, "Spring 2028")
    answer_everything(empty_app, old.id, MIR, "consultation")
    answer_everything(empty_app, new.id, second, "engagement")
    at = open_page("progress")
    assert not at.exception and not at.error
    text = shown(at)
    # The 29 statements both share each moved up a rung, from consultation to engagement.
    assert "↑ 29 statements moved up, ↓ 0 statements moved down." in text
    assert (
        "Over the 29 statements both rounds share, the average position moved up 1.0 rung: "
        "from 3.0 (near Consultation) to 4.0 (near Engagement)."
    ) in text
    assert (
        "wellbeing-5 · We treat carers as partners in planning support, and we work with them "
        "on what helps their own wellbeing."
    ) in text
    assert "info-6 · A statement new in 2.0." in text
    assert "Only in Spring 2027" in text and "New in Spring 2028" in text


def test_rounds_of_different_frameworks_are_never_mixed(demo_app):
    organisation = demo_app.organisations()[0]
    scie = builtin_frameworks()["scie-whole-system"]
    other = demo_app.create_round(organisation.id, scie, "Summer 2027")
    answer_everything(demo_app, other.id, scie, "co-design")
    at = open_page("progress")
    picker = next(s for s in at.selectbox if s.label == "Framework")
    assert picker.value == "scie-whole-system"  # the latest round's framework first
    assert journey_chart(at)["data"][0]["x"] == ["Summer 2027"]
    assert journey_chart(at)["data"][0]["y"] == pytest.approx([100.0])  # all at co-design
    assert "Progress needs two rounds of the same framework." in shown(at)
    picker.set_value("making-it-real").run()
    assert not at.exception and not at.error
    demo_titles = [r.title for r in demo_app.rounds()[:3]]
    assert journey_chart(at)["data"][0]["x"] == demo_titles
    assert journey_chart(at)["data"][0]["y"] == pytest.approx(JOURNEY, abs=1e-3)


def test_easy_read_progress(demo_app):
    titles = [r.title for r in demo_app.rounds()]
    at = open_page("progress", easy=True)
    assert not at.exception and not at.error
    assert "How we are doing over time" in [t.value for t in at.title]
    text = shown(at)
    # Each round: how many answered, and the share of answers at co-design or co-production
    # (15 in 375, 107 in 407 and 195 in 436), to the nearest tenth.
    for title, sentences in zip(
        titles,
        (
            "14 people told us what they think. Almost no answers say we plan and do things "
            "with you.",
            "15 people told us what they think. About 3 in 10 answers say we plan and do things "
            "with you.",
            "16 people told us what they think. About 4 in 10 answers say we plan and do things "
            "with you.",
        ),
        strict=True,
    ):
        assert f"**{title}**: {sentences}" in text
    assert "25 things got better. 5 things got worse." in text
    for line in (
        "**Better:**",
        "- We tell you about your choices early. Then you can help decide.",
        "- People like you check our information. This makes it easier to understand.",
        "- We give staff time to work with you as equals.",
        "**Worse:**",
        "- We plan for hard times with you. We do not plan without you.",
        "- You help plan any move. Staff in the new place know about you.",
        "- Sometimes things go wrong. We look at what happened together with you.",
    ):
        assert line in text.splitlines()
    assert len(at.get("plotly_chart")) == 1
    # The two actions no longer needed are left out of what we said we would do.
    assert "We said we would do 9 things. We have done 3. We are still working on 6." in text


def test_a_round_with_fewer_answers_than_the_minimum_is_left_out_and_named(demo_app):
    organisation = demo_app.organisations()[0]
    answered = demo_app.rounds()
    fresh = demo_app.create_round(organisation.id, MIR, "Spring 2027")
    answer_everything(demo_app, fresh.id, MIR, "co-design", people=2)
    at = open_page("progress")
    assert not at.exception and not at.error
    assert journey_chart(at)["data"][0]["x"] == [r.title for r in answered]
    assert "Left out, with fewer than 3 people's answers sent in so far: Spring 2027 (2)." in shown(
        at
    )
    before = next(s for s in at.selectbox if s.label == "From round")
    after = next(s for s in at.selectbox if s.label == "To round")
    assert (before.value, after.value) == (answered[-2].id, answered[-1].id)
    assert fresh.id not in after.options and fresh.title not in after.options
    # A third person makes the round count, and it shows at once.
    demo_app.import_answers(
        fresh.id, [(Answer("third person", "carer", s.id, "co-design"), "") for s in MIR.statements]
    )
    at = open_page("progress")
    assert journey_chart(at)["data"][0]["x"][-1] == "Spring 2027"
    assert journey_chart(at)["data"][0]["y"][-1] == pytest.approx(100.0)
    assert "Left out" not in shown(at)


# The lived-experience gap in each round: the overall mean of the people who draw on care and
# support and carers (5, 5 and 6 of them) less that of staff and others (9, 10 and 10), worked
# out from the demo's answers: 2.7350 − 3.7332, 3.6722 − 4.2337 and 3.8728 − 4.6027.
GAPS = [-0.9982, -0.5614, -0.7299]


def test_the_lived_experience_gap_round_by_round(demo_app):
    first, _, last = titles = [r.title for r in demo_app.rounds()]
    at = open_page("progress")
    assert not at.exception and not at.error
    figure = next(f for f in charts(at) if f["data"][0].get("name") == "Lived-experience gap")
    assert figure["data"][0]["x"] == titles
    assert figure["data"][0]["y"] == pytest.approx(GAPS, abs=1e-4)
    text = shown(at)
    assert "## The lived-experience gap, round by round" in text
    # Its text alternative, under it.
    assert (
        f"The gap went from −1.0 rung in {first} to −0.7 rungs in {last}. People who draw on "
        "care and support and carers see 0.7 rungs less co-production than staff and others."
    ) in text
    # And its table, for anyone who would rather read the figures.
    widget(at.toggle, "table_gap").set_value(True).run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Lived-experience gap (rungs)" in d.value)
    assert list(table["Round"]) == titles
    assert list(table["Lived-experience gap (rungs)"]) == [-1.0, -0.6, -0.7]
    assert list(table["In words"]) == [
        "People who draw on care and support and carers see 1.0 rung less co-production than "
        "staff and others.",
        "People who draw on care and support and carers see 0.6 rungs less co-production than "
        "staff and others.",
        "People who draw on care and support and carers see 0.7 rungs less co-production than "
        "staff and others.",
    ]


def test_a_round_with_too_few_people_on_one_side_has_no_gap_to_show(empty_app):
    """Three people answered each round, all staff: no gap in either round, and the chart
    says why instead of drawing one."""
    organisation = empty_app.create_organisation("Hillside")
    for title in ("Spring 2027", "Autumn 2027"):
        round_ = empty_app.create_round(organisation.id, MIR, title)
        empty_app.import_answers(
            round_.id,
            [
                (Answer(f"person {n}", "frontline-staff", s.id, "engagement"), "")
                for n in range(3)
                for s in MIR.statements
            ],
        )
    at = open_page("progress")
    assert not at.exception and not at.error
    assert not [
        f for f in charts(at) if f["data"] and f["data"][0].get("name") == "Lived-experience gap"
    ]
    assert (
        "No lived-experience gap to show in any of the 2 rounds: it needs enough people on each "
        "side, people who draw on care and support or carers, and staff and others."
    ) in shown(at)


def test_overdue_actions_are_named_with_owner_and_days_overdue(demo_app):
    """Of the demo's actions, two still to finish are past their due date: one due 45 days
    ago (about change-2) and one due 20 days ago (about change-5). Each is named, longest
    overdue first, with its owner and what it is about in words, never a statement id."""
    today = dt.date.today()
    at = open_page("progress")
    assert not at.exception and not at.error
    text = shown(at)
    assert "Overdue (2), longest overdue first" in [s.value for s in at.subheader]
    crisis = (
        "- **Go through each person's crisis plan with them and their carer, and give them a "
        "copy they can read.**  \nOwner: Sam (senior support worker) · overdue by 45 days "
        f"(due {long_date(today - dt.timedelta(days=45))})  \nAbout: “I helped make a plan for "
        "what should happen in a crisis, and the people who support me follow it.”"
    )
    complaints = (
        "- **Invite the people affected to every complaint review, with support to take "
        "part.**  \nOwner: Registered manager · overdue by 20 days "
        f"(due {long_date(today - dt.timedelta(days=20))})  \nAbout: “We learn from complaints "
        "and mistakes by looking at what happened together with the people affected.”"
    )
    assert f"{crisis}\n{complaints}" in text
    listed = text[text.index(crisis) : text.index(complaints) + len(complaints)]
    assert "change-2" not in listed and "change-5" not in listed
    # Actions done, dropped or not yet due are not among them.
    assert "Hold the carers' forum every quarter" not in listed


def test_easy_read_names_what_is_late(demo_app):
    at = open_page("progress", easy=True)
    assert not at.exception and not at.error
    text = shown(at)
    assert "Late" in [s.value for s in at.subheader]
    assert (
        "- **Go through each person's crisis plan with them and their carer, and give them a "
        "copy they can read.** Sam (senior support worker) is doing this. It is 45 days late.\n"
        "- **Invite the people affected to every complaint review, with support to take "
        "part.** Registered manager is doing this. It is 20 days late."
    ) in text


def test_nothing_overdue_lists_nothing(demo_app):
    for action in demo_app.actions(demo_app.organisations()[0].id):
        if action.status in ("planned", "in_progress"):
            demo_app.update_action(action.id, status="done")
    at = open_page("progress")
    assert not at.exception and not at.error
    assert not [s.value for s in at.subheader if s.value.startswith("Overdue")]
    assert "overdue by" not in shown(at)
