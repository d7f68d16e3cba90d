"""The backup format: everything in the database as one JSON document, and back again.

Format `coproduction-toolkit-backup`, version 1. The document holds organisations; each holds
its rounds (with the framework and perspectives snapshots they were answered on, their
respondents and answers with notes, agreed rungs and workshops) and its actions. Nothing
refers to a database id: actions name their round by title, so a backup can be imported
into any database. Export, import into an empty database and export again gives the same
document but for `exported_at`.

Import checks the whole document first and writes it in one transaction: a bad file changes
nothing and every problem is named by its place in the document.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)
from pydantic_core import PydanticCustomError
from sqlalchemy import select

from toolkit.files import FileRefused, read_limited
from toolkit.framework import NOT_APPLICABLE, UNSURE, Framework, Perspective
from toolkit.limits import (
    ID_MAX,
    MAXIMUM_GROUP_SIZE,
    MINIMUM_GROUP_SIZE,
    NAME_MAX,
    NUL,
    TEXT_MAX,
    VERSION_MAX,
)
from toolkit.store import models as m
from toolkit.store.records import (
    ACTION_STATUSES,
    RESPONDENT_STATUSES,
    ROUND_STATUSES,
    WORKSHOP_STATES,
    StoreError,
)
from toolkit.store.store import Store, now
from toolkit.yaml_source import MAX_BYTES

FORMAT = "coproduction-toolkit-backup"
FORMAT_VERSION = 1
MAX_BACKUP_BYTES = 256 * 1024 * 1024
"""The largest backup file read (about a million answers with their notes)."""
FIRST_YEAR, LAST_YEAR = 1970, 9999
BIGGEST_INTEGER = 2**63 - 1


def _no_nul(value: str) -> str:
    if NUL in value:
        raise PydanticCustomError(
            "nul_character", "holds a NUL character (code 0), which cannot be stored"
        )
    return value


def _in_years(value: dt.datetime) -> dt.datetime:
    """A timestamp between 1970 and 9999 in UTC (naive ones are read as UTC)."""
    try:
        utc = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    except OverflowError:
        utc = None
    if utc is None or not FIRST_YEAR <= utc.year <= LAST_YEAR:
        raise PydanticCustomError(
            "time_out_of_range",
            f"is outside the years {FIRST_YEAR} to {LAST_YEAR} (in UTC)",
        )
    return utc


def _date_in_years(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError(
            "date_out_of_range", f"is outside the years {FIRST_YEAR} to {LAST_YEAR}"
        )
    return value


def _text(limit: int, *, required: bool = False) -> Any:
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=required, min_length=1 if required else 0, max_length=limit
        ),
        AfterValidator(_no_nul),
    ]


Name = _text(NAME_MAX, required=True)
ShortText = _text(NAME_MAX)
LongText = _text(TEXT_MAX)
Key = _text(ID_MAX, required=True)
Status = _text(20, required=True)
Time = Annotated[dt.datetime, AfterValidator(_in_years)]
Day = Annotated[dt.date, AfterValidator(_date_in_years)]
TokenHash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BackupAnswer(_Part):
    statement: Key
    answer: Key
    note: LongText = ""
    updated_at: Time


class BackupRespondent(_Part):
    perspective: Key
    display_name: Name | None = None
    status: Literal["draft", "submitted"]
    resume_token_hash: TokenHash = Field(description="SHA-256 of the resume token, hex.")
    created_at: Time
    updated_at: Time
    submitted_at: Time | None = None
    workshop: _text(20) | None = Field(
        None, description="The join code of the workshop the person joined, if any."
    )
    answers: list[BackupAnswer] = []


class BackupAgreedRung(_Part):
    statement: Key
    rung: Key
    reason: LongText = ""
    decided_by: ShortText = ""
    decided_at: Time


class BackupWorkshop(_Part):
    join_code: _text(20, required=True)
    state: Status
    mode: Status
    current_statement: Key | None = None
    statements: list[Key] | None = Field(
        None, description="The statement ids it asks about, in order; absent for all."
    )
    minimum_group_size: int = Field(ge=1, le=MAXIMUM_GROUP_SIZE, strict=True)
    created_at: Time


class BackupRound(_Part):
    title: Name
    framework_id: Key
    framework_version: _text(VERSION_MAX, required=True)
    status: Status
    opened_on: Day | None = None
    closed_on: Day | None = None
    created_at: Time
    framework: dict[str, Any] = Field(description="The framework snapshot, ladder included.")
    perspectives: list[dict[str, Any]]
    respondents: list[BackupRespondent] = []
    agreed_rungs: list[BackupAgreedRung] = []
    workshops: list[BackupWorkshop] = []


class BackupAction(_Part):
    round: Name | None = Field(None, description="The title of the round it belongs to.")
    statement: Key | None = None
    theme: Key | None = None
    text: _text(TEXT_MAX, required=True)
    owner: ShortText = ""
    due_on: Day | None = None
    status: Status
    created_at: Time
    updated_at: Time


class BackupEvent(_Part):
    """One line of the audit trail: who did what, when."""

    at: Time
    actor: Name
    action: _text(50, required=True)
    subject: LongText = ""


class BackupOrganisation(_Part):
    name: Name
    minimum_group_size: int = Field(
        MINIMUM_GROUP_SIZE, ge=MINIMUM_GROUP_SIZE, le=MAXIMUM_GROUP_SIZE, strict=True
    )
    created_at: Time
    rounds: list[BackupRound] = []
    actions: list[BackupAction] = []
    audit: list[BackupEvent] = Field([], description="Its audit trail, oldest first.")


class BackupFramework(_Part):
    """A framework added in the app, with the YAML it was added from."""

    id: Key
    version: _text(VERSION_MAX, required=True)
    title: Name
    source_text: _text(MAX_BYTES)
    snapshot: dict[str, Any]
    created_at: Time


class Backup(_Part):
    format: Literal["coproduction-toolkit-backup"]
    format_version: Literal[1]  # an integer: parse_backup refuses true, 1.0 and "1"
    exported_at: Time
    frameworks: list[BackupFramework] = []
    organisations: list[BackupOrganisation]
    audit: list[BackupEvent] = Field(
        [], description="The audit trail of no one organisation (accounts, sign-ins), oldest first."
    )


def backup_schema() -> dict[str, Any]:
    """The JSON Schema of the backup format."""
    return Backup.model_json_schema()


# --- Export --------------------------------------------------------------------------------


def export_backup(store: Store, organisation_id: int | None = None) -> dict[str, Any]:
    """Everything in the database (or one organisation) as a backup document."""
    with store.reading() as session:
        query = select(m.Organisation).order_by(m.Organisation.id)
        if organisation_id is not None:
            query = query.where(m.Organisation.id == organisation_id)
        organisations = list(session.scalars(query))
        if organisation_id is not None and not organisations:
            raise StoreError(f"There is no organisation with id {organisation_id}.")
        uploaded = session.scalars(select(m.UploadedFramework).order_by(m.UploadedFramework.id))
        document = Backup(
            format=FORMAT,
            format_version=FORMAT_VERSION,
            exported_at=now(),
            frameworks=[
                BackupFramework(
                    id=row.framework_id,
                    version=row.version,
                    title=row.title,
                    source_text=row.source_text,
                    snapshot=row.snapshot,
                    created_at=row.created_at,
                )
                for row in uploaded
            ],
            organisations=[_export_organisation(session, row) for row in organisations],
            audit=_export_events(session, None) if organisation_id is None else [],
        )
    return document.model_dump(mode="json")


def _export_events(session, organisation_id: int | None) -> list[BackupEvent]:
    query = select(m.AuditEvent).order_by(m.AuditEvent.id)
    if organisation_id is None:
        query = query.where(m.AuditEvent.organisation_id.is_(None))
    else:
        query = query.where(m.AuditEvent.organisation_id == organisation_id)
    return [
        BackupEvent(at=e.at, actor=e.actor, action=e.action, subject=e.subject)
        for e in session.scalars(query)
    ]


def _export_organisation(session, row: m.Organisation) -> BackupOrganisation:
    titles = {r.id: r.title for r in row.rounds}
    return BackupOrganisation(
        name=row.name,
        minimum_group_size=row.minimum_group_size,
        created_at=row.created_at,
        rounds=[_export_round(r) for r in row.rounds],
        actions=[
            BackupAction(
                round=titles.get(a.round_id),
                statement=a.statement_id,
                theme=a.theme_id,
                text=a.text,
                owner=a.owner,
                due_on=a.due_on,
                status=a.status,
                created_at=a.created_at,
                updated_at=a.updated_at,
            )
            for a in row.actions
        ],
        audit=_export_events(session, row.id),
    )


def _export_round(row: m.Round) -> BackupRound:
    codes = {w.id: w.join_code for w in row.workshops}  # the workshop each person joined
    return BackupRound(
        title=row.title,
        framework_id=row.framework_id,
        framework_version=row.framework_version,
        status=row.status,
        opened_on=row.opened_on,
        closed_on=row.closed_on,
        created_at=row.created_at,
        framework=row.framework_snapshot,
        perspectives=row.perspectives_snapshot,
        respondents=[
            BackupRespondent(
                perspective=r.perspective,
                display_name=r.display_name,
                status=r.status,
                resume_token_hash=r.resume_token_hash,
                created_at=r.created_at,
                updated_at=r.updated_at,
                submitted_at=r.submitted_at,
                workshop=codes.get(r.workshop_id),
                answers=[
                    BackupAnswer(
                        statement=a.statement_id,
                        answer=a.answer,
                        note=a.note,
                        updated_at=a.updated_at,
                    )
                    for a in r.answers
                ],
            )
            for r in row.respondents
        ],
        agreed_rungs=[
            BackupAgreedRung(
                statement=a.statement_id,
                rung=a.rung,
                reason=a.reason,
                decided_by=a.decided_by,
                decided_at=a.decided_at,
            )
            for a in row.agreed_rungs
        ],
        workshops=[
            BackupWorkshop(
                join_code=w.join_code,
                state=w.state,
                mode=w.mode,
                current_statement=w.current_statement,
                statements=w.statements,
                minimum_group_size=w.minimum_group_size,
                created_at=w.created_at,
            )
            for w in row.workshops
        ],
    )


def write_backup(store: Store, path: Path, organisation_id: int | None = None) -> dict[str, int]:
    """Export to a file (written whole, then moved into place). Returns what it holds.

    The file holds names and notes, so only its owner may read it (mode 0600), from the
    first byte written.
    """
    document = export_backup(store, organisation_id)
    temporary = path.with_name(path.name + ".partial")
    if temporary.exists():
        temporary.unlink()  # left by an interrupted export; it may have other permissions
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(json.dumps(document, indent=1, ensure_ascii=False))
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return counts(document)


def counts(document: dict[str, Any]) -> dict[str, int]:
    organisations = document["organisations"]
    rounds = [r for o in organisations for r in o["rounds"]]
    respondents = [p for r in rounds for p in r["respondents"]]
    return {
        "frameworks": len(document.get("frameworks", [])),
        "organisations": len(organisations),
        "rounds": len(rounds),
        "respondents": len(respondents),
        "answers": sum(len(p["answers"]) for p in respondents),
        "agreed rungs": sum(len(r["agreed_rungs"]) for r in rounds),
        "actions": sum(len(o["actions"]) for o in organisations),
    }


# --- Import --------------------------------------------------------------------------------


class BackupProblems(StoreError):
    """A backup that cannot be imported, with every problem found in it."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the backup; nothing was imported.")


def _place(loc: tuple[Any, ...]) -> str:
    place = ""
    for part in loc:
        place += f"[{part}]" if isinstance(part, int) else (f".{part}" if place else str(part))
    return place or "the document"


def _not_a_json_constant(name: str) -> Any:
    raise ValueError(f"'{name}' is not a number JSON allows")


def read_backup(path: Path) -> Backup:
    """Read and check a backup file; BackupProblems lists everything wrong with it.

    Only a regular file of at most MAX_BACKUP_BYTES is read.
    """
    try:
        raw = read_limited(path, MAX_BACKUP_BYTES)
    except FileRefused as refused:
        raise BackupProblems([str(refused)]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BackupProblems(
            [f"the file is not UTF-8 text (the byte at position {error.start + 1} cannot be read)"]
        ) from None
    try:
        data = json.loads(text, parse_constant=_not_a_json_constant)
    except json.JSONDecodeError as error:
        raise BackupProblems(
            [f"line {error.lineno}, column {error.colno}: this is not valid JSON ({error.msg})"]
        ) from None
    except RecursionError:
        raise BackupProblems(["the JSON is nested far deeper than any backup"]) from None
    except ValueError as error:  # a constant such as NaN, or an integer of thousands of digits
        detail = "a number is thousands of digits long" if "digits" in str(error) else str(error)
        raise BackupProblems([f"this is not a backup the toolkit can read: {detail}"]) from None
    return parse_backup(data)


def _numbers_out_of_range(data: Any, loc: tuple[Any, ...] = ()) -> Iterator[str]:
    """Numbers no database keeps: past 64 bits, or not finite (1e400 reads as infinity)."""
    stack = [(loc, data)]
    while stack:
        here, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*here, key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend(((*here, index), item) for index, item in enumerate(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            if abs(value) > BIGGEST_INTEGER:
                yield f"{_place(here)}: this number is too large (more than 64 bits)"
        elif isinstance(value, float) and not math.isfinite(value):
            yield f"{_place(here)}: this number is too large to be kept"


def _format_version_problem(data: dict[str, Any]) -> str | None:
    version = data.get("format_version")
    if type(version) is int and version == FORMAT_VERSION:
        return None
    if type(version) is int and version > FORMAT_VERSION:
        return (
            f"this backup is format version {version}; this toolkit reads version "
            f"{FORMAT_VERSION}. Update the toolkit, then try again"
        )
    if "format_version" not in data:
        return f"format_version: the backup does not say its format version ({FORMAT_VERSION})"
    found = json.dumps(version)[:40]
    return f"format_version: should be the whole number {FORMAT_VERSION}, not {found}"


def parse_backup(data: Any) -> Backup:
    if isinstance(data, dict) and data.get("format") != FORMAT:
        raise BackupProblems([f"this is not a toolkit backup (its 'format' is not '{FORMAT}')"])
    if isinstance(data, dict):
        problem = _format_version_problem(data)
        if problem:
            raise BackupProblems([problem])
    out_of_range = sorted(_numbers_out_of_range(data))
    if out_of_range:
        raise BackupProblems(out_of_range)
    try:
        backup = Backup.model_validate(data)
    except ValidationError as error:
        raise BackupProblems(
            [
                f"{_place(tuple(e['loc']))}: {e['msg'][:1].lower()}{e['msg'][1:]}"
                for e in error.errors()
            ]
        ) from None
    problems = list(_meaning_problems(backup))
    if problems:
        raise BackupProblems(problems)
    return backup


def _meaning_problems(backup: Backup):
    """Everything the schema cannot see: answers that fit their round, unique names."""
    names: set[str] = set()
    tokens: set[str] = set()
    codes: set[str] = set()
    added: set[tuple[str, str]] = set()
    for f, framework in enumerate(backup.frameworks):
        at = f"frameworks[{f}]"
        if (framework.id, framework.version) in added:
            yield f"{at}: framework '{framework.id}' version {framework.version} appears twice"
        added.add((framework.id, framework.version))
        try:
            Framework.model_validate(framework.snapshot)
        except (ValidationError, ValueError) as error:
            yield f"{at}.snapshot: the snapshot is not a valid framework ({_summary(error)})"
    for o, organisation in enumerate(backup.organisations):
        here = f"organisations[{o}]"
        if organisation.name in names:
            yield f"{here}.name: the organisation '{organisation.name}' appears twice"
        names.add(organisation.name)
        titles: dict[str, Framework] = {}
        for r, round_ in enumerate(organisation.rounds):
            at = f"{here}.rounds[{r}]"
            if round_.title in titles:
                yield f"{at}.title: the round title '{round_.title}' appears twice"
            if round_.status not in ROUND_STATUSES:
                yield f"{at}.status: '{round_.status}' is not one of {', '.join(ROUND_STATUSES)}"
            try:
                framework = Framework.model_validate(round_.framework)
            except (ValidationError, ValueError) as error:
                yield f"{at}.framework: the snapshot is not a valid framework ({_summary(error)})"
                continue
            perspectives = []
            for p, raw in enumerate(round_.perspectives):
                try:
                    perspectives.append(Perspective.model_validate(raw))
                except ValidationError as error:
                    yield f"{at}.perspectives[{p}]: not a valid perspective ({_summary(error)})"
            yield from _duplicate_perspectives(at, perspectives)
            titles[round_.title] = framework
            yield from _round_problems(at, round_, framework, perspectives, tokens, codes)
        for a, action in enumerate(organisation.actions):
            at = f"{here}.actions[{a}]"
            if action.status not in ACTION_STATUSES:
                yield f"{at}.status: '{action.status}' is not one of {', '.join(ACTION_STATUSES)}"
            if action.round is None:
                if action.statement or action.theme:
                    yield f"{at}.round: an action about a statement or theme needs its round"
                continue
            framework = titles.get(action.round)
            if framework is None:
                yield f"{at}.round: there is no round '{action.round}' in this organisation"
                continue
            if action.statement and action.statement not in framework.statement_theme:
                yield f"{at}.statement: '{action.statement}' is not in that round's framework"
            if action.theme and action.theme not in [t.id for t in framework.themes]:
                yield f"{at}.theme: '{action.theme}' is not in that round's framework"


def _summary(error: ValidationError | ValueError, shown: int = 3) -> str:
    """The first few things pydantic found, by place, in plain words (no links, no input)."""
    if not isinstance(error, ValidationError):
        return str(error)
    found = [f"{_place(tuple(e['loc']))}: {e['msg']}" for e in error.errors(include_url=False)]
    more = f"; and {len(found) - shown} more" if len(found) > shown else ""
    return "; ".join(found[:shown]) + more


def _duplicate_perspectives(at: str, perspectives: list[Perspective]) -> Iterator[str]:
    seen: set[str] = set()
    for p, perspective in enumerate(perspectives):
        if perspective.id in seen:
            yield f"{at}.perspectives[{p}].id: the perspective '{perspective.id}' appears twice"
        seen.add(perspective.id)


def _round_problems(at, round_, framework, perspectives, tokens, codes):
    choices = (*framework.ladder.rung_ids, UNSURE, NOT_APPLICABLE)
    perspective_ids = {p.id for p in perspectives}
    names: set[str] = set()
    for p, respondent in enumerate(round_.respondents):
        where = f"{at}.respondents[{p}]"
        if respondent.display_name is not None:
            if respondent.display_name in names:
                yield (
                    f"{where}.display_name: the name '{respondent.display_name}' is used twice "
                    "in this round"
                )
            names.add(respondent.display_name)
        if respondent.status not in RESPONDENT_STATUSES:
            yield f"{where}.status: '{respondent.status}' is not draft or submitted"
        if respondent.perspective not in perspective_ids:
            yield f"{where}.perspective: '{respondent.perspective}' is not one of the round's"
        if respondent.resume_token_hash in tokens:
            yield f"{where}.resume_token_hash: the same resume token appears twice"
        tokens.add(respondent.resume_token_hash)
        seen: set[str] = set()
        for a, answer in enumerate(respondent.answers):
            spot = f"{where}.answers[{a}]"
            if answer.statement not in framework.statement_theme:
                yield f"{spot}.statement: '{answer.statement}' is not in the round's framework"
            if answer.answer not in choices:
                yield f"{spot}.answer: '{answer.answer}' is not a rung, unsure or not_applicable"
            if answer.statement in seen:
                yield f"{spot}.statement: '{answer.statement}' is answered twice"
            seen.add(answer.statement)
    agreed: set[str] = set()
    for a, rung in enumerate(round_.agreed_rungs):
        spot = f"{at}.agreed_rungs[{a}]"
        if rung.statement not in framework.statement_theme:
            yield f"{spot}.statement: '{rung.statement}' is not in the round's framework"
        if rung.statement in agreed:
            yield f"{spot}.statement: '{rung.statement}' has two agreed rungs"
        agreed.add(rung.statement)
        if rung.rung not in (*framework.ladder.rung_ids, UNSURE):
            yield f"{spot}.rung: '{rung.rung}' is not a rung of the round's ladder"
    for w, workshop in enumerate(round_.workshops):
        spot = f"{at}.workshops[{w}]"
        if workshop.join_code in codes:
            yield f"{spot}.join_code: the join code '{workshop.join_code}' appears twice"
        codes.add(workshop.join_code)
        if workshop.state not in WORKSHOP_STATES:
            yield f"{spot}.state: '{workshop.state}' is not one of {', '.join(WORKSHOP_STATES)}"
        current = workshop.current_statement
        if current and current not in framework.statement_theme:
            yield f"{spot}.current_statement: '{current}' is not in the round's framework"
        for s, statement in enumerate(workshop.statements or ()):
            if statement not in framework.statement_theme:
                yield f"{spot}.statements[{s}]: '{statement}' is not in the round's framework"
    joined = {workshop.join_code for workshop in round_.workshops}
    for r, respondent in enumerate(round_.respondents):
        if respondent.workshop is not None and respondent.workshop not in joined:
            yield (
                f"{at}.respondents[{r}].workshop: this round has no workshop "
                f"'{respondent.workshop}'"
            )


def import_backup(
    store: Store, backup: Backup, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Write a checked backup into the database in one transaction: all of it or nothing."""
    say = progress or (lambda _message: None)
    with store.writing() as session:
        clashes = _clashes(session, backup)
        if clashes:
            raise BackupProblems(clashes)
        query = select(m.UploadedFramework.framework_id, m.UploadedFramework.version)
        known = {(row[0], row[1]) for row in session.execute(query)}
        session.add_all(
            m.UploadedFramework(
                framework_id=f.id,
                version=f.version,
                title=f.title,
                source_text=f.source_text,
                snapshot=f.snapshot,
                created_at=f.created_at,
            )
            for f in backup.frameworks
            if (f.id, f.version) not in known  # the same framework twice is one framework
        )
        session.add_all(_import_events(backup.audit, None))
        for organisation in backup.organisations:
            say(f"Reading organisation '{organisation.name}'")
            row = m.Organisation(
                name=organisation.name,
                minimum_group_size=organisation.minimum_group_size,
                created_at=organisation.created_at,
            )
            session.add(row)
            session.flush()
            round_ids: dict[str, int] = {}
            for round_ in organisation.rounds:
                round_ids[round_.title] = _import_round(session, row.id, round_)
                say(f"  round '{round_.title}': {len(round_.respondents)} respondents")
            session.add_all(
                m.Action(
                    organisation_id=row.id,
                    round_id=round_ids.get(a.round) if a.round else None,
                    statement_id=a.statement,
                    theme_id=a.theme,
                    text=a.text,
                    owner=a.owner,
                    due_on=a.due_on,
                    status=a.status,
                    created_at=a.created_at,
                    updated_at=a.updated_at,
                )
                for a in organisation.actions
            )
            session.add_all(_import_events(organisation.audit, row.id))
            session.flush()
    return counts(backup.model_dump(mode="json"))


def _import_events(events: list[BackupEvent], organisation_id: int | None) -> list[m.AuditEvent]:
    return [
        m.AuditEvent(
            at=e.at,
            actor=e.actor,
            organisation_id=organisation_id,
            action=e.action,
            subject=e.subject,
        )
        for e in events
    ]


def _clashes(session, backup: Backup) -> list[str]:
    problems = []
    names = [o.name for o in backup.organisations]
    for name in session.scalars(select(m.Organisation.name).where(m.Organisation.name.in_(names))):
        problems.append(
            f"the organisation '{name}' is already in this database; remove it from the "
            "backup or import into another database"
        )
    tokens = [
        p.resume_token_hash for o in backup.organisations for r in o.rounds for p in r.respondents
    ]
    for start in range(0, len(tokens), 500):
        chunk = tokens[start : start + 500]
        if session.scalar(
            select(m.Respondent.id).where(m.Respondent.resume_token_hash.in_(chunk)).limit(1)
        ):
            problems.append("some respondents' resume links are already in this database")
            break
    codes = [w.join_code for o in backup.organisations for r in o.rounds for w in r.workshops]
    for code in session.scalars(
        select(m.Workshop.join_code).where(m.Workshop.join_code.in_(codes))
    ):
        problems.append(f"the workshop join code '{code}' is already in use in this database")
    return problems


def _import_round(session, organisation_id: int, round_: BackupRound) -> int:
    row = m.Round(
        organisation_id=organisation_id,
        title=round_.title,
        framework_id=round_.framework_id,
        framework_version=round_.framework_version,
        framework_snapshot=round_.framework,
        perspectives_snapshot=round_.perspectives,
        status=round_.status,
        opened_on=round_.opened_on,
        closed_on=round_.closed_on,
        created_at=round_.created_at,
    )
    session.add(row)
    session.flush()
    workshops = {}  # join code: the workshop made for it here
    for w in round_.workshops:
        workshops[w.join_code] = m.Workshop(
            round_id=row.id,
            join_code=w.join_code,
            state=w.state,
            mode=w.mode,
            current_statement=w.current_statement,
            statements=w.statements,
            minimum_group_size=w.minimum_group_size,
            created_at=w.created_at,
        )
    session.add_all(workshops.values())
    session.flush()
    for respondent in round_.respondents:
        joined = workshops.get(respondent.workshop) if respondent.workshop else None
        person = m.Respondent(
            round_id=row.id,
            perspective=respondent.perspective,
            display_name=respondent.display_name,
            status=respondent.status,
            resume_token_hash=respondent.resume_token_hash,
            created_at=respondent.created_at,
            updated_at=respondent.updated_at,
            submitted_at=respondent.submitted_at,
            workshop_id=joined.id if joined is not None else None,
        )
        session.add(person)
        session.flush()
        session.add_all(
            m.Answer(
                respondent_id=person.id,
                statement_id=a.statement,
                answer=a.answer,
                note=a.note,
                updated_at=a.updated_at,
            )
            for a in respondent.answers
        )
    session.add_all(
        m.AgreedRung(
            round_id=row.id,
            statement_id=a.statement,
            rung=a.rung,
            reason=a.reason,
            decided_by=a.decided_by,
            decided_at=a.decided_at,
        )
        for a in round_.agreed_rungs
    )
    session.flush()
    return row.id
