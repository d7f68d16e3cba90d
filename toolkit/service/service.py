"""The application layer: every read and write the app and the command line make, for an actor.

Pages and commands call `Service`; it checks what the actor may do (`permissions`), applies
the minimum group rule (`toolkit.privacy`), composes scores and comparisons from the store's
rows with the one scoring definition, keeps each round's checked framework so that a save
never checks it again, and writes the audit trail. The store below it only keeps data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from toolkit import privacy
from toolkit.framework import Framework, Perspective, framework_from_snapshot
from toolkit.limits import MAXIMUM_GROUP_SIZE
from toolkit.scoring import (
    Answer,
    Comparison,
    DifferentFrameworks,
    Responses,
    Scores,
    Tally,
    compare,
    scores_from_tally,
    tally,
)
from toolkit.store import (
    Action,
    ActionSummary,
    AgreedRung,
    AuditEvent,
    NotFound,
    Organisation,
    Respondent,
    Revision,
    Round,
    SavedAnswer,
    Store,
    StoreError,
    Workshop,
)

from . import accounts, answer_files, workshops
from .actors import Actor, Answering, Invited, SignedIn
from .cache import Kept
from .permissions import Can, NotAllowed, check, may, role, sees
from .questionnaire import Questionnaire
from .results import (
    EVERYONE,
    LivedSides,
    Results,
    RoundFigures,
    ShownNote,
    Whose,
    lived_sides,
    whose_choices,
)
from .workshops import Picture

CACHED_TALLIES = 256


JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Join codes are read off a projector: no 0/O or 1/I/L look-alikes (31 letters and digits)."""
JOIN_CODE_LENGTH = 8  # 31^8: about 8.5 × 10^11 codes
JOIN_CODE_TRIES = 5
JOIN_GUESSES = 10  # wrong codes from one tab or address within JOIN_LOCK before a pause
JOIN_LOCK = dt.timedelta(minutes=15)
JOIN_GUESSER = accounts.NOT_SIGN_INS  # wrong join codes, kept among sign-in attempts


def join_code(typed: str | None) -> str:
    """A join code as typed (any case, with spaces or hyphens between the characters) in
    the form it is kept in."""
    return "".join((typed or "").split()).replace("-", "").upper()


@dataclass(frozen=True)
class WorkshopStatus:
    """A workshop and how far it has gone: the people who joined and their answers to its
    statements (one a person a statement)."""

    workshop: Workshop
    participants: int
    answers: int


class Service(accounts.AccountsService, answer_files.AnswerFilesService):
    """Everything the toolkit does, for an actor, on one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._frameworks: Kept[Framework] = Kept(512)
        self._tallies: Kept[Tally] = Kept(CACHED_TALLIES)
        self._kept_perspectives: Kept[tuple[Perspective, ...]] = Kept(512)
        self._notes: Kept[list] = Kept(1024)
        self._scores: Kept[Scores] = Kept(1024)
        self._sides: Kept[LivedSides] = Kept(256)
        self._held = workshops.HeldPictures()  # what each workshop's picture last showed

    # --- Frameworks of rounds, checked once -----------------------------------------------

    def _framework(self, round_: Round) -> Framework:
        """A round's framework, checked once and kept: a snapshot never changes, so a round's
        id, framework and time of creation name it."""
        key = (round_.id, round_.framework_id, round_.framework_version, round_.created_at)
        return self._frameworks.get(
            key, lambda: framework_from_snapshot(self.store.framework_snapshot(round_.id))
        )

    # --- What an actor sees -------------------------------------------------------------------

    def organisations(self, actor: Actor) -> list[Organisation]:
        """The organisations the actor may see, oldest first (so a newcomer never leads)."""
        return sorted(
            (o for o in self.store.organisations() if sees(actor, o.id)),
            key=lambda o: (o.created_at, o.id),
        )

    def organisation(self, actor: Actor, organisation_id: int) -> Organisation:
        organisation = self.store.organisation(organisation_id)
        if not sees(actor, organisation.id):
            raise NotFound(f"There is no organisation with id {organisation_id}.")
        return organisation

    def rounds(
        self, actor: Actor, organisation: int | Organisation, *, counts: bool = True
    ) -> list[Round]:
        """An organisation's rounds, oldest first. Given an organisation this service handed
        out already (a page's chosen one), it is not read again, only checked. Without
        `counts`, their people are not counted (one query, quicker)."""
        if isinstance(organisation, Organisation):
            if not sees(actor, organisation.id):
                raise NotFound(f"There is no organisation with id {organisation.id}.")
            return self.store.rounds(organisation.id, counts=counts)
        return self.store.rounds(self.organisation(actor, organisation).id, counts=counts)

    def round(self, actor: Actor, round_id: int | Round, *, counts: bool = True) -> Round:
        """A round the actor may see: one of their organisations', or the one they answer.
        Without `counts`, its numbers of people are not counted (one query fewer). Given a
        round this service handed out already (a page's chosen round), it is not read again,
        only checked."""
        round_ = (
            round_id if isinstance(round_id, Round) else self.store.round(round_id, counts=counts)
        )
        round_id = round_.id
        if isinstance(actor, Invited | Answering):
            if actor.round_id != round_.id:
                raise NotFound(f"There is no round with id {round_id}.")
            return round_
        if not sees(actor, round_.organisation_id):
            raise NotFound(f"There is no round with id {round_id}.")
        return round_

    def round_framework(self, actor: Actor, round_id: int | Round) -> Framework:
        return self._framework(self.round(actor, round_id, counts=False))

    def round_perspectives(self, actor: Actor, round_id: int | Round) -> tuple[Perspective, ...]:
        return self._perspectives(self.round(actor, round_id, counts=False))

    def _perspectives(self, round_: Round) -> tuple[Perspective, ...]:
        """A round's perspectives, as its snapshot keeps them (which never changes)."""
        return self._kept_perspectives.get(
            (round_.id, round_.created_at), lambda: self.store.round_perspectives(round_.id)
        )

    def role(self, actor: Actor, organisation_id: int | None) -> str | None:
        return role(actor, organisation_id)

    def may(self, actor: Actor, can: Can, organisation_id: int | None = None) -> bool:
        return may(actor, can, organisation_id)

    # --- Setting up ---------------------------------------------------------------------------

    def create_organisation(self, actor: Actor, name: str) -> Organisation:
        check(actor, Can.MANAGE_ORGANISATIONS)
        organisation = self.store.create_organisation(name)
        self._audit(actor, "organisation added", organisation.name, organisation.id)
        return organisation

    def set_minimum_group_size(self, actor: Actor, organisation_id: int, size: int) -> Organisation:
        self.organisation(actor, organisation_id)
        check(actor, Can.SET_GROUP_SIZE, organisation_id)
        organisation = self.store.set_minimum_group_size(organisation_id, size)
        self._audit(actor, "minimum group size set", str(size), organisation_id)
        return organisation

    def frameworks(self, actor: Actor) -> list[Framework]:
        check(actor, Can.READ_FRAMEWORKS, self._any_organisation(actor, Can.READ_FRAMEWORKS))
        return self.store.frameworks()

    def add_framework(self, actor: Actor, framework: Framework, source_text: str) -> Framework:
        check(actor, Can.MANAGE_FRAMEWORKS)
        added = self.store.add_framework(framework, source_text)
        self._audit(actor, "framework added", f"{framework.title} ({framework.version})")
        return added

    def create_round(
        self,
        actor: Actor,
        organisation_id: int,
        framework: Framework,
        title: str,
        *,
        opened_on: dt.date | None = None,
    ) -> Round:
        self.organisation(actor, organisation_id)
        check(actor, Can.RUN_ROUNDS, organisation_id)
        round_ = self.store.create_round(organisation_id, framework, title, opened_on=opened_on)
        self._audit(actor, "round started", round_.title, organisation_id)
        return round_

    def set_round_status(self, actor: Actor, round_id: int, status: str) -> Round:
        round_ = self.round(actor, round_id)
        check(actor, Can.RUN_ROUNDS, round_.organisation_id)
        changed = self.store.set_round_status(round_id, status)
        done = "round closed" if status == "closed" else "round reopened"
        self._audit(actor, done, round_.title, round_.organisation_id)
        return changed

    def rename_round(self, actor: Actor, round_id: int, title: str) -> Round:
        round_ = self.round(actor, round_id)
        check(actor, Can.RUN_ROUNDS, round_.organisation_id)
        renamed = self.store.rename_round(round_id, title)
        self._audit(
            actor, "round renamed", f"{round_.title} → {renamed.title}", round_.organisation_id
        )
        return renamed

    # --- Workshops -----------------------------------------------------------------------------

    def start_workshop(
        self,
        actor: Actor,
        round_id: int,
        *,
        mode: str = "paced",
        minimum_group_size: int | None = None,
        statements: Sequence[str] | None = None,
    ) -> Workshop:
        """A workshop on an open round, answering at once, with a new join code. Paced, it
        starts on its first statement. Its minimum group size is the organisation's unless a
        larger one is given: no workshop shows a smaller group than Results would."""
        round_ = self.round(actor, round_id, counts=False)
        check(actor, Can.RUN_WORKSHOPS, round_.organisation_id)
        if mode not in ("paced", "self-paced"):
            raise StoreError(f"'{mode}' is not a workshop mode; use paced or self-paced.")
        framework = self._framework(round_)
        chosen = [s.strip() for s in statements or () if s.strip()] or None
        unknown = [s for s in chosen or () if s not in framework.statement_theme]
        if unknown:
            raise StoreError(
                f"{', '.join(repr(s) for s in unknown)} "
                f"{'is not a statement' if len(unknown) == 1 else 'are not statements'} of "
                f"{framework.title}; its statements run from {framework.statements[0].id} to "
                f"{framework.statements[-1].id}."
            )
        if chosen is not None and len(set(chosen)) < len(chosen):
            raise StoreError("A statement is named twice: name each statement once.")
        least = round_.minimum_group_size
        minimum = least if minimum_group_size is None else minimum_group_size
        if not least <= minimum <= MAXIMUM_GROUP_SIZE:
            raise StoreError(
                f"The minimum group size must be at least {least} (the organisation's) and at "
                f"most {MAXIMUM_GROUP_SIZE}; {minimum} is not."
            )
        order = chosen or [s.id for s in framework.statements]
        for _ in range(JOIN_CODE_TRIES):
            code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
            try:
                workshop = self.store.create_workshop(
                    round_.id,
                    code,
                    mode=mode,
                    minimum_group_size=minimum,
                    statements=chosen,
                    current_statement=order[0] if mode == "paced" else None,
                )
            except StoreError as error:
                if "already in use" in str(error):
                    continue  # a code someone has: make another
                raise
            self._audit(
                actor, "workshop started", f"{round_.title} ({code})", round_.organisation_id
            )
            return workshop
        raise StoreError("Could not make a join code that is not in use; try again.")

    def workshop(self, actor: Actor, code: str) -> Workshop:
        """A workshop by its join code, for someone who may run the round's workshops; the
        code of a workshop they may not see answers as one that does not exist."""
        return self._run_workshop(actor, code)[0]

    def _run_workshop(self, actor: Actor, code: str) -> tuple[Workshop, Round]:
        """`workshop`, with the round it is on (read once, for the check)."""
        code = join_code(code)
        missing = NotFound(f"There is no workshop with the code {code[:20]}.")
        if not code or len(code) > 20:
            raise missing
        try:
            workshop = self.store.workshop(code)
            round_ = self.round(actor, workshop.round_id, counts=False)
        except NotFound:
            raise missing from None
        check(actor, Can.RUN_WORKSHOPS, round_.organisation_id)
        return workshop, round_

    def workshops(self, actor: Actor, round_id: int | Round) -> list[Workshop]:
        """A round's workshops, newest first, for someone who may run them."""
        round_ = self.round(actor, round_id, counts=False)
        check(actor, Can.RUN_WORKSHOPS, round_.organisation_id)
        return self.store.workshops(round_.id)[::-1]

    def workshop_status(self, actor: Actor, code: str) -> WorkshopStatus:
        workshop = self.workshop(actor, code)
        participants, answers = self.store.workshop_counts(workshop.id)
        return WorkshopStatus(workshop, participants, answers)

    def move_workshop(self, actor: Actor, code: str, statement_id: str) -> Workshop:
        """Move a paced workshop to one of its statements (Next and Back)."""
        workshop, round_ = self._run_workshop(actor, code)
        if statement_id not in workshops.statements_of(workshop, self._framework(round_)):
            raise StoreError(f"'{statement_id}' is not one of this workshop's statements.")
        return self.store.set_workshop(workshop.id, current_statement=statement_id)

    def pause_workshop(self, actor: Actor, code: str, paused: bool) -> Workshop:
        """Pause a workshop (answers wait) or carry it on."""
        workshop = self.workshop(actor, code)
        return self.store.set_workshop(workshop.id, state="paused" if paused else "answering")

    def workshop_picture(
        self, actor: Actor, code: str, statement_id: str, *, show_all: bool = False
    ) -> Picture:
        """The room's picture of one statement, for whoever runs the workshop: it moves in
        steps of the minimum group size, or shows every answer now with `show_all`
        (`workshops.step`)."""
        workshop, round_ = self._run_workshop(actor, code)
        joined, _ = self.store.workshop_counts(workshop.id)
        return workshops.picture(
            workshop,
            max(workshop.minimum_group_size, round_.minimum_group_size),
            self._framework(round_),
            self._perspectives(round_),
            statement_id,
            joined,
            self.store.workshop_answers(workshop.id, statement_id),
            self._held,
            show_all=show_all,
        )

    def open_workshop(self, code: str, client: str, tab: str) -> Workshop:
        """The workshop a join code opens, for anyone (no account needed). Wrong codes are
        counted for the browser tab and for the address they come from: after JOIN_GUESSES
        of either within 15 minutes, joining is refused there for 15 minutes, so that codes
        cannot be guessed."""
        code = join_code(code)
        if not code:
            raise NotFound("Type the code shown on the screen.")
        since = dt.datetime.now(dt.UTC) - JOIN_LOCK
        # An address the server cannot tell ("unknown": a proxy on this machine, say) is
        # everyone's: only the tab is counted then.
        here = (
            self.store.failed_sign_ins(since, email=JOIN_GUESSER, client_address=client)
            if client != "unknown"
            else []
        )
        in_tab = self.store.failed_sign_ins(since, email=f"{JOIN_GUESSER}:{tab}"[:200])
        if max(len(here), len(in_tab)) >= JOIN_GUESSES:
            raise NotAllowed(
                "Too many codes that do not match a workshop have been tried here, so joining "
                "is stopped for 15 minutes. Check the code on the screen, then try again later."
            )
        try:
            if len(code) > 20:
                raise NotFound(code)
            workshop = self.store.workshop(code)
        except NotFound:
            self.store.record_sign_in(JOIN_GUESSER, client, succeeded=False)
            self.store.record_sign_in(f"{JOIN_GUESSER}:{tab}"[:200], client, succeeded=False)
            raise NotFound(
                "There is no workshop with that code. Check the code on the screen and try again."
            ) from None
        round_ = self.store.round(workshop.round_id, counts=False)
        if workshop.is_closed or not round_.is_open:  # nothing here names the round
            raise StoreError("This workshop has closed. Thank you for taking part.")
        return workshop

    def join_workshop(
        self,
        workshop: Workshop,
        perspective: str,
        display_name: str | None = None,
        *,
        client: str = "unknown",
    ) -> tuple[Answering, str]:
        """Join a workshop (one `open_workshop` gave): the participant, and the token of
        their own link. One client address adds at most JOINS_PER_ADDRESS people to a
        workshop ("unknown", this computer itself, is not limited). A join is counted before
        it is made, so that joins at the same moment cannot pass the limit together; only a
        hash of the address is kept."""
        limit = workshops.joins_per_address()
        if client != "unknown" and limit:
            # Kept among the sign-in attempts, like wrong codes: as a "failed" one, which is
            # what the store counts (the name, starting JOIN_GUESSER, says it is a join).
            joins = f"{JOIN_GUESSER} joined:{workshop.id}"
            address = hashlib.sha256(f"{workshop.code}:{client}".encode()).hexdigest()[:40]
            self.store.record_sign_in(joins, address, succeeded=False)
            since = workshop.created_at - dt.timedelta(seconds=1)
            joined = self.store.failed_sign_ins(since, email=joins, client_address=address)
            if len(joined) > limit:
                raise NotAllowed(
                    f"{limit} {'person has' if limit == 1 else 'people have'} already joined "
                    "this workshop from here "
                    "(this phone or tablet, or the network it is on), the most that one place "
                    "can add. If you joined before, carry on where you joined; otherwise, "
                    "please join on another phone."
                )
        person, token = self.store.join_workshop(workshop.id, perspective, display_name)
        return Answering(person.id, person.round_id, workshop.id), token

    def workshop_perspectives(self, workshop: Workshop) -> tuple[Perspective, ...]:
        """Who may join a workshop (one `open_workshop` gave): its round's perspectives."""
        round_ = self.store.round(workshop.round_id, counts=False)
        return self._perspectives(round_)

    def workshop_now(self, actor: Answering) -> Workshop:
        """Where a participant's workshop is now (its state and statement): one read."""
        person = self.store.respondent(_answering(actor).respondent_id)
        if person.workshop_id is None:
            raise NotAllowed("These answers were not given in a workshop.")
        return self.store.workshop_by_id(person.workshop_id)

    def participation(self, actor: Answering) -> tuple[Workshop, Questionnaire]:
        """A participant's workshop and questionnaire (refused for anyone who did not join
        one)."""
        questionnaire = self.answering(actor)
        if questionnaire.person.workshop_id is None:
            raise NotAllowed("These answers were not given in a workshop.")
        workshop = self.store.workshop_by_id(questionnaire.person.workshop_id)
        return workshop, questionnaire

    def close_workshop(self, actor: Actor, code: str) -> WorkshopStatus:
        """Close a workshop: every participant's answers are sent in, and count in the round."""
        workshop, round_ = self._run_workshop(actor, code)
        closed = self.store.set_workshop(workshop.id, state="closed")
        self._audit(
            actor, "workshop closed", f"{round_.title} ({closed.code})", round_.organisation_id
        )
        participants, answers = self.store.workshop_counts(closed.id)
        return WorkshopStatus(closed, participants, answers)

    # --- Invitation links ---------------------------------------------------------------------

    def invitation(self, actor: Actor, round_id: int) -> str:
        """The round's invitation token (made the first time it is asked for)."""
        round_ = self.round(actor, round_id)
        check(actor, Can.INVITE, round_.organisation_id)
        token = self.store.invitation(round_id)
        if token is None:
            token = secrets.token_urlsafe(24)
            self.store.set_invitation(round_id, token)
            self._audit(actor, "invitation link made", round_.title, round_.organisation_id)
        return token

    def replace_invitation(self, actor: Actor, round_id: int) -> str:
        """A new invitation token for the round; the old link stops working."""
        round_ = self.round(actor, round_id)
        check(actor, Can.INVITE, round_.organisation_id)
        token = secrets.token_urlsafe(24)
        self.store.set_invitation(round_id, token)
        self._audit(actor, "invitation link replaced", round_.title, round_.organisation_id)
        return token

    def invited(self, token: str) -> Invited | None:
        """The actor an invitation token makes of whoever holds it, or None."""
        if not token or len(token) > 200:
            return None
        round_id = self.store.invited_round(token)
        return Invited(round_id) if round_id is not None else None

    # --- Answering ----------------------------------------------------------------------------

    def start_answering(
        self, actor: Actor, round_id: int, perspective: str, display_name: str | None = None
    ) -> tuple[Answering, str]:
        """Start someone answering a round: returns them as an actor, and their resume token."""
        round_ = self.round(actor, round_id)
        if not isinstance(actor, Invited):
            check(actor, Can.ANSWER, round_.organisation_id)
        respondent, token = self.store.start_respondent(round_id, perspective, display_name)
        return Answering(respondent.id, round_id), token

    def resume(self, token: str) -> Answering | None:
        """The actor a resume token makes of whoever holds it, or None."""
        if not token or len(token) > 200:
            return None
        respondent = self.store.resume(token)
        if respondent is None:
            return None
        return Answering(respondent.id, respondent.round_id, respondent.workshop_id)

    def respondent(self, actor: Answering) -> Respondent:
        return self.store.respondent(_answering(actor).respondent_id)

    def answers(self, actor: Answering) -> dict[str, SavedAnswer]:
        return self.store.answers(_answering(actor).respondent_id)

    def answering(self, actor: Answering) -> Questionnaire:
        """Who is answering, their round and its framework, and their answers so far: what
        the questionnaire shows, in one read."""
        return self._questionnaire(*self.store.answering(_answering(actor).respondent_id))

    def _questionnaire(
        self, person: Respondent, round_: Round, answers: dict[str, SavedAnswer]
    ) -> Questionnaire:
        perspective = next(
            (p for p in self._perspectives(round_) if p.id == person.perspective), None
        )
        return Questionnaire(person, round_, self._framework(round_), answers, perspective)

    def save_and_show(
        self,
        actor: Answering,
        shown: Questionnaire,
        statement_id: str,
        answer: str | None,
        note: str = "",
    ) -> Questionnaire:
        """Autosave one answer as `save_answer` does, and hand back `shown` (the person's
        questionnaire, as a page last showed it) with that answer in it: no read after a click.
        """
        actor = _answering(actor)
        if shown.person.id != actor.respondent_id:
            raise NotFound("These are not your answers.")
        saved = self.store.save_answer(
            actor.respondent_id, statement_id, answer, note, framework=shown.framework
        )
        return shown.with_answer(statement_id, saved)

    def save_answer(
        self,
        actor: Answering,
        statement_id: str,
        answer: str | None,
        note: str = "",
        *,
        round_: Round | None = None,
    ) -> SavedAnswer | None:
        """Autosave one answer. Given the round this service handed out for the person (the
        page's), its framework is not looked up again; the write still checks it is open."""
        actor = _answering(actor)
        if round_ is None or round_.id != actor.round_id:
            round_ = self.store.round(actor.round_id, counts=False)
        framework = self._framework(round_)
        return self.store.save_answer(
            actor.respondent_id, statement_id, answer, note, framework=framework
        )

    def submit(
        self, actor: Answering, answers: Mapping[str, tuple[str | None, str]] | None = None
    ) -> Respondent:
        actor = _answering(actor)
        framework = self._framework(self.store.round(actor.round_id, counts=False))
        return self.store.submit(actor.respondent_id, answers, framework=framework)

    def set_perspective(
        self, actor: Answering, perspective: str, display_name: str | None = None
    ) -> Respondent:
        return self.store.set_perspective(
            _answering(actor).respondent_id, perspective, display_name
        )

    def import_answers(
        self,
        actor: Actor,
        round_id: int,
        answers: Iterable[tuple[Answer, str]],
        *,
        allow_closed: bool = False,
    ) -> list[Respondent]:
        round_ = self.round(actor, round_id)
        check(actor, Can.RUN_ROUNDS, round_.organisation_id)
        created = self.store.import_answers(round_id, answers, allow_closed=allow_closed)
        self._audit(
            actor,
            "answers imported",
            f"{len(created)} people into {round_.title}",
            round_.organisation_id,
        )
        return created

    # --- Scores ---------------------------------------------------------------------------------

    def _tally(self, round_: Round, include_drafts: bool = False) -> Tally:
        return self._counted(round_, include_drafts)[2]

    def _counted(
        self, round_: Round, include_drafts: bool = False
    ) -> tuple[tuple, Revision, Tally]:
        """A round's answers counted once and kept until they change: the key they are kept
        by (which names them: anything drawn from them can be kept by it too), the round's
        revision stamp they were counted at, and the counts."""
        revision = self.store.revision(round_.id)

        def count() -> Tally:
            framework = self._framework(round_)
            perspectives = self.store.round_perspectives(round_.id)
            rows = self.store.answer_rows(round_.id, include_drafts=include_drafts)
            answers = (Answer(str(r[0]), r[1], r[2], r[3]) for r in rows)
            responses = Responses.from_answers(framework, perspectives, answers)
            return tally(framework, perspectives, responses)

        key = (round_.id, round_.created_at, revision, include_drafts)
        return key, revision, self._tallies.get(key, count)

    def scores(
        self,
        actor: Actor,
        round_id: int,
        only: Collection[str] | None = None,
        *,
        include_drafts: bool = False,
    ) -> Scores:
        """A round's figures over sent-in answers (or drafts too), for everyone or `only` some
        perspectives, with no regard to group sizes: for the operator and for checks. Pages
        use `results`, which applies the minimum group rule."""
        round_ = self.round(actor, round_id)
        check(actor, Can.READ_RESULTS, round_.organisation_id)
        return scores_from_tally(self._tally(round_, include_drafts), only)

    def compare(
        self, actor: Actor, before_id: int, after_id: int, only: Collection[str] | None = None
    ) -> Comparison:
        """Two rounds of one framework compared, with no regard to group sizes (the operator's
        and checks'); pages use `comparison`."""
        before, after = self.round(actor, before_id), self.round(actor, after_id)
        for round_ in (before, after):
            check(actor, Can.READ_PROGRESS, round_.organisation_id)
        try:
            return compare(self._tally(before), self._tally(after), only)
        except DifferentFrameworks as error:
            raise StoreError(str(error)) from None

    def whose_choices(self, actor: Actor, round_id: int) -> list[Whose]:
        return whose_choices(self.round_perspectives(actor, round_id))

    def results(self, actor: Actor, round_id: int | Round, whose: str = EVERYONE) -> Results:
        """A round's results for "whose answers", as far as the minimum group rule allows: with
        each statement's lived-experience side beside everyone else's where the group spans
        both sides (kept, like the figures, until the answers change)."""
        round_ = self.round(actor, round_id, counts=False)
        check(actor, Can.READ_RESULTS, round_.organisation_id)
        perspectives = self._perspectives(round_)
        minimum = round_.minimum_group_size
        choices = {w.key: w for w in whose_choices(perspectives)}
        chosen = choices.get(whose, choices[EVERYONE])
        revision, stamp, counted = self._counted(round_)

        def figures(only: tuple[str, ...] | None) -> Scores:
            return self._scores.get((revision, only), lambda: scores_from_tally(counted, only))

        everyone = figures(None)
        group = figures(chosen.perspective_ids)
        shown_everyone = privacy.shown(everyone.respondents, minimum)
        scores = group if shown_everyone and privacy.shown(group.respondents, minimum) else None
        lived_ids = [p.id for p in perspectives if p.lived_experience]
        other_ids = [p.id for p in perspectives if not p.lived_experience]
        if chosen.perspective_ids is not None:
            lived_ids = [i for i in lived_ids if i in chosen.perspective_ids]
            other_ids = [i for i in other_ids if i in chosen.perspective_ids]
        lived = figures(tuple(lived_ids)) if lived_ids else None
        others = figures(tuple(other_ids)) if other_ids else None
        both = (
            scores is not None
            and lived is not None
            and others is not None
            and privacy.shown(lived.respondents, minimum)
            and privacy.shown(others.respondents, minimum)
        )
        gap = privacy.gap(group, perspectives, minimum) if scores is not None else None
        sides = None
        if scores is not None and (chosen.perspective_ids is None or (lived_ids and other_ids)):
            framework = self._framework(round_)
            sides = self._sides.get(
                (revision, chosen.perspective_ids, minimum),
                lambda: lived_sides([s.id for s in framework.statements], lived, others, minimum),
            )
        return Results(
            revision=(*revision, chosen.key),
            drafts=stamp.drafts,
            round=round_,
            framework=self._framework(round_),
            perspectives=perspectives,
            minimum=minimum,
            whose=chosen,
            everyone=everyone,
            scores=scores,
            respondents=group.respondents,
            lived=lived if both else None,
            others=others if both else None,
            gap=gap,
            gap_hidden=scores is not None
            and gap is None
            and group.lived_experience_gap is not None,
            sides=sides,
        )

    def notes(self, actor: Actor, shown: Results, statement_id: str) -> list[ShownNote]:
        """The notes given with sent-in answers to a statement, by the group `shown` is for:
        none for a group below the minimum, and said to be a perspective's only if that
        perspective has the minimum or more. Kept until the round's answers change."""
        check(actor, Can.READ_RESULTS, shown.round.organisation_id)
        if shown.scores is None:
            return []
        named = privacy.attributable(shown.everyone, shown.minimum)
        chosen = shown.whose.perspective_ids

        def gather() -> list[ShownNote]:
            return [
                ShownNote(
                    note.statement_id,
                    note.perspective if note.perspective in named else None,
                    note.answer,
                    note.text,
                )
                for note in self.store.notes(shown.round.id, statement_id)
                if chosen is None or note.perspective in chosen
            ]

        return self._notes.get((shown.revision, shown.minimum, statement_id), gather)

    def agreed_rungs(self, actor: Actor, round_id: int | Round) -> dict[str, AgreedRung]:
        round_ = self.round(actor, round_id, counts=False)
        if not (
            may(actor, Can.READ_RESULTS, round_.organisation_id)
            or may(actor, Can.READ_PROGRESS, round_.organisation_id)
        ):
            check(actor, Can.READ_RESULTS, round_.organisation_id)
        return self.store.agreed_rungs(round_.id)

    def record_agreed_rung(
        self,
        actor: Actor,
        round_id: int,
        statement_id: str,
        rung: str,
        reason: str,
        decided_by: str = "",
        decided_at: dt.datetime | None = None,
    ) -> AgreedRung:
        round_ = self.round(actor, round_id)
        check(actor, Can.AGREE, round_.organisation_id)
        agreed = self.store.record_agreed_rung(
            round_id, statement_id, rung, reason, decided_by, decided_at
        )
        self._audit(
            actor,
            "agreed rung recorded",
            f"{round_.title}: {statement_id} at {rung}",
            round_.organisation_id,
        )
        return agreed

    # --- Progress over rounds -------------------------------------------------------------------

    def progress(self, actor: Actor, organisation_id: int) -> dict[str, list[RoundFigures]]:
        """Each framework's rounds, oldest first, with their scores where the minimum answered."""
        rounds = self.rounds(actor, organisation_id)
        check(actor, Can.READ_PROGRESS, organisation_id)
        minimum = self.store.organisation(organisation_id).minimum_group_size
        by_framework: dict[str, list[RoundFigures]] = {}
        for round_ in rounds:
            scores = scores_from_tally(self._tally(round_))
            shown = scores if privacy.shown(scores.respondents, minimum) else None
            by_framework.setdefault(round_.framework_id, []).append(
                RoundFigures(round_, shown, scores.respondents)
            )
        return by_framework

    def comparison(self, actor: Actor, before_id: int, after_id: int) -> Comparison:
        """Two rounds of the same framework compared (shared statements; the rest listed).
        Both must have the minimum group size of answers."""
        before, after = self.round(actor, before_id), self.round(actor, after_id)
        for round_ in (before, after):
            check(actor, Can.READ_PROGRESS, round_.organisation_id)
        minimum = after.minimum_group_size
        earlier, later = self._tally(before), self._tally(after)
        for round_, counted in ((before, earlier), (after, later)):
            if not privacy.shown(int(counted.respondents.sum()), minimum):
                raise StoreError(
                    f"Fewer than {minimum} people answered in {round_.title}, so it is not "
                    "compared with other rounds."
                )
        try:
            return compare(earlier, later)
        except DifferentFrameworks as error:
            raise StoreError(str(error)) from None

    # --- Actions --------------------------------------------------------------------------------

    def actions(
        self, actor: Actor, organisation_id: int, *, round_id: int | None = None
    ) -> list[Action]:
        self.organisation(actor, organisation_id)
        check(actor, Can.READ_ACTIONS, organisation_id)
        return self.store.actions(organisation_id, round_id=round_id)

    def action_summary(
        self, actor: Actor, organisation_id: int, today: dt.date | None = None
    ) -> ActionSummary:
        self.organisation(actor, organisation_id)
        check(actor, Can.READ_ACTIONS, organisation_id)
        return self.store.action_summary(organisation_id, today)

    def create_action(self, actor: Actor, organisation_id: int, text: str, **given) -> Action:
        self.organisation(actor, organisation_id)
        check(actor, Can.CHANGE_ACTIONS, organisation_id)
        action = self.store.create_action(organisation_id, text, **given)
        self._audit(actor, "action added", action.text, organisation_id)
        return action

    def _action(self, actor: Actor, action_id: int) -> Action:
        action = self.store.action(action_id)
        if not sees(actor, action.organisation_id):
            raise NotFound(f"There is no action with id {action_id}.")
        check(actor, Can.CHANGE_ACTIONS, action.organisation_id)
        return action

    def update_action(self, actor: Actor, action_id: int, **changes) -> Action:
        self._action(actor, action_id)
        action = self.store.update_action(action_id, **changes)
        self._audit(actor, "action changed", action.text, action.organisation_id)
        return action

    def delete_action(self, actor: Actor, action_id: int) -> None:
        action = self._action(actor, action_id)
        self.store.delete_action(action_id)
        self._audit(actor, "action deleted", action.text, action.organisation_id)

    # --- The audit trail ----------------------------------------------------------------------

    def events(self, actor: Actor, organisation_id: int | None = None) -> list[AuditEvent]:
        """An organisation's audit trail (leads and admins), or everything (admins)."""
        if organisation_id is None:
            check(actor, Can.MANAGE_USERS)  # the whole trail is the admins'
            return self.store.events()
        self.organisation(actor, organisation_id)
        check(actor, Can.READ_AUDIT, organisation_id)
        return self.store.events(organisation_id)

    def _audit(
        self, actor: Actor, action: str, subject: str = "", organisation_id: int | None = None
    ) -> None:
        self.store.record_event(actor.label, action, subject, organisation_id)

    def _any_organisation(self, actor: Actor, can: Can) -> int | None:
        """An organisation in which the actor may do this (None for an admin or nobody)."""
        if isinstance(actor, SignedIn) and not actor.user.is_admin:
            return next(
                (
                    m.organisation_id
                    for m in actor.user.memberships
                    if may(actor, can, m.organisation_id)
                ),
                None,
            )
        return None


def _answering(actor: Actor) -> Answering:
    if not isinstance(actor, Answering):
        raise NotAllowed("Only the person answering can see or change these answers.")
    return actor
