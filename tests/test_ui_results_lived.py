"""The Results page through AppTest: "I" statements led by how people with lived experience
placed them, with staff and others beside them, and "Where lived experience and others differ
most".

The round is made by hand: three people with lived experience (two who draw on care and
support, one carer) and three frontline staff, the minimum group size of 3 on each side. What
the page should say is written out here from those answers (positions: informing 2,
consultation 3, engagement 4, co-design 5, co-production 6), not worked out by the code under
test.
"""

from __future__ import annotations

from conftest import open_page
from reading import read_all, shown

from toolkit.framework import builtin_frameworks
from toolkit.scoring import Answer

MIR = builtin_frameworks()["making-it-real"]
LIVED = [
    ("lived-1", "person-drawing-on-care"),
    ("lived-2", "person-drawing-on-care"),
    ("lived-3", "carer"),
]
STAFF = [
    ("staff-1", "frontline-staff"),
    ("staff-2", "frontline-staff"),
    ("staff-3", "frontline-staff"),
]
# Where a statement's answers are not everyone at engagement: (lived experience, staff).
ANSWERS = {
    "info-1": (["co-production"] * 3, ["consultation"] * 3),  # 6.0 and 3.0: +3.0
    "wellbeing-4": (["informing"] * 3, ["engagement"] * 3),  # 2.0 and 4.0: -2.0
    "community-1": (["engagement"] * 3, ["co-design"] * 3),  # 4.0 and 5.0: -1.0
    "workforce-1": (["co-design"] * 3, ["engagement"] * 3),  # 5.0 and 4.0: +1.0
    # 4.0 and 4.67: -0.67
    "info-4": (["engagement"] * 3, ["co-design", "co-design", "engagement"]),
    # 4.33 and 5.0: -0.67 too, later in the framework than info-4: sixth, so not listed
    "change-2": (["engagement", "engagement", "co-design"], ["co-design"] * 3),
    # 4.33 and 4.0: +0.33, under half a rung
    "change-5": (["engagement", "engagement", "co-design"], ["engagement"] * 3),
    # only two people with lived experience placed it on the ladder
    "flexible-3": (["co-production", "co-production", "unsure"], ["consultation"] * 3),
    # only two staff placed it on the ladder
    "change-1": (["co-production"] * 3, ["engagement", "engagement", "not_applicable"]),
}

LIVED_SIDE = "People who draw on care and support and carers"
INTRO = (
    "“Where people disagree most” measures how far everyone's answers to a statement spread; "
    "this compares two groups' averages instead: people who draw on care and support and "
    "carers, and staff and others. It lists the statements whose two averages are 0.5 rungs or "
    "more apart, widest first (up to 5), counting only statements that at least 3 people on "
    "each side placed on the ladder."
)
HEADINGS = {
    "info-1": "**info-1** · I statement · Information and advice  \nThe information I get has "
    "been written or checked by people who draw on care and support, so it makes sense to me.",
    "wellbeing-4": "**wellbeing-4** · We statement · Wellbeing and independence  \nWe decide "
    "with people who draw on care and support and carers what wellbeing and independence "
    "should mean across our services.",
    "community-1": "**community-1** · I statement · Active and supportive communities  \nI have "
    "a real say in which groups, places and activities are on offer in my community.",
    "workforce-1": "**workforce-1** · I statement · Workforce  \nI have a say in who supports "
    "me, and I can help choose the staff who work with me.",
    "info-4": "**info-4** · We statement · Information and advice  \nWe plan, write and test "
    "our information and advice together with people who draw on care and support and carers.",
    "change-1": "**change-1** · I statement · When things need to change  \nWhen my needs or "
    "situation change, I take part in deciding what happens next.",
    "flexible-3": "**flexible-3** · I statement · Flexible and integrated care and support  \n"
    "If I want a direct payment, I get help to set it up and use it, and people who use direct "
    "payments helped design that help.",
}
SIDES = {
    "info-1": f"{LIVED_SIDE}: on average 6.0 (near Co-production), from 3 people.  \n"
    "Staff and others: on average 3.0 (near Consultation), from 3 people.  \n"
    f"{LIVED_SIDE} place it 3.0 rungs higher than staff and others.",
    "wellbeing-4": f"{LIVED_SIDE}: on average 2.0 (near Informing), from 3 people.  \n"
    "Staff and others: on average 4.0 (near Engagement), from 3 people.  \n"
    "Staff and others place it 2.0 rungs higher than people who draw on care and support and "
    "carers.",
    "community-1": f"{LIVED_SIDE}: on average 4.0 (near Engagement), from 3 people.  \n"
    "Staff and others: on average 5.0 (near Co-design), from 3 people.  \n"
    "Staff and others place it 1.0 rung higher than people who draw on care and support and "
    "carers.",
    "workforce-1": f"{LIVED_SIDE}: on average 5.0 (near Co-design), from 3 people.  \n"
    "Staff and others: on average 4.0 (near Engagement), from 3 people.  \n"
    f"{LIVED_SIDE} place it 1.0 rung higher than staff and others.",
    "info-4": f"{LIVED_SIDE}: on average 4.0 (near Engagement), from 3 people.  \n"
    "Staff and others: on average 4.7 (near Co-design), from 3 people.  \n"
    "Staff and others place it 0.7 rungs higher than people who draw on care and support and "
    "carers.",
}
WIDEST = ["info-1", "wellbeing-4", "community-1", "workforce-1", "info-4"]
LIVED_TOO_FEW = (
    "Not shown side by side: fewer than 3 people who draw on care and support or carers placed "
    "this statement on the ladder, so each side's answers are shown only within everyone's."
)
STAFF_TOO_FEW = (
    "Not shown side by side: fewer than 3 staff and others placed this statement on the ladder, "
    "so each side's answers are shown only within everyone's."
)


def make_round(store, given=ANSWERS, lived=LIVED, staff=STAFF) -> None:
    organisation = store.create_organisation("Riverside Care")
    round_ = store.create_round(organisation.id, MIR, "Spring 2027")
    rows = []
    for statement in MIR.statements:
        lived_answers, staff_answers = given.get(statement.id, (["engagement"] * 3,) * 2)
        for (person, perspective), answer in [
            *zip(lived, lived_answers, strict=False),
            *zip(staff, staff_answers, strict=False),
        ]:
            rows.append((Answer(person, perspective, statement.id, answer), ""))
    store.import_answers(round_.id, rows)
    return organisation


def markdowns(at) -> list[str]:
    return read_all(m.value for m in at.markdown)


def statement_picker(at):
    return next(s for s in at.selectbox if s.label == "Statement")


def whose(at):
    return next(s for s in at.selectbox if s.label == "Whose answers")


def after_heading(at, statement_id: str) -> str:
    """The first thing written under "Look at one statement"'s heading of the statement (its
    heading alone, where the lists number theirs)."""
    written = markdowns(at)
    return written[written.index(HEADINGS[statement_id]) + 1]


def test_the_widest_gaps_are_listed_widest_first_with_both_sides(empty_app):
    make_round(empty_app)
    at = open_page("results")
    assert not at.exception and not at.error
    assert "Where lived experience and others differ most" in [h.value for h in at.header]
    text = shown(at)
    assert INTRO in text
    written = markdowns(at)
    # info-1 is first among the disagreements too: the list of gaps comes after them.
    first = f"1. {HEADINGS['info-1']}"
    start = len(written) - 1 - written[::-1].index(first)
    expected = []
    for number, statement_id in enumerate(WIDEST, start=1):
        expected += [f"{number}. {HEADINGS[statement_id]}", SIDES[statement_id]]
    assert written[start : start + len(expected)] == expected
    # Five at most: change-2, as far apart as info-4 but later in the framework, is left off,
    # and so is change-5 (a third of a rung apart).
    assert not any(line.startswith("6. ") for line in written)
    assert "**change-2**" not in text and "**change-5**" not in text
    # flexible-3 and change-1 have only two people on one side: left out, and said so.
    assert (
        "2 statements are left out: fewer than 3 people on one side or both placed them on the "
        "ladder."
    ) in text


def test_an_i_statement_leads_with_lived_experience_and_staff_beside(empty_app):
    make_round(empty_app)
    at = open_page("results")
    statement_picker(at).set_value("community-1").run()
    assert not at.exception and not at.error
    written = markdowns(at)
    at_heading = written.index(HEADINGS["community-1"])
    assert written[at_heading + 1 : at_heading + 3] == [
        SIDES["community-1"],
        "On average people placed it at 4.5 (near Co-design), from 6 answers placed on the "
        "ladder. Answers spread over about 0.5 rungs either side of the average. People broadly "
        "agree about this one.",
    ]


def test_a_we_statement_shows_everyone_only(empty_app):
    make_round(empty_app)
    at = open_page("results")
    statement_picker(at).set_value("wellbeing-4").run()
    assert not at.exception and not at.error
    assert after_heading(at, "wellbeing-4") == (
        "On average people placed it at 3.0 (near Consultation), from 6 answers placed on the "
        "ladder. Answers spread over about 1.0 rung either side of the average. People disagree "
        "about this one."
    )
    # Its two sides are in the list of gaps only, once.
    assert markdowns(at).count(SIDES["wellbeing-4"]) == 1


def test_the_disagreement_cards_lead_i_statements_with_lived_experience(empty_app):
    """Widest spread first: info-1 (1.5 rungs), flexible-3 (1.5, a little less), wellbeing-4
    (1.0). The two "I" statements show lived experience first, or why not; the "We" one not."""
    make_round(empty_app)
    at = open_page("results")
    written = markdowns(at)
    first = written.index(f"1. {HEADINGS['info-1']}")
    assert written[first + 1] == SIDES["info-1"]
    assert written[first + 2].startswith("Answers spread over about 1.5 rungs")
    second = written.index(f"2. {HEADINGS['flexible-3']}")
    assert written[second + 1].startswith("Answers spread over about 1.5 rungs")
    third = written.index(f"3. {HEADINGS['wellbeing-4']}")
    assert written[third + 1].startswith("Answers spread over about 1.0 rung")
    captions = read_all(c.value for c in at.caption)
    assert captions.count(LIVED_TOO_FEW) == 1  # flexible-3's card
    # The widest disagreement, info-1, is the statement looked at first: lived experience
    # first there too.
    assert statement_picker(at).value == "info-1"
    assert written.count(SIDES["info-1"]) == 3  # its card, the list of gaps and below


def test_a_side_too_small_for_one_statement_is_not_shown(empty_app):
    make_round(empty_app)
    at = open_page("results")
    statement_picker(at).set_value("flexible-3").run()
    assert not at.exception and not at.error
    captions = read_all(c.value for c in at.caption)
    assert captions.count(LIVED_TOO_FEW) == 2  # its disagreement card and below
    assert "from 2 people" not in shown(at)
    statement_picker(at).set_value("change-1").run()
    captions = read_all(c.value for c in at.caption)
    assert STAFF_TOO_FEW in captions
    assert after_heading(at, "change-1").startswith("On average people placed it at 5.2")


def test_a_minimum_of_four_hides_both_sides_of_three(empty_app):
    organisation = make_round(empty_app)
    empty_app.set_minimum_group_size(organisation.id, 4)
    at = open_page("results")
    assert not at.exception and not at.error
    text = shown(at)
    assert (
        "No statement can be compared yet: each needs at least 4 people who draw on care and "
        "support or carers and 4 staff and others to place it on the ladder."
    ) in text
    assert "on average 6.0" not in text and "left out" not in text
    # info-1, looked at first: neither side, and why.
    assert (
        "Not shown side by side: fewer than 4 people who draw on care and support or carers, "
        "and fewer than 4 staff and others, placed this statement on the ladder, so each side's "
        "answers are shown only within everyone's."
    ) in read_all(c.value for c in at.caption)


def test_one_side_chosen_has_nothing_to_compare(empty_app):
    make_round(empty_app)
    at = open_page("results")
    whose(at).set_value("lived").run()
    assert not at.exception and not at.error
    text = shown(at)
    assert (
        "This compares people who draw on care and support and carers with staff and others, "
        "so it needs both: choose “All” in “Whose answers” to see it."
    ) in text
    assert "Staff and others: on average" not in text
    statement_picker(at).set_value("info-1").run()
    # info-1 as people with lived experience alone placed it, as before.
    assert after_heading(at, "info-1") == (
        "On average people placed it at 6.0 (near Co-production), from 3 answers placed on the "
        "ladder. Everyone who answered placed this statement on the same rung."
    )


def test_no_statement_half_a_rung_apart_says_so(empty_app):
    make_round(empty_app, given={})
    at = open_page("results")
    assert not at.exception and not at.error
    text = shown(at)
    assert (
        "No statement is 0.5 rungs or more apart: on each of the 30 statements compared, the two "
        "averages are closer than that."
    ) in text
    assert "left out" not in text
    # An "I" statement still shows both sides, the same.
    statement_picker(at).set_value("info-1").run()
    assert after_heading(at, "info-1") == (
        f"{LIVED_SIDE}: on average 4.0 (near Engagement), from 3 people.  \n"
        "Staff and others: on average 4.0 (near Engagement), from 3 people.  \n"
        f"{LIVED_SIDE} place it about the same as staff and others."
    )


def test_easy_read_shows_the_three_widest_in_easy_words(empty_app):
    make_round(empty_app)
    at = open_page("results", easy=True)
    assert not at.exception and not at.error
    assert "Where people who get care and staff see it differently" in [h.value for h in at.header]
    expected = [
        "**People like you check our information. This makes it easier to understand.**",
        "People who get care and carers say we work with them more than staff think.",
        "**We ask what a good life means to you. We use your ideas in our plans.**",
        "People who get care and carers say we work with them less than staff think.",
        "**You help choose what happens in your local area.**",
        "People who get care and carers say we work with them less than staff think.",
    ]
    # Last on the page (info-1 and wellbeing-4 are among the disagreements above too).
    assert markdowns(at)[-len(expected) :] == expected
