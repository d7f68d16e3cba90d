"""`toolkit export-answers`: a round's sent-in answers as an answers file (CSV for Excel, or
XLSX), which `toolkit import-answers` reads back exactly."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import run_toolkit
from openpyxl import load_workbook

from toolkit.answer_file import answers_csv
from toolkit.framework import builtin_frameworks
from toolkit.scoring import Answer
from toolkit.service import Invited, NotAllowed, Operator, Service, SignedIn
from toolkit.store import NotFound, Store

MIR = builtin_frameworks()["making-it-real"]

NOTES = {
    "wellbeing-1": "=SUM(A1:A3)",
    "wellbeing-2": "+44 7700 900123 rang us",
    "wellbeing-3": "-- minus sign first",
    "info-1": "@everyone saw it",
    "info-2": "'Tis the season",
    "info-3": "'=already quoted",
    "info-4": 'Comma, "quotes"\nand a new line',
    "info-5": "Café — naïve ✓",
    "community-1": "",
}


@pytest.fixture
def place(tmp_path: Path):
    """A database with three rounds: 1 with answers (one person answered in the app, two came
    from a file, one is still a draft), 2 and 3 empty."""
    url = f"sqlite:///{tmp_path}/toolkit.db"
    store = Store(url)
    organisation = store.create_organisation("Riverside Care")
    first = store.create_round(organisation.id, MIR, "Spring 2027")
    store.create_round(organisation.id, MIR, "Autumn 2027")
    store.create_round(organisation.id, MIR, "Spring 2028")
    service = Service(store)
    person, _ = service.start_answering(Invited(first.id), first.id, "carer", "Ann")
    service.submit(
        person, {"info-1": ("co-design", "  We wrote it together  "), "wellbeing-1": ("unsure", "")}
    )
    store.import_answers(
        first.id,
        [
            (Answer("bea", "manager", statement, "engagement"), note)
            for statement, note in NOTES.items()
        ]
        + [(Answer("cal", "frontline-staff", "info-2", "not_applicable"), "")],
    )
    draft, _ = service.start_answering(Invited(first.id), first.id, "manager")
    service.save_answer(draft, "info-1", "coercion", "not sent in")
    store.close()
    return tmp_path, url


def toolkit(place, *args: str):
    folder, url = place
    return run_toolkit(list(args), url, cwd=folder)


def notes_of(place, round_id: int) -> list[tuple[str, str, str, str, str]]:
    store = Store(place[1])
    try:
        return [
            (p.display_name, p.perspective, s, a.answer, a.note)
            for p in store.respondents(round_id)
            for s, a in store.answers(p.id).items()
        ]
    finally:
        store.close()


EXPECTED_CSV = (
    "\ufeffrespondent,perspective,statement,answer,note\r\n"
    "respondent-1,carer,wellbeing-1,unsure,\r\n"
    "respondent-1,carer,info-1,co-design,We wrote it together\r\n"
    "respondent-2,manager,wellbeing-1,engagement,'=SUM(A1:A3)\r\n"
    "respondent-2,manager,wellbeing-2,engagement,'+44 7700 900123 rang us\r\n"
    "respondent-2,manager,wellbeing-3,engagement,'-- minus sign first\r\n"
    "respondent-2,manager,info-1,engagement,'@everyone saw it\r\n"
    "respondent-2,manager,info-2,engagement,'Tis the season\r\n"
    "respondent-2,manager,info-3,engagement,''=already quoted\r\n"
    'respondent-2,manager,info-4,engagement,"Comma, ""quotes""\nand a new line"\r\n'
    "respondent-2,manager,info-5,engagement,Café — naïve ✓\r\n"
    "respondent-2,manager,community-1,engagement,\r\n"
    "respondent-3,frontline-staff,info-2,not_applicable,\r\n"
)


def test_csv_out_then_in_to_a_new_round_then_out_again_is_identical(place):
    folder, _ = place
    result = toolkit(place, "export-answers", "--round", "1", "--out", "spring.csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Wrote spring.csv: 12 answers from 3 people in Spring 2027.\n"
    written = (folder / "spring.csv").read_bytes()
    assert written == EXPECTED_CSV.encode("utf-8")

    result = toolkit(place, "import-answers", "--round", "2", "spring.csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Imported 12 answers from 3 people into round 2.\n"
    assert notes_of(place, 2) == [
        ("respondent-1", "carer", "wellbeing-1", "unsure", ""),
        ("respondent-1", "carer", "info-1", "co-design", "We wrote it together"),
        ("respondent-2", "manager", "wellbeing-1", "engagement", "=SUM(A1:A3)"),
        ("respondent-2", "manager", "wellbeing-2", "engagement", "+44 7700 900123 rang us"),
        ("respondent-2", "manager", "wellbeing-3", "engagement", "-- minus sign first"),
        ("respondent-2", "manager", "info-1", "engagement", "@everyone saw it"),
        ("respondent-2", "manager", "info-2", "engagement", "'Tis the season"),
        ("respondent-2", "manager", "info-3", "engagement", "'=already quoted"),
        ("respondent-2", "manager", "info-4", "engagement", 'Comma, "quotes"\nand a new line'),
        ("respondent-2", "manager", "info-5", "engagement", "Café — naïve ✓"),
        ("respondent-2", "manager", "community-1", "engagement", ""),
        ("respondent-3", "frontline-staff", "info-2", "not_applicable", ""),
    ]

    result = toolkit(place, "export-answers", "--round", "2", "--out", "autumn.csv")
    assert result.returncode == 0, result.stderr
    assert (folder / "autumn.csv").read_bytes() == written


def test_xlsx_keeps_every_note_as_text_and_reads_back_the_same(place):
    folder, _ = place
    result = toolkit(place, "export-answers", "--round", "1", "--out", "spring.xlsx")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Wrote spring.xlsx: 12 answers from 3 people in Spring 2027.\n"
    with zipfile.ZipFile(folder / "spring.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet  # not one formula cell
    book = load_workbook(folder / "spring.xlsx")
    rows = [[cell.value for cell in row] for row in book["Answers"].iter_rows()]
    kinds = {cell.data_type for row in book["Answers"].iter_rows() for cell in row}
    assert kinds <= {"s", "n"}  # text, or an empty cell
    assert rows[0] == ["respondent", "perspective", "statement", "answer", "note"]
    assert rows[3] == ["respondent-2", "manager", "wellbeing-1", "engagement", "=SUM(A1:A3)"]
    assert rows[8] == ["respondent-2", "manager", "info-3", "engagement", "'=already quoted"]
    assert rows[9][4] == 'Comma, "quotes"\nand a new line'
    assert rows[1] == ["respondent-1", "carer", "wellbeing-1", "unsure", None]

    result = toolkit(place, "import-answers", "--round", "3", "spring.xlsx")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Imported 12 answers from 3 people into round 3.\n"
    toolkit(place, "export-answers", "--round", "3", "--out", "again.csv")
    assert (folder / "again.csv").read_bytes() == EXPECTED_CSV.encode("utf-8")


def test_an_empty_round_writes_the_header_and_exits_0(place):
    folder, _ = place
    result = toolkit(place, "export-answers", "--round", "2", "--out", "empty.csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Wrote empty.csv: 0 answers from 0 people in Autumn 2027.\n"
    assert (folder / "empty.csv").read_bytes() == (
        b"\xef\xbb\xbfrespondent,perspective,statement,answer,note\r\n"
    )
    result = toolkit(place, "export-answers", "--round", "2", "--out", "empty.xlsx")
    assert result.returncode == 0, result.stderr
    rows = list(load_workbook(folder / "empty.xlsx")["Answers"].iter_rows(values_only=True))
    assert rows == [("respondent", "perspective", "statement", "answer", "note")]


def test_a_file_that_cannot_be_written_is_said_plainly_and_nothing_is_left(place):
    folder, _ = place
    result = toolkit(place, "export-answers", "--round", "1", "--out", "answers.txt")
    assert result.returncode == 1
    assert result.stderr == "answers.txt: the file should end in .csv or .xlsx.\n"
    result = toolkit(place, "export-answers", "--round", "1", "--out", "missing/answers.csv")
    assert result.returncode == 1
    assert result.stderr == (
        "missing/answers.csv: cannot write the file (No such file or directory).\n"
    )
    result = toolkit(place, "export-answers", "--round", "99", "--out", "answers.csv")
    assert result.returncode == 1
    assert result.stderr == "There is no round with id 99.\n"
    assert sorted(p.name for p in folder.iterdir()) == ["toolkit.db"]


def test_leads_and_admins_may_export_and_preview_others_may_not(place):
    store = Store(place[1])
    service = Service(store)
    me = Operator()
    riverside = store.organisations()[0]
    elsewhere = service.create_organisation(me, "Hillside Care")
    people = {
        role: SignedIn(service.add_user(me, f"{role}@example.org", None, role, organisation))
        for role, organisation in (
            ("lead", riverside.id),
            ("facilitator", riverside.id),
            ("board_viewer", riverside.id),
        )
    }
    people["lead elsewhere"] = SignedIn(
        service.add_user(me, "other@example.org", None, "lead", elsewhere.id)
    )
    header = b"respondent,perspective,statement,answer,note\n"
    assert len(service.export_answers(people["lead"], 1)) == 12
    assert service.import_preview(people["lead"], 1, header, "a.csv").ok
    for who in ("facilitator", "board_viewer"):
        with pytest.raises(NotAllowed):
            service.export_answers(people[who], 1)
        with pytest.raises(NotAllowed):
            service.import_preview(people[who], 1, header, "a.csv")
    with pytest.raises(NotFound):
        service.export_answers(people["lead elsewhere"], 1)
    events = [(e.actor, e.action, e.subject) for e in store.events(riverside.id)]
    assert ("lead@example.org", "answers exported", "12 answers from 3 people in Spring 2027") in (
        events
    )
    store.close()


def test_a_note_a_spreadsheet_would_run_is_written_after_a_quote_in_csv():
    notes = ("\tTab first", "\rReturn first", "=1+1", "x=1", "'", "''-x")
    rows = [(Answer("respondent-1", "carer", "info-1", "engagement"), note) for note in notes]
    assert answers_csv(rows).decode("utf-8").split("\r\n")[1:] == [
        "respondent-1,carer,info-1,engagement,'\tTab first",
        'respondent-1,carer,info-1,engagement,"\'\rReturn first"',
        "respondent-1,carer,info-1,engagement,'=1+1",
        "respondent-1,carer,info-1,engagement,x=1",
        "respondent-1,carer,info-1,engagement,'",
        "respondent-1,carer,info-1,engagement,'''-x",
        "",
    ]


def test_a_note_at_the_length_limit_that_starts_like_a_formula_goes_out_and_back_in(place):
    """The `'` an export adds is not counted against the note's limit on the way back in."""
    folder, url = place
    longest = "- " + "x" * 3998  # 4,000 characters, the most a note may have
    store = Store(url)
    try:
        store.import_answers(2, [(Answer("dee", "carer", "info-1", "co-design"), longest)])
    finally:
        store.close()
    assert toolkit(place, "export-answers", "--round", "2", "--out", "long.csv").returncode == 0
    assert "'- xxx" in (folder / "long.csv").read_text(encoding="utf-8-sig")
    result = toolkit(place, "import-answers", "--round", "3", "long.csv")
    assert result.returncode == 0, result.stdout + result.stderr
    assert notes_of(place, 3) == [("respondent-1", "carer", "info-1", "co-design", longest)]
    # One character more than the limit is still refused, with or without the quote.
    (folder / "longer.csv").write_text(
        "respondent,perspective,statement,answer,note\n"
        f"eve,carer,info-1,co-design,'- {'x' * 3999}\n",
        encoding="utf-8",
    )
    result = toolkit(place, "import-answers", "--round", "3", "longer.csv")
    assert result.returncode == 1
    assert "4,001 characters" in result.stdout + result.stderr


def test_xlsx_keeps_line_breaks_as_new_lines_and_leaves_out_control_characters(place):
    """What an XLSX cell can hold: a Windows line end comes back as a new line, and control
    characters (a vertical tab from Word, say) are left out."""
    folder, url = place
    store = Store(url)
    try:
        store.import_answers(2, [(Answer("dee", "carer", "info-1", "co-design"), "a\r\nb\x0bc")])
    finally:
        store.close()
    assert toolkit(place, "export-answers", "--round", "2", "--out", "cells.xlsx").returncode == 0
    assert toolkit(place, "import-answers", "--round", "3", "cells.xlsx").returncode == 0
    assert notes_of(place, 3) == [("respondent-1", "carer", "info-1", "co-design", "a\nbc")]
