"""What a round's results are made of once the minimum group rule has had its say: plain
records the pages and reports only show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from toolkit import privacy
from toolkit.framework import Framework, Perspective
from toolkit.scoring import Scores, StatementGap, statement_gaps, widest_gaps
from toolkit.store import Round

EVERYONE, LIVED, OTHERS = "everyone", "lived", "others"
ONE = "one:"
"""A choice of one perspective is ONE + its id."""
LIVED_FIRST = ("I",)
"""Statement kinds written from the view of a person who draws on care and support: their
results lead with how people with lived experience placed them."""


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
class StatementSides:
    """One statement as people with lived experience and as everyone else placed it, as far
    as the minimum group rule allows.

    `gap` holds both sides' figures when each side has at least the minimum number of people
    who placed the statement on the ladder; otherwise it is None and neither side is shown
    (one side's figures beside everyone's would give the other side's away), and
    `lived_short` and `others_short` say which side has too few.
    """

    id: str
    gap: StatementGap | None
    lived_short: bool
    others_short: bool


@dataclass(frozen=True)
class LivedSides:
    """Every statement, lived experience beside everyone else, for a group of people that
    spans both sides of the lived-experience gap."""

    minimum: int
    statements: tuple[StatementSides, ...]
    """In the framework's order."""
    widest: tuple[StatementGap, ...]
    """The statements shown side by side whose two means are `scoring.WIDE_GAP` rungs apart
    or more, widest first (statements equally far apart in the framework's order)."""

    def statement(self, statement_id: str) -> StatementSides:
        return next(s for s in self.statements if s.id == statement_id)

    @property
    def compared(self) -> int:
        """How many statements are shown side by side."""
        return sum(1 for s in self.statements if s.gap is not None)

    @property
    def left_out(self) -> int:
        """How many statements are not, for too few people on a side."""
        return len(self.statements) - self.compared


def lived_sides(
    statement_ids: Sequence[str], lived: Scores | None, others: Scores | None, minimum: int
) -> LivedSides:
    """Each statement side by side where both sides have the minimum of people who placed it
    on the ladder (and the minimum of people who answered at all). A side with no
    perspectives in the group is None, and too few everywhere."""

    def enough(side: Scores | None, statement_id: str) -> bool:
        if side is None or not privacy.shown(side.respondents, minimum):
            return False
        placed = side.statement(statement_id).answered
        return placed > 0 and privacy.shown(placed, minimum)

    pairs = (
        {g.id: g for g in statement_gaps(lived, others)}
        if lived is not None and others is not None
        else {}
    )
    statements = []
    for statement_id in statement_ids:
        lived_ok, others_ok = enough(lived, statement_id), enough(others, statement_id)
        gap = pairs[statement_id] if lived_ok and others_ok else None
        statements.append(StatementSides(statement_id, gap, not lived_ok, not others_ok))
    compared = [s.gap for s in statements if s.gap is not None]
    return LivedSides(minimum, tuple(statements), tuple(widest_gaps(compared)))


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
    sides: LivedSides | None = None
    """Each statement, lived experience beside everyone else: None unless `scores` are shown
    and the group spans both sides (everyone's answers, say, but not one perspective's)."""
    drafts: int = 0
    """People in the round who have not sent their answers in (not counted in the figures)."""

    def lived_first(self, statement_id: str) -> StatementSides | None:
        """For a statement written from the view of a person who draws on care and support
        (an "I" statement), its two sides, lived experience first; None for any other
        statement, or when the group chosen is one side's only."""
        if self.sides is None or self.framework.statement(statement_id).kind not in LIVED_FIRST:
            return None
        return self.sides.statement(statement_id)

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
