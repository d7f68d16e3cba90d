"""The charts: their data is the scores', their words say what they show, and nothing breaks
when there are no answers yet."""

from __future__ import annotations

import ast
import dataclasses
import math
import re
from pathlib import Path

import plotly.colors
import pytest

import toolkit.framework
from toolkit import charts, describe
from toolkit.charts import (
    GROUP_COLOURS,
    GROUP_LABELS,
    NO_ANSWERS,
    Chart,
    distribution_bars,
    gap_trend,
    journey_trend,
    perspective_dumbbell,
    statement_heatmap,
    theme_groups,
    theme_radar,
    theme_trends,
)
from toolkit.framework import (
    GROUPS,
    Framework,
    builtin_frameworks,
    builtin_perspectives,
    check_text,
)
from toolkit.scoring import Answer, Responses, Scores, score


def tenths_half_up(value: float) -> str:
    """A figure to one decimal as the charts show it: halves up (1.25 is 1.3), worked out here
    with decimal arithmetic rather than by the code under test."""
    from decimal import ROUND_HALF_UP, Decimal

    return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


PEOPLE = (
    ("p1", "person-drawing-on-care"),
    ("c1", "carer"),
    ("s1", "frontline-staff"),
    ("m1", "manager"),
)
LIVED = {"person-drawing-on-care", "carer"}
OTHERS = {"frontline-staff", "manager"}

# What each of the four people answers to every statement of a theme (None: not placed).
THEME_ANSWERS = {
    "wellbeing-and-independence": ("informing", "consultation", "engagement", "co-design"),
    "information-and-advice": ("consultation", "engagement", "co-design", "co-design"),
    "active-and-supportive-communities": ("coercion", "educating", "informing", "consultation"),
    "flexible-and-integrated-care": ("engagement", "engagement", "co-design", "co-production"),
    "when-things-need-to-change": ("unsure", "not_applicable", "unsure", "not_applicable"),
    "workforce": ("co-design", "co-design", "co-production", "engagement"),
}

SMALL = """\
id: small
title: Small
version: "1"
source: {title: Test}
question: Where are we?
ladder:
  id: four
  title: Four rungs
  journey: {from: b, to: c}
  rungs:
    - {id: a, label: Alpha, group: doing_to, description: a, easy_read: A.}
    - {id: b, label: Bravo, group: doing_for, description: b, easy_read: B.}
    - {id: c, label: Charlie, group: doing_with, description: c, easy_read: C.}
    - {id: d, label: Delta, group: doing_with, description: d, easy_read: D.}
themes:
  - id: t1
    title: Theme one
    statements:
      - {id: s1, kind: I, text: "A first statement that is rather long, to be cut short on the chart because it goes on and on", easy_read: S1.}
      - {id: s2, kind: I, text: s2, easy_read: S2., weight: 3}
  - id: t2
    title: Theme two
    statements:
      - {id: s3, kind: We, text: s3, easy_read: S3.}
"""


# -- Helpers -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def framework() -> Framework:
    return builtin_frameworks()["making-it-real"]


@pytest.fixture(scope="module")
def perspectives():
    return builtin_perspectives()


@pytest.fixture(scope="module")
def small() -> Framework:
    model, problems = check_text(SMALL, "small.yaml")
    assert problems == []
    return model


def answers_for(framework: Framework, theme_answers: dict, people=PEOPLE) -> list[Answer]:
    answers = []
    for theme in framework.themes:
        choices = theme_answers.get(theme.id)
        if choices is None:
            continue
        for statement in theme.statements:
            for (person, perspective), choice in zip(people, choices, strict=True):
                answers.append(Answer(person, perspective, statement.id, choice))
    return answers


def scores_of(framework, perspectives, answers, only=None) -> Scores:
    return score(
        framework, perspectives, Responses.from_answers(framework, perspectives, answers), only
    )


@pytest.fixture(scope="module")
def everyone(framework, perspectives) -> Scores:
    return scores_of(framework, perspectives, answers_for(framework, THEME_ANSWERS))


@pytest.fixture(scope="module")
def empty(framework, perspectives) -> Scores:
    return scores_of(framework, perspectives, [])


@pytest.fixture(scope="module")
def rounds(framework, perspectives, everyone) -> list[tuple[str, Scores]]:
    lower = {theme: ("informing",) * 4 for theme in THEME_ANSWERS}
    return [
        ("Autumn 2026", scores_of(framework, perspectives, answers_for(framework, lower))),
        ("Spring 2027", scores_of(framework, perspectives, [])),
        ("Autumn 2027", everyone),
    ]


def all_charts(framework, perspectives, everyone, rounds) -> dict[str, Chart]:
    lived = scores_of(framework, perspectives, answers_for(framework, THEME_ANSWERS), LIVED)
    others = scores_of(framework, perspectives, answers_for(framework, THEME_ANSWERS), OTHERS)
    return {
        "theme_groups": theme_groups(framework, everyone),
        "theme_radar": theme_radar(framework, everyone),
        "perspective_dumbbell": perspective_dumbbell(framework, lived, others),
        "statement_heatmap": statement_heatmap(framework, everyone),
        "journey_trend": journey_trend(framework.ladder, rounds),
        "theme_trends": theme_trends(framework, rounds),
        "distribution_bars": distribution_bars(framework, everyone.statements[0]),
    }


def empty_charts(framework, empty) -> dict[str, Chart]:
    return {
        "theme_groups": theme_groups(framework, empty),
        "theme_radar": theme_radar(framework, empty),
        "perspective_dumbbell": perspective_dumbbell(framework, empty, empty),
        "statement_heatmap": statement_heatmap(framework, empty),
        "journey_trend": journey_trend(framework.ladder, [("Spring 2027", empty)]),
        "theme_trends": theme_trends(framework, [("Spring 2027", empty)]),
        "distribution_bars": distribution_bars(framework, empty.statements[0]),
    }


def wcag_contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        if colour.startswith("#"):
            rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        else:
            rgb = [float(c) for c in re.findall(r"[\d.]+", colour)[:3]]
        lin = [
            c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
            for c in rgb
        ]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def font_sizes(node, inside_font=False):
    """Every font size set anywhere in a figure's JSON, template left out."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "template":
                continue
            if key == "size" and inside_font and isinstance(value, int | float):
                yield value
            else:
                yield from font_sizes(value, "font" in key)
    elif isinstance(node, list):
        for item in node:
            yield from font_sizes(item, inside_font)


def whole(value: float) -> int:
    """Rounded half up, written independently of the module."""
    return math.floor(value + 0.5)


def pct(count: int, total: int) -> str:
    return f"{whole(100 * count / total)}%"


def theme_title(framework: Framework, theme_id: str) -> str:
    return framework.theme(theme_id).title


# -- Every chart ---------------------------------------------------------------------------------


def test_group_colours_are_okabe_ito_and_labels_are_the_framework_words():
    assert GROUP_COLOURS == {"doing_to": "#D55E00", "doing_for": "#E69F00", "doing_with": "#0072B2"}
    assert GROUP_LABELS is toolkit.framework.GROUP_LABELS
    assert set(GROUP_COLOURS) == set(GROUPS)


def test_every_chart_is_titled_readable_serialisable_and_worded(
    framework, perspectives, everyone, rounds
):
    for name, chart in all_charts(framework, perspectives, everyone, rounds).items():
        figure = chart.figure
        assert chart.title, name
        assert figure.layout.title.text, name
        assert figure.layout.font.size >= 14, name
        assert figure.layout.hoverlabel.font.size >= 14, name
        plain = figure.to_plotly_json()
        assert min(font_sizes(plain), default=14) >= 14, name
        assert figure.layout.height and figure.layout.height >= 300, name
        assert figure.to_json(), name
        assert re.search(r"\d", chart.alt), (name, chart.alt)
        assert 1 <= len(re.findall(r"[.!?](\s|$)", chart.alt)) <= 3, (name, chart.alt)
        everything = (chart.alt + chart.title + figure.to_json() + chart.table.to_csv()).lower()
        assert "service user" not in everything, name
        assert "mapbox" not in figure.to_json(), name
        assert len(chart.table) > 0, name


def test_every_chart_is_a_pure_function_of_its_inputs(framework, perspectives, everyone, rounds):
    first = all_charts(framework, perspectives, everyone, rounds)
    second = all_charts(framework, perspectives, everyone, rounds)
    for name in first:
        assert first[name].figure.to_json() == second[name].figure.to_json(), name
        assert first[name].alt == second[name].alt, name
        assert first[name].table.equals(second[name].table), name


def test_no_answers_yet_never_raises_and_says_so(framework, empty):
    expected_rows = {
        "theme_groups": len(framework.themes),
        "theme_radar": len(framework.themes),
        "perspective_dumbbell": len(framework.themes),
        "statement_heatmap": len(framework.statements),
        "journey_trend": 1,
        "theme_trends": len(framework.themes),
        "distribution_bars": len(framework.ladder.rungs) + 2,
    }
    for name, chart in empty_charts(framework, empty).items():
        texts = [a.text for a in chart.figure.layout.annotations]
        assert NO_ANSWERS in texts, name
        assert chart.alt.startswith(NO_ANSWERS), (name, chart.alt)
        if name == "distribution_bars":  # one statement, named by its words beside it
            assert chart.alt == "No answers yet: nobody has placed this statement on the ladder."
        else:
            assert re.search(r"\d", chart.alt), (name, chart.alt)
        assert chart.figure.layout.title.text == chart.title, name
        assert chart.figure.to_json(), name
        assert len(chart.table) == expected_rows[name], name


def test_journey_and_trends_without_any_round_say_no_answers_yet(framework):
    for chart in (journey_trend(framework.ladder, []), theme_trends(framework, [])):
        assert chart.alt.startswith(NO_ANSWERS)
        assert len(chart.table) in (0, len(framework.themes))
        assert chart.figure.to_json()


CHARTS_SOURCES = sorted(Path(charts.__file__).parent.glob("*.py"))


def test_charts_package_keeps_to_its_layer():
    assert {path.name for path in CHARTS_SOURCES} >= {"__init__.py", "style.py", "trends.py"}
    for path in CHARTS_SOURCES:
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported |= {f"{node.module}.{alias.name}" for alias in node.names}
        assert not any(name.startswith("streamlit") for name in imported), path.name
        toolkit_modules = {
            name.rsplit(".", 1)[0] for name in imported if name.startswith("toolkit")
        }
        toolkit_modules |= {name for name in imported if name == "toolkit.describe"}
        assert toolkit_modules <= {
            "toolkit",
            "toolkit.charts",
            "toolkit.charts.chart",
            "toolkit.charts.sides",
            "toolkit.charts.statements",
            "toolkit.charts.style",
            "toolkit.charts.themes",
            "toolkit.charts.trends",
            "toolkit.framework",
            "toolkit.scoring",
            "toolkit.describe",
        }, path.name
        assert not any(name.startswith(("toolkit.ui", "toolkit.store")) for name in imported)


# -- theme_groups ----------------------------------------------------------------------------------


def test_theme_groups_bars_are_group_shares_of_placed_answers(framework, everyone):
    chart = theme_groups(framework, everyone)
    bars = chart.figure.data
    assert [bar.name for bar in bars] == [GROUP_LABELS[g] for g in GROUPS]
    titles = [theme.title for theme in framework.themes]
    for bar, group in zip(bars, GROUPS, strict=True):
        assert bar.type == "bar" and bar.orientation == "h"
        assert bar.marker.color == GROUP_COLOURS[group]
        assert list(bar.y) == titles
        for value, text, theme in zip(bar.x, bar.text, everyone.themes, strict=True):
            figures = theme.figures
            if figures.answered:
                assert value == pytest.approx(100 * figures.groups[group] / figures.answered)
                assert text == (
                    ""
                    if figures.groups[group] == 0
                    else pct(figures.groups[group], figures.answered)
                )
            else:
                assert value == 0
    assert list(chart.figure.layout.xaxis.range) == [0, 100]
    assert chart.figure.layout.barmode == "stack"
    # workforce: 3 of 4 answers to each statement are co-design or co-production
    workforce = chart.table.set_index("Theme").loc["Workforce"]
    assert workforce["Doing with (% of answers)"] == 75
    assert workforce["Answers placed on the ladder"] == 20


def test_theme_groups_labels_read_on_their_bars(framework, everyone):
    for bar in theme_groups(framework, everyone).figure.data:
        assert bar.textangle == 0
        assert wcag_contrast(bar.textfont.color, bar.marker.color) >= 4.5, bar.name


def test_theme_groups_alt_names_highest_and_lowest_doing_with(framework, everyone):
    chart = theme_groups(framework, everyone)
    assert "Doing with is highest in Workforce (75% of answers)" in chart.alt
    assert "lowest in Active and supportive communities (0%)" in chart.alt
    overall = everyone.overall
    assert f"Of {overall.answered} answers placed on the ladder" in chart.alt
    assert f"{pct(overall.groups['doing_with'], overall.answered)} are doing with" in chart.alt
    assert f"{pct(overall.groups['doing_to'], overall.answered)} doing to." in chart.alt
    assert f"{NO_ANSWERS} for When things need to change." in chart.alt
    assert len(chart.table) == len(framework.themes)
    assert chart.table["Theme"].tolist() == [t.title for t in framework.themes]
    # the theme with no placed answers is marked on the chart itself
    marked = [a for a in chart.figure.layout.annotations if a.text == NO_ANSWERS]
    assert [a.y for a in marked] == ["When things need to change"]


# -- theme_radar -----------------------------------------------------------------------------------


def test_theme_radar_plots_theme_means_on_the_rung_scale(framework, everyone):
    chart = theme_radar(framework, everyone)
    (trace,) = chart.figure.data
    shown = [t for t in everyone.themes if t.figures.mean_position is not None]
    assert len(shown) == 5
    # the shape is closed by repeating the first theme
    assert list(trace.r[:-1]) == pytest.approx([t.figures.mean_position for t in shown])
    assert trace.r[-1] == trace.r[0]
    labels = [label.replace("<br>", " ") for label in trace.theta[:-1]]
    for label, theme in zip(labels, shown, strict=True):
        assert label.startswith(theme_title(framework, theme.id))
        assert tenths_half_up(theme.figures.mean_position) in label
    radial = chart.figure.layout.polar.radialaxis
    assert list(radial.range) == [0, 6]
    assert list(radial.tickvals) == list(range(7))
    assert list(radial.ticktext) == [rung.label for rung in framework.ladder.rungs]


def test_theme_radar_alt_and_table(framework, everyone):
    chart = theme_radar(framework, everyone)
    workforce = everyone.theme("workforce").figures.mean_position
    communities = everyone.theme("active-and-supportive-communities").figures.mean_position
    assert workforce == pytest.approx(5.0)
    assert f"Workforce is highest, at {tenths_half_up(workforce)}" in chart.alt
    assert (
        f"Active and supportive communities is lowest, at {tenths_half_up(communities)}"
        in chart.alt
    )
    assert "When things need to change" in chart.alt
    assert "0 (Coercion) to 6 (Co-production)" in chart.alt
    assert len(chart.table) == len(framework.themes)
    column = "Average position (0 = Coercion, 6 = Co-production)"
    assert chart.table[column].tolist()[-1] == 5.0
    assert chart.table["Nearest rung"].tolist()[-1] == "Co-design"


# -- perspective_dumbbell --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sides(framework, perspectives):
    answers = answers_for(framework, THEME_ANSWERS)
    return (
        scores_of(framework, perspectives, answers, LIVED),
        scores_of(framework, perspectives, answers, OTHERS),
    )


def test_dumbbell_dots_are_each_sides_theme_means(framework, sides):
    lived, others = sides
    chart = perspective_dumbbell(framework, lived, others)
    line, lived_dots, others_dots = chart.figure.data
    assert lived_dots.name == "People who draw on care and support and carers"
    assert others_dots.name == "Staff and others"
    assert lived_dots.marker.symbol != others_dots.marker.symbol  # not colour alone
    for dots, scores in ((lived_dots, lived), (others_dots, others)):
        expected = {
            theme_title(framework, t.id): t.figures.mean_position
            for t in scores.themes
            if t.figures.mean_position is not None
        }
        assert dict(zip(dots.y, dots.x, strict=True)) == pytest.approx(expected)
    # one segment (two ends and a break) per theme both sides placed
    assert len(line.x) == 3 * 5
    axis = chart.figure.layout.xaxis
    assert list(axis.ticktext) == [rung.label for rung in framework.ladder.rungs]
    assert list(axis.tickvals) == list(range(7))


def test_dumbbell_alt_states_the_overall_gap_in_rungs(framework, sides):
    lived, others = sides
    chart = perspective_dumbbell(framework, lived, others)
    gap = lived.overall.mean_position - others.overall.mean_position
    assert gap == pytest.approx(-1.4)
    assert (
        f"people who draw on care and support and carers see {abs(gap):.1f} rungs less "
        "co-production than staff and others"
    ) in chart.alt
    # lived 2.5 and 0.5 against 4.5 and 2.5: wellbeing comes first of the two widest
    assert "The widest difference is in Wellbeing and independence: 2.5 against 4.5." in chart.alt
    assert "Not compared, for lack of answers: When things need to change." in chart.alt
    assert len(chart.table) == len(framework.themes)
    row = chart.table.set_index("Theme").loc["Active and supportive communities"]
    assert row["Difference (rungs)"] == pytest.approx(-2.0)


def test_dumbbell_with_one_side_only_says_there_is_nothing_to_compare(
    framework, perspectives, empty
):
    staff_only = scores_of(framework, perspectives, answers_for(framework, THEME_ANSWERS), OTHERS)
    chart = perspective_dumbbell(framework, empty, staff_only)
    assert "nothing to compare yet" in chart.alt
    assert f"{staff_only.overall.mean_position:.1f}" in chart.alt
    line, lived_dots, others_dots = chart.figure.data
    assert len(lived_dots.x) == 0 and len(line.x) == 0
    assert len(others_dots.x) == 5


# -- statement_heatmap -----------------------------------------------------------------------------


def test_heatmap_cells_are_the_statement_distributions(framework, everyone):
    chart = statement_heatmap(framework, everyone)
    heatmap, counts = chart.figure.data
    rung_ids = framework.ladder.rung_ids
    expected = [
        [everyone.statement(s.id).distribution[r] for r in rung_ids] for s in framework.statements
    ]
    assert [list(row) for row in heatmap.z] == expected
    assert list(heatmap.x) == [rung.label for rung in framework.ladder.rungs]
    assert [label.split(":")[0] for label in heatmap.y] == [s.id for s in framework.statements]
    assert all(
        len(label) <= len(s.id) + 2 + 60
        for label, s in zip(heatmap.y, framework.statements, strict=True)
    )
    assert chart.figure.layout.yaxis.autorange == "reversed"  # framework order, top to bottom
    # the counts are written in the cells
    assert list(counts.text) == [str(n) for row in expected for n in row]
    assert len(chart.table) == len(framework.statements)
    assert chart.table["Not sure"].sum() == everyone.overall.unsure


def test_heatmap_count_text_reads_on_its_cell(framework, everyone):
    heatmap, counts = statement_heatmap(framework, everyone).figure.data
    peak = heatmap.zmax
    scale = [[stop, colour] for stop, colour in heatmap.colorscale]
    values = [n for row in heatmap.z for n in row]
    backgrounds = plotly.colors.sample_colorscale(scale, [n / peak for n in values])
    assert max(values) == peak
    for text_colour, background in zip(counts.textfont.color, backgrounds, strict=True):
        assert wcag_contrast(text_colour, background) >= 4.5


def test_heatmap_height_grows_with_statements_and_alt_names_the_common_rung(
    framework, everyone, small, perspectives
):
    big = statement_heatmap(framework, everyone)
    few = statement_heatmap(
        small,
        scores_of(
            small,
            perspectives,
            [Answer("s", "manager", "s1", "b"), Answer("s", "manager", "s3", "b")],
        ),
    )
    assert big.figure.layout.height > few.figure.layout.height
    assert few.figure.data[0].y[0].endswith("…")
    totals = {
        rung.label: sum(s.distribution[rung.id] for s in everyone.statements)
        for rung in framework.ladder.rungs
    }
    common = max(totals, key=totals.get)
    assert (
        f"{common} is the most common rung, with {totals[common]} of {everyone.overall.answered} answers"
        in big.alt
    )
    assert f"{everyone.overall.unsure} 'not sure'" in big.alt


# -- journey_trend ---------------------------------------------------------------------------------


def test_journey_trend_follows_journey_pct_round_by_round(framework, rounds):
    chart = journey_trend(framework.ladder, rounds)
    (line,) = chart.figure.data
    assert list(line.x) == [title for title, _ in rounds]
    expected = [scores.overall.journey_pct for _, scores in rounds]
    assert expected[1] is None
    assert list(line.y) == [pytest.approx(v) if v is not None else None for v in expected]
    references = {shape.y0: shape for shape in chart.figure.layout.shapes}
    assert set(references) == {0, 100}
    labels = {a.y: a.text for a in chart.figure.layout.annotations if a.xref == "x domain"}
    assert "Engagement" in labels[0] and "Co-design" in labels[100]
    first, last = expected[0], expected[-1]
    values = [(a.x, a.text) for a in chart.figure.layout.annotations if a.xref != "x domain"]
    assert values == [("Autumn 2026", f"{whole(first)}%"), ("Autumn 2027", f"{whole(last)}%")]
    assert first == pytest.approx(-200) and last == pytest.approx(-20)
    assert f"went from {whole(first)}% (below Engagement) in Autumn 2026" in chart.alt
    assert f"to {whole(last)}% (below Engagement) in Autumn 2027" in chart.alt
    assert f"{NO_ANSWERS} in Spring 2027." in chart.alt
    assert len(chart.table) == len(rounds)


def test_journey_trend_uses_the_ladders_own_journey(small, perspectives):
    answers = [Answer("s", "manager", "s1", "c"), Answer("s", "manager", "s3", "c")]
    chart = journey_trend(small.ladder, [("Only", scores_of(small, perspectives, answers))])
    labels = {a.y: a.text for a in chart.figure.layout.annotations if a.xref == "x domain"}
    assert "Bravo" in labels[0] and "Charlie" in labels[100]
    assert chart.alt.startswith("In Only, practice was 100% of the way from Bravo to Charlie.")


def test_journey_trend_keeps_rounds_with_the_same_title_apart(framework, everyone):
    chart = journey_trend(framework.ladder, [("Spring", everyone), ("Spring", everyone)])
    assert len(set(chart.figure.data[0].x)) == 2
    assert len(chart.table) == 2


# -- theme_trends ----------------------------------------------------------------------------------


def test_theme_trends_one_small_chart_per_theme_with_its_means(framework, rounds):
    chart = theme_trends(framework, rounds)
    traces = chart.figure.data
    assert [trace.name for trace in traces] == [theme.title for theme in framework.themes]
    for trace, theme in zip(traces, framework.themes, strict=True):
        assert list(trace.x) == [title for title, _ in rounds]
        expected = [scores.theme(theme.id).figures.mean_position for _, scores in rounds]
        assert list(trace.y) == [None if v is None else pytest.approx(v) for v in expected]
    assert len({trace.xaxis for trace in traces}) == len(framework.themes)
    for axis in (chart.figure.layout.yaxis, chart.figure.layout.yaxis2):
        assert list(axis.ticktext) == [rung.label for rung in framework.ladder.rungs]
    titles = [a.text.replace("<br>", " ") for a in chart.figure.layout.annotations]
    for theme in framework.themes:
        assert theme.title in titles
    assert chart.table.shape == (len(framework.themes), 1 + len(rounds))
    assert chart.table.columns.tolist() == ["Theme", *[title for title, _ in rounds]]
    assert chart.table.set_index("Theme").loc["Workforce", "Autumn 2027"] == 5.0


def test_theme_trends_alt_names_the_theme_that_moved_most(framework, rounds):
    chart = theme_trends(framework, rounds)
    # informing (2) everywhere in Autumn 2026; Workforce reaches 5.0 in Autumn 2027
    assert "Workforce moved most, from 2.0 in Autumn 2026 to 5.0 in Autumn 2027." in chart.alt
    assert "4 of 5 themes went up and 1 went down" in chart.alt


# -- distribution_bars -----------------------------------------------------------------------------


def test_distribution_bars_count_each_rung_in_group_colours(framework, everyone):
    statement = everyone.statement("workforce-1")
    chart = distribution_bars(framework, statement)
    seen = {}
    for bar in chart.figure.data:
        group = next(g for g in GROUPS if GROUP_LABELS[g] == bar.name)
        assert bar.marker.color == GROUP_COLOURS[group]
        for label, count in zip(bar.x, bar.y, strict=True):
            rung = next(r for r in framework.ladder.rungs if r.label == label)
            assert rung.group == group
            seen[rung.id] = count
    assert seen == statement.distribution
    # Named by its words, never its id.
    assert chart.title == (
        "I have a say in who supports me, and I can help choose the staff who work with me."
    )
    assert "the most common rung is Co-design (2, 50%)" in chart.alt
    assert len(chart.table) == len(framework.ladder.rungs) + 2


def test_distribution_bars_rounds_half_up_and_mentions_unsure(small, perspectives):
    answers = [Answer(f"r{i}", "manager", "s1", "a" if i == 0 else "b") for i in range(8)]
    answers += [Answer("u", "carer", "s1", "unsure"), Answer("n", "carer", "s1", "not_applicable")]
    statement = scores_of(small, perspectives, answers).statement("s1")
    chart = distribution_bars(small, statement)
    texts = [t for bar in chart.figure.data for t in bar.text]
    assert "1 (13%)" in texts  # 1 of 8 is 12.5%
    assert "7 (88%)" in texts
    assert "1 'not sure' and 1 'doesn't apply'" in chart.alt
    table = chart.table.set_index("Answer")
    assert table.loc["Not sure", "Answers"] == 1
    assert table.loc["Alpha", "% of answers placed on the ladder"] == 13


def test_distribution_bars_without_placed_answers_still_reports_unsure(small, perspectives):
    answers = [Answer("u", "carer", "s2", "unsure")]
    chart = distribution_bars(small, scores_of(small, perspectives, answers).statement("s2"))
    assert chart.alt.startswith(NO_ANSWERS)
    assert "1 'not sure'" in chart.alt


# -- Words from files and people are drawn as text ---------------------------------------------------

# Plotly reads <a href>, <b>, <br>, <span style> and entities in every label, and %{...} in a
# hover template. Every theme title, rung label, statement and round title here tries it.
HOSTILE = """\
id: hostile
title: Hostile
version: "1"
source: {title: Test}
question: Where are we?
ladder:
  id: hostile-ladder
  title: Hostile rungs
  journey: {from: b, to: c}
  rungs:
    - {id: a, label: '<a href="https://evil.example/r">Alpha</a>', group: doing_to, description: a, easy_read: A.}
    - {id: b, label: '<span style="font-size:90px">Bravo</span>', group: doing_for, description: b, easy_read: B.}
    - {id: c, label: 'Charlie %{x} & co', group: doing_with, description: c, easy_read: C.}
    - {id: d, label: 'Delta<br>$D$', group: doing_with, description: d, easy_read: D.}
themes:
  - id: t1
    title: '<a href="https://evil.example/t">T&amp;J</a> <b>bold</b> %{y} $x$'
    statements:
      - {id: s1, kind: I, text: '<img src=https://evil.example/i.png> first', easy_read: S1.}
      - {id: s2, kind: I, text: 'Tom & Jerry <i>%{customdata}</i>', easy_read: S2.}
  - id: t2
    title: 'Plain & <img src=https://evil.example/i2.png>'
    statements:
      - {id: s3, kind: We, text: s3, easy_read: S3.}
"""
HOSTILE_ROUNDS = ('<a href="https://evil.example/round">R1</a>', "Spring & %{y}")
# Words of the hostile texts that only the data (never a hover template) may hold.
HOSTILE_WORDS = ("evil", "Alpha", "Bravo", "Charlie", "Delta", "T&", "Plain", "Tom", "R1", "Spring")
ALLOWED_TAG = re.compile(r"<(?!/?(?:br|b|extra)>)")
BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|#36);)")


@pytest.fixture(scope="module")
def hostile() -> Framework:
    model, problems = check_text(HOSTILE, "hostile.yaml")
    assert problems == []
    return model


def hostile_charts(hostile) -> dict[str, Chart]:
    people = (("p1", "carer"), ("p2", "carer"), ("s1", "manager"), ("s2", "frontline-staff"))
    perspectives = builtin_perspectives()
    plan = {"t1": ("a", "b", "c", "d"), "t2": ("d", "c", "a", "a")}
    answers = answers_for(hostile, plan, people)
    everyone = scores_of(hostile, perspectives, answers)
    lived = scores_of(hostile, perspectives, answers, {"carer"})
    others = scores_of(hostile, perspectives, answers, {"manager", "frontline-staff"})
    rounds = [(HOSTILE_ROUNDS[0], lived), (HOSTILE_ROUNDS[1], everyone)]
    return {
        "theme_groups": theme_groups(hostile, everyone),
        "theme_radar": theme_radar(hostile, everyone),
        "perspective_dumbbell": perspective_dumbbell(hostile, lived, others),
        "statement_heatmap": statement_heatmap(hostile, everyone),
        "journey_trend": journey_trend(hostile.ladder, rounds),
        "theme_trends": theme_trends(hostile, rounds),
        "distribution_bars": distribution_bars(hostile, everyone.statement("s1")),
    }


def strings(node, key=""):
    """Every (key, text) in a figure's JSON, its template left out."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name != "template":
                yield from strings(value, name)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from strings(item, key)
    elif isinstance(node, str):
        yield key, node


def test_hostile_words_reach_every_figure_only_escaped(hostile):
    for name, chart in hostile_charts(hostile).items():
        found = list(strings(chart.figure.to_plotly_json()))
        assert found, name
        for key, text in found:
            assert not ALLOWED_TAG.search(text), (name, key, text)
            assert not BARE_AMPERSAND.search(text), (name, key, text)
            assert "$" not in text, (name, key, text)
            if key == "hovertemplate":
                assert not [w for w in HOSTILE_WORDS if w in text], (name, text)


def test_escaped_labels_are_the_words_as_written(hostile):
    made = hostile_charts(hostile)
    groups = made["theme_groups"].figure
    assert list(groups.data[0].y) == [
        '&lt;a href="https://evil.example/t"&gt;T&amp;amp;J&lt;/a&gt; &lt;b&gt;bold&lt;/b&gt; '
        "%{y} &#36;x&#36;",
        "Plain &amp; &lt;img src=https://evil.example/i2.png&gt;",
    ]
    heatmap = made["statement_heatmap"].figure
    assert list(heatmap.data[0].x) == [
        '&lt;a href="https://evil.example/r"&gt;Alpha&lt;/a&gt;',
        '&lt;span style="font-size:90px"&gt;Bravo&lt;/span&gt;',
        "Charlie %{x} &amp; co",
        "Delta&lt;br&gt;&#36;D&#36;",
    ]
    assert list(heatmap.data[0].y)[1] == "s2: Tom &amp; Jerry &lt;i&gt;%{customdata}&lt;/i&gt;"
    trend = made["journey_trend"].figure
    assert list(trend.data[0].x) == [
        '&lt;a href="https://evil.example/round"&gt;R1&lt;/a&gt;',
        "Spring &amp; %{y}",
    ]
    # Wrapped first, then each line escaped: the <br> between lines is plotly's, the rest text.
    radar = made["theme_radar"].figure
    assert (
        radar.data[0].theta[1]
        == "Plain &amp; &lt;img src=h<br>ttps://evil.exampl<br>e/i2.png&gt;<br><b>1.3</b>"  # 1.25
    )


def test_hover_templates_name_hostile_words_only_through_customdata(hostile):
    made = hostile_charts(hostile)
    trends = made["theme_trends"].figure
    # Numbers too come through customdata, worded by describe (position_words, journey_way).
    assert (
        trends.data[0].hovertemplate == "%{customdata[0]}<br>%{x}: %{customdata[1]}<extra></extra>"
    )
    assert trends.data[0].customdata[0][0] == (
        '&lt;a href="https://evil.example/t"&gt;T&amp;amp;J&lt;/a&gt; &lt;b&gt;bold&lt;/b&gt; '
        "%{y} &#36;x&#36;"
    )
    assert trends.data[0].customdata[0][1] == (
        '0.5 (near &lt;span style="font-size:90px"&gt;Bravo&lt;/span&gt;)'
    )
    journey = made["journey_trend"].figure
    assert journey.data[0].hovertemplate == "%{x}: %{customdata}<extra></extra>"
    assert journey.data[0].customdata[0] == (
        '17% of the way from &lt;span style="font-size:90px"&gt;Bravo&lt;/span&gt; to '
        "Charlie %{x} &amp; co"
    )


def test_titles_alternatives_and_tables_stay_plain_text(hostile):
    made = hostile_charts(hostile)
    groups = made["theme_groups"]
    assert list(groups.table["Theme"]) == [
        '<a href="https://evil.example/t">T&amp;J</a> <b>bold</b> %{y} $x$',
        "Plain & <img src=https://evil.example/i2.png>",
    ]
    assert made["theme_radar"].alt.startswith(
        '<a href="https://evil.example/t">T&amp;J</a> <b>bold</b> %{y} $x$ is highest, at 1.5'
    )
    assert "; Plain & <img src=https://evil.example/i2.png> is lowest" in made["theme_radar"].alt
    bars = made["distribution_bars"]
    assert bars.title == "<img src=https://evil.example/i.png> first"
    assert bars.figure.layout.title.text == "&lt;img src=https://evil.example/i.png&gt; first"
    assert made["journey_trend"].title == (
        'How far from <span style="font-size:90px">Bravo</span> to Charlie %{x} & co, '
        "round by round"
    )


# -- One source: every sentence and figure from describe, every threshold from scoring -----------


def with_overall(scores: Scores, **figures) -> Scores:
    """The same scores with some overall figures set (a mean, a journey %) to test a boundary."""
    return dataclasses.replace(scores, overall=dataclasses.replace(scores.overall, **figures))


def with_theme_means(scores: Scores, means: dict[str, float | None]) -> Scores:
    """The same scores with each theme's mean set; themes not named have none."""
    themes = tuple(
        dataclasses.replace(
            t, figures=dataclasses.replace(t.figures, mean_position=means.get(t.id))
        )
        for t in scores.themes
    )
    return dataclasses.replace(scores, themes=themes)


def test_the_shared_words_are_describes():
    assert charts.LIVED_EXPERIENCE_LABEL is describe.LIVED_SIDE
    assert charts.OTHERS_LABEL is describe.OTHERS_SIDE
    assert charts.NO_ANSWERS is describe.NO_ANSWERS


def test_no_sentence_is_written_and_nothing_rounded_in_the_charts_package():
    """Sentences come from describe and rounding from describe's formats: a string in the
    package that ends a sentence, or a call of round(), would be a second source."""
    for path in CHARTS_SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in docstrings:
                assert not re.search(r"[.!?](\s|$)", text), (path.name, text)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "round", (path.name, node.lineno)


GAP_WORDS = "People who draw on care and support and carers see"


@pytest.mark.parametrize(
    ("gap", "sentence", "value", "figure", "number"),
    [
        (
            0.05,
            f"{GAP_WORDS} 0.1 rungs more co-production than staff and others.",
            "+0.1 rungs",
            "+0.1",
            0.1,
        ),
        (0.0499, f"{GAP_WORDS} the same as staff and others.", "0.0 rungs", "0.0", 0.0),
        (-0.0499, f"{GAP_WORDS} the same as staff and others.", "0.0 rungs", "0.0", 0.0),
        (
            -0.05,
            f"{GAP_WORDS} 0.1 rungs less co-production than staff and others.",
            "−0.1 rungs",
            "−0.1",
            -0.1,
        ),
        (
            -0.25,
            f"{GAP_WORDS} 0.3 rungs less co-production than staff and others.",
            "−0.3 rungs",
            "−0.3",
            -0.3,
        ),
        (
            1.0,
            f"{GAP_WORDS} 1.0 rung more co-production than staff and others.",
            "+1.0 rung",
            "+1.0",
            1.0,
        ),
    ],
)
def test_a_gap_reads_alike_in_describe_the_dumbbell_and_the_gap_trend(
    framework, sides, gap, sentence, value, figure, number
):
    """Just inside and just outside the 'same' band (scoring.SAME_WITHIN, 0.05 of a rung) and
    at a half: the same verdict, the same figure, in every place the gap is said."""
    assert describe.gap_sentence(gap) == sentence
    assert describe.gap_value(gap) == value
    lived, others = sides
    # Means of `gap` and 0 (or 0 and `-gap`), so that their difference is `gap` exactly.
    lived_mean, others_mean = (gap, 0.0) if gap >= 0 else (0.0, -gap)
    dumbbell = perspective_dumbbell(
        framework,
        with_overall(lived, mean_position=lived_mean),
        with_overall(others, mean_position=others_mean),
    )
    assert dumbbell.alt.startswith(f"Overall, p{sentence[1:]} ")
    trend = gap_trend([("Spring", gap)])
    assert trend.alt == f"In Spring, the gap was {value}. {sentence}"
    assert [a.text for a in trend.figure.layout.annotations if a.xref != "x domain"] == [figure]
    assert trend.figure.data[0].customdata[0] == value
    assert trend.table["Lived-experience gap (rungs)"].tolist() == [number]
    assert trend.table["In words"].tolist() == [sentence]


def test_a_themes_move_is_counted_as_describe_words_it(framework, everyone):
    """Up, down or about the same by describe's change rule (scoring.SAME_WITHIN): 0.05 of a
    rung is a move, 0.0499 is not."""
    assert describe.change_sentence(0.05) == "Moved up 0.1 rungs."
    assert describe.change_sentence(0.0499) == "About the same: it moved less than 0.05 of a rung."
    assert describe.change_sentence(1.5 - 2.0) == "Moved down 0.5 rungs."
    reading = (
        "Each of 6 small charts shows one theme's average position on the ladder (0 = Coercion, "
        "6 = Co-production) in 2 rounds."
    )
    before = {
        "wellbeing-and-independence": 0.0,
        "information-and-advice": 0.0,
        "active-and-supportive-communities": 2.0,
    }
    after = {
        "wellbeing-and-independence": 0.05,
        "information-and-advice": 0.0499,
        "active-and-supportive-communities": 1.5,
    }
    rounds = [
        ("Spring", with_theme_means(everyone, before)),
        ("Autumn", with_theme_means(everyone, after)),
    ]
    assert theme_trends(framework, rounds).alt == (
        f"{reading} From first to last answered round, 1 of 3 themes went up and 1 went down; "
        "1 stayed about the same. Active and supportive communities moved most, from 2.0 in "
        "Spring to 1.5 in Autumn."
    )
    still = {"wellbeing-and-independence": 0.0499, "information-and-advice": 0.0}
    rounds = [
        (
            "Spring",
            with_theme_means(
                everyone, {"wellbeing-and-independence": 0.0, "information-and-advice": 0.0499}
            ),
        ),
        ("Autumn", with_theme_means(everyone, still)),
    ]
    assert theme_trends(framework, rounds).alt == (
        f"{reading} From first to last answered round, 0 of 2 themes went up and 0 went down; "
        "2 stayed about the same."
    )


def test_journey_figures_are_describes_percentages(framework, everyone):
    """Halves go up, as every percentage on screen: -62.5% is -62%, 12.5% is 13%."""
    rounds = [
        (title, with_overall(everyone, journey_pct=pct))
        for title, pct in (("A", -62.5), ("B", 12.5), ("C", 100.5))
    ]
    chart = journey_trend(framework.ladder, rounds)
    assert [describe.percent(pct) for pct in (-62.5, 12.5, 100.5)] == ["-62%", "13%", "101%"]
    values = [a.text for a in chart.figure.layout.annotations if a.xref != "x domain"]
    assert values == ["-62%", "13%", "101%"]
    assert list(chart.figure.data[0].customdata) == [
        "-62% of the way from Engagement to Co-design",
        "13% of the way from Engagement to Co-design",
        "101% of the way from Engagement to Co-design",
    ]
    assert chart.table["% of the way from Engagement to Co-design"].tolist() == [-62, 13, 101]
    assert chart.alt == (
        "The journey from Engagement to Co-design went from -62% (below Engagement) in A to "
        "101% (past Co-design) in C. 0% is Engagement and 100% is Co-design."
    )


def test_a_position_of_4_25_is_4_3_in_the_radars_label_hover_table_and_words(framework, everyone):
    """Python's round(4.25, 1) is 4.2; every figure on screen rounds halves up, as describe."""
    assert everyone.theme("information-and-advice").figures.mean_position == 4.25
    chart = theme_radar(framework, everyone)
    (trace,) = chart.figure.data
    assert trace.theta[1].endswith("<br><b>4.3</b>")
    assert list(trace.customdata[1]) == ["Information and advice", "4.3 (near Engagement)"]
    row = chart.table.set_index("Theme").loc["Information and advice"]
    assert row["Average position (0 = Coercion, 6 = Co-production)"] == 4.3
    assert row["Nearest rung"] == "Engagement"
    assert describe.position_words(4.25, framework.ladder) == "4.3 (near Engagement)"
    trends = theme_trends(framework, [("Autumn 2027", everyone)])
    assert trends.table.set_index("Theme").loc["Information and advice", "Autumn 2027"] == 4.3


def test_counts_and_shares_are_worded_by_describe(framework, everyone, small, perspectives):
    groups = theme_groups(framework, everyone)
    workforce = groups.figure.data[2].customdata[-1]  # doing with, the last theme
    assert list(workforce) == ["75%", "15 of 20 answers"]
    one = scores_of(small, perspectives, [Answer("s", "manager", "s1", "a")]).statement("s1")
    bars = distribution_bars(small, one)
    assert bars.alt == (
        "Of 1 answer placing this statement on the ladder, the most common rung is Alpha (1, 100%)."
    )
    assert list(bars.figure.data[0].customdata[0]) == ["1 answer", "100%"]
    heatmap = statement_heatmap(
        small, scores_of(small, perspectives, [Answer("s", "manager", "s1", "a")])
    )
    assert heatmap.alt.endswith("Alpha is the most common rung, with 1 of 1 answer.")
    assert list(heatmap.figure.data[0].customdata[0][0]) == ["1 answer", 0, 0]
