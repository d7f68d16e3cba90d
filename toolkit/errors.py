"""The catalogue of problems the toolkit reports about files people give it.

Each problem has a code and a plain-English message template that says what is wrong and,
where it can, how to put it right. Tests assert on the code, not on copied wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Code(Enum):
    """A kind of problem, with its message template."""

    # Reading the file
    FILE_NOT_FOUND = "there is no file here; check the path"
    NOT_A_FILE = "this is a folder, not a file; name a file inside it"
    NOT_REGULAR_FILE = (
        "this is not a file saved on disk (it is a device, a pipe or a socket), so it is not "
        "read; name a file instead"
    )
    FILE_UNREADABLE = "the file cannot be read ({detail})"
    FILE_TOO_LARGE = (
        "the file is {size} bytes; files over {limit} bytes are refused to keep the toolkit "
        "safe; split it or remove what is not needed"
    )
    NOT_UTF8 = "the file is not UTF-8 text ({detail}); save it as UTF-8 and try again"
    EMPTY_FILE = "the file is empty; it should hold a {expected}"

    # YAML
    YAML_SYNTAX = "this is not well-formed YAML: {detail}"
    YAML_TAG = (
        "the tag '{tag}' is not allowed; framework files hold plain data only (remove the tag)"
    )
    YAML_TOO_DEEP = "the data is nested more than {limit} levels deep"
    YAML_EXPANSION = (
        "the data holds more than {limit} values, counting what aliases (*name) expand to; "
        "use fewer aliases, or split the file"
    )
    DUPLICATE_KEY = "the key '{key}' appears twice in this mapping (first at line {first_line})"
    KEY_NOT_TEXT = "a key should be a plain word, not {found}"

    # Shape of the data
    NOT_A_MAPPING = "{what} should be a mapping of keys and values, not {found}"
    NOT_A_LIST = "{what} should be a list (lines starting with '- '), not {found}"
    NOT_TEXT = "{what} should be text, not {found}"
    NOT_TEXT_VERSION = (
        '{what} should be text, not a number; put it in quotes, for example: version: "1.0"'
    )
    NOT_A_NUMBER = "{what} should be a number, not {found}"
    NOT_TRUE_FALSE = "{what} should be true or false, not {found}"
    EMPTY_TEXT = "{what} is empty; write something or remove the key"
    EMPTY_LIST = "{what} needs at least {minimum}"
    MISSING_KEY = "{owner} is missing '{name}'"
    UNKNOWN_KEY = "{owner} has an unknown key '{name}'{hint}"
    BAD_ID = (
        "'{value}' is not a valid id: use lower case letters, digits and single hyphens, "
        "for example 'info-1'"
    )
    BAD_GROUP = "'{value}' is not a rung group; use one of {allowed}"
    BAD_WEIGHT = "{what} must be a number greater than 0 and at most {limit}, not {value}"
    TEXT_TOO_LONG = "{what} is {length} characters long; the most allowed is {limit}"
    NUL_CHARACTER = (
        "{what} holds a NUL character (an invisible character with code 0) that cannot be "
        "stored; remove it"
    )
    INVALID = "{what}: {detail}"

    # Meaning
    DUPLICATE_ID = "{kind} id '{value}' is used twice{first}"
    UNKNOWN_LADDER = "there is no built-in ladder called '{value}'{hint}; built-in ladders: {known}"
    JOURNEY_UNKNOWN_RUNG = "the journey's '{end}' rung '{value}' is not a rung of this ladder{hint}"
    JOURNEY_ORDER = (
        "the journey must go up the ladder: '{start}' (rung {start_pos}) is not below "
        "'{finish}' (rung {finish_pos})"
    )
    TOO_FEW_RUNGS = "a ladder needs at least 2 rungs, not {count}"
    EASY_READ_LONG = (
        "this Easy Read sentence has {words} words; keep each sentence to {limit} words or "
        'fewer: "{sentence}"'
    )
    UNKNOWN_FILE_KIND = (
        "this file is not a framework, a ladder or a perspectives list: a framework has "
        "'themes', a ladder has 'rungs', a perspectives list has 'perspectives'"
    )

    # Answer files (CSV)
    CSV_HEADER = "the first row should be the header {expected}, not {found}"
    CSV_FIELDS = "this row has {found} fields; it should have {expected}"
    CSV_EMPTY_FIELD = "'{column}' is empty"
    CSV_TEXT = "'{column}' {problem}"
    CSV_OPEN_QUOTE = (
        'a field in this row opens a quote (") that never closes, so the rest of the file '
        "would be read as part of it; close the quote, or the file may have been cut short"
    )
    CSV_STRAY_QUOTE = (
        'a quote (") in this row closes a field but more text follows it before the next '
        'comma; inside a quoted field, write a quote as two quotes ("")'
    )
    CSV_FIELD_TOO_LONG = (
        "a field in this row is far too long to be an answer or a note; the file may have an "
        'unclosed quote (")'
    )
    UNKNOWN_STATEMENT = "there is no statement '{value}' in framework '{framework}'{hint}"
    UNKNOWN_ANSWER = (
        "'{value}' is not an answer: use a rung id ({rungs}), 'unsure' or 'not_applicable'{hint}"
    )
    UNKNOWN_PERSPECTIVE = "'{value}' is not a perspective; use one of {known}"
    DUPLICATE_ANSWER = (
        "respondent '{respondent}' answers statement '{statement}' twice (first on row {first})"
    )
    PERSPECTIVE_CONFLICT = (
        "respondent '{respondent}' is '{value}' here but '{first_value}' on row {first}; "
        "a respondent has one perspective"
    )

    # Survey exports (SurveyMonkey, Google Forms, Microsoft Forms) and their mapping files
    SURVEY_LAYOUT = (
        "this is neither an answers file (its first row should be the header {expected}) nor "
        "an export the toolkit recognises from SurveyMonkey, Google Forms or Microsoft Forms "
        "(its first row is {found}); if it is a survey export, say which tool it came from "
        "(--format on the command line)"
    )
    SURVEY_NOT_UTF8 = (
        "{where}the file is not UTF-8 text (byte 0x{byte} cannot be read){hint}; save it again "
        'as "CSV UTF-8" and try again'
    )
    SURVEY_OLD_WORKBOOK = (
        "this is an old Excel workbook (.xls), which the toolkit does not read; save it as an "
        'Excel workbook (.xlsx) or as "CSV UTF-8" and try again'
    )
    SURVEY_WORKBOOK = (
        "the workbook cannot be read ({detail}); it may have been cut short while it was "
        "copied or downloaded: download or save it again"
    )
    SURVEY_WORKBOOK_TOO_LARGE = (
        "the workbook unpacks to {size} bytes; workbooks over {limit} bytes unpacked are "
        "refused to keep the toolkit safe"
    )
    SURVEY_NO_SHEET = "the workbook has no worksheet to read"
    SURVEY_ROW_WIDTH = (
        "this row has {found} but the header has {expected} columns; the file may have "
        "been cut short or edited by hand"
    )
    SURVEY_NO_HEADER = (
        "column {column} holds answers but has no header, so nothing says what it is; give it "
        "a header in the file"
    )
    SURVEY_UNKNOWN_COLUMN = (
        "column {column} matches no statement of framework '{framework}' and is not one of "
        "{own}{hint}; name it in a mapping file under statements, note_columns, perspective, "
        "name_column or ignore"
    )
    SURVEY_TWO_STATEMENTS = (
        "column {column} matches statements {statements} alike; say which in a mapping file "
        "under statements"
    )
    SURVEY_UNKNOWN_ANSWER = (
        "column {column}: '{value}' is not a rung of the ladder ({rungs}), nor not sure or "
        "does not apply{also}; map it to a rung id, unsure or not_applicable under answers in "
        "a mapping file"
    )
    SURVEY_NO_PERSPECTIVE_COLUMN = (
        "no column says who each person is: none holds only perspective ids or labels "
        "({known}); name that column in a mapping file (perspective: column: ...), or give one "
        "perspective for the whole file (perspective: frontline-staff)"
    )
    SURVEY_TWO_PERSPECTIVE_COLUMNS = (
        "columns {columns} could each say who each person is; name the one to use in a mapping "
        "file (perspective: column: ...)"
    )
    SURVEY_NO_PERSPECTIVE = (
        "this person has no perspective: column {column} is empty; fill it in, or leave the row out"
    )
    SURVEY_UNKNOWN_PERSPECTIVE = (
        "column {column}: '{value}' is not a perspective ({known}){also}; map it to a "
        "perspective id under perspective: values: in a mapping file"
    )
    SURVEY_NOTE_WITHOUT_ANSWER = (
        "column {column} holds a note on statement '{statement}', which this person did not "
        "answer; answer it (not sure will do) or move the note, so that nothing is lost"
    )
    SURVEY_ANSWERED_TWICE = (
        "statement '{statement}' is answered twice, in column {first} and column {second}; "
        "leave one empty, or ignore one of the columns in a mapping file"
    )
    SURVEY_CELL_TEXT = "column {column}: the {what} {problem}"
    SURVEY_NAME_TAKEN = "respondent '{label}' already has answers in this round"
    MAPPING_NO_COLUMN = "there is no column '{value}' in {file}{hint}"
    MAPPING_MANY_COLUMNS = (
        "'{value}' matches columns {columns} of {file}; name one column (for a matrix or grid, "
        "by its row text)"
    )
    MAPPING_COLUMN_TWICE = "column {column} is also named under '{other}' (line {line})"
    MAPPING_FOR_SURVEYS = (
        "a mapping file is for survey exports; the toolkit's own answers file needs none"
    )

    # Frameworks by id
    UNKNOWN_FRAMEWORK = (
        "there is no built-in framework '{value}' and no file of that name{hint}; "
        "built-in frameworks: {known}"
    )

    def format(self, **params: object) -> str:
        return self.value.format(**params)


@dataclass(frozen=True)
class Problem:
    """One located problem: where it is, what kind, and what to tell the person."""

    path: str
    line: int
    column: int | None
    code: Code
    message: str
    params: dict[str, object] = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        if self.column is not None:
            where += f":{self.column}"
        return f"{where}: {self.message}"


class ProblemsFound(Exception):
    """Raised when a file has one or more problems; carries every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} found:\n" + "\n".join(str(p) for p in problems))


def did_you_mean(value: str, choices: list[str] | tuple[str, ...]) -> str:
    """A " (did you mean 'x'?)" hint when one of the choices is close to the value."""
    import difflib

    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
