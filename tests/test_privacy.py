"""The minimum group rule, at its boundary: a group of exactly the minimum is shown, one fewer
is not; the gap needs the minimum on both sides; notes name only big enough groups."""

from __future__ import annotations

from toolkit import describe, privacy
from toolkit.framework import builtin_frameworks, builtin_perspectives
from toolkit.scoring import Answer, Responses, score

MIR = builtin_frameworks()["making-it-real"]
PERSPECTIVES = builtin_perspectives()


def scores_of(people: dict[str, str]):
    """Scores where each person (name: perspective) put info-1 at co-design, except carers
    at consultation, so the gap is 5 - 3 = -2 ... or +2 when the sides are swapped."""
    answers = [
        Answer(
            name, perspective, "info-1", "consultation" if perspective == "carer" else "co-design"
        )
        for name, perspective in people.items()
    ]
    return score(MIR, PERSPECTIVES, Responses.from_answers(MIR, PERSPECTIVES, answers))


def test_a_group_of_exactly_the_minimum_is_shown_and_one_fewer_is_not():
    assert privacy.shown(3, 3) and privacy.shown(4, 3)
    assert not privacy.shown(2, 3)
    assert not privacy.shown(0, 3)
    assert privacy.shown(5, 5) and not privacy.shown(4, 5)


def test_sides_count_people_with_lived_experience_and_the_others():
    scores = scores_of(
        {"a": "carer", "b": "person-drawing-on-care", "c": "manager", "d": "board-member"}
    )
    assert privacy.sides(scores, PERSPECTIVES) == (2, 2)


def test_the_gap_needs_the_minimum_on_both_sides():
    three_each = scores_of(
        {"a": "carer", "b": "carer", "c": "carer", "d": "manager", "e": "manager", "f": "manager"}
    )
    assert privacy.gap(three_each, PERSPECTIVES, 3) == -2.0  # 3 (carers) - 5 (managers)
    assert privacy.gap(three_each, PERSPECTIVES, 4) is None
    two_carers = scores_of(
        {"a": "carer", "b": "carer", "d": "manager", "e": "manager", "f": "manager", "g": "manager"}
    )
    assert two_carers.lived_experience_gap == -2.0  # scoring has it ...
    assert privacy.gap(two_carers, PERSPECTIVES, 3) is None  # ... but two carers are too few
    assert privacy.gap(two_carers, PERSPECTIVES, 2) == -2.0


def test_notes_name_only_perspectives_with_the_minimum_or_more():
    scores = scores_of(
        {"a": "carer", "b": "carer", "c": "carer", "d": "manager", "e": "board-member"}
    )
    assert privacy.attributable(scores, 3) == {"carer"}
    assert privacy.attributable(scores, 1) == {"carer", "manager", "board-member"}
    assert privacy.attributable(scores, 4) == set()


def test_the_words_for_hidden_groups():
    assert describe.small_group_sentence(3) == (
        "Fewer than 3 people in this group answered, so their answers are shown only within "
        "everyone's."
    )
    assert describe.too_few_sentence(1, 3) == (
        "1 person has sent in answers so far. Results show once at least 3 have, so that "
        "nobody's answers can be picked out."
    )
    assert describe.too_few_sentence(2, 5) == (
        "2 people have sent in answers so far. Results show once at least 5 have, so that "
        "nobody's answers can be picked out."
    )
    assert describe.gap_sentence(None, 3) == (
        "No lived-experience gap yet: it needs answers from at least 3 people who draw on care "
        "and support or carers, and 3 staff and others."
    )
    assert describe.easy_gap_sentence(None, 4) == (
        "We need answers from 4 people who get care and 4 staff to compare them."
    )
    assert describe.easy_too_few_sentence(3) == (
        "We show what people said when 3 people or more have answered."
    )
