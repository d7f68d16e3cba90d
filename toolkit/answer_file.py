"""Reading an answers CSV file into checked answers, every bad row reported.

The file is UTF-8 (a byte-order mark is allowed) with the header
`respondent,perspective,statement,answer,note`; one row per answer; a statement a person
skipped is simply absent. Rows are numbered as a spreadsheet numbers them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
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


def _unreadable(display: str, row: int, error: csv.Error) -> Problem:
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
) -> tuple[list[AnswerRow], list[Problem]]:
    """Check answers CSV text against a framework and a list of perspectives."""
    if text.startswith("\ufeff"):
        text = text[1:]
    # Strict: a quoted field still open at the end of the file, or a quote in the wrong
    # place, is an error, never a note that swallows the rows after it.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    try:
        header = next(reader, None)
    except csv.Error as error:
        return [], [_unreadable(display, 1, error)]
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
            problems.append(_unreadable(display, row, error))
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
                ("note", note, TEXT_MAX),
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
