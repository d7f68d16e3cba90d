"""What a workshop shows: the room's picture of one statement, as far as the minimum group
rule allows, and where a participant is.

The picture moves in steps of the minimum group size. Watched between two refreshes, a
picture that changed by one person's answer would show that answer, so while a statement is
being answered the picture is drawn from the answers of the first people to answer, as they
stood when their number last reached a step (3, 6, 9, ... for a minimum of 3), and is held
until the minimum number of people more have answered; a changed answer shows at the next
step too. The counts (joined, answered) stay live. The facilitator may show every answer at
once (`show_all`), a deliberate act, once the minimum have answered. The two sides of the
lived-experience gap move in steps of their own: each is redrawn only when it has the minimum
number of answers more. What was drawn is held by the app server that draws the
facilitator's screen (`HeldPictures`), never in a participant's session.
"""

from __future__ import annotations

import os
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass

from toolkit.framework import NOT_APPLICABLE, UNSURE, Framework, Perspective
from toolkit.scoring import Answer, Responses, score
from toolkit.store import Workshop

JOINS_PER_ADDRESS = 5
"""New participants one client address may add to one workshop, over the whole workshop,
unless TOOLKIT_JOINS_PER_ADDRESS says otherwise (0: no limit). Enough for a tablet passed
round at a drop-in; not enough for one phone to fill the room. An address the server cannot
tell ("unknown": this computer itself) is not limited."""


def joins_per_address() -> int:
    """The limit in force: TOOLKIT_JOINS_PER_ADDRESS if it is a whole number 0 or more (0: no
    limit, for phones that reach a hosted app through one shared address, such as a venue's
    Wi-Fi), else JOINS_PER_ADDRESS."""
    value = os.environ.get("TOOLKIT_JOINS_PER_ADDRESS", "").strip()
    return int(value) if value.isdigit() else JOINS_PER_ADDRESS


HELD_PICTURES = 1024  # statements' pictures one app server keeps (the oldest go first)

LIVED_LABEL = "People who draw on care and support, and carers"
OTHERS_LABEL = "Staff and others"

Given = tuple[str, str]  # (perspective, answer): one person's answer to a statement


@dataclass(frozen=True)
class Side:
    """How a group of the room placed a statement: people, how many chose each answer
    (every rung, then not sure and doesn't apply, in that order), and (for everyone) the
    spread."""

    label: str
    people: int
    counts: tuple[tuple[str, int], ...]
    spread: float | None = None


@dataclass(frozen=True)
class Held:
    """What was last drawn of one statement: the answers of the first people to answer, first
    given first, as they stood when drawn (`everyone`), and the answers the two sides were
    last drawn from (`sides`, empty if they never were)."""

    everyone: tuple[Given, ...] = ()
    sides: tuple[Given, ...] = ()


@dataclass(frozen=True)
class Picture:
    """The room on one statement. `everyone` is None until the minimum have answered; the
    two sides are shown only when each has the minimum (one side beside everyone would give
    the other away). `joined` and `answered` are live; the rest is drawn from the first
    `shown` answers (the sides from the first `sides_shown`)."""

    statement_id: str
    joined: int
    answered: int
    minimum: int
    everyone: Side | None
    lived: Side | None
    others: Side | None
    shown: int = 0
    sides_shown: int = 0
    redrawn_at: int = 0
    """How many answers draw the picture again (or first)."""

    @property
    def may_show_all(self) -> bool:
        """Whether every answer may be shown now (the minimum have answered)."""
        return self.answered >= self.minimum


def statements_of(workshop: Workshop, framework: Framework) -> tuple[str, ...]:
    """The statement ids a workshop asks about, in order."""
    return workshop.statements or tuple(s.id for s in framework.statements)


def is_paced(workshop: Workshop) -> bool:
    """Everyone answers the statement the facilitator is on ("statement" is the old name)."""
    return workshop.mode in ("paced", "statement")


# --- The step rule -------------------------------------------------------------------------


def _split(answers: Sequence[Given], lived: Collection[str]) -> tuple[int, int]:
    """(lived-experience answers, the others')."""
    mine = sum(1 for perspective, _ in answers if perspective in lived)
    return mine, len(answers) - mine


def step(
    held: Held,
    answers: Sequence[Given],
    minimum: int,
    lived: Collection[str],
    *,
    show_all: bool = False,
) -> Held:
    """What to draw now, from what was drawn (`held`) and the answers as they are (first
    given first).

    Nothing is drawn before `minimum` have answered. After that the picture is redrawn only
    when `minimum` more people have answered than it shows, from the first answers up to the
    last whole step, as they are then; until then it stays as it was, whatever changed.
    `show_all` draws every answer now (once the minimum have answered). A minimum of 1 is no
    group at all: every answer shows as it is. The two sides are redrawn with everyone only
    if each then has the minimum and, if they were drawn before, the minimum more than then.
    """
    if minimum <= 1:
        mine, theirs = _split(answers, lived)
        return Held(tuple(answers), tuple(answers) if mine and theirs else ())
    # What was drawn under a smaller minimum is not shown now (`picture`), but the room saw
    # it: the next step is still the minimum more than that.
    shown, now = len(held.everyone), len(answers)
    if show_all and now >= minimum:
        take = now
    elif now >= shown + minimum:
        take = shown + (now - shown) // minimum * minimum
    else:
        return held
    everyone = tuple(answers[:take])
    mine, theirs = _split(everyone, lived)
    sides = held.sides
    if mine >= minimum and theirs >= minimum:
        before_mine, before_theirs = _split(held.sides, lived)
        if not held.sides or (mine - before_mine >= minimum and theirs - before_theirs >= minimum):
            sides = everyone
    return Held(everyone, sides)


class HeldPictures:
    """What one app server last drew of each workshop statement, shared by every session on
    it (a facilitator's reload or second tab draws the same picture). Thread-safe; the oldest
    are dropped first."""

    def __init__(self, size: int = HELD_PICTURES) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Held] = OrderedDict()
        self._lock = threading.Lock()

    def update(self, key: Hashable, change: Callable[[Held], Held]) -> Held:
        """Hold what `change` makes of what is held (nothing yet: an empty `Held`). One
        change at a time: two refreshes at once cannot each draw a step of their own."""
        with self._lock:
            held = change(self._items.get(key, Held()))
            self._items[key] = held
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return held


# --- The picture ---------------------------------------------------------------------------


def picture(
    workshop: Workshop,
    minimum: int,
    framework: Framework,
    perspectives: tuple[Perspective, ...],
    statement_id: str,
    joined: int,
    answers: list[Given],
    held: HeldPictures,
    *,
    show_all: bool = False,
) -> Picture:
    """The room's picture of a statement from its answers, (perspective, answer) each, first
    given first, with no group of fewer than `minimum` people shown, moving in steps from what
    this server drew before (`held`; see `step`)."""
    lived_ids = {p.id for p in perspectives if p.lived_experience}
    drawn = held.update(
        (workshop.id, statement_id),
        lambda before: step(before, answers, minimum, lived_ids, show_all=show_all),
    )
    choices = [*framework.ladder.rung_ids, UNSURE, NOT_APPLICABLE]

    def side(label: str, given: list[Given], spread: bool = False) -> Side:
        counted = Counter(answer for _, answer in given)
        return Side(
            label,
            len(given),
            tuple((c, counted.get(c, 0)) for c in choices),
            _spread(framework, perspectives, statement_id, given) if spread else None,
        )

    everyone = list(drawn.everyone) if len(drawn.everyone) >= minimum else []
    lived = [given for given in drawn.sides if given[0] in lived_ids]
    others = [given for given in drawn.sides if given[0] not in lived_ids]
    both = bool(everyone) and len(lived) >= minimum and len(others) >= minimum
    return Picture(
        statement_id=statement_id,
        joined=joined,
        answered=len(answers),
        minimum=minimum,
        everyone=side("Everyone", everyone, spread=True) if everyone else None,
        lived=side(LIVED_LABEL, lived) if both else None,
        others=side(OTHERS_LABEL, others) if both else None,
        shown=len(everyone),
        sides_shown=len(drawn.sides) if both else 0,
        redrawn_at=len(drawn.everyone) + minimum,
    )


def _spread(
    framework: Framework,
    perspectives: tuple[Perspective, ...],
    statement_id: str,
    given: list[Given],
) -> float | None:
    """The spread of these answers, by the one scoring definition."""
    known = {p.id for p in perspectives}
    answers = [
        Answer(str(number), perspective, statement_id, answer)
        for number, (perspective, answer) in enumerate(given)
        if perspective in known
    ]
    responses = Responses.from_answers(framework, perspectives, answers)
    scores = score(framework, perspectives, responses)
    return next((s.spread for s in scores.statements if s.id == statement_id), None)
