"""The report as one self-contained HTML file for reading offline: interactive charts, with
plotly.js written into the file from the installed plotly package, and nothing loaded from
the network (no scripts, styles, fonts or images from anywhere else)."""

from __future__ import annotations

import plotly.io

from toolkit.charts import Chart

from .css import BASE, SCREEN
from .document import document
from .figures import report_charts, untitled
from .model import Report

PLOT_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "svg"},
}


def render_html(report: Report) -> str:
    """The whole report as one HTML document (a few megabytes: plotly.js is inside it)."""
    first = [True]

    def draw(chart: Chart, key: str) -> str:
        plot = plotly.io.to_html(
            untitled(chart, key),
            validate=False,  # checked when the chart was made
            full_html=False,
            include_plotlyjs=first[0],  # plotly.js once, inline, from the installed package
            include_mathjax=False,
            config=PLOT_CONFIG,
            div_id=f"plot-{key}",
            default_width="100%",
        )
        first[0] = False
        return f'<div class="plot">{plot}</div>'

    return document(report, report_charts(report), draw, css=BASE + SCREEN)
