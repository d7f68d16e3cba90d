"""How every chart looks: colours, fonts, sizes, layout, colour contrast, and text drawn safely.

Colours are Okabe–Ito's, safe for the common kinds of colour blindness, and groups are told
apart by words as well as colour. No text in a figure is smaller than `MIN_TEXT`.

Plotly reads a little HTML in every label it draws (`<a href>`, `<b>`, `<br>`, `<span
style>`) and decodes entities, and `%{...}` in a hover template is a placeholder. So every
word that came from a framework file or a person goes into a figure through `label` or
`wrap`, which escape it, and never into a hover template itself: hover templates name it
through `customdata`.
"""

from __future__ import annotations

import html
import textwrap

import plotly.colors
import plotly.graph_objects as go

from toolkit.framework import Ladder

# Okabe–Ito colours, safe for the common kinds of colour blindness.
GROUP_COLOURS: dict[str, str] = {
    "doing_to": "#D55E00",
    "doing_for": "#E69F00",
    "doing_with": "#0072B2",
}
# The two sides of the lived-experience gap: a colour and a marker shape each, so shape tells
# them apart too.
LIVED_STYLE = {"color": "#CC79A7", "symbol": "circle"}
OTHERS_STYLE = {"color": "#000000", "symbol": "diamond"}
LINE_COLOUR = "#0072B2"
TEXT_COLOUR = "#1F1F1F"
GREY = "#767676"  # 4.5:1 on white
_BLUES = plotly.colors.sequential.Blues
HEATMAP_SCALE = [[i / (len(_BLUES) - 1), colour] for i, colour in enumerate(_BLUES)]

FONT = {"family": "Arial, Helvetica, sans-serif", "size": 16, "color": TEXT_COLOUR}
TITLE_SIZE = 20
MIN_TEXT = 14
ROW = 56  # height of one bar or dot row, px
CHROME = 170  # title, axis and legend, px


# --- Text drawn in a figure -------------------------------------------------------------------


def label(text: str) -> str:
    """Text for a figure, drawn exactly as written: plotly reads `<`, `>`, `&` as markup and
    entities, so they are escaped (as the entities plotly knows); `$` too, which plotly hands
    to MathJax where a page has it. A line break in the text becomes a space."""
    text = " ".join(str(text).split())
    return html.escape(text, quote=False).replace("$", "&#36;")


def wrap(text: str, width: int) -> str:
    """Text for a figure in lines of `width` characters at most, each escaped (`label`)."""
    return "<br>".join(label(line) for line in textwrap.wrap(text, width)) or label(text)


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


def layout(
    figure: go.Figure, title: str, height: int, *, wrap_at: int | None = None, **settings: object
) -> go.Figure:
    """Lay out a figure under its (plain) title, wrapped at `wrap_at` characters if given."""
    defaults: dict[str, object] = {
        "title": {
            "text": wrap(title, wrap_at) if wrap_at else label(title),
            "x": 0,
            "xanchor": "left",
            "font": {"size": TITLE_SIZE},
        },
        "font": FONT,
        "height": height,
        "margin": {"l": 24, "r": 32, "t": 80, "b": 48},
        "template": "plotly_white",
        "hoverlabel": {"font": {"size": 16, "family": FONT["family"]}},
        "uniformtext": {"minsize": MIN_TEXT, "mode": "hide"},
    }
    figure.update_layout({**defaults, **settings})
    return figure


def legend_on_top() -> dict[str, object]:
    return {
        "orientation": "h",
        "yanchor": "bottom",
        "y": 1.0,
        "xanchor": "left",
        "x": 0,
        "traceorder": "normal",
        "font": {"size": 16},
    }


def rung_axis(ladder: Ladder) -> dict[str, object]:
    """An axis along the ladder: positions 0..rungs-1 labelled with the rung labels."""
    top = len(ladder.rungs) - 1
    return {
        "range": [-0.3, top + 0.3],
        "tickmode": "array",
        "tickvals": list(range(top + 1)),
        "ticktext": [label(rung.label) for rung in ladder.rungs],
        "showgrid": True,
        "zeroline": False,
        "automargin": True,
    }


def rows_axis(figure: go.Figure, labels: list[str]) -> None:
    """The y axis of a chart of rows (themes as drawn): the first at the top, in order."""
    figure.update_yaxes(
        categoryorder="array",
        categoryarray=labels,
        autorange="reversed",
        automargin=True,
        ticksuffix="  ",
    )


def round_axis(figure: go.Figure, labels: list[str]) -> None:
    """The x axis of a line over rounds: one category a round, in order, each given room."""
    figure.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=labels,
        range=[-0.5, len(labels) - 0.5],
        automargin=True,
    )


def reference_line(figure: go.Figure, y: float, text: str) -> None:
    """A dashed grey line across the plot at `y`, named at its left end (plain `text`)."""
    figure.add_hline(
        y=y,
        line={"color": GREY, "dash": "dash", "width": 2},
        annotation_text=label(text),
        annotation_position="top left",
        annotation_font={"size": 16, "color": TEXT_COLOUR},
    )


def value_above(figure: go.Figure, x: str, y: float, text: str) -> None:
    """A value written above its dot (`x` as drawn, `text` plain), on a white ground so that a
    reference line cannot cross it."""
    figure.add_annotation(
        x=x,
        y=y,
        text=label(text),
        yshift=22,
        showarrow=False,
        bgcolor="rgba(255, 255, 255, 0.9)",
        font={"size": 16, "color": TEXT_COLOUR},
    )


def mark_empty(figure: go.Figure, text: str, **where: object) -> None:
    """A grey note on a figure where a row or a small chart has nothing to show."""
    figure.add_annotation(text=text, showarrow=False, font={"color": GREY, "size": 16}, **where)
