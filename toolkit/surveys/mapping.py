"""Mapping files: what a survey export's columns and answers mean, where the automatic rules
do not say. Validated like a framework file: safe YAML, pydantic, every problem at its
`file:line:column`.

```yaml
perspective:                 # or one id for the whole file: `perspective: frontline-staff`
  column: "Which of these best describes you?"
  values: {"I use care and support services": person-drawing-on-care, "Family carer": carer}
name_column: "Your name (optional)"          # optional; otherwise people stay anonymous
note_columns: {"<column header>": <statement id>}   # free-text evidence for a statement
statements: {"<column header, or a matrix/grid row text>": <statement id>}
answers: {"<answer label>": <rung id | unsure | not_applicable>}
ignore: ["<column header>"]
```

A mapping extends the automatic rules; it does not replace them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationError,
)

from toolkit.errors import Code, Problem
from toolkit.framework import Id, Text, _problem_from_error
from toolkit.limits import ID_MAX
from toolkit.yaml_source import Located, parse_yaml, read_yaml

AnswerId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ID_MAX)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PerspectiveColumn(_Model):
    """The column that says who each person is, and what its answers mean."""

    column: Text = Field(description="The column's header.")
    values: dict[Text, Id] = Field(
        default_factory=dict,
        description="An answer in the column, and the perspective id it means.",
    )


def _perspective_kind(value: Any) -> str:
    return "column" if isinstance(value, dict | PerspectiveColumn) else "id"


PerspectiveChoice = Annotated[
    Annotated[Id, Tag("id")] | Annotated[PerspectiveColumn, Tag("column")],
    Discriminator(_perspective_kind),
]


class SurveyMapping(_Model):
    """What a survey export's columns and answers mean, beyond the automatic rules."""

    perspective: PerspectiveChoice | None = Field(
        None, description="One perspective id for the whole file, or the column that says it."
    )
    name_column: Text | None = Field(
        None, description="The column of people's names; without it, people stay anonymous."
    )
    note_columns: dict[Text, Id] = Field(
        default_factory=dict, description="A column of free-text evidence, and its statement."
    )
    statements: dict[Text, Id] = Field(
        default_factory=dict,
        description="A column's header (or a matrix or grid row's text), and its statement.",
    )
    answers: dict[Text, AnswerId] = Field(
        default_factory=dict,
        description="An answer's label, and the rung id, unsure or not_applicable it means.",
    )
    ignore: list[Text] = Field(default_factory=list, description="Columns to leave out.")


@dataclass(frozen=True)
class LocatedMapping:
    """A mapping read from a file, with where each of its values is, for located problems."""

    mapping: SurveyMapping
    located: Located

    @property
    def display(self) -> str:
        return self.located.path


def read_mapping(
    source: Path | str | bytes, display: str | None = None
) -> tuple[LocatedMapping | None, list[Problem]]:
    """Read and check the shape of a mapping file (a path, or an upload's bytes). What its
    names mean is checked against a file and a framework when an import is previewed."""
    if isinstance(source, bytes):
        display = display or "mapping"
        try:
            text = source.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            detail = f"byte 0x{source[error.start]:02x} cannot be read"
            return None, [
                Problem(display, 1, 1, Code.NOT_UTF8, Code.NOT_UTF8.format(detail=detail))
            ]
        located, problems = parse_yaml(text, display)
    else:
        located, problems = read_yaml(Path(source), display)
    if located is None:
        return None, problems
    if located.data is None:
        return None, [
            *problems,
            located.problem((), Code.EMPTY_FILE, expected="mapping of a survey's columns"),
        ]
    try:
        mapping = SurveyMapping.model_validate(located.data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = tuple(detail["loc"])
            if loc[:1] == ("perspective",) and len(loc) > 1 and loc[1] in ("id", "column"):
                loc = (loc[0], *loc[2:])  # the union's branch is not part of the file
            if located.refused(loc):
                continue  # already reported by the reader, e.g. a refused tag
            problem = _problem_from_error(located, SurveyMapping, {**detail, "loc": loc})
            if problem is not None:
                problems.append(problem)
        mapping = None
    problems = sorted(set(problems), key=lambda p: (p.line, p.column or 0, p.message))
    if problems or mapping is None:
        return None, problems
    return LocatedMapping(mapping, located), []


def mapping_yaml(mapping: SurveyMapping, source: str | None = None) -> str:
    """A mapping as a YAML file to keep and give again next time (`--mapping`)."""
    data: dict[str, Any] = {}
    if isinstance(mapping.perspective, PerspectiveColumn):
        data["perspective"] = {
            "column": mapping.perspective.column,
            "values": dict(mapping.perspective.values),
        }
    elif mapping.perspective is not None:
        data["perspective"] = mapping.perspective
    if mapping.name_column is not None:
        data["name_column"] = mapping.name_column
    for key in ("note_columns", "statements", "answers"):
        if getattr(mapping, key):
            data[key] = dict(getattr(mapping, key))
    if mapping.ignore:
        data["ignore"] = list(mapping.ignore)
    head = "# What the columns and answers of a survey export mean, for `toolkit import-answers"
    head += " --mapping`.\n"
    if source:
        head += f"# Written for {source}; check it before you use it again.\n"
    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=10_000
    )
    return head + (body if data else "{}\n")
