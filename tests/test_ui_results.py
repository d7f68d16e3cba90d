"""The Results page through AppTest: figures, the filter, charts, disagreements, agreed rungs.

What the page should say about the demo's latest round is written out here, worked out from
its answers by the scoring definition in DESIGN.md (not by the code under test), so that a
wrong figure or sentence fails. In that round 16 people sent their answers in (4 people who
draw on care and support, 2 carers, 5 frontline staff, 2 managers, 1 board member and 2
partners), and 2 more have started. Round titles and dates follow today's date, as the demo's
do; every figure and sentence is fixed.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs

import pytest
from conftest import click, open_page
from reading import read, read_all, shown

from toolkit.framework import builtin_frameworks

MIR = builtin_frameworks()["making-it-real"]
THEMES = [
    "Wellbeing and independence",
    "Information and advice",
    "Active and supportive communities",
    "Flexible and integrated care and support",
    "When things need to change",
    "Workforce",
]

# The latest round, everyone: a mean position of 4.326 (0 coercion ... 4 engagement,
# 5 co-design, 6 co-production); 195 of 436 placed answers at co-design or co-production; people
# who draw on care and support and carers average 3.873, staff and others 4.603.
HEADLINE = {
    "Journey": "33%",
    "Maturity": "72%",
    "Doing with": "45%",
    "Lived-experience gap": "−0.7 rungs",
}
HEADLINE_SENTENCES = [
    "33% of the way from engagement to co-design.",
    "72% of the way up the whole ladder.",
    "45% of answers placed practice at co-design or co-production (doing with).",
    "People who draw on care and support and carers see 0.7 rungs less co-production than "
    "staff and others.",
    "436 answers placed on the ladder, 25 not sure, 10 said it does not apply.",
]

# Each theme's mean position, and how many answers placed it on the ladder.
THEME_MEANS = [4.4777, 4.8207, 4.0349, 4.3684, 3.5540, 4.7008]
THEME_ANSWERED = [72, 74, 73, 70, 69, 78]
LIVED_THEME_MEANS = [4.22, 4.4467, 3.53, 3.96, 2.78, 4.3]
STAFF_THEME_MEANS = [4.6434, 5.0356, 4.3102, 4.6514, 4.0156, 4.96]

# How many people placed each statement on each rung, coercion first.
HEATMAP = [
    [0, 0, 0, 0, 7, 7, 0],  # wellbeing-1
    [0, 0, 0, 1, 9, 6, 0],
    [0, 0, 0, 0, 8, 4, 1],
    [0, 0, 0, 0, 4, 10, 0],
    [0, 0, 0, 2, 5, 8, 0],
    [0, 0, 0, 1, 3, 3, 7],  # info-1
    [0, 0, 0, 0, 7, 7, 1],
    [0, 0, 0, 0, 5, 9, 2],
    [0, 0, 0, 0, 6, 10, 0],
    [0, 0, 0, 0, 2, 10, 1],
    [0, 0, 0, 4, 8, 3, 0],  # community-1
    [0, 0, 0, 1, 12, 1, 0],
    [0, 0, 0, 1, 14, 1, 0],
    [0, 0, 0, 0, 9, 4, 0],
    [0, 0, 3, 2, 4, 5, 1],
    [0, 0, 0, 1, 4, 8, 0],  # flexible-1
    [0, 0, 1, 4, 2, 6, 0],
    [0, 0, 0, 0, 9, 5, 0],
    [0, 0, 0, 0, 6, 8, 0],
    [0, 0, 0, 2, 6, 8, 0],
    [0, 0, 1, 1, 9, 1, 0],  # change-1
    [0, 0, 0, 5, 9, 0, 0],
    [0, 0, 0, 5, 8, 0, 0],
    [0, 0, 5, 1, 5, 3, 0],
    [0, 1, 5, 1, 7, 2, 0],
    [0, 0, 0, 1, 6, 7, 1],  # workforce-1
    [0, 0, 0, 0, 4, 12, 0],
    [0, 0, 0, 3, 3, 7, 2],
    [0, 0, 0, 0, 4, 11, 1],
    [0, 0, 0, 0, 4, 10, 2],
]

CHART_SENTENCES = [
    "Of 436 answers placed on the ladder, 45% are doing with, 55% doing for and 0% doing to. "
    "Doing with is highest in Workforce (68% of answers) and lowest in When things need to "
    "change (9%).",
    "Information and advice is highest, at 4.8 on the ladder (near Co-design); When things "
    "need to change is lowest, at 3.6 (near Engagement).",
    "Overall, people who draw on care and support and carers see 0.7 rungs less co-production "
    "than staff and others. The widest difference is in When things need to change: 2.8 "
    "against 4.0.",
    "Engagement is the most common rung, with 189 of 436 answers. Not shown: 25 'not sure' and "
    "10 'doesn't apply'.",
]

# The statements whose answers spread over a rung or more, widest first: (id, heading, where
# it sits, how many chose each answer, what the group agreed). info-1, at a spread of 0.99,
# is just short of the list.
DISAGREEMENTS = [
    (
        "community-5",
        "We statement · Active and supportive communities  \nWe share decisions about "
        "community funding and support with the people and groups who will use it.",
        "Answers spread over about 1.2 rungs either side of the average. People disagree about "
        "this one. On average people placed it at 3.9 (near Engagement), from 15 answers "
        "placed on the ladder.",
        "Coercion 0 · Educating 0 · Informing 3 · Consultation 2 · Engagement 4 · Co-design 5 "
        "· Co-production 1 · Not sure 1 · Doesn't apply 0",
        "The group agreed on Engagement, because: Two people who draw on care and support sit "
        "on the small grants panel, but staff still shortlist the bids before the panel sees "
        "them.",
    ),
    (
        "change-5",
        "We statement · When things need to change  \nWe learn from complaints and mistakes by "
        "looking at what happened together with the people affected.",
        # 52 / 16 = 3.25 exactly, which rounds half up to 3.3: see the xfail test below.
        "Answers spread over about 1.2 rungs either side of the average. People disagree about "
        "this one. On average people placed it at 3.3 (near Consultation), from 16 answers "
        "placed on the ladder.",
        "Coercion 0 · Educating 1 · Informing 5 · Consultation 1 · Engagement 7 · Co-design 2 "
        "· Co-production 0 · Not sure 0 · Doesn't apply 0",
        "The group agreed on Consultation, because: People affected were invited to two "
        "complaint reviews early in the year, then it stopped when the quality lead left. We "
        "agreed to put this right.",
    ),
    (
        "change-4",
        "We statement · When things need to change  \nWe plan for change and emergencies "
        "together with people who draw on care and support and their carers, not just on their "
        "behalf.",
        "Answers spread over about 1.2 rungs either side of the average. People disagree about "
        "this one. On average people placed it at 3.4 (near Consultation), from 14 answers "
        "placed on the ladder.",
        "Coercion 0 · Educating 0 · Informing 5 · Consultation 1 · Engagement 5 · Co-design 3 "
        "· Co-production 0 · Not sure 2 · Doesn't apply 0",
        "The group agreed on Consultation, because: Since the restructure and the winter "
        "staffing gaps, emergency plans have mostly been made for people again. Staff agreed "
        "this has slipped back since the last round.",
    ),
    (
        "flexible-2",
        "I statement · Flexible and integrated care and support  \nI have choice and control "
        "over my personal budget, and people like me helped set the rules for how budgets work "
        "here.",
        "Answers spread over about 1.0 rung either side of the average. People disagree about "
        "this one. On average people placed it at 4.0 (near Engagement), from 13 answers "
        "placed on the ladder.",
        "Coercion 0 · Educating 0 · Informing 1 · Consultation 4 · Engagement 2 · Co-design 6 "
        "· Co-production 0 · Not sure 3 · Doesn't apply 0",
        "The group agreed on Engagement, because: People who use budgets helped change the "
        "local guidance, but the council still sets the rules. The carers felt staff had placed "
        "this too high.",
    ),
]
# Shown wrongly today (3.2): checked only by the xfail test.
ROUNDED_WRONGLY = "change-5"
ACTION_LINKS = {
    "community-5": "Add an action about “We share decisions about community funding and "
    "support with…”",
    "change-5": "Add an action about “We learn from complaints and mistakes by looking at what "
    "ha…”",
    "change-4": "Add an action about “We plan for change and emergencies together with people "
    "who…”",
    "flexible-2": "Add an action about “I have choice and control over my personal budget, and "
    "peop…”",
}


def latest(store):
    return store.rounds()[-1]


def decided_by(round_) -> str:
    """Who agreed the demo's rungs in a round, and when: 20 days after the round opened."""
    day = round_.opened_on + dt.timedelta(days=20)
    return f"Co-production group, {day.day} {day:%B %Y}"


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


def test_headline_figures_with_their_sentences(demo_app):
    round_ = latest(demo_app)
    at = open_page("results")
    assert not at.exception and not at.error
    assert metric_values(at) == HEADLINE
    text = shown(at)
    for sentence in HEADLINE_SENTENCES:
        assert sentence in text
    assert (
        f"**{round_.title}** · *Making it Real: personalised care and support, worked out "
        "together* · 16 people answered (6 people who draw on care and support or carers and "
        "10 staff and others)."
    ) in text
    assert (
        "**Who answered** (people by perspective): Person who draws on care and support: 4 · "
        "Carer (family member or friend): 2 · Frontline staff: 5 · Manager: 2 · Board member, "
        "trustee or councillor: 1 · Partner organisation or commissioner: 2"
    ) in text
    # Drafts are left out, and the page says so.
    assert (
        "Only answers that have been sent in are counted. 2 people have started but not sent "
        "their answers in yet, so they are not in these figures."
    ) in text


# Whose answers: the headline cards, the sentence under the journey, who is counted, and the
# doing-with share of each theme (answers at co-design or co-production over answers placed).
WHOSE = {
    "lived": (
        {"Journey": "-13%", "Maturity": "65%", "Doing with": "27%", "Lived-experience gap": "–"},
        "13% of the journey below engagement (the journey runs engagement → co-design).",
        "6 people in this group answered (6 people who draw on care and support or carers).",
        [100 * 9 / 28, 100 * 13 / 28, 100 * 2 / 27, 100 * 8 / 27, 0.0, 100 * 12 / 30],
    ),
    "others": (
        {"Journey": "60%", "Maturity": "77%", "Doing with": "56%", "Lived-experience gap": "–"},
        "60% of the way from engagement to co-design.",
        "10 people in this group answered (10 staff and others).",
        [100 * 27 / 44, 100 * 37 / 46, 100 * 13 / 46, 100 * 27 / 43, 100 * 6 / 43, 100 * 41 / 48],
    ),
    "one:frontline-staff": (
        {"Journey": "58%", "Maturity": "76%", "Doing with": "54%", "Lived-experience gap": "–"},
        "58% of the way from engagement to co-design.",
        "5 people in this group answered (5 staff and others).",
        [100 * 13 / 24, 100 * 19 / 24, 100 * 7 / 24, 100 * 13 / 24, 100 * 2 / 21, 100 * 22 / 25],
    ),
}


@pytest.mark.parametrize("choice", list(WHOSE))
def test_whose_answers_changes_every_figure(demo_app, choice):
    headline, journey, counted, shares = WHOSE[choice]
    at = open_page("results")
    whose(at).set_value(choice).run()
    assert not at.exception and not at.error
    assert metric_values(at) == headline
    text = shown(at)
    assert journey in text
    assert counted in text
    # One side only, so there is no gap to speak of.
    assert (
        "No lived-experience gap yet: it needs answers both from people who draw on care and "
        "support or carers, and from staff and others."
    ) in text
    # The charts follow too: doing-with shares per theme in the stacked bars.
    (groups,) = [f for f in figures(at, "bar") if f["data"][0].get("orientation") == "h"]
    assert trace(groups, "Doing with")["y"] == THEMES
    assert trace(groups, "Doing with")["x"] == pytest.approx(shares)


def test_the_charts_show_the_rounds_scores(demo_app):
    at = open_page("results")
    assert len(at.get("plotly_chart")) == 5  # four charts and the chosen statement's answers

    (radar,) = figures(at, "scatterpolar")
    assert radar["data"][0]["r"] == pytest.approx([*THEME_MEANS, THEME_MEANS[0]], abs=1e-4)

    (heatmap,) = figures(at, "heatmap")
    z = next(t for t in heatmap["data"] if t["type"] == "heatmap")["z"]
    assert z == HEATMAP

    (dumbbell,) = [f for f in figures(at, "scatter") if len(f["data"]) == 3]
    sides = trace(dumbbell, "People who draw on care and support and carers")
    assert sides["y"] == THEMES
    assert sides["x"] == pytest.approx(LIVED_THEME_MEANS, abs=1e-4)
    staff = trace(dumbbell, "Staff and others")["x"]
    assert staff == pytest.approx(STAFF_THEME_MEANS, abs=1e-4)

    text = shown(at)
    for sentence in CHART_SENTENCES:
        assert sentence in text


def test_show_as_table_swaps_each_chart_for_its_table(demo_app):
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
    assert list(groups["Theme"]) == THEMES
    assert list(groups["Answers placed on the ladder"]) == THEME_ANSWERED


def test_where_people_disagree_lists_the_widest_spreads_first(demo_app):
    round_ = latest(demo_app)
    at = open_page("results")
    text = shown(at)
    agreed_by = f"Decided by {decided_by(round_)}."
    for number, disagreement in enumerate(DISAGREEMENTS, start=1):
        statement_id, heading, where, counts, agreed = disagreement
        assert f"{number}. **{statement_id}** · {heading}" in text
        if statement_id != ROUNDED_WRONGLY:
            assert where in text
        assert f"How many chose each answer: {counts}." in text
        assert f"{agreed} {agreed_by}" in text
    # Only four statements spread over a rung or more: four cards, each with its way to record
    # the agreed rung and to add an action. (A "5. **" further down is in the list of
    # lived-experience gaps.)
    assert [b.key for b in at.button if b.key and b.key.startswith("look_")] == [
        f"look_{statement_id}" for statement_id, *_ in DISAGREEMENTS
    ]
    links = {read(link.proto.label): link.proto for link in at.get("page_link")}
    for statement_id, label in ACTION_LINKS.items():
        link = links[label]
        assert link.page.endswith("actions")
        params = parse_qs(link.query_string)
        assert params["statement"] == [statement_id]
        assert params["round"] == [str(round_.id)]
    # The widest disagreement is opened below first, with its notes as evidence.
    assert statement_picker(at).value == "community-5"
    assert "3 notes written with the answers (names are never shown)." in text


def test_a_mean_of_three_and_a_quarter_is_shown_as_3_3(demo_app):
    at = open_page("results")
    where = next(d[2] for d in DISAGREEMENTS if d[0] == ROUNDED_WRONGLY)
    assert where in shown(at)


def test_choosing_any_statement_shows_its_answers_and_notes(demo_app):
    at = open_page("results")
    statement_picker(at).set_value("info-3").run()
    assert not at.exception and not at.error
    text = shown(at)
    assert (
        "**info-3** · I statement · Information and advice  \nI hear about my rights and "
        "options early, before decisions are made, so I can take part in them."
    ) in text
    assert (
        "On average people placed it at 4.8 (near Co-design), from 16 answers placed on the "
        "ladder. Answers spread over about 0.6 rungs either side of the average. People "
        "broadly agree about this one."
    ) in text
    bars = [f for f in figures(at, "bar") if f["data"][0].get("orientation") != "h"]
    (answers,) = bars
    drawn = {x: y for t in answers["data"] for x, y in zip(t["x"], t["y"], strict=True)}
    assert drawn == {
        "Coercion": 0,
        "Educating": 0,
        "Informing": 0,
        "Consultation": 0,
        "Engagement": 5,
        "Co-design": 9,
        "Co-production": 2,
    }
    # Its notes; the one board member who answered is too few to be named as such.
    assert "4 notes written with the answers (names are never shown)." in text
    assert (
        "- “They asked how I like to get information and now they text me instead of writing.” "
        "— Person who draws on care and support, chose Engagement\n"
        "- “Every new leaflet goes to the reading group before it is printed.” — Frontline "
        "staff, chose Co-design\n"
        "- “The advice drop-in times were chosen by the people who use it.” — Frontline staff, "
        "chose Engagement\n"
        "- “The council has asked Riverside to share how it does this with other providers.” "
        "— chose Co-design"
    ) in text
    label = "Add an action about “I hear about my rights and options early, before decisions…”"
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
    assert (
        "The group agreed on Engagement, because: Plans are agreed with people, but staff "
        "still set the review dates. Decided by Board."
    ) in shown(at)


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
    assert statement_picker(at).value == "community-5"
    next(b for b in at.button if b.key == "look_change-5").click().run()
    assert statement_picker(at).value == "change-5"
    assert any(b.label == "Save what was agreed" for b in at.button)


def test_easy_read_shows_the_headline_sentences_and_one_chart(demo_app):
    at = open_page("results", easy=True)
    assert not at.exception and not at.error
    text = shown(at)
    assert "What people said" in [t.value for t in at.title]
    for sentence in (
        "16 people told us what they think.",
        # The mean, 4.3, is nearest engagement.
        "Putting all the answers together: We listen and change some things. We still make the "
        "big decisions.",
        "About 4 in 10 answers say we plan and do things with you.",
        "People who get care and carers say we work with them less than staff think.",
    ):
        assert sentence in text
    assert len(at.get("plotly_chart")) == 1
    assert not at.metric and not at.text_area  # no cards, no forms
    # The three widest disagreements, in Easy Read words, with what the group agreed.
    assert "Things people did not agree on" in [h.value for h in at.header]
    agreed = [
        "**You help decide how we spend money on local projects.**",
        "We talked about it and agreed: We listen and change some things. We still make the big "
        "decisions.",
        "**Sometimes things go wrong. We look at what happened together with you.**",
        "We talked about it and agreed: We ask what you think. It might not change anything.",
        "**We plan for hard times with you. We do not plan without you.**",
        "We talked about it and agreed: We ask what you think. It might not change anything.",
    ]
    written = read_all(m.value for m in at.markdown)
    start = written.index(agreed[0])
    assert written[start : start + len(agreed)] == agreed


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
    the partner organisation's note (two partners answered) is shown without its perspective."""
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
    assert (
        "16 people have sent in answers so far. Results show once at least 100 have, so that "
        "nobody's answers can be picked out."
    ) in shown(at)
