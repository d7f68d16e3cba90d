"""Nothing live: every page shows text from people, files and the address only as text.

The app runs on a database imported from a hostile backup (tests/hostile_backup.py): every
text field plants a Markdown heading (ATX and setext), a Markdown link and image, a bare web
address and raw HTML, all pointing at the host evil.example, and the Actions page is opened
with a crafted address. On every page and tab, in normal and Easy Read mode, in Chromium:

- no element links to evil.example (HTML links, SVG links inside plotly charts) and none
  loads anything from it (images, frames, media), and the browser never asks it for anything;
- no heading holds the planted headings;
- the planted words are on the screen as text (so an empty or broken page cannot pass).

Screenshots go to test-artifacts/screenshots/hostile-*.png. A last test clicks Streamlit's own
"Download as CSV" on a chart's table and checks that no cell of the file would run as a
spreadsheet formula.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from hostile_backup import (
    ADDRESS_STATEMENT,
    ADDRESS_THEME,
    DRAFT_TOKEN,
    EVIL,
    FORMULA_THEME,
    PLANTED_HEADING,
    SETEXT_HEADING,
    load_hostile,
)
from playwright.sync_api import Browser, Page, Request, Route, expect

from .conftest import serve
from .streamlit_app import StreamlitServer, main_text, open_app, rerun, save_screenshot

WORD_JOINER = "\u2060"
EVIL_HOST = re.compile(r"^https?://([^/?#]*\.)?evil\.example(?=[:/?#]|$)", re.IGNORECASE)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Everything on the page that names an address: where it links to, or what it loads. Each
# address is resolved against the page, as the browser would; SVG links (plotly draws `<a>`
# in its charts) keep theirs in xlink:href.
ADDRESSES = """() => {
    const XLINK = 'http://www.w3.org/1999/xlink';
    const found = [];
    const selector = 'a, area, img, image, picture source, iframe, frame, embed, object, ' +
        'video, audio, track, link, use, form, input[type=image], [background], [style*="url("]';
    for (const element of document.querySelectorAll(selector)) {
        const values = ['href', 'src', 'srcset', 'data', 'poster', 'action', 'background']
            .map(name => element.getAttribute(name));
        values.push(element.getAttributeNS(XLINK, 'href'));
        const style = element.getAttribute('style') || '';
        for (const match of style.matchAll(/url\\(([^)]*)\\)/g)) values.push(match[1]);
        for (const value of values) {
            if (!value) continue;
            for (const part of value.split(',')) {
                const raw = part.trim().split(/\\s+/)[0].replace(/^['"]|['"]$/g, '');
                let resolved = raw;
                try { resolved = new URL(raw, document.baseURI).href; } catch (e) {}
                found.push({tag: element.tagName.toLowerCase(), raw, resolved,
                            host: (() => { try { return new URL(resolved).hostname; }
                                           catch (e) { return ''; } })()});
            }
        }
    }
    return found;
}"""

HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')]
    .map(h => h.innerText)"""


# --- The server and what the browser asks for ------------------------------------------------


@pytest.fixture(scope="module")
def hostile_server(browser: Browser, tmp_path_factory: pytest.TempPathFactory):
    """`streamlit run app.py` on a database imported from the hostile backup."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser-hostile')}/hostile.db"
    load_hostile(url)
    yield from serve(url)


@pytest.fixture(scope="module")
def open_round_id(hostile_server: StreamlitServer) -> int:
    from toolkit.store import Store

    store = Store(hostile_server.database_url)
    try:
        return store.rounds()[-1].id
    finally:
        store.close()


@dataclass
class Watched:
    page: Page
    asked: list[str]


@pytest.fixture
def watched(new_page, hostile_server) -> Iterator[Callable[[str], Watched]]:
    """A page on the hostile server whose every request to evil.example is recorded (and
    refused, so nothing ever leaves the machine)."""

    def _open(device: str = "desktop") -> Watched:
        page = new_page(device, server=hostile_server)
        asked: list[str] = []

        def refuse(route: Route) -> None:
            asked.append(route.request.url)
            route.abort()

        def seen(request: Request) -> None:
            if EVIL_HOST.match(request.url) or EVIL in request.url.split("?")[0]:
                asked.append(request.url)

        page.context.route(EVIL_HOST, refuse)
        page.on("request", seen)
        return Watched(page, asked)

    yield _open


# --- The checks ----------------------------------------------------------------------------------


def shown(page: Page) -> str:
    """The main area's text, without the invisible word joiners the escaping adds."""
    return main_text(page).replace(WORD_JOINER, "")


def check(watched: Watched, where: str, *must_show: str) -> None:
    """Nothing on the page links to or loads from evil.example, nothing asked it for
    anything, no heading holds a planted heading, and the planted text is there as text."""
    page = watched.page
    page.wait_for_timeout(300)  # let images and charts start their requests, if any
    # A link may name evil.example in its path (the framework's source link does, escaped);
    # anything that loads must not name it at all.
    live = [
        a
        for a in page.evaluate(ADDRESSES)
        if a["host"].lower().rstrip(".").endswith(EVIL)
        or (a["tag"] != "a" and EVIL in a["raw"].lower())
    ]
    assert not live, f"{where}: elements link to or load from {EVIL}:\n" + "\n".join(
        f"  <{a['tag']}> {a['raw']}" for a in live
    )
    assert not watched.asked, f"{where}: the browser asked {EVIL} for: {watched.asked}"
    headings = [h for h in page.evaluate(HEADINGS) if PLANTED_HEADING in h or SETEXT_HEADING in h]
    assert not headings, f"{where}: planted headings became headings: {headings}"
    text = shown(page)
    assert "Something went wrong" not in text, f"{where}: the page failed"
    for words in (f"## {PLANTED_HEADING}", "[V](https://evil.example)", *must_show):
        assert words in text, f"{where}: {words!r} is not shown as text:\n{text}"


def go(watched: Watched, path: str) -> Page:
    return open_app(watched.page, path)


def click_button(page: Page, name: str) -> None:
    with rerun(page):
        page.get_by_role("button", name=name, exact=True).click()


# --- Every page ------------------------------------------------------------------------------


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy-read"])
def test_start(watched, easy: bool, device: str):
    w = watched(device)
    go(w, "/?easy=1" if easy else "/")
    # The ladder picture is the round's own ladder, rung by rung, as HTML.
    check(w, "Start", "LT", "=L1", "L4", "E4" if easy else "D4")
    save_screenshot(w.page, f"hostile-start{'-easy' if easy else ''}-{device}")


def test_answer_the_questions(watched):
    w = watched()
    page = go(w, "/assess")
    check(w, "Who are you?", "P1", "P2", "You are answering for +R2 (1+1)")
    save_screenshot(page, "hostile-assess-who")

    # Someone halfway through, with notes saved: the link opens where they left off (the
    # second theme), then Back to the first, Next again, and the check page.
    page = go(w, f"/assess?resume={DRAFT_TOKEN}")
    check(w, "Answering, theme 2 (carrying on)", "T2", "TS2", "S4", "S6")
    click_button(page, "Back")
    check(w, "Answering, theme 1", "FW", "T1", "TS1", "Q", "-S1 statement", "S3", "=L1", "L4")
    expect(page.get_by_role("radiogroup")).to_have_count(3)
    # The hidden label that names each question for screen readers reads as written.
    name = page.get_by_role("radiogroup").first.get_attribute("aria-label") or ""
    assert name.replace(WORD_JOINER, "").startswith("1. -S1 statement\n## Planted heading")
    assert "\\" not in name
    # The guidance and the saved note (notes are in the boxes, as they were typed).
    check(w, "Answering, guidance", "SG1", "Answering as: ", "DRAFTNAME")
    notes = page.get_by_role("textbox").all()
    assert any(box.input_value().startswith("DRAFTNOTE0\n## Planted heading") for box in notes)
    save_screenshot(page, "hostile-assess-theme-1")

    click_button(page, "Next theme")
    check(w, "Answering, theme 2", "T2", "TS2", "S4", "S6")
    click_button(page, "Check your answers")
    check(w, "Review", "T1", "-S1 statement", "DRAFTNOTE0", "DRAFTNOTE2")
    save_screenshot(page, "hostile-assess-review")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_answer_the_questions_in_easy_read(watched, device: str):
    w = watched(device)
    page = go(w, f"/assess?resume={DRAFT_TOKEN}&easy=1")  # carries on at the first unanswered
    check(w, "Easy Read question", "Question 4 of 6", "SE4", "EQ", "E1", "E4")
    save_screenshot(page, f"hostile-assess-easy-{device}")


def test_a_note_typed_on_the_assess_page_is_shown_as_typed(watched):
    """The issue's own example: a note typed as a phishing heading and link."""
    w = watched()
    page = go(w, f"/assess?resume={DRAFT_TOKEN}")
    click_button(page, "Back")  # to the first theme, whose answers take a note
    note = (
        "TYPED\n## Board: please re-verify your login\n"
        "[Verify now](https://evil.example/verify) ![x](https://evil.example/x.png)\n\n"
        "It's £5 a head - doing_to, not doing_with; see www.example.org or ask me@example.org"
        " -- a -> b :smile:"
    )
    box = page.get_by_role("textbox").first
    with rerun(page):
        box.fill(note)
        box.blur()
    click_button(page, "Next theme")
    click_button(page, "Check your answers")
    check(w, "Review with a typed note", "TYPED", "## Board: please re-verify your login")
    # Every line as typed, on its own line, and the blank line kept as a gap.
    assert (
        "TYPED\n## Board: please re-verify your login\n"
        "[Verify now](https://evil.example/verify) ![x](https://evil.example/x.png)\n\u00a0\n"
        "It's £5 a head - doing_to, not doing_with; see www.example.org or ask me@example.org"
        " -- a -> b :smile:"
    ) in shown(page)
    # Bare addresses of any kind stay words, not links.
    linked = {a["host"] for a in page.evaluate(ADDRESSES) if a["tag"] == "a"}
    assert not [host for host in linked if host.endswith("example.org")], linked
    save_screenshot(page, "hostile-assess-typed-note")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_results_every_tab_table_and_statement(watched, device: str):
    w = watched(device)
    page = go(w, "/results")
    main = page.get_by_test_id("stMain")
    check(w, "Results", "+R2 (1+1)", "FW", "P1", "P2", "WHY2", "BY2", "NOTE2")
    tabs = main.get_by_role("tab")
    names = [name.strip() for name in tabs.all_inner_texts()]
    assert len(names) == 4, names
    for number, name in enumerate(names, start=1):
        tab = main.get_by_role("tab", name=name, exact=True)
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")
        page.wait_for_timeout(500)
        check(w, f"Results, tab {number} ({name})")
        # Plotly draws the (escaped) theme titles and rung labels as text in its charts.
        panel = main.get_by_role("tabpanel", name=name)
        expect(panel.locator(".js-plotly-plot").first).to_be_visible()
        svg = " ".join(panel.locator(".js-plotly-plot text").all_text_contents())
        assert '<a href="https://evil.example">' in svg or "=L1" in svg, svg[:500]
    main.get_by_role("tab", name=names[0], exact=True).click()
    svg = main.locator(".js-plotly-plot").first.text_content() or ""
    assert FORMULA_THEME in svg and '<a href="https://evil.example">a</a>' in svg, svg[:800]
    save_screenshot(page, f"hostile-results-{device}")

    with rerun(page):
        main.get_by_test_id("stCheckbox").filter(has_text="Show as table").first.click()
    expect(main.get_by_test_id("stDataFrame").first).to_be_visible()
    check(w, "Results, a chart as a table")
    expect(page.get_by_text("Look at one statement")).to_be_visible()
    check(w, "Results, one statement", "WHY2", "NOTE2")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_results_in_easy_read(watched, device: str):
    w = watched(device)
    page = go(w, "/results?easy=1")
    check(w, "Results in Easy Read", "+R2 (1+1)", "SE", "Putting all the answers together: E")
    save_screenshot(page, f"hostile-results-easy-{device}")


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy-read"])
def test_board_progress(watched, easy: bool):
    w = watched()
    page = go(w, "/progress?easy=1" if easy else "/progress")
    words = ("ORG", "R1", "+R2 (1+1)") + (("SE",) if easy else ("FW", "WHY2", "BY2", "S5"))
    check(w, "Board progress", *words)
    save_screenshot(page, f"hostile-progress{'-easy' if easy else ''}")


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy-read"])
@pytest.mark.parametrize("parameter", ["statement", "theme"])
def test_actions_opened_with_a_crafted_address(watched, open_round_id, parameter, easy):
    """`/actions?statement=[Your session expired - sign in again](https://evil.example/...)`"""
    w = watched("phone" if easy else "desktop")
    planted = ADDRESS_STATEMENT if parameter == "statement" else ADDRESS_THEME
    path = f"/actions?round={open_round_id}&{parameter}={quote(planted)}"
    page = go(w, path + ("&easy=1" if easy else ""))
    warning = page.get_by_test_id("stAlertContentWarning")
    expect(warning).to_be_visible()
    assert planted in warning.inner_text().replace(WORD_JOINER, "")
    check(w, f"Actions with ?{parameter}=", planted, "-A1 (2+3)", "@OWNER1", "A2", "OWNER2")
    save_screenshot(page, f"hostile-actions-{parameter}{'-easy' if easy else ''}")


def test_actions_list(watched):
    w = watched()
    page = go(w, "/actions")
    check(w, "Actions", "-A1 (2+3)", "@OWNER1", "A2", "A3", "+R2 (1+1)", "-S1 statement", "T1")
    save_screenshot(page, "hostile-actions")
    # A select box shows its options as plain text: open one and look at them.
    options = page.get_by_role("option")
    box = page.get_by_role("combobox", name="Which round is it about?")
    for _ in range(3):  # a box that is drawn again as it opens stays shut: open it again
        box.click()
        with contextlib.suppress(AssertionError):
            expect(options.first).to_be_visible(timeout=5_000)
            break
    expect(options.first).to_be_visible()
    assert any(
        text.startswith("+R2 (1+1)\n## Planted heading") for text in options.all_text_contents()
    ), options.all_text_contents()
    check(w, "Actions, a select box open")
    page.keyboard.press("Escape")


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy-read"])
def test_frameworks(watched, easy: bool):
    w = watched()
    page = go(w, "/frameworks?easy=1" if easy else "/frameworks")
    hostile = page.get_by_test_id("stExpander").filter(has_text="FW")
    expect(hostile).to_have_count(1)
    hostile.locator("summary").click()
    page.wait_for_timeout(500)
    words = ("FW", "ST", "SN", "LT", "T1", "T2", "S6") + (("EQ", "SE1") if easy else ("Q", "TS1"))
    check(w, "Frameworks", *words)
    # The source's address is a web address: one link, to its own host, whatever follows `>`.
    link = hostile.get_by_role("link", name="read the source")
    expect(link).to_have_count(1)
    href = link.get_attribute("href") or ""
    assert href.startswith("https://source.example/x%3E%20"), href
    save_screenshot(page, f"hostile-frameworks{'-easy' if easy else ''}")


@pytest.mark.parametrize("easy", [False, True], ids=["normal", "easy-read"])
def test_organisations_and_rounds(watched, easy: bool):
    w = watched()
    page = go(w, "/manage?easy=1" if easy else "/manage")
    check(w, "Organisations and rounds", "R1", "+R2 (1+1)", "FW")
    save_screenshot(page, f"hostile-manage{'-easy' if easy else ''}")


# --- Streamlit's own "Download as CSV" ---------------------------------------------------------

# Streamlit saves the file with the File System Access API when the browser has it, which in
# headless Chromium would wait on a file chooser nobody sees; without it, Streamlit falls back
# to an ordinary download, which Playwright can catch.
NO_FILE_PICKER = "delete window.showSaveFilePicker;"


def test_download_as_csv_of_a_chart_table_runs_no_formula(watched):
    w = watched()
    page = w.page
    page.context.add_init_script(NO_FILE_PICKER)
    go(w, "/results")
    main = page.get_by_test_id("stMain")
    with rerun(page):
        main.get_by_test_id("stCheckbox").filter(has_text="Show as table").first.click()
    table = main.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    # Mid-screen, so that the table's toolbar is not under the app's sticky top bar.
    table.evaluate("element => element.scrollIntoView({block: 'center'})")
    table.hover()
    button = table.get_by_role("button", name="Download as CSV")
    expect(button).to_be_visible()
    with page.expect_download() as download:
        # A click on the button itself: the app's sticky top bar can sit over where the
        # table's toolbar scrolls to, which would take a click at its place on the screen.
        button.dispatch_event("click")
    data = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0][0] == "Theme", rows[0]
    themes = [row[0] for row in rows[1:]]
    assert themes[0].startswith("'" + FORMULA_THEME), themes
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)], cells
    check(w, "Results after the download")
