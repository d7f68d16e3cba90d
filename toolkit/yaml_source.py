"""Reading YAML safely into plain data, remembering where each value came from.

No tag is ever honoured (a `!!python/...` tag is a problem, never executed), aliases may
not expand beyond a bound, nesting is limited, large files are refused, and duplicate keys
are reported. Every value's line and column is kept so that later checks can say exactly
where a problem is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from toolkit.errors import Code, Problem
from toolkit.files import FileRefused, read_limited

MAX_BYTES = 1_000_000
MAX_VALUES = 100_000
MAX_DEPTH = 40

Loc = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALARS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}
_RAW_TEXT_SCALARS = {_TAG + "timestamp"}  # dates stay as the text the author wrote
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

try:  # the C composer is several times faster; the pure-Python one behaves the same
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass
class Located:
    """Plain data read from a file, with the line and column of every value and key."""

    path: str
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    refusals: set[Loc] = field(default_factory=set)

    def refused(self, loc: Loc) -> bool:
        """Whether the value at `loc`, or one holding it, was refused while reading."""
        return any(loc[:i] in self.refusals for i in range(len(loc) + 1))

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The line and column of the value at `loc`, or of its key, or of its nearest parent."""
        if key and loc in self.keys:
            return self.keys[loc]
        probe = tuple(loc)
        while probe:
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def problem(self, loc: Loc, code: Code, *, key: bool = False, **params: object) -> Problem:
        line, column = self.where(loc, key=key)
        return Problem(self.path, line, column, code, code.format(**params), params)


def _file_problem(path: str, code: Code, line: int = 1, column: int = 1, **params: object):
    return Problem(path, line, column, code, code.format(**params), params)


def read_text(path: Path, display: str, limit: int = MAX_BYTES) -> tuple[str | None, list[Problem]]:
    """The text of a regular file of at most `limit` bytes, or why it cannot be read."""
    try:
        raw = read_limited(path, limit)
    except FileRefused as refused:
        return None, [_file_problem(display, refused.code, **refused.params)]
    return decode(raw, display)


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (a byte-order mark is allowed), locating the first bad byte."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        detail = f"byte 0x{raw[error.start]:02x} cannot be read"
        return None, [_file_problem(display, Code.NOT_UTF8, line, column, detail=detail)]


def read_yaml(path: Path, display: str | None = None) -> tuple[Located | None, list[Problem]]:
    """Read one YAML file into plain data with locations, or the problems that stop it."""
    display = display if display is not None else str(path)
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> tuple[Located | None, list[Problem]]:
    """Parse YAML text into plain data with locations, or the problems that stop it."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        size = len(text.encode("utf-8", "surrogatepass"))
        return None, [
            _file_problem(display, Code.FILE_TOO_LARGE, size=f"{size:,}", limit=f"{MAX_BYTES:,}")
        ]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        detail = " ".join(part for part in (error.problem, error.context) if part)
        detail = detail or "the YAML could not be read"
        return None, [_file_problem(display, Code.YAML_SYNTAX, line, column, detail=detail)]
    except yaml.reader.ReaderError as error:
        line, column = _position(text, error.position)
        character = error.character
        code_point = character if isinstance(character, int) else ord(str(character)[:1] or "?")
        detail = f"the character #x{code_point:04x} is not allowed in YAML"
        return None, [_file_problem(display, Code.YAML_SYNTAX, line, column, detail=detail)]
    except yaml.YAMLError as error:
        detail = str(error).splitlines()[0] if str(error) else "the YAML could not be read"
        return None, [_file_problem(display, Code.YAML_SYNTAX, detail=detail)]
    except RecursionError:
        return None, [_file_problem(display, Code.YAML_TOO_DEEP, limit=MAX_DEPTH)]
    located = Located(display, None)
    if root is None:
        return located, []
    builder = _Builder(located)
    located.data = builder.build(root, (), 0)
    return located, builder.problems


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _position(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


class _Builder:
    """Turns composed YAML nodes into plain Python values, recording locations."""

    def __init__(self, located: Located) -> None:
        self.located = located
        self.problems: list[Problem] = []
        self.count = 0
        self.stopped = False

    def _refuse(self, node: yaml.Node, loc: Loc, code: Code, **params: object) -> None:
        self.located.refusals.add(loc)
        self._problem(node, code, **params)

    def _problem(self, node: yaml.Node, code: Code, **params: object) -> None:
        if "tag" in params:
            params["tag"] = _short_tag(str(params["tag"]))
        mark = node.start_mark
        self.problems.append(
            _file_problem(self.located.path, code, mark.line + 1, mark.column + 1, **params)
        )

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        if self.stopped:
            return None
        self.count += 1
        if self.count > MAX_VALUES:
            self._problem(node, Code.YAML_EXPANSION, limit=MAX_VALUES)
            self.stopped = True
            return None
        if depth > MAX_DEPTH:
            self._problem(node, Code.YAML_TOO_DEEP, limit=MAX_DEPTH)
            self.stopped = True
            return None
        self.located.values.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            if node.tag != _TAG + "map":
                self._refuse(node, loc, Code.YAML_TAG, tag=node.tag)
                return None
            return self._mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                self._refuse(node, loc, Code.YAML_TAG, tag=node.tag)
                return None
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, loc)

    def _scalar(self, node: yaml.Node, loc: Loc) -> Any:
        if node.tag in _RAW_TEXT_SCALARS:
            return node.value
        if node.tag not in _PLAIN_SCALARS:
            self._refuse(node, loc, Code.YAML_TAG, tag=node.tag)
            return None
        try:
            construct = yaml.constructor.SafeConstructor.yaml_constructors[node.tag]
            return construct(_CONSTRUCTOR, node)
        except (ValueError, yaml.YAMLError):  # e.g. an integer too long to convert
            return node.value

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                found = "a list" if isinstance(key_node, yaml.SequenceNode) else "a mapping"
                self._problem(key_node, Code.KEY_NOT_TEXT, found=found)
                continue
            if key_node.tag not in _PLAIN_SCALARS | _RAW_TEXT_SCALARS:
                # Only this key is refused: the rest of its mapping is still checked.
                self._refuse(key_node, (*loc, key_node.value), Code.YAML_TAG, tag=key_node.tag)
                continue
            key = key_node.value
            key_line = key_node.start_mark.line + 1
            if key in first_line:
                self._problem(key_node, Code.DUPLICATE_KEY, key=key, first_line=first_line[key])
                continue
            first_line[key] = key_line
            self.located.keys[(*loc, key)] = (key_line, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result
