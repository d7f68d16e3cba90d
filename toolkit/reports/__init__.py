"""Board reports: one report model for an organisation's rounds of one framework, from the
service layer, shown three ways: a PDF for the board pack, one offline HTML file, and a
workbook of the figures. No Streamlit here: the command line and the pages both call this.

    report = build_report(service, actor, "Riverside Care (demo)")       # or rounds=[4, 5]
    render_html(report)                  # str: one self-contained file, nothing from the network
    render_pdf(report)                   # bytes: A4, tagged (PDF/UA-1), fonts embedded
    render_xlsx(report, service, actor)  # bytes: one sheet per view, no formulas

`render_pdf` raises `ReportUnavailable` (plain words) when WeasyPrint, kaleido or Chromium is
missing; `pdf_unavailable()` says so beforehand without starting anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from toolkit.service import Actor, Service

from .errors import ReportUnavailable
from .html import render_html
from .model import (
    Report,
    ReportProblem,
    RoundReport,
    build_report,
    find_organisation,
    round_ids,
)
from .pdf import pdf_unavailable, render_pdf
from .svg import start_renderer, stop_renderer
from .xlsx import render_xlsx

__all__ = [
    "MEDIA_TYPES",
    "ReportFormat",
    "Report",
    "ReportProblem",
    "ReportUnavailable",
    "RoundReport",
    "build_report",
    "file_name",
    "find_organisation",
    "make_report",
    "pdf_unavailable",
    "render_html",
    "render_pdf",
    "render_xlsx",
    "round_ids",
    "start_renderer",
    "stop_renderer",
    "write_report",
]


class ReportFormat(StrEnum):
    pdf = "pdf"
    html = "html"
    xlsx = "xlsx"


MEDIA_TYPES = {
    ReportFormat.pdf: "application/pdf",
    ReportFormat.html: "text/html",
    ReportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def make_report(
    report: Report, format: ReportFormat | str, service: Service, actor: Actor
) -> bytes:
    """The report in one format, as the bytes of its file."""
    chosen = ReportFormat(format)
    if chosen is ReportFormat.pdf:
        return render_pdf(report)
    if chosen is ReportFormat.html:
        return render_html(report).encode("utf-8")
    return render_xlsx(report, service, actor)


def file_name(report: Report, format: ReportFormat | str) -> str:
    """A file name for a download: 'riverside-care-demo-report-2026-09-15.pdf'."""
    words = "".join(c if c.isalnum() else " " for c in report.organisation.name.lower()).split()
    stem = "-".join(words)[:60].strip("-") or "organisation"
    return f"{stem}-report-{report.made_on.isoformat()}.{ReportFormat(format).value}"


def write_report(
    service: Service,
    actor: Actor,
    organisation: str,
    rounds: str | Sequence[int] | None,
    format: ReportFormat | str,
    out: Path,
    *,
    today: dt.date | None = None,
) -> Report:
    """Build the report for an organisation (by name or id) and write it to `out`: what
    `toolkit report` does. Returns the report written."""
    chosen = round_ids(rounds) if isinstance(rounds, str) or rounds is None else list(rounds)
    if ReportFormat(format) is ReportFormat.pdf:
        start_renderer()  # Chromium starts while the report is gathered
    report = build_report(service, actor, organisation, chosen, today=today)
    data = make_report(report, format, service, actor)
    Path(out).write_bytes(data)
    return report
