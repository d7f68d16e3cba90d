"""A person's corrections to a preview's matches, as a mapping: what a column is, what an
answer text means, whose answers a perspective column's value are, or one perspective for
the whole file. The app's import screen offers a choice for each and previews again with the
mapping made here; the mapping can then be downloaded to use next time.

Pure: no Streamlit, no database.

A column's choice is one of:

- `statement:<id>`: the column answers that statement;
- `note:<id>`: the column holds evidence (a note) on that statement;
- `perspective`: the column says who each person is;
- `name`: the column holds people's names;
- `ignore`: the column is left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .layouts import normalise
from .mapping import PerspectiveColumn, SurveyMapping
from .preview import ColumnMatch

IGNORE, PERSPECTIVE, NAME = "ignore", "perspective", "name"
STATEMENT, NOTE = "statement:", "note:"
LEFT_OUT = ("ignored", "metadata", "empty")


def column_choice(column: ColumnMatch) -> str | None:
    """The choice a preview's column stands for (None: it matches nothing, a problem)."""
    if column.role == "statement" and column.statement:
        return STATEMENT + column.statement
    if column.role == "note" and column.statement:
        return NOTE + column.statement
    if column.role in (PERSPECTIVE, NAME):
        return column.role
    if column.role in LEFT_OUT:
        return IGNORE
    return None


@dataclass
class Choices:
    """What a person chose on the import screen, by column key, answer text and perspective
    value; `perspective` is one perspective id for the whole file, `""` for "a column says",
    or None for no choice made."""

    columns: dict[str, str] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    perspective_values: dict[str, str] = field(default_factory=dict)
    perspective: str | None = None

    def choose_column(self, key: str, choice: str) -> None:
        """Say what a column is; the latest choice goes last, so that it counts over earlier
        ones (choosing a second column of names frees the first)."""
        self.columns.pop(key, None)
        self.columns[key] = choice

    def __bool__(self) -> bool:
        return bool(
            self.columns or self.answers or self.perspective_values or self.perspective is not None
        )


def _names(key: str, name: str) -> set[str]:
    return {normalise(key), normalise(name)} - {""}


def with_choices(
    base: SurveyMapping, columns: Sequence[ColumnMatch], choices: Choices
) -> SurveyMapping:
    """`base` (best: a preview's `mapping`, where every match is written out under each
    column's `key`) with the person's choices made over it. What named a column before its
    choice is taken out, so a column is never named twice."""
    statements = dict(base.statements)
    notes = dict(base.note_columns)
    ignore = list(base.ignore)
    name_column = base.name_column
    perspective: str | PerspectiveColumn | None = base.perspective
    by_key: Mapping[str, ColumnMatch] = {c.key or c.name: c for c in columns}

    def release(key: str) -> None:
        """Take out whatever names this column."""
        nonlocal ignore, name_column, perspective
        column = by_key.get(key)
        names = _names(key, column.name if column else key)
        for section in (statements, notes):
            for named in [k for k in section if normalise(k) in names]:
                del section[named]
        ignore = [i for i in ignore if normalise(i) not in names]
        if name_column is not None and normalise(name_column) in names:
            name_column = None
        if isinstance(perspective, PerspectiveColumn) and normalise(perspective.column) in names:
            perspective = None

    values = dict(perspective.values) if isinstance(perspective, PerspectiveColumn) else {}
    for key, choice in choices.columns.items():
        release(key)
        if choice.startswith(STATEMENT):
            statements[key] = choice.removeprefix(STATEMENT)
        elif choice.startswith(NOTE):
            notes[key] = choice.removeprefix(NOTE)
        elif choice == NAME:
            if name_column is not None:
                release(name_column)
            name_column = key
        elif choice == PERSPECTIVE:
            if isinstance(perspective, PerspectiveColumn):
                release(perspective.column)
            perspective = PerspectiveColumn(column=key, values=values)
        else:
            ignore.append(key)

    if choices.perspective:  # one perspective for the whole file
        if isinstance(perspective, PerspectiveColumn):
            column = perspective.column
            release(column)
            ignore.append(column)  # the column is no longer needed, so it is left out
        perspective = choices.perspective
    elif choices.perspective == "" and isinstance(perspective, str):
        perspective = None  # a column says: found automatically, or chosen among the columns
    if isinstance(perspective, PerspectiveColumn) and choices.perspective_values:
        perspective = PerspectiveColumn(
            column=perspective.column,
            values={**perspective.values, **choices.perspective_values},
        )
    return SurveyMapping(
        perspective=perspective,
        name_column=name_column,
        note_columns=notes,
        statements=statements,
        answers={**base.answers, **choices.answers},
        ignore=list(dict.fromkeys(ignore)),
    )
