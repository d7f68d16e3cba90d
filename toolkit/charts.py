"""Plotly figures for results and progress, each with a text alternative and a table.

Every function here is pure: it takes a framework (or ladder) and scores from
`toolkit.scoring` and returns a `Chart` — a titled plotly figure, a plain-English text
alternative (`alt`) with the main finding in numbers, and the same data as a table for a
"show as table" view. No figure is worked out here: values are picked out of `Scores`, and
counts become percentages only for display.

Figures carry their own layout (title, fonts of 14 px and more, margins, height) and use no
external resources, so they look the same whatever `config` they are shown with. Groups
(doing to / for / with) are told apart by words as well as colour: a legend with the group
words, and text labels on the bars.

Plotly reads a little HTML in every label it draws (`<a href>`, `<b>`, `<br>`, `<span
style>`) and decodes entities, and `%{...}` in a hover template is a placeholder. So every
word that came from a framework file or a person (theme titles, statements, rung labels,
round titles) goes into a figure through `_label` or `_wrap`, which escape it, and never into
a hover template itself: hover templates name it through `customdata`. A chart's `title`,
`alt` and `table` stay plain text; the page escapes them where it shows them.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.colors
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from toolkit import describe
from toolkit.framework import GROUP_LABELS, GROUPS, Framework, Ladder
from toolkit.scoring import Scores, StatementScore

__all__ = [
    "GROUP_COLOURS",
    "GROUP_LABELS",
    "LIVED_EXPERIENCE_LABEL",
    "NO_ANSWERS",
    "OTHERS_LABEL",
    "Chart",
    "distribution_bars",
    "journey_trend",
    "perspective_dumbbell",
    "statement_heatmap",
    "text_colour_on",
    "theme_groups",
    "theme_radar",
    "theme_trends",
]

# Okabe–Ito colours, safe for the common kinds of colour blindness.
GROUP_COLOURS: dict[str, str] = {
    "doing_to": "#D55E00",
    "doing_for": "#E69F00",
    "doing_with": "#0072B2",
}
LIVED_EXPERIENCE_LABEL = "People who draw on care and support and carers"
OTHERS_LABEL = "Staff and others"
NO_ANSWERS = "No answers yet"

# The two sides of the dumbbell: a colour and a marker shape each, so shape tells them apart too.
_LIVED_STYLE = {"color": "#CC79A7", "symbol": "circle"}
_OTHERS_STYLE = {"color": "#000000", "symbol": "diamond"}
_LINE_COLOUR = "#0072B2"
_GREY = "#767676"  # 4.5:1 on white
_BLUES = plotly.colors.sequential.Blues
_HEATMAP_SCALE = [[i / (len(_BLUES) - 1), colour] for i, colour in enumerate(_BLUES)]

_FONT = {"family": "Arial, Helvetica, sans-serif", "size": 16, "color": "#1F1F1F"}
_TITLE_SIZE = 20
_MIN_TEXT = 14
_ROW = 56  # height of one bar or dot row, px
_CHROME = 170  # title, axis and legend, px


@dataclass(frozen=True, eq=False)
class Chart:
    """A figure with its text alternative and its data as a table."""

    title: str
    figure: go.Figure
    alt: str
    """1–3 plain-English sentences: what the chart shows and its main finding, with numbers."""
    table: pd.DataFrame
    """The same data, with human column names and rounded values."""


# --- Formatting -------------------------------------------------------------------------------


def _whole(value: float) -> int:
    """Round half up, as people expect on screen (12.5 → 13); never '-0' (describe.whole)."""
    return describe.whole(value)


def _pct(value: float) -> str:
    return f"{_whole(value)}%"


def _share(count: int, total: int) -> float | None:
    return 100 * count / total if total else None


def _one_decimal(values: Sequence[float | None]) -> pd.arrays.FloatingArray:
    """A table column of numbers to one decimal place, blank where there is none."""
    return pd.array([None if v is None else round(v, 1) for v in values], dtype="Float64")


_tenths = describe.tenths  # a figure to one decimal, halves up: as every sentence says it


def _rungs_text(value: float) -> str:
    return describe.rungs_words(value)


def _label(text: str) -> str:
    """Text for a figure, drawn exactly as written: plotly reads `<`, `>`, `&` as markup and
    entities, so they are escaped (as the entities plotly knows); `$` too, which plotly hands
    to MathJax where a page has it. A line break in the text becomes a space."""
    text = " ".join(str(text).split())
    return html.escape(text, quote=False).replace("$", "&#36;")


def _wrap(text: str, width: int) -> str:
    """Text for a figure in lines of `width` characters at most, each escaped (`_label`)."""
    return "<br>".join(_label(line) for line in textwrap.wrap(text, width)) or _label(text)


def _list_words(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _nearest_rung(ladder: Ladder, mean: float) -> str:
    """The label of the rung nearest a position as shown, to one decimal place."""
    return describe.nearest_rung(float(_tenths(mean)), ladder).label


def _answers(n: int) -> str:
    return f"{n} answer" if n == 1 else f"{n} answers"


# --- Colour contrast (WCAG 2) -----------------------------------------------------------------


def _rgb(colour: str) -> list[float]:
    """The red, green and blue of '#RRGGBB' or 'rgb(r, g, b)', 0–255."""
    colour = colour.strip()
    if colour.startswith("#"):
        return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    inside = colour[colour.index("(") + 1 : colour.index(")")]
    return [float(part) for part in inside.split(",")[:3]]


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on a background colour ('#RRGGBB' or 'rgb()')."""
    black, white = "#000000", "#FFFFFF"
    return black if _contrast(black, background) >= _contrast(white, background) else white


# --- Layout -----------------------------------------------------------------------------------


def _layout(
    figure: go.Figure, title: str, height: int, *, wrap: int | None = None, **layout: object
) -> go.Figure:
    """Lay out a figure under its (plain) title, wrapped at `wrap` characters if given."""
    settings: dict[str, object] = {
        "title": {
            "text": _wrap(title, wrap) if wrap else _label(title),
            "x": 0,
            "xanchor": "left",
            "font": {"size": _TITLE_SIZE},
        },
        "font": _FONT,
        "height": height,
        "margin": {"l": 24, "r": 32, "t": 80, "b": 48},
        "template": "plotly_white",
        "hoverlabel": {"font": {"size": 16, "family": _FONT["family"]}},
        "uniformtext": {"minsize": _MIN_TEXT, "mode": "hide"},
    }
    figure.update_layout({**settings, **layout})
    return figure


def _legend_on_top() -> dict[str, object]:
    return {
        "orientation": "h",
        "yanchor": "bottom",
        "y": 1.0,
        "xanchor": "left",
        "x": 0,
        "traceorder": "normal",
        "font": {"size": 16},
    }


def _no_answers_chart(title: str, alt: str, table: pd.DataFrame) -> Chart:
    figure = go.Figure()
    figure.add_annotation(
        text=NO_ANSWERS,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 20, "color": "#1F1F1F"},
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    _layout(figure, title, 320)
    return Chart(title, figure, alt, table)


def _rung_axis(ladder: Ladder) -> dict[str, object]:
    """An axis along the ladder: positions 0..rungs-1 labelled with the rung labels."""
    top = len(ladder.rungs) - 1
    return {
        "range": [-0.3, top + 0.3],
        "tickmode": "array",
        "tickvals": list(range(top + 1)),
        "ticktext": [_label(rung.label) for rung in ladder.rungs],
        "showgrid": True,
        "zeroline": False,
        "automargin": True,
    }


def _theme_figures(scores: Scores):
    return {theme.id: theme.figures for theme in scores.themes}


# --- Results: one round -----------------------------------------------------------------------


def theme_groups(framework: Framework, scores: Scores) -> Chart:
    """Stacked bars per theme: the share of placed answers that are doing to, for and with."""
    title = "How answers divide between doing to, doing for and doing with, by theme"
    figures = _theme_figures(scores)
    titles, rows = [], []
    for theme in framework.themes:
        found = figures.get(theme.id)
        answered = found.answered if found else 0
        counts = {g: (found.groups.get(g, 0) if found else 0) for g in GROUPS}
        shares = {g: _share(counts[g], answered) for g in GROUPS}
        titles.append(theme.title)
        rows.append((theme.title, answered, counts, shares))
    labels = [_label(t) for t in titles]  # the bars' categories, as plotly draws them

    table = pd.DataFrame(
        {
            "Theme": titles,
            "Answers placed on the ladder": [answered for _, answered, _, _ in rows],
            **{
                f"{GROUP_LABELS[g]} (% of answers)": pd.array(
                    [None if s[g] is None else _whole(s[g]) for _, _, _, s in rows], dtype="Int64"
                )
                for g in GROUPS
            },
        }
    )
    with_answers = [row for row in rows if row[1]]
    if not with_answers:
        alt = f"{NO_ANSWERS}: none of the {len(titles)} themes has an answer placed on the ladder."
        return _no_answers_chart(title, alt, table)

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
                text=[_pct(v) if v > 0 else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"color": text_colour_on(colour), "size": 16},
                customdata=[[c[group], a] for _, a, c, _ in rows],
                hovertemplate=(
                    f"%{{y}}<br>{GROUP_LABELS[group]}: %{{x:.0f}}%"
                    " (%{customdata[0]} of %{customdata[1]} answers)<extra></extra>"
                ),
            )
        )
    for label, (_, answered, _, _) in zip(labels, rows, strict=True):
        if not answered:
            figure.add_annotation(
                x=1,
                y=label,
                text=NO_ANSWERS,
                showarrow=False,
                xanchor="left",
                font={"color": _GREY, "size": 16},
            )
    figure.update_xaxes(
        range=[0, 100],
        tickvals=[0, 25, 50, 75, 100],
        ticktext=["0%", "25%", "50%", "75%", "100%"],
        title={"text": "Share of answers placed on the ladder"},
        automargin=True,
    )
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=labels,
        autorange="reversed",
        automargin=True,
        ticksuffix="  ",
    )
    _layout(
        figure,
        title,
        _CHROME + _ROW * len(titles),
        barmode="stack",
        bargap=0.3,
        legend=_legend_on_top(),
    )

    doing_with = [(t, s["doing_with"]) for t, _, _, s in with_answers]
    high = max(doing_with, key=lambda item: item[1])
    low = min(doing_with, key=lambda item: item[1])
    overall = scores.overall
    sentences = []
    if overall.answered:
        parts = [
            f"{_pct(_share(overall.groups.get(g, 0), overall.answered))} {GROUP_LABELS[g].lower()}"
            for g in reversed(GROUPS)
        ]
        sentences.append(
            f"Of {_answers(overall.answered)} placed on the ladder, "
            f"{_list_words([parts[0].replace('%', '% are', 1), *parts[1:]])}."
        )
    if len(doing_with) == 1 or _whole(high[1]) == _whole(low[1]):
        where = high[0] if len(doing_with) == 1 else "every theme with answers"
        sentences.append(f"Doing with is {_pct(high[1])} of answers in {where}.")
    else:
        sentences.append(
            f"Doing with is highest in {high[0]} ({_pct(high[1])} of answers) "
            f"and lowest in {low[0]} ({_pct(low[1])})."
        )
    empty = [t for t, answered, _, _ in rows if not answered]
    if empty:
        sentences.append(f"{NO_ANSWERS} for {_list_words(empty)}.")
    return Chart(title, figure, " ".join(sentences), table)


def theme_radar(framework: Framework, scores: Scores) -> Chart:
    """A radar of theme means on the ladder; themes without a mean are left out."""
    title = "Where each theme sits on the ladder"
    ladder = framework.ladder
    top = len(ladder.rungs) - 1
    figures = _theme_figures(scores)
    means = {
        theme.id: (figures[theme.id].mean_position if theme.id in figures else None)
        for theme in framework.themes
    }
    scale = f"0 = {ladder.rungs[0].label}, {top} = {ladder.rungs[-1].label}"
    table = pd.DataFrame(
        {
            "Theme": [theme.title for theme in framework.themes],
            f"Average position ({scale})": _one_decimal([means[t.id] for t in framework.themes]),
            "Nearest rung": [
                None if means[t.id] is None else _nearest_rung(ladder, means[t.id])
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
        alt = f"{NO_ANSWERS}: none of the {len(missing)} themes has an answer placed on the ladder."
        return _no_answers_chart(title, alt, table)

    # Close the shape by repeating the first theme (only when there is a shape to close).
    closed = shown + shown[:1] if len(shown) > 2 else shown
    figure = go.Figure(
        go.Scatterpolar(
            r=[mean for _, mean in closed],
            # Each theme's value goes in its label, clear of the rung labels and the shape.
            theta=[f"{_wrap(theme.title, 18)}<br><b>{_tenths(mean)}</b>" for theme, mean in closed],
            mode="lines+markers",
            fill="toself",
            fillcolor="rgba(0, 114, 178, 0.15)",
            line={"color": _LINE_COLOUR, "width": 3},
            marker={"size": 10, "color": _LINE_COLOUR},
            name="Average position",
            customdata=[
                [_label(theme.title), _label(_nearest_rung(ladder, mean))] for theme, mean in closed
            ],
            hovertemplate="%{customdata[0]}: %{r:.1f} (near %{customdata[1]})<extra></extra>",
            showlegend=False,
        )
    )
    figure.update_polars(
        radialaxis={
            "range": [0, top],
            "tickmode": "array",
            "tickvals": list(range(top + 1)),
            "ticktext": [_label(rung.label) for rung in ladder.rungs],
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
    _layout(figure, title, 640, margin={"l": 130, "r": 130, "t": 110, "b": 90})

    high = max(shown, key=lambda item: item[1])
    low = min(shown, key=lambda item: item[1])
    scale_words = (
        f"The ladder runs from 0 ({ladder.rungs[0].label}) to {top} ({ladder.rungs[-1].label})."
    )
    if len(shown) == 1 or f"{_tenths(high[1])}" == f"{_tenths(low[1])}":
        where = high[0].title if len(shown) == 1 else "every theme with answers"
        first = (
            f"The average position is {_tenths(high[1])} (near {_nearest_rung(ladder, high[1])}) "
            f"in {where}."
        )
    else:
        first = (
            f"{high[0].title} is highest, at {_tenths(high[1])} on the ladder "
            f"(near {_nearest_rung(ladder, high[1])}); {low[0].title} is lowest, "
            f"at {_tenths(low[1])} (near {_nearest_rung(ladder, low[1])})."
        )
    sentences = [first, scale_words]
    if missing:
        sentences.append(f"Left out, with no answers yet: {_list_words(missing)}.")
    return Chart(title, figure, " ".join(sentences), table)


def perspective_dumbbell(framework: Framework, lived: Scores, others: Scores) -> Chart:
    """Per theme, where people with lived experience and staff and others place it, joined."""
    title = "How people who draw on care and support and carers see it, beside staff"
    ladder = framework.ladder
    lived_figures, others_figures = _theme_figures(lived), _theme_figures(others)

    def mean(figures: dict, theme_id: str) -> float | None:
        return figures[theme_id].mean_position if theme_id in figures else None

    rows = [
        (theme.title, mean(lived_figures, theme.id), mean(others_figures, theme.id))
        for theme in framework.themes
    ]
    table = pd.DataFrame(
        {
            "Theme": [t for t, _, _ in rows],
            f"{LIVED_EXPERIENCE_LABEL} (average position)": _one_decimal([a for _, a, _ in rows]),
            f"{OTHERS_LABEL} (average position)": _one_decimal([b for _, _, b in rows]),
            "Difference (rungs)": _one_decimal(
                [None if a is None or b is None else a - b for _, a, b in rows]
            ),
        }
    )
    if all(a is None and b is None for _, a, b in rows):
        alt = (
            f"{NO_ANSWERS}: none of the {len(rows)} themes has an answer placed on the ladder "
            "by either group."
        )
        return _no_answers_chart(title, alt, table)

    # The themes as plotly draws them (escaped); the table and the sentences keep them plain.
    plotted = [(_label(t), a, b) for t, a, b in rows]
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
    for label, index, style in (
        (LIVED_EXPERIENCE_LABEL, 1, _LIVED_STYLE),
        (OTHERS_LABEL, 2, _OTHERS_STYLE),
    ):
        points = [(row[0], row[index]) for row in plotted if row[index] is not None]
        figure.add_trace(
            go.Scatter(
                name=label,
                x=[value for _, value in points],
                y=[t for t, _ in points],
                mode="markers",
                marker={
                    "size": 16,
                    "color": style["color"],
                    "symbol": style["symbol"],
                    "line": {"color": "#FFFFFF", "width": 1.5},
                },
                customdata=[_label(_nearest_rung(ladder, value)) for _, value in points],
                hovertemplate=(
                    f"%{{y}}<br>{label}: %{{x:.1f}} (near %{{customdata}})<extra></extra>"
                ),
            )
        )
    for t, a, b in plotted:
        if a is None and b is None:
            figure.add_annotation(
                x=-0.2,
                y=t,
                text=NO_ANSWERS,
                showarrow=False,
                xanchor="left",
                font={"color": _GREY, "size": 16},
            )
    figure.update_xaxes(_rung_axis(ladder), title={"text": "Average position on the ladder"})
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=titles,
        autorange="reversed",
        automargin=True,
        ticksuffix="  ",
    )
    _layout(figure, title, _CHROME + 20 + _ROW * len(titles), legend=_legend_on_top())

    sentences = []
    lived_mean, others_mean = lived.overall.mean_position, others.overall.mean_position
    if lived_mean is not None and others_mean is not None:
        gap = lived_mean - others_mean
        if f"{_tenths(abs(gap))}" == "0.0":
            sentences.append(
                "Overall, people who draw on care and support and carers see about the same "
                f"amount of co-production as staff and others (a difference of {_tenths(abs(gap))} "
                "rungs)."
            )
        else:
            sentences.append(
                "Overall, people who draw on care and support and carers see "
                f"{_rungs_text(gap)} {'less' if gap < 0 else 'more'} co-production than staff "
                "and others."
            )
        if both:
            widest = max(both, key=lambda row: abs(row[1] - row[2]))
            sentences.append(
                f"The widest difference is in {widest[0]}: {_tenths(widest[1])} against "
                f"{_tenths(widest[2])}."
            )
    else:
        missing_side = (
            "people who draw on care and support or carers"
            if lived_mean is None
            else "staff and others"
        )
        present = others_mean if lived_mean is None else lived_mean
        present_side = OTHERS_LABEL if lived_mean is None else LIVED_EXPERIENCE_LABEL
        sentences.append(
            f"There is nothing to compare yet: no answers from {missing_side}. "
            f"{present_side} place practice at {_tenths(present)} on average "
            f"(near {_nearest_rung(ladder, present)})."
        )
    not_compared = [t for t, a, b in rows if a is None or b is None]
    if not_compared and len(not_compared) < len(rows) and both:
        sentences.append(f"Not compared, for lack of answers: {_list_words(not_compared)}.")
    return Chart(title, figure, " ".join(sentences), table)


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
            **{label: [row[i] for row in z] for i, label in enumerate(rung_labels)},
            "Not sure": unsure,
            "Doesn't apply": not_applicable,
        }
    )
    total = sum(map(sum, z))
    if not total:
        alt = f"{NO_ANSWERS}: none of the {len(statements)} statements has been placed on a rung."
        if sum(unsure) or sum(not_applicable):
            alt += f" {sum(unsure)} 'not sure' and {sum(not_applicable)} 'doesn't apply'."
        return _no_answers_chart(title, alt, table)

    peak = max(max(row) for row in z)
    columns, rows = [_label(r) for r in rung_labels], [_label(s) for s in labels]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=rows,
            zmin=0,
            zmax=peak,
            colorscale=_HEATMAP_SCALE,
            xgap=2,
            ygap=2,
            customdata=[
                [[u, n]] * len(columns) for u, n in zip(unsure, not_applicable, strict=True)
            ],
            hovertemplate=(
                "%{y}<br>%{x}: %{z} answers"
                "<br>Not sure: %{customdata[0]}, doesn't apply: %{customdata[1]}<extra></extra>"
            ),
            colorbar={"title": {"text": "Answers"}, "tickfont": {"size": 14}, "thickness": 16},
        )
    )
    # The counts, each in black or white to read on its own cell colour.
    cells = [
        (x, y, n) for row, y in zip(z, rows, strict=True) for n, x in zip(row, columns, strict=True)
    ]
    backgrounds = plotly.colors.sample_colorscale(_HEATMAP_SCALE, [n / peak for _, _, n in cells])
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
    _layout(figure, title, 170 + 30 * len(statements), margin={"l": 24, "r": 24, "t": 130})

    totals = [sum(row[i] for row in z) for i in range(len(rung_labels))]
    common = max(range(len(totals)), key=totals.__getitem__)
    sentences = [
        f"Each of the {len(statements)} rows is a statement and each column a rung, from "
        f"{rung_labels[0]} to {rung_labels[-1]}; the number is how many people placed the "
        "statement on that rung.",
        f"{rung_labels[common]} is the most common rung, with {totals[common]} of "
        f"{_answers(total)}.",
    ]
    if sum(unsure) or sum(not_applicable):
        sentences.append(
            f"Not shown: {sum(unsure)} 'not sure' and {sum(not_applicable)} 'doesn't apply'."
        )
    return Chart(title, figure, " ".join(sentences), table)


def distribution_bars(framework: Framework, statement: StatementScore) -> Chart:
    """One statement's answers over the rungs, bars coloured and named by group."""
    ladder = framework.ladder
    try:
        text = framework.statement(statement.id).text
    except KeyError:
        text = ""
    title = f"{statement.id}: {describe.shorten(text, 120)}" if text else statement.id
    rung_labels = [rung.label for rung in ladder.rungs]
    counts = [statement.distribution.get(rung.id, 0) for rung in ladder.rungs]
    answered = sum(counts)
    shares = [_share(n, answered) for n in counts]
    table = pd.DataFrame(
        {
            "Answer": [*rung_labels, "Not sure", "Doesn't apply"],
            "Group": [GROUP_LABELS[r.group] for r in ladder.rungs] + [None, None],
            "Answers": [*counts, statement.unsure, statement.not_applicable],
            "% of answers placed on the ladder": pd.array(
                [None if s is None else _whole(s) for s in shares] + [None, None], dtype="Int64"
            ),
        }
    )
    aside = (
        f"{statement.unsure} 'not sure' and {statement.not_applicable} 'doesn't apply'"
        if statement.unsure or statement.not_applicable
        else ""
    )
    if not answered:
        alt = f"{NO_ANSWERS}: nobody has placed statement {statement.id} on the ladder."
        if aside:
            alt += f" There are {aside}."
        return _no_answers_chart(title, alt, table)

    columns = [_label(label) for label in rung_labels]
    figure = go.Figure()
    for group in GROUPS:
        indexes = [i for i, rung in enumerate(ladder.rungs) if rung.group == group]
        if not indexes:
            continue
        figure.add_trace(
            go.Bar(
                name=GROUP_LABELS[group],
                x=[columns[i] for i in indexes],
                y=[counts[i] for i in indexes],
                marker={"color": GROUP_COLOURS[group]},
                text=[f"{counts[i]} ({_pct(shares[i])})" if counts[i] else "0" for i in indexes],
                textposition="outside",
                cliponaxis=False,
                textfont={"color": "#1F1F1F", "size": 16},
                customdata=[_pct(shares[i]) for i in indexes],
                hovertemplate=(
                    f"%{{x}} ({GROUP_LABELS[group]}): %{{y}} answers, %{{customdata}}"
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
    _layout(
        figure,
        title,
        460,
        wrap=80,
        legend=_legend_on_top(),
        bargap=0.25,
        margin={"l": 24, "r": 32, "t": 120, "b": 48},
    )
    top = max(range(len(counts)), key=counts.__getitem__)
    sentences = [
        f"Of {_answers(answered)} placing statement {statement.id} on the ladder, the most "
        f"common rung is {rung_labels[top]} ({counts[top]}, {_pct(shares[top])}).",
    ]
    if aside:
        sentences.append(f"Not shown: {aside}.")
    return Chart(title, figure, " ".join(sentences), table)


# --- Progress: rounds -------------------------------------------------------------------------


def _round_titles(rounds: Sequence[tuple[str, Scores]]) -> list[str]:
    """Round titles as given, made unique so that no two rounds share an axis category."""
    seen: dict[str, int] = {}
    titles = []
    for title, _ in rounds:
        seen[title] = seen.get(title, 0) + 1
        titles.append(title if seen[title] == 1 else f"{title} ({seen[title]})")
    return titles


def journey_trend(ladder: Ladder, rounds: list[tuple[str, Scores]]) -> Chart:
    """Journey % round by round: 0 at the journey's first rung, 100 at its last."""
    start, finish = ladder.rung(ladder.journey.from_).label, ladder.rung(ladder.journey.to).label
    title = f"How far from {start} to {finish}, round by round"
    titles = _round_titles(rounds)
    values = [scores.overall.journey_pct for _, scores in rounds]
    table = pd.DataFrame(
        {
            "Round": titles,
            f"% of the way from {start} to {finish}": pd.array(
                [None if v is None else _whole(v) for v in values], dtype="Int64"
            ),
            "Answers placed on the ladder": [scores.overall.answered for _, scores in rounds],
        }
    )
    known = [(t, v) for t, v in zip(titles, values, strict=True) if v is not None]
    if not known:
        alt = f"{NO_ANSWERS}: none of the {len(rounds)} rounds has an answer placed on the ladder."
        return _no_answers_chart(title, alt, table)

    labels = [_label(t) for t in titles]  # the rounds as plotly draws them
    way = f"of the way from {start} to {finish}"
    figure = go.Figure(
        go.Scatter(
            x=labels,
            y=values,
            mode="lines+markers",
            line={"color": _LINE_COLOUR, "width": 3},
            marker={"size": 12, "color": _LINE_COLOUR},
            connectgaps=True,  # a round without answers has no dot; the line goes on
            name="Journey",
            showlegend=False,
            customdata=[_label(way)] * len(labels),
            hovertemplate="%{x}: %{y:.0f}% %{customdata}<extra></extra>",
        )
    )
    for y, label in ((0, f"0% = {start}"), (100, f"100% = {finish}")):
        figure.add_hline(
            y=y,
            line={"color": _GREY, "dash": "dash", "width": 2},
            annotation_text=_label(label),
            annotation_position="top left",
            annotation_font={"size": 16, "color": "#1F1F1F"},
        )
    # Each value written above its dot, on a white ground so a reference line cannot cross it.
    for round_title, value in known:
        figure.add_annotation(
            x=_label(round_title),
            y=value,
            text=_pct(value),
            yshift=22,
            showarrow=False,
            bgcolor="rgba(255, 255, 255, 0.9)",
            font={"size": 16, "color": "#1F1F1F"},
        )
    low = min(-10.0, min(v for _, v in known) - 15)
    high = max(115.0, max(v for _, v in known) + 15)
    figure.update_yaxes(
        range=[low, high],
        ticksuffix="%",
        title={"text": "% of the way"},
        zeroline=False,
        automargin=True,
    )
    figure.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=labels,
        range=[-0.5, len(titles) - 0.5],
        automargin=True,
    )
    _layout(figure, title, 440)

    def journey(value: float) -> str:
        if _whole(value) < 0:
            return f"{_pct(value)} (below {start})"
        if _whole(value) > 100:
            return f"{_pct(value)} (past {finish})"
        return _pct(value)

    (first_title, first), (last_title, last) = known[0], known[-1]
    meaning = f"0% is {start} and 100% is {finish}."
    if len(known) == 1:
        sentence = (
            f"In {first_title}, practice was {journey(first)} of the way from {start} to {finish}."
        )
    else:
        sentence = (
            f"The journey from {start} to {finish} went from {journey(first)} in {first_title} "
            f"to {journey(last)} in {last_title}."
        )
    sentences = [sentence, meaning]
    missing = [t for t, v in zip(titles, values, strict=True) if v is None]
    if missing:
        sentences.append(f"{NO_ANSWERS} in {_list_words(missing)}.")
    return Chart(title, figure, " ".join(sentences), table)


def theme_trends(framework: Framework, rounds: list[tuple[str, Scores]]) -> Chart:
    """Small multiples: each theme's average position on the ladder, round by round."""
    title = "Where each theme sits on the ladder, round by round"
    ladder = framework.ladder
    top = len(ladder.rungs) - 1
    titles = _round_titles(rounds)
    means = {
        theme.id: [_theme_figures(scores).get(theme.id) for _, scores in rounds]
        for theme in framework.themes
    }
    means = {
        theme_id: [None if f is None else f.mean_position for f in figures]
        for theme_id, figures in means.items()
    }
    table = pd.DataFrame(
        {
            "Theme": [theme.title for theme in framework.themes],
            **{
                round_title: _one_decimal([means[theme.id][i] for theme in framework.themes])
                for i, round_title in enumerate(titles)
            },
        }
    )
    if not any(v is not None for values in means.values() for v in values):
        alt = (
            f"{NO_ANSWERS}: no theme has an answer placed on the ladder in any of the "
            f"{len(rounds)} rounds."
        )
        return _no_answers_chart(title, alt, table)

    columns = 2 if len(framework.themes) > 1 else 1
    rows = math.ceil(len(framework.themes) / columns)
    figure = make_subplots(
        rows=rows,
        cols=columns,
        shared_yaxes=True,
        shared_xaxes=False,
        subplot_titles=[_wrap(theme.title, 34) for theme in framework.themes],
        vertical_spacing=min(0.5 / rows, 0.16) if rows > 1 else 0.1,
        horizontal_spacing=0.06,
    )
    labels = [_label(t) for t in titles]  # the rounds as plotly draws them
    for index, theme in enumerate(framework.themes):
        row, col = divmod(index, columns)
        values = means[theme.id]
        figure.add_trace(
            go.Scatter(
                x=labels,
                y=values,
                mode="lines+markers",
                line={"color": _LINE_COLOUR, "width": 3},
                marker={"size": 10, "color": _LINE_COLOUR},
                connectgaps=True,  # a round without answers has no dot; the line goes on
                name=_label(theme.title),
                showlegend=False,
                customdata=[
                    [_label(theme.title), None if v is None else _label(_nearest_rung(ladder, v))]
                    for v in values
                ],
                hovertemplate=(
                    "%{customdata[0]}<br>%{x}: %{y:.1f} (near %{customdata[1]})<extra></extra>"
                ),
            ),
            row=row + 1,
            col=col + 1,
        )
        if all(v is None for v in values):
            number = "" if index == 0 else str(index + 1)
            figure.add_annotation(
                text=NO_ANSWERS,
                x=0.5,
                y=0.5,
                xref=f"x{number} domain",
                yref=f"y{number} domain",
                showarrow=False,
                font={"color": _GREY, "size": 16},
            )
    figure.update_yaxes(
        range=[-0.3, top + 0.3],
        tickmode="array",
        tickvals=list(range(top + 1)),
        ticktext=[_label(rung.label) for rung in ladder.rungs],
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
    _layout(figure, title, 130 + 300 * rows, margin={"l": 24, "r": 32, "t": 110, "b": 48})

    sentences = [
        f"Each of {len(framework.themes)} small charts shows one theme's average position on "
        f"the ladder (0 = {ladder.rungs[0].label}, {top} = {ladder.rungs[-1].label}) in "
        f"{len(rounds)} {'round' if len(rounds) == 1 else 'rounds'}.",
    ]
    moves = []
    for theme in framework.themes:
        known = [(t, v) for t, v in zip(titles, means[theme.id], strict=True) if v is not None]
        if len(known) >= 2 and known[0][0] != known[-1][0]:
            moves.append((theme.title, known[0], known[-1], known[-1][1] - known[0][1]))
    if moves:
        up = [m for m in moves if round(m[3], 1) > 0]
        down = [m for m in moves if round(m[3], 1) < 0]
        biggest = max(moves, key=lambda m: abs(m[3]))
        sentences.append(
            f"From first to last answered round, {len(up)} of {len(moves)} themes went up and "
            f"{len(down)} went down."
        )
        if round(biggest[3], 1) != 0:
            sentences.append(
                f"{biggest[0]} moved most, from {_tenths(biggest[1][1])} in {biggest[1][0]} to "
                f"{_tenths(biggest[2][1])} in {biggest[2][0]}."
            )
    else:
        latest = [
            (theme.title, v)
            for theme in framework.themes
            for v in [next((v for v in reversed(means[theme.id]) if v is not None), None)]
            if v is not None
        ]
        high = max(latest, key=lambda item: item[1])
        sentences.append(f"{high[0]} is highest, at {_tenths(high[1])}.")
    return Chart(title, figure, " ".join(sentences), table)
