"""The minimum group rule: the answers of fewer people than an organisation's minimum group
size are never shown on their own, only within everyone's.

A filter to one perspective, one side of the lived-experience gap, a note's "who said it",
a round with few answers yet: each is a group, and each is shown only when at least the
minimum number of people are in it. Pure: Results, Board progress, reports and live
workshops all ask the same questions here.
"""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.framework import Perspective
from toolkit.limits import MINIMUM_GROUP_SIZE
from toolkit.scoring import Scores

__all__ = ["MINIMUM_GROUP_SIZE", "attributable", "gap", "shown", "sides"]


def shown(respondents: int, minimum: int) -> bool:
    """Whether a group of this many people may be shown on its own."""
    return respondents >= minimum


def sides(scores: Scores, perspectives: Iterable[Perspective]) -> tuple[int, int]:
    """How many people answered on each side: lived experience, then staff and others."""
    lived = {p.id for p in perspectives if p.lived_experience}
    on_side = sum(p.respondents for p in scores.perspectives if p.id in lived)
    return on_side, scores.respondents - on_side


def gap(scores: Scores, perspectives: Iterable[Perspective], minimum: int) -> float | None:
    """The lived-experience gap, or None unless both sides have the minimum or more."""
    lived, others = sides(scores, perspectives)
    if not (shown(lived, minimum) and shown(others, minimum)):
        return None
    return scores.lived_experience_gap


def attributable(scores: Scores, minimum: int) -> frozenset[str]:
    """The perspectives a note may be said to come from: those with the minimum or more."""
    return frozenset(p.id for p in scores.perspectives if shown(p.respondents, minimum))
