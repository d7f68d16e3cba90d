"""What a round's results are made of once the minimum group rule has had its say: plain
records the pages and reports only show."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.framework import Framework, Perspective
from toolkit.scoring import Scores
from toolkit.store import Round

EVERYONE, LIVED, OTHERS = "everyone", "lived", "others"
ONE = "one:"
"""A choice of one perspective is ONE + its id."""


@dataclass(frozen=True)
class Whose:
    """One choice in "whose answers": its key, and the perspective ids it stands for (None for
    everyone)."""

    key: str
    perspective_ids: tuple[str, ...] | None


def whose_choices(perspectives: tuple[Perspective, ...]) -> list[Whose]:
    """Everyone, then each side of the lived-experience gap that has perspectives, then each
    perspective."""
    choices = [Whose(EVERYONE, None)]
    lived = tuple(p.id for p in perspectives if p.lived_experience)
    others = tuple(p.id for p in perspectives if not p.lived_experience)
    if lived:
        choices.append(Whose(LIVED, lived))
    if others:
        choices.append(Whose(OTHERS, others))
    choices += [Whose(f"{ONE}{p.id}", (p.id,)) for p in perspectives]
    return choices


@dataclass(frozen=True)
class Results:
    """A round's results for one choice of "whose answers", as far as they may be shown.

    `scores` is None when the chosen group (or, for everyone, the whole round) has fewer
    people than `minimum`; `lived` and `others` are None unless both sides have the minimum,
    and `gap` is the lived-experience gap only then.
    """

    revision: tuple
    """Names these results: the same revision, the same figures (so drawings of them can be
    kept by it)."""
    round: Round
    framework: Framework
    perspectives: tuple[Perspective, ...]
    minimum: int
    whose: Whose
    everyone: Scores
    scores: Scores | None
    respondents: int
    """People in the chosen group who sent answers in (shown even when their answers are not)."""
    lived: Scores | None
    others: Scores | None
    gap: float | None
    gap_hidden: bool = False
    """The group has a gap, but one side has fewer people than the minimum."""

    @property
    def hidden(self) -> bool:
        """The group answered, but is too small to be shown on its own."""
        return self.scores is None and self.respondents > 0

    @property
    def counts(self) -> dict[str, int]:
        """People who sent answers in, by perspective, over the whole round."""
        return {p.id: p.respondents for p in self.everyone.perspectives}


@dataclass(frozen=True)
class ShownNote:
    """A note given with an answer: `perspective` is None when the people of that perspective
    are fewer than the minimum, so the note is not said to be theirs."""

    statement_id: str
    perspective: str | None
    answer: str
    text: str


@dataclass(frozen=True)
class RoundFigures:
    """One round on Board progress: its scores, or None when fewer than the minimum answered."""

    round: Round
    scores: Scores | None
    respondents: int
