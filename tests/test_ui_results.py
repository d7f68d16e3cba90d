"""The Results page through AppTest: figures, the filter, charts, disagreements, agreed rungs."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest
from conftest import click, open_page, scores_of
from reading import read, read_all, shown

from toolkit import describe
from toolkit.demo import LIVED
from toolkit.framework import builtin_frameworks

MIR = builtin_frameworks()["making-it-real"]
LADDER = MIR.ladder
EVERYONE_ELSE = ("frontline-staff", "manager", "board-member", "partner")


def latest(store):
    return store.rounds()[-1]


def figures(at, kind: str) -> list[dict]:
    """The plotly figures on the page whose traces are of one kind ('bar', 'heatmap', ...)."""
    found = []
    for element in at.get("plotly_chart"):
        figure = json.loads(element.proto.spec)
        if any(trace.get("type") == kind for trace in figure["data"]):
            found.append(figure)
    return found


def trace(figure: dict, name: str) -> dict:
    return next(t for t in figure["data"] if t.get("name") == name)


def metric_values(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def whose(at):
    return next(s for s in at.selectbox if s.label == "Whose answers")


def statement_picker(at):
    return next(s for s in at.selectbox if s.label == "Statement")


def expected_headline(scores) -> dict[str, str]:
    overall = scores.overall
    return {
        "Journey": describe.percent(overall.journey_pct),
        "Maturity": describe.percent(overall.maturity_pct),
        "Doing with": describe.share(overall.doing_with_share),
        "Lived-experience gap": describe.gap_value(scores.lived_experience_gap),
    }


def test_empty_database_says_there_are_no_results_yet(empty_app):
    at = open_page("results")
    assert not at.exception and not at.error
    assert "There are no results yet" in shown(at)
    assert not at.get("plotly_chart") and not at.metric


def test_a_round_nobody_has_answered_says_so(empty_app):
    organisation = empty_app.create_organisation("Hillside")
    empty_app.create_round(organisation.id, MIR, "Spring 2027")
    at = open_page("results")
    assert not at.exception and not at.error
    text = shown(at)
    assert "Nobody has sent in answers yet." in text
    assert "nobody in this group has sent in answers for Spring 2027" in text
    assert not at.get("plotly_chart")


def test_headline_figures_are_the_scoring_figures_with_their_sentences(demo_app):
    round_ = latest(demo_app)
    scores = scores_of(demo_app, round_.id)
    at = open_page("results")
    assert not at.exception and not at.error
    assert metric_values(at) == expected_headline(scores)
    text = shown(at)
    for sentence in (
        describe.journey_sentence(scores.overall, LADDER),
        describe.maturity_sentence(scores.overall),
        describe.doing_with_sentence(scores.overall),
        describe.gap_sentence(scores.lived_experience_gap),
        describe.counts_sentence(scores.overall),
    ):
        assert sentence in text
    lived = sum(p.respondents for p in scores.perspectives if p.id in LIVED)
    assert (
        f"{scores.respondents} people answered ({lived} people who draw on care and support or "
        f"carers and {scores.respondents - lived} staff and others)."
    ) in text
    for perspective in scores.perspectives:
        assert f": {perspective.respondents}" in text
    # Drafts are left out, and the page says so.
    assert round_.drafts == 2
    assert "2 people have started but not sent their answers in yet" in text


@pytest.mark.parametrize(
    ("choice", "only"),
    [("lived", LIVED), ("others", EVERYONE_ELSE), ("one:frontline-staff", ("frontline-staff",))],
)
def test_whose_answers_changes_every_figure(demo_app, choice, only):
    round_ = latest(demo_app)
    everyone = scores_of(demo_app, round_.id)
    chosen = scores_of(demo_app, round_.id, only=only)
    at = open_page("results")
    whose(at).set_value(choice).run()
    assert not at.exception and not at.error
    assert metric_values(at) == expected_headline(chosen)
    assert metric_values(at) != expected_headline(everyone)
    assert describe.journey_sentence(chosen.overall, LADDER) in shown(at)
    # The charts follow too: doing-with shares per theme in the stacked bars.
    (groups,) = [f for f in figures(at, "bar") if f["data"][0].get("orientation") == "h"]
    shares = trace(groups, "Doing with")["x"]
    assert shares == pytest.approx(
        [100 * t.figures.groups["doing_with"] / t.figures.answered for t in chosen.themes]
    )


def test_the_charts_show_the_rounds_scores(demo_app):
    round_ = latest(demo_app)
    scores = scores_of(demo_app, round_.id)
    lived = scores_of(demo_app, round_.id, only=LIVED)
    others = scores_of(demo_app, round_.id, only=EVERYONE_ELSE)
    at = open_page("results")
    assert len(at.get("plotly_chart")) == 5  # four charts and the chosen statement's answers

    (radar,) = figures(at, "scatterpolar")
    means = radar["data"][0]["r"][: len(MIR.themes)]
    assert means == pytest.approx([t.figures.mean_position for t in scores.themes])

    (heatmap,) = figures(at, "heatmap")
    z = next(t for t in heatmap["data"] if t["type"] == "heatmap")["z"]
    assert z == [[s.distribution[r] for r in LADDER.rung_ids] for s in scores.statements]

    (dumbbell,) = [f for f in figures(at, "scatter") if len(f["data"]) == 3]
    sides = trace(dumbbell, "People who draw on care and support and carers")["x"]
    assert sides == pytest.approx([t.figures.mean_position for t in lived.themes])
    staff = trace(dumbbell, "Staff and others")["x"]
    assert staff == pytest.approx([t.figures.mean_position for t in others.themes])


def test_show_as_table_swaps_each_chart_for_its_table(demo_app):
    scores = scores_of(demo_app, latest(demo_app).id)
    at = open_page("results")
    switches = [t for t in at.toggle if t.label == "Show as table"]
    assert len(switches) == 5
    for switch in switches:
        switch.set_value(True)
    at.run()
    assert not at.exception
    assert not at.get("plotly_chart")
    tables = [d.value for d in at.dataframe]
    assert len(tables) == 5
    groups = next(t for t in tables if "Answers placed on the ladder" in t and "Theme" in t)
    assert list(groups["Answers placed on the ladder"]) == [
        t.figures.answered for t in scores.themes
    ]


def test_where_people_disagree_lists_the_widest_spreads_first(demo_app):
    round_ = latest(demo_app)
    scores = scores_of(demo_app, round_.id)
    agreed = demo_app.agreed_rungs(round_.id)
    wide = sorted(
        (s for s in scores.statements if s.spread is not None and s.spread >= 1),
        key=lambda s: -s.spread,
    )[:5]
    assert wide, "the demo has statements people disagree about"
    at = open_page("results")
    text = shown(at)
    for number, statement in enumerate(wide, start=1):
        assert f"{number}. **{statement.id}**" in text
        assert describe.spread_sentence(statement.spread) in text
        if statement.id in agreed:
            a = agreed[statement.id]
            assert describe.agreed_sentence(a.rung, a.reason, a.decided_by, LADDER) in text
    links = {read(link.proto.label): link.proto for link in at.get("page_link")}
    for statement in wide:
        text_of = MIR.statement(statement.id).text
        link = links[f"Add an action about “{describe.shorten(text_of)}”"]
        assert link.page.endswith("actions")
        params = parse_qs(link.query_string)
        assert params["statement"] == [statement.id]
        assert params["round"] == [str(round_.id)]
    # The widest disagreement is opened below first, with its notes as evidence.
    assert statement_picker(at).value == wide[0].id
    for note in demo_app.notes(round_.id, wide[0].id):
        assert note.text in text


def test_choosing_any_statement_shows_its_answers_and_notes(demo_app):
    round_ = latest(demo_app)
    scores = scores_of(demo_app, round_.id)
    at = open_page("results")
    statement_picker(at).set_value("info-3").run()
    assert not at.exception and not at.error
    statement = scores.statement("info-3")
    text = shown(at)
    assert describe.statement_sentence(statement.mean_position, statement.answered, LADDER) in text
    bars = [f for f in figures(at, "bar") if f["data"][0].get("orientation") != "h"]
    (answers,) = bars
    drawn = {x: y for t in answers["data"] for x, y in zip(t["x"], t["y"], strict=True)}
    assert drawn == {LADDER.rung(r).label: n for r, n in statement.distribution.items()}
    for note in demo_app.notes(round_.id, "info-3"):
        assert note.text in text
    label = f"Add an action about “{describe.shorten(MIR.statement('info-3').text)}”"
    assert label in read_all(link.proto.label for link in at.get("page_link"))


def test_recording_an_agreed_rung_through_the_form_stores_it(demo_app):
    round_ = latest(demo_app)
    assert "wellbeing-3" not in demo_app.agreed_rungs(round_.id)
    at = open_page("results")
    statement_picker(at).set_value("wellbeing-3").run()
    assert "No agreed rung recorded yet." in shown(at)
    next(s for s in at.selectbox if s.label == "Agreed rung").set_value("engagement")
    next(t for t in at.text_area if t.label == "Why the group agreed this").input(
        "Plans are agreed with people, but staff still set the review dates."
    )
    next(t for t in at.text_input if t.label == "Decided by (optional)").input("Board")
    click(at, "Save what was agreed")
    assert not at.exception and not at.error
    agreed = demo_app.agreed_rungs(round_.id)["wellbeing-3"]
    assert (agreed.rung, agreed.reason, agreed.decided_by) == (
        "engagement",
        "Plans are agreed with people, but staff still set the review dates.",
        "Board",
    )
    assert read_all(s.value for s in at.success) == ["Saved: Engagement for wellbeing-3."]
    assert describe.agreed_sentence("engagement", agreed.reason, "Board", LADDER) in shown(at)


def test_an_agreed_rung_needs_a_reason(demo_app):
    round_ = latest(demo_app)
    at = open_page("results")
    statement_picker(at).set_value("wellbeing-3").run()
    next(s for s in at.selectbox if s.label == "Agreed rung").set_value("unsure")
    click(at, "Save what was agreed")
    assert read_all(e.value for e in at.error) == [
        "Say why the group agreed this rung, so that others can see the reason."
    ]
    assert "wellbeing-3" not in demo_app.agreed_rungs(round_.id)


def test_a_disagreement_button_opens_that_statement_to_record_it(demo_app):
    at = open_page("results")
    buttons = [b for b in at.button if b.key and b.key.startswith("look_")]
    assert len(buttons) >= 2
    target = buttons[1].key.removeprefix("look_")
    buttons[1].click().run()
    assert statement_picker(at).value == target
    assert any(b.label == "Save what was agreed" for b in at.button)


def test_easy_read_shows_the_headline_sentences_and_one_chart(demo_app):
    round_ = latest(demo_app)
    scores = scores_of(demo_app, round_.id)
    at = open_page("results", easy=True)
    assert not at.exception and not at.error
    text = shown(at)
    assert "What people said" in [t.value for t in at.title]
    for sentence in (
        describe.easy_people_sentence(scores.respondents),
        describe.easy_position_sentence(scores.overall, LADDER),
        describe.easy_doing_with_sentence(scores.overall),
        describe.easy_gap_sentence(scores.lived_experience_gap),
    ):
        assert sentence in text
    assert len(at.get("plotly_chart")) == 1
    assert not at.metric and not at.text_area  # no cards, no forms
    assert "Things people did not agree on" in text


def test_widget_count_stays_small(demo_app):
    at = open_page("results")
    widgets = sum(
        len(at.get(kind))
        for kind in ("selectbox", "button", "toggle", "text_area", "text_input", "radio")
    )
    assert widgets <= 30


def test_a_group_smaller_than_the_minimum_is_never_shown_on_its_own(demo_app):
    """Two managers answered the latest round: their figures, charts and notes stay hidden,
    and the page says why."""
    at = open_page("results")
    whose(at).set_value("one:manager").run()
    assert not at.exception and not at.error
    assert (
        "Fewer than 3 people in this group answered, so their answers are shown only within "
        "everyone's." in shown(at)
    )
    assert metric_values(at) == {}
    assert not at.get("plotly_chart")
    assert "Evidence and comments" not in shown(at)


def test_notes_name_only_perspectives_with_the_minimum(demo_app):
    """A note is said to be a perspective's only if at least 3 of that perspective answered:
    the partner organisation's note (one partner answered) is shown without its perspective."""
    at = open_page("results")
    assert not at.exception
    text = shown(at)
    assert (
        "- “There's a community fund but I don't know who decides who gets it.” — Person who "
        "draws on care and support, chose Informing"
    ) in text
    assert (
        "- “Two people who draw on care and support sit on the small grants panel.” — "
        "Frontline staff, chose Engagement"
    ) in text
    assert (
        "- “The council has asked Riverside to share how it does this with other providers.” "
        "— chose Engagement"
    ) in text
    assert "— Manager," not in text and "— Partner organisation" not in text


def test_raising_the_minimum_hides_the_whole_round_until_enough_answer(demo_app):
    organisation = demo_app.organisations()[0]
    demo_app.set_minimum_group_size(organisation.id, 100)
    at = open_page("results")
    assert not at.exception and not at.error
    assert metric_values(at) == {}
    assert "have sent in answers so far. Results show once at least 100 have" in shown(at)
