"""The one scoring definition: figures over answers placed on a ladder. Pure: no I/O.

Answers are held in columns (`Responses`) and counted once into a `Tally` — for every
statement, perspective and choice, how many answers — from which every figure follows:

- position p(r): index of rung r in its ladder, bottom rung 0;
- an answer naming a rung is counted; `unsure` and `not_applicable` are tallied, never averaged;
- statement mean: mean of p over its counted answers; None where there are none;
- theme mean: mean of its statements' non-null means, weighted by statement weight;
- overall mean: the same over every statement (statements, not themes, weigh equally);
- maturity % = 100 × mean / (rungs − 1);
- journey % = 100 × (mean − p(from)) / (p(to) − p(from));
- doing-with share: share of counted answers whose rung is in the doing_with group;
- spread: population standard deviation of p for one statement;
- lived-experience gap: overall mean of lived-experience respondents minus that of the others,
  None unless both sides placed something;
- a statement's lived-experience gap: the same for one statement (`StatementGap`), the mean of
  the lived-experience side's answers minus the others'.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from toolkit.framework import GROUPS, NOT_APPLICABLE, UNSURE, Framework, Perspective

# People disagree on a statement when its answers spread over a rung or more.
DISAGREEMENT_SPREAD = 1.0
# A statement whose mean moved less than this (0.0 when shown to one decimal) stayed the same.
SAME_WITHIN = 0.05
# The two sides of the lived-experience gap differ widely on a statement when their means are
# this many rungs apart or more.
WIDE_GAP = 0.5


@dataclass(frozen=True)
class Answer:
    """One person's answer to one statement, by id."""

    respondent: str
    perspective: str
    statement: str
    answer: str


@dataclass(frozen=True, eq=False)
class Responses:
    """Answers in columns, encoded against one framework and one list of perspectives.

    `statement` indexes `framework.statements`; `choice` is a rung position, or the number
    of rungs for `unsure`, one more for `not_applicable`; `respondent` indexes
    `respondent_perspective`, which indexes the perspectives list.
    """

    statement: np.ndarray
    choice: np.ndarray
    respondent: np.ndarray
    respondent_perspective: np.ndarray

    @classmethod
    def from_answers(
        cls,
        framework: Framework,
        perspectives: tuple[Perspective, ...],
        answers: Iterable[Answer],
    ) -> Responses:
        """Encode answers given by id. Unknown ids raise ValueError (check files first)."""
        statement_index = {s.id: i for i, s in enumerate(framework.statements)}
        choice_index = choice_codes(framework)
        perspective_index = {p.id: i for i, p in enumerate(perspectives)}
        respondent_index: dict[str, int] = {}
        respondent_perspective: list[int] = []
        statements, choices, respondents = [], [], []
        for answer in answers:
            try:
                statements.append(statement_index[answer.statement])
                choices.append(choice_index[answer.answer])
                perspective = perspective_index[answer.perspective]
            except KeyError as error:
                raise ValueError(f"unknown id {error.args[0]!r} in {answer}") from None
            number = respondent_index.setdefault(answer.respondent, len(respondent_index))
            if number == len(respondent_perspective):
                respondent_perspective.append(perspective)
            respondents.append(number)
        return cls(
            np.asarray(statements, dtype=np.int64),
            np.asarray(choices, dtype=np.int64),
            np.asarray(respondents, dtype=np.int64),
            np.asarray(respondent_perspective, dtype=np.int64),
        )


def choice_codes(framework: Framework) -> dict[str, int]:
    """The code of every possible answer: rung positions, then unsure, then not applicable."""
    rungs = framework.ladder.rung_ids
    return {
        **{r: i for i, r in enumerate(rungs)},
        UNSURE: len(rungs),
        NOT_APPLICABLE: len(rungs) + 1,
    }


@dataclass(frozen=True, eq=False)
class Tally:
    """How many answers each statement got from each perspective for each choice.

    `counts` has shape (statements, perspectives, rungs + 2); `respondents` counts the
    respondents of each perspective. Everything the toolkit reports follows from these.
    """

    framework: Framework
    perspectives: tuple[Perspective, ...]
    counts: np.ndarray
    respondents: np.ndarray


def tally(
    framework: Framework, perspectives: tuple[Perspective, ...], responses: Responses
) -> Tally:
    """Count the answers: one pass over them, however many there are."""
    shape = (len(framework.statements), len(perspectives), len(framework.ladder.rungs) + 2)
    perspective = responses.respondent_perspective[responses.respondent]
    cell = (responses.statement * shape[1] + perspective) * shape[2] + responses.choice
    counts = np.bincount(cell, minlength=math.prod(shape)).reshape(shape)
    respondents = np.bincount(responses.respondent_perspective, minlength=shape[1])
    return Tally(framework, perspectives, counts, respondents)


@dataclass(frozen=True)
class Figures:
    """The headline figures over some set of answers; None where undefined."""

    mean_position: float | None
    maturity_pct: float | None
    journey_pct: float | None
    doing_with_share: float | None
    answered: int
    unsure: int
    not_applicable: int
    groups: dict[str, int] = field(default_factory=dict)
    """Placed answers in each rung group (doing_to, doing_for, doing_with)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "mean_position": self.mean_position,
            "maturity_pct": self.maturity_pct,
            "journey_pct": self.journey_pct,
            "doing_with_share": self.doing_with_share,
            "answered": self.answered,
            "unsure": self.unsure,
            "not_applicable": self.not_applicable,
        }


@dataclass(frozen=True)
class StatementScore:
    """One statement's figures. `answered` counts answers that name a rung."""

    id: str
    theme: str
    mean_position: float | None
    spread: float | None
    answered: int
    unsure: int
    not_applicable: int
    distribution: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "theme": self.theme,
            "mean_position": self.mean_position,
            "spread": self.spread,
            "answered": self.answered,
            "unsure": self.unsure,
            "not_applicable": self.not_applicable,
            "distribution": dict(self.distribution),
        }


@dataclass(frozen=True)
class ThemeScore:
    id: str
    figures: Figures

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, **self.figures.to_json()}


@dataclass(frozen=True)
class PerspectiveScore:
    id: str
    respondents: int
    figures: Figures

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "respondents": self.respondents,
            "mean_position": self.figures.mean_position,
            "journey_pct": self.figures.journey_pct,
        }


@dataclass(frozen=True)
class Scores:
    """Every figure of one set of answers to one framework."""

    framework_id: str
    framework_version: str
    respondents: int
    overall: Figures
    themes: tuple[ThemeScore, ...]
    statements: tuple[StatementScore, ...]
    perspectives: tuple[PerspectiveScore, ...]
    lived_experience_gap: float | None
    _statement_index: dict[str, StatementScore] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._statement_index.update({s.id: s for s in self.statements})

    def statement(self, statement_id: str) -> StatementScore:
        return self._statement_index[statement_id]

    def theme(self, theme_id: str) -> ThemeScore:
        return next(t for t in self.themes if t.id == theme_id)

    def disagreements(self) -> list[StatementScore]:
        """Statements whose answers spread over DISAGREEMENT_SPREAD or more, widest first."""
        wide = [
            s for s in self.statements if s.spread is not None and s.spread >= DISAGREEMENT_SPREAD
        ]
        return sorted(wide, key=lambda s: -s.spread)

    def to_json(self) -> dict[str, Any]:
        return {
            "framework": {"id": self.framework_id, "version": self.framework_version},
            "respondents": self.respondents,
            "overall": self.overall.to_json(),
            "themes": [t.to_json() for t in self.themes],
            "statements": [s.to_json() for s in self.statements],
            "perspectives": [p.to_json() for p in self.perspectives],
            "lived_experience_gap": self.lived_experience_gap,
        }


def _number(value: float) -> float | None:
    """A figure, or None where it is undefined (no answers) or not a finite number."""
    return float(value) if math.isfinite(value) else None


class _Arithmetic:
    """Per-statement arrays for one selection of answers, and figures over statement subsets."""

    def __init__(self, framework: Framework, counts: np.ndarray) -> None:
        ladder = framework.ladder
        rungs = len(ladder.rungs)
        self.framework = framework
        self.placed = counts[:, :rungs]
        self.answered = self.placed.sum(axis=1)
        self.unsure = counts[:, rungs]
        self.not_applicable = counts[:, rungs + 1]
        positions = np.arange(rungs, dtype=np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.means = (self.placed @ positions) / self.answered
            deviations = (positions[None, :] - self.means[:, None]) ** 2
            self.spreads = np.sqrt((self.placed * deviations).sum(axis=1) / self.answered)
        self.groups = {
            group: self.placed[:, np.array([r.group == group for r in ladder.rungs])].sum(axis=1)
            for group in GROUPS
        }
        self.doing_with = self.groups["doing_with"]
        self.weights = np.array([s.weight for s in framework.statements], dtype=np.float64)
        self.top = rungs - 1
        self.start = ladder.position(ladder.journey.from_)
        self.finish = ladder.position(ladder.journey.to)

    def figures(self, rows: slice | np.ndarray) -> Figures:
        means = self.means[rows]
        weights = self.weights[rows]
        known = ~np.isnan(means)
        mean = None
        if known.any():
            mean = float((means[known] * weights[known]).sum() / weights[known].sum())
        answered = int(self.answered[rows].sum())
        return Figures(
            mean_position=mean,
            maturity_pct=None if mean is None else 100 * mean / self.top,
            journey_pct=(
                None if mean is None else 100 * (mean - self.start) / (self.finish - self.start)
            ),
            doing_with_share=int(self.doing_with[rows].sum()) / answered if answered else None,
            answered=answered,
            unsure=int(self.unsure[rows].sum()),
            not_applicable=int(self.not_applicable[rows].sum()),
            groups={group: int(counts[rows].sum()) for group, counts in self.groups.items()},
        )


def scores_from_tally(counted: Tally, only: Collection[str] | None = None) -> Scores:
    """All figures from a tally, over every perspective or over `only` those perspective ids."""
    framework = counted.framework
    ids = [p.id for p in counted.perspectives]
    selected = [i for i, pid in enumerate(ids) if only is None or pid in only]
    lived = [i for i in selected if counted.perspectives[i].lived_experience]
    others = [i for i in selected if not counted.perspectives[i].lived_experience]

    def arithmetic(indexes: list[int]) -> _Arithmetic:
        return _Arithmetic(framework, counted.counts[:, indexes, :].sum(axis=1))

    everyone = arithmetic(selected)
    rung_ids = framework.ladder.rung_ids
    statements = tuple(
        StatementScore(
            id=statement.id,
            theme=framework.statement_theme[statement.id],
            mean_position=_number(everyone.means[i]),
            spread=_number(everyone.spreads[i]),
            answered=int(everyone.answered[i]),
            unsure=int(everyone.unsure[i]),
            not_applicable=int(everyone.not_applicable[i]),
            distribution={r: int(n) for r, n in zip(rung_ids, everyone.placed[i], strict=True)},
        )
        for i, statement in enumerate(framework.statements)
    )
    themes, start = [], 0
    for theme in framework.themes:
        rows = slice(start, start + len(theme.statements))
        themes.append(ThemeScore(theme.id, everyone.figures(rows)))
        start = rows.stop
    every_row = slice(None)
    perspectives = tuple(
        PerspectiveScore(ids[i], int(counted.respondents[i]), arithmetic([i]).figures(every_row))
        for i in selected
    )
    lived_mean = arithmetic(lived).figures(every_row).mean_position if lived else None
    others_mean = arithmetic(others).figures(every_row).mean_position if others else None
    gap = None if lived_mean is None or others_mean is None else lived_mean - others_mean
    return Scores(
        framework_id=framework.id,
        framework_version=framework.version,
        respondents=int(counted.respondents[selected].sum()),
        overall=everyone.figures(every_row),
        themes=tuple(themes),
        statements=statements,
        perspectives=perspectives,
        lived_experience_gap=gap,
    )


def score(
    framework: Framework,
    perspectives: tuple[Perspective, ...],
    responses: Responses,
    only: Collection[str] | None = None,
) -> Scores:
    """Every figure of a set of responses, over all perspectives or `only` some."""
    return scores_from_tally(tally(framework, perspectives, responses), only)


# --- Lived experience beside everyone else, statement by statement ---------------------------


@dataclass(frozen=True)
class StatementGap:
    """One statement as people with lived experience placed it, beside everyone else."""

    id: str
    lived: StatementScore
    others: StatementScore

    @property
    def gap(self) -> float | None:
        """The lived-experience side's mean position minus the others', in rungs (negative:
        staff and others place it higher); None unless both sides placed it on the ladder."""
        lived, others = self.lived.mean_position, self.others.mean_position
        return None if lived is None or others is None else lived - others


def statement_gaps(lived: Scores, others: Scores) -> tuple[StatementGap, ...]:
    """Every statement of one framework side by side: the lived-experience side's scores
    beside the others', in the framework's order."""
    return tuple(StatementGap(s.id, s, others.statement(s.id)) for s in lived.statements)


def widest_gaps(gaps: Iterable[StatementGap], at_least: float = WIDE_GAP) -> list[StatementGap]:
    """The statements whose two sides' means are `at_least` rungs apart or more, widest
    first; statements equally far apart keep the order they came in."""
    # Means are sums over counts: 13/3 - 23/6 is 0.49999999999999956 in floating point, and
    # is half a rung. Compared at nine decimal places, as far as any answers can tell apart.
    wide = [g for g in gaps if g.gap is not None and round(abs(g.gap), 9) >= at_least]
    return sorted(wide, key=lambda g: -abs(g.gap))


# --- Round to round --------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeChange:
    """How a theme's mean moved between two rounds; None where either has no mean."""

    id: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class StatementChange(ThemeChange):
    """How one statement's mean moved between two rounds, and the theme it belongs to."""

    theme: str


@dataclass(frozen=True)
class Comparison:
    """Two rounds of one framework compared over the statements both share.

    Statements found in only one of the rounds (across framework versions) are listed,
    never silently dropped.
    """

    framework_id: str
    before_version: str
    after_version: str
    statements: tuple[StatementChange, ...]
    themes: tuple[ThemeChange, ...]
    overall_before: float | None
    overall_after: float | None
    only_before: tuple[str, ...]
    only_after: tuple[str, ...]

    @property
    def overall_change(self) -> float | None:
        if self.overall_before is None or self.overall_after is None:
            return None
        return self.overall_after - self.overall_before

    def moved(
        self, threshold: float = SAME_WITHIN
    ) -> tuple[list[StatementChange], list[StatementChange]]:
        """Statements that moved up and down by `threshold` rungs or more, biggest first: only
        a change of less than `threshold` stays the same."""
        changed = [s for s in self.statements if s.change is not None]
        up = sorted((s for s in changed if s.change >= threshold), key=lambda s: -s.change)
        down = sorted((s for s in changed if s.change <= -threshold), key=lambda s: s.change)
        return up, down


class DifferentFrameworks(ValueError):
    """Rounds of different frameworks are never compared."""


def _weighted_mean(pairs: list[tuple[float | None, float]]) -> float | None:
    known = [(mean, weight) for mean, weight in pairs if mean is not None]
    if not known:
        return None
    return sum(mean * weight for mean, weight in known) / sum(weight for _, weight in known)


def compare(before: Tally, after: Tally, only: Collection[str] | None = None) -> Comparison:
    """Compare two rounds' answers over the statements both share (each with its own weights)."""
    if before.framework.id != after.framework.id:
        raise DifferentFrameworks(
            f"Only rounds of the same framework can be compared: '{before.framework.title}' "
            f"and '{after.framework.title}' are different frameworks."
        )
    first, second = scores_from_tally(before, only), scores_from_tally(after, only)
    before_ids = [s.id for s in before.framework.statements]
    after_ids = [s.id for s in after.framework.statements]
    in_before, in_after = set(before_ids), set(after_ids)
    shared = [s for s in after_ids if s in in_before]
    changes = tuple(
        StatementChange(
            id=s,
            theme=after.framework.statement_theme[s],
            before=first.statement(s).mean_position,
            after=second.statement(s).mean_position,
        )
        for s in shared
    )

    def mean_over(scores: Scores, framework: Framework, ids: list[str]) -> float | None:
        return _weighted_mean(
            [(scores.statement(s).mean_position, framework.statement(s).weight) for s in ids]
        )

    themes = tuple(
        ThemeChange(
            theme.id,
            mean_over(first, before.framework, ids),
            mean_over(second, after.framework, ids),
        )
        for theme in after.framework.themes
        if (ids := [s.id for s in theme.statements if s.id in in_before])
    )
    return Comparison(
        framework_id=after.framework.id,
        before_version=before.framework.version,
        after_version=after.framework.version,
        statements=changes,
        themes=themes,
        overall_before=mean_over(first, before.framework, shared),
        overall_after=mean_over(second, after.framework, shared),
        only_before=tuple(s for s in before_ids if s not in in_after),
        only_after=tuple(s for s in after_ids if s not in in_before),
    )
