"""Checking a framework file someone uploads, and the words the Frameworks page shows about it.

Pure: no Streamlit, no database. The page reads the upload, calls `check_upload`, and shows
either the problems (each with its line and column) or a summary of the framework.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import Problem
from toolkit.framework import Framework, check_text

TEMPLATE_PATH = Path(__file__).resolve().parent / "framework_template.yaml"
TEMPLATE_FILE_NAME = "framework-template.yaml"
SCHEMA_FILE_NAME = "framework.schema.json"


@dataclass(frozen=True)
class UploadCheck:
    """What an uploaded file turned out to be: a framework to add, or problems to fix."""

    framework: Framework | None
    text: str | None
    problems: list[str] = field(default_factory=list)

    @property
    def headline(self) -> str:
        count = len(self.problems)
        return f"This file has {count} problem{'' if count == 1 else 's'}."


def template_text() -> str:
    """The commented starter framework offered for download."""
    return TEMPLATE_PATH.read_text(encoding="utf-8")


def describe_problem(problem: Problem) -> str:
    """One problem in plain words with where it is: "Line 14, column 9: …"."""
    where = f"Line {problem.line}"
    if problem.column is not None:
        where += f", column {problem.column}"
    message = problem.message[:1].upper() + problem.message[1:]
    if not message.endswith((".", "!", "?", '"')):
        message += "."
    return f"{where}: {message}"


def describe_problems(problems: list[Problem]) -> list[str]:
    return [describe_problem(problem) for problem in problems]


def check_upload(name: str, data: bytes) -> UploadCheck:
    """Decode and check an uploaded framework file. Nothing is saved here."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return UploadCheck(
            None,
            None,
            [
                f"The file is not UTF-8 text (the byte at position {error.start + 1} cannot be "
                "read). Save it as UTF-8 in your editor and upload it again."
            ],
        )
    framework, problems = check_text(text, name, kind="framework")
    if problems or framework is None:
        return UploadCheck(None, text, describe_problems(problems))
    return UploadCheck(framework, text)


def framework_summary(framework: Framework) -> str:
    """One sentence that says what a framework holds."""
    themes = len(framework.themes)
    statements = len(framework.statements)
    ladder = framework.ladder
    return (
        f"{framework.title} (version {framework.version}): {themes} "
        f"theme{'' if themes == 1 else 's'} and {statements} "
        f"statement{'' if statements == 1 else 's'}, placed on {ladder.title} "
        f"({len(ladder.rungs)} rungs, from {ladder.rungs[0].label} to {ladder.rungs[-1].label})."
    )
