"""Printing Board progress and Results, and downloading the board report, in Chromium.

A page printed from the browser (the app's own print stylesheet, toolkit/ui/printing.py)
fits A4: every chart scaled to the width of the paper and on one page with its heading and
its text alternative, no control printed, an expander's hidden part printed with the list it
continues. Chromium prints each page to an A4 PDF
(`page.pdf`, which lays the page out with print media as a person's Print does); its text
(pdftotext) must hold the page's title, the latest round and every journey figure, with no
control's words; its pages, as PNG images (pdftoppm), are kept in test-artifacts/print/ to
look at. In the page itself, under print media and with the page as narrow as A4's printable
width, no chart reaches past the right edge.

The board report's downloads are pressed as a person would: the HTML file and the workbook
arrive at once, the PDF after "Make the PDF". Screenshots of each page's download section at
1280 × 900 and 390 × 844 go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import Page, expect

from .streamlit_app import ARTIFACTS, main_text, open_app, rerun, save_screenshot

PRINTS = ARTIFACTS / "print"
DEMO = "Riverside Care (demo)"
# A4 less the stylesheet's margins (12 mm each side): 186 mm, in CSS pixels (96 per inch).
PRINTABLE_WIDTH = round(186 / 25.4 * 96)
# Words that belong to controls, which print nothing.
CONTROLS = [
    "Easy Read",
    "Show as table",
    "Signed in as",
    "Whose answers",
    "From round",
    "Make the PDF",
    "Download the HTML report",
    "See the other",
    "See and update the actions",
    "Record what was agreed",
    "Save what was agreed",
]


@pytest.fixture(scope="module")
def demo(store) -> str:
    """The address parameters that open the demo organisation (other browser tests add
    organisations of their own, which may come first)."""
    return f"?org={next(o.id for o in store.organisations() if o.name == DEMO)}"


@pytest.fixture(scope="module")
def demo_figures(store):
    """The demo's rounds with the journey figure each shows (as the page writes it), and the
    title of the Results page's round; read at test time, as other browser tests may have
    sent answers in."""
    from toolkit import describe
    from toolkit.service import Operator, Service

    service = Service(store)
    organisation = next(o for o in store.organisations() if o.name == DEMO)
    figures = next(iter(service.progress(Operator(), organisation.id).values()))
    return [(f.round.title, describe.percent(f.scores.overall.journey_pct)) for f in figures]


def same_page(text: str, *pairs: tuple[str, str]) -> None:
    """Each chart's heading and the text alternative written under the chart are on one page
    of the PDF (its pages part at form feeds): the chart between them is not split."""
    pages = [" ".join(words.split()) for words in text.split("\f")]
    for heading, under in pairs:
        where = [n for n, words in enumerate(pages) if heading in words]
        assert where, heading
        assert under in pages[where[0]], (heading, under, where[0] + 1)


def printed(page: Page, name: str) -> tuple[str, int]:
    """Print the page to test-artifacts/print/NAME.pdf (A4) and NAME-N.png, one image a page
    at 50 dpi; return the PDF's text and its number of pages."""
    PRINTS.mkdir(parents=True, exist_ok=True)
    for old in PRINTS.glob(f"{name}-*.png"):
        old.unlink()
    pdf = PRINTS / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(PRINTS / name)], check=True)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text, len(list(PRINTS.glob(f"{name}-*.png")))


# In the page under print media: each chart, and each of its drawn layers, measured against
# the body with the body made as narrow as A4's printable width, in one go (Streamlit redraws
# a chart when its place changes width, but only after this has measured and put it back).
MEASURE = """(width) => {
    const body = document.body;
    const before = body.style.cssText;
    body.style.width = width + "px";
    body.style.maxWidth = width + "px";
    const edge = body.getBoundingClientRect().right;
    // Charts on tabs not shown are not laid out, on screen or on paper.
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .filter(chart => chart.getClientRects().length > 0);
    const found = charts.map(chart => {
        const box = chart.getBoundingClientRect();
        const layers = [...chart.querySelectorAll("svg.main-svg")].map(
            layer => layer.getBoundingClientRect());
        const plot = chart.querySelector(".js-plotly-plot").getBoundingClientRect();
        return {
            right: Math.max(box.right, plot.right, ...layers.map(l => l.right)),
            width: box.width,
            height: Math.max(...layers.map(l => l.height)),
            box_height: plot.height,
        };
    });
    const wide = [...document.querySelectorAll('[data-testid="stMain"] *')]
        .filter(e => e.getBoundingClientRect().right > edge + 1
                     && getComputedStyle(e).display !== "none"
                     && e.getClientRects().length > 0)
        .map(e => e.tagName + "." + (e.getAttribute("class") || "").split(" ")[0]);
    const shown = [...document.querySelectorAll(
        '.stSelectbox, .stCheckbox, .stButton, .stDownloadButton, .stPageLink, [role="tablist"],'
        + ' [data-testid="stExpander"] summary, [data-testid="stHeader"]')]
        .filter(e => e.getClientRects().length > 0)
        .map(e => e.getAttribute("class") || e.tagName);
    const expanders = [...document.querySelectorAll('[data-testid="stExpanderDetails"]')]
        .map(e => e.getBoundingClientRect().height);
    body.style.cssText = before;
    return {edge, charts: found, wide, shown, expanders};
}"""


def check_print_layout(page: Page) -> dict:
    page.emulate_media(media="print")
    try:
        measured = page.evaluate(MEASURE, PRINTABLE_WIDTH)
    finally:
        page.emulate_media(media="null")  # no emulation: the PDF lays the page out for print
    assert measured["charts"], "no chart on the page"
    for chart in measured["charts"]:
        assert chart["right"] <= measured["edge"] + 1, measured
        assert chart["width"] > 0, measured
        # The chart's box follows its scaled drawing: no blank band under it.
        assert chart["box_height"] <= chart["height"] + 2, measured
    assert measured["wide"] == [], measured["wide"]
    assert measured["shown"] == [], measured["shown"]
    assert all(height > 0 for height in measured["expanders"]), measured["expanders"]
    return measured


def test_board_progress_prints_on_a4_with_every_chart_whole(
    desktop: Page, demo_figures, demo, store
):
    page = open_app(desktop, f"/progress{demo}")
    expect(page.get_by_test_id("stMain")).to_contain_text("Board report")
    measured = check_print_layout(page)
    assert len(measured["charts"]) == 3  # journey, themes, the lived-experience gap
    assert len(measured["expanders"]) >= 1  # "See the other 20" prints its statements
    text, pages = printed(page, "progress")
    assert 3 <= pages <= 10, pages
    assert "Board progress" in text and DEMO in text
    latest_title, _ = demo_figures[-1]
    assert latest_title in text
    words = text.split()
    for title, journey in demo_figures:
        assert title in text
        assert journey.replace("-", "−") in words or journey in words, (journey, title)
    # Each theme's small chart, the third column too, with its title.
    for theme in (
        "Wellbeing and independence",
        "Information and advice",
        "Active and supportive communities",
        "When things need to change",
        "Workforce",
    ):
        assert theme in text, theme
    assert "integrated care and" in text  # "Flexible and integrated care and support", wrapped
    assert "Overdue (" in text
    same_page(
        text,
        ("How far from Engagement to Co-design, round by round", "The journey from Engagement"),
        ("Where each theme sits on the ladder, round by round", "Each of 6 small charts shows"),
        ("The lived-experience gap, round by round", "The gap went from"),
    )
    # What the expander hid prints too: the last statement to move up between the last two
    # rounds (read at test time, as other browser tests may have sent answers in).
    from toolkit.service import Operator, Service

    service = Service(store)
    rounds = [r for r in store.rounds() if r.organisation_name == DEMO]
    up, _ = service.comparison(Operator(), rounds[-2].id, rounds[-1].id).moved()
    assert len(up) > 5  # more than the page lists before "See the other …"
    last = service.round_framework(Operator(), rounds[-1].id).statement(up[-1].id).text
    assert " ".join(last.split()) in " ".join(text.split())
    for words_of_a_control in CONTROLS:
        assert words_of_a_control not in text, words_of_a_control


def test_results_prints_on_a4_with_every_chart_whole(desktop: Page, demo_figures, demo):
    page = open_app(desktop, f"/results{demo}")
    expect(page.get_by_test_id("stMain")).to_contain_text("people answered")
    measured = check_print_layout(page)
    assert len(measured["charts"]) == 2  # the tab shown, and the statement looked at
    text, pages = printed(page, "results")
    assert 3 <= pages <= 10, pages
    latest_title, journey = demo_figures[-1]
    assert "Results" in text and latest_title in text
    assert journey in text.split()  # the headline figure
    # The whole of the doing to, for and with chart: its axis reaches 100%.
    for tick in ("0%", "25%", "50%", "75%", "100%"):
        assert tick in text.split(), tick
    same_page(
        text,
        ("How answers divide between doing to, doing for and doing with", "are doing with,"),
        ("How people answered", "the most common rung is"),
    )
    for words_of_a_control in CONTROLS:
        assert words_of_a_control not in text, words_of_a_control


@pytest.mark.parametrize("path", ["/progress", "/results"])
def test_the_board_report_downloads(new_page, path: str, tmp_path, demo):
    """The HTML file and the workbook arrive as soon as their buttons are pressed; the PDF
    after "Make the PDF" (a few seconds), when this computer can make one."""
    from toolkit import reports

    page = open_app(new_page(), path + demo)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Board report")).to_be_visible()
    with page.expect_download(timeout=60_000) as html:
        main.get_by_role("button", name="Download the HTML report").click()
    saved = tmp_path / html.value.suggested_filename
    html.value.save_as(saved)
    assert re.fullmatch(r"riverside-care-demo-report-\d{4}-\d\d-\d\d\.html", saved.name)
    assert DEMO in saved.read_text(encoding="utf-8")
    with page.expect_download(timeout=60_000) as xlsx:
        main.get_by_role("button", name="Download the figures (XLSX)").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    assert "Something went wrong" not in main_text(page)
    if reports.pdf_unavailable() is not None:
        pytest.skip("this computer makes no PDF")
    with rerun(page, timeout=120):
        main.get_by_role("button", name="Make the PDF").click()
    download = main.get_by_role("button", name="Download the PDF")
    expect(download).to_be_visible()
    with page.expect_download(timeout=60_000) as pdf:
        download.click()
    saved = tmp_path / pdf.value.suggested_filename
    pdf.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("path", ["/progress", "/results"])
def test_screens_with_the_board_report(new_page, device: str, path: str, demo):
    """Each page, whole, at 1280 × 900 and 390 × 844: the gap chart and the overdue actions on
    Board progress, and the download section (PDF made, where it can be) on both."""
    page = open_app(new_page(device), path + demo)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Board report")).to_be_visible()
    from toolkit import reports

    if reports.pdf_unavailable() is None:
        with rerun(page, timeout=120):
            main.get_by_role("button", name="Make the PDF").click()
        expect(main.get_by_role("button", name="Download the PDF")).to_be_visible()
    # Nothing on a narrow screen is wider than it.
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                         && e.getClientRects().length > 0
                         && !e.closest('.js-plotly-plot, [data-testid="stDataFrame"],'
                                       + ' [role="tablist"]'))  // these scroll sideways
            .map(e => e.tagName + "." + (e.getAttribute("class") || "").split(" ")[0])"""
    )
    assert overflow == []
    name = path.strip("/")
    main.get_by_role("heading", name="Board report").scroll_into_view_if_needed()
    page.mouse.move(0, 0)  # no tooltip over the buttons
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(300)
    save_screenshot(page, f"{name}-board-report-{device}", whole=False)
    save_screenshot(page, f"{name}-with-report-{device}")
    assert "Something went wrong" not in main_text(page)
