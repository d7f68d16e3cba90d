"""The board report's downloads on Board progress and Results, through AppTest: who is offered
them, what the HTML file and the workbook hold, the PDF made on a button press (and what the
page says when this computer cannot make one), and nothing report-related on a plain rerun.

The HTML file and the workbook are made when their download button is pressed: the page
hands Streamlit a function that makes the file. These tests catch those functions as the
page hands them over, and call them as Streamlit would.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile

import openpyxl
import pytest
from conftest import click, open_page, sign_in_as
from reading import read_all, shown

from toolkit import reports
from toolkit.framework import builtin_frameworks
from toolkit.service import Operator, Service

DEMO = "Riverside Care (demo)"
MIR = builtin_frameworks()["making-it-real"]
DOWNLOADS = ["Download the HTML report", "Download the figures (XLSX)"]
UNAVAILABLE = (
    "The PDF needs WeasyPrint (and its Pango library), which is not installed on this computer "
    "(ImportError). The HTML report needs neither."
)


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch) -> dict:
    """The files the page's download buttons would make when pressed, by file name: each a
    (media type, function that makes it) pair, as the page handed them to Streamlit."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    handed: dict = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        handed[file_name] = (mimetype, data_callable)
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return handed


def name(extension: str) -> str:
    return f"riverside-care-demo-report-{dt.date.today().isoformat()}.{extension}"


def section(at) -> dict:
    """What the page offers of the board report."""
    return {
        "heading": "Board report" in [h.value for h in at.header],
        "buttons": [b.label for b in at.button if "PDF" in b.label],
        "downloads": [d.label for d in at.download_button],
    }


OFFERED = {
    "heading": True,
    "buttons": ["Make the PDF"],
    "downloads": DOWNLOADS,
}
NOTHING = {"heading": False, "buttons": [], "downloads": []}


@pytest.mark.parametrize("page", ["progress", "results"])
@pytest.mark.parametrize("role", ["lead", "board_viewer"])
def test_a_lead_and_a_board_viewer_are_offered_the_report(demo_app, page, role):
    token = sign_in_as(demo_app, f"{role}@example.org", role, DEMO)
    at = open_page(page, token=token)
    assert not at.exception and not at.error
    assert section(at) == OFFERED


def test_what_each_page_says_the_report_covers(demo_app):
    rounds = demo_app.rounds()
    text = shown(open_page("progress"))
    assert (
        f"The report for **{DEMO}** on 3 rounds of *Making it Real: personalised care and "
        "support, worked out together*: the journey and the lived-experience gap round by "
        "round, what moved and why, where people disagree, agreed rungs, actions and how the "
        "figures are worked out."
    ) in text
    text = shown(open_page("results"))
    assert (
        f"The report for **{DEMO}** on *{rounds[-1].title}*: its figures and charts, lived "
        "experience beside staff and others, where people disagree, agreed rungs, actions and "
        "how the figures are worked out. It shows everyone's answers, whoever “Whose answers” "
        "shows above."
    ) in text


def test_nothing_report_related_for_someone_who_may_not_read_progress(demo_app):
    """A facilitator reads a round's results but not the organisation's progress, which the
    report is; someone not signed in, or signed in for another organisation, sees neither."""
    facilitator = sign_in_as(demo_app, "facilitator@example.org", "facilitator", DEMO)
    at = open_page("results", token=facilitator)
    assert not at.exception and not at.error
    assert "Journey" in [m.label for m in at.metric]  # the results are there
    assert section(at) == NOTHING
    assert "Board report" not in shown(at)

    other = Service(demo_app).create_organisation(Operator(), "Hillside Homes")
    outsider = sign_in_as(demo_app, "lead@hillside.example.org", "lead", other.name)
    demo = demo_app.organisations()[0].id
    for page in ("results", "progress"):
        at = open_page(page, token=outsider, org=demo)
        assert not at.exception
        assert section(at) == NOTHING
        assert DEMO not in shown(at)
    at = open_page(token=None, org=demo)
    assert not at.exception
    assert section(at) == NOTHING and DEMO not in shown(at)


def test_the_html_report_is_made_when_its_button_is_pressed(demo_app, files):
    rounds = demo_app.rounds()
    at = open_page("progress")
    assert not at.exception
    media_type, make = files[name("html")]
    assert media_type == "text/html"
    html = make().decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert DEMO in html
    for round_ in rounds:
        assert round_.title in html
    # Its statements in words: the first to move up most since the round before.
    assert "I hear about my rights and options early, before decisions are made" in html


def workbook(make) -> openpyxl.Workbook:
    data = make()
    assert zipfile.is_zipfile(io.BytesIO(data))
    return openpyxl.load_workbook(io.BytesIO(data))


def round_titles(book: openpyxl.Workbook) -> list[str]:
    """The rounds a workbook's Rounds sheet lists (under its heading row)."""
    return [row[0] for row in book["Rounds"].iter_rows(min_row=2, values_only=True) if row[0]]


def test_the_workbook_holds_the_figures_of_every_round(demo_app, files):
    token = sign_in_as(demo_app, "board_viewer@example.org", "board_viewer", DEMO)
    open_page("progress", token=token)
    media_type, make = files[name("xlsx")]
    assert media_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = workbook(make)
    assert book.sheetnames == [
        "About",
        "Rounds",
        "Themes",
        "Statements",
        "Agreed rungs",
        "Actions",
        "Answers",
    ]
    assert round_titles(book) == [r.title for r in demo_app.rounds()]
    assert ("Organisation", DEMO) in book["About"].iter_rows(values_only=True)


def test_the_report_on_results_covers_the_round_shown(demo_app, files):
    earlier = demo_app.rounds()[-2]
    open_page("results", round=earlier.id)
    assert round_titles(workbook(files[name("xlsx")][1])) == [earlier.title]
    html = files[name("html")][1]().decode("utf-8")
    assert DEMO in html and earlier.title in html


def test_a_file_that_cannot_be_made_says_so_in_plain_words(demo_app, files, monkeypatch):
    """Streamlit shows its own "Failed to generate file for download" beside the button; what
    it is handed carries no traceback, only plain words."""
    open_page("progress")

    def broken(*args, **kwargs):
        raise ValueError("an internal detail")

    monkeypatch.setattr(reports, "render_html", broken)
    monkeypatch.setattr(reports, "make_report", broken)
    with pytest.raises(RuntimeError) as raised:
        files[name("html")][1]()
    assert str(raised.value) == "The report could not be made: the download was stopped."
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_nothing_report_related_runs_on_a_plain_rerun(demo_app, monkeypatch):
    called = []

    def record(what):
        def called_with(*args, **kwargs):
            called.append(what)
            raise AssertionError(f"{what} ran on a plain rerun")

        return called_with

    for what in (
        "build_report",
        "make_report",
        "render_html",
        "render_pdf",
        "render_xlsx",
        "pdf_unavailable",
        "start_renderer",
    ):
        monkeypatch.setattr(reports, what, record(what))
    for page in ("progress", "results"):
        at = open_page(page)
        assert not at.exception and not at.error
        next(s for s in at.selectbox if s.label == "Organisation").set_value(
            demo_app.organisations()[0].id
        ).run()
        at.toggle[1].set_value(True).run()  # "Show as table" on the first chart
        assert not at.exception and not at.error
    assert called == []


def test_the_pdf_unavailable_says_so_and_still_offers_the_html(demo_app, monkeypatch):
    monkeypatch.setattr(reports, "pdf_unavailable", lambda: UNAVAILABLE)
    at = open_page("progress")
    assert "Download the PDF" not in [d.label for d in at.download_button]
    click(at, "Make the PDF")
    assert not at.error
    assert read_all(w.value for w in at.warning) == [
        f"This computer cannot make the PDF: {UNAVAILABLE} The HTML report has everything the "
        "PDF has: download it, open it in a web browser and print it from there."
    ]
    assert [d.label for d in at.download_button] == DOWNLOADS
    # The message stays while the page is used, until the PDF is tried again.
    next(s for s in at.selectbox if s.label == "From round").set_value(
        demo_app.rounds()[0].id
    ).run()
    assert len(at.warning) == 1


def test_a_renderer_that_fails_midway_says_so_plainly(demo_app, monkeypatch):
    def no_chromium(report, renderer=None):
        raise reports.ReportUnavailable(
            "The charts for the PDF need Chromium, which is not installed on this computer "
            "(on Debian: apt-get install chromium)."
        )

    monkeypatch.setattr(reports, "pdf_unavailable", lambda: None)
    monkeypatch.setattr(reports, "start_renderer", lambda: None)
    monkeypatch.setattr(reports, "render_pdf", no_chromium)
    at = click(open_page("results"), "Make the PDF")
    assert not at.error
    assert "This computer cannot make the PDF: The charts for the PDF need Chromium" in shown(at)
    assert [d.label for d in at.download_button] == DOWNLOADS


def test_an_unexpected_failure_shows_no_traceback(demo_app, monkeypatch):
    def broken(report, renderer=None):
        raise KeyError("layout")

    monkeypatch.setattr(reports, "pdf_unavailable", lambda: None)
    monkeypatch.setattr(reports, "start_renderer", lambda: None)
    monkeypatch.setattr(reports, "render_pdf", broken)
    at = click(open_page("progress"), "Make the PDF")
    assert read_all(e.value for e in at.error) == [
        "The PDF could not be made this time. Try again in a minute, or download the HTML "
        "report and print it from your web browser."
    ]
    assert "Traceback" not in shown(at) and "KeyError" not in shown(at)
    assert not at.exception


@pytest.mark.skipif(reports.pdf_unavailable() is not None, reason="this computer makes no PDF")
def test_a_board_viewer_makes_the_pdf_and_downloads_it(demo_app, tmp_path):
    """The real PDF, made by WeasyPrint with Chromium drawing its charts (a few seconds)."""
    rounds = demo_app.rounds()
    token = sign_in_as(demo_app, "board_viewer@example.org", "board_viewer", DEMO)
    at = open_page("progress", token=token)
    at = click(at, "Make the PDF")
    assert not at.error and not at.warning
    assert [d.label for d in at.download_button] == ["Download the PDF", *DOWNLOADS]
    assert [b.label for b in at.button if "PDF" in b.label] == ["Make the PDF"]
    assert re.search(r"^Made at \d\d:\d\d\.$", shown(at), re.MULTILINE)
    kept = at.session_state["report_pdf_progress"]
    assert kept.file_name == name("pdf")
    assert kept.pdf.startswith(b"%PDF-")
    path = tmp_path / kept.file_name
    path.write_bytes(kept.pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert DEMO in text
    for round_ in rounds:
        assert round_.title in text
    # The PDF stays on offer as the page is used.
    next(s for s in at.selectbox if s.label == "From round").set_value(rounds[0].id).run()
    assert [d.label for d in at.download_button] == ["Download the PDF", *DOWNLOADS]


@pytest.mark.parametrize("page", ["progress", "results"])
def test_easy_read_offers_no_board_report(demo_app, page):
    """The report is written for a board, not in Easy Read: the Easy Read pages leave it out
    (switching Easy Read off brings it back)."""
    at = open_page(page, easy=True)
    assert not at.exception and not at.error
    assert section(at) == NOTHING
