"""What every chart function returns, and what they share: an empty chart, table columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from toolkit import describe
from toolkit.charts.style import TEXT_COLOUR, layout
from toolkit.scoring import Figures, Scores


@dataclass(frozen=True, eq=False)
class Chart:
    """A figure with its text alternative and its data as a table."""

    title: str
    figure: go.Figure
    alt: str
    """1–3 plain-English sentences: what the chart shows and its main finding, with numbers."""
    table: pd.DataFrame
    """The same data, with human column names and rounded values."""


def no_answers_chart(title: str, alt: str, table: pd.DataFrame) -> Chart:
    """A chart with nothing to draw: its title, "No answers yet" in the middle, and its words."""
    figure = go.Figure()
    figure.add_annotation(
        text=describe.NO_ANSWERS,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 20, "color": TEXT_COLOUR},
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    layout(figure, title, 320)
    return Chart(title, figure, alt, table)


def tenths_column(values: Sequence[float | None]) -> pd.arrays.FloatingArray:
    """A table column of figures to one decimal place, as the sentences give them (halves up:
    `describe.tenths`), blank where there is none."""
    return pd.array([describe.tenths_number(v) for v in values], dtype="Float64")


def percent_column(values: Sequence[float | None]) -> pd.arrays.IntegerArray:
    """A table column of whole percentages, as the sentences give them (`describe.whole`)."""
    return pd.array([None if v is None else describe.whole(v) for v in values], dtype="Int64")


def share(count: int, total: int) -> float | None:
    """A count as a percentage of a total, for drawing; None when there is no total."""
    return 100 * count / total if total else None


def theme_figures(scores: Scores) -> dict[str, Figures]:
    return {theme.id: theme.figures for theme in scores.themes}
