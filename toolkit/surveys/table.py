"""Reading a file someone gives into a table of cells: a CSV file, strictly, or the first sheet
of an .xlsx workbook.

Text is UTF-8 (a byte-order mark is allowed) or UTF-16 or UTF-32 with a byte-order mark, as
Excel's "Unicode text" is; anything else is refused at the row and column of its first byte
that is not UTF-8, never decoded by a guess. A quoted CSV cell still open at the end of the
file, a quote in the wrong place, a workbook cut short or damaged: each refuses the file.
Rows are numbered as a spreadsheet numbers them: the first row is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from toolkit.answer_file import MAX_CSV_BYTES, unreadable_row
from toolkit.errors import Code, Problem
from toolkit.files import FileRefused, read_limited
from toolkit.limits import NUL

MAX_FILE_BYTES = MAX_CSV_BYTES
"""The largest file read, CSV or workbook (as for answers files)."""
MAX_UNPACKED_BYTES = 2 * MAX_CSV_BYTES
"""The most a workbook may unpack to: its parts are compressed, so a small file could
otherwise unpack to more than memory holds."""

_XLSX_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

log = logging.getLogger("toolkit.surveys")

Cell = object
"""A cell as read: text from a CSV file; text, a number, a date and time or None from a
workbook."""


@dataclass(frozen=True)
class Table:
    """The rows of a file, each a tuple of cells; `rows[0]` is spreadsheet row 1.

    For a CSV file, `text` is the decoded text and `delimiter` its separator, so that the
    toolkit's own answers file can be read by its own strict reader; `error` is the problem
    that stopped reading part-way (the rows before it are kept, to tell the layout)."""

    display: str
    kind: str  # "csv" or "xlsx"
    rows: tuple[tuple[Cell, ...], ...]
    text: str | None = None
    delimiter: str = ","
    error: Problem | None = None


def column_letter(index: int) -> str:
    """A spreadsheet's name for a column: 0 is A, 25 is Z, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(value: Cell) -> str:
    """A cell as text, as a spreadsheet shows it (a whole number without '.0')."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _problem(display: str, row: int, code: Code, **params: object) -> Problem:
    return Problem(display, row, None, code, code.format(**params), params)


def read_file(path: Path | str, display: str | None = None) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file of at most MAX_FILE_BYTES, or why it cannot be read."""
    display = display if display is not None else str(path)
    try:
        return read_limited(path, MAX_FILE_BYTES), []
    except FileRefused as refused:
        return None, [_problem(display, 1, refused.code, **refused.params)]


def read_table(data: bytes, display: str) -> tuple[Table | None, list[Problem]]:
    """The table a file holds (a workbook by its content, whatever its name), or the problems
    that stop it being read."""
    if not data:
        return None, [_problem(display, 1, Code.EMPTY_FILE, expected="header row and answers")]
    if data.startswith(_XLS_MAGIC):
        return None, [_problem(display, 1, Code.SURVEY_OLD_WORKBOOK)]
    if data.startswith(_XLSX_MAGIC):
        return _read_workbook(data, display)
    return _read_csv(data, display)


# --- CSV -------------------------------------------------------------------------------------


def _records(text: str, delimiter: str):
    return csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)


def _delimiter(text: str) -> str:
    """The separator of a CSV file: a comma, unless its first row has none outside quotes
    and has tabs (Excel's "Unicode text") or semicolons (Excel where the comma is a decimal
    point)."""
    counts = {",": 0, "\t": 0, ";": 0}
    quoted = False
    for character in text:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in "\r\n":
            break
        elif not quoted and character in counts:
            counts[character] += 1
    if counts[","]:
        return ","
    if counts["\t"] or counts[";"]:
        return "\t" if counts["\t"] >= counts[";"] else ";"
    return ","


def _parse(text: str, display: str, delimiter: str) -> tuple[list[tuple[str, ...]], Problem | None]:
    rows: list[tuple[str, ...]] = []
    reader = _records(text, delimiter)
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return rows, None
        except csv.Error as error:
            return rows, unreadable_row(display, len(rows) + 1, error)
        rows.append(tuple(fields))


def _where(rows: list[tuple[str, ...]], row: int, index: int) -> str:
    """'column C "Your name": ' for a cell of a table (row counted from 1)."""
    header = rows[0][index] if rows and index < len(rows[0]) else ""
    header = "".join(c if not 0xDC80 <= ord(c) <= 0xDCFF else "?" for c in header)
    name = f'{column_letter(index)} "{header.strip()}"' if header.strip() else column_letter(index)
    return f"column {name}: "


def _not_utf8(data: bytes, display: str, error: UnicodeDecodeError) -> Problem:
    """The first byte that is not UTF-8, at its row and column."""
    byte = f"{data[error.start]:02x}"
    hint = ""
    try:
        data.decode("cp1252")
        hint = "; it looks like Windows or Latin-1 text"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    rows, _ = _parse(text, display, _delimiter(text))
    for number, fields in enumerate(rows, start=1):
        for index, field in enumerate(fields):
            if any(0xDC80 <= ord(c) <= 0xDCFF for c in field):
                where = _where(rows, number, index)
                return _problem(
                    display, number, Code.SURVEY_NOT_UTF8, where=where, byte=byte, hint=hint
                )
    line = data[: error.start].count(b"\n") + 1  # in a quote left open: its line, then
    return _problem(display, line, Code.SURVEY_NOT_UTF8, where="", byte=byte, hint=hint)


def _read_csv(data: bytes, display: str) -> tuple[Table | None, list[Problem]]:
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            name = encoding[:6].upper()
            detail = f"it starts as {name} text, but is not {name} text throughout"
            return None, [_problem(display, 1, Code.INVALID, what="the file", detail=detail)]
        text = text.removeprefix("\ufeff")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return None, [_not_utf8(data, display, error)]
    delimiter = _delimiter(text)
    rows, error = _parse(text, display, delimiter)
    if NUL in text:
        if data.count(b"\x00") * 4 >= len(data):
            detail = (
                "it holds NUL characters, as UTF-16 text without a byte-order mark does; "
                'save it again as "CSV UTF-8" and try again'
            )
            return None, [_problem(display, 1, Code.INVALID, what="the file", detail=detail)]
        for number, fields in enumerate(rows, start=1):
            for index, field in enumerate(fields):
                if NUL in field:
                    what = _where(rows, number, index).removesuffix(": ")
                    return None, [_problem(display, number, Code.NUL_CHARACTER, what=what)]
    return Table(display, "csv", tuple(rows), text, delimiter, error), []


# --- Workbooks -----------------------------------------------------------------------------


def _read_workbook(data: bytes, display: str) -> tuple[Table | None, list[Problem]]:
    def refused(detail: str) -> tuple[None, list[Problem]]:
        return None, [_problem(display, 1, Code.SURVEY_WORKBOOK, detail=detail)]

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        return refused("it is not a whole .xlsx file")
    if unpacked > MAX_UNPACKED_BYTES:
        size, limit = f"{unpacked:,}", f"{MAX_UNPACKED_BYTES:,}"
        return None, [_problem(display, 1, Code.SURVEY_WORKBOOK_TOO_LARGE, size=size, limit=limit)]
    try:
        damaged = archive.testzip()  # reads every part: a part cut short or changed shows here
    except Exception:  # noqa: BLE001 - zlib, EOF and zip errors alike mean a damaged file
        damaged = "?"
    if damaged:
        return refused("part of it is damaged")
    try:
        from openpyxl import load_workbook

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "Workbook contains no default style"
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    return None, [_problem(display, 1, Code.SURVEY_NO_SHEET)]
                sheet = workbook.worksheets[0]
                rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
            finally:
                workbook.close()
    except Exception:  # noqa: BLE001 - whatever openpyxl meets in a damaged workbook
        log.info("A workbook could not be read", exc_info=True)
        return refused("it is not a workbook the toolkit can open")
    while rows and not any(cell_text(c).strip() for c in rows[-1]):
        rows.pop()  # a sheet's used range often runs past its last row
    width = max((len(row) for row in rows), default=0)  # a row ends at its last value
    return Table(display, "xlsx", tuple(row + (None,) * (width - len(row)) for row in rows)), []
