"""Who is asking. Every read and write in the service layer is done for an actor, and what an
actor may see and change follows from what it is."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.store import UserAccount


@dataclass(frozen=True)
class Operator:
    """The person at the command line: they hold the database itself, so they may do anything."""

    @property
    def label(self) -> str:
        return "operator (command line)"


@dataclass(frozen=True)
class Anonymous:
    """Someone who has not signed in and holds no link: they see what the toolkit is for."""

    @property
    def label(self) -> str:
        return "someone not signed in"


@dataclass(frozen=True)
class SignedIn:
    """Someone signed in to an account, with its roles."""

    user: UserAccount

    @property
    def label(self) -> str:
        return self.user.email


@dataclass(frozen=True)
class Invited:
    """Someone holding a round's invitation link: they may start answering that round."""

    round_id: int

    @property
    def label(self) -> str:
        return "someone with the round's invitation link"


@dataclass(frozen=True)
class Answering:
    """Someone answering a round (with their resume link): their own answers, nothing else."""

    respondent_id: int
    round_id: int
    workshop_id: int | None = None
    """The workshop they joined, if they answer in one (a workshop's participant stays in
    the workshop: the questions of the round are not theirs to open)."""

    @property
    def label(self) -> str:
        return "a respondent"


Actor = Operator | Anonymous | SignedIn | Invited | Answering
