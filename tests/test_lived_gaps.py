"""Lived experience beside everyone else, statement by statement: the pure functions in
`toolkit.scoring` (`statement_gaps`, `widest_gaps`) and what the service's `results` hands
the Results page (`Results.sides`) once the minimum group rule has had its say.

Every expected figure is written out by hand from the answers below (positions: coercion 0,
educating 1, informing 2, consultation 3, engagement 4, co-design 5, co-production 6).
"""

from __future__ import annotations

import pytest

from toolkit import describe
from toolkit.framework import builtin_frameworks, builtin_perspectives
from toolkit.scoring import (
    WIDE_GAP,
    Answer,
    Responses,
    StatementGap,
    StatementScore,
    score,
    statement_gaps,
    widest_gaps,
)
from toolkit.service import Operator, Service
from toolkit.store import Store

MIR = builtin_frameworks()["making-it-real"]
POSITION = {
    "informing": 2,
    "consultation": 3,
    "engagement": 4,
    "co-design": 5,
    "co-production": 6,
}

# Four people with lived experience (two who draw on care and support, two carers) and four
# staff (two frontline, two managers): who answered what, where it is not engagement. Every
# other statement everyone placed at engagement, so its two sides are 0.0 rungs apart.
LIVED = [
    ("lived-1", "person-drawing-on-care"),
    ("lived-2", "person-drawing-on-care"),
    ("lived-3", "carer"),
    ("lived-4", "carer"),
]
STAFF = [
    ("staff-1", "frontline-staff"),
    ("staff-2", "frontline-staff"),
    ("staff-3", "manager"),
    ("staff-4", "manager"),
]
ANSWERS = {
    # statement: (the four lived-experience answers, the four staff answers)
    # lived 6.0, staff 3.0: +3.0
    "info-1": (["co-production"] * 4, ["consultation"] * 4),
    # lived 6.0 from 3 (one not sure), staff 3.5: +2.5
    "flexible-2": (
        ["co-production"] * 3 + ["unsure"],
        ["consultation", "engagement", "consultation", "engagement"],
    ),
    # lived 2.0, staff 4.0: -2.0 (staff and others place it higher)
    "wellbeing-4": (["informing"] * 4, ["engagement"] * 4),
    # lived 4.0, staff 5.0: -1.0
    "community-1": (["engagement"] * 4, ["co-design"] * 4),
    # lived 4.0, staff 4.5: -0.5, exactly the threshold
    "info-4": (["engagement"] * 4, ["co-design", "co-design", "engagement", "engagement"]),
    # lived 4.5, staff 4.0: +0.5, exactly the threshold, later in the framework than info-4
    "change-5": (["engagement", "engagement", "co-design", "co-design"], ["engagement"] * 4),
    # lived 4.25, staff 4.0: +0.25, under the threshold
    "workforce-1": (["engagement"] * 3 + ["co-design"], ["engagement"] * 4),
    # only 2 people with lived experience placed it (lived 6.0, staff 3.0): left out
    "flexible-3": (
        ["co-production", "co-production", "unsure", "unsure"],
        ["consultation"] * 4,
    ),
    # only 2 staff placed it: left out
    "change-1": (["co-production"] * 4, ["engagement", "engagement"] + ["not_applicable"] * 2),
}


def answers(lived=LIVED, staff=STAFF, given=ANSWERS) -> list[Answer]:
    rows = []
    for statement in MIR.statements:
        lived_answers, staff_answers = given.get(statement.id, (["engagement"] * 4,) * 2)
        for (person, perspective), answer in [
            *zip(lived, lived_answers, strict=False),
            *zip(staff, staff_answers, strict=False),
        ]:
            rows.append(Answer(person, perspective, statement.id, answer))
    return rows


def perspectives():
    return builtin_perspectives()


def sides_of(rows: list[Answer]):
    every = perspectives()
    responses = Responses.from_answers(MIR, every, rows)
    lived = [p.id for p in every if p.lived_experience]
    others = [p.id for p in every if not p.lived_experience]
    return score(MIR, every, responses, lived), score(MIR, every, responses, others)


# --- The pure functions -----------------------------------------------------------------------


def test_statement_gaps_put_each_statement_side_by_side_in_framework_order():
    lived, others = sides_of(answers())
    gaps = statement_gaps(lived, others)
    assert [g.id for g in gaps] == [s.id for s in MIR.statements]
    info = next(g for g in gaps if g.id == "info-1")
    assert (info.lived.mean_position, info.lived.answered) == (6.0, 4)
    assert (info.others.mean_position, info.others.answered) == (3.0, 4)
    assert info.gap == 3.0
    flexible = next(g for g in gaps if g.id == "flexible-2")
    assert (flexible.lived.answered, flexible.lived.unsure) == (3, 1)
    assert flexible.gap == 2.5
    assert next(g for g in gaps if g.id == "wellbeing-4").gap == -2.0
    assert next(g for g in gaps if g.id == "wellbeing-1").gap == 0.0


def test_widest_gaps_are_half_a_rung_or_more_widest_first_ties_in_framework_order():
    lived, others = sides_of(answers())
    widest = widest_gaps(statement_gaps(lived, others))
    # flexible-3 (3.0 apart) is here: the pure function knows nothing of group sizes.
    assert [(g.id, g.gap) for g in widest] == [
        ("info-1", 3.0),
        ("flexible-3", 3.0),
        ("flexible-2", 2.5),
        ("wellbeing-4", -2.0),
        ("change-1", 2.0),
        ("community-1", -1.0),
        ("info-4", -0.5),
        ("change-5", 0.5),
    ]
    assert WIDE_GAP == 0.5


def _statement(mean: float | None, answered: int = 3) -> StatementScore:
    return StatementScore("info-1", "information", mean, 0.0, answered, 0, 0, {})


@pytest.mark.parametrize(
    ("lived", "others", "listed"),
    [
        (4.5, 4.0, True),  # 0.5 exactly
        (4.0, 4.5, True),  # -0.5 exactly
        (13 / 3, 23 / 6, True),  # half a rung, 0.49999999999999956 in floating point
        (23 / 6, 13 / 3, True),
        (4.49, 4.0, False),  # just under
        (3.51, 4.0, False),
        (None, 4.0, False),  # one side placed nothing
    ],
)
def test_the_threshold_is_inclusive(lived, others, listed):
    gap = StatementGap("info-1", _statement(lived), _statement(others))
    assert bool(widest_gaps([gap])) is listed


def test_a_side_that_placed_nothing_has_no_gap():
    assert StatementGap("info-1", _statement(None, 0), _statement(4.0)).gap is None


# --- The service: the minimum group rule ------------------------------------------------------


@pytest.fixture
def round_with(tmp_path):
    """A store on SQLite with one organisation; returns a function that makes a round of
    these answers and gives its results for everyone (or `whose`)."""
    store = Store(f"sqlite:///{tmp_path}/gaps.db")
    service = Service(store)
    organisation = store.create_organisation("Riverside Care")

    def make(rows: list[Answer], title: str = "Spring 2027"):
        round_ = store.create_round(organisation.id, MIR, title)
        store.import_answers(round_.id, [(answer, "") for answer in rows])
        return round_

    yield store, service, organisation, make
    store.close()


def test_results_list_the_widest_gaps_both_sides_may_show(round_with):
    store, service, _, make = round_with
    round_ = make(answers())
    sides = service.results(Operator(), round_.id).sides
    assert sides is not None and sides.minimum == 3
    # flexible-3 and change-1 are left out: only two people on one side placed them.
    assert [(g.id, g.gap) for g in sides.widest] == [
        ("info-1", 3.0),
        ("flexible-2", 2.5),
        ("wellbeing-4", -2.0),
        ("community-1", -1.0),
        ("info-4", -0.5),
        ("change-5", 0.5),
    ]
    assert (sides.compared, sides.left_out) == (28, 2)
    flexible = sides.statement("flexible-3")
    assert (flexible.gap, flexible.lived_short, flexible.others_short) == (None, True, False)
    change = sides.statement("change-1")
    assert (change.gap, change.lived_short, change.others_short) == (None, False, True)
    info = sides.statement("info-1")
    assert (info.lived_short, info.others_short) == (False, False)
    assert (info.gap.lived.mean_position, info.gap.lived.answered) == (6.0, 4)
    assert (info.gap.others.mean_position, info.gap.others.answered) == (3.0, 4)
    # Exactly the minimum (3 people with lived experience placed flexible-2) is enough.
    assert sides.statement("flexible-2").gap.lived.answered == 3


def test_a_higher_minimum_leaves_out_a_side_just_under_it(round_with):
    store, service, organisation, make = round_with
    round_ = make(answers())
    store.set_minimum_group_size(organisation.id, 4)
    sides = service.results(Operator(), round_.id).sides
    assert sides.minimum == 4
    assert [g.id for g in sides.widest] == [
        "info-1",
        "wellbeing-4",
        "community-1",
        "info-4",
        "change-5",
    ]
    assert sides.statement("flexible-2").gap is None
    assert sides.statement("flexible-2").lived_short is True
    assert (sides.compared, sides.left_out) == (27, 3)


def test_a_side_with_fewer_people_than_the_minimum_compares_nothing(round_with):
    """Five is the minimum: the round of eight shows, but neither side of four does."""
    store, service, organisation, make = round_with
    round_ = make(answers())
    store.set_minimum_group_size(organisation.id, 5)
    shown = service.results(Operator(), round_.id)
    assert shown.scores is not None and shown.lived is None
    assert shown.sides.widest == ()
    assert shown.sides.compared == 0
    assert all(s.lived_short and s.others_short for s in shown.sides.statements)


def test_only_staff_too_few_to_show(round_with):
    """Four people with lived experience and two staff: every statement's staff side is short."""
    _, service, _, make = round_with
    round_ = make(answers(staff=STAFF[:2], given={}))
    sides = service.results(Operator(), round_.id).sides
    assert sides.compared == 0 and sides.widest == ()
    assert all(not s.lived_short and s.others_short for s in sides.statements)


@pytest.mark.parametrize("whose", ["lived", "others", "one:carer", "one:frontline-staff"])
def test_one_side_only_has_nothing_to_compare(round_with, whose):
    _, service, _, make = round_with
    round_ = make(answers())
    shown = service.results(Operator(), round_.id, whose)
    assert shown.sides is None


def test_no_statement_half_a_rung_apart(round_with):
    _, service, _, make = round_with
    round_ = make(answers(given={}))  # everyone at engagement on every statement
    sides = service.results(Operator(), round_.id).sides
    assert sides.widest == ()
    assert (sides.compared, sides.left_out) == (30, 0)


def test_kept_sides_follow_new_answers(round_with):
    store, service, _, make = round_with
    round_ = make(answers(given={}))
    assert service.results(Operator(), round_.id).sides.widest == ()
    # Four more people with lived experience all place info-1 at co-production: lived 5.0
    # (four at engagement, four at co-production), staff 4.0.
    more = [
        Answer(f"more-{n}", "carer", s.id, "co-production" if s.id == "info-1" else "engagement")
        for n in range(4)
        for s in MIR.statements
    ]
    store.import_answers(round_.id, [(answer, "") for answer in more])
    widest = service.results(Operator(), round_.id).sides.widest
    assert [(g.id, g.gap) for g in widest] == [("info-1", 1.0)]


# --- The words ----------------------------------------------------------------------------------

LADDER = MIR.ladder


def test_each_side_in_words():
    assert describe.side_sentence(True, 6.0, 1, LADDER) == (
        "People who draw on care and support and carers: on average 6.0 (near Co-production), "
        "from 1 person."
    )
    assert describe.side_sentence(False, 4.25, 4, LADDER) == (
        "Staff and others: on average 4.3 (near Engagement), from 4 people."
    )
    assert describe.side_sentence(False, None, 0, LADDER) == (
        "Staff and others: nobody placed it on the ladder."
    )


@pytest.mark.parametrize(
    ("gap", "words"),
    [
        (
            3.0,
            "People who draw on care and support and carers place it 3.0 rungs higher than "
            "staff and others.",
        ),
        (
            -1.0,
            "Staff and others place it 1.0 rung higher than people who draw on care and support "
            "and carers.",
        ),
        (
            0.05,
            "People who draw on care and support and carers place it 0.1 rungs higher than "
            "staff and others.",
        ),
        (
            -0.049,
            "People who draw on care and support and carers place it about the same as staff "
            "and others.",
        ),
        (
            0.0,
            "People who draw on care and support and carers place it about the same as staff "
            "and others.",
        ),
    ],
)
def test_which_side_places_it_higher(gap, words):
    assert describe.statement_gap_sentence(gap) == words


def test_too_few_on_a_side_in_words():
    assert describe.sides_short_sentence(False, True, 3) == (
        "Not shown side by side: fewer than 3 staff and others placed this statement on the "
        "ladder, so each side's answers are shown only within everyone's."
    )


def test_nothing_listed_in_words():
    assert describe.no_lived_gaps_sentence(1, 3) == (
        "No statement is 0.5 rungs or more apart: on the one statement compared, the two "
        "averages are closer than that."
    )
    assert describe.lived_gaps_left_out_sentence(1, 5) == (
        "1 statement is left out: fewer than 5 people on one side or both placed it on the ladder."
    )
