"""Answers CSV files: every bad row reported with its row number, and nothing half-read."""

from __future__ import annotations

from toolkit.answer_file import parse_answers, read_answers
from toolkit.errors import Code
from toolkit.framework import builtin_frameworks, builtin_perspectives

MIR = builtin_frameworks()["making-it-real"]
PERSPECTIVES = builtin_perspectives()
HEADER = "respondent,perspective,statement,answer,note\n"


def parse(text: str):
    return parse_answers(text, MIR, PERSPECTIVES, "answers.csv")


def test_good_rows_are_read_with_their_notes_and_row_numbers():
    rows, problems = parse(
        HEADER
        + 'ann,carer,info-1,engagement,"She wrote, with us, the leaflet"\n'
        + "\n"
        + "bob,manager,info-1,unsure,\n"
        + "bob,manager,info-2,not_applicable,\n"
    )
    assert problems == []
    assert [(r.row, r.answer.respondent, r.answer.answer) for r in rows] == [
        (2, "ann", "engagement"),
        (4, "bob", "unsure"),
        (5, "bob", "not_applicable"),
    ]
    assert rows[0].note == "She wrote, with us, the leaflet"


def test_every_bad_row_is_reported_and_no_rows_are_returned():
    rows, problems = parse(
        HEADER
        + "ann,carer,info-1,engagement,\n"
        + "ann,carer,info-99,engagement,\n"
        + "ann,carer,info-2,co-desing,\n"
        + "ann,manager,info-3,co-design,\n"
        + "bob,robot,info-1,co-design,\n"
        + "ann,carer,info-1,co-design,\n"
        + ",carer,info-1,co-design,\n"
        + "too,few,fields\n"
    )
    assert rows == []
    assert [(p.line, p.code) for p in problems] == [
        (3, Code.UNKNOWN_STATEMENT),
        (4, Code.UNKNOWN_ANSWER),
        (5, Code.PERSPECTIVE_CONFLICT),
        (6, Code.UNKNOWN_PERSPECTIVE),
        (7, Code.DUPLICATE_ANSWER),
        (8, Code.CSV_EMPTY_FIELD),
        (9, Code.CSV_FIELDS),
    ]
    assert str(problems[1]) == (
        "answers.csv:4: 'co-desing' is not an answer: use a rung id (coercion, educating, "
        "informing, consultation, engagement, co-design, co-production), 'unsure' or "
        "'not_applicable' (did you mean 'co-design'?)"
    )
    assert "first on row 2" in problems[4].message


def test_header_must_match():
    rows, problems = parse("person,perspective,statement,answer,note\n")
    assert rows == [] and problems[0].code is Code.CSV_HEADER
    assert problems[0].line == 1
    _, problems = parse("")
    assert problems[0].code is Code.CSV_HEADER


def test_byte_order_mark_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        ("\ufeff" + HEADER + "ann,carer,info-1,co-design,ok\n").replace("\n", "\r\n").encode()
    )
    rows, problems = read_answers(path, MIR, PERSPECTIVES)
    assert problems == [] and rows[0].answer.answer == "co-design"


def test_unreadable_files_are_explained(tmp_path):
    rows, problems = read_answers(tmp_path / "missing.csv", MIR, PERSPECTIVES, "missing.csv")
    assert problems[0].code is Code.FILE_NOT_FOUND
    assert str(problems[0]) == "missing.csv:1: there is no file here; check the path"
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "ann,carer,info-1,co-design,caf\xe9\n").encode("latin-1"))
    rows, problems = read_answers(latin, MIR, PERSPECTIVES, "latin.csv")
    assert rows == [] and problems[0].code is Code.NOT_UTF8 and problems[0].line == 2
