"""Reading an answers CSV file into checked answers, every bad row reported.

The file is UTF-8 (a byte-order mark is allowed) with the header
`respondent,perspective,statement,answer,note`; one row per answer; a statement a person
skipped is simply absent. Rows are numbered as a spreadsheet numbers them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import Code, Problem, did_you_mean
from toolkit.framework import NOT_APPLICABLE, UNSURE, Framework, Perspective
from toolkit.limits import ID_MAX, NAME_MAX, TEXT_MAX, text_problem
from toolkit.scoring import Answer
from toolkit.yaml_source import MAX_BYTES, read_text

COLUMNS = ("respondent", "perspective", "statement", "answer", "note")
MAX_CSV_BYTES = 200 * MAX_BYTES


@dataclass(frozen=True)
class AnswerRow:
    """One checked row of an answers file: the answer, its note and its row number."""

    row: int
    answer: Answer
    note: str


def read_answers(
    path: Path | str,
    framework: Framework,
    perspectives: tuple[Perspective, ...],
    display: str | None = None,
) -> tuple[list[AnswerRow], list[Problem]]:
    """Read and check an answers file. Any problem means no rows are returned."""
    path = Path(path)
    display = display if display is not None else str(path)
    text, problems = read_text(path, display, limit=MAX_CSV_BYTES)
    if text is None:
        return [], [Problem(p.path, p.line, None, p.code, p.message) for p in problems]
    return parse_answers(text, framework, perspectives, display)


def _problem(display: str, row: int, code: Code, **params: object) -> Problem:
    return Problem(display, row, None, code, code.format(**params), params)


def unreadable_row(display: str, row: int, error: csv.Error) -> Problem:
    """A row the CSV reader cannot make sense of, said in plain words."""
    detail = str(error)
    if "unexpected end of data" in detail:
        return _problem(display, row, Code.CSV_OPEN_QUOTE)
    if "expected after" in detail:
        return _problem(display, row, Code.CSV_STRAY_QUOTE)
    if "field larger than field limit" in detail:
        return _problem(display, row, Code.CSV_FIELD_TOO_LONG)
    return _problem(display, row, Code.INVALID, what="this row cannot be read", detail=detail)


def parse_answers(
    text: str,
    framework: Framework,
    perspectives: tuple[Perspective, ...],
    display: str,
    *,
    delimiter: str = ",",
) -> tuple[list[AnswerRow], list[Problem]]:
    """Check answers CSV text against a framework and a list of perspectives."""
    if text.startswith("\ufeff"):
        text = text[1:]
    # Strict: a quoted field still open at the end of the file, or a quote in the wrong
    # place, is an error, never a note that swallows the rows after it.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    return check_records(reader, framework, perspectives, display)


def check_records(
    reader: Iterator[list[str]],
    framework: Framework,
    perspectives: tuple[Perspective, ...],
    display: str,
) -> tuple[list[AnswerRow], list[Problem]]:
    """Check the records of an answers file (from CSV, or the rows of a workbook as text),
    the header first, against a framework and a list of perspectives. A `csv.Error` raised
    while reading a record refuses the file at that record's row."""
    problems: list[Problem] = []
    try:
        header = next(reader, None)
    except csv.Error as error:
        return [], [unreadable_row(display, 1, error)]
    if header is None or [h.strip().lower() for h in header] != list(COLUMNS):
        found = ",".join(header) if header else "an empty file"
        return [], [_problem(display, 1, Code.CSV_HEADER, expected=",".join(COLUMNS), found=found)]

    statements = {s.id for s in framework.statements}
    choices = (*framework.ladder.rung_ids, UNSURE, NOT_APPLICABLE)
    known_perspectives = [p.id for p in perspectives]
    first_answer: dict[tuple[str, str], int] = {}
    first_perspective: dict[str, tuple[str, int]] = {}
    rows: list[AnswerRow] = []
    row = 1
    while True:
        row += 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(unreadable_row(display, row, error))
            break
        if not any(f.strip() for f in fields):
            continue  # blank lines are harmless
        if len(fields) != len(COLUMNS):
            problems.append(
                _problem(display, row, Code.CSV_FIELDS, found=len(fields), expected=len(COLUMNS))
            )
            continue
        respondent, perspective, statement, answer, note = (f.strip() for f in fields)
        row_problems = [
            _problem(display, row, Code.CSV_TEXT, column=column, problem=problem)
            for column, value, limit in (
                ("respondent", respondent, NAME_MAX),
                ("perspective", perspective, ID_MAX),
                ("statement", statement, ID_MAX),
                ("answer", answer, ID_MAX),
                ("note", unescape_note(note), TEXT_MAX),  # the `'` an export adds is not counted
            )
            if (problem := text_problem(value, limit))
        ]
        if row_problems:
            problems += row_problems
            continue
        for column, value in zip(
            COLUMNS[:4], (respondent, perspective, statement, answer), strict=True
        ):
            if not value:
                row_problems.append(_problem(display, row, Code.CSV_EMPTY_FIELD, column=column))
        if perspective and perspective not in known_perspectives:
            row_problems.append(
                _problem(
                    display,
                    row,
                    Code.UNKNOWN_PERSPECTIVE,
                    value=perspective,
                    known=", ".join(known_perspectives),
                )
            )
        if statement and statement not in statements:
            row_problems.append(
                _problem(
                    display,
                    row,
                    Code.UNKNOWN_STATEMENT,
                    value=statement,
                    framework=framework.id,
                    hint=did_you_mean(statement, sorted(statements)),
                )
            )
        if answer and answer not in choices:
            row_problems.append(
                _problem(
                    display,
                    row,
                    Code.UNKNOWN_ANSWER,
                    value=answer,
                    rungs=", ".join(framework.ladder.rung_ids),
                    hint=did_you_mean(answer, choices),
                )
            )
        if respondent and perspective:
            seen = first_perspective.setdefault(respondent, (perspective, row))
            if seen[0] != perspective:
                row_problems.append(
                    _problem(
                        display,
                        row,
                        Code.PERSPECTIVE_CONFLICT,
                        respondent=respondent,
                        value=perspective,
                        first_value=seen[0],
                        first=seen[1],
                    )
                )
        if respondent and statement:
            first = first_answer.setdefault((respondent, statement), row)
            if first != row:
                row_problems.append(
                    _problem(
                        display,
                        row,
                        Code.DUPLICATE_ANSWER,
                        respondent=respondent,
                        statement=statement,
                        first=first,
                    )
                )
        problems += row_problems
        if not row_problems:
            rows.append(AnswerRow(row, Answer(respondent, perspective, statement, answer), note))
    return ([] if problems else rows), problems


# --- Writing answers files (`toolkit export-answers`) ----------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may take a cell starting with for a formula: in a CSV file such a note
is written after a `'`, which an import removes again."""
EXPORT_SUFFIXES = (".csv", ".xlsx")


def escape_note(note: str) -> str:
    """A note as written in an answers CSV: after a `'` when a spreadsheet would take it for a
    formula (or when it starts with `'`s before such a character, so that the `'` an import
    removes is always one the export added)."""
    return "'" + note if note.lstrip("'")[:1] in FORMULA_START else note


def unescape_note(note: str) -> str:
    """A note as its person wrote it: the `'` that `escape_note` adds is removed."""
    return note[1:] if note[:1] == "'" and note.lstrip("'")[:1] in FORMULA_START else note


def answers_csv(rows: Iterable[tuple[Answer, str]]) -> bytes:
    """An answers CSV file for Excel (UTF-8 with a byte-order mark), formula-looking notes
    after a `'`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for answer, note in rows:
        writer.writerow(
            (
                answer.respondent,
                answer.perspective,
                answer.statement,
                answer.answer,
                escape_note(note),
            )
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def answers_workbook(rows: Iterable[tuple[Answer, str]]) -> bytes:
    """An answers workbook (.xlsx) of one sheet, Answers: every cell text, never a formula.

    XML cannot hold control characters other than tab and line breaks, so those are left out
    of the workbook (the CSV keeps them)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Answers")

    def text_cells(values: Iterable[str]) -> list[WriteOnlyCell | None]:
        cells: list[WriteOnlyCell | None] = []
        for value in values:
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if not value:
                cells.append(None)  # an empty cell, as a spreadsheet leaves it
                continue
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text, even when it starts with '='
            cells.append(cell)
        return cells

    sheet.append(text_cells(COLUMNS))
    for answer, note in rows:
        sheet.append(
            text_cells(
                (answer.respondent, answer.perspective, answer.statement, answer.answer, note)
            )
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_answers(path: Path | str, rows: Iterable[tuple[Answer, str]]) -> None:
    """Write an answers file, CSV or XLSX by its suffix, whole or not at all: it is written
    beside its place (readable by its owner only, like a backup) and moved there once
    complete. OSError if it cannot be written; ValueError for another suffix."""
    import os
    import tempfile

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ValueError(f"{path}: the file should end in .csv or .xlsx")
    data = answers_csv(rows) if suffix == ".csv" else answers_workbook(rows)
    descriptor, temporary = tempfile.mkstemp(prefix=".answers-", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
