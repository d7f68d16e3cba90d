"""The layouts of the survey tools' exports: how to tell them apart, where their header rows
end, which of their columns are the tool's own, and how a text is compared with another.

- **SurveyMonkey** "all responses" CSV (or workbook): two header rows, the question text and
  then `Response`, `Open-Ended Response` or an option or row text; a matrix question gives its
  text once, then blank cells, one column per row. Its own columns: Respondent ID, Collector
  ID, Start Date, End Date, IP Address, Email Address, First Name, Last Name, Custom Data 1.
- **Google Forms** responses CSV: `Timestamp` first, maybe `Email address`; a grid gives one
  column per row, headed `Question title [Row text]`.
- **Microsoft Forms** responses workbook: ID, Start time, Completion time, Email, Name (and
  Last modified time), then one column per question; a title may end in a non-breaking space.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.answer_file import COLUMNS

from .table import Cell, cell_text, column_letter

TOOLKIT = "toolkit"
SURVEYMONKEY = "surveymonkey"
GOOGLE_FORMS = "google-forms"
MICROSOFT_FORMS = "microsoft-forms"
FORMATS = (TOOLKIT, SURVEYMONKEY, GOOGLE_FORMS, MICROSOFT_FORMS)
AUTO = "auto"
TOOL_NAMES = {
    TOOLKIT: "the toolkit",
    SURVEYMONKEY: "SurveyMonkey",
    GOOGLE_FORMS: "Google Forms",
    MICROSOFT_FORMS: "Microsoft Forms",
}
OWN_COLUMNS = {
    TOOLKIT: "the toolkit's own columns",
    SURVEYMONKEY: "SurveyMonkey's own columns",
    GOOGLE_FORMS: "Google Forms' own columns",
    MICROSOFT_FORMS: "Microsoft Forms' own columns",
}
FILE_NAMES = {
    TOOLKIT: "the toolkit's own answers file",
    SURVEYMONKEY: "a SurveyMonkey export",
    GOOGLE_FORMS: "a Google Forms export",
    MICROSOFT_FORMS: "a Microsoft Forms export",
}

_TRAILING = ".,;:!?…"
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def normalise(text: str) -> str:
    """A text as it is compared: case, surrounding and repeated spaces (non-breaking ones
    too) and trailing punctuation do not count, nor curly quotes against straight ones."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = " ".join(text.split())
    while text and text[-1] in _TRAILING:
        text = text[:-1].rstrip()
    return text.casefold()


def final_brackets(header: str) -> str | None:
    """The text inside a header's final `[...]` (a grid row in Google Forms), or None."""
    header = header.rstrip()
    if not header.endswith("]"):
        return None
    depth = 0
    for index in range(len(header) - 1, -1, -1):
        if header[index] == "]":
            depth += 1
        elif header[index] == "[":
            depth -= 1
            if depth == 0:
                inside = header[index + 1 : -1].strip()
                return inside if inside and header[:index].strip() else None
    return None


_METADATA = {
    SURVEYMONKEY: {
        "respondent id",
        "collector id",
        "start date",
        "end date",
        "ip address",
        "email address",
        "first name",
        "last name",
    },
    GOOGLE_FORMS: {"timestamp", "email address"},
    MICROSOFT_FORMS: {
        "id",
        "start time",
        "completion time",
        "email",
        "name",
        "last modified time",
    },
    TOOLKIT: set(),
}
_CUSTOM_DATA = re.compile(r"custom data \d+")
_SURVEYMONKEY_PLAIN = {"response", "open-ended response"}


@dataclass(frozen=True)
class Column:
    """One column of a survey export: its header, and for a matrix or grid, its row text."""

    index: int
    header: str
    row_text: str | None = None
    sub_header: str | None = None  # SurveyMonkey's second header row, as written

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def name(self) -> str:
        """The column as people know it: its header; a SurveyMonkey matrix row in the way
        Google Forms writes a grid row, `Question [Row]`."""
        if self.sub_header and normalise(self.sub_header) not in _SURVEYMONKEY_PLAIN:
            return f"{self.header} [{self.sub_header}]" if self.header else self.sub_header
        return self.header

    @property
    def shown(self) -> str:
        """How a message names it: `C "Which of these best describes you?"`."""
        return f'{self.letter} "{self.name}"' if self.name else self.letter

    @property
    def texts(self) -> tuple[str, ...]:
        """What may equal a statement's text, most particular first: the row text, then
        the header."""
        return tuple(t for t in (self.row_text, self.header) if t)


def detect(rows: Sequence[Sequence[Cell]]) -> str | None:
    """Which tool's layout the first rows of a file are in, or None."""
    if not rows:
        return None
    first = [normalise(cell_text(c)) for c in rows[0]]
    while first and not first[-1]:
        first.pop()
    if first == list(COLUMNS):
        return TOOLKIT
    if "respondent id" in first and "collector id" in first:
        return SURVEYMONKEY
    if first[:1] == ["timestamp"]:
        return GOOGLE_FORMS
    if first[:1] == ["id"] and "start time" in first and "completion time" in first:
        return MICROSOFT_FORMS
    return None


def header_rows(layout: str) -> int:
    return 2 if layout == SURVEYMONKEY else 1


def columns(layout: str, rows: Sequence[Sequence[Cell]]) -> list[Column]:
    """The columns a file's header rows describe."""
    first = [cell_text(c).strip() for c in rows[0]] if rows else []
    if layout != SURVEYMONKEY:
        return [Column(i, h, final_brackets(h)) for i, h in enumerate(first)]
    second = [cell_text(c).strip() for c in rows[1]] if len(rows) > 1 else []
    width = max(len(first), len(second))
    first += [""] * (width - len(first))
    second += [""] * (width - len(second))
    found: list[Column] = []
    question = ""
    for index, (header, sub) in enumerate(zip(first, second, strict=True)):
        if header:
            question = header
        elif sub:
            header = question  # a matrix gives its question once, then blank cells
        plain = not sub or normalise(sub) in _SURVEYMONKEY_PLAIN
        row_text = None if plain else sub
        if plain:
            row_text = final_brackets(header)
        found.append(Column(index, header, row_text, sub or None))
    return found


def is_metadata(layout: str, column: Column) -> bool:
    """Whether a column is one of the tool's own (when, who, from where), never an answer."""
    if column.sub_header and normalise(column.sub_header) not in _SURVEYMONKEY_PLAIN:
        return False
    header = normalise(column.header)
    if layout == SURVEYMONKEY and _CUSTOM_DATA.fullmatch(header):
        return True
    return header in _METADATA.get(layout, set())


_RESPONSE_ID = {SURVEYMONKEY: "respondent id", MICROSOFT_FORMS: "id", GOOGLE_FORMS: "timestamp"}
_RESPONSE_WORDS = {
    SURVEYMONKEY: "SurveyMonkey respondent",
    MICROSOFT_FORMS: "Microsoft Forms response",
    GOOGLE_FORMS: "Google Forms response of",
}


def response_id_column(layout: str, found: Sequence[Column]) -> Column | None:
    """The tool's own column naming each response (SurveyMonkey's Respondent ID, Microsoft
    Forms' ID, Google Forms' Timestamp), if the file has it."""
    wanted = _RESPONSE_ID.get(layout)
    return next(
        (c for c in found if normalise(c.header) == wanted and is_metadata(layout, c)), None
    )


def anonymous_label(layout: str, display: str, row: int, response_id: str) -> str:
    """What a person who gave no name is called in the round: by the tool's own id for their
    response where the file has one (so the same export imported twice is refused by name),
    else by the file and row."""
    if response_id:
        return f"{_RESPONSE_WORDS[layout]} {response_id[:100]}"
    return f"{Path(display).name[:150]} row {row}"  # short enough for a name (NAME_MAX)
