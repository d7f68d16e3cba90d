"""What the storage API hands back: plain, frozen records, never live database objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ROUND_STATUSES = ("open", "closed")
RESPONDENT_STATUSES = ("draft", "submitted")
ACTION_STATUSES = ("planned", "in_progress", "done", "dropped")
ACTION_STATUS_LABELS = {
    "planned": "Planned",
    "in_progress": "In progress",
    "done": "Done",
    "dropped": "No longer needed",
}
WORKSHOP_STATES = ("waiting", "answering", "showing", "paused", "closed")
WORKSHOP_MODES = ("paced", "self-paced", "statement")
"""Paced: everyone answers the statement the facilitator is on. Self-paced: each person works
through the workshop's statements. ("statement" is an older name for paced.)"""


class StoreError(Exception):
    """A request the store cannot carry out; the message says why in plain words."""


class NotFound(StoreError):
    pass


class AlreadySubmitted(StoreError):
    pass


class RoundClosed(StoreError):
    """A closed round asked to take answers from a file without leave to."""


@dataclass(frozen=True)
class Workshop:
    """A live session on a round: people join with its code and answer together."""

    id: int
    round_id: int
    code: str
    state: str
    mode: str
    current_statement: str | None
    statements: tuple[str, ...] | None
    """The statement ids it asks about, in order; None for every statement of the round."""
    minimum_group_size: int
    created_at: dt.datetime

    @property
    def is_closed(self) -> bool:
        return self.state == "closed"


@dataclass(frozen=True)
class Organisation:
    id: int
    name: str
    created_at: dt.datetime
    minimum_group_size: int = 3
    """The smallest group whose answers are ever shown on their own."""


@dataclass(frozen=True)
class Round:
    id: int
    organisation_id: int
    organisation_name: str
    minimum_group_size: int
    title: str
    framework_id: str
    framework_version: str
    framework_title: str
    status: str
    opened_on: dt.date | None
    closed_on: dt.date | None
    created_at: dt.datetime
    submitted: int | None
    """People who sent their answers in (None when not counted)."""
    drafts: int | None
    """People who started and have not sent them in yet (None when not counted)."""

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class Respondent:
    id: int
    round_id: int
    perspective: str
    display_name: str | None
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    workshop_id: int | None = None
    """The workshop the person joined to answer, if they did."""

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"


@dataclass(frozen=True)
class Revision:
    """A stamp of a round's answers: it changes whenever they may have changed."""

    people: int
    """Everyone who started answering (sent in or not)."""
    changed: dt.datetime | None
    """When anyone's answers last changed."""
    sent_in: int

    @property
    def drafts(self) -> int:
        """People whose answers are not sent in yet."""
        return self.people - self.sent_in


@dataclass(frozen=True)
class SavedAnswer:
    statement_id: str
    answer: str
    note: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class Note:
    """Evidence or a comment someone gave with an answer (names stay out of it)."""

    statement_id: str
    perspective: str
    answer: str
    text: str


@dataclass(frozen=True)
class AgreedRung:
    statement_id: str
    rung: str
    reason: str
    decided_by: str
    decided_at: dt.datetime


@dataclass(frozen=True)
class Action:
    id: int
    organisation_id: int
    round_id: int | None
    statement_id: str | None
    theme_id: str | None
    text: str
    owner: str
    due_on: dt.date | None
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime

    def overdue(self, today: dt.date) -> bool:
        open_status = self.status in ("planned", "in_progress")
        return open_status and self.due_on is not None and self.due_on < today


@dataclass(frozen=True)
class ActionSummary:
    planned: int
    in_progress: int
    done: int
    dropped: int
    overdue: int


ROLES = ("lead", "facilitator", "board_viewer")
ROLE_LABELS = {
    "admin": "Admin",
    "lead": "Lead",
    "facilitator": "Facilitator",
    "board_viewer": "Board viewer",
}


@dataclass(frozen=True)
class Membership:
    organisation_id: int
    organisation_name: str
    role: str


@dataclass(frozen=True)
class UserAccount:
    """Someone who signs in, with their roles (never their password or its hash)."""

    id: int
    email: str
    is_admin: bool
    disabled: bool
    created_at: dt.datetime
    memberships: tuple[Membership, ...] = ()

    def role_in(self, organisation_id: int) -> str | None:
        """'admin' everywhere for an admin; otherwise their role in this organisation."""
        if self.is_admin:
            return "admin"
        return next(
            (m.role for m in self.memberships if m.organisation_id == organisation_id), None
        )


@dataclass(frozen=True)
class AuditEvent:
    at: dt.datetime
    actor: str
    organisation_id: int | None
    action: str
    subject: str
