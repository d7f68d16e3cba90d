"""Charts of rounds: the journey, each theme's position and the lived-experience gap, round by
round."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from toolkit import describe
from toolkit.charts.chart import (
    Chart,
    no_answers_chart,
    percent_column,
    tenths_column,
    theme_figures,
)
from toolkit.charts.style import (
    LINE_COLOUR,
    LIVED_STYLE,
    label,
    layout,
    mark_empty,
    reference_line,
    round_axis,
    value_above,
    wrap,
)
from toolkit.framework import Framework, Ladder
from toolkit.scoring import Scores


def round_titles(rounds: Sequence[tuple[str, object]]) -> list[str]:
    """Round titles as given, made unique so that no two rounds share an axis category."""
    seen: dict[str, int] = {}
    titles = []
    for title, _ in rounds:
        seen[title] = seen.get(title, 0) + 1
        titles.append(title if seen[title] == 1 else f"{title} ({seen[title]})")
    return titles


def _line(values: Sequence[float | None], colour: str, marker: int) -> dict[str, object]:
    """A line through a value a round: a round without one has no dot; the line goes on."""
    return {
        "y": list(values),
        "mode": "lines+markers",
        "line": {"color": colour, "width": 3},
        "marker": {"size": marker, "color": colour},
        "connectgaps": True,
    }


def journey_trend(ladder: Ladder, rounds: list[tuple[str, Scores]]) -> Chart:
    """Journey % round by round: 0 at the journey's first rung, 100 at its last."""
    start, finish = ladder.rung(ladder.journey.from_).label, ladder.rung(ladder.journey.to).label
    title = f"How far from {start} to {finish}, round by round"
    titles = round_titles(rounds)
    values = [scores.overall.journey_pct for _, scores in rounds]
    table = pd.DataFrame(
        {
            "Round": titles,
            f"% of the way from {start} to {finish}": percent_column(values),
            "Answers placed on the ladder": [scores.overall.answered for _, scores in rounds],
        }
    )
    known = [(t, v) for t, v in zip(titles, values, strict=True) if v is not None]
    if not known:
        alt = describe.rounds_without_answers_sentence(len(rounds))
        return no_answers_chart(title, alt, table)

    labels = [label(t) for t in titles]  # the rounds as plotly draws them
    figure = go.Figure(
        go.Scatter(
            x=labels,
            **_line(values, LINE_COLOUR, 12),
            name="Journey",
            showlegend=False,
            customdata=[
                None if v is None else label(describe.journey_way(v, ladder)) for v in values
            ],
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    )
    reference_line(figure, 0, f"0% = {start}")
    reference_line(figure, 100, f"100% = {finish}")
    for round_title, value in known:
        value_above(figure, label(round_title), value, describe.percent(value))
    low = min(-10.0, min(v for _, v in known) - 15)
    high = max(115.0, max(v for _, v in known) + 15)
    figure.update_yaxes(
        range=[low, high],
        ticksuffix="%",
        title={"text": "% of the way"},
        zeroline=False,
        automargin=True,
    )
    round_axis(figure, labels)
    layout(figure, title, 440)

    sentences = [
        describe.journey_trend_sentence(known, ladder),
        describe.journey_scale_sentence(ladder),
    ]
    missing = [t for t, v in zip(titles, values, strict=True) if v is None]
    if missing:
        sentences.append(describe.no_answers_in_sentence(missing))
    return Chart(title, figure, " ".join(sentences), table)


def theme_trends(framework: Framework, rounds: list[tuple[str, Scores]]) -> Chart:
    """Small multiples: each theme's average position on the ladder, round by round."""
    title = "Where each theme sits on the ladder, round by round"
    ladder = framework.ladder
    top = len(ladder.rungs) - 1
    titles = round_titles(rounds)
    by_round = [theme_figures(scores) for _, scores in rounds]
    means = {
        theme.id: [
            figures[theme.id].mean_position if theme.id in figures else None for figures in by_round
        ]
        for theme in framework.themes
    }
    table = pd.DataFrame(
        {
            "Theme": [theme.title for theme in framework.themes],
            **{
                round_title: tenths_column([means[theme.id][i] for theme in framework.themes])
                for i, round_title in enumerate(titles)
            },
        }
    )
    if not any(v is not None for values in means.values() for v in values):
        alt = describe.themes_without_answers_in_rounds_sentence(len(rounds))
        return no_answers_chart(title, alt, table)

    columns = 2 if len(framework.themes) > 1 else 1
    rows = math.ceil(len(framework.themes) / columns)
    figure = make_subplots(
        rows=rows,
        cols=columns,
        shared_yaxes=True,
        shared_xaxes=False,
        subplot_titles=[wrap(theme.title, 34) for theme in framework.themes],
        vertical_spacing=min(0.5 / rows, 0.16) if rows > 1 else 0.1,
        horizontal_spacing=0.06,
    )
    labels = [label(t) for t in titles]  # the rounds as plotly draws them
    for index, theme in enumerate(framework.themes):
        row, col = divmod(index, columns)
        values = means[theme.id]
        figure.add_trace(
            go.Scatter(
                x=labels,
                **_line(values, LINE_COLOUR, 10),
                name=label(theme.title),
                showlegend=False,
                customdata=[
                    [
                        label(theme.title),
                        None if v is None else label(describe.position_words(v, ladder)),
                    ]
                    for v in values
                ],
                hovertemplate="%{customdata[0]}<br>%{x}: %{customdata[1]}<extra></extra>",
            ),
            row=row + 1,
            col=col + 1,
        )
        if all(v is None for v in values):
            number = "" if index == 0 else str(index + 1)
            mark_empty(
                figure,
                describe.NO_ANSWERS,
                x=0.5,
                y=0.5,
                xref=f"x{number} domain",
                yref=f"y{number} domain",
            )
    figure.update_yaxes(
        range=[-0.3, top + 0.3],
        tickmode="array",
        tickvals=list(range(top + 1)),
        ticktext=[label(rung.label) for rung in ladder.rungs],
        tickfont={"size": 14},
        automargin=True,
    )
    figure.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=labels,
        tickfont={"size": 14},
        automargin=True,
    )
    figure.update_annotations(font_size=16)
    layout(figure, title, 130 + 300 * rows, margin={"l": 24, "r": 32, "t": 110, "b": 48})

    sentences = [describe.theme_trends_reading_sentence(len(framework.themes), len(rounds), ladder)]
    moves = []  # (theme, (round, mean) first answered, (round, mean) last answered, change)
    for theme in framework.themes:
        known = [(t, v) for t, v in zip(titles, means[theme.id], strict=True) if v is not None]
        if len(known) >= 2 and known[0][0] != known[-1][0]:
            moves.append((theme.title, known[0], known[-1], known[-1][1] - known[0][1]))
    if moves:
        ways = [describe.direction(change) for *_, change in moves]
        sentences.append(
            describe.themes_moved_sentence(ways.count(1), ways.count(-1), ways.count(0))
        )
        biggest = max(moves, key=lambda m: abs(m[3]))
        if describe.direction(biggest[3]):
            sentences.append(describe.moved_most_sentence(*biggest[:3]))
    else:
        latest = [
            (theme.title, v)
            for theme in framework.themes
            for v in [next((v for v in reversed(means[theme.id]) if v is not None), None)]
            if v is not None
        ]
        sentences.append(describe.highest_theme_sentence(*max(latest, key=lambda item: item[1])))
    return Chart(title, figure, " ".join(sentences), table)


def gap_trend(rounds: list[tuple[str, float | None]]) -> Chart:
    """The lived-experience gap round by round, in rungs (None where a round has none to show:
    too few people on a side). Below 0, people who draw on care and support and carers see
    less co-production than staff and others."""
    title = "The lived-experience gap, round by round"
    titles = round_titles(rounds)
    values = [gap for _, gap in rounds]
    table = pd.DataFrame(
        {
            "Round": titles,
            "Lived-experience gap (rungs)": tenths_column(values),
            "In words": [None if v is None else describe.gap_sentence(v) for v in values],
        }
    )
    known = [(t, v) for t, v in zip(titles, values, strict=True) if v is not None]
    if not known:
        return no_answers_chart(title, describe.no_gap_in_rounds_sentence(titles), table)

    labels = [label(t) for t in titles]
    figure = go.Figure(
        go.Scatter(
            x=labels,
            **_line(values, LIVED_STYLE["color"], 12),
            name="Lived-experience gap",
            showlegend=False,
            customdata=[label(describe.gap_value(v)) for v in values],
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    )
    reference_line(figure, 0, "0 = both see the same")
    for round_title, value in known:
        value_above(figure, label(round_title), value, describe.gap_figure(value))
    reach = max(1.0, max(abs(v) for _, v in known) + 0.5)
    figure.update_yaxes(
        range=[-reach, reach],
        title={"text": "Rungs (below 0: staff see more)"},
        zeroline=False,
        automargin=True,
    )
    round_axis(figure, labels)
    layout(figure, title, 400)

    sentences = [describe.gap_trend_sentence(known), describe.gap_sentence(known[-1][1])]
    missing = [t for t, v in zip(titles, values, strict=True) if v is None]
    if missing:
        sentences.append(describe.no_gap_for_sentence(missing))
    return Chart(title, figure, " ".join(sentences), table)
