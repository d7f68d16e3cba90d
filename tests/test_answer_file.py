"""Answers CSV files: every bad row reported with its row number, and nothing half-read."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- Read strictly: a quote that never closes cannot swallow the rows after it ---------------


def test_a_quote_that_never_closes_refuses_the_whole_file_at_its_row():
    rows, problems = parse(
        HEADER
        + 'r1,carer,info-1,engagement,"she said ""hi\n'
        + "r2,carer,info-1,engagement,\n"
        + "r3,carer,info-1,engagement,\n"
        + "r4,carer,info-1,engagement,\n"
    )
    assert rows == []
    assert [str(p) for p in problems] == [
        'answers.csv:2: a field in this row opens a quote (") that never closes, so the rest '
        "of the file would be read as part of it; close the quote, or the file may have been "
        "cut short"
    ]


def test_a_quote_closed_too_early_refuses_the_file_at_its_row():
    rows, problems = parse(
        HEADER + "r1,carer,info-1,engagement,fine\n" + 'r2,carer,info-1,engagement,"hi" there\n'
    )
    assert rows == []
    assert [(p.line, p.code) for p in problems] == [(3, Code.CSV_STRAY_QUOTE)]


def test_rows_are_numbered_as_records_even_when_a_note_spans_lines():
    rows, problems = parse(
        HEADER
        + 'ann,carer,info-1,engagement,"line one\nline two, with a comma"\n'
        + "ann,carer,info-2,co-desing,\n"
    )
    assert rows == []
    assert [(p.line, p.code) for p in problems] == [(3, Code.UNKNOWN_ANSWER)]


def test_header_columns_in_another_order_are_refused_with_the_expected_header():
    rows, problems = parse(
        "perspective,respondent,statement,answer,note\ncarer,ann,info-1,engagement,\n"
    )
    assert rows == []
    assert [str(p) for p in problems] == [
        "answers.csv:1: the first row should be the header "
        "respondent,perspective,statement,answer,note, not "
        "perspective,respondent,statement,answer,note"
    ]


def test_header_in_capitals_with_spaces_is_the_same_header():
    rows, problems = parse(
        " Respondent , PERSPECTIVE,statement,answer,Note\nann,carer,info-1,engagement,\n"
    )
    assert problems == [] and [r.answer.respondent for r in rows] == ["ann"]


# --- Lengths and NUL characters: the same limits as the database keeps -----------------------


def test_a_nul_character_anywhere_in_a_row_is_refused_at_its_row():
    rows, problems = parse(
        HEADER + "ann,carer,info-1,engagement,ok\n" + "bob,carer,info-1,engagement,bad\x00note\n"
    )
    assert rows == []
    assert [str(p) for p in problems] == [
        "answers.csv:3: 'note' holds a NUL character (an invisible character with code 0) that "
        "cannot be stored; remove it and try again"
    ]


def test_a_note_of_4000_characters_is_kept_and_4001_is_refused():
    longest = "n" * 4000
    rows, problems = parse(HEADER + f"ann,carer,info-1,engagement,{longest}\n")
    assert problems == [] and rows[0].note == longest
    rows, problems = parse(HEADER + f"ann,carer,info-1,engagement,{longest}n\n")
    assert rows == []
    assert [str(p) for p in problems] == [
        "answers.csv:2: 'note' is 4,001 characters long; the most allowed is 4,000"
    ]


def test_a_respondent_label_of_200_characters_is_kept_and_201_is_refused():
    name = "a" * 200
    rows, problems = parse(HEADER + f"{name},carer,info-1,engagement,\n")
    assert problems == [] and rows[0].answer.respondent == name
    rows, problems = parse(HEADER + f"{name}a,carer,info-1,engagement,\n")
    assert rows == []
    assert [(p.line, p.message) for p in problems] == [
        (2, "'respondent' is 201 characters long; the most allowed is 200")
    ]


def test_devices_and_pipes_are_refused_without_reading_them(tmp_path):
    fifo = tmp_path / "answers.csv"
    os.mkfifo(fifo)
    for path in (Path("/dev/zero"), fifo):
        rows, problems = read_answers(path, MIR, PERSPECTIVES, "answers.csv")
        assert rows == []
        assert [p.code for p in problems] == [Code.NOT_REGULAR_FILE]
    rows, problems = read_answers(tmp_path, MIR, PERSPECTIVES, "folder")
    assert [str(p) for p in problems] == [
        "folder:1: this is a folder, not a file; name a file inside it"
    ]


# --- Properties: whatever people write in notes comes back exactly; cut files never merge ----

NOTES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=60,
).map(str.strip)
STATEMENTS = [s.id for s in MIR.statements]
ANSWERS = [*MIR.ladder.rung_ids, "unsure", "not_applicable"]
PEOPLE = [p.id for p in PERSPECTIVES]


@st.composite
def answer_rows(draw) -> list[tuple[str, str, str, str, str]]:
    """Rows of an answers file: people, each one perspective, each statement at most once."""
    rows = []
    for number in range(draw(st.integers(min_value=1, max_value=4))):
        perspective = draw(st.sampled_from(PEOPLE))
        chosen = draw(st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=3, unique=True))
        for statement in chosen:
            note = draw(NOTES | st.sampled_from(['=HYPERLINK("x")', '"', '""', ",", "a\r\nb"]))
            rows.append(
                (f"person {number}", perspective, statement, draw(st.sampled_from(ANSWERS)), note)
            )
    return rows


def as_csv(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER.strip().split(","))
    writer.writerows(rows)
    return buffer.getvalue()


def read_back(rows):
    return [
        (r.answer.respondent, r.answer.perspective, r.answer.statement, r.answer.answer, r.note)
        for r in rows
    ]


@settings(max_examples=150, deadline=None)
@given(answer_rows())
def test_any_notes_written_as_csv_read_back_exactly(rows):
    read, problems = parse(as_csv(rows))
    assert problems == []
    assert read_back(read) == [(*row[:4], row[4].strip()) for row in rows]


@settings(max_examples=150, deadline=None)
@given(answer_rows(), st.data())
def test_a_cut_file_is_refused_with_a_row_or_reads_back_whole_rows_in_order(rows, data):
    """Truncated anywhere, a file is refused (every problem located), or what is read is the
    first rows of the file, in order; only the last may lose the end of a note that needed no
    quotes, which no reader can tell from a shorter note. A quoted note is whole, or empty if
    the cut came before its quote, or ends just before a quote written doubled ("") if the cut
    fell between the two, which is again a complete file; two rows never merge."""
    encoded = as_csv(rows).encode("utf-8")
    cut = data.draw(st.integers(min_value=0, max_value=len(encoded)))
    try:
        text = encoded[:cut].decode("utf-8")
    except UnicodeDecodeError:
        return  # a cut inside a character: read_answers refuses it as not UTF-8, located
    read, problems = parse(text)
    if problems:
        assert read == [] and all(p.line >= 1 for p in problems)
        return
    got = read_back(read)
    expected = [(*row[:4], row[4].strip()) for row in rows]
    assert len(got) <= len(expected)
    assert got[:-1] == expected[: max(len(got) - 1, 0)]  # nothing read: nothing to match
    if got:
        last, whole = got[-1], expected[len(got) - 1]
        assert last[:4] == whole[:4]
        quoted = any(c in rows[len(got) - 1][4] for c in ',"\r\n')
        if quoted:  # whole, empty (cut before its opening quote), or cut inside a ""
            assert last[4] in (whole[4], "") or (
                whole[4].startswith(last[4]) and whole[4][len(last[4]) :].lstrip()[:1] == '"'
            )
        else:
            assert whole[4].startswith(last[4])


def test_ids_of_100_characters_are_checked_as_ids_and_101_are_refused_as_too_long():
    statement = "s" * 100
    rows, problems = parse(HEADER + f"ann,carer,{statement},engagement,\n")
    assert [(p.line, p.code) for p in problems] == [(2, Code.UNKNOWN_STATEMENT)]
    rows, problems = parse(HEADER + f"ann,carer,{statement}s,engagement,\n")
    assert rows == []
    assert [(p.line, p.message) for p in problems] == [
        (2, "'statement' is 101 characters long; the most allowed is 100")
    ]


def test_an_answers_file_over_200_000_000_bytes_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as file:  # sparse: nothing is written but the size
        file.truncate(200_000_001)
    rows, problems = read_answers(path, MIR, PERSPECTIVES, "huge.csv")
    assert rows == []
    assert [str(p) for p in problems] == [
        "huge.csv:1: the file is 200,000,001 bytes; files over 200,000,000 bytes are refused "
        "to keep the toolkit safe; split it or remove what is not needed"
    ]
