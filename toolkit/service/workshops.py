"""What a workshop shows: the room's picture of one statement, as far as the minimum group
rule allows, and where a participant is."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from toolkit.framework import NOT_APPLICABLE, UNSURE, Framework, Perspective
from toolkit.store import Workshop


@dataclass(frozen=True)
class Side:
    """How a group of the room placed a statement: people, and how many chose each answer
    (every rung, then not sure and doesn't apply, in that order)."""

    label: str
    people: int
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Picture:
    """The room on one statement. `everyone` is None until the minimum have answered; the
    two sides are shown only when each has the minimum (one side beside everyone would give
    the other away)."""

    statement_id: str
    joined: int
    answered: int
    minimum: int
    everyone: Side | None
    lived: Side | None
    others: Side | None


def statements_of(workshop: Workshop, framework: Framework) -> tuple[str, ...]:
    """The statement ids a workshop asks about, in order."""
    return workshop.statements or tuple(s.id for s in framework.statements)


def is_paced(workshop: Workshop) -> bool:
    """Everyone answers the statement the facilitator is on ("statement" is the old name)."""
    return workshop.mode in ("paced", "statement")


def picture(
    workshop: Workshop,
    minimum: int,
    framework: Framework,
    perspectives: tuple[Perspective, ...],
    statement_id: str,
    joined: int,
    answers: list[tuple[str, str]],
) -> Picture:
    """The room's picture of a statement from its answers, (perspective, answer) each, with
    no group of fewer than `minimum` people shown."""
    lived_ids = {p.id for p in perspectives if p.lived_experience}
    choices = [*framework.ladder.rung_ids, UNSURE, NOT_APPLICABLE]

    def side(label: str, given: list[str]) -> Side:
        counted = Counter(given)
        return Side(label, len(given), tuple((c, counted.get(c, 0)) for c in choices))

    everyone = [answer for _, answer in answers]
    lived = [answer for perspective, answer in answers if perspective in lived_ids]
    others = [answer for perspective, answer in answers if perspective not in lived_ids]
    shown = len(everyone) >= minimum
    both = shown and len(lived) >= minimum and len(others) >= minimum
    return Picture(
        statement_id=statement_id,
        joined=joined,
        answered=len(everyone),
        minimum=minimum,
        everyone=side("Everyone", everyone) if shown else None,
        lived=side("People who draw on care and support, and carers", lived) if both else None,
        others=side("Staff and others", others) if both else None,
    )
