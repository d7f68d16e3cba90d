"""Board reports (`toolkit.reports`, `toolkit report`): the PDF, the offline HTML file and the
workbook, for the demo organisation and for small and hostile ones.

The figures are checked against `toolkit score --round` for every round (numbers parsed from
its JSON), and against figures written out here for the demo (made with a fixed today, so its
round titles and actions are fixed too). The PDF is read back with poppler (`pdftotext`,
`pdffonts`, `pdfinfo`) and its pages are kept as PNGs in test-artifacts/report/ to look at.
One browser draws every chart of this module (kaleido's Chromium, started once).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
import zlib
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import TOOLKIT, run_toolkit
from openpyxl import load_workbook

from toolkit.demo import DEMO_NAME, load_demo
from toolkit.framework import builtin_frameworks
from toolkit.reports import (
    ReportProblem,
    ReportUnavailable,
    build_report,
    render_html,
    render_pdf,
    render_xlsx,
)
from toolkit.reports.svg import ChartRenderer
from toolkit.service import Operator, Service
from toolkit.store import Store

TODAY = dt.date(2026, 9, 15)
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "report"
MIR = builtin_frameworks()["making-it-real"]
STATEMENT_IDS = [s.id for s in MIR.statements]

# The demo, made on TODAY: its rounds and their journey figures as the PDF shows them.
DEMO_ROUNDS = {"Spring 2025": "-62%", "Winter 2025/26": "4%", "Summer 2026": "33%"}
FOOTER = "Riverside Care (demo) · Made on 15 September 2026"

HOSTILE_NAME = "Hostile <i>Small</i> & Co"
NOTES = (
    '=HYPERLINK("http://evil.example","click")',
    "+44 20 7946 0000",
    "-not sure",
    "@everyone",
    "=1+2",
    "<script>alert(1)</script>",
)


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def squashed(text: str) -> str:
    """Text without its white space and hyphens: as words read, however the lines broke
    (pdftotext joins "co-" at the end of a line and "design" on the next as "codesign")."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def half_up(value: float) -> int:
    """A percentage as people round it (62.5 → 63), worked out here without the toolkit."""
    return int(Decimal(repr(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


# --- Data ----------------------------------------------------------------------------------------


def _answers(rung: str, note: str = "") -> dict[str, tuple[str, str]]:
    return {s.id: (rung, note if i == 0 else "") for i, s in enumerate(MIR.statements)}


def add_hostile(store: Store) -> None:
    """An organisation whose words look like markup and formulas, with a round of six people
    (two carers: too few for their own side) and a round of two (too few to show at all)."""
    organisation = store.create_organisation(HOSTILE_NAME)
    first = store.create_round(organisation.id, MIR, "=Spring 2026", opened_on=dt.date(2026, 3, 1))
    people = [
        ("frontline-staff", "co-design"),
        ("frontline-staff", "engagement"),
        ("frontline-staff", "co-design"),
        ("manager", "co-production"),
        ("carer", "consultation"),
        ("carer", "informing"),
    ]
    for (perspective, rung), note in zip(people, NOTES, strict=True):
        respondent, _ = store.start_respondent(first.id, perspective)
        store.submit(respondent.id, _answers(rung, note))
    store.record_agreed_rung(
        first.id, "info-1", "consultation", "<b>Bold</b> =1+1", decided_by="@board"
    )
    store.create_action(
        organisation.id,
        "=cmd|' /C calc'!A0",
        round_id=first.id,
        statement_id="info-1",
        owner="@owner",
        due_on=TODAY - dt.timedelta(days=10),
    )
    second = store.create_round(organisation.id, MIR, "Autumn 2026", opened_on=dt.date(2026, 9, 1))
    for perspective in ("manager", "carer"):
        respondent, _ = store.start_respondent(second.id, perspective)
        store.submit(respondent.id, _answers("co-design"))
    # A round of another framework: not in the report unless asked for, and never with these.
    store.create_round(
        organisation.id,
        builtin_frameworks()["scie-whole-system"],
        "Whole system 2025",
        opened_on=dt.date(2025, 6, 1),
    )


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory):
    """The demo (made on TODAY) and the hostile organisation, in one SQLite file: its URL."""
    folder = tmp_path_factory.mktemp("reports")
    url = f"sqlite:///{folder}/toolkit.db"
    store = Store(url)
    load_demo(store, TODAY)
    add_hostile(store)
    store.close()
    return url


@pytest.fixture(scope="module")
def service(database):
    store = Store(database)
    yield Service(store)
    store.close()


@pytest.fixture(scope="module")
def renderer():
    """One warm browser for every PDF in this module."""
    drawing = ChartRenderer()
    yield drawing
    drawing.close()


@pytest.fixture(scope="module")
def demo(service):
    return build_report(service, Operator(), DEMO_NAME, today=TODAY)


@pytest.fixture(scope="module")
def hostile(service):
    return build_report(service, Operator(), HOSTILE_NAME, today=TODAY)


def kept_pdf(name: str, data: bytes) -> Path:
    """A PDF kept in test-artifacts/report/ with its pages as PNGs (NAME-page-N.png)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(data)
    for old in ARTIFACTS.glob(f"{name}-page-*.png"):
        old.unlink()
    if shutil.which("pdftoppm"):
        pages = str(ARTIFACTS / f"{name}-page")
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), pages], check=True)
    return path


@pytest.fixture(scope="module")
def demo_pdf(demo, renderer) -> Path:
    return kept_pdf("demo", render_pdf(demo, renderer))


@pytest.fixture(scope="module")
def hostile_pdf(hostile, renderer) -> Path:
    return kept_pdf("hostile", render_pdf(hostile, renderer))


@pytest.fixture(scope="module")
def demo_html(demo) -> str:
    html = render_html(demo)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "demo.html").write_text(html, encoding="utf-8")
    return html


@pytest.fixture(scope="module")
def demo_book(demo, service):
    data = render_xlsx(demo, service, Operator())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "demo.xlsx").write_bytes(data)
    return data


@pytest.fixture(scope="module")
def hostile_book(hostile, service):
    return render_xlsx(hostile, service, Operator())


def score_round(url: str, round_id: int) -> dict:
    result = run_toolkit(["score", "--round", str(round_id), "--format", "json"], url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def rows(book: bytes, sheet: str) -> list[dict]:
    """A sheet's rows as dicts by its header."""
    values = list(load_workbook(io.BytesIO(book))[sheet].iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=False)) for row in values[1:]]


# --- The figures agree with `toolkit score --round` ---------------------------------------------


def test_every_rounds_figures_equal_score_round(database, demo, demo_book):
    rounds = {r["Round"]: r for r in rows(demo_book, "Rounds")}
    themes = {(r["Round"], r["Theme"]): r for r in rows(demo_book, "Themes")}
    assert list(rounds) == list(DEMO_ROUNDS)
    for round_report in demo.rounds:
        title = round_report.round.title
        scored = score_round(database, round_report.round.id)
        # The report's own figures: the very numbers the command prints.
        assert round_report.scores.to_json() == scored
        # The workbook's, to the last digit.
        row, overall = rounds[title], scored["overall"]
        assert row["People who answered"] == scored["respondents"]
        assert row["Mean position on the ladder"] == overall["mean_position"]
        assert row["Maturity %"] == overall["maturity_pct"]
        assert row["Journey %"] == overall["journey_pct"]
        assert row["Doing-with share"] == overall["doing_with_share"]
        assert row["Answers placed on the ladder"] == overall["answered"]
        assert row["Not sure"] == overall["unsure"]
        assert row["Doesn't apply"] == overall["not_applicable"]
        assert row["Lived-experience gap (rungs)"] == scored["lived_experience_gap"]
        titles = {t.id: t.title for t in MIR.themes}
        for theme in scored["themes"]:
            found = themes[(title, titles[theme["id"]])]
            assert found["Mean position on the ladder"] == theme["mean_position"]
            assert found["Journey %"] == theme["journey_pct"]
            assert found["Doing-with share"] == theme["doing_with_share"]
            assert found["Answers placed on the ladder"] == theme["answered"]
        # And the journey figure the PDF prints is the command's, rounded half up.
        assert f"{half_up(overall['journey_pct'])}%" == DEMO_ROUNDS[title]


def test_statements_sheet_agrees_with_score_round(database, demo, demo_book):
    latest = demo.rounds[-1]
    scored = score_round(database, latest.round.id)
    by_text = {
        r["Statement"]: r for r in rows(demo_book, "Statements") if r["Round"] == "Summer 2026"
    }
    assert len(by_text) == 30
    for statement in scored["statements"]:
        row = by_text[MIR.statement(statement["id"]).text]
        assert row["Mean position on the ladder"] == statement["mean_position"]
        assert row["Spread (rungs)"] == statement["spread"]
        assert row["Answers placed on the ladder"] == statement["answered"]
        assert row["Co-design (answers)"] == statement["distribution"]["co-design"]


# --- The PDF --------------------------------------------------------------------------------------


def test_pdf_names_the_organisation_every_round_and_every_journey_figure(demo_pdf):
    text = pdftotext(demo_pdf)
    assert "Riverside Care (demo)" in text
    for title, journey in DEMO_ROUNDS.items():
        assert title in text
        assert journey in text
    words = squashed(text)
    assert squashed("Summer 2026: 33% of the way from engagement to co-design.") in words
    assert squashed("Overdue actions (2)") in words


def test_pdf_page_one_is_the_summary_and_every_page_has_its_footer(demo_pdf):
    pages = pdftotext(demo_pdf).split("\f")
    pages = [p for p in pages if p.strip()]
    first = squashed(pages[0])
    for words in (
        "Summary",
        "Round by round",
        "The journey from Engagement to Co-design went from -62% (below Engagement) in "
        "Spring 2025 to 33% in Summer 2026.",
        "The gap went from −1.0 rung in Spring 2025 to −0.7 rungs in Summer 2026.",
        "Where lived experience and others differ most in Summer 2026",
        "Biggest movers, Winter 2025/26 to Summer 2026",
        "Overdue actions (2)",
        # Overdue actions by name, owner and days overdue.
        "Go through each person's crisis plan with them and their carer",
        "Sam (senior support worker)",
        "45 days",
        "Invite the people affected to every complaint review",
        "Registered manager",
        "20 days",
    ):
        assert squashed(words) in first, words
    assert squashed(pages[1]).startswith(squashed("Headline figures: Summer 2026"))
    for number, page in enumerate(pages, start=1):
        assert FOOTER in page
        assert f"Page {number} of {len(pages)}" in page


def test_pdf_has_each_charts_text_alternative(demo_pdf):
    words = squashed(pdftotext(demo_pdf))
    for alternative in (
        "0% is Engagement and 100% is Co-design.",
        "People who draw on care and support and carers see 0.7 rungs less co-production "
        "than staff and others.",
        "Each of 6 small charts shows one theme's average position on the ladder",
        "Of 436 answers placed on the ladder, 45% are doing with, 55% doing for and 0% doing to.",
        "The widest difference is in When things need to change: 2.8 against 4.0.",
    ):
        assert squashed(alternative) in words, alternative


def _pdf_objects(path: Path) -> bytes:
    """The PDF's bytes with every compressed stream (object streams too) inflated."""
    data = path.read_bytes()
    inflated = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def test_pdf_is_tagged_pdf_ua_with_alternative_text_for_each_chart(demo_pdf):
    info = subprocess.run(
        ["pdfinfo", str(demo_pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$", info, re.M)
    assert "Title:           Co-production progress report: Riverside Care (demo)" in info
    objects = _pdf_objects(demo_pdf)
    assert b"/StructTreeRoot" in objects
    assert b"/MarkInfo" in objects
    assert b"pdfuaid:part" in objects  # PDF/UA identification in its metadata
    assert objects.count(b"/Alt") == 5  # five charts, each a Figure with alternative text
    structure = subprocess.run(
        ["pdfinfo", "-struct", str(demo_pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert structure.count("Figure") == 5
    assert "Table" in structure and "H1" in structure and "H2" in structure


def test_pdf_charts_are_vector_graphics(demo_pdf):
    # No raster image anywhere: the charts are drawn as SVG paths and text.
    listed = subprocess.run(
        ["pdfimages", "-list", str(demo_pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert len(listed) == 2, listed  # the header and its rule, no image
    text = pdftotext(demo_pdf)
    # The charts' own words (axis titles, labels on lines) are text in the PDF.
    for words in ("Share of answers placed on the ladder", "100% = Co-design", "0 = both see"):
        assert words in text, words


def test_pdf_embeds_every_font(demo_pdf):
    fonts = subprocess.run(
        ["pdffonts", str(demo_pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        columns = line.split()
        # name, type..., encoding, emb, sub, uni, object, generation: "emb" is 5th from the end.
        assert columns[-5] == "yes", line
    assert any("DejaVu" in line for line in fonts)


def test_pdf_never_shows_a_statement_id(demo_pdf, hostile_pdf):
    for path in (demo_pdf, hostile_pdf):
        text = pdftotext(path)
        for statement_id in STATEMENT_IDS:
            assert not re.search(rf"\b{re.escape(statement_id)}\b", text), statement_id
    assert "We share decisions about community funding" in pdftotext(demo_pdf)


def test_pdf_of_a_hostile_organisation_shows_its_words_as_written(hostile_pdf):
    text = pdftotext(hostile_pdf)
    words = squashed(text)
    assert squashed(HOSTILE_NAME) in words
    assert "=Spring 2026" in text
    assert squashed("The group agreed on Consultation, because: <b>Bold</b> =1+1.") in words
    assert squashed("=cmd|' /C calc'!A0") in words
    # The round of two people: said, not shown.
    assert (
        squashed(
            "Autumn 2026: 2 people have sent in answers so far. Results show once at least 3 "
            "have, so that nobody's answers can be picked out."
        )
        in words
    )
    # Two carers: too few for a side of their own, so no gap, and no chart of it.
    no_gap = (
        "No lived-experience gap yet: it needs answers from at least 3 people who draw on care "
        "and support or carers, and 3 staff and others."
    )
    assert squashed(no_gap) in words
    assert "The lived-experience gap, round by round" not in text


def test_a_round_too_small_to_show_gives_its_number_of_people_only(hostile):
    html = render_html(hostile)
    cell = "<td class=num>{}</td>"
    # Perspective by perspective for the round shown; the total alone for the one that is not.
    for label, shown in (("Carer (family member or friend)", 2), ("Manager", 1)):
        assert f'<th scope="row">{label}</th>' + cell.format(shown) + cell.format("–") in html
    everyone = '<th scope="row"><strong>Everyone</strong></th>'
    assert everyone + cell.format("<strong>6</strong>") + cell.format("<strong>2</strong>") in html


# --- The HTML file --------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Every element with its attributes, the text a reader sees (scripts and styles left
    out), and the styles' text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._inside: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._inside.append(tag)

    def handle_endtag(self, tag):
        if self._inside and self._inside[-1] == tag:
            self._inside.pop()

    def handle_data(self, data):
        if not self._inside:
            self.text.append(data)
        elif self._inside[-1] == "style":
            self.styles.append(data)


def read_page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_html_loads_nothing_from_the_network(demo_html):
    page = read_page(demo_html)
    for tag, attrs in page.elements:
        assert not (tag == "script" and attrs.get("src")), attrs
        assert tag != "link", attrs  # no stylesheet, font or icon from anywhere
        assert tag not in ("iframe", "object", "embed", "base"), tag
        for name in ("src", "srcset", "data", "poster", "background"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value or value.startswith("data:"), (tag, name, value)
        if tag != "a":  # a link is followed only when a reader chooses to
            href = (attrs.get("href") or "").strip().lower()
            assert not href.startswith(("http:", "https:", "//")), (tag, href)
    styles = "\n".join(page.styles).lower()
    assert "@import" not in styles
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", styles)
    # plotly.js is inside the file, once, and every chart is drawn from it.
    scripts = [attrs for tag, attrs in page.elements if tag == "script"]
    assert len(scripts) >= 5
    assert demo_html.count("plotly.js v") == 1
    assert demo_html.count('class="plotly-graph-div"') == 5


def test_html_says_what_the_pdf_says(demo_html):
    text = " ".join(read_page(demo_html).text)
    assert "Riverside Care (demo)" in text
    for title, journey in DEMO_ROUNDS.items():
        assert title in text and journey in text
    assert "Made on 15 September 2026" in text
    # Each chart's text alternative is on the page with it.
    assert "0% is Engagement and 100% is Co-design." in text
    for statement_id in STATEMENT_IDS:
        assert not re.search(rf"\b{re.escape(statement_id)}\b", text), statement_id


def test_html_escapes_words_from_people_and_files(hostile):
    html = render_html(hostile)
    assert "<script>alert" not in html
    assert "<i>Small</i>" not in html
    assert "Hostile &lt;i&gt;Small&lt;/i&gt; &amp; Co" in html
    text = " ".join(read_page(html).text)
    assert HOSTILE_NAME in text
    assert "<b>Bold</b> =1+1" in text


# --- The workbook ---------------------------------------------------------------------------------


def test_workbook_has_a_sheet_per_view_and_numbers_as_numbers(demo_book):
    book = load_workbook(io.BytesIO(demo_book))
    assert book.sheetnames == [
        "About",
        "Rounds",
        "Themes",
        "Statements",
        "Agreed rungs",
        "Actions",
        "Answers",
    ]
    rounds = book["Rounds"]
    header = [c.value for c in rounds[1]]
    journey = header.index("Journey %") + 1
    for row in range(2, rounds.max_row + 1):
        cell = rounds.cell(row, journey)
        assert cell.data_type == "n" and isinstance(cell.value, float)
    opened = rounds.cell(2, header.index("Opened on") + 1)
    assert opened.is_date and opened.value.date() == dt.date(2025, 3, 15)
    actions = rows(demo_book, "Actions")
    overdue = {r["Action"][:40]: r["Days overdue"] for r in actions if r["Days overdue"]}
    assert overdue == {
        "Go through each person's crisis plan wit": 45,
        "Invite the people affected to every comp": 20,
    }


def test_workbook_has_no_formula_cells_and_formula_looking_text_is_text(hostile_book, demo_book):
    for data in (hostile_book, demo_book):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
        book = load_workbook(io.BytesIO(data))
        for sheet in book:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    book = load_workbook(io.BytesIO(hostile_book))
    formula_like = [
        cell
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t"))
    ]
    values = {cell.value for cell in formula_like}
    for written in (
        '=HYPERLINK("http://evil.example","click")',
        "+44 20 7946 0000",
        "-not sure",
        "@everyone",
        "=1+2",
        "=Spring 2026",
        "=cmd|' /C calc'!A0",
        "@owner",
        "@board",
    ):
        assert written in values, written
    for cell in formula_like:
        assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)


def test_workbook_cells_starting_like_formulas_stay_text():
    # (The store keeps no note that starts with a tab or a carriage return: it trims them.)
    from openpyxl import Workbook

    from toolkit.reports.xlsx import _Sheet

    book = Workbook(write_only=True)
    sheet = _Sheet(book, "Cells", [("Value", 10, None)])
    written = ["\tTabbed", "\rReturned", "=SUM(A1:A2)", "+1", "-1", "@here", "plain", 2.5, 3]
    for value in written:
        sheet.row([value])
    out = io.BytesIO()
    book.save(out)
    cells = [row[0] for row in load_workbook(out)["Cells"].iter_rows(min_row=2)]
    # XML reads a carriage return back as a line feed; the cell is still text.
    assert [c.value for c in cells] == [
        v.replace("\r", "\n") if v == "\rReturned" else v for v in written
    ]
    for cell in cells[:6]:
        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    assert cells[6].data_type == "s" and not cells[6].quotePrefix
    assert [c.data_type for c in cells[7:]] == ["n", "n"]


def test_workbook_keeps_small_groups_out(hostile_book):
    rounds = {r["Round"]: r for r in rows(hostile_book, "Rounds")}
    assert set(rounds) == {"=Spring 2026", "Autumn 2026"}
    small = rounds["Autumn 2026"]
    assert small["People who answered"] == 2
    assert small["Figures shown"] == "No: fewer than 3 people answered"
    assert small["Mean position on the ladder"] is None and small["Journey %"] is None
    # Two carers are too few for a side of their own: no gap, and no side figures.
    shown = rounds["=Spring 2026"]
    assert shown["People who answered"] == 6
    assert shown["Lived-experience gap (rungs)"] is None
    for sheet in ("Themes", "Statements", "Answers"):
        assert {r["Round"] for r in rows(hostile_book, sheet)} == {"=Spring 2026"}, sheet
    for row in rows(hostile_book, "Statements"):
        assert row["Gap (rungs)"] is None
    # Carers (2) and the manager (1) are too few to be named, so nobody's perspective is.
    answers = rows(hostile_book, "Answers")
    assert len(answers) == 6 * 30
    assert {r["Perspective"] for r in answers} == {None}
    assert {r["Person"] for r in answers} == {1, 2, 3, 4, 5, 6}


def test_workbook_labels_answers_by_side_where_only_sides_are_big_enough(demo_book):
    # The demo's latest round has one board member: perspectives are not named, but each
    # side of the lived-experience gap has more than the minimum.
    answers = [r for r in rows(demo_book, "Answers") if r["Round"] == "Summer 2026"]
    assert {r["Perspective"] for r in answers} == {
        "People who draw on care and support and carers",
        "Staff and others",
    }
    assert max(r["Person"] for r in answers) == 16
    assert all(isinstance(r["Person"], int) for r in answers)


def test_answers_sheet_is_for_those_who_run_rounds(service, demo):
    from toolkit.service import SignedIn

    store = service.store
    organisation = demo.organisation
    service.add_user(Operator(), "board@example.org", None, "board_viewer", organisation.id)
    user = next(u for u in service.users(Operator()) if u.email == "board@example.org")
    board = SignedIn(user)
    report = build_report(service, board, organisation.id, today=TODAY)
    answers = rows(render_xlsx(report, service, board), "Answers")
    assert len(answers) == 1
    assert "only for those who run the organisation's rounds" in next(iter(answers[0].values()))
    assert store.organisation(organisation.id).name == DEMO_NAME


# --- The gap chart (toolkit.charts.gap_trend, added for reports) -------------------------------


def test_gap_trend_says_the_gap_round_by_round_and_which_rounds_have_none():
    from toolkit.charts import gap_trend

    chart = gap_trend([("Spring", -1.04), ("Summer", None), ("Autumn", -0.66)])
    assert chart.alt == (
        "The gap went from −1.0 rung in Spring to −0.7 rungs in Autumn. People who draw on "
        "care and support and carers see 0.7 rungs less co-production than staff and others. "
        "No gap shown for Summer: too few people on one side answered."
    )
    assert list(chart.table["Lived-experience gap (rungs)"].astype(object).fillna("–")) == [
        -1.0,
        "–",
        -0.7,
    ]
    none = gap_trend([("Spring", None)])
    assert none.alt == (
        "No lived-experience gap to show in Spring: it needs enough people on each side, "
        "people who draw on care and support or carers, and staff and others."
    )


# --- Choosing rounds, and what cannot be reported -------------------------------------------------


def test_chosen_rounds_and_rounds_of_another_framework(service, hostile):
    assert [r.round.title for r in hostile.rounds] == ["=Spring 2026", "Autumn 2026"]
    assert [r.title for r in hostile.left_out] == ["Whole system 2025"]
    ids = {r.title: r.id for r in service.rounds(Operator(), hostile.organisation.id)}
    with pytest.raises(ReportProblem, match="rounds of different frameworks are never compared"):
        build_report(
            service,
            Operator(),
            hostile.organisation.id,
            [ids["=Spring 2026"], ids["Whole system 2025"]],
        )
    other = build_report(service, Operator(), HOSTILE_NAME, [ids["Whole system 2025"]])
    assert [r.round.title for r in other.rounds] == ["Whole system 2025"]
    assert other.latest is None  # nobody answered it: nothing to show, and it still renders
    assert "Whole system 2025" in render_html(other)
    with pytest.raises(ReportProblem, match="There is no organisation called 'Nobody'"):
        build_report(service, Operator(), "Nobody")


def test_no_browser_is_one_plain_error(monkeypatch, demo):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(ReportUnavailable, match="need Chromium"):
        ChartRenderer()
    from toolkit.reports import pdf_unavailable

    assert "Chromium" in pdf_unavailable()
    # The HTML needs no browser.
    assert "Riverside Care (demo)" in render_html(demo)


def test_a_browser_that_will_not_start_is_one_plain_error(demo):
    broken = ChartRenderer(browser=shutil.which("false"))
    try:
        with pytest.raises(
            ReportUnavailable, match=r"need Chromium \(.*false\), which did not start"
        ):
            render_pdf(demo, broken)
    finally:
        broken.close()


# --- The command -----------------------------------------------------------------------------------


def test_report_command_writes_each_format(database, tmp_path):
    for format_ in ("html", "xlsx", "pdf"):
        out = tmp_path / f"report.{format_}"
        result = run_toolkit(
            ["report", "--organisation", DEMO_NAME, "--format", format_, "--out", str(out)],
            database,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"Wrote {out}: the {format_.upper()} report for")
        assert out.stat().st_size > 10_000
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-1.7")
    assert "Spring 2025" in pdftotext(tmp_path / "report.pdf")


def test_report_command_takes_an_id_and_chosen_rounds(database, tmp_path):
    out = tmp_path / "two.html"
    result = run_toolkit(
        ["report", "--organisation", "1", "--rounds", "1,3", "--format", "html", "--out", str(out)],
        database,
    )
    assert result.returncode == 0, result.stderr
    assert "2 rounds of Making it Real" in result.stdout
    text = " ".join(read_page(out.read_text(encoding="utf-8")).text)
    assert "2 rounds: Spring 2025 to Summer 2026" in text
    assert "Biggest movers, Spring 2025 to Summer 2026" in text


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--organisation", "Nobody"], 1, "There is no organisation called 'Nobody'."),
        (["--organisation", "1", "--rounds", "1,x"], 1, "'x' is not a round id"),
        (["--organisation", "1", "--rounds", "1,99"], 1, "has no round with id 99."),
    ],
)
def test_report_command_refuses_in_plain_words(database, tmp_path, args, code, message):
    out = tmp_path / "report.html"
    result = run_toolkit(["report", *args, "--format", "html", "--out", str(out)], database)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_report_command_without_a_browser_says_so_and_writes_nothing(database, tmp_path):
    out = tmp_path / "report.pdf"
    env = {**os.environ, "TOOLKIT_DATABASE_URL": database, "TOOLKIT_LOG_FILE": os.devnull}
    env["BROWSER_PATH"] = "/nonexistent/chromium"
    result = subprocess.run(
        [TOOLKIT, "report", "--organisation", "1", "--format", "pdf", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1
    assert "need Chromium" in result.stderr
    assert "`--format html` makes the report without it" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
