"""What each role may do: one table, and one check every service method calls.

| role | may |
| --- | --- |
| admin | everything: organisations, users, frameworks, every organisation's data, the audit trail |
| lead (of an organisation) | its rounds (start, close, reopen, rename), invitation links,
  agreed rungs, actions, reports, workshops, its audit trail |
| facilitator (of an organisation) | run its workshops; record agreed rungs; read its results |
| board viewer (of an organisation) | read its results, progress and actions; nothing else |

Something that is not the actor's to see answers exactly as something that does not exist
(NotFound); something they may see but not do is refused with NotAllowed, in plain words.
"""

from __future__ import annotations

from enum import StrEnum

from toolkit.store import StoreError
from toolkit.store.records import ROLE_LABELS

from .actors import Actor, Operator, SignedIn


class Can(StrEnum):
    """Things an actor may be allowed to do; the value says it in words."""

    READ_RESULTS = "read its results"
    READ_PROGRESS = "read its progress over rounds"
    READ_ACTIONS = "read its actions"
    CHANGE_ACTIONS = "add, change or delete its actions"
    RUN_ROUNDS = "start, close, reopen or rename its rounds"
    INVITE = "make or replace its rounds' invitation links"
    AGREE = "record the rung a group agreed"
    RUN_WORKSHOPS = "run its workshops"
    READ_AUDIT = "read its audit trail"
    ANSWER = "answer its rounds"
    SET_GROUP_SIZE = "change its minimum group size"
    READ_FRAMEWORKS = "read the frameworks"
    MANAGE_ORGANISATIONS = "add organisations"
    MANAGE_USERS = "add, change or disable accounts"
    MANAGE_FRAMEWORKS = "add frameworks"


ADMIN_ONLY = frozenset({Can.MANAGE_ORGANISATIONS, Can.MANAGE_USERS, Can.MANAGE_FRAMEWORKS})

PERMISSIONS: dict[str, frozenset[Can]] = {
    "admin": frozenset(Can),
    "lead": frozenset(
        {
            Can.READ_RESULTS,
            Can.READ_PROGRESS,
            Can.READ_ACTIONS,
            Can.CHANGE_ACTIONS,
            Can.RUN_ROUNDS,
            Can.INVITE,
            Can.AGREE,
            Can.RUN_WORKSHOPS,
            Can.READ_AUDIT,
            Can.ANSWER,
            Can.SET_GROUP_SIZE,
            Can.READ_FRAMEWORKS,
        }
    ),
    "facilitator": frozenset({Can.RUN_WORKSHOPS, Can.AGREE, Can.READ_RESULTS, Can.ANSWER}),
    "board_viewer": frozenset({Can.READ_RESULTS, Can.READ_PROGRESS, Can.READ_ACTIONS}),
}


class NotAllowed(StoreError):
    """The actor may see this, but not do it; the message says so in plain words."""


def role(actor: Actor, organisation_id: int | None) -> str | None:
    """The actor's role in an organisation ('admin' for an admin or the operator), or None."""
    if isinstance(actor, Operator):
        return "admin"
    if not isinstance(actor, SignedIn):
        return None
    if actor.user.is_admin:
        return "admin"
    if organisation_id is None:
        return None
    return actor.user.role_in(organisation_id)


def may(actor: Actor, can: Can, organisation_id: int | None = None) -> bool:
    """Whether the actor may do this (in this organisation)."""
    held = role(actor, organisation_id)
    return held is not None and can in PERMISSIONS[held]


def sees(actor: Actor, organisation_id: int) -> bool:
    """Whether the organisation is the actor's to see at all."""
    return role(actor, organisation_id) is not None


def check(actor: Actor, can: Can, organisation_id: int | None = None) -> None:
    """Refuse, in plain words, what the actor may not do (in this organisation)."""
    if may(actor, can, organisation_id):
        return
    held = role(actor, organisation_id)
    who = f"As {ROLE_LABELS[held].lower()}, you" if held else "You"
    raise NotAllowed(
        f"{who} cannot {can.value}. Ask a lead of the organisation, or an admin, if you need to."
    )
