"""Frameworks, ladders and perspectives: the pydantic models and the checked loading of their files.

A file is read safely (see `yaml_source`), validated against one schema (which also drives
`toolkit schema`), and checked for meaning (unique ids, a journey that goes up the ladder,
Easy Read sentences). Every problem is collected and located; none stops the others.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from toolkit.errors import Code, Problem, ProblemsFound, did_you_mean
from toolkit.limits import ID_MAX, NAME_MAX, NUL, TEXT_MAX, VERSION_MAX
from toolkit.yaml_source import Loc, Located, parse_yaml, read_yaml

FRAMEWORKS_DIR = Path(
    os.environ.get("TOOLKIT_FRAMEWORKS_DIR")
    or Path(__file__).resolve().parent.parent / "frameworks"
)
LADDERS_DIR = FRAMEWORKS_DIR / "ladders"
PERSPECTIVES_FILE = FRAMEWORKS_DIR / "perspectives.yaml"

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
EASY_READ_MAX_WORDS = 15
GROUPS = ("doing_to", "doing_for", "doing_with")
GROUP_LABELS = {"doing_to": "Doing to", "doing_for": "Doing for", "doing_with": "Doing with"}
UNSURE = "unsure"
NOT_APPLICABLE = "not_applicable"

WEIGHT_MAX = 1000


def _no_nul(value: str) -> str:
    if NUL in value:
        raise PydanticCustomError("nul_character", "holds a NUL character")
    return value


Id = Annotated[str, StringConstraints(max_length=ID_MAX, pattern=ID_PATTERN)]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX),
    AfterValidator(_no_nul),
]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX),
    AfterValidator(_no_nul),
]
OptionalText = Annotated[str, StringConstraints(max_length=TEXT_MAX), AfterValidator(_no_nul)]
Version = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=VERSION_MAX),
    AfterValidator(_no_nul),
]
Group = Literal["doing_to", "doing_for", "doing_with"]
# Who is answering, for the wording of the prompt: the key of a framework's `prompts`.
LIVED_EXPERIENCE = "lived-experience"
PERSPECTIVE_GROUPS = (LIVED_EXPERIENCE, "staff", "others")
PerspectiveGroup = Literal["lived-experience", "staff", "others"]
Kind = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]
# Only checks made inside a located load skip the model's own meaning check, because the
# loader runs the same check itself and can say on which line each problem is.
_LOCATED = "located"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


_V = TypeVar("_V")


class FrozenMap(Mapping[str, _V]):
    """A mapping that cannot change and can be hashed, so that a frozen model holding one
    (a framework with its prompts) stays hashable like the rest."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, _V] | None = None) -> None:
        self._data = dict(data or {})

    def __getitem__(self, key: str) -> _V:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return self._data == dict(other.items())

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


class Source(_Model):
    """Where a framework's or ladder's structure comes from, and what its wording is."""

    title: Name = Field(description="Title of the source publication.")
    url: OptionalText | None = Field(None, description="Where the source can be read.")
    note: OptionalText | None = Field(
        None, description="How the wording relates to the source; licence."
    )


class Rung(_Model):
    """One step of a ladder."""

    id: Id
    label: Name = Field(description="Short name shown on screen, e.g. 'Co-design'.")
    group: Group = Field(description="doing_to, doing_for or doing_with.")
    description: Text = Field(description="One line from the organisation's point of view.")
    easy_read: Text = Field(description="Easy Read wording: sentences of 15 words at most.")


class Journey(_Model):
    """The stretch of the ladder the charts measure progress along."""

    from_: Id = Field(alias="from", description="The rung where the journey starts (0%).")
    to: Id = Field(description="The rung where the journey ends (100%); above 'from'.")


class Ladder(_Model):
    """An ordered scale, bottom rung first."""

    id: Id
    title: Name
    source: Source | None = None
    journey: Journey
    rungs: tuple[Rung, ...] = Field(min_length=2, description="Bottom rung first.")

    @model_validator(mode="after")
    def _check_meaning(self, info: ValidationInfo) -> Ladder:
        _raise_meaning_problems(self, info, "ladder")
        return self

    @functools.cached_property
    def rung_ids(self) -> tuple[str, ...]:
        return tuple(rung.id for rung in self.rungs)

    def position(self, rung_id: str) -> int:
        """Index of a rung in the ladder, bottom rung 0."""
        return self.rung_ids.index(rung_id)

    def rung(self, rung_id: str) -> Rung:
        return self.rungs[self.position(rung_id)]


@functools.cache
def _builtin_ladder_files() -> dict[str, Path]:
    return {path.stem: path for path in sorted(LADDERS_DIR.glob("*.yaml"))}


def _resolve_ladder(value: Any) -> Any:
    """A ladder named by id becomes that built-in ladder; an inline mapping is left as it is."""
    if not isinstance(value, str):
        return value
    known = builtin_ladders()
    if value not in known:
        raise PydanticCustomError(
            "unknown_ladder",
            "there is no built-in ladder called '{value}'",
            {
                "value": value,
                "known": ", ".join(known) or "none",
                "hint": did_you_mean(value, list(known)),
            },
        )
    return known[value]


class PromptWording(_Model):
    """The prompt for one kind of statement, in a `prompts` entry."""

    question: Text | None = Field(None, description="The prompt shown with the statement.")
    easy_read_question: Text | None = Field(
        None, description="The same prompt in Easy Read: sentences of 15 words at most."
    )


def _mapping_of(value: type) -> Any:
    """A YAML mapping of text keys to `value` models, kept as a FrozenMap, dumped as a dict."""
    return Annotated[
        dict[str, value],
        AfterValidator(FrozenMap),
        PlainSerializer(dict, return_type=dict[str, value]),
    ]


class Prompt(_Model):
    """How to ask one group of perspectives, or one perspective, about the statements."""

    question: Text | None = Field(
        None, description="The prompt for every kind of statement, unless 'kinds' says otherwise."
    )
    easy_read_question: Text | None = Field(
        None, description="The same prompt in Easy Read: sentences of 15 words at most."
    )
    kinds: _mapping_of(PromptWording) = Field(
        default_factory=FrozenMap,
        description=(
            "Prompts for one kind of statement, by the kind as written in 'kind:' (I, We, "
            "principle ...); they win over the entry's own question."
        ),
    )


_PROMPTS_DESCRIPTION = (
    "Prompts for who is answering. Each key is a group of perspectives (lived-experience, "
    "staff or others) or a perspective id (such as carer); a perspective's own entry wins over "
    "its group's. Each entry has a question, an easy_read_question, or prompts by statement "
    "kind under 'kinds'."
)
Prompts = _mapping_of(Prompt)


class Statement(_Model):
    """One statement to place on the ladder."""

    id: Id = Field(description="Unique in the whole framework.")
    kind: Kind = Field(description="A short label such as I, We or principle.")
    text: Text
    easy_read: Text = Field(description="Easy Read wording: sentences of 15 words at most.")
    guidance: OptionalText | None = Field(None, description="Help for the person answering.")
    evidence_prompts: tuple[Text, ...] = Field((), description="Questions that prompt evidence.")
    weight: Annotated[float, Field(gt=0, le=WEIGHT_MAX, strict=True, allow_inf_nan=False)] = Field(
        1.0, description=f"Greater than 0 and at most {WEIGHT_MAX}; default 1."
    )


class Theme(_Model):
    """A group of statements shown together."""

    id: Id = Field(description="Unique in the framework.")
    title: Name
    easy_read_title: Name | None = Field(
        None, description="A short, plain name for the theme in Easy Read."
    )
    summary: OptionalText | None = None
    easy_read: OptionalText | None = None
    prompts: Prompts = Field(
        default_factory=FrozenMap,
        description=_PROMPTS_DESCRIPTION + " A theme's entries win over the framework's.",
        json_schema_extra={"propertyNames": {"pattern": ID_PATTERN}},
    )
    statements: tuple[Statement, ...] = Field(min_length=1)

    def title_for(self, easy: bool) -> str:
        """The theme's title: its Easy Read title in Easy Read, where it has one."""
        return (self.easy_read_title or self.title) if easy else self.title


class Framework(_Model):
    """A set of statements, grouped in themes, each placed on one ladder."""

    id: Id = Field(description="Lower case letters, digits and hyphens.")
    title: Name
    version: Version = Field(description='Text, in quotes: version: "1.0".')
    source: Source
    ladder: Annotated[Ladder, BeforeValidator(_resolve_ladder, json_schema_input_type=str | Ladder)]
    question: Text = Field(
        description="The prompt shown with each statement, unless 'prompts' says otherwise."
    )
    easy_read_question: OptionalText | None = None
    prompts: Prompts = Field(
        default_factory=FrozenMap,
        description=_PROMPTS_DESCRIPTION,
        json_schema_extra={"propertyNames": {"pattern": ID_PATTERN}},
    )
    themes: tuple[Theme, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_meaning(self, info: ValidationInfo) -> Framework:
        _raise_meaning_problems(self, info, "framework")
        return self

    @functools.cached_property
    def statements(self) -> tuple[Statement, ...]:
        """Every statement, theme by theme, in the order of the file."""
        return tuple(statement for theme in self.themes for statement in theme.statements)

    @functools.cached_property
    def statement_theme(self) -> dict[str, str]:
        """The theme id of each statement id."""
        return {s.id: theme.id for theme in self.themes for s in theme.statements}

    @functools.cached_property
    def _statement_by_id(self) -> dict[str, Statement]:
        return {statement.id: statement for statement in self.statements}

    def statement(self, statement_id: str) -> Statement:
        return self._statement_by_id[statement_id]

    def theme(self, theme_id: str) -> Theme:
        return next(theme for theme in self.themes if theme.id == theme_id)

    def prompt(
        self, statement_id: str, perspective: Perspective | None = None, easy: bool = False
    ) -> str:
        """The question to show with a statement to someone answering from a perspective.

        The most specific wording wins: the statement's theme before the framework; in each,
        the perspective's own entry before its group's; in each entry, the statement's kind
        before the entry's general wording; last, the framework's `question`. In Easy Read the
        first Easy Read wording along that chain wins (the framework's `easy_read_question`
        included); only when there is none at all is the plain question shown. No perspective:
        the framework's own question. Never empty.
        """
        key = (statement_id, perspective.id, perspective.group) if perspective else (statement_id,)
        cached = self._prompts_given.get((*key, easy))
        if cached is not None:
            return cached
        chain = self._prompt_chain(statement_id, perspective)
        plain = next(w.question for w in chain if w.question)
        words = next((w.easy_read_question for w in chain if w.easy_read_question), plain)
        words = words if easy else plain
        self._prompts_given[(*key, easy)] = words
        return words

    @functools.cached_property
    def _prompts_given(self) -> dict[tuple[Any, ...], str]:
        return {}

    def _prompt_chain(
        self, statement_id: str, perspective: Perspective | None
    ) -> list[Prompt | PromptWording]:
        """Every wording that could apply, most specific first, the framework's own last."""
        statement = self.statement(statement_id)
        keys = (perspective.id, perspective.group) if perspective else ()
        theme = self.theme(self.statement_theme[statement_id])
        chain: list[Prompt | PromptWording] = []
        for prompts in (theme.prompts, self.prompts):
            for key in keys:
                entry = prompts.get(key)
                if entry is None:
                    continue
                kind = entry.kinds.get(statement.kind)
                chain += [kind, entry] if kind is not None else [entry]
        easy_read = self.easy_read_question.strip() if self.easy_read_question else None
        chain.append(PromptWording(question=self.question, easy_read_question=easy_read or None))
        return chain

    def snapshot(self) -> dict[str, Any]:
        """Everything needed to rebuild this framework exactly, ladder included, as plain JSON."""
        return self.model_dump(mode="json", by_alias=True)


class Perspective(_Model):
    """Who is answering."""

    id: Id
    label: Name
    easy_read: OptionalText | None = None
    lived_experience: Annotated[bool, Field(strict=True)] = Field(
        description="True for people who draw on care and support and for carers."
    )
    group: PerspectiveGroup = Field(
        "others",
        description=(
            "lived-experience, staff or others: whose prompts a framework shows. Left out: "
            "lived-experience if lived_experience is true, otherwise others."
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _default_group(cls, data: Any) -> Any:
        """A perspective saved before groups existed takes the group its lived_experience says."""
        if isinstance(data, dict) and "group" not in data:
            lived = data.get("lived_experience")
            if isinstance(lived, bool):
                return {**data, "group": LIVED_EXPERIENCE if lived else "others"}
        return data

    @model_validator(mode="after")
    def _check_group(self, info: ValidationInfo) -> Perspective:
        if not (info.context and info.context.get(_LOCATED)):
            mismatch = _group_mismatch(self.lived_experience, self.group)
            if mismatch:
                raise ValueError(f"'group' of perspective '{self.id}': {mismatch}")
        return self


class PerspectiveList(_Model):
    """The file of perspectives respondents choose from."""

    perspectives: tuple[Perspective, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_meaning(self, info: ValidationInfo) -> PerspectiveList:
        _raise_meaning_problems(self, info, "perspectives")
        return self


# --- Meaning checks: one definition, used by the models and by the located loader ---------


class _MeaningProblem(NamedTuple):
    loc: Loc
    code: Code
    params: dict[str, object]
    first: Loc | None = None  # where the first of two duplicates is
    key: bool = False  # located at the key rather than at its value


def _meaning_problems(raw: Any, kind: str) -> Iterator[_MeaningProblem]:
    """Problems of meaning in raw (possibly malformed) data; tolerant of any shape."""
    if not isinstance(raw, dict):
        return
    yield from _easy_read_problems(raw, ())
    if kind == "framework":
        if isinstance(raw.get("ladder"), dict):
            yield from _ladder_problems(raw["ladder"], ("ladder",))
        themes = raw.get("themes")
        yield from _duplicates(themes, ("themes",), "theme")
        statements: list[tuple[Loc, Any]] = []
        kinds: list[str] = []
        for t, theme in _items(themes):
            if isinstance(theme, dict):
                theme_statements = _items(theme.get("statements"))
                statements += [
                    (("themes", t, "statements", s), statement) for s, statement in theme_statements
                ]
                theme_kinds = _kinds_of(statement for _, statement in theme_statements)
                kinds += [k for k in theme_kinds if k not in kinds]
                scope = _owner(Framework, raw, ("themes", t))
                yield from _prompt_problems(raw, ("themes", t, "prompts"), theme_kinds, scope)
        yield from _duplicate_ids(statements, "statement")
        yield from _prompt_problems(raw, ("prompts",), kinds, "the framework")
    elif kind == "ladder":
        yield from _ladder_problems(raw, ())
    elif kind == "perspectives":
        perspectives = raw.get("perspectives")
        yield from _duplicates(perspectives, ("perspectives",), "perspective")
        for i, perspective in _items(perspectives):
            if not isinstance(perspective, dict):
                continue
            lived, group = perspective.get("lived_experience"), perspective.get("group")
            if isinstance(lived, bool) and isinstance(group, str):
                mismatch = _group_mismatch(lived, group)
                if mismatch:
                    loc = ("perspectives", i, "group")
                    what = _what(PerspectiveList, raw, loc)
                    yield _MeaningProblem(loc, Code.INVALID, {"what": what, "detail": mismatch})


def _group_mismatch(lived_experience: bool, group: str) -> str | None:
    """Why a perspective's group does not go with its lived_experience, if it does not."""
    if lived_experience and group in PERSPECTIVE_GROUPS and group != LIVED_EXPERIENCE:
        return (
            f"'{group}' does not go with 'lived_experience: true'; a perspective with lived "
            f"experience is in the group '{LIVED_EXPERIENCE}'"
        )
    if not lived_experience and group == LIVED_EXPERIENCE:
        return (
            f"'{LIVED_EXPERIENCE}' does not go with 'lived_experience: false'; use 'staff' or "
            "'others', or set lived_experience to true"
        )
    return None


def _kinds_of(statements: Any) -> list[str]:
    """The kinds of some raw statements, each once, in the order they first appear."""
    kinds: list[str] = []
    for statement in statements:
        kind = statement.get("kind") if isinstance(statement, dict) else None
        if isinstance(kind, str) and kind.strip() and kind.strip() not in kinds:
            kinds.append(kind.strip())
    return kinds


def _wordless(entry: dict[str, Any], *keys: str) -> bool:
    """Whether a raw prompt entry has no wording under any of these keys. An entry with an
    unknown key (a misspelt 'question', say) or an empty 'kinds:' is left to the report of
    that key; an empty 'question:' is allowed as no question, so it counts as no wording."""
    if not entry.keys() <= set(keys):
        return False
    if "kinds" in entry and entry["kinds"] != {}:
        return False
    return all(entry.get(key) is None for key in keys if key != "kinds")


def _prompt_problems(
    raw: dict[str, Any], loc: Loc, kinds: list[str], scope: str
) -> Iterator[_MeaningProblem]:
    """Entries of a `prompts` mapping with no wording, and prompts for kinds nobody uses."""
    prompts = _get(raw, loc)
    if not isinstance(prompts, dict):
        return
    for key, entry in prompts.items():
        if not isinstance(entry, dict):
            continue
        here = (*loc, key)
        if _wordless(entry, "question", "easy_read_question", "kinds"):
            detail = "it has no wording; give it a 'question', an 'easy_read_question' or 'kinds'"
            params = {"what": _owner(Framework, raw, here), "detail": f"{detail}, or remove it"}
            yield _MeaningProblem(here, Code.INVALID, params, key=True)
        by_kind = entry.get("kinds")
        if not isinstance(by_kind, dict):
            continue
        for kind, wording in by_kind.items():
            at = (*here, "kinds", kind)
            if kinds and kind not in kinds:
                hint = (
                    f"{did_you_mean(kind, kinds)}: no statement in {scope} is of this kind; "
                    f"the kinds used are {', '.join(kinds)}"
                )
                owner = _what(Framework, raw, (*here, "kinds"))
                params = {"owner": owner, "name": kind, "hint": hint}
                yield _MeaningProblem(at, Code.UNKNOWN_KEY, params, key=True)
            if isinstance(wording, dict) and _wordless(wording, "question", "easy_read_question"):
                detail = "it has no wording; give it a 'question' or an 'easy_read_question'"
                params = {"what": _owner(Framework, raw, at), "detail": f"{detail}, or remove it"}
                yield _MeaningProblem(at, Code.INVALID, params, key=True)


def _prompt_key_problems(raw: Any) -> Iterator[_MeaningProblem]:
    """Keys of `prompts` that are neither a group of perspectives nor a built-in perspective.

    Checked only when a file is read: a round's snapshot must still load after the list of
    perspectives changes, and a prompt for a perspective nobody can choose is never shown.
    """
    if not isinstance(raw, dict):
        return
    try:
        ids = [p.id for p in builtin_perspectives()]
    except ProblemsFound:  # the perspectives file itself is broken; it says so on its own
        ids = []
    allowed = [*PERSPECTIVE_GROUPS, *ids]
    places: list[Loc] = [("prompts",)]
    places += [("themes", t, "prompts") for t, _ in _items(raw.get("themes"))]
    for loc in places:
        prompts = _get(raw, loc)
        if not isinstance(prompts, dict):
            continue
        for key in prompts:
            if key in allowed:
                continue
            hint = (
                f"{did_you_mean(key, allowed)}; use a group of perspectives "
                f"({', '.join(PERSPECTIVE_GROUPS)}) or a perspective id ({', '.join(ids)})"
            )
            params = {"owner": _what(Framework, raw, loc), "name": key, "hint": hint}
            yield _MeaningProblem((*loc, key), Code.UNKNOWN_KEY, params, key=True)


def _items(value: Any) -> list[tuple[int, Any]]:
    return list(enumerate(value)) if isinstance(value, list | tuple) else []


def _duplicates(value: Any, loc: Loc, kind: str) -> Iterator[_MeaningProblem]:
    yield from _duplicate_ids([((*loc, i), item) for i, item in _items(value)], kind)


def _duplicate_ids(entries: list[tuple[Loc, Any]], kind: str) -> Iterator[_MeaningProblem]:
    first: dict[str, Loc] = {}
    for loc, entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        entry_id = entry["id"]
        if entry_id in first:
            params = {"kind": kind, "value": entry_id, "first": ""}
            yield _MeaningProblem((*loc, "id"), Code.DUPLICATE_ID, params, first[entry_id])
        else:
            first[entry_id] = (*loc, "id")


def _ladder_problems(raw: dict[str, Any], loc: Loc) -> Iterator[_MeaningProblem]:
    rungs = raw.get("rungs")
    yield from _duplicates(rungs, (*loc, "rungs"), "rung")
    ids = [
        r["id"] for _, r in _items(rungs) if isinstance(r, dict) and isinstance(r.get("id"), str)
    ]
    journey = raw.get("journey")
    if not isinstance(journey, dict) or not ids:
        return
    ends = {}
    for end in ("from", "to"):
        value = journey.get(end)
        if not isinstance(value, str):
            continue
        if value not in ids:
            yield _MeaningProblem(
                (*loc, "journey", end),
                Code.JOURNEY_UNKNOWN_RUNG,
                {"end": end, "value": value, "hint": did_you_mean(value, ids)},
            )
        else:
            ends[end] = ids.index(value)
    if len(ends) == 2 and ends["from"] >= ends["to"]:
        yield _MeaningProblem(
            (*loc, "journey"),
            Code.JOURNEY_ORDER,
            {
                "start": journey["from"],
                "start_pos": ends["from"] + 1,
                "finish": journey["to"],
                "finish_pos": ends["to"] + 1,
            },
        )


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def easy_read_long_sentences(text: str) -> list[tuple[str, int]]:
    """The sentences of an Easy Read text that have more words than Easy Read allows."""
    sentences = (s.strip() for s in _SENTENCE_END.split(text.strip()))
    return [(s, len(s.split())) for s in sentences if len(s.split()) > EASY_READ_MAX_WORDS]


_EASY_READ_KEYS = ("easy_read", "easy_read_question", "easy_read_title")


def _easy_read_problems(raw: Any, loc: Loc) -> Iterator[_MeaningProblem]:
    if isinstance(raw, dict):
        for key, value in raw.items():
            if key in _EASY_READ_KEYS and isinstance(value, str):
                for sentence, words in easy_read_long_sentences(value):
                    params = {"words": words, "limit": EASY_READ_MAX_WORDS, "sentence": sentence}
                    yield _MeaningProblem((*loc, key), Code.EASY_READ_LONG, params)
            elif key != "ladder" or isinstance(value, dict):
                yield from _easy_read_problems(value, (*loc, key))
    elif isinstance(raw, list | tuple):
        for i, item in enumerate(raw):
            yield from _easy_read_problems(item, (*loc, i))


def _raise_meaning_problems(model: BaseModel, info: ValidationInfo, kind: str) -> None:
    if info.context and info.context.get(_LOCATED):
        return
    raw = model.model_dump(mode="json", by_alias=True)
    if kind == "framework":
        raw.pop("ladder")  # already checked when the ladder itself was built
    messages = [problem.code.format(**problem.params) for problem in _meaning_problems(raw, kind)]
    if messages:
        raise ValueError("; ".join(messages))


# --- Turning pydantic's errors into located, plain-English problems ------------------------

_KINDS = {"framework": Framework, "ladder": Ladder, "perspectives": PerspectiveList}
_CHILD_MODELS: dict[tuple[type[BaseModel], str], type[BaseModel]] = {
    (Framework, "source"): Source,
    (Framework, "ladder"): Ladder,
    (Framework, "themes"): Theme,
    (Theme, "statements"): Statement,
    (Ladder, "source"): Source,
    (Ladder, "journey"): Journey,
    (Ladder, "rungs"): Rung,
    (PerspectiveList, "perspectives"): Perspective,
}
# Fields that are mappings: the part of a location after one of them is a key, not a field.
_MAPPING_MODELS: dict[tuple[type[BaseModel], str], type[BaseModel]] = {
    (Framework, "prompts"): Prompt,
    (Theme, "prompts"): Prompt,
    (Prompt, "kinds"): PromptWording,
}
_NOUNS = {
    Theme: "theme",
    Statement: "statement",
    Rung: "rung",
    Perspective: "perspective",
    Source: "the source",
    Journey: "the journey",
    Ladder: "the ladder",
    Prompt: "prompt",
    PromptWording: "kind",
}


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    model: type[BaseModel] | None = root
    keyed = False  # the part before was a mapping field, so this part is one of its keys
    for part in loc:
        if isinstance(part, int) or keyed or model is None:
            keyed = False
            continue
        if (model, part) in _MAPPING_MODELS:
            model, keyed = _MAPPING_MODELS[(model, part)], True
        else:
            model = _CHILD_MODELS.get((model, part))
    return model


def _is_key(root: type[BaseModel], loc: Loc) -> bool:
    """Whether `loc` ends at the key of an entry of a mapping field, such as a prompt."""
    return (
        len(loc) >= 2
        and isinstance(loc[-2], str)
        and (_model_at(root, loc[:-2]), loc[-2]) in _MAPPING_MODELS
    )


def _get(raw: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            raw = raw[part]
        except (KeyError, IndexError, TypeError):
            return None
    return raw


def _owner(root: type[BaseModel], raw: Any, loc: Loc) -> str:
    """How to name the thing at `loc` in a message: "statement 'info-1'", "the ladder"."""
    if not loc:
        return {Framework: "the framework", Ladder: "the ladder"}.get(root, "the file")
    model = _model_at(root, loc)
    noun = _NOUNS.get(model, "this entry") if model else "this entry"
    if _is_key(root, loc):
        return f"{noun} '{loc[-1]}' of {_owner(root, raw, loc[:-2])}"
    if not isinstance(loc[-1], int):
        if loc[-1] == "ladder" and root is Framework:
            return "the ladder"
        return noun if noun.startswith("the ") else f"'{loc[-1]}'"
    entry_id = _get(raw, (*loc, "id"))
    if isinstance(entry_id, str) and entry_id:
        return f"{noun} '{entry_id}'"
    ordinal = f"{noun} {loc[-1] + 1}"
    parent = loc[:-2]
    if parent and isinstance(parent[-1], int):
        return f"{ordinal} of {_owner(root, raw, parent)}"
    return ordinal


def _what(root: type[BaseModel], raw: Any, loc: Loc) -> str:
    """How to name the value at `loc`: "'title' of theme 'information'"."""
    if not loc:
        return "the file"
    if _is_key(root, loc):
        return _owner(root, raw, loc)
    if isinstance(loc[-1], int):
        container = loc[-2] if len(loc) > 1 else "list"
        return f"item {loc[-1] + 1} of '{container}' of {_owner(root, raw, loc[:-2])}"
    return f"'{loc[-1]}' of {_owner(root, raw, loc[:-1])}"


def _out_of_range_weight(kind: str, value: Any) -> bool:
    """A weight that is a number, but not one above 0 and at most WEIGHT_MAX (or not finite)."""
    if kind in ("greater_than", "less_than_equal", "finite_number"):
        return True
    return kind == "float_type" and isinstance(value, int) and not isinstance(value, bool)


def _number_words(value: Any) -> str:
    """A number as a person wrote it, shortened when it runs to many digits."""
    words = str(value)
    return words if len(words) <= 20 else f"a number of {len(words)} digits"


def _found(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value}'" if len(value) < 40 else "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _problem_from_error(
    located: Located, root: type[BaseModel], error: dict[str, Any]
) -> Problem | None:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    raw = located.data
    what = _what(root, raw, loc)
    if kind == "missing":
        return located.problem(
            loc[:-1], Code.MISSING_KEY, owner=_owner(root, raw, loc[:-1]), name=loc[-1]
        )
    if kind == "extra_forbidden":
        model = _model_at(root, loc[:-1])
        known = [f.alias or name for name, f in model.model_fields.items()] if model else []
        return located.problem(
            loc,
            Code.UNKNOWN_KEY,
            key=True,
            owner=_owner(root, raw, loc[:-1]),
            name=loc[-1],
            hint=did_you_mean(str(loc[-1]), known),
        )
    if kind == "unknown_ladder":
        return located.problem(loc, Code.UNKNOWN_LADDER, **error["ctx"])
    if value is None and kind.endswith("_type"):
        return located.problem(loc, Code.EMPTY_TEXT, what=what)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return located.problem(loc, Code.NOT_A_MAPPING, what=what, found=_found(value))
    if kind in ("list_type", "tuple_type"):
        return located.problem(loc, Code.NOT_A_LIST, what=what, found=_found(value))
    if kind == "string_type":
        if loc and loc[-1] == "version" and isinstance(value, int | float):
            return located.problem(loc, Code.NOT_TEXT_VERSION, what=what)
        return located.problem(loc, Code.NOT_TEXT, what=what, found=_found(value))
    if loc and loc[-1] == "weight" and _out_of_range_weight(kind, value):
        return located.problem(
            loc, Code.BAD_WEIGHT, what=what, value=_number_words(value), limit=WEIGHT_MAX
        )
    if kind in ("float_type", "float_parsing", "int_type", "finite_number"):
        return located.problem(loc, Code.NOT_A_NUMBER, what=what, found=_found(value))
    if kind in ("bool_type", "bool_parsing"):
        return located.problem(loc, Code.NOT_TRUE_FALSE, what=what, found=_found(value))
    if kind == "string_too_short":
        return located.problem(loc, Code.EMPTY_TEXT, what=what)
    if kind == "string_pattern_mismatch":
        return located.problem(loc, Code.BAD_ID, value=value)
    if kind == "literal_error" and _model_at(root, loc[:-1]) is Perspective:
        allowed = ", ".join(PERSPECTIVE_GROUPS)
        detail = f"'{value}' is not a group of perspectives; use one of {allowed}"
        return located.problem(loc, Code.INVALID, what=what, detail=detail)
    if kind == "literal_error":
        return located.problem(loc, Code.BAD_GROUP, value=value, allowed=", ".join(GROUPS))
    if kind == "string_too_long":
        return located.problem(
            loc,
            Code.TEXT_TOO_LONG,
            what=what,
            length=f"{len(value):,}",
            limit=error["ctx"]["max_length"],
        )
    if kind == "nul_character":
        return located.problem(loc, Code.NUL_CHARACTER, what=what)
    if kind == "too_short":
        if isinstance(value, list) and len(value) >= error["ctx"]["min_length"]:
            return None  # pydantic repeats item errors as a short list; they are reported
        if loc and loc[-1] == "rungs":
            return located.problem(loc, Code.TOO_FEW_RUNGS, count=len(value or ()))
        noun = {"themes": "one theme", "statements": "one statement"}.get(str(loc[-1]), "one entry")
        return located.problem(loc, Code.EMPTY_LIST, what=what, minimum=noun)
    detail = str(error.get("msg", "is not valid")).rstrip(".")
    return located.problem(loc, Code.INVALID, what=what, detail=detail[:1].lower() + detail[1:])


def _related_line(located: Located, loc: Loc | None) -> str:
    if loc is None:
        return ""
    return f" (first at line {located.where(loc)[0]})"


def validate_located(located: Located, kind: str) -> tuple[BaseModel | None, list[Problem]]:
    """Validate data read from a file as one kind of file, collecting every located problem."""
    root = _KINDS[kind]
    if located.data is None:
        return None, [located.problem((), Code.EMPTY_FILE, expected=kind)]
    problems: list[Problem] = []
    model = None
    try:
        model = root.model_validate(located.data, context={_LOCATED: True})
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            if located.refused(tuple(detail["loc"])):
                continue  # already reported by the reader, e.g. a refused tag
            problem = _problem_from_error(located, root, dict(detail))
            if problem is not None:
                problems.append(problem)
    meaning = _meaning_problems(located.data, kind)
    if kind == "framework":
        meaning = itertools.chain(meaning, _prompt_key_problems(located.data))
    for loc, code, params, first, key in meaning:
        if code is Code.DUPLICATE_ID:
            params = {**params, "first": _related_line(located, first)}
        problems.append(located.problem(loc, code, key=key, **params))
    problems = sorted(set(problems), key=lambda p: (p.line, p.column or 0, p.message))
    return (None if problems else model), problems


def file_kind(data: Any) -> str | None:
    """Which kind of file some data is: a framework, a ladder or a perspectives list."""
    if not isinstance(data, dict):
        return None
    if data.keys() & {"themes", "ladder", "question"}:
        return "framework"
    if data.keys() & {"rungs", "journey"}:
        return "ladder"
    if "perspectives" in data:
        return "perspectives"
    return None


def check_file(path: Path | str, display: str | None = None, kind: str | None = None):
    """Read and validate any toolkit YAML file. Returns (model or None, problems)."""
    path = Path(path)
    display = display if display is not None else str(path)
    located, problems = read_yaml(path, display)
    return _check_located(located, problems, kind)


def check_text(text: str, display: str, kind: str | None = None):
    """Validate YAML text (an upload, say). Returns (model or None, problems)."""
    located, problems = parse_yaml(text, display)
    return _check_located(located, problems, kind)


def _check_located(located: Located | None, problems: list[Problem], kind: str | None):
    if located is None:
        return None, problems
    kind = kind or file_kind(located.data)
    if kind is None:
        if located.data is None:
            return None, [*problems, located.problem((), Code.EMPTY_FILE, expected="framework")]
        return None, [*problems, located.problem((), Code.UNKNOWN_FILE_KIND)]
    model, more = validate_located(located, kind)
    problems = sorted(set(problems + more), key=lambda p: (p.line, p.column or 0, p.message))
    return (None if problems else model), problems


def _load(path: Path | str, kind: str) -> Any:
    model, problems = check_file(path, kind=kind)
    if problems:
        raise ProblemsFound(problems)
    return model


def load_framework(path: Path | str) -> Framework:
    """Load one framework file, or raise ProblemsFound with every problem in it."""
    return _load(path, "framework")


def load_ladder(path: Path | str) -> Ladder:
    """Load one ladder file, or raise ProblemsFound with every problem in it."""
    return _load(path, "ladder")


@functools.cache
def builtin_ladders() -> dict[str, Ladder]:
    """The ladders shipped in frameworks/ladders/, by id."""
    ladders = {}
    for path in _builtin_ladder_files().values():
        ladder = load_ladder(path)
        ladders[ladder.id] = ladder
    return ladders


@functools.cache
def builtin_frameworks() -> dict[str, Framework]:
    """The frameworks shipped in frameworks/, by id."""
    frameworks = {}
    for path in sorted(FRAMEWORKS_DIR.glob("*.yaml")):
        if path == PERSPECTIVES_FILE:
            continue
        framework = load_framework(path)
        frameworks[framework.id] = framework
    return frameworks


@functools.cache
def builtin_perspectives() -> tuple[Perspective, ...]:
    """The shared list of perspectives in frameworks/perspectives.yaml."""
    return _load(PERSPECTIVES_FILE, "perspectives").perspectives


def find_framework(id_or_path: str) -> Framework:
    """A built-in framework by id, or a framework file by path; ProblemsFound otherwise."""
    known = builtin_frameworks()
    if id_or_path in known:
        return known[id_or_path]
    path = Path(id_or_path)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        return load_framework(path)
    problem = Problem(
        id_or_path,
        1,
        None,
        Code.UNKNOWN_FRAMEWORK,
        Code.UNKNOWN_FRAMEWORK.format(
            value=id_or_path, hint=did_you_mean(id_or_path, list(known)), known=", ".join(known)
        ),
    )
    raise ProblemsFound([problem])


def framework_from_snapshot(snapshot: dict[str, Any]) -> Framework:
    """Rebuild a framework from the snapshot a round keeps (one saved before prompts and Easy
    Read titles existed loads too: both are optional)."""
    return Framework.model_validate(snapshot)


def framework_schema() -> dict[str, Any]:
    """The JSON Schema of a framework file, for editors."""
    schema = Framework.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "Co-production toolkit framework",
        "description": "A framework file: themes of statements placed on a ladder.",
    }
