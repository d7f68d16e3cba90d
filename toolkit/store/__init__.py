"""Storage: organisations, rounds, answers, agreed rungs, actions and workshops.

The only code that touches the database. Everything else goes through `Store`.
"""

from toolkit.store.database import DatabaseBusy, DatabaseUnavailable, database_url
from toolkit.store.records import (
    ACTION_STATUS_LABELS,
    ACTION_STATUSES,
    Action,
    ActionSummary,
    AgreedRung,
    AlreadySubmitted,
    AuditEvent,
    Membership,
    Note,
    NotFound,
    Organisation,
    Respondent,
    Revision,
    Round,
    RoundClosed,
    SavedAnswer,
    StoreError,
    UserAccount,
    Workshop,
)
from toolkit.store.store import Store

__all__ = [
    "ACTION_STATUSES",
    "ACTION_STATUS_LABELS",
    "Action",
    "ActionSummary",
    "AgreedRung",
    "AlreadySubmitted",
    "AuditEvent",
    "DatabaseBusy",
    "DatabaseUnavailable",
    "Membership",
    "Note",
    "NotFound",
    "Organisation",
    "Respondent",
    "Round",
    "RoundClosed",
    "Revision",
    "SavedAnswer",
    "Store",
    "StoreError",
    "UserAccount",
    "Workshop",
    "database_url",
]
