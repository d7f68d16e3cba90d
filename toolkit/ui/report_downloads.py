"""The board report to download from a page: a PDF for the board pack, one HTML file that
opens offline, and a workbook of the figures (`toolkit.reports` makes all three).

Board progress offers the report on all rounds of the framework it shows; Results, on the
round it shows. Anyone who may read an organisation's progress may download its report (a
board viewer too: the workbook's Answers sheet leaves out what they may not see); someone
who may not is offered nothing.

Nothing is made on a plain rerun of the page. The HTML file and the workbook are made when
their download button is pressed (Streamlit calls the function that makes the file then,
off the page's run). The PDF takes a few seconds, so it is made when "Make the PDF" is
pressed, inside a fragment (only this section runs again), and kept for this session; its
download button appears then. When this computer cannot make a PDF (no WeasyPrint, kaleido
or Chromium), the section says so in plain words and the other two downloads stay.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from toolkit import reports
from toolkit.service import Actor, Can, Service
from toolkit.store import DatabaseUnavailable, Organisation, StoreError
from toolkit.ui import context
from toolkit.ui.printing import SCREEN_ONLY
from toolkit.ui.text import markdown_safe as safe

log = logging.getLogger("toolkit.ui")

PDF_KEPT = "report_pdf"
"""Session state (with the section's key after it): the PDF made last, or why none could be."""
PDF_FAILED = (
    "The PDF could not be made this time. Try again in a minute, or download the HTML report "
    "and print it from your web browser."
)
FILE_FAILED = "The report could not be made: the download was stopped."


@dataclass(frozen=True)
class _Kept:
    """What the last press of "Make the PDF" gave, for the rounds it was made for."""

    scope: tuple[int, tuple[int, ...]]
    pdf: bytes | None
    file_name: str
    made_at: str
    problem: str | None
    """Plain words (escaped when shown) when no PDF could be made."""
    unavailable: bool
    """The problem is that this computer cannot make a PDF at all."""


def offer(organisation: Organisation, round_ids: Sequence[int], covers: str, *, key: str) -> None:
    """The "Board report" section: download buttons for the report on these rounds of the
    organisation, for anyone who may read its progress (nothing at all for anyone else).
    `covers` is Markdown saying what the report covers (escape any name in it)."""
    if not context.service().may(context.actor(), Can.READ_PROGRESS, organisation.id):
        return
    _section(organisation, tuple(round_ids), covers, key)


@st.fragment
def _section(organisation: Organisation, round_ids: tuple[int, ...], covers: str, key: str) -> None:
    # A fragment's own rerun is outside the page's safety net.
    with st.container(key=f"{SCREEN_ONLY}report_{key}"), context.safety_net():
        _downloads(organisation, round_ids, covers, key)


def _downloads(
    organisation: Organisation, round_ids: tuple[int, ...], covers: str, key: str
) -> None:
    service, actor = context.service(), context.actor()
    st.header("Board report")
    st.markdown(covers)
    st.caption(
        "The PDF is for printing and the board pack. The HTML file opens in any web browser, "
        "even offline, with charts you can point at. The workbook holds the figures, a sheet "
        "for each view."
    )
    today = dt.date.today()
    pdf_column, html_column, xlsx_column = st.columns(3)
    with html_column:
        st.download_button(
            "Download the HTML report",
            data=_maker(service, actor, organisation.id, round_ids, reports.ReportFormat.html),
            file_name=_file_name(organisation, today, reports.ReportFormat.html),
            mime=reports.MEDIA_TYPES[reports.ReportFormat.html],
            key=f"{key}_report_html",
            on_click="ignore",
            icon=":material/download:",
            help="One file with the whole report, made when you press this.",
        )
    with xlsx_column:
        st.download_button(
            "Download the figures (XLSX)",
            data=_maker(service, actor, organisation.id, round_ids, reports.ReportFormat.xlsx),
            file_name=_file_name(organisation, today, reports.ReportFormat.xlsx),
            mime=reports.MEDIA_TYPES[reports.ReportFormat.xlsx],
            key=f"{key}_report_xlsx",
            on_click="ignore",
            icon=":material/table_view:",
            help="A workbook for Excel or LibreOffice, made when you press this.",
        )
    with pdf_column:
        _pdf(service, actor, organisation, round_ids, key)


def _pdf(
    service: Service,
    actor: Actor,
    organisation: Organisation,
    round_ids: tuple[int, ...],
    key: str,
) -> None:
    scope = (organisation.id, round_ids)
    kept_key = f"{PDF_KEPT}_{key}"
    kept = st.session_state.get(kept_key)
    if not isinstance(kept, _Kept) or kept.scope != scope:
        kept = None
    if st.button(
        "Make the PDF",
        key=f"{key}_make_pdf",
        icon=":material/picture_as_pdf:",
        help="Makes the report as a PDF for printing. It takes a few seconds.",
    ):
        with st.spinner("Making the PDF. This takes a few seconds…"):
            kept = _make_pdf(service, actor, organisation, round_ids, scope)
        st.session_state[kept_key] = kept
    if kept is None:
        return
    if kept.pdf is not None:
        st.download_button(
            "Download the PDF",
            data=kept.pdf,
            file_name=kept.file_name,
            mime=reports.MEDIA_TYPES[reports.ReportFormat.pdf],
            key=f"{key}_report_pdf",
            on_click="ignore",
            type="primary",
            icon=":material/download:",
        )
        st.caption(f"Made at {kept.made_at}.")
    elif kept.unavailable:
        st.warning(
            "This computer cannot make the PDF: "
            + safe(kept.problem)
            + " The HTML report has everything the PDF has: download it, open it in a web "
            "browser and print it from there."
        )
    else:
        st.error(safe(kept.problem))


def _make_pdf(
    service: Service,
    actor: Actor,
    organisation: Organisation,
    round_ids: tuple[int, ...],
    scope: tuple[int, tuple[int, ...]],
) -> _Kept:
    """The PDF, or plain words saying why there is none; never an exception."""
    now = dt.datetime.now()
    name = _file_name(organisation, now.date(), reports.ReportFormat.pdf)

    def kept(pdf: bytes | None, problem: str | None = None, unavailable: bool = False) -> _Kept:
        return _Kept(scope, pdf, name, f"{now:%H:%M}", problem, unavailable)

    reason = reports.pdf_unavailable()
    if reason:
        return kept(None, reason, unavailable=True)
    try:
        reports.start_renderer()  # Chromium starts while the report is gathered
        report = reports.build_report(service, actor, organisation.id, list(round_ids))
        return kept(reports.render_pdf(report))
    except reports.ReportUnavailable as error:
        return kept(None, str(error), unavailable=True)
    except (StoreError, DatabaseUnavailable) as error:
        return kept(None, str(error))
    except Exception:
        log.exception("The board report PDF could not be made")
        return kept(None, PDF_FAILED)


def _maker(
    service: Service,
    actor: Actor,
    organisation_id: int,
    round_ids: tuple[int, ...],
    format: reports.ReportFormat,
) -> Callable[[], bytes]:
    """What Streamlit calls, off the page's run, when a download button is pressed: the
    report in one format, gathered then (so it has the latest answers)."""

    def make() -> bytes:
        try:
            report = reports.build_report(service, actor, organisation_id, list(round_ids))
            return reports.make_report(report, format, service, actor)
        except Exception:
            # Streamlit then says "Failed to generate file for download" beside the button.
            log.exception("The board report (%s) could not be made", format.value)
            raise RuntimeError(FILE_FAILED) from None

    return make


def _file_name(organisation: Organisation, day: dt.date, format: reports.ReportFormat) -> str:
    """The name `reports.file_name` gives a report of this organisation made on `day`, worked
    out without gathering the report."""
    return reports.file_name(
        reports.Report(
            organisation=organisation,
            made_on=day,
            minimum=organisation.minimum_group_size,
            rounds=(),
            left_out=(),
            moved=None,
            actions=None,
            action_summary=None,
        ),
        format,
    )
