"""The storage API: every read and write of organisations, rounds, answers and actions.

Each method is one transaction. Writes on SQLite begin immediately (so writers queue rather
than fail); on PostgreSQL a respondent's row is locked while its answers change, so an
autosave racing a submit can never undo the submitted answers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from sqlalchemy import Engine, case, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, defaultload, defer, joinedload, sessionmaker

from toolkit.framework import (
    NOT_APPLICABLE,
    UNSURE,
    Framework,
    Perspective,
    builtin_frameworks,
    builtin_perspectives,
    framework_from_snapshot,
)
from toolkit.limits import (
    BIGGEST_ID,
    MAXIMUM_GROUP_SIZE,
    MINIMUM_GROUP_SIZE,
    NAME_MAX,
    TEXT_MAX,
    text_problem,
)
from toolkit.store import models as m
from toolkit.store.accounts import AccountStore
from toolkit.store.database import (
    WRITE,
    make_engine,
    migrate,
    translated_errors,
)
from toolkit.store.models import now
from toolkit.store.records import (
    ACTION_STATUS_LABELS,
    ACTION_STATUSES,
    WORKSHOP_MODES,
    WORKSHOP_STATES,
    Action,
    ActionSummary,
    AgreedRung,
    AlreadySubmitted,
    Note,
    NotFound,
    Organisation,
    Respondent,
    Revision,
    Round,
    RoundClosed,
    SavedAnswer,
    StoreError,
    Workshop,
)
from toolkit.yaml_source import MAX_BYTES

_UNSET: Any = object()


class GivenAnswer(Protocol):
    """One answer by label, as an answers file gives it (scoring's Answer is one)."""

    respondent: str
    perspective: str
    statement: str
    answer: str


# Answers go to the database in batches of this many rows: one statement a batch.
IMPORT_BATCH = 5000
# How many of the names already in a round a refused import lists before "and N more".
NAMES_LISTED = 10


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Store(AccountStore):
    """The toolkit's database: open it with a URL (or `TOOLKIT_DATABASE_URL`)."""

    def __init__(
        self,
        url: str | None = None,
        *,
        engine: Engine | None = None,
        busy_timeout: float | None = None,
    ) -> None:
        with translated_errors():
            self.engine = engine or make_engine(url, busy_timeout=busy_timeout)
            migrate(self.engine)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(**WRITE), expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with translated_errors(), self._read() as session:
            yield session

    @contextmanager
    def writing(self, conflict: str | None = None) -> Iterator[Session]:
        """One write transaction: committed at the end, rolled back on any error.

        `conflict` is the message for a change that breaks a uniqueness rule.
        """
        with translated_errors(conflict), self._write() as session, session.begin():
            yield session

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # --- Organisations -----------------------------------------------------------------------

    def create_organisation(self, name: str) -> Organisation:
        name = _required(name, "An organisation needs a name.", "The name", NAME_MAX)
        with self.writing(f"There is already an organisation called '{name}'.") as session:
            row = m.Organisation(name=name, minimum_group_size=MINIMUM_GROUP_SIZE, created_at=now())
            session.add(row)
            session.flush()
            return _organisation(row)

    def set_minimum_group_size(self, organisation_id: int, size: int) -> Organisation:
        """Raise (or lower, not below the toolkit's own) the smallest group ever shown alone."""
        if isinstance(size, bool) or not isinstance(size, int):
            raise StoreError("The minimum group size is a whole number of people.")
        if not MINIMUM_GROUP_SIZE <= size <= MAXIMUM_GROUP_SIZE:
            raise StoreError(
                f"The minimum group size must be from {MINIMUM_GROUP_SIZE} to "
                f"{MAXIMUM_GROUP_SIZE} people, not {size}."
            )
        with self.writing() as session:
            row = _get(session, m.Organisation, organisation_id, "organisation")
            row.minimum_group_size = size
            session.flush()
            return _organisation(row)

    def organisations(self) -> list[Organisation]:
        with self.reading() as session:
            rows = session.scalars(select(m.Organisation).order_by(m.Organisation.name))
            return [_organisation(row) for row in rows]

    def organisation(self, organisation_id: int) -> Organisation:
        with self.reading() as session:
            return _organisation(_get(session, m.Organisation, organisation_id, "organisation"))

    def organisation_named(self, name: str) -> Organisation | None:
        with self.reading() as session:
            row = session.scalar(select(m.Organisation).where(m.Organisation.name == name))
            return _organisation(row) if row else None

    # --- Frameworks added in the app --------------------------------------------------------

    def add_framework(self, framework: Framework, source_text: str) -> Framework:
        """Keep a checked framework (and its YAML) so that new rounds can use it."""
        if framework.id in builtin_frameworks():
            builtin = builtin_frameworks()[framework.id]
            if builtin.version == framework.version:
                raise StoreError(
                    f"'{framework.id}' version {framework.version} is built in already; give "
                    "your framework another id or version."
                )
        _checked(source_text, "The framework file", MAX_BYTES)
        conflict = (
            f"A framework '{framework.id}' version {framework.version} was added already; "
            "change its version to add it again."
        )
        with self.writing(conflict) as session:
            session.add(
                m.UploadedFramework(
                    framework_id=framework.id,
                    version=framework.version,
                    title=framework.title,
                    source_text=source_text,
                    snapshot=framework.snapshot(),
                    created_at=now(),
                )
            )
        return framework

    def uploaded_frameworks(self) -> list[Framework]:
        with self.reading() as session:
            rows = session.scalars(select(m.UploadedFramework).order_by(m.UploadedFramework.id))
            return [framework_from_snapshot(row.snapshot) for row in rows]

    def frameworks(self) -> list[Framework]:
        """Every framework a new round can use: the built-in ones, then those added here."""
        return [*builtin_frameworks().values(), *self.uploaded_frameworks()]

    # --- Rounds ------------------------------------------------------------------------------

    def create_round(
        self,
        organisation_id: int,
        framework: Framework,
        title: str,
        *,
        opened_on: dt.date | None = None,
        perspectives: tuple[Perspective, ...] | None = None,
    ) -> Round:
        """Open a new round, keeping a snapshot of the framework and perspectives it uses."""
        title = _required(
            title, "A round needs a title, such as 'Spring 2027'.", "The title", NAME_MAX
        )
        perspectives = perspectives or builtin_perspectives()
        conflict = f"This organisation already has a round called '{title}'; choose another title."
        with self.writing(conflict) as session:
            _get(session, m.Organisation, organisation_id, "organisation")
            row = m.Round(
                organisation_id=organisation_id,
                title=title,
                framework_id=framework.id,
                framework_version=framework.version,
                framework_snapshot=framework.snapshot(),
                perspectives_snapshot=[p.model_dump(mode="json") for p in perspectives],
                status="open",
                opened_on=opened_on or dt.date.today(),
                created_at=now(),
            )
            session.add(row)
            session.flush()
            return _round(session, row)

    def rounds(self, organisation_id: int | None = None, *, counts: bool = True) -> list[Round]:
        """Rounds, oldest first (by opening date), of one organisation or of all. Without
        `counts`, their people are not counted (`submitted`/`drafts` left as None)."""
        with self.reading() as session:
            counted = (_COUNT["submitted"], _COUNT["draft"]) if counts else ()
            query = (
                select(m.Round, _FRAMEWORK_TITLE, *counted)
                .options(*_ROUND_ONLY)
                .order_by(m.Round.opened_on, m.Round.id)
            )
            if organisation_id is not None:
                query = query.where(m.Round.organisation_id == organisation_id)
            return [
                _round(
                    session,
                    row,
                    {(row.id, "submitted"): found[0], (row.id, "draft"): found[1]} if found else {},
                    title,
                )
                for row, title, *found in session.execute(query)
            ]

    def round(self, round_id: int, *, counts: bool = True) -> Round:
        """A round; without `counts`, one query fewer and `submitted`/`drafts` left as None."""
        with self.reading() as session:
            _check_id(round_id, "round")
            found = session.execute(
                select(m.Round, _FRAMEWORK_TITLE)
                .options(*_ROUND_ONLY)
                .where(m.Round.id == round_id)
            ).first()
            if found is None:
                raise NotFound(f"There is no round with id {round_id}.")
            row, title = found
            return _round(session, row, None if counts else {}, title)

    def round_framework(self, round_id: int) -> Framework:
        """The framework exactly as the round was answered on it."""
        return framework_from_snapshot(self.framework_snapshot(round_id))

    def framework_snapshot(self, round_id: int) -> dict[str, Any]:
        """The round's framework snapshot as kept: plain data, not yet checked."""
        with self.reading() as session:
            return _get(session, m.Round, round_id, "round").framework_snapshot

    def round_perspectives(self, round_id: int) -> tuple[Perspective, ...]:
        with self.reading() as session:
            row = _get(session, m.Round, round_id, "round")
            return _perspectives(row)

    def set_round_status(
        self, round_id: int, status: str, *, closed_on: dt.date | None = None
    ) -> Round:
        """Open or close a round (closed today unless `closed_on` says). Closed takes no answers."""
        if status not in ("open", "closed"):
            raise StoreError(f"'{status}' is not a round status; use 'open' or 'closed'.")
        with self.writing() as session:
            row = _get(session, m.Round, round_id, "round")
            row.status = status
            row.closed_on = (closed_on or dt.date.today()) if status == "closed" else None
            session.flush()
            return _round(session, row)

    def rename_round(self, round_id: int, title: str) -> Round:
        title = _required(title, "A round needs a title.", "The title", NAME_MAX)
        with self.writing(f"This organisation already has a round called '{title}'.") as session:
            row = _get(session, m.Round, round_id, "round")
            row.title = title
            session.flush()
            return _round(session, row)

    # --- Respondents and answers -------------------------------------------------------------

    def start_respondent(
        self, round_id: int, perspective: str, display_name: str | None = None
    ) -> tuple[Respondent, str]:
        """A new respondent in a round, and the resume token for their link (shown once)."""
        token = secrets.token_urlsafe(18)
        name = _display_name(display_name)
        with self.writing(_name_taken(name)) as session:
            round_row = _get(session, m.Round, round_id, "round")
            _check_open(round_row)
            _check_perspective(round_row, perspective)
            stamp = now()
            row = m.Respondent(
                round_id=round_id,
                perspective=perspective,
                display_name=name,
                status="draft",
                resume_token_hash=hash_token(token),
                created_at=stamp,
                updated_at=stamp,
            )
            session.add(row)
            session.flush()
            return _respondent(row), token

    def resume(self, token: str) -> Respondent | None:
        """The respondent a resume token belongs to, or None."""
        if not token:
            return None
        with self.reading() as session:
            row = session.scalar(
                select(m.Respondent).where(m.Respondent.resume_token_hash == hash_token(token))
            )
            return _respondent(row) if row else None

    def respondent(self, respondent_id: int) -> Respondent:
        with self.reading() as session:
            return _respondent(_get(session, m.Respondent, respondent_id, "respondent"))

    def answering(self, respondent_id: int) -> tuple[Respondent, Round, dict[str, SavedAnswer]]:
        """A respondent, their round (its people not counted) and their answers, in one read."""
        with self.reading() as session:
            _check_id(respondent_id, "respondent")
            found = session.execute(
                select(m.Respondent, _FRAMEWORK_TITLE)
                .join(m.Respondent.round)
                .options(joinedload(m.Respondent.round).options(*_ROUND_ONLY))
                .where(m.Respondent.id == respondent_id)
            ).first()
            if found is None:
                raise NotFound(f"There is no respondent with id {respondent_id}.")
            row, title = found
            return (
                _respondent(row),
                _round(session, row.round, {}, title),
                _answers(session, row.id),
            )

    def respondents(self, round_id: int, status: str | None = None) -> list[Respondent]:
        with self.reading() as session:
            query = select(m.Respondent).where(m.Respondent.round_id == round_id)
            if status:
                query = query.where(m.Respondent.status == status)
            return [_respondent(r) for r in session.scalars(query.order_by(m.Respondent.id))]

    def set_perspective(
        self, respondent_id: int, perspective: str, display_name: str | None = _UNSET
    ) -> Respondent:
        """Change who a draft respondent is answering as (and, if given, their name)."""
        name = _display_name(display_name) if display_name is not _UNSET else _UNSET
        with self.writing(_name_taken(name if name is not _UNSET else None)) as session:
            row = _locked_respondent(session, respondent_id)
            _check_draft(row)
            _check_perspective(row.round, perspective)
            row.perspective = perspective
            if name is not _UNSET:
                row.display_name = name
            row.updated_at = now()
            session.flush()
            return _respondent(row)

    def save_answer(
        self,
        respondent_id: int,
        statement_id: str,
        answer: str | None,
        note: str = "",
        *,
        framework: Framework | None = None,
    ) -> SavedAnswer | None:
        """Autosave one answer (saving again replaces it). None as the answer clears it."""
        saved = self.save_answers(
            respondent_id, {statement_id: (answer, note)}, framework=framework
        )
        return saved[0] if saved else None

    def save_answers(
        self,
        respondent_id: int,
        answers: Mapping[str, tuple[str | None, str]],
        *,
        framework: Framework | None = None,
    ) -> list[SavedAnswer]:
        """Autosave several answers at once, all or none. Refused once submitted.

        `framework` is the round's framework, already checked (the service layer keeps it);
        without it, the round's snapshot is checked here."""
        with self.writing() as session:
            draft = _locked_draft(session, respondent_id)
            return _write_answers(session, draft, answers, framework)

    def answers(self, respondent_id: int) -> dict[str, SavedAnswer]:
        with self.reading() as session:
            return _answers(session, respondent_id)

    def submit(
        self,
        respondent_id: int,
        answers: Mapping[str, tuple[str | None, str]] | None = None,
        *,
        framework: Framework | None = None,
    ) -> Respondent:
        """Submit a respondent's answers (saving any final ones first), in one transaction."""
        with self.writing() as session:
            if answers:
                _write_answers(session, _locked_draft(session, respondent_id), answers, framework)
            row = _locked_respondent(session, respondent_id)
            _check_draft(row)
            _check_open(row.round)
            stamp = now()
            row.status = "submitted"
            row.submitted_at = stamp
            row.updated_at = stamp
            session.flush()
            return _respondent(row)

    def reopen_respondent(self, respondent_id: int) -> Respondent:
        """Let a submitted respondent change their answers again (back to draft)."""
        with self.writing() as session:
            row = _locked_respondent(session, respondent_id)
            _check_open(row.round)
            row.status = "draft"
            row.submitted_at = None
            row.updated_at = now()
            session.flush()
            return _respondent(row)

    def import_answers(
        self,
        round_id: int,
        answers: Iterable[tuple[GivenAnswer, str]],
        *,
        allow_closed: bool = False,
    ) -> list[Respondent]:
        """Add submitted respondents from answers by label (an answers CSV), all or nothing.

        Each respondent label becomes the respondent's display name. The round is locked while
        the answers go in, and a label already used in the round refuses the whole import, so
        the same file imported twice, even at the same moment, cannot double its answers. A
        closed round takes answers from a file only with `allow_closed`.
        """
        people: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {}
        for answer, note in answers:
            label = _required(
                answer.respondent, "Every answer needs a respondent.", "A name", NAME_MAX
            )
            perspective, given = people.setdefault(label, (answer.perspective, {}))
            if perspective != answer.perspective:
                raise StoreError(f"'{label}' is given two perspectives; a respondent has one.")
            if answer.statement in given:
                raise StoreError(f"'{label}' answers '{answer.statement}' twice.")
            given[answer.statement] = (answer.answer, _checked(note, "A note", TEXT_MAX))
        with self.writing(_names_taken_message(people)) as session:
            round_row = _locked_round(session, round_id)
            if round_row.status != "open" and not allow_closed:
                raise RoundClosed(
                    f"The round '{round_row.title}' is closed, so answers are not added to it "
                    "from a file: its figures may already have been shared. Reopen it first."
                )
            framework = framework_from_snapshot(round_row.framework_snapshot)
            for perspective, given in people.values():
                _check_perspective(round_row, perspective)
                for statement_id, (answer, _note) in given.items():
                    _check_answer(framework, statement_id, answer)
            names = select(m.Respondent.display_name).where(m.Respondent.round_id == round_id)
            taken = sorted(set(session.scalars(names)) & set(people))
            if taken:
                raise StoreError(_names_taken_message(people, taken))
            if not people:
                return []  # a file with a header and no rows adds nobody
            stamp = now()
            labels = list(people)
            ids = session.scalars(
                insert(m.Respondent).returning(m.Respondent.id, sort_by_parameter_order=True),
                [
                    {
                        "round_id": round_id,
                        "perspective": people[label][0],
                        "display_name": label,
                        "status": "submitted",
                        "resume_token_hash": hash_token(secrets.token_urlsafe(18)),
                        "created_at": stamp,
                        "updated_at": stamp,
                        "submitted_at": stamp,
                    }
                    for label in labels
                ],
            ).all()
            rows = [
                {
                    "respondent_id": respondent_id,
                    "statement_id": statement_id,
                    "answer": answer,
                    "note": note,
                    "updated_at": stamp,
                }
                for respondent_id, label in zip(ids, labels, strict=True)
                for statement_id, (answer, note) in people[label][1].items()
            ]
            _insert_answers(session, rows)
            return [
                Respondent(
                    id=respondent_id,
                    round_id=round_id,
                    perspective=people[label][0],
                    display_name=label,
                    status="submitted",
                    created_at=stamp,
                    updated_at=stamp,
                    submitted_at=stamp,
                )
                for respondent_id, label in zip(ids, labels, strict=True)
            ]

    def notes(self, round_id: int, statement_id: str | None = None) -> list[Note]:
        """The notes given with submitted answers in a round (or on one statement)."""
        with self.reading() as session:
            query = (
                select(
                    m.Answer.statement_id, m.Respondent.perspective, m.Answer.answer, m.Answer.note
                )
                .join(m.Respondent, m.Answer.respondent_id == m.Respondent.id)
                .where(
                    m.Respondent.round_id == round_id,
                    m.Respondent.status == "submitted",
                    m.Answer.note != "",
                )
                .order_by(m.Answer.id)
            )
            if statement_id is not None:
                query = query.where(m.Answer.statement_id == statement_id)
            return [Note(*row) for row in session.execute(query)]

    # --- Agreed rungs ------------------------------------------------------------------------

    def record_agreed_rung(
        self,
        round_id: int,
        statement_id: str,
        rung: str,
        reason: str,
        decided_by: str = "",
        decided_at: dt.datetime | None = None,
    ) -> AgreedRung:
        """Record what the group agreed for a statement, and why (recording again replaces)."""
        reason = _checked(reason, "The reason", TEXT_MAX)
        decided_by = _checked(decided_by, "Who decided", NAME_MAX)
        with self.writing() as session:
            round_row = _get(session, m.Round, round_id, "round")
            framework = framework_from_snapshot(round_row.framework_snapshot)
            _check_statement(framework, statement_id)
            if rung not in (*framework.ladder.rung_ids, UNSURE):
                raise StoreError(
                    f"'{rung}' is not a rung of this round's ladder; use one of "
                    f"{', '.join(framework.ladder.rung_ids)} or '{UNSURE}'."
                )
            row = session.scalar(
                select(m.AgreedRung).where(
                    m.AgreedRung.round_id == round_id, m.AgreedRung.statement_id == statement_id
                )
            )
            if row is None:
                row = m.AgreedRung(round_id=round_id, statement_id=statement_id)
                session.add(row)
            row.rung = rung
            row.reason = reason
            row.decided_by = decided_by
            row.decided_at = decided_at or now()
            session.flush()
            return _agreed(row)

    def agreed_rungs(self, round_id: int) -> dict[str, AgreedRung]:
        with self.reading() as session:
            rows = session.scalars(
                select(m.AgreedRung)
                .where(m.AgreedRung.round_id == round_id)
                .order_by(m.AgreedRung.id)
            )
            return {row.statement_id: _agreed(row) for row in rows}

    # --- Workshops ---------------------------------------------------------------------------

    def create_workshop(
        self,
        round_id: int,
        code: str,
        *,
        mode: str,
        minimum_group_size: int,
        statements: Sequence[str] | None,
        current_statement: str | None,
    ) -> Workshop:
        """A workshop on an open round, answering at once. A code in use already is refused
        (with "already in use" in the message, so that the caller can make another)."""
        if mode not in WORKSHOP_MODES:
            raise StoreError(f"'{mode}' is not a workshop mode; use paced or self-paced.")
        with self.writing(f"The join code {code} is already in use.") as session:
            _check_open(_locked_round(session, round_id))
            row = m.Workshop(
                round_id=round_id,
                join_code=code,
                state="answering",
                mode=mode,
                current_statement=current_statement,
                statements=list(statements) if statements is not None else None,
                minimum_group_size=minimum_group_size,
                created_at=now(),
            )
            session.add(row)
            session.flush()
            return _workshop(row)

    def workshop(self, code: str) -> Workshop:
        with self.reading() as session:
            row = session.scalar(select(m.Workshop).where(m.Workshop.join_code == code))
            if row is None:
                raise NotFound(f"There is no workshop with the code {code}.")
            return _workshop(row)

    def workshop_by_id(self, workshop_id: int) -> Workshop:
        with self.reading() as session:
            return _workshop(_get(session, m.Workshop, workshop_id, "workshop"))

    def workshops(self, round_id: int) -> list[Workshop]:
        with self.reading() as session:
            query = select(m.Workshop).where(m.Workshop.round_id == round_id)
            return [_workshop(row) for row in session.scalars(query.order_by(m.Workshop.id))]

    def set_workshop(
        self, workshop_id: int, *, state: str | None = None, current_statement: str | None = None
    ) -> Workshop:
        """Move a workshop on (its current statement) or change its state. Closing it sends
        in every participant's answers, so that they count in the round, in the same write."""
        if state is not None and state not in WORKSHOP_STATES:
            raise StoreError(f"'{state}' is not a workshop state.")
        with self.writing() as session:
            row = _locked_workshop(session, workshop_id)
            if row.state == "closed":
                raise StoreError("This workshop is closed, so it cannot change.")
            if current_statement is not None:
                row.current_statement = current_statement
            if state is not None:
                row.state = state
            if state == "closed":  # everyone who answered is sent in; nobody else
                _check_open(_get(session, m.Round, row.round_id, "round"))
                stamp = now()
                session.execute(
                    update(m.Respondent)
                    .where(
                        m.Respondent.workshop_id == row.id,
                        m.Respondent.status == "draft",
                        m.Respondent.id.in_(select(m.Answer.respondent_id)),
                    )
                    .values(status="submitted", submitted_at=stamp, updated_at=stamp)
                )
            session.flush()
            return _workshop(row)

    def join_workshop(
        self, workshop_id: int, perspective: str, display_name: str | None = None
    ) -> tuple[Respondent, str]:
        """A participant: a new respondent in the workshop's round, counted in the workshop,
        and the token for their own link (shown once)."""
        token = secrets.token_urlsafe(18)
        name = _display_name(display_name)
        with self.writing(_name_taken(name)) as session:
            workshop = _locked_workshop(session, workshop_id)  # a close waits, or is seen
            if workshop.state == "closed":
                raise StoreError("This workshop has closed. Thank you for taking part.")
            round_row = _get(session, m.Round, workshop.round_id, "round")
            _check_open(round_row)
            _check_perspective(round_row, perspective)
            stamp = now()
            row = m.Respondent(
                round_id=round_row.id,
                perspective=perspective,
                display_name=name,
                status="draft",
                resume_token_hash=hash_token(token),
                workshop_id=workshop.id,
                created_at=stamp,
                updated_at=stamp,
            )
            session.add(row)
            session.flush()
            return _respondent(row), token

    def workshop_counts(self, workshop_id: int) -> tuple[int, int]:
        """(participants, answers): the people who joined, and their stored answers to the
        workshop's statements (one a person a statement: a change replaces an answer)."""
        with self.reading() as session:
            workshop = _get(session, m.Workshop, workshop_id, "workshop")
            people = session.scalar(
                select(func.count(m.Respondent.id)).where(m.Respondent.workshop_id == workshop.id)
            )
            query = (
                select(func.count(m.Answer.id))
                .join(m.Respondent, m.Answer.respondent_id == m.Respondent.id)
                .where(m.Respondent.workshop_id == workshop.id)
            )
            if workshop.statements is not None:
                query = query.where(m.Answer.statement_id.in_(workshop.statements))
            return people or 0, session.scalar(query) or 0

    def workshop_answers(self, workshop_id: int, statement_id: str) -> list[tuple[str, str]]:
        """(perspective, answer) of each participant who answered the statement, first
        given first (a changed answer keeps its place)."""
        with self.reading() as session:
            rows = session.execute(
                select(m.Respondent.perspective, m.Answer.answer)
                .join(m.Answer, m.Answer.respondent_id == m.Respondent.id)
                .where(
                    m.Respondent.workshop_id == workshop_id, m.Answer.statement_id == statement_id
                )
                .order_by(m.Answer.id)
            )
            return [(perspective, answer) for perspective, answer in rows]

    # --- Answers, for scoring elsewhere --------------------------------------------------------

    def answer_rows(
        self, round_id: int, *, include_drafts: bool = False, notes: bool = False
    ) -> list[tuple]:
        """A round's answers as (respondent id, perspective, statement, answer), and the note
        last with `notes`; sent-in ones only unless `include_drafts`, by respondent in the
        order they started, then in the order given."""
        with self.reading() as session:
            _get(session, m.Round, round_id, "round")
            query = (
                select(
                    m.Respondent.id,
                    m.Respondent.perspective,
                    m.Answer.statement_id,
                    m.Answer.answer,
                    *([m.Answer.note] if notes else []),
                )
                .join(m.Answer, m.Answer.respondent_id == m.Respondent.id)
                .where(m.Respondent.round_id == round_id)
                .order_by(m.Respondent.id, m.Answer.id)
            )
            if not include_drafts:
                query = query.where(m.Respondent.status == "submitted")
            return [tuple(row) for row in session.execute(query)]

    def revision(self, round_id: int) -> Revision:
        """A cheap stamp (one indexed query) that changes whenever the round's counted answers
        may have changed: every change to a person's answers, sending them in and reopening
        them moves that person's `updated_at`, and a new person adds to the count."""
        with self.reading() as session:
            people, changed, sent_in = session.execute(
                select(
                    func.count(m.Respondent.id),
                    func.max(m.Respondent.updated_at),
                    func.sum(case((m.Respondent.status == "submitted", 1), else_=0)),
                ).where(m.Respondent.round_id == round_id)
            ).one()
            return Revision(people, changed, sent_in or 0)

    # --- Actions -----------------------------------------------------------------------------

    def create_action(
        self,
        organisation_id: int,
        text: str,
        *,
        round_id: int | None = None,
        statement_id: str | None = None,
        theme_id: str | None = None,
        owner: str = "",
        due_on: dt.date | None = None,
        status: str = "planned",
    ) -> Action:
        text = _required(
            text, "An action needs to say what will be done.", "What will be done", TEXT_MAX
        )
        owner = _checked(owner, "The owner's name", NAME_MAX)
        _check_action_status(status)
        with self.writing() as session:
            _get(session, m.Organisation, organisation_id, "organisation")
            _check_action_target(session, organisation_id, round_id, statement_id, theme_id)
            stamp = now()
            row = m.Action(
                organisation_id=organisation_id,
                round_id=round_id,
                statement_id=statement_id,
                theme_id=theme_id,
                text=text,
                owner=owner,
                due_on=due_on,
                status=status,
                created_at=stamp,
                updated_at=stamp,
            )
            session.add(row)
            session.flush()
            return _action(row)

    def update_action(
        self,
        action_id: int,
        *,
        text: str = _UNSET,
        owner: str = _UNSET,
        due_on: dt.date | None = _UNSET,
        status: str = _UNSET,
    ) -> Action:
        with self.writing() as session:
            row = _get(session, m.Action, action_id, "action")
            if text is not _UNSET:
                row.text = _required(
                    text, "An action needs to say what will be done.", "What will be done", TEXT_MAX
                )
            if owner is not _UNSET:
                row.owner = _checked(owner, "The owner's name", NAME_MAX)
            if due_on is not _UNSET:
                row.due_on = due_on
            if status is not _UNSET:
                _check_action_status(status)
                row.status = status
            row.updated_at = now()
            session.flush()
            return _action(row)

    def delete_action(self, action_id: int) -> None:
        with self.writing() as session:
            session.delete(_get(session, m.Action, action_id, "action"))

    def action(self, action_id: int) -> Action:
        with self.reading() as session:
            return _action(_get(session, m.Action, action_id, "action"))

    def actions(self, organisation_id: int, *, round_id: int | None = None) -> list[Action]:
        """An organisation's actions (or one round's), by due date, undated last."""
        with self.reading() as session:
            query = select(m.Action).where(m.Action.organisation_id == organisation_id)
            if round_id is not None:
                query = query.where(m.Action.round_id == round_id)
            rows = session.scalars(query.order_by(m.Action.id))
            actions = [_action(row) for row in rows]
        return sorted(actions, key=lambda a: (a.due_on is None, a.due_on or dt.date.max, a.id))

    def action_summary(self, organisation_id: int, today: dt.date | None = None) -> ActionSummary:
        today = today or dt.date.today()
        actions = self.actions(organisation_id)
        counts = {status: sum(a.status == status for a in actions) for status in ACTION_STATUSES}
        return ActionSummary(**counts, overdue=sum(a.overdue(today) for a in actions))


# --- Helpers: checks and conversions ----------------------------------------------------------


def _checked(value: str | None, what: str, limit: int) -> str:
    """Text stripped of surrounding spaces, refused if it is too long or holds a NUL."""
    value = (value or "").strip()
    problem = text_problem(value, limit)
    if problem:
        raise StoreError(f"{what} {problem}.")
    return value


def _required(value: str | None, message: str, what: str, limit: int) -> str:
    """Like `_checked`, and refused with `message` if empty."""
    value = _checked(value, what, limit)
    if not value:
        raise StoreError(message)
    return value


def _display_name(name: str | None) -> str | None:
    return _checked(name, "Your name", NAME_MAX) or None


def _name_taken(name: str | None) -> str | None:
    if name is None:
        return None
    return (
        f"Someone answering in this round has already given the name '{name}'. Add an "
        "initial or a surname, or leave the name out."
    )


def _names_taken_message(people: Mapping[str, object], taken: Collection[str] | None = None) -> str:
    """What to say when an import's names are in the round already (by another import)."""
    if taken is None:
        return (
            "Some of these people were added to the round by someone else at the same moment; "
            "nothing was imported. Look at the round, then try again."
        )
    listed = ", ".join(f"'{name}'" for name in list(taken)[:NAMES_LISTED])
    more = len(taken) - NAMES_LISTED
    if more > 0:
        listed += f" and {more} more"
    return (
        f"The round already has answers from {len(taken)} of the people in this file "
        f"({listed}), so nothing was imported: the file may have been imported already."
    )


def _get(session: Session, model: type, key: int, noun: str) -> Any:
    _check_id(key, noun)
    row = session.get(model, key)
    if row is None:
        raise NotFound(f"There is no {noun} with id {key}.")
    return row


def _locked_round(session: Session, round_id: int) -> m.Round:
    """The round, locked against another import (not against answering) until commit.

    On SQLite the write transaction began immediately, so writers already queue.
    """
    _check_id(round_id, "round")
    query = select(m.Round).where(m.Round.id == round_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(key_share=True)  # FOR NO KEY UPDATE
    row = session.scalar(query)
    if row is None:
        raise NotFound(f"There is no round with id {round_id}.")
    return row


def _locked_workshop(session: Session, workshop_id: int) -> m.Workshop:
    _check_id(workshop_id, "workshop")
    query = select(m.Workshop).where(m.Workshop.id == workshop_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None:
        raise NotFound(f"There is no workshop with id {workshop_id}.")
    return row


def _locked_respondent(session: Session, respondent_id: int) -> m.Respondent:
    _check_id(respondent_id, "respondent")
    query = (
        select(m.Respondent)
        .where(m.Respondent.id == respondent_id)
        .options(defaultload(m.Respondent.round).options(*_NO_SNAPSHOTS))
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None:
        raise NotFound(f"There is no respondent with id {respondent_id}.")
    return row


def _locked_draft(session: Session, respondent_id: int) -> Any:
    """A draft respondent's round, for writing answers, in one query (no model objects: an
    autosave is the commonest write): the respondent's row locked on PostgreSQL. Refused
    once the answers are sent in or the round is closed."""
    _check_id(respondent_id, "respondent")
    query = (
        select(
            m.Respondent.id,
            m.Respondent.status,
            m.Round.id.label("round_id"),
            m.Round.status.label("round_status"),
            m.Round.title.label("round_title"),
            m.Round.framework_id,
            m.Round.framework_version,
        )
        .join(m.Round, m.Round.id == m.Respondent.round_id)
        .where(m.Respondent.id == respondent_id)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=m.Respondent)
    draft = session.execute(query).one_or_none()
    if draft is None:
        raise NotFound(f"There is no respondent with id {respondent_id}.")
    _check_draft(draft)
    _check_round_open(draft.round_status, draft.round_title)
    return draft


def _answers(session: Session, respondent_id: int) -> dict[str, SavedAnswer]:
    rows = session.scalars(
        select(m.Answer).where(m.Answer.respondent_id == respondent_id).order_by(m.Answer.id)
    )
    return {row.statement_id: _saved_answer(row) for row in rows}


def _check_id(key: int, noun: str) -> None:
    """An id no database row can have (past the database's integers) names nothing."""
    if isinstance(key, bool) or not isinstance(key, int) or not 1 <= key <= BIGGEST_ID:
        raise NotFound(f"There is no {noun} with id {key}.")


def _check_draft(row: Any) -> None:
    """`row`: a respondent, or a row with its `status`."""
    if row.status == "submitted":
        raise AlreadySubmitted(
            "These answers have already been sent in, so they cannot be changed here."
        )


def _check_open(round_row: m.Round) -> None:
    _check_round_open(round_row.status, round_row.title)


def _check_round_open(status: str, title: str) -> None:
    if status != "open":
        raise StoreError(
            f"The round '{title}' is closed, so it takes no more answers. "
            "Ask the person running it to reopen it."
        )


def _perspectives(round_row: m.Round) -> tuple[Perspective, ...]:
    return tuple(Perspective.model_validate(p) for p in round_row.perspectives_snapshot)


def _check_perspective(round_row: m.Round, perspective: str) -> None:
    known = [p["id"] for p in round_row.perspectives_snapshot]
    if perspective not in known:
        raise StoreError(f"'{perspective}' is not a perspective; use one of {', '.join(known)}.")


def _check_statement(framework: Framework, statement_id: str) -> None:
    if statement_id not in framework.statement_theme:
        raise StoreError(f"There is no statement '{statement_id}' in '{framework.title}'.")


def _check_answer(framework: Framework, statement_id: str, answer: str) -> None:
    _check_statement(framework, statement_id)
    if answer not in (*framework.ladder.rung_ids, UNSURE, NOT_APPLICABLE):
        raise StoreError(
            f"'{answer}' is not an answer; use a rung of the ladder "
            f"({', '.join(framework.ladder.rung_ids)}), '{UNSURE}' or '{NOT_APPLICABLE}'."
        )


def _draft_framework(session: Session, draft: Any, given: Framework | None) -> Framework:
    """The draft's round's framework: the checked one given, if it is the round's, else the
    round's snapshot (read and checked now)."""
    if (
        given is not None
        and given.id == draft.framework_id
        and given.version == draft.framework_version
    ):
        return given
    snapshot = session.scalar(
        select(m.Round.framework_snapshot).where(m.Round.id == draft.round_id)
    )
    return framework_from_snapshot(snapshot)


def _write_answers(
    session: Session,
    draft: Any,
    answers: Mapping[str, tuple[str | None, str]],
    framework: Framework | None = None,
) -> list[SavedAnswer]:
    """Write a draft's answers (`draft` from `_locked_draft`) and stamp the respondent."""
    framework = _draft_framework(session, draft, framework)
    stamp = now()
    saved: list[SavedAnswer] = []
    # Plain SQL on the transaction's connection: no model objects on the commonest write.
    connection, table = session.connection(), m.Answer.__table__
    for statement_id, (answer, note) in answers.items():
        if answer is None:
            _check_statement(framework, statement_id)
            connection.execute(
                delete(table).where(
                    table.c.respondent_id == draft.id, table.c.statement_id == statement_id
                )
            )
            continue
        _check_answer(framework, statement_id, answer)
        values = {
            "respondent_id": draft.id,
            "statement_id": statement_id,
            "answer": answer,
            "note": _checked(note, "The note", TEXT_MAX),
            "updated_at": stamp,
        }
        insert = _insert(session)(table).values(**values)
        connection.execute(
            insert.on_conflict_do_update(
                index_elements=["respondent_id", "statement_id"],
                set_={k: values[k] for k in ("answer", "note", "updated_at")},
            )
        )
        saved.append(SavedAnswer(statement_id, answer, values["note"], stamp))
    respondents = m.Respondent.__table__
    connection.execute(
        update(respondents).where(respondents.c.id == draft.id).values(updated_at=stamp)
    )
    return saved


def _insert_answers(session: Session, rows: list[dict[str, Any]]) -> None:
    """Many answers at once, in the transaction: COPY on PostgreSQL, batches elsewhere."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        columns = ("respondent_id", "statement_id", "answer", "note", "updated_at")
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY answer ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[column] for column in columns])
        return
    for start in range(0, len(rows), IMPORT_BATCH):
        connection.execute(insert(m.Answer.__table__), rows[start : start + IMPORT_BATCH])


def _insert(session: Session):
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def _check_action_status(status: str) -> None:
    if status not in ACTION_STATUSES:
        labels = ", ".join(f"'{s}' ({ACTION_STATUS_LABELS[s]})" for s in ACTION_STATUSES)
        raise StoreError(f"'{status}' is not an action status; use one of {labels}.")


def _check_action_target(
    session: Session,
    organisation_id: int,
    round_id: int | None,
    statement_id: str | None,
    theme_id: str | None,
) -> None:
    if round_id is None:
        if statement_id or theme_id:
            raise StoreError("Say which round a statement or theme comes from.")
        return
    round_row = _get(session, m.Round, round_id, "round")
    if round_row.organisation_id != organisation_id:
        raise StoreError("That round belongs to another organisation.")
    framework = framework_from_snapshot(round_row.framework_snapshot)
    if statement_id:
        _check_statement(framework, statement_id)
    if theme_id and theme_id not in [t.id for t in framework.themes]:
        raise StoreError(f"There is no theme '{theme_id}' in '{framework.title}'.")


def _respondent_counts(session: Session, round_ids: Iterable[int]) -> dict[tuple[int, str], int]:
    ids = list(round_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(m.Respondent.round_id, m.Respondent.status, func.count(m.Respondent.id))
        .where(m.Respondent.round_id.in_(ids))
        .group_by(m.Respondent.round_id, m.Respondent.status)
    )
    return {(round_id, status): count for round_id, status, count in rows}


def _organisation(row: m.Organisation) -> Organisation:
    return Organisation(row.id, row.name, row.created_at, row.minimum_group_size)


# A round's record without its snapshots (read only when they are needed: they are the
# biggest values in the database), its framework's title read from inside the snapshot.
_FRAMEWORK_TITLE = m.Round.framework_snapshot["title"].as_string()
_NO_SNAPSHOTS = (defer(m.Round.framework_snapshot), defer(m.Round.perspectives_snapshot))
_ROUND_ONLY = (joinedload(m.Round.organisation), *_NO_SNAPSHOTS)
# A round's respondents by status, counted in the query that reads the round.
_COUNT = {
    status: select(func.count(m.Respondent.id))
    .where(m.Respondent.round_id == m.Round.id, m.Respondent.status == status)
    .correlate(m.Round)
    .scalar_subquery()
    for status in ("submitted", "draft")
}


def _round(
    session: Session,
    row: m.Round,
    counts: dict[tuple[int, str], int] | None = None,
    framework_title: str | None = None,
) -> Round:
    """A round's record; `counts` of respondents by (round, status), or None to count them
    now, or {} to leave them uncounted (None). Its framework's title is read from the
    snapshot unless given."""
    counted = counts != {}
    if counts is None:
        counts = _respondent_counts(session, [row.id])
    return Round(
        id=row.id,
        organisation_id=row.organisation_id,
        organisation_name=row.organisation.name,
        minimum_group_size=row.organisation.minimum_group_size,
        title=row.title,
        framework_id=row.framework_id,
        framework_version=row.framework_version,
        framework_title=framework_title or row.framework_snapshot.get("title") or row.framework_id,
        status=row.status,
        opened_on=row.opened_on,
        closed_on=row.closed_on,
        created_at=row.created_at,
        submitted=counts.get((row.id, "submitted"), 0) if counted else None,
        drafts=counts.get((row.id, "draft"), 0) if counted else None,
    )


def _respondent(row: m.Respondent) -> Respondent:
    return Respondent(
        id=row.id,
        round_id=row.round_id,
        perspective=row.perspective,
        display_name=row.display_name,
        status=row.status,
        created_at=row.created_at,
        updated_at=row.updated_at,
        submitted_at=row.submitted_at,
        workshop_id=row.workshop_id,
    )


def _workshop(row: m.Workshop) -> Workshop:
    return Workshop(
        id=row.id,
        round_id=row.round_id,
        code=row.join_code,
        state=row.state,
        mode=row.mode,
        current_statement=row.current_statement,
        statements=tuple(row.statements) if row.statements is not None else None,
        minimum_group_size=row.minimum_group_size,
        created_at=row.created_at,
    )


def _saved_answer(row: m.Answer) -> SavedAnswer:
    return SavedAnswer(row.statement_id, row.answer, row.note, row.updated_at)


def _agreed(row: m.AgreedRung) -> AgreedRung:
    return AgreedRung(row.statement_id, row.rung, row.reason, row.decided_by, row.decided_at)


def _action(row: m.Action) -> Action:
    return Action(
        id=row.id,
        organisation_id=row.organisation_id,
        round_id=row.round_id,
        statement_id=row.statement_id,
        theme_id=row.theme_id,
        text=row.text,
        owner=row.owner,
        due_on=row.due_on,
        status=row.status,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
