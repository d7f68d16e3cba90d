"""From a file to the answers it would add to a round: detect its layout, match its columns
and answers (automatically, and by a mapping file), and say what would be imported, or every
problem that stops it, each at its row and/or column. Nothing here writes anything: the
import itself is `Service.import_answers` with `Preview.answer_rows()`, all or nothing.

Matching without a mapping:

- a column whose header, or the text inside its final `[...]` (a grid row), or a SurveyMonkey
  matrix row's text, equals a statement's `text` or `easy_read` (ignoring case, surrounding
  and repeated spaces and trailing punctuation) is that statement;
- an answer equal to a rung's id or label (ignoring case) is that rung; "Not sure" and
  "Don't know" are unsure; "Doesn't apply", "Does not apply", "Not applicable" and "N/A" are
  not applicable; an empty cell is a statement skipped;
- the perspective comes from the one column whose every non-empty value is a perspective's id
  or label;
- the tool's own columns (times, ids, e-mail addresses, names) are left out; any other column
  that matches nothing, and holds anything, is a problem.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from toolkit.answer_file import COLUMNS, AnswerRow, check_records, parse_answers, unescape_note
from toolkit.errors import Code, Problem, did_you_mean
from toolkit.framework import NOT_APPLICABLE, UNSURE, Framework, Perspective
from toolkit.limits import NAME_MAX, TEXT_MAX, text_problem
from toolkit.scoring import Answer

from . import layouts
from .layouts import AUTO, FORMATS, TOOLKIT, Column, normalise
from .mapping import LocatedMapping, PerspectiveColumn, SurveyMapping
from .table import Table, cell_text, read_file, read_table

AUTOMATIC, MAPPED = "automatic", "mapping"

UNSURE_WORDS = ("not sure", "don't know", "dont know", "unsure", "i am not sure", "i'm not sure")
NOT_APPLICABLE_WORDS = (
    "doesn't apply",
    "does not apply",
    "not applicable",
    "n/a",
    "not_applicable",
)
ANONYMOUS = "anonymous"  # what Microsoft Forms writes for a person who gave no name


# --- What a preview says -------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMatch:
    """What one column of the file is taken to be.

    `role`: statement, note (evidence for `statement`), perspective, name, metadata (the
    tool's own column), ignored (by the mapping), empty (no header and nothing in it, or
    nothing in it at all), or unknown (a problem). `how`: automatic or mapping. `key`: how a
    mapping names this one column (its matrix or grid row's text where that is enough, else
    its name), as `Preview.mapping` names it."""

    letter: str
    name: str
    role: str
    statement: str | None = None
    how: str = AUTOMATIC
    key: str = ""


@dataclass(frozen=True)
class LabelMatch:
    """A text found in the file (an answer, or a perspective column's value) and what it was
    taken to mean (None: nothing, a problem); `count` cells hold it."""

    text: str
    meaning: str | None
    how: str
    count: int


@dataclass(frozen=True)
class Person:
    """One person who would be added: their row, name in the round, perspective, and answers
    as (statement id, answer, note)."""

    row: int
    label: str
    perspective: str
    answers: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Preview:
    """What importing a file would add to a round, or why it cannot.

    A page shows `columns` (column → statement), `answers` (answer text → rung),
    `people_per_perspective()` and `answers_per_statement()`, lists `problems` (each at its
    row and/or column) and `notices`, offers `mapping` (the mapping in effect, automatic
    matches included) as YAML with `mapping_yaml`, and imports with
    `Service.import_answers(actor, round_id, preview.answer_rows())` only when `ok`."""

    display: str
    layout: str | None
    columns: tuple[ColumnMatch, ...] = ()
    answers: tuple[LabelMatch, ...] = ()
    perspective_values: tuple[LabelMatch, ...] = ()
    people: tuple[Person, ...] = ()
    problems: tuple[Problem, ...] = ()
    notices: tuple[str, ...] = ()
    mapping: SurveyMapping | None = None
    perspective_order: tuple[str, ...] = ()
    statement_order: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def answer_count(self) -> int:
        return sum(len(p.answers) for p in self.people)

    def people_per_perspective(self) -> dict[str, int]:
        counts = Counter(p.perspective for p in self.people)
        return {k: counts[k] for k in self.perspective_order if counts[k]}

    def answers_per_statement(self) -> dict[str, int]:
        counts = Counter(s for p in self.people for s, _, _ in p.answers)
        return {k: counts[k] for k in self.statement_order if counts[k]}

    def answer_rows(self) -> Iterator[tuple[Answer, str]]:
        """The answers and notes to give `Service.import_answers` (nothing if not `ok`)."""
        if not self.ok:
            return
        for person in self.people:
            for statement, answer, note in person.answers:
                yield Answer(person.label, person.perspective, statement, answer), note


# --- Reading and previewing ----------------------------------------------------------------


def preview_file(
    path: Path | str,
    framework: Framework,
    perspectives: tuple[Perspective, ...],
    *,
    display: str | None = None,
    layout: str = AUTO,
    mapping: SurveyMapping | LocatedMapping | None = None,
    taken: Collection[str] = (),
) -> Preview:
    """`preview_import` of a file on disk."""
    display = display if display is not None else str(path)
    data, problems = read_file(path, display)
    if data is None:
        return Preview(display, None, problems=tuple(problems))
    return preview_import(
        data, display, framework, perspectives, layout=layout, mapping=mapping, taken=taken
    )


def preview_import(
    data: bytes,
    display: str,
    framework: Framework,
    perspectives: tuple[Perspective, ...],
    *,
    layout: str = AUTO,
    mapping: SurveyMapping | LocatedMapping | None = None,
    taken: Collection[str] = (),
) -> Preview:
    """What importing a file's bytes into a round of `framework` would add, or every problem
    that stops it. `layout` is auto (told from the content) or one of FORMATS; `taken` are
    the names already used in the round."""
    if layout != AUTO and layout not in FORMATS:
        raise ValueError(f"unknown layout {layout!r}")
    table, problems = read_table(data, display)
    if table is None:
        return Preview(display, None, problems=tuple(problems))
    found = layouts.detect(table.rows) if layout == AUTO else layout
    if found is None and table.error is not None and table.error.line <= 2:
        return Preview(display, None, problems=(table.error,))  # no header rows to tell by
    if found is None:
        first = [cell_text(c) for c in table.rows[0]] if table.rows else []
        text = ",".join(first).strip(",")
        shown = (text[:80] + "…" if len(text) > 80 else text) or "empty"
        problem = _problem(display, 1, Code.SURVEY_LAYOUT, expected=",".join(COLUMNS), found=shown)
        return Preview(display, None, problems=(problem,))
    order = (tuple(p.id for p in perspectives), tuple(s.id for s in framework.statements))
    if found == TOOLKIT:
        return _toolkit_preview(table, framework, perspectives, mapping, taken, order)
    if table.error is not None:
        return Preview(display, found, problems=(table.error,))
    return _Planner(table, found, framework, perspectives, mapping, taken).preview(order)


def _problem(display: str, row: int, code: Code, **params: object) -> Problem:
    return Problem(display, row, None, code, code.format(**params), params)


def _toolkit_preview(
    table: Table,
    framework: Framework,
    perspectives: tuple[Perspective, ...],
    mapping: SurveyMapping | LocatedMapping | None,
    taken: Collection[str],
    order: tuple[tuple[str, ...], tuple[str, ...]],
) -> Preview:
    """The toolkit's own answers file, read as `toolkit score` reads it; in a CSV file, the
    `'` that export-answers writes before a formula-looking note is removed."""
    display = table.display
    if table.kind == "csv":
        rows, problems = parse_answers(
            table.text or "", framework, perspectives, display, delimiter=table.delimiter
        )
        rows = [AnswerRow(r.row, r.answer, unescape_note(r.note)) for r in rows]
    else:
        records = iter([_toolkit_cells(row) for row in table.rows])
        rows, problems = check_records(records, framework, perspectives, display)
    if mapping is not None:
        where = mapping.display if isinstance(mapping, LocatedMapping) else "the mapping"
        problems.append(
            Problem(where, 1, None, Code.MAPPING_FOR_SURVEYS, Code.MAPPING_FOR_SURVEYS.format())
        )
    people: dict[str, tuple[int, str, list[tuple[str, str, str]]]] = {}
    for row in rows:
        entry = people.setdefault(row.answer.respondent, (row.row, row.answer.perspective, []))
        entry[2].append((row.answer.statement, row.answer.answer, row.note))
    for label, (row, _, _) in people.items():
        if label in taken:
            problems.append(_problem(display, row, Code.SURVEY_NAME_TAKEN, label=label))
    problems = sorted(problems, key=lambda p: (p.path == display, p.line))
    return Preview(
        display,
        TOOLKIT,
        columns=tuple(ColumnMatch(chr(ord("A") + i), c, c) for i, c in enumerate(COLUMNS)),
        people=tuple(Person(r, label, p, tuple(a)) for label, (r, p, a) in people.items()),
        problems=tuple(problems),
        perspective_order=order[0],
        statement_order=order[1],
    )


def _toolkit_cells(row: Sequence[object]) -> list[str]:
    """A workbook's row as the fields of an answers file: an empty cell at its end is an
    empty note, and empty cells past the note are no fields."""
    cells = [cell_text(c) for c in row]
    while len(cells) > len(COLUMNS) and not cells[-1].strip():
        cells.pop()
    return cells + [""] * (len(COLUMNS) - len(cells))


# --- Survey exports ------------------------------------------------------------------------


@dataclass
class _Role:
    role: str
    statement: str | None = None
    how: str = MAPPED
    key: tuple[str, ...] = ()  # where the mapping names it: ("statements", "<header>")


@dataclass
class _Tally:
    """Texts met in cells, by their compared form: the first spelling, the rows, a meaning."""

    first: dict[str, str] = field(default_factory=dict)
    count: Counter = field(default_factory=Counter)
    meaning: dict[str, tuple[str | None, str]] = field(default_factory=dict)

    def add(self, text: str, meaning: str | None, how: str) -> None:
        key = normalise(text)
        self.first.setdefault(key, text)
        self.count[key] += 1
        self.meaning.setdefault(key, (meaning, how))

    def matches(self) -> tuple[LabelMatch, ...]:
        return tuple(LabelMatch(self.first[k], *self.meaning[k], self.count[k]) for k in self.first)


class _Planner:
    """One survey export matched against one round's framework and perspectives."""

    def __init__(
        self,
        table: Table,
        layout: str,
        framework: Framework,
        perspectives: tuple[Perspective, ...],
        mapping: SurveyMapping | LocatedMapping | None,
        taken: Collection[str],
    ) -> None:
        self.table = table
        self.display = table.display
        self.layout = layout
        self.framework = framework
        self.perspectives = perspectives
        self.located = mapping if isinstance(mapping, LocatedMapping) else None
        self.mapping = mapping.mapping if isinstance(mapping, LocatedMapping) else mapping
        self.taken = set(taken)
        heading = layouts.header_rows(layout)
        self.columns = layouts.columns(layout, table.rows[:heading])
        self.first_data_row = heading + 1
        self.data = [[cell_text(c).strip() for c in row] for row in table.rows[heading:]]
        self.problems: list[Problem] = []
        self.notices: list[str] = []
        self.roles: dict[int, _Role] = {}
        self.statement_ids = {s.id for s in framework.statements}
        self.choices = (*framework.ladder.rung_ids, UNSURE, NOT_APPLICABLE)
        self.perspective_ids = [p.id for p in perspectives]
        self.fixed_perspective: str | None = None

    # Problems, at a row of the file or a place in the mapping file.

    def at_row(self, row: int, code: Code, **params: object) -> None:
        self.problems.append(_problem(self.display, row, code, **params))

    def in_mapping(self, loc: tuple, code: Code, *, key: bool = False, **params: object) -> None:
        if self.located is not None:
            self.problems.append(self.located.located.problem(loc, code, key=key, **params))
        else:
            where = ".".join(str(part) for part in loc)
            message = f"under {where}: {code.format(**params)}"
            self.problems.append(Problem("mapping", 1, None, code, message, params))

    # Columns.

    def values(self, column: Column) -> list[tuple[int, str]]:
        """The non-empty cells of a column, with their rows."""
        return [
            (self.first_data_row + n, row[column.index])
            for n, row in enumerate(self.data)
            if column.index < len(row) and row[column.index]
        ]

    def find(self, name: str) -> list[Column]:
        """The columns a mapping's name means: those whose whole name it is, else those whose
        header or matrix or grid row text it is."""
        wanted = normalise(name)
        named = [c for c in self.columns if c.name and normalise(c.name) == wanted]
        if named:
            return named
        return [
            c
            for c in self.columns
            if any(normalise(t) == wanted for t in (c.header, c.row_text or "") if t)
        ]

    def key_for(self, column: Column) -> str:
        """How a mapping file names this one column: by its matrix or grid row's text where
        that is enough, else by its whole name."""
        for text in (column.row_text, column.name, column.header):
            if text and self.find(text) == [column]:
                return text
        return column.name

    def assign(self, loc: tuple, name: str, role: _Role, *, many: bool = False) -> None:
        """Give the columns a mapping's name means a role, or say why not."""
        found = self.find(name)
        if not found:
            names = [c.name for c in self.columns if c.name]
            hint = did_you_mean(name, names)
            self.in_mapping(
                loc, Code.MAPPING_NO_COLUMN, key=True, value=name, file=self.display, hint=hint
            )
            return
        if len(found) > 1 and not many:
            shown = ", ".join(c.letter for c in found)
            self.in_mapping(
                loc,
                Code.MAPPING_MANY_COLUMNS,
                key=True,
                value=name,
                columns=shown,
                file=self.display,
            )
            return
        for column in found:
            earlier = self.roles.get(column.index)
            if earlier is not None:
                line = self.located.located.where(earlier.key, key=True)[0] if self.located else 1
                self.in_mapping(
                    loc,
                    Code.MAPPING_COLUMN_TWICE,
                    key=True,
                    column=column.shown,
                    other=earlier.key[0],
                    line=line,
                )
                continue
            self.roles[column.index] = _Role(role.role, role.statement, MAPPED, loc)

    def statement_known(self, loc: tuple, statement: str) -> bool:
        if statement in self.statement_ids:
            return True
        hint = did_you_mean(statement, sorted(self.statement_ids))
        self.in_mapping(
            loc, Code.UNKNOWN_STATEMENT, value=statement, framework=self.framework.id, hint=hint
        )
        return False

    def perspective_known(self, loc: tuple, perspective: str) -> bool:
        if perspective in self.perspective_ids:
            return True
        self.in_mapping(
            loc, Code.UNKNOWN_PERSPECTIVE, value=perspective, known=", ".join(self.perspective_ids)
        )
        return False

    def apply_mapping(self) -> None:
        mapping = self.mapping
        if mapping is None:
            return
        if isinstance(mapping.perspective, PerspectiveColumn):
            loc = ("perspective", "column")
            self.assign(loc, mapping.perspective.column, _Role("perspective", key=loc))
            for label, perspective in mapping.perspective.values.items():
                self.perspective_known(("perspective", "values", label), perspective)
        elif mapping.perspective is not None and self.perspective_known(
            ("perspective",), mapping.perspective
        ):
            self.fixed_perspective = mapping.perspective
        if mapping.name_column is not None:
            self.assign(("name_column",), mapping.name_column, _Role("name"))
        for section, role in (("note_columns", "note"), ("statements", "statement")):
            for header, statement in getattr(mapping, section).items():
                loc = (section, header)
                known = self.statement_known(loc, statement)
                # A column the mapping names is claimed even when its statement is wrong,
                # so that it is reported once, in the mapping, not again as unknown.
                self.assign(loc, header, _Role(role if known else "unknown", statement))
        for label, answer in mapping.answers.items():
            if answer not in self.choices:
                rungs = ", ".join(self.framework.ladder.rung_ids)
                hint = did_you_mean(answer, self.choices)
                self.in_mapping(
                    ("answers", label), Code.UNKNOWN_ANSWER, value=answer, rungs=rungs, hint=hint
                )
        for number, header in enumerate(mapping.ignore):
            self.assign(("ignore", number), header, _Role("ignored"), many=True)

    def match_statements(self) -> list[Column]:
        """Match the columns the mapping left, automatically; those that match nothing."""
        by_text: dict[str, set[str]] = {}
        for statement in self.framework.statements:
            for text in (statement.text, statement.easy_read):
                if text:
                    by_text.setdefault(normalise(text), set()).add(statement.id)
        left: list[Column] = []
        for column in self.columns:
            if column.index in self.roles:
                continue
            if not column.header and not column.sub_header:
                if self.values(column):
                    self.at_row(1, Code.SURVEY_NO_HEADER, column=column.letter)
                self.roles[column.index] = _Role("empty", how=AUTOMATIC)
                continue
            if layouts.is_metadata(self.layout, column):
                self.roles[column.index] = _Role("metadata", how=AUTOMATIC)
                continue
            matched: set[str] = set()
            for text in column.texts:
                matched = by_text.get(normalise(text), set())
                if matched:
                    break
            if len(matched) == 1:
                self.roles[column.index] = _Role("statement", next(iter(matched)), AUTOMATIC)
            elif matched:
                shown = " and ".join(f"'{s}'" for s in sorted(matched))
                self.at_row(1, Code.SURVEY_TWO_STATEMENTS, column=column.shown, statements=shown)
                self.roles[column.index] = _Role("unknown", how=AUTOMATIC)
            else:
                left.append(column)
        return left

    def perspective_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for perspective in self.perspectives:
            index[normalise(perspective.id)] = perspective.id
            index[normalise(perspective.label)] = perspective.id
        return index

    def find_perspective(self, left: list[Column], answered: bool) -> list[Column]:
        """The column saying who each person is, when the mapping does not say; the columns
        still left."""
        if self.fixed_perspective or any(r.role == "perspective" for r in self.roles.values()):
            return left
        index = self.perspective_index()
        candidates = [
            c
            for c in left
            if (cells := self.values(c)) and all(normalise(v) in index for _, v in cells)
        ]
        if len(candidates) == 1:
            self.roles[candidates[0].index] = _Role("perspective", how=AUTOMATIC)
        elif len(candidates) > 1:
            shown = " and ".join(c.shown for c in candidates)
            self.at_row(1, Code.SURVEY_TWO_PERSPECTIVE_COLUMNS, columns=shown)
        elif answered:
            self.at_row(1, Code.SURVEY_NO_PERSPECTIVE_COLUMN, known=", ".join(self.perspective_ids))
        return [c for c in left if c not in candidates]

    def close_match(self, column: Column) -> str:
        """A hint naming the statement a column's header is close to, if one is."""
        texts = {}
        for statement in self.framework.statements:
            for text in (statement.text, statement.easy_read):
                if text:
                    texts[normalise(text)] = statement.id
        for text in column.texts:
            close = difflib.get_close_matches(normalise(text), list(texts), n=1, cutoff=0.8)
            if close:
                return f" (it is close to the text of statement '{texts[close[0]]}')"
        return ""

    # Answers.

    def answer_index(self) -> dict[str, tuple[str, str]]:
        index: dict[str, tuple[str, str]] = {}
        for rung in self.framework.ladder.rungs:
            index[normalise(rung.id)] = (rung.id, AUTOMATIC)
            index[normalise(rung.label)] = (rung.id, AUTOMATIC)
        for word in UNSURE_WORDS:
            index[normalise(word)] = (UNSURE, AUTOMATIC)
        for word in NOT_APPLICABLE_WORDS:
            index[normalise(word)] = (NOT_APPLICABLE, AUTOMATIC)
        if self.mapping is not None:
            for label, answer in self.mapping.answers.items():
                if answer in self.choices:
                    index[normalise(label)] = (answer, MAPPED)
        return index

    # The whole plan.

    def preview(self, order: tuple[tuple[str, ...], tuple[str, ...]]) -> Preview:
        self.apply_mapping()
        left = self.match_statements()
        answered = any(
            row[c.index]
            for row in self.data
            for c in self.columns
            if c.index in self.roles
            and self.roles[c.index].role in ("statement", "note")
            and c.index < len(row)
        )
        left = self.find_perspective(left, answered)
        for column in left:
            if self.values(column):
                hint = self.close_match(column)
                self.at_row(
                    1,
                    Code.SURVEY_UNKNOWN_COLUMN,
                    column=column.shown,
                    framework=self.framework.id,
                    own=layouts.OWN_COLUMNS[self.layout],
                    hint=hint,
                )
                self.roles[column.index] = _Role("unknown", how=AUTOMATIC)
            else:
                self.roles[column.index] = _Role("empty", how=AUTOMATIC)
                self.notices.append(f"Column {column.shown} is empty, so it is left out.")
        if self.problems and any(p.path != self.display for p in self.problems):
            # What the rows mean depends on the mapping: mend it first, then see the rows.
            answers, perspective_values, people = _Tally(), _Tally(), []
        else:
            answers, perspective_values, people = self.read_people()
        problems = sorted(
            self.problems, key=lambda p: (p.path == self.display, p.line, p.column or 0)
        )
        return Preview(
            self.display,
            self.layout,
            columns=tuple(
                ColumnMatch(
                    c.letter,
                    c.name,
                    self.roles[c.index].role,
                    self.roles[c.index].statement,
                    self.roles[c.index].how,
                    self.key_for(c),
                )
                for c in self.columns
            ),
            answers=answers.matches(),
            perspective_values=perspective_values.matches(),
            people=tuple(people),
            problems=tuple(problems),
            notices=tuple(self.notices),
            mapping=self.effective_mapping(answers, perspective_values),  # None if it cannot
            perspective_order=order[0],
            statement_order=order[1],
        )

    def read_people(self) -> tuple[_Tally, _Tally, list[Person]]:
        answer_index = self.answer_index()
        perspective_index = self.perspective_index()
        if self.mapping is not None and isinstance(self.mapping.perspective, PerspectiveColumn):
            for label, perspective in self.mapping.perspective.values.items():
                if perspective in self.perspective_ids:
                    perspective_index[normalise(label)] = perspective
        mapped_labels = set()
        if self.mapping is not None and isinstance(self.mapping.perspective, PerspectiveColumn):
            mapped_labels = {normalise(k) for k in self.mapping.perspective.values}
        by_role = {
            role: [c for c in self.columns if self.roles[c.index].role == role]
            for role in ("statement", "note", "perspective", "name")
        }
        id_column = layouts.response_id_column(self.layout, self.columns)
        perspective_column = by_role["perspective"][0] if by_role["perspective"] else None
        name_column = by_role["name"][0] if by_role["name"] else None
        answers, values = _Tally(), _Tally()
        unknown_answers: dict[tuple[int, str], list[int]] = {}
        unknown_perspectives: dict[str, list[int]] = {}
        people: list[Person] = []
        used: set[str] = set()
        order = {s.id: i for i, s in enumerate(self.framework.statements)}
        skipped: list[int] = []
        width = len(self.columns)
        # A row of an export has a cell for every column with a header: a shorter one was
        # most likely cut short (a file copied or downloaded in part).
        needed = max((c.index + 1 for c in self.columns if c.header or c.sub_header), default=0)
        if self.table.kind != "csv":
            needed = 0  # a workbook's row has as many cells as its sheet is wide
        for number, cells in enumerate(self.data):
            row = self.first_data_row + number
            if not any(cells):
                continue
            if (len(cells) > width and any(cells[width:])) or len(cells) < needed:
                found = f"{len(cells)} cell{'' if len(cells) == 1 else 's'}"
                self.at_row(row, Code.SURVEY_ROW_WIDTH, found=found, expected=width)
                continue
            cells = cells + [""] * (width - len(cells))
            given: dict[str, tuple[str, Column]] = {}
            for column in by_role["statement"]:
                text = cells[column.index]
                if not text:
                    continue
                statement = self.roles[column.index].statement or ""
                meaning, how = answer_index.get(normalise(text), (None, ""))
                answers.add(text, meaning, how)
                if meaning is None:
                    unknown_answers.setdefault((column.index, normalise(text)), []).append(row)
                    continue
                if statement in given:
                    first = given[statement][1]
                    self.at_row(
                        row,
                        Code.SURVEY_ANSWERED_TWICE,
                        statement=statement,
                        first=first.shown,
                        second=column.shown,
                    )
                    continue
                given[statement] = (meaning, column)
            notes: dict[str, list[str]] = {}
            for column in by_role["note"]:
                text = cells[column.index]
                if not text:
                    continue
                statement = self.roles[column.index].statement or ""
                if statement not in given and not any(
                    self.roles[c.index].statement == statement and cells[c.index]
                    for c in by_role["statement"]
                ):
                    self.at_row(
                        row,
                        Code.SURVEY_NOTE_WITHOUT_ANSWER,
                        column=column.shown,
                        statement=statement,
                    )
                    continue
                notes.setdefault(statement, []).append(text)
            if not given and not notes:
                skipped.append(row)
                continue
            perspective = self.fixed_perspective
            if perspective_column is not None:
                text = cells[perspective_column.index]
                if not text:
                    self.at_row(row, Code.SURVEY_NO_PERSPECTIVE, column=perspective_column.shown)
                else:
                    perspective = perspective_index.get(normalise(text))
                    how = MAPPED if normalise(text) in mapped_labels else AUTOMATIC
                    values.add(text, perspective, how if perspective else "")
                    if perspective is None:
                        unknown_perspectives.setdefault(normalise(text), []).append(row)
            elif perspective is None:
                continue  # no perspective column: reported once, for the file
            name = cells[name_column.index] if name_column is not None else ""
            if name.casefold() == ANONYMOUS:
                name = ""
            if name and (problem := text_problem(name, NAME_MAX)):
                self.at_row(
                    row,
                    Code.SURVEY_CELL_TEXT,
                    column=name_column.shown,
                    what="name",
                    problem=problem,
                )
                continue
            if not name:
                response = cells[id_column.index] if id_column is not None else ""
                name = layouts.anonymous_label(self.layout, self.display, row, response)
            # A name made here (from a long file name, or with its number) still fits.
            label, copy = name[:NAME_MAX], 1
            while label in used:
                copy += 1
                suffix = f" ({copy})"
                label = name[: NAME_MAX - len(suffix)] + suffix
            used.add(label)
            if label != name:
                self.notices.append(
                    f"Row {row} is another person called '{name}', so they are '{label}' in the "
                    "round (each row of a survey export is one person)."
                )
            if label in self.taken:
                self.at_row(row, Code.SURVEY_NAME_TAKEN, label=label)
            rows: list[tuple[str, str, str]] = []
            for statement, (meaning, _column) in given.items():
                note = "\n".join(notes.get(statement, []))
                if problem := text_problem(note, TEXT_MAX):
                    shown = ", ".join(
                        c.shown
                        for c in by_role["note"]
                        if self.roles[c.index].statement == statement
                    )
                    self.at_row(
                        row, Code.SURVEY_CELL_TEXT, column=shown, what="note", problem=problem
                    )
                rows.append((statement, meaning, note))
            rows.sort(key=lambda r: order[r[0]])
            if perspective is not None:
                people.append(Person(row, label, perspective, tuple(rows)))
        rungs = ", ".join(self.framework.ladder.rung_ids)
        for (index, _), rows_with in unknown_answers.items():
            column = self.columns[index]
            value = self.table_text(rows_with[0], index)
            self.at_row(
                rows_with[0],
                Code.SURVEY_UNKNOWN_ANSWER,
                column=column.shown,
                value=value,
                rungs=rungs,
                also=_also(rows_with),
            )
        for _, rows_with in unknown_perspectives.items():
            assert perspective_column is not None
            value = self.table_text(rows_with[0], perspective_column.index)
            known = ", ".join(self.perspective_ids)
            self.at_row(
                rows_with[0],
                Code.SURVEY_UNKNOWN_PERSPECTIVE,
                column=perspective_column.shown,
                value=value,
                known=known,
                also=_also(rows_with),
            )
        if skipped:
            self.notices.append(_skipped(skipped))
        return answers, values, people

    def table_text(self, row: int, index: int) -> str:
        return self.data[row - self.first_data_row][index]

    def effective_mapping(self, answers: _Tally, values: _Tally) -> SurveyMapping | None:
        """The mapping in effect: the one given, with every automatic match written out (None
        where a name in the file cannot be written in a mapping, such as a header too long)."""
        try:
            return self._effective_mapping(answers, values)
        except ValidationError:
            return None

    def _effective_mapping(self, answers: _Tally, values: _Tally) -> SurveyMapping:
        given = self.mapping or SurveyMapping()
        by_role: dict[str, list[Column]] = {}
        for column in self.columns:
            by_role.setdefault(self.roles[column.index].role, []).append(column)
        perspective: str | PerspectiveColumn | None = self.fixed_perspective or (
            given.perspective if isinstance(given.perspective, str) else None
        )
        if by_role.get("perspective"):
            column = by_role["perspective"][0]
            seen = {
                **(
                    given.perspective.values
                    if isinstance(given.perspective, PerspectiveColumn)
                    else {}
                ),
                **{m.text: m.meaning for m in values.matches() if m.meaning},
            }
            perspective = PerspectiveColumn(column=self.key_for(column), values=seen)
        return SurveyMapping(
            perspective=perspective,
            name_column=self.key_for(by_role["name"][0]) if by_role.get("name") else None,
            note_columns={
                self.key_for(c): self.roles[c.index].statement or ""
                for c in by_role.get("note", [])
            },
            statements={
                self.key_for(c): self.roles[c.index].statement or ""
                for c in by_role.get("statement", [])
            },
            answers={
                **{m.text: m.meaning for m in answers.matches() if m.meaning},
                **{k: v for k, v in given.answers.items() if v in self.choices},
            },
            ignore=list(given.ignore),
        )


def _skipped(rows: Sequence[int]) -> str:
    if len(rows) == 1:
        return f"Row {rows[0]} answers no statement, so nobody is added for it."
    listed = ", ".join(str(r) for r in rows[:-1]) + f" and {rows[-1]}"
    return f"Rows {listed} answer no statement, so nobody is added for them."


def _also(rows: Sequence[int]) -> str:
    others = len(rows) - 1
    if not others:
        return ""
    return f" (and on {others} more row{'s' if others > 1 else ''})"
