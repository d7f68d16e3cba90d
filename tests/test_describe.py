"""Plain-English sentences for figures: every number comes with words that say what it means."""

from __future__ import annotations

import pytest

from toolkit import describe
from toolkit.framework import builtin_ladders
from toolkit.scoring import Figures

LADDER = builtin_ladders()["coproduction-ladder"]


def figures(mean=None, doing_with=None) -> Figures:
    return Figures(
        mean_position=mean,
        maturity_pct=None if mean is None else 100 * mean / 6,
        journey_pct=None if mean is None else 100 * (mean - 4),
        doing_with_share=doing_with,
        answered=0 if mean is None else 10,
        unsure=0,
        not_applicable=0,
    )


@pytest.mark.parametrize(
    ("mean", "words"),
    [
        (None, "no answers placed on the ladder"),
        (0.2, "0.2 (near Coercion)"),
        (4.3, "4.3 (near Engagement)"),
        (4.5, "4.5 (near Co-design)"),  # halves go up, as people expect
        (6.0, "6.0 (near Co-production)"),
    ],
)
def test_position_words_name_the_nearest_rung(mean, words):
    assert describe.position_words(mean, LADDER) == words


def test_ladder_scale_says_what_the_numbers_mean():
    assert describe.ladder_scale_sentence(LADDER) == (
        "Positions on the ladder run from 0 (Coercion) to 6 (Co-production)."
    )


def test_people_sentence_splits_lived_experience_from_staff_and_others():
    lived = {"carer": True, "person-drawing-on-care": True, "manager": False}
    assert describe.people_sentence(
        {"carer": 2, "person-drawing-on-care": 3, "manager": 9}, lived
    ) == (
        "14 people answered (5 people who draw on care and support or carers and 9 staff and others)."
    )
    assert describe.people_sentence({"person-drawing-on-care": 1}, lived) == (
        "1 person answered (1 person who draws on care and support or carers)."
    )
    assert describe.people_sentence({"manager": 2}, lived, everyone=False) == (
        "2 people in this group answered (2 staff and others)."
    )
    assert describe.people_sentence({}, lived) == "Nobody has sent in answers yet."


def test_counted_sentence_explains_drafts():
    assert describe.counted_sentence(0) == "Only answers that have been sent in are counted."
    assert "1 person has started but not sent their answers in yet" in describe.counted_sentence(1)
    assert "3 people have started" in describe.counted_sentence(3)


def test_spread_sentence_flags_disagreement_at_one_rung():
    assert describe.spread_sentence(1.6) == (
        "Answers spread over about 1.6 rungs either side of the average. "
        "People disagree about this one."
    )
    assert describe.spread_sentence(1.0).endswith("People disagree about this one.")
    assert "about 1.0 rung either" in describe.spread_sentence(1.0)
    assert describe.spread_sentence(0.6).endswith("People broadly agree about this one.")
    assert describe.spread_sentence(0.0) == (
        "Everyone who answered placed this statement on the same rung."
    )
    assert "no spread" in describe.spread_sentence(None)


def test_statement_sentence_and_distribution_line():
    assert describe.statement_sentence(3.4, 12, LADDER) == (
        "On average people placed it at 3.4 (near Consultation), "
        "from 12 answers placed on the ladder."
    )
    assert describe.statement_sentence(None, 0, LADDER) == (
        "Nobody has placed this statement on the ladder yet."
    )
    line = describe.distribution_line({"consultation": 5, "co-design": 2}, 1, 0, LADDER)
    assert line == (
        "How many chose each answer: Coercion 0 · Educating 0 · Informing 0 · Consultation 5 · "
        "Engagement 0 · Co-design 2 · Co-production 0 · Not sure 1 · Doesn't apply 0."
    )


def test_agreed_sentence_gives_the_rung_the_reason_and_who_decided():
    assert describe.agreed_sentence("engagement", "Leaflets are checked.", "Board", LADDER) == (
        "The group agreed on Engagement, because: Leaflets are checked. Decided by Board."
    )
    assert describe.agreed_sentence("unsure", "", "", LADDER) == (
        "The group agreed they were not sure where this sits (no reason recorded)."
    )
    assert describe.easy_agreed_sentence("informing", LADDER) == (
        "We talked about it and agreed: We tell you what we decided. We explain why."
    )


@pytest.mark.parametrize(
    ("before", "after", "sentence"),
    [
        (3.6, 4.3, "Moved up 0.7 rungs: from 3.6 (near Engagement) to 4.3 (near Engagement)."),
        (4.5, 3.5, "Moved down 1.0 rung: from 4.5 (near Co-design) to 3.5 (near Engagement)."),
        (4.0, 4.02, "About the same: from 4.0 (near Engagement) to 4.0 (near Engagement)."),
        (
            None,
            4.0,
            "Not compared: it has no answers placed on the ladder in one of the two rounds.",
        ),
    ],
)
def test_statement_change_sentence(before, after, sentence):
    assert describe.statement_change_sentence(before, after, LADDER) == sentence


def test_moved_and_overall_change_sentences():
    assert describe.moved_sentence(5, 2) == "↑ 5 statements moved up, ↓ 2 statements moved down."
    assert describe.moved_sentence(1, 0, 3) == (
        "↑ 1 statement moved up, ↓ 0 statements moved down, 3 stayed about the same."
    )
    assert describe.overall_change_sentence(4.0, 4.3, 30, LADDER) == (
        "Over the 30 statements both rounds share, the average position moved up 0.3 rungs: "
        "from 4.0 (near Engagement) to 4.3 (near Engagement)."
    )
    assert "stayed about the same" in describe.overall_change_sentence(4.0, 4.01, 30, LADDER)
    assert "no overall change" in describe.overall_change_sentence(None, 4.0, 30, LADDER)
    assert describe.change_sentence(-0.64) == "Moved down 0.6 rungs."
    assert describe.change_sentence(0.01) == "About the same: it moved less than 0.05 of a rung."


def test_actions_line_and_sentence():
    assert describe.actions_line(1, 3, 4, 0, 1) == (
        "Actions: 4 done · 3 in progress · 1 planned · 1 overdue."
    )
    assert describe.actions_sentence(1, 3, 4, 2, 1) == (
        "Of 10 actions, 4 are done and 4 are still to finish, and 2 are no longer needed. "
        "1 of those still to finish is past the due date."
    )
    assert describe.actions_line(0, 0, 0, 0, 0) == "No actions agreed yet."
    assert describe.easy_actions_sentence(1, 3, 4, 2) == (
        "We said we would do 8 things. We have done 4. We are still working on 4."
    )


def test_gap_value_is_signed_rungs():
    assert describe.gap_value(-0.73) == "−0.7 rungs"
    assert describe.gap_value(1.0) == "+1.0 rung"
    assert describe.gap_value(0.01) == "0.0 rungs"
    assert describe.gap_value(None) == "–"


def test_easy_read_sentences_are_short_and_plain():
    assert describe.easy_people_sentence(16) == "16 people told us what they think."
    assert describe.easy_people_sentence(1) == "1 person told us what they think."
    assert describe.easy_position_sentence(figures(4.3), LADDER) == (
        "Putting all the answers together: We listen and change some things. "
        "We still make the big decisions."
    )
    assert describe.easy_doing_with_sentence(figures(4.3, 0.447)) == (
        "About 4 in 10 answers say we plan and do things with you."
    )
    assert describe.easy_doing_with_sentence(figures(1, 0.01)).startswith("Almost no answers")
    assert describe.easy_gap_sentence(-0.7) == (
        "People who get care and carers say we work with them less than staff think."
    )
    assert describe.easy_gap_sentence(None).startswith("We need answers")
    assert describe.easy_change_sentence(1, 2) == "1 thing got better. 2 things got worse."
    for sentence in (
        describe.easy_people_sentence(16),
        describe.easy_doing_with_sentence(figures(4.3, 0.447)),
        describe.easy_gap_sentence(-0.7),
        describe.easy_actions_sentence(1, 3, 4, 2),
    ):
        for part in sentence.split(". "):
            assert len(part.split()) <= 15


# --- Sentences at their boundaries -------------------------------------------------------------


def only_figure(**given) -> Figures:
    """Figures with just the given values set, the rest empty."""
    values = {"mean_position": None, "maturity_pct": None, "journey_pct": None}
    values |= {"doing_with_share": None, "answered": 10, "unsure": 0, "not_applicable": 0}
    return Figures(**(values | given))


@pytest.mark.parametrize(
    ("maturity", "sentence"),
    [
        (None, "No maturity figure yet: nothing has been placed on the ladder."),
        (0.0, "0% of the way up the whole ladder."),
        (50.0, "50% of the way up the whole ladder."),
        (71.66, "72% of the way up the whole ladder."),
        (100.0, "100% of the way up the whole ladder."),
    ],
)
def test_maturity_sentence(maturity, sentence):
    assert describe.maturity_sentence(only_figure(maturity_pct=maturity)) == sentence


@pytest.mark.parametrize(
    ("journey", "sentence"),
    [
        (None, "No answers placed on the ladder yet, so no journey from engagement to co-design."),
        (-25.0, "25% of the journey below engagement (the journey runs engagement → co-design)."),
        (0.0, "0% of the way from engagement to co-design."),
        (-0.4, "0% of the way from engagement to co-design."),
        (-0.5, "0% of the way from engagement to co-design."),
        (-0.6, "1% of the journey below engagement (the journey runs engagement → co-design)."),
        (62.5, "63% of the way from engagement to co-design."),
        (100.0, "100% of the way from engagement to co-design."),
        (100.4, "100% of the way from engagement to co-design."),
        (100.5, "Past co-design: 101% of the journey from engagement to co-design."),
        (150.0, "Past co-design: 150% of the journey from engagement to co-design."),
    ],
)
def test_journey_sentence_at_the_start_the_end_and_beyond(journey, sentence):
    assert describe.journey_sentence(only_figure(journey_pct=journey), LADDER) == sentence


@pytest.mark.parametrize(
    ("share", "sentence"),
    [
        (0.0, "Almost no answers say we plan and do things with you."),
        (0.049, "Almost no answers say we plan and do things with you."),
        (0.05, "About 1 in 10 answers say we plan and do things with you."),  # halves go up
        (0.449, "About 4 in 10 answers say we plan and do things with you."),
        (0.45, "About 5 in 10 answers say we plan and do things with you."),
        (0.46, "About 5 in 10 answers say we plan and do things with you."),
        (0.949, "About 9 in 10 answers say we plan and do things with you."),
        (0.95, "Almost all answers say we plan and do things with you."),
        (1.0, "Almost all answers say we plan and do things with you."),
        (None, "Nobody has answered yet."),
    ],
)
def test_easy_read_doing_with_share_rounds_to_the_nearest_tenth_halves_up(share, sentence):
    assert describe.easy_doing_with_sentence(only_figure(doing_with_share=share)) == sentence


def test_a_move_from_4_3_to_4_0_is_worded_as_down():
    assert describe.statement_change_sentence(4.3, 4.0, LADDER) == (
        "Moved down 0.3 rungs: from 4.3 (near Engagement) to 4.0 (near Engagement)."
    )
    assert describe.overall_change_sentence(4.3, 4.0, 30, LADDER) == (
        "Over the 30 statements both rounds share, the average position moved down 0.3 rungs: "
        "from 4.3 (near Engagement) to 4.0 (near Engagement)."
    )
    assert describe.change_sentence(4.0 - 4.3) == "Moved down 0.3 rungs."


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        (0.05, "Moved up 0.1 rungs."),
        (-0.05, "Moved down 0.1 rungs."),
        (0.0499, "About the same: it moved less than 0.05 of a rung."),
        (-0.0499, "About the same: it moved less than 0.05 of a rung."),
    ],
)
def test_a_change_of_exactly_a_twentieth_of_a_rung_is_a_move(change, sentence):
    assert describe.change_sentence(change) == sentence


def test_statement_and_overall_change_at_exactly_a_twentieth_of_a_rung():
    assert describe.statement_change_sentence(0.0, 0.05, LADDER) == (
        "Moved up 0.1 rungs: from 0.0 (near Coercion) to 0.1 (near Coercion)."
    )
    assert describe.statement_change_sentence(0.05, 0.0, LADDER) == (
        "Moved down 0.1 rungs: from 0.1 (near Coercion) to 0.0 (near Coercion)."
    )
    assert describe.statement_change_sentence(0.0, 0.0499, LADDER) == (
        "About the same: from 0.0 (near Coercion) to 0.0 (near Coercion)."
    )
    assert describe.overall_change_sentence(0.0, 0.05, 2, LADDER) == (
        "Over the 2 statements both rounds share, the average position moved up 0.1 rungs: "
        "from 0.0 (near Coercion) to 0.1 (near Coercion)."
    )
    assert describe.overall_change_sentence(0.05, 0.0, 1, LADDER) == (
        "Over the 1 statement both rounds share, the average position moved down 0.1 rungs: "
        "from 0.1 (near Coercion) to 0.0 (near Coercion)."
    )
    assert describe.overall_change_sentence(0.0, 0.0499, 1, LADDER) == (
        "Over the 1 statement both rounds share, the average position stayed about the same: "
        "from 0.0 (near Coercion) to 0.0 (near Coercion)."
    )


def test_a_spread_just_under_one_rung_is_broad_agreement():
    assert describe.spread_sentence(0.98) == (
        "Answers spread over about 1.0 rung either side of the average. "
        "People broadly agree about this one."
    )
    assert describe.spread_sentence(1.0) == (
        "Answers spread over about 1.0 rung either side of the average. "
        "People disagree about this one."
    )


def test_a_spread_of_a_twentieth_of_a_rung_is_not_everyone_on_one_rung():
    assert describe.spread_sentence(0.05) == (
        "Answers spread over about 0.1 rungs either side of the average. "
        "People broadly agree about this one."
    )
    assert describe.spread_sentence(0.0499) == (
        "Nearly everyone who answered placed this statement on the same rung."
    )
    assert describe.spread_sentence(0.0) == (
        "Everyone who answered placed this statement on the same rung."
    )


@pytest.mark.parametrize(
    ("gap", "sentence", "easy", "value"),
    [
        (
            0.05,
            "People who draw on care and support and carers see 0.1 rungs more co-production "
            "than staff and others.",
            "People who get care and carers say we work with them more than staff think.",
            "+0.1 rungs",
        ),
        (
            -0.05,
            "People who draw on care and support and carers see 0.1 rungs less co-production "
            "than staff and others.",
            "People who get care and carers say we work with them less than staff think.",
            "−0.1 rungs",
        ),
        (
            0.0499,
            "People who draw on care and support and carers see the same as staff and others.",
            "People who get care and carers see it the same way as staff.",
            "0.0 rungs",
        ),
        (
            -0.96,
            "People who draw on care and support and carers see 1.0 rung less co-production "
            "than staff and others.",
            "People who get care and carers say we work with them less than staff think.",
            "−1.0 rung",
        ),
        (
            1.04,
            "People who draw on care and support and carers see 1.0 rung more co-production "
            "than staff and others.",
            "People who get care and carers say we work with them more than staff think.",
            "+1.0 rung",
        ),
        (
            1.06,
            "People who draw on care and support and carers see 1.1 rungs more co-production "
            "than staff and others.",
            "People who get care and carers say we work with them more than staff think.",
            "+1.1 rungs",
        ),
    ],
)
def test_lived_experience_gap_at_its_boundaries(gap, sentence, easy, value):
    assert describe.gap_sentence(gap) == sentence
    assert describe.easy_gap_sentence(gap) == easy
    assert describe.gap_value(gap) == value


def test_shorten_keeps_text_of_exactly_the_width_and_cuts_longer_text():
    assert describe.shorten("x" * 60) == "x" * 60
    assert describe.shorten("x" * 61) == "x" * 59 + "…"
    assert describe.shorten("a  b\n c", width=5) == "a b c"
    assert describe.shorten("word " * 3, width=6) == "word…"


def test_rung_words():
    assert describe.rung_words("co-design", LADDER) == "Co-design"
    assert describe.rung_words("unsure", LADDER) == "Not sure"
    assert describe.rung_words("retired-rung", LADDER) == "retired-rung"


# --- One rule for 'about the same', one rounding, one wording of counts -------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (3.25, "3.3"),  # halves up, where Python's round(3.25, 1) says 3.2
        (0.25, "0.3"),
        (-0.25, "-0.3"),  # below 0 a figure rounds as its size does: "0.3 rungs less"
        (-0.04, "0.0"),  # never "-0.0"
        (-0.05, "-0.1"),
        (4.0, "4.0"),
    ],
)
def test_tenths_rounds_halves_away_from_zero_as_the_words_say(value, shown):
    assert describe.tenths(value) == shown
    assert describe.tenths_number(value) == float(shown)


def test_tenths_of_a_gap_agree_with_its_words():
    assert describe.tenths(-0.25) == "-0.3"
    assert describe.gap_value(-0.25) == "−0.3 rungs"
    assert describe.gap_sentence(-0.25) == (
        "People who draw on care and support and carers see 0.3 rungs less co-production than "
        "staff and others."
    )
    assert describe.tenths_number(None) is None


@pytest.mark.parametrize(
    ("change", "way"),
    [(0.05, 1), (0.0499, 0), (0.0, 0), (-0.0499, 0), (-0.05, -1), (1.2, 1), (-1.2, -1)],
)
def test_direction_is_the_same_band_of_scoring(change, way):
    from toolkit.scoring import SAME_WITHIN

    assert SAME_WITHIN == 0.05
    assert describe.direction(change) == way
    # ... and every sentence about a change or a gap follows it.
    words = {1: "Moved up", -1: "Moved down", 0: "About the same"}[way]
    assert describe.change_sentence(change).startswith(words)
    # Positions whose difference is `change` exactly (2.05 - 2.0 is 0.0499999... in floating
    # point, and about the same for scoring.Comparison.moved as for these words).
    before, after = (0.0, change) if change >= 0 else (-change, 0.0)
    assert describe.statement_change_sentence(before, after, LADDER).startswith(words)
    moved = "stayed about the same" if way == 0 else f"moved {'up' if way > 0 else 'down'}"
    assert moved in describe.overall_change_sentence(before, after, 1, LADDER)
    gap = {1: "more co-production", -1: "less co-production", 0: "the same as"}[way]
    assert gap in describe.gap_sentence(change)
    assert gap in describe.overall_gap_sentence(change)


@pytest.mark.parametrize(
    ("gap", "figure"),
    [(0.05, "+0.1"), (0.0499, "0.0"), (-0.0499, "0.0"), (-0.05, "−0.1"), (-0.66, "−0.7")],
)
def test_gap_figure_is_the_figure_of_gap_value(gap, figure):
    assert describe.gap_figure(gap) == figure
    assert describe.gap_value(gap).split()[0] == figure


def test_overall_gap_sentence_is_the_gap_sentence_overall():
    assert describe.overall_gap_sentence(-0.66) == (
        "Overall, people who draw on care and support and carers see 0.7 rungs less "
        "co-production than staff and others."
    )
    assert describe.overall_gap_sentence(0.04) == (
        "Overall, people who draw on care and support and carers see the same as staff and others."
    )


def test_counts_are_worded_for_one_and_for_many():
    one = only_figure(answered=1)
    assert describe.counts_sentence(one) == (
        "1 answer placed on the ladder, 0 not sure, 0 said it does not apply."
    )
    assert describe.answers_words(436) == "436 answers"
    assert describe.of_answers(1, 1) == "1 of 1 answer"
    assert describe.of_answers(189, 436) == "189 of 436 answers"
    assert describe.share_of(1, 8) == "13%"
    assert describe.share_of(0, 0) == "–"
    assert describe.list_words([]) == ""
    assert describe.list_words(["A"]) == "A"
    assert describe.list_words(["A", "B", "C"]) == "A, B and C"
    assert describe.themes_without_answers_sentence(1) == (
        "No answers yet: the 1 theme has no answer placed on the ladder."
    )
    assert describe.themes_without_answers_sentence(6, either_side=True) == (
        "No answers yet: none of the 6 themes has an answer placed on the ladder by either group."
    )
    assert describe.rounds_without_answers_sentence(3) == (
        "No answers yet: none of the 3 rounds has an answer placed on the ladder."
    )
    assert describe.themes_without_answers_in_rounds_sentence(1) == (
        "No answers yet: no theme has an answer placed on the ladder in the 1 round."
    )


@pytest.mark.parametrize(
    ("journey", "figure", "sentence"),
    [
        (-0.5, "0%", "0% of the way from engagement to co-design."),
        (
            -0.6,
            "-1% (below Engagement)",
            "1% of the journey below engagement (the journey runs engagement → co-design).",
        ),
        (100.4, "100%", "100% of the way from engagement to co-design."),
        (
            100.5,
            "101% (past Co-design)",
            "Past co-design: 101% of the journey from engagement to co-design.",
        ),
    ],
)
def test_journey_figure_says_below_and_past_where_journey_sentence_does(journey, figure, sentence):
    assert describe.journey_figure(journey, LADDER) == figure
    assert describe.journey_sentence(only_figure(journey_pct=journey), LADDER) == sentence


def test_chart_sentences():
    assert describe.groups_sentence({"doing_with": 1, "doing_for": 2}, 4) == (
        "Of 4 answers placed on the ladder, 25% are doing with, 50% doing for and 0% doing to."
    )
    assert describe.doing_with_by_theme_sentence([("A", 12.5), ("B", 13.4)]) == (
        "Doing with is 13% of answers in every theme with answers."
    )
    assert describe.doing_with_by_theme_sentence([("A", 10.0), ("B", 60.0)]) == (
        "Doing with is highest in B (60% of answers) and lowest in A (10%)."
    )
    assert describe.theme_positions_sentence([("A", 4.25), ("B", 1.5)], LADDER) == (
        "A is highest, at 4.3 on the ladder (near Engagement); B is lowest, at 1.5 (near Informing)."
    )
    assert describe.theme_positions_sentence([("A", 4.25), ("B", 4.3)], LADDER) == (
        "The average position is 4.3 (near Engagement) in every theme with answers."
    )
    assert describe.one_side_sentence(None, 3.25, LADDER) == (
        "There is nothing to compare yet: no answers from people who draw on care and support "
        "or carers. Staff and others place practice at 3.3 on average (near Consultation)."
    )
    assert describe.themes_moved_sentence(6, 0) == (
        "From first to last answered round, 6 of 6 themes went up and 0 went down."
    )
    assert describe.themes_moved_sentence(1, 0, 1) == (
        "From first to last answered round, 1 of 2 themes went up and 0 went down; 1 stayed "
        "about the same."
    )
    assert describe.moved_most_sentence("A", ("Spring", 3.25), ("Autumn", 4.7)) == (
        "A moved most, from 3.3 in Spring to 4.7 in Autumn."
    )
    assert describe.gap_trend_sentence([("Spring", -1.04), ("Autumn", -0.66)]) == (
        "The gap went from −1.0 rung in Spring to −0.7 rungs in Autumn."
    )
    assert describe.set_aside_sentence(25, 10) == "Not shown: 25 'not sure' and 10 'doesn't apply'."
