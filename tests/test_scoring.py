"""The scoring definition, worked by hand and checked by properties against a plain oracle."""

from __future__ import annotations

import math
import random
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.framework import (
    Framework,
    Perspective,
    builtin_frameworks,
    builtin_perspectives,
    check_text,
)
from toolkit.scoring import (
    Answer,
    DifferentFrameworks,
    Responses,
    compare,
    score,
    scores_from_tally,
    tally,
)

SMALL = """\
id: small
title: Small
version: "1"
source: {title: Test}
question: Where are we?
ladder:
  id: four
  title: Four rungs
  journey: {from: b, to: c}
  rungs:
    - {id: a, label: A, group: doing_to, description: a, easy_read: A.}
    - {id: b, label: B, group: doing_for, description: b, easy_read: B.}
    - {id: c, label: C, group: doing_with, description: c, easy_read: C.}
    - {id: d, label: D, group: doing_with, description: d, easy_read: D.}
themes:
  - id: t1
    title: One
    statements:
      - {id: s1, kind: I, text: s1, easy_read: S1.}
      - {id: s2, kind: I, text: s2, easy_read: S2., weight: 3}
  - id: t2
    title: Two
    statements:
      - {id: s3, kind: We, text: s3, easy_read: S3.}
"""
PERSPECTIVES = (
    Perspective(id="pl", label="Lived", lived_experience=True),
    Perspective(id="st", label="Staff", lived_experience=False),
)


@pytest.fixture(scope="module")
def small() -> Framework:
    framework, problems = check_text(SMALL, "small.yaml")
    assert problems == []
    return framework


def scored(framework, answers, only=None, perspectives=PERSPECTIVES):
    rows = [Answer(*a) for a in answers]
    return score(
        framework, perspectives, Responses.from_answers(framework, perspectives, rows), only
    )


HAND = [
    ("r1", "pl", "s1", "a"),
    ("r1", "pl", "s2", "c"),
    ("r1", "pl", "s3", "unsure"),
    ("r2", "st", "s1", "c"),
    ("r2", "st", "s2", "d"),
    ("r2", "st", "s3", "not_applicable"),
    ("r3", "st", "s1", "d"),
    ("r3", "st", "s2", "unsure"),
]


def test_statement_figures_by_hand(small):
    scores = scored(small, HAND)
    s1, s2, s3 = scores.statements
    assert s1.mean_position == pytest.approx(5 / 3)
    assert s1.spread == pytest.approx(math.sqrt(14 / 9))
    assert s1.distribution == {"a": 1, "b": 0, "c": 1, "d": 1}
    assert (s2.mean_position, s2.spread, s2.answered, s2.unsure) == (2.5, 0.5, 2, 1)
    assert (s3.mean_position, s3.spread) == (None, None)  # nobody placed it
    assert (s3.answered, s3.unsure, s3.not_applicable) == (0, 1, 1)
    assert s3.theme == "t2"


def test_theme_and_overall_figures_by_hand(small):
    scores = scored(small, HAND)
    t1, t2 = scores.themes
    assert (scores.theme("t1"), scores.theme("t2")) == (t1, t2)
    weighted = (1 * 5 / 3 + 3 * 2.5) / 4  # statement weights 1 and 3
    assert t1.figures.mean_position == pytest.approx(weighted)
    assert t2.figures.mean_position is None
    assert t2.figures.journey_pct is None and t2.figures.doing_with_share is None
    overall = scores.overall
    assert overall.mean_position == pytest.approx(weighted)
    assert overall.maturity_pct == pytest.approx(100 * weighted / 3)
    assert overall.journey_pct == pytest.approx(100 * (weighted - 1) / (2 - 1))
    assert overall.doing_with_share == pytest.approx(4 / 5)
    assert (overall.answered, overall.unsure, overall.not_applicable) == (5, 2, 1)
    assert scores.respondents == 3


def test_overall_weighs_statements_not_themes(small):
    answers = [("r1", "st", "s1", "a"), ("r1", "st", "s2", "a"), ("r1", "st", "s3", "d")]
    scores = scored(small, answers)
    assert scores.overall.mean_position == pytest.approx((0 + 0 + 3 * 1) / 5)
    assert scores.themes[1].figures.mean_position == 3


def test_perspectives_and_lived_experience_gap_by_hand(small):
    scores = scored(small, HAND)
    lived, staff = scores.perspectives
    assert (lived.id, lived.respondents) == ("pl", 1)
    assert lived.figures.mean_position == pytest.approx((0 + 3 * 2) / 4)
    assert staff.respondents == 2
    assert staff.figures.mean_position == pytest.approx((2.5 + 3 * 3) / 4)
    assert scores.lived_experience_gap == pytest.approx(1.5 - 2.875)


def test_gap_is_null_with_one_perspective_only(small):
    scores = scored(small, [a for a in HAND if a[1] == "st"])
    assert scores.lived_experience_gap is None
    assert scores.perspectives[0].respondents == 0
    assert scores.perspectives[0].figures.mean_position is None


def test_gap_is_null_when_one_side_only_said_unsure(small):
    scores = scored(small, [("r1", "pl", "s1", "unsure"), ("r2", "st", "s1", "c")])
    assert scores.lived_experience_gap is None


def test_only_some_perspectives(small):
    scores = scored(small, HAND, only={"st"})
    assert scores.respondents == 2
    assert scores.statements[0].mean_position == 2.5
    assert [p.id for p in scores.perspectives] == ["st"]
    assert scores.lived_experience_gap is None


def test_nothing_answered(small):
    scores = scored(small, [])
    assert scores.respondents == 0
    assert scores.overall.mean_position is None
    assert scores.to_json()["overall"]["journey_pct"] is None


def test_journey_below_and_above(small):
    low = scored(small, [("r1", "st", "s1", "a")])
    assert low.overall.journey_pct == pytest.approx(-100)
    high = scored(small, [("r1", "st", "s1", "d")])
    assert high.overall.journey_pct == pytest.approx(200)
    assert high.overall.maturity_pct == 100


def test_to_json_has_exactly_the_documented_keys(small):
    data = scored(small, HAND).to_json()
    assert set(data) == {
        "framework",
        "respondents",
        "overall",
        "themes",
        "statements",
        "perspectives",
        "lived_experience_gap",
    }
    figures = {
        "mean_position",
        "maturity_pct",
        "journey_pct",
        "doing_with_share",
        "answered",
        "unsure",
        "not_applicable",
    }
    assert data["framework"] == {"id": "small", "version": "1"}
    assert set(data["overall"]) == figures
    assert all(set(t) == {"id"} | figures for t in data["themes"])
    assert set(data["statements"][0]) == {
        "id",
        "theme",
        "mean_position",
        "spread",
        "answered",
        "unsure",
        "not_applicable",
        "distribution",
    }
    assert set(data["perspectives"][0]) == {"id", "respondents", "mean_position", "journey_pct"}


def test_unknown_ids_are_refused(small):
    with pytest.raises(ValueError, match="unknown id"):
        scored(small, [("r1", "st", "s9", "a")])


def test_tally_is_a_sufficient_statistic(small):
    responses = Responses.from_answers(small, PERSPECTIVES, [Answer(*a) for a in HAND])
    counted = tally(small, PERSPECTIVES, responses)
    assert counted.counts.shape == (3, 2, 6)
    assert counted.counts.sum() == len(HAND)
    assert scores_from_tally(counted) == score(small, PERSPECTIVES, responses)


# --- Properties, with an oracle written straight from DESIGN.md ---------------------------


def oracle(framework: Framework, perspectives, answers):
    """The definition, computed the plainest way."""
    ladder = framework.ladder
    position = {r.id: i for i, r in enumerate(ladder.rungs)}
    placed = {s.id: [] for s in framework.statements}
    for _, _, statement, answer in answers:
        if answer in position:
            placed[statement].append(position[answer])
    means = {s: (statistics.fmean(p) if p else None) for s, p in placed.items()}

    def weighted(statements):
        known = [(means[s.id], s.weight) for s in statements if means[s.id] is not None]
        return sum(m * w for m, w in known) / sum(w for _, w in known) if known else None

    lived = {p.id for p in perspectives if p.lived_experience}
    sides = []
    for is_lived in (True, False):
        subset = [a for a in answers if (a[1] in lived) == is_lived]
        sub_placed = {s.id: [] for s in framework.statements}
        for _, _, statement, answer in subset:
            if answer in position:
                sub_placed[statement].append(position[answer])
        sub_means = {s: (statistics.fmean(p) if p else None) for s, p in sub_placed.items()}
        known = [
            (sub_means[s.id], s.weight) for s in framework.statements if sub_means[s.id] is not None
        ]
        sides.append(sum(m * w for m, w in known) / sum(w for _, w in known) if known else None)
    gap = None if None in sides else sides[0] - sides[1]
    spreads = {s: (statistics.pstdev(p) if p else None) for s, p in placed.items()}
    return means, weighted(framework.statements), gap, spreads


MIR = builtin_frameworks()["making-it-real"]
PERSPECTIVE_IDS = [p.id for p in builtin_perspectives()]
CHOICES = [*MIR.ladder.rung_ids, "unsure", "not_applicable"]


@st.composite
def answer_sets(draw):
    people = draw(st.integers(0, 12))
    answers = []
    for person in range(people):
        perspective = draw(st.sampled_from(PERSPECTIVE_IDS))
        statements = draw(st.sets(st.sampled_from([s.id for s in MIR.statements]), max_size=12))
        for statement in sorted(statements):
            answers.append((f"p{person}", perspective, statement, draw(st.sampled_from(CHOICES))))
    return answers


@settings(max_examples=150, deadline=None)
@given(answer_sets())
def test_figures_agree_with_the_oracle_and_stay_in_range(answers):
    perspectives = builtin_perspectives()
    scores = scored(MIR, answers, perspectives=perspectives)
    means, overall, gap, spreads = oracle(MIR, perspectives, answers)
    top = len(MIR.ladder.rungs) - 1
    for statement in scores.statements:
        assert statement.mean_position == pytest.approx(means[statement.id])
        assert statement.spread == pytest.approx(spreads[statement.id])
        if statement.spread is not None:
            assert 0 <= statement.spread <= top / 2 + 1e-9
        assert sum(statement.distribution.values()) == statement.answered
    assert scores.overall.mean_position == pytest.approx(overall)
    assert scores.lived_experience_gap == pytest.approx(gap)
    for figures in [scores.overall, *(t.figures for t in scores.themes)]:
        if figures.mean_position is not None:
            assert 0 <= figures.mean_position <= top
            assert 0 <= figures.maturity_pct <= 100
            assert -400 <= figures.journey_pct <= 200
            assert 0 <= figures.doing_with_share <= 1
    assert scores.overall.answered + scores.overall.unsure + scores.overall.not_applicable == len(
        answers
    )


@settings(max_examples=60, deadline=None)
@given(answer_sets(), st.randoms(use_true_random=False))
def test_answer_order_does_not_matter(answers, rng: random.Random):
    shuffled = list(answers)
    rng.shuffle(shuffled)
    perspectives = builtin_perspectives()
    first = scored(MIR, answers, perspectives=perspectives).to_json()
    again = scored(MIR, shuffled, perspectives=perspectives).to_json()
    assert first == again


def test_placed_answers_are_counted_by_rung_group(small):
    scores = scored(small, HAND)
    assert scores.overall.groups == {"doing_to": 1, "doing_for": 0, "doing_with": 4}
    assert scores.themes[1].figures.groups == {"doing_to": 0, "doing_for": 0, "doing_with": 0}
    assert "groups" not in scores.to_json()["overall"]


def test_disagreements_are_statements_spread_over_a_rung_widest_first(small):
    answers = [
        ("r1", "st", "s1", "a"),
        ("r2", "st", "s1", "d"),  # spread 1.5
        ("r1", "st", "s2", "b"),
        ("r2", "st", "s2", "d"),  # spread 1.0
        ("r1", "st", "s3", "c"),
        ("r2", "st", "s3", "c"),  # spread 0
    ]
    scores = scored(small, answers)
    assert [s.id for s in scores.disagreements()] == ["s1", "s2"]


def test_a_spread_just_under_one_rung_is_not_a_disagreement(small):
    # positions 0, 0, 2, 2, 2: mean 1.2, spread √0.96 ≈ 0.98
    answers = [(f"r{n}", "st", "s1", rung) for n, rung in enumerate("aaccc")]
    scores = scored(small, answers)
    assert scores.statement("s1").spread == pytest.approx(0.9798, abs=1e-4)
    assert scores.disagreements() == []


# --- Round to round ----------------------------------------------------------------------------


def tallied(framework, answers):
    rows = [Answer(*a) for a in answers]
    return tally(framework, PERSPECTIVES, Responses.from_answers(framework, PERSPECTIVES, rows))


def version_two() -> Framework:
    """SMALL again as version 2: s2 now weighs 1 (not 3), s3 weighs 2, and t1 gains s4."""
    text = SMALL.replace('version: "1"', 'version: "2"')
    text = text.replace("easy_read: S2., weight: 3}", "easy_read: S2.}")
    text = text.replace("easy_read: S3.}", "easy_read: S3., weight: 2}")
    text = text.replace(
        "      - {id: s2, kind: I, text: s2, easy_read: S2.}\n",
        "      - {id: s2, kind: I, text: s2, easy_read: S2.}\n"
        "      - {id: s4, kind: I, text: s4, easy_read: S4.}\n",
    )
    framework, problems = check_text(text, "small-2.yaml")
    assert problems == []
    assert [(s.id, s.weight) for s in framework.statements] == [
        ("s1", 1),
        ("s2", 1),
        ("s4", 1),
        ("s3", 2),
    ]
    return framework


def test_compare_weighs_each_round_by_its_own_framework_version(small):
    before = tallied(
        small, [("r1", "st", "s1", "a"), ("r1", "st", "s2", "d"), ("r1", "st", "s3", "c")]
    )
    after = tallied(
        version_two(),
        [
            ("r1", "st", "s1", "b"),
            ("r1", "st", "s2", "c"),
            ("r1", "st", "s3", "c"),
            ("r1", "st", "s4", "d"),  # new in version 2: listed, not in any mean
        ],
    )
    comparison = compare(before, after)
    assert (comparison.before_version, comparison.after_version) == ("1", "2")
    assert [(s.id, s.before, s.after) for s in comparison.statements] == [
        ("s1", 0, 1),
        ("s2", 3, 2),
        ("s3", 2, 2),
    ]
    t1, t2 = comparison.themes
    # t1 before, version 1 weights s1 1 and s2 3: (1 × 0 + 3 × 3) / 4 = 2.25
    # t1 after, version 2 weights s1 1 and s2 1 (s4 is in one round only): (1 + 2) / 2 = 1.5
    assert (t1.id, t1.before, t1.after) == ("t1", pytest.approx(2.25), pytest.approx(1.5))
    assert t1.change == pytest.approx(-0.75)
    assert (t2.id, t2.before, t2.after) == ("t2", 2, 2)
    # overall before: (1 × 0 + 3 × 3 + 1 × 2) / 5 = 2.2; after: (1 + 2 + 2 × 2) / 4 = 1.75
    assert comparison.overall_before == pytest.approx(2.2)
    assert comparison.overall_after == pytest.approx(1.75)
    assert (comparison.only_before, comparison.only_after) == ((), ("s4",))


def test_compare_refuses_rounds_of_different_frameworks(small):
    other, problems = check_text(SMALL.replace("id: small", "id: other", 1), "other.yaml")
    assert problems == []
    with pytest.raises(DifferentFrameworks, match="different frameworks"):
        compare(tallied(small, []), tallied(other, []))


def one_in(count: int, statement: str = "s1") -> list[tuple[str, str, str, str]]:
    """`count` answers to a statement: one on rung b (position 1), the rest on rung a (0)."""
    return [(f"r{n}", "st", statement, "b" if n == 0 else "a") for n in range(count)]


def none_in(count: int, statement: str = "s1") -> list[tuple[str, str, str, str]]:
    """`count` answers to a statement, all on rung a (position 0)."""
    return [(f"r{n}", "st", statement, "a") for n in range(count)]


def test_a_change_under_a_twentieth_of_a_rung_is_not_a_move(small):
    # s1 moves up 1/21 ≈ 0.048 of a rung, s3 down 1/21, and s2 up a whole rung
    before = tallied(small, [*none_in(21), *none_in(1, "s2"), *one_in(21, "s3")])
    after = tallied(small, [*one_in(21), *one_in(1, "s2"), *none_in(21, "s3")])
    comparison = compare(before, after)
    changes = [(s.id, s.change) for s in comparison.statements]
    assert changes == [
        ("s1", pytest.approx(0.0476, abs=1e-4)),
        ("s2", 1),
        ("s3", pytest.approx(-0.0476, abs=1e-4)),
    ]
    up, down = comparison.moved()
    assert [s.id for s in up] == ["s2"]
    assert down == []


def test_a_change_of_exactly_a_twentieth_of_a_rung_is_a_move(small):
    # s1 moves up 1/20 = 0.05 of a rung, s3 down 1/20
    before = tallied(small, [*none_in(20), *one_in(20, "s3")])
    after = tallied(small, [*one_in(20), *none_in(20, "s3")])
    comparison = compare(before, after)
    changes = {s.id: s.change for s in comparison.statements if s.change is not None}
    assert changes == {"s1": 0.05, "s3": -0.05}
    up, down = comparison.moved()
    assert ([s.id for s in up], [s.id for s in down]) == (["s1"], ["s3"])
