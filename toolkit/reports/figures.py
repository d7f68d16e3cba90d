"""The report's charts, from `toolkit.charts` (each with its text alternative and its table),
over the rounds the report shows."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit import charts
from toolkit.charts import Chart

from .model import Report


@dataclass(frozen=True)
class ReportCharts:
    """Each chart the report shows, or None where it has nothing to show."""

    journey: Chart | None
    """Journey % round by round."""
    gap: Chart | None
    """The lived-experience gap round by round (None when no round has one to show)."""
    themes: Chart | None
    """Each theme round by round (two rounds or more), or on the ladder (one round)."""
    groups: Chart | None
    """Doing to, for and with by theme, in the latest round."""
    sides: Chart | None
    """Lived experience beside staff and others by theme, in the latest round (when both
    sides have the minimum)."""

    def all(self) -> list[tuple[str, Chart]]:
        """The charts there are, with a short key each, in the order the report shows them."""
        named = [
            ("journey", self.journey),
            ("gap", self.gap),
            ("themes", self.themes),
            ("groups", self.groups),
            ("sides", self.sides),
        ]
        return [(key, chart) for key, chart in named if chart is not None]


def report_charts(report: Report) -> ReportCharts:
    shown = report.shown
    if not shown:
        return ReportCharts(None, None, None, None, None)
    latest = shown[-1]
    framework = report.framework
    rounds = [(r.round.title, r.scores) for r in shown]
    themes = (
        charts.theme_trends(framework, rounds)
        if len(shown) >= 2
        else charts.theme_radar(framework, latest.scores)
    )
    results = latest.results
    sides = (
        charts.perspective_dumbbell(framework, results.lived, results.others)
        if results.lived is not None and results.others is not None
        else None
    )
    gaps = [(r.round.title, r.gap) for r in shown]
    return ReportCharts(
        journey=charts.journey_trend(framework.ladder, rounds),
        # No round with a gap to show: the report says why in words instead.
        gap=charts.gap_trend(gaps) if any(g is not None for _, g in gaps) else None,
        themes=themes,
        groups=charts.theme_groups(framework, latest.scores),
        sides=sides,
    )


def untitled(chart: Chart, key: str, font: str | None = None) -> dict:
    """A chart's figure for the report (as a plotly figure dict), which writes the chart's
    title as text just above it: so a screen reader and a search find it, and the legend has
    the top to itself. Small multiples get slanted round names, so that those of side-by-side
    charts do not run into each other; `font` sets the figure's font family."""
    figure = chart.figure.to_dict()
    layout = figure.setdefault("layout", {})
    layout.pop("title", None)
    legend_on_top = layout.get("legend", {}).get("orientation") == "h"
    top = 76 if legend_on_top else 40
    margin = layout.setdefault("margin", {})
    height, was = layout.get("height"), margin.get("t")
    if height and was and was > top:
        layout["height"] = height - (was - top)
    margin["t"] = top
    if key == "themes":
        for name, axis in layout.items():
            if name.startswith("xaxis") and isinstance(axis, dict):
                axis["tickangle"] = -30
    if font:
        layout.setdefault("font", {})["family"] = font
        layout.setdefault("hoverlabel", {}).setdefault("font", {})["family"] = font
    return figure
