"""What the questionnaire shows one person: who they are answering as, their round, its
framework, their answers so far, and where they are in it."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from toolkit.framework import Framework, Perspective
from toolkit.store import Respondent, Round, SavedAnswer


@dataclass(frozen=True)
class Unanswered:
    """A question not answered yet: its theme (by position), its number within the theme
    (from 1) and its place in the whole questionnaire (from 0)."""

    theme: int
    number: int
    place: int


@dataclass(frozen=True)
class Questionnaire:
    person: Respondent
    round: Round
    framework: Framework
    answers: dict[str, SavedAnswer]
    perspective: Perspective | None
    """The perspective the person answers as, from the round's own list (None if the round
    no longer has it)."""

    def with_answer(self, statement_id: str, saved: SavedAnswer | None) -> Questionnaire:
        """The same questionnaire with one answer saved (None: cleared)."""
        answers = {k: v for k, v in self.answers.items() if k != statement_id}
        if saved is not None:
            answers[statement_id] = saved
        return dataclasses.replace(self, answers=answers)

    @property
    def total(self) -> int:
        return len(self.framework.statements)

    @functools.cached_property
    def theme_starts(self) -> tuple[int, ...]:
        """The place of each theme's first statement, then the total."""
        starts = [0]
        for theme in self.framework.themes:
            starts.append(starts[-1] + len(theme.statements))
        return tuple(starts)

    def theme_of(self, place: int) -> int:
        """The position of the theme the statement at `place` is in."""
        return max(i for i, first in enumerate(self.theme_starts[:-1]) if first <= place)

    @functools.cached_property
    def unanswered(self) -> tuple[Unanswered, ...]:
        """Every question not answered yet, in the questionnaire's order."""
        return tuple(
            Unanswered(theme, place - self.theme_starts[theme] + 1, place)
            for place, statement in enumerate(self.framework.statements)
            if statement.id not in self.answers
            for theme in [self.theme_of(place)]
        )

    @property
    def first_unanswered(self) -> int | None:
        """Where to carry on: the place of the first question not answered, or None."""
        return self.unanswered[0].place if self.unanswered else None
