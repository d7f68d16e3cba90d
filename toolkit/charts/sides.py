"""Lived experience beside staff and others: where each side places each theme."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from toolkit import describe
from toolkit.charts.chart import Chart, no_answers_chart, tenths_column, theme_figures
from toolkit.charts.style import (
    CHROME,
    LIVED_STYLE,
    OTHERS_STYLE,
    ROW,
    label,
    layout,
    legend_on_top,
    mark_empty,
    rows_axis,
    rung_axis,
)
from toolkit.framework import Framework
from toolkit.scoring import Figures, Scores

LIVED_EXPERIENCE_LABEL = describe.LIVED_SIDE
OTHERS_LABEL = describe.OTHERS_SIDE


def perspective_dumbbell(framework: Framework, lived: Scores, others: Scores) -> Chart:
    """Per theme, where people with lived experience and staff and others place it, joined."""
    title = "How people who draw on care and support and carers see it, beside staff"
    ladder = framework.ladder
    lived_figures, others_figures = theme_figures(lived), theme_figures(others)

    def mean(figures: dict[str, Figures], theme_id: str) -> float | None:
        return figures[theme_id].mean_position if theme_id in figures else None

    rows = [
        (theme.title, mean(lived_figures, theme.id), mean(others_figures, theme.id))
        for theme in framework.themes
    ]
    table = pd.DataFrame(
        {
            "Theme": [t for t, _, _ in rows],
            f"{LIVED_EXPERIENCE_LABEL} (average position)": tenths_column([a for _, a, _ in rows]),
            f"{OTHERS_LABEL} (average position)": tenths_column([b for _, _, b in rows]),
            "Difference (rungs)": tenths_column(
                [None if a is None or b is None else a - b for _, a, b in rows]
            ),
        }
    )
    if all(a is None and b is None for _, a, b in rows):
        alt = describe.themes_without_answers_sentence(len(rows), either_side=True)
        return no_answers_chart(title, alt, table)

    # The themes as plotly draws them (escaped); the table and the sentences keep them plain.
    plotted = [(label(t), a, b) for t, a, b in rows]
    both = [(t, a, b) for t, a, b in rows if a is not None and b is not None]
    titles = [t for t, _, _ in plotted]
    line_x: list[float | None] = []
    line_y: list[str | None] = []
    for t, a, b in plotted:
        if a is not None and b is not None:
            line_x += [a, b, None]
            line_y += [t, t, None]
    figure = go.Figure(
        go.Scatter(
            x=line_x,
            y=line_y,
            mode="lines",
            line={"color": "#A0A0A0", "width": 4},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for side, index, style in (
        (LIVED_EXPERIENCE_LABEL, 1, LIVED_STYLE),
        (OTHERS_LABEL, 2, OTHERS_STYLE),
    ):
        points = [(row[0], row[index]) for row in plotted if row[index] is not None]
        figure.add_trace(
            go.Scatter(
                name=side,
                x=[value for _, value in points],
                y=[t for t, _ in points],
                mode="markers",
                marker={
                    "size": 16,
                    "color": style["color"],
                    "symbol": style["symbol"],
                    "line": {"color": "#FFFFFF", "width": 1.5},
                },
                customdata=[label(describe.position_words(value, ladder)) for _, value in points],
                hovertemplate=f"%{{y}}<br>{side}: %{{customdata}}<extra></extra>",
            )
        )
    for t, a, b in plotted:
        if a is None and b is None:
            mark_empty(figure, describe.NO_ANSWERS, x=-0.2, y=t, xanchor="left")
    figure.update_xaxes(rung_axis(ladder), title={"text": "Average position on the ladder"})
    rows_axis(figure, titles)
    layout(figure, title, CHROME + 20 + ROW * len(titles), legend=legend_on_top())

    sentences = []
    lived_mean, others_mean = lived.overall.mean_position, others.overall.mean_position
    if lived_mean is not None and others_mean is not None:
        sentences.append(describe.overall_gap_sentence(lived_mean - others_mean))
        if both:
            widest = max(both, key=lambda row: abs(row[1] - row[2]))
            sentences.append(describe.widest_difference_sentence(*widest))
    else:
        sentences.append(describe.one_side_sentence(lived_mean, others_mean, ladder))
    not_compared = [t for t, a, b in rows if a is None or b is None]
    if not_compared and len(not_compared) < len(rows) and both:
        sentences.append(describe.not_compared_sentence(not_compared))
    return Chart(title, figure, " ".join(sentences), table)
