"""Charts of one round theme by theme: how answers divide between doing to, for and with, and
where each theme sits on the ladder."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from toolkit import describe
from toolkit.charts.chart import (
    Chart,
    no_answers_chart,
    percent_column,
    share,
    tenths_column,
    theme_figures,
)
from toolkit.charts.style import (
    CHROME,
    GROUP_COLOURS,
    LINE_COLOUR,
    ROW,
    label,
    layout,
    legend_on_top,
    mark_empty,
    rows_axis,
    text_colour_on,
    wrap,
)
from toolkit.framework import GROUP_LABELS, GROUPS, Framework
from toolkit.scoring import Scores


def theme_groups(framework: Framework, scores: Scores) -> Chart:
    """Stacked bars per theme: the share of placed answers that are doing to, for and with."""
    title = "How answers divide between doing to, doing for and doing with, by theme"
    figures = theme_figures(scores)
    titles, rows = [], []
    for theme in framework.themes:
        found = figures.get(theme.id)
        answered = found.answered if found else 0
        counts = {g: (found.groups.get(g, 0) if found else 0) for g in GROUPS}
        shares = {g: share(counts[g], answered) for g in GROUPS}
        titles.append(theme.title)
        rows.append((theme.title, answered, counts, shares))
    labels = [label(t) for t in titles]  # the bars' categories, as plotly draws them

    table = pd.DataFrame(
        {
            "Theme": titles,
            "Answers placed on the ladder": [answered for _, answered, _, _ in rows],
            **{
                f"{GROUP_LABELS[g]} (% of answers)": percent_column([s[g] for _, _, _, s in rows])
                for g in GROUPS
            },
        }
    )
    with_answers = [row for row in rows if row[1]]
    if not with_answers:
        alt = describe.themes_without_answers_sentence(len(titles))
        return no_answers_chart(title, alt, table)

    figure = go.Figure()
    for group in GROUPS:
        colour = GROUP_COLOURS[group]
        values = [s[group] or 0.0 for _, _, _, s in rows]
        figure.add_trace(
            go.Bar(
                name=GROUP_LABELS[group],
                y=labels,
                x=values,
                orientation="h",
                marker={"color": colour, "line": {"color": "#FFFFFF", "width": 1}},
                text=[describe.percent(v) if v > 0 else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"color": text_colour_on(colour), "size": 16},
                customdata=[
                    [describe.percent(v), describe.of_answers(c[group], a)]
                    for v, (_, a, c, _) in zip(values, rows, strict=True)
                ],
                hovertemplate=(
                    f"%{{y}}<br>{GROUP_LABELS[group]}: %{{customdata[0]}}"
                    " (%{customdata[1]})<extra></extra>"
                ),
            )
        )
    for row_label, (_, answered, _, _) in zip(labels, rows, strict=True):
        if not answered:
            mark_empty(figure, describe.NO_ANSWERS, x=1, y=row_label, xanchor="left")
    figure.update_xaxes(
        range=[0, 100],
        tickvals=[0, 25, 50, 75, 100],
        ticktext=["0%", "25%", "50%", "75%", "100%"],
        title={"text": "Share of answers placed on the ladder"},
        automargin=True,
    )
    rows_axis(figure, labels)
    layout(
        figure,
        title,
        CHROME + ROW * len(titles),
        barmode="stack",
        bargap=0.3,
        legend=legend_on_top(),
    )

    sentences = []
    if scores.overall.answered:
        sentences.append(describe.groups_sentence(scores.overall.groups, scores.overall.answered))
    sentences.append(
        describe.doing_with_by_theme_sentence([(t, s["doing_with"]) for t, _, _, s in with_answers])
    )
    empty = [t for t, answered, _, _ in rows if not answered]
    if empty:
        sentences.append(describe.no_answers_for_sentence(empty))
    return Chart(title, figure, " ".join(sentences), table)


def theme_radar(framework: Framework, scores: Scores) -> Chart:
    """A radar of theme means on the ladder; themes without a mean are left out."""
    title = "Where each theme sits on the ladder"
    ladder = framework.ladder
    top = len(ladder.rungs) - 1
    figures = theme_figures(scores)
    means = {
        theme.id: (figures[theme.id].mean_position if theme.id in figures else None)
        for theme in framework.themes
    }
    scale = f"0 = {ladder.rungs[0].label}, {top} = {ladder.rungs[-1].label}"
    table = pd.DataFrame(
        {
            "Theme": [theme.title for theme in framework.themes],
            f"Average position ({scale})": tenths_column([means[t.id] for t in framework.themes]),
            "Nearest rung": [
                None if means[t.id] is None else describe.shown_rung(means[t.id], ladder).label
                for t in framework.themes
            ],
            "Answers placed on the ladder": [
                figures[t.id].answered if t.id in figures else 0 for t in framework.themes
            ],
        }
    )
    shown = [(theme, means[theme.id]) for theme in framework.themes if means[theme.id] is not None]
    missing = [theme.title for theme in framework.themes if means[theme.id] is None]
    if not shown:
        alt = describe.themes_without_answers_sentence(len(missing))
        return no_answers_chart(title, alt, table)

    # Close the shape by repeating the first theme (only when there is a shape to close).
    closed = shown + shown[:1] if len(shown) > 2 else shown
    figure = go.Figure(
        go.Scatterpolar(
            r=[mean for _, mean in closed],
            # Each theme's value goes in its label, clear of the rung labels and the shape.
            theta=[
                f"{wrap(theme.title, 18)}<br><b>{describe.tenths(mean)}</b>"
                for theme, mean in closed
            ],
            mode="lines+markers",
            fill="toself",
            fillcolor="rgba(0, 114, 178, 0.15)",
            line={"color": LINE_COLOUR, "width": 3},
            marker={"size": 10, "color": LINE_COLOUR},
            name="Average position",
            customdata=[
                [label(theme.title), label(describe.position_words(mean, ladder))]
                for theme, mean in closed
            ],
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
            showlegend=False,
        )
    )
    figure.update_polars(
        radialaxis={
            "range": [0, top],
            "tickmode": "array",
            "tickvals": list(range(top + 1)),
            "ticktext": [label(rung.label) for rung in ladder.rungs],
            "angle": 90,
            "tickangle": 90,
            "tickfont": {"size": 14, "color": "#404040"},
            "gridcolor": "#D0D0D0",
        },
        # Themes turned half a step, so the rung labels up the middle sit between two spokes.
        angularaxis={
            "direction": "clockwise",
            "rotation": 90 - 180 / len(shown) if len(shown) > 1 else 90,
            "tickfont": {"size": 16},
        },
    )
    layout(figure, title, 640, margin={"l": 130, "r": 130, "t": 110, "b": 90})

    sentences = [
        describe.theme_positions_sentence([(t.title, mean) for t, mean in shown], ladder),
        describe.ladder_scale_sentence(ladder),
    ]
    if missing:
        sentences.append(describe.left_out_sentence(missing))
    return Chart(title, figure, " ".join(sentences), table)
