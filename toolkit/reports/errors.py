"""The one error a report format raises when this computer cannot make it."""

from __future__ import annotations


class ReportUnavailable(Exception):
    """A format needs software this computer does not have (WeasyPrint for the PDF, kaleido
    and Chromium for its charts). The message says what is missing in plain words; the HTML
    report and the workbook need none of it, so a page can still offer those."""
