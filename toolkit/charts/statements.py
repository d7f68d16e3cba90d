"""Charts of statements by rungs: every statement of a round, and one statement's answers."""

from __future__ import annotations

import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from toolkit import describe
from toolkit.charts.chart import Chart, no_answers_chart, percent_column, share
from toolkit.charts.style import (
    GROUP_COLOURS,
    HEATMAP_SCALE,
    TEXT_COLOUR,
    label,
    layout,
    legend_on_top,
    text_colour_on,
)
from toolkit.framework import GROUP_LABELS, GROUPS, Framework
from toolkit.scoring import Scores, StatementScore


def statement_heatmap(framework: Framework, scores: Scores) -> Chart:
    """Statements by rungs: how many answers placed each statement on each rung."""
    title = "How many people placed each statement on each rung"
    ladder = framework.ladder
    rung_labels = [rung.label for rung in ladder.rungs]
    by_id = {s.id: s for s in scores.statements}
    statements = framework.statements
    labels = [f"{s.id}: {describe.shorten(s.text)}" for s in statements]
    z = [
        [by_id[s.id].distribution.get(r.id, 0) if s.id in by_id else 0 for r in ladder.rungs]
        for s in statements
    ]
    unsure = [by_id[s.id].unsure if s.id in by_id else 0 for s in statements]
    not_applicable = [by_id[s.id].not_applicable if s.id in by_id else 0 for s in statements]
    table = pd.DataFrame(
        {
            "Statement": [s.id for s in statements],
            "Text": [s.text for s in statements],
            **{rung: [row[i] for row in z] for i, rung in enumerate(rung_labels)},
            "Not sure": unsure,
            "Doesn't apply": not_applicable,
        }
    )
    total = sum(map(sum, z))
    set_aside = (
        [describe.set_aside_sentence(sum(unsure), sum(not_applicable))]
        if sum(unsure) or sum(not_applicable)
        else []
    )
    if not total:
        alt = " ".join([describe.statements_without_answers_sentence(len(statements)), *set_aside])
        return no_answers_chart(title, alt, table)

    peak = max(max(row) for row in z)
    columns, rows = [label(r) for r in rung_labels], [label(s) for s in labels]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=rows,
            zmin=0,
            zmax=peak,
            colorscale=HEATMAP_SCALE,
            xgap=2,
            ygap=2,
            customdata=[
                [[describe.answers_words(n), u, a] for n in row]
                for row, u, a in zip(z, unsure, not_applicable, strict=True)
            ],
            hovertemplate=(
                "%{y}<br>%{x}: %{customdata[0]}"
                "<br>Not sure: %{customdata[1]}, doesn't apply: %{customdata[2]}<extra></extra>"
            ),
            colorbar={"title": {"text": "Answers"}, "tickfont": {"size": 14}, "thickness": 16},
        )
    )
    # The counts, each in black or white to read on its own cell colour.
    cells = [
        (x, y, n) for row, y in zip(z, rows, strict=True) for n, x in zip(row, columns, strict=True)
    ]
    backgrounds = plotly.colors.sample_colorscale(HEATMAP_SCALE, [n / peak for _, _, n in cells])
    figure.add_trace(
        go.Scatter(
            x=[x for x, _, _ in cells],
            y=[y for _, y, _ in cells],
            text=[str(n) for _, _, n in cells],
            mode="text",
            textfont={"size": 15, "color": [text_colour_on(c) for c in backgrounds]},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    figure.update_xaxes(
        side="top",
        categoryorder="array",
        categoryarray=columns,
        showgrid=False,
        automargin=True,
    )
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=rows,
        autorange="reversed",
        showgrid=False,
        automargin=True,
        tickfont={"size": 14},
    )
    layout(figure, title, 170 + 30 * len(statements), margin={"l": 24, "r": 24, "t": 130})

    totals = [sum(row[i] for row in z) for i in range(len(rung_labels))]
    common = max(range(len(totals)), key=totals.__getitem__)
    sentences = [
        describe.heatmap_reading_sentence(len(statements), ladder),
        describe.common_rung_sentence(rung_labels[common], totals[common], total),
        *set_aside,
    ]
    return Chart(title, figure, " ".join(sentences), table)


def distribution_bars(framework: Framework, statement: StatementScore) -> Chart:
    """One statement's answers over the rungs, bars coloured and named by group."""
    ladder = framework.ladder
    try:
        text = framework.statement(statement.id).text
    except KeyError:
        text = ""
    title = describe.shorten(text, 120) if text else statement.id
    rung_labels = [rung.label for rung in ladder.rungs]
    counts = [statement.distribution.get(rung.id, 0) for rung in ladder.rungs]
    answered = sum(counts)
    table = pd.DataFrame(
        {
            "Answer": [*rung_labels, "Not sure", "Doesn't apply"],
            "Group": [GROUP_LABELS[r.group] for r in ladder.rungs] + [None, None],
            "Answers": [*counts, statement.unsure, statement.not_applicable],
            "% of answers placed on the ladder": percent_column(
                [share(n, answered) for n in counts] + [None, None]
            ),
        }
    )
    set_aside = (
        [describe.set_aside_sentence(statement.unsure, statement.not_applicable)]
        if statement.unsure or statement.not_applicable
        else []
    )
    if not answered:
        alt = " ".join([describe.statement_without_answers_sentence(), *set_aside])
        return no_answers_chart(title, alt, table)

    columns = [label(rung) for rung in rung_labels]
    figure = go.Figure()
    for group in GROUPS:
        indexes = [i for i, rung in enumerate(ladder.rungs) if rung.group == group]
        if not indexes:
            continue
        shares = [describe.share_of(counts[i], answered) for i in indexes]
        figure.add_trace(
            go.Bar(
                name=GROUP_LABELS[group],
                x=[columns[i] for i in indexes],
                y=[counts[i] for i in indexes],
                marker={"color": GROUP_COLOURS[group]},
                text=[
                    f"{counts[i]} ({pct})" if counts[i] else "0"
                    for i, pct in zip(indexes, shares, strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                textfont={"color": TEXT_COLOUR, "size": 16},
                customdata=[
                    [describe.answers_words(counts[i]), pct]
                    for i, pct in zip(indexes, shares, strict=True)
                ],
                hovertemplate=(
                    f"%{{x}} ({GROUP_LABELS[group]}): %{{customdata[0]}}, %{{customdata[1]}}"
                    "<extra></extra>"
                ),
            )
        )
    peak = max(counts)
    figure.update_xaxes(categoryorder="array", categoryarray=columns, automargin=True)
    figure.update_yaxes(
        range=[0, peak * 1.2 + 0.5],
        title={"text": "Answers"},
        rangemode="tozero",
        automargin=True,
        tickformat="d",
    )
    layout(
        figure,
        title,
        460,
        wrap_at=80,
        legend=legend_on_top(),
        bargap=0.25,
        margin={"l": 24, "r": 32, "t": 120, "b": 48},
    )
    top = max(range(len(counts)), key=counts.__getitem__)
    sentences = [
        describe.statement_common_rung_sentence(rung_labels[top], counts[top], answered),
        *set_aside,
    ]
    return Chart(title, figure, " ".join(sentences), table)
