"""The report as a PDF for the board pack: WeasyPrint lays out the report's HTML with print
styles on A4 (page numbers, the organisation and the date in the footer), tagged for screen
readers (PDF/UA-1) with its fonts embedded; charts are vector SVG drawn by kaleido, each
with its text alternative written under it."""

from __future__ import annotations

from concurrent.futures import Future

from toolkit.charts import Chart

from .css import BASE, PAPER
from .document import document, esc
from .errors import ReportUnavailable
from .figures import report_charts, untitled
from .model import Report
from .svg import ChartRenderer, start_renderer, stop_renderer

CHART_WIDTH = 820
"""CSS pixels a chart is drawn at; on paper it is scaled to the text width (about 180 mm)."""
PRINT_FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
"""One font for the browser that measures a chart's words and for WeasyPrint, which draws
them, so that labels fit where they were measured to."""


def _weasyprint():
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:  # OSError: its Pango library is missing
        raise ReportUnavailable(
            "The PDF needs WeasyPrint (and its Pango library), which is not installed on this "
            f"computer ({error.__class__.__name__}). The HTML report needs neither."
        ) from None
    return HTML, URLFetcher


def pdf_unavailable() -> str | None:
    """Why this computer cannot make a PDF, in plain words, or None when it can (without
    starting a browser)."""
    from .svg import browser_path

    try:
        _weasyprint()
        import kaleido  # noqa: F401
    except ReportUnavailable as error:
        return str(error)
    except ImportError:
        return "The charts for the PDF need the kaleido package, which is not installed."
    try:
        browser_path()
    except ReportUnavailable as error:
        return str(error)
    return None


def _chart_fetcher(fetcher_class, drawings: dict[str, Future]):
    """A URL fetcher for WeasyPrint that hands over each chart's SVG (`chart:KEY`) when the
    layout reaches it, waiting for the browser only then, and reads nothing else but `data:`
    addresses: nothing from the network or the disk. Any failure stops the PDF."""
    from weasyprint.urls import URLFetcherResponse

    class ChartFetcher(fetcher_class):
        def fetch(self, url, headers=None):
            if url.startswith("chart:"):
                svg = drawings[url.removeprefix("chart:")].result()
                return URLFetcherResponse(
                    url, svg.encode("utf-8"), {"Content-Type": "image/svg+xml"}
                )
            return super().fetch(url, headers)

    return ChartFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def render_pdf(report: Report, renderer: ChartRenderer | None = None) -> bytes:
    """The whole report as PDF bytes. Raises ReportUnavailable when WeasyPrint, kaleido or
    Chromium is missing, or Chromium cannot draw the charts."""
    html_class, fetcher_class = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    shared = renderer is None
    renderer = renderer or start_renderer()  # the browser starts while the charts are made
    charts = report_charts(report)
    drawings: dict[str, Future] = {}
    for key, chart in charts.all():
        figure = untitled(chart, key, PRINT_FONT)
        height = int(figure["layout"].get("height") or 450)
        drawings[key] = renderer.draw(figure, CHART_WIDTH, height)

    def draw(chart: Chart, key: str) -> str:
        return f'<img src="chart:{key}" alt="Chart: {esc(chart.title)}.">'

    page = document(report, charts, draw, css=BASE + PAPER)
    try:
        return html_class(
            string=page, url_fetcher=_chart_fetcher(fetcher_class, drawings)
        ).write_pdf(pdf_variant="pdf/ua-1", custom_metadata=False)
    except FatalURLFetchingError as error:
        cause = error.__cause__
        if shared:
            stop_renderer()  # a new browser is started for the next PDF
        if isinstance(cause, ReportUnavailable):
            raise cause from None
        raise ReportUnavailable(f"The charts for the PDF could not be drawn ({cause}).") from cause
    finally:
        for drawing in drawings.values():
            drawing.cancel()  # any not needed after all (nothing, normally)
