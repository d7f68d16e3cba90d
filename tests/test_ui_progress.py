"""The Board progress page through AppTest: journey per round, what moved and why, actions."""

from __future__ import annotations

import json

import pytest
from conftest import comparison_of, open_page, scores_of
from reading import shown

from toolkit import describe
from toolkit.framework import Framework, builtin_frameworks
from toolkit.scoring import Answer

MIR = builtin_frameworks()["making-it-real"]
LADDER = MIR.ladder
MOVED = 0.05  # the page counts smaller changes as staying the same


def charts(at) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def journey_chart(at) -> dict:
    return next(f for f in charts(at) if f["data"][0].get("name") == "Journey")


def moved_headline(comparison) -> str:
    up, down = comparison.moved(MOVED)
    compared = [c for c in comparison.statements if c.change is not None]
    return describe.moved_sentence(len(up), len(down), len(compared) - len(up) - len(down))


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


def test_journey_per_round_matches_the_scores(demo_app):
    rounds = demo_app.rounds()
    at = open_page("progress")
    assert not at.exception and not at.error
    figure = journey_chart(at)
    assert figure["data"][0]["x"] == [r.title for r in rounds]
    assert figure["data"][0]["y"] == pytest.approx(
        [scores_of(demo_app, r.id).overall.journey_pct for r in rounds]
    )
    themes = next(f for f in charts(at) if f is not figure and len(f["data"]) == len(MIR.themes))
    for index, theme in enumerate(MIR.themes):
        assert themes["data"][index]["y"] == pytest.approx(
            [scores_of(demo_app, r.id).theme(theme.id).figures.mean_position for r in rounds]
        )
    assert f"Riverside Care (demo)** · *{rounds[0].framework_title}* · 3 rounds" in shown(at)


def test_what_moved_between_the_latest_two_rounds(demo_app):
    rounds = demo_app.rounds()
    before, after = rounds[-2], rounds[-1]
    comparison = comparison_of(demo_app, before.id, after.id)
    up, down = comparison.moved(MOVED)
    assert up and down
    at = open_page("progress")
    text = shown(at)
    assert moved_headline(comparison) in text
    assert (
        describe.overall_change_sentence(
            comparison.overall_before,
            comparison.overall_after,
            len(comparison.statements),
            LADDER,
        )
        in text
    )
    for change in up + down:
        assert f"**{change.id}** · {MIR.statement(change.id).text}" in text
        assert describe.statement_change_sentence(change.before, change.after, LADDER) in text
    # The "why": the reason the group gave in the later round, beside its statement.
    agreed = demo_app.agreed_rungs(after.id)
    moved_and_agreed = [c.id for c in up + down if c.id in agreed]
    assert moved_and_agreed
    for statement_id in moved_and_agreed:
        a = agreed[statement_id]
        assert describe.agreed_sentence(a.rung, a.reason, a.decided_by, LADDER) in text


def test_choosing_other_rounds_compares_those(demo_app):
    rounds = demo_app.rounds()
    first, last = rounds[0], rounds[-1]
    at = open_page("progress")
    next(s for s in at.selectbox if s.label == "From round").set_value(first.id).run()
    assert not at.exception and not at.error
    comparison = comparison_of(demo_app, first.id, last.id)
    assert moved_headline(comparison) in shown(at)
    assert moved_headline(comparison) != moved_headline(
        comparison_of(demo_app, rounds[-2].id, last.id)
    )
    next(s for s in at.selectbox if s.label == "To round").set_value(first.id).run()
    assert "Choose two different rounds" in shown(at)


def test_action_summary_matches_the_store(demo_app):
    organisation = demo_app.organisations()[0]
    summary = demo_app.action_summary(organisation.id)
    at = open_page("progress")
    counts = (summary.planned, summary.in_progress, summary.done, summary.dropped)
    line = describe.actions_line(*counts, summary.overdue)
    assert line == (
        f"Actions: {summary.done} done · {summary.in_progress} in progress · "
        f"{summary.planned} planned · {summary.overdue} overdue · "
        f"{summary.dropped} no longer needed."
    )
    text = shown(at)
    assert line in text
    assert describe.actions_sentence(*counts, summary.overdue) in text
    link = next(
        p.proto for p in at.get("page_link") if p.proto.label == "See and update the actions"
    )
    assert link.page.endswith("actions")


def test_one_round_says_progress_needs_two_and_still_shows_it(empty_app):
    organisation = empty_app.create_organisation("Hillside")
    round_ = empty_app.create_round(organisation.id, MIR, "Spring 2027")
    answer_everything(empty_app, round_.id, MIR, "consultation")
    at = open_page("progress")
    assert not at.exception and not at.error
    assert "Progress needs two rounds of the same framework." in shown(at)
    figure = journey_chart(at)
    assert figure["data"][0]["x"] == ["Spring 2027"]
    assert figure["data"][0]["y"] == pytest.approx(
        [scores_of(empty_app, round_.id).overall.journey_pct]
    )
    assert "What moved" not in [h.value for h in at.header]
    assert "No actions agreed yet." in shown(at)


def test_statements_in_only_one_round_are_listed_not_dropped(empty_app):
    snapshot = MIR.snapshot()
    snapshot["version"] = "2.0"
    themes = snapshot["themes"]
    dropped = themes[0]["statements"].pop()  # wellbeing-5 leaves
    added = dict(themes[1]["statements"][0], id="info-6", text="A statement new in 2.0.")
    themes[1]["statements"].append(added)
    second = Framework.model_validate(snapshot)
    organisation = empty_app.create_organisation("Hillside")
    old = empty_app.create_round(organisation.id, MIR, "Spring 2027")
    new = empty_app.create_round(organisation.id, second, "Spring 2028")
    answer_everything(empty_app, old.id, MIR, "consultation")
    answer_everything(empty_app, new.id, second, "engagement")
    comparison = comparison_of(empty_app, old.id, new.id)
    assert comparison.only_before == (dropped["id"],)
    assert comparison.only_after == ("info-6",)
    at = open_page("progress")
    assert not at.exception and not at.error
    text = shown(at)
    assert moved_headline(comparison) in text
    assert f"{dropped['id']} · {dropped['text']}" in text
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
    assert "Progress needs two rounds of the same framework." in shown(at)
    picker.set_value("making-it-real").run()
    assert not at.exception and not at.error
    assert journey_chart(at)["data"][0]["x"] == [
        r.title for r in demo_app.rounds() if r.framework_id == "making-it-real"
    ]


def test_easy_read_progress(demo_app):
    rounds = demo_app.rounds()
    comparison = comparison_of(demo_app, rounds[-2].id, rounds[-1].id)
    up, down = comparison.moved(MOVED)
    at = open_page("progress", easy=True)
    assert not at.exception and not at.error
    assert "How we are doing over time" in [t.value for t in at.title]
    text = shown(at)
    assert describe.easy_change_sentence(len(up), len(down)) in text
    assert MIR.statement(up[0].id).easy_read in text
    assert len(at.get("plotly_chart")) == 1
    summary = demo_app.action_summary(demo_app.organisations()[0].id)
    assert (
        describe.easy_actions_sentence(
            summary.planned, summary.in_progress, summary.done, summary.dropped
        )
        in text
    )


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
    assert "Left out" not in shown(at)
