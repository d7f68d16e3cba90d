"""A preview in words, for the terminal (`toolkit import-answers --dry-run`)."""

from __future__ import annotations

from toolkit.framework import Perspective

from .layouts import FILE_NAMES, OWN_COLUMNS
from .preview import AUTOMATIC, Preview


def _column(preview: Preview, role: str, statement: str | None, how: str) -> str:
    said = {
        "statement": f"statement {statement}",
        "note": f"a note on statement {statement}",
        "perspective": "the perspective",
        "name": "people's names",
        "metadata": f"one of {OWN_COLUMNS.get(preview.layout or '', 'the tool')}, left out",
        "ignored": "ignored",
        "empty": "empty, left out",
        "unknown": "matches nothing (see the problems)",
    }.get(role, role)
    if role in ("statement", "note", "perspective", "name", "ignored"):
        said += " (automatic)" if how == AUTOMATIC else " (mapping)"
    return said


def _times(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def describe(preview: Preview, perspectives: tuple[Perspective, ...]) -> list[str]:
    """What a preview matched, and what it would import, line by line."""
    labels = {p.id: p.label for p in perspectives}
    lines = [f"{preview.display}: {FILE_NAMES.get(preview.layout or '', 'a file')}."]
    if preview.layout != "toolkit" and preview.columns:
        lines.append("Columns:")
        for column in preview.columns:
            name = f'{column.letter} "{column.name}"' if column.name else column.letter
            lines.append(f"  {name}: {_column(preview, column.role, column.statement, column.how)}")
    if preview.answers:
        lines.append("Answers:")
        for match in preview.answers:
            meaning = match.meaning or "nothing (see the problems)"
            how = f", {match.how}" if match.meaning else ""
            lines.append(f'  "{match.text}" → {meaning} ({_times(match.count, "answer")}{how})')
    if preview.perspective_values:
        lines.append("Perspectives:")
        for match in preview.perspective_values:
            meaning = match.meaning or "nothing (see the problems)"
            how = f", {match.how}" if match.meaning else ""
            people = "1 person" if match.count == 1 else f"{match.count} people"
            lines.append(f'  "{match.text}" → {meaning} ({people}{how})')
    lines.append("People per perspective:")
    per_perspective = preview.people_per_perspective()
    for perspective, count in per_perspective.items():
        lines.append(f"  {labels.get(perspective, perspective)}: {count}")
    if not per_perspective:
        lines.append("  nobody")
    lines.append("Answers per statement:")
    per_statement = preview.answers_per_statement()
    for statement, count in per_statement.items():
        lines.append(f"  {statement}: {count}")
    if not per_statement:
        lines.append("  none")
    lines += preview.notices
    return lines
