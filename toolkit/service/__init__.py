"""The application layer between the store and the pages and commands: every read and write,
for an actor, with what each role may do checked in one place."""

from toolkit.service.accounts import SignInRefused
from toolkit.service.actors import Actor, Anonymous, Answering, Invited, Operator, SignedIn
from toolkit.service.permissions import PERMISSIONS, Can, NotAllowed
from toolkit.service.questionnaire import Questionnaire, Unanswered
from toolkit.service.results import EVERYONE, LIVED, ONE, OTHERS, Results, ShownNote, Whose
from toolkit.service.service import JOIN_ALPHABET, Service, WorkshopStatus

__all__ = [
    "EVERYONE",
    "JOIN_ALPHABET",
    "LIVED",
    "ONE",
    "OTHERS",
    "PERMISSIONS",
    "Actor",
    "Anonymous",
    "Answering",
    "Can",
    "Invited",
    "NotAllowed",
    "Operator",
    "Questionnaire",
    "Results",
    "Service",
    "ShownNote",
    "SignInRefused",
    "SignedIn",
    "Unanswered",
    "Whose",
    "WorkshopStatus",
]
