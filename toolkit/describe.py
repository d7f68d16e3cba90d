"""Plain-English sentences about figures, shared by the command line, the app and reports.

A number is never shown bare: each sentence says what it means.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

from toolkit.framework import GROUP_LABELS, GROUPS, Ladder, Rung
from toolkit.scoring import DISAGREEMENT_SPREAD, SAME_WITHIN, WIDE_GAP, Figures


def long_date(day: dt.date | None) -> str:
    """A date as people write it: "27 October 2026"; empty for no date."""
    return f"{day.day} {day:%B %Y}" if day else ""


def long_time(moment: dt.datetime | None) -> str:
    """A moment as people write it, in UTC: "27 October 2026, 16:05 UTC"; empty for none."""
    if moment is None:
        return ""
    utc = moment.astimezone(dt.UTC) if moment.tzinfo else moment
    return f"{long_date(utc.date())}, {utc:%H:%M} UTC"


def shorten(text: str, width: int = 60) -> str:
    """Text cut to `width` characters at most, ending in "…" when it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def whole(value: float) -> int:
    """Round half up, as people expect on screen (62.5 → 63, -0.4 → 0); never '-0'."""
    return int(math.floor(value + 0.5)) or 0


def tenths(value: float) -> str:
    """A figure to one decimal place, halves rounded up like every figure on screen (3.25 is
    3.3, where Python's own rounding would say 3.2); never '-0.0'. A figure below 0 (a gap, a
    change) rounds as its size does, so that -0.25 is -0.3, as "0.3 rungs less" says it."""
    shown = math.copysign(math.floor(abs(value) * 10 + 0.5) / 10, value)
    return f"{shown + 0.0:.1f}"  # + 0.0 turns -0.0 into 0.0


def tenths_number(value: float | None) -> float | None:
    """A figure for a table: the number `tenths` shows, as a number; None stays None."""
    return None if value is None else float(tenths(value))


def direction(change: float) -> int:
    """Which way a change or a gap goes, as every sentence words it: 1 up (more), -1 down
    (less), 0 about the same, for less than `scoring.SAME_WITHIN` of a rung either way
    (0.0 when shown to one decimal)."""
    if abs(change) < SAME_WITHIN:
        return 0
    return 1 if change > 0 else -1


def percent(value: float | None) -> str:
    return "–" if value is None else f"{whole(value)}%"


def share(value: float | None) -> str:
    return "–" if value is None else f"{whole(100 * value)}%"


def position(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def journey_sentence(figures: Figures, ladder: Ladder) -> str:
    start = ladder.rung(ladder.journey.from_).label.lower()
    finish = ladder.rung(ladder.journey.to).label.lower()
    if figures.journey_pct is None:
        return f"No answers placed on the ladder yet, so no journey from {start} to {finish}."
    pct = whole(figures.journey_pct)  # the words follow the figure shown: -0.4% is 0%
    if pct < 0:
        return f"{-pct}% of the journey below {start} (the journey runs {start} → {finish})."
    if pct > 100:
        return f"Past {finish}: {pct}% of the journey from {start} to {finish}."
    return f"{pct}% of the way from {start} to {finish}."


def maturity_sentence(figures: Figures) -> str:
    if figures.maturity_pct is None:
        return "No maturity figure yet: nothing has been placed on the ladder."
    return f"{whole(figures.maturity_pct)}% of the way up the whole ladder."


def doing_with_sentence(figures: Figures) -> str:
    if figures.doing_with_share is None:
        return "No answers placed on the ladder yet."
    return (
        f"{share(figures.doing_with_share)} of answers placed practice at co-design or "
        "co-production (doing with)."
    )


def gap_sentence(gap: float | None, minimum: int | None = None) -> str:
    """What the lived-experience gap means; `minimum` when it is hidden by the group rule."""
    if gap is None:
        if minimum is not None:
            return (
                f"No lived-experience gap yet: it needs answers from at least {minimum} people "
                f"who draw on care and support or carers, and {minimum} staff and others."
            )
        return (
            "No lived-experience gap yet: it needs answers both from people who draw on care "
            "and support or carers, and from staff and others."
        )
    return f"{_gap_words(gap)}."


def _gap_words(gap: float) -> str:
    """What a lived-experience gap means, as a clause that starts with a capital."""
    way = direction(gap)
    if way == 0:
        return f"{LIVED_SIDE} see the same as staff and others"
    return (
        f"{LIVED_SIDE} see {rungs_words(gap)} {'more' if way > 0 else 'less'} co-production than "
        "staff and others"
    )


def counts_sentence(figures: Figures) -> str:
    return (
        f"{answers_words(figures.answered)} placed on the ladder, {figures.unsure} not sure, "
        f"{figures.not_applicable} said it does not apply."
    )


# --- Results and progress pages (added for the Results and Board progress screens) ----------


def rungs_words(value: float) -> str:
    """'0.8 rungs', '1.0 rung': a distance on the ladder, to one decimal place."""
    shown = tenths(abs(value))
    return f"{shown} {'rung' if shown == '1.0' else 'rungs'}"


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def nearest_rung(mean: float, ladder: Ladder):
    """The rung nearest an average position (halves round up), for words beside a number."""
    index = min(max(int(mean + 0.5), 0), len(ladder.rungs) - 1)
    return ladder.rungs[index]


def shown_rung(mean: float, ladder: Ladder) -> Rung:
    """The rung nearest an average position as it is shown, to one decimal place: the rung
    named beside a figure is the one nearest the figure people read."""
    return nearest_rung(float(tenths(mean)), ladder)


def position_words(mean: float | None, ladder: Ladder) -> str:
    """An average position with the rung it is nearest: '4.3 (near Engagement)'."""
    if mean is None:
        return "no answers placed on the ladder"
    return f"{tenths(mean)} (near {shown_rung(mean, ladder).label})"


def ladder_scale_sentence(ladder: Ladder) -> str:
    """What the numbers on the ladder mean: 0 is the bottom rung, the last is the top."""
    top = len(ladder.rungs) - 1
    return (
        f"Positions on the ladder run from 0 ({ladder.rungs[0].label}) to {top} "
        f"({ladder.rungs[-1].label})."
    )


def people_sentence(
    respondents: dict[str, int], lived_experience: dict[str, bool], *, everyone: bool = True
) -> str:
    """How many people answered, split into lived experience and staff and others.

    `respondents` counts people by perspective id; `lived_experience` says which perspective
    ids are people who draw on care and support or carers.
    """
    total = sum(respondents.values())
    if total == 0:
        return "Nobody has sent in answers yet." if everyone else "Nobody in this group answered."
    lived = sum(n for pid, n in respondents.items() if lived_experience.get(pid, False))
    others = total - lived
    verb = "answered" if everyone else "in this group answered"
    parts = []
    if lived:
        parts.append(
            f"{lived} {'person who draws' if lived == 1 else 'people who draw'} on care and "
            "support or carers"
        )
    if others:
        parts.append(f"{others} staff and others")
    return f"{_people(total)} {verb} ({' and '.join(parts)})."


def small_group_sentence(minimum: int) -> str:
    """Why a group's own figures are not shown (the minimum group rule)."""
    return (
        f"Fewer than {minimum} people in this group answered, so their answers are shown only "
        "within everyone's."
    )


def too_few_sentence(count: int, minimum: int) -> str:
    """Why a round's results are not shown yet: fewer people than the minimum answered."""
    return (
        f"{_people(count)} {'has' if count == 1 else 'have'} sent in answers so far. Results "
        f"show once at least {minimum} have, so that nobody's answers can be picked out."
    )


def easy_too_few_sentence(minimum: int) -> str:
    return f"We show what people said when {minimum} people or more have answered."


def counted_sentence(drafts: int) -> str:
    """Why people who have not sent their answers in yet are left out of the figures."""
    base = "Only answers that have been sent in are counted."
    if drafts == 0:
        return base
    started = "1 person has started" if drafts == 1 else f"{drafts} people have started"
    return f"{base} {started} but not sent their answers in yet, so they are not in these figures."


def spread_sentence(spread: float | None) -> str:
    """How far apart people's answers to one statement are (the spread, in rungs)."""
    if spread is None:
        return "Nobody placed this statement on the ladder, so there is no spread."
    if spread == 0:
        return "Everyone who answered placed this statement on the same rung."
    if tenths(spread) == "0.0":
        return "Nearly everyone who answered placed this statement on the same rung."
    agree = (
        "People disagree about this one."
        if spread >= DISAGREEMENT_SPREAD
        else "People broadly agree about this one."
    )
    return f"Answers spread over about {rungs_words(spread)} either side of the average. {agree}"


def statement_sentence(mean: float | None, answered: int, ladder: Ladder) -> str:
    """Where one statement sits on average, and from how many answers."""
    if mean is None or answered == 0:
        return "Nobody has placed this statement on the ladder yet."
    return (
        f"On average people placed it at {position_words(mean, ladder)}, "
        f"from {_count(answered, 'answer', 'answers')} placed on the ladder."
    )


def distribution_line(
    distribution: dict[str, int], unsure: int, not_applicable: int, ladder: Ladder
) -> str:
    """One statement's answers rung by rung, as text: 'Informing 2 · Consultation 5 · …'."""
    parts = [f"{rung.label} {distribution.get(rung.id, 0)}" for rung in ladder.rungs]
    parts += [f"Not sure {unsure}", f"Doesn't apply {not_applicable}"]
    return "How many chose each answer: " + " · ".join(parts) + "."


def rung_words(rung_id: str, ladder: Ladder) -> str:
    """A rung id (or 'unsure') in words."""
    if rung_id in ladder.rung_ids:
        return ladder.rung(rung_id).label
    return "Not sure" if rung_id == "unsure" else rung_id


def agreed_sentence(rung_id: str, reason: str, decided_by: str, ladder: Ladder) -> str:
    """What the group agreed for a statement after talking it through, and why."""
    if rung_id == "unsure":
        sentence = "The group agreed they were not sure where this sits"
    else:
        sentence = f"The group agreed on {rung_words(rung_id, ladder)}"
    reason = reason.strip().rstrip(".")
    sentence += f", because: {reason}." if reason else " (no reason recorded)."
    if decided_by.strip():
        sentence += f" Decided by {decided_by.strip()}."
    return sentence


def change_sentence(change: float | None) -> str:
    """How far one statement or theme moved between two rounds, in rungs."""
    if change is None:
        return "Not compared: it has no answers placed on the ladder in one of the two rounds."
    if direction(change) == 0:
        return f"About the same: it moved less than {SAME_WITHIN} of a rung."
    return f"Moved {_up_or_down(change)} {rungs_words(change)}."


def _up_or_down(change: float) -> str:
    return "up" if direction(change) > 0 else "down"


def moved_sentence(up: int, down: int, same: int = 0) -> str:
    """How many statements moved up and down between two rounds."""
    sentence = (
        f"↑ {_count(up, 'statement', 'statements')} moved up, "
        f"↓ {_count(down, 'statement', 'statements')} moved down"
    )
    if same:
        sentence += f", {same} stayed about the same"
    return sentence + "."


def overall_change_sentence(
    before: float | None, after: float | None, shared: int, ladder: Ladder
) -> str:
    """The change of the average position over the statements two rounds share."""
    statements = _count(shared, "statement", "statements")
    if before is None or after is None:
        return (
            "There is no overall change to show yet: one of the rounds has no answers placed "
            f"on the ladder over the {statements} both share."
        )
    change = after - before
    if direction(change) == 0:
        movement = "stayed about the same"
    else:
        movement = f"moved {_up_or_down(change)} {rungs_words(change)}"
    return (
        f"Over the {statements} both rounds share, the average position {movement}: "
        f"from {position_words(before, ladder)} to {position_words(after, ladder)}."
    )


def actions_line(planned: int, in_progress: int, done: int, dropped: int, overdue: int) -> str:
    """An organisation's actions by status: 'Actions: 4 done · 3 in progress · 1 overdue'."""
    total = planned + in_progress + done + dropped
    if total == 0:
        return "No actions agreed yet."
    parts = [f"{done} done", f"{in_progress} in progress", f"{planned} planned"]
    if overdue:
        parts.append(f"{overdue} overdue")
    if dropped:
        parts.append(f"{dropped} no longer needed")
    return "Actions: " + " · ".join(parts) + "."


def actions_sentence(planned: int, in_progress: int, done: int, dropped: int, overdue: int) -> str:
    """What the action counts mean, in a sentence."""
    total = planned + in_progress + done + dropped
    if total == 0:
        return "Actions are what the organisation agrees to do about a statement or a theme."
    sentence = (
        f"Of {_count(total, 'action', 'actions')}, {done} {'is' if done == 1 else 'are'} done"
    )
    open_ = planned + in_progress
    sentence += f" and {open_} {'is' if open_ == 1 else 'are'} still to finish"
    if dropped:
        sentence += f", and {dropped} {'is' if dropped == 1 else 'are'} no longer needed"
    if overdue:
        sentence += (
            f". {overdue} of those still to finish {'is' if overdue == 1 else 'are'} past the "
            "due date"
        )
    return sentence + "."


# --- Lived experience beside staff and others, statement by statement ------------------------

LIVED_SIDE = "People who draw on care and support and carers"
OTHERS_SIDE = "Staff and others"


def side_sentence(lived: bool, mean: float | None, answered: int, ladder: Ladder) -> str:
    """Where one side of the lived-experience gap placed a statement on average, and how many
    of them placed it on the ladder."""
    side = LIVED_SIDE if lived else OTHERS_SIDE
    if mean is None or answered == 0:
        return f"{side}: nobody placed it on the ladder."
    return f"{side}: on average {position_words(mean, ladder)}, from {_people(answered)}."


def statement_gap_sentence(gap: float) -> str:
    """Which side of the lived-experience gap places a statement higher, and by how far."""
    if direction(gap) == 0:  # 0.0 when shown to one decimal
        return (
            "People who draw on care and support and carers place it about the same as staff "
            "and others."
        )
    if gap > 0:
        return (
            f"People who draw on care and support and carers place it {rungs_words(gap)} "
            "higher than staff and others."
        )
    return (
        f"Staff and others place it {rungs_words(gap)} higher than people who draw on care and "
        "support and carers."
    )


def sides_short_sentence(lived_short: bool, others_short: bool, minimum: int) -> str:
    """Why a statement is not shown for each side on its own (the minimum group rule)."""
    lived = f"{minimum} people who draw on care and support or carers"
    others = f"{minimum} staff and others"
    if lived_short and others_short:
        who = f"{lived}, and fewer than {others},"
    else:
        who = lived if lived_short else others
    return (
        f"Not shown side by side: fewer than {who} placed this statement on the ladder, so each "
        "side's answers are shown only within everyone's."
    )


def lived_gaps_intro(limit: int, minimum: int) -> str:
    """What "where lived experience and others differ most" lists, and how it differs from
    "where people disagree most"."""
    return (
        "“Where people disagree most” measures how far everyone's answers to a statement "
        "spread; this compares two groups' averages instead: people who draw on care and "
        "support and carers, and staff and others. It lists the statements whose two averages "
        f"are {WIDE_GAP:.1f} rungs or more apart, widest first (up to {limit}), counting only "
        f"statements that at least {minimum} people on each side placed on the ladder."
    )


def lived_gaps_one_side_sentence() -> str:
    """Why there is nothing to compare when the answers chosen are from one side only."""
    return (
        "This compares people who draw on care and support and carers with staff and others, "
        "so it needs both: choose “All” in “Whose answers” to see it."
    )


def no_lived_gaps_sentence(compared: int, minimum: int) -> str:
    """Why no statement is listed: none could be compared, or none is far enough apart."""
    if compared == 0:
        return (
            "No statement can be compared yet: each needs at least "
            f"{minimum} people who draw on care and support or carers and {minimum} staff and "
            "others to place it on the ladder."
        )
    where = (
        "on the one statement compared"
        if compared == 1
        else f"on each of the {compared} statements compared"
    )
    return (
        f"No statement is {WIDE_GAP:.1f} rungs or more apart: {where}, the two averages are "
        "closer than that."
    )


def lived_gaps_left_out_sentence(left_out: int, minimum: int) -> str:
    """How many statements are not compared, for too few people on a side."""
    return (
        f"{_count(left_out, 'statement is', 'statements are')} left out: fewer than {minimum} "
        f"people on one side or both placed {'it' if left_out == 1 else 'them'} on the ladder."
    )


# --- Easy Read ---------------------------------------------------------------------------------


def easy_people_sentence(count: int) -> str:
    if count == 0:
        return "Nobody has sent in answers yet."
    return f"{_people(count)} told us what they think."


def easy_position_sentence(figures: Figures, ladder: Ladder) -> str:
    """Where people put us on average, in the nearest rung's Easy Read words."""
    if figures.mean_position is None:
        return "Nobody has answered yet."
    return (
        f"Putting all the answers together: {nearest_rung(figures.mean_position, ladder).easy_read}"
    )


def easy_doing_with_sentence(figures: Figures) -> str:
    if figures.doing_with_share is None:
        return "Nobody has answered yet."
    out_of_ten = int(10 * figures.doing_with_share + 0.5)
    if out_of_ten == 0:
        return "Almost no answers say we plan and do things with you."
    if out_of_ten == 10:
        return "Almost all answers say we plan and do things with you."
    return f"About {out_of_ten} in 10 answers say we plan and do things with you."


def easy_gap_sentence(gap: float | None, minimum: int | None = None) -> str:
    if gap is None:
        if minimum is not None:
            return (
                f"We need answers from {minimum} people who get care and {minimum} staff "
                "to compare them."
            )
        return "We need answers from people who get care and from staff to compare them."
    if direction(gap) == 0:
        return "People who get care and carers see it the same way as staff."
    if gap < 0:
        return "People who get care and carers say we work with them less than staff think."
    return "People who get care and carers say we work with them more than staff think."


def easy_change_sentence(up: int, down: int) -> str:
    return (
        f"{_count(up, 'thing', 'things')} got better. {_count(down, 'thing', 'things')} got worse."
    )


def gap_value(gap: float | None) -> str:
    """The lived-experience gap as a short figure for a card: '−0.7 rungs' (see gap_sentence)."""
    if gap is None:
        return "–"
    if direction(gap) == 0:
        return "0.0 rungs"
    return f"{_sign(gap)}{rungs_words(gap)}"


def gap_figure(gap: float) -> str:
    """The lived-experience gap as a signed figure, for a chart beside its axis of rungs:
    '−0.7', '+1.0', '0.0' (about the same); the figure of `gap_value`."""
    if direction(gap) == 0:
        return "0.0"
    return f"{_sign(gap)}{tenths(abs(gap))}"


def _sign(gap: float) -> str:
    return "+" if direction(gap) > 0 else "−"


def easy_agreed_sentence(rung_id: str, ladder: Ladder) -> str:
    """What the group agreed, in the rung's Easy Read words."""
    if rung_id in ladder.rung_ids:
        return f"We talked about it and agreed: {ladder.rung(rung_id).easy_read}"
    return "We talked about it. We are still not sure."


def statement_change_sentence(before: float | None, after: float | None, ladder: Ladder) -> str:
    """How one statement moved between two rounds, with both positions in words."""
    if before is None or after is None:
        return change_sentence(None)
    change = after - before
    positions = f"from {position_words(before, ladder)} to {position_words(after, ladder)}"
    if direction(change) == 0:
        return f"About the same: {positions}."
    return f"Moved {_up_or_down(change)} {rungs_words(change)}: {positions}."


def easy_actions_sentence(planned: int, in_progress: int, done: int, dropped: int) -> str:
    """The actions in Easy Read: how many things we said we would do, and how many are done."""
    total = planned + in_progress + done
    if total == 0:
        return "We have not written down what we will do yet."
    return (
        f"We said we would do {_count(total, 'thing', 'things')}. "
        f"We have done {done}. We are still working on {planned + in_progress}."
    )


# --- The charts' text alternatives (toolkit.charts) -------------------------------------------
# A chart's `alt` is made of these sentences, and its labels of these figures, so the app, the
# PDF and the HTML say what a chart shows in the same words as the sentences beside it.

NO_ANSWERS = "No answers yet"


def answers_words(count: int) -> str:
    """'1 answer', '436 answers'."""
    return _count(count, "answer", "answers")


def of_answers(count: int, total: int) -> str:
    """'189 of 436 answers': a part of the answers placed on the ladder."""
    return f"{count} of {answers_words(total)}"


def share_of(count: int, total: int) -> str:
    """A count as a whole percentage of a total, as every share is shown: '13%' for 1 of 8;
    '–' when there is no total."""
    return percent(100 * count / total if total else None)


def list_words(items: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _none_has(count: int, one: str, many: str) -> str:
    """The start of 'none of the 6 themes has an answer', 'the 1 theme has no answer'."""
    return f"the 1 {one} has no" if count == 1 else f"none of the {count} {many} has an"


def set_aside_sentence(unsure: int, not_applicable: int) -> str:
    """The answers a chart of rungs leaves out: 'Not shown: 2 'not sure' and 1 'doesn't
    apply'.'"""
    return f"Not shown: {unsure} 'not sure' and {not_applicable} 'doesn't apply'."


def no_answers_for_sentence(titles: Sequence[str]) -> str:
    """The themes (or rounds) a chart marks as having no answers."""
    return f"{NO_ANSWERS} for {list_words(titles)}."


def themes_without_answers_sentence(themes: int, *, either_side: bool = False) -> str:
    """Why a chart of themes is empty."""
    by = " by either group" if either_side else ""
    return f"{NO_ANSWERS}: {_none_has(themes, 'theme', 'themes')} answer placed on the ladder{by}."


def groups_sentence(groups: Mapping[str, int], answered: int) -> str:
    """How the answers placed on the ladder divide between doing with, for and to."""
    first, *rest = (
        (share_of(groups.get(group, 0), answered), GROUP_LABELS[group].lower())
        for group in reversed(GROUPS)
    )
    parts = [f"{first[0]} are {first[1]}", *(f"{share} {words}" for share, words in rest)]
    return f"Of {answers_words(answered)} placed on the ladder, {list_words(parts)}."


def doing_with_by_theme_sentence(shares: Sequence[tuple[str, float]]) -> str:
    """Where doing with is highest and lowest: `shares` are (theme, % of its answers)."""
    high = max(shares, key=lambda item: item[1])
    low = min(shares, key=lambda item: item[1])
    if len(shares) == 1 or whole(high[1]) == whole(low[1]):
        where = high[0] if len(shares) == 1 else "every theme with answers"
        return f"Doing with is {percent(high[1])} of answers in {where}."
    return (
        f"Doing with is highest in {high[0]} ({percent(high[1])} of answers) "
        f"and lowest in {low[0]} ({percent(low[1])})."
    )


def theme_positions_sentence(positions: Sequence[tuple[str, float]], ladder: Ladder) -> str:
    """Which theme sits highest on the ladder and which lowest: `positions` are (theme,
    average position)."""
    high = max(positions, key=lambda item: item[1])
    low = min(positions, key=lambda item: item[1])
    if len(positions) == 1 or tenths(high[1]) == tenths(low[1]):
        where = high[0] if len(positions) == 1 else "every theme with answers"
        return f"The average position is {position_words(high[1], ladder)} in {where}."
    return (
        f"{high[0]} is highest, at {tenths(high[1])} on the ladder "
        f"(near {shown_rung(high[1], ladder).label}); {low[0]} is lowest, "
        f"at {position_words(low[1], ladder)}."
    )


def left_out_sentence(titles: Sequence[str]) -> str:
    """The themes a chart of positions leaves out."""
    return f"Left out, with no answers yet: {list_words(titles)}."


def overall_gap_sentence(gap: float) -> str:
    """The lived-experience gap over every statement, beside a chart of it theme by theme:
    `gap_sentence` after 'Overall, '."""
    words = _gap_words(gap)
    return f"Overall, {words[0].lower()}{words[1:]}."


def widest_difference_sentence(theme: str, lived: float, others: float) -> str:
    """The theme whose two sides are furthest apart, each side's average position."""
    return f"The widest difference is in {theme}: {tenths(lived)} against {tenths(others)}."


def one_side_sentence(lived: float | None, others: float | None, ladder: Ladder) -> str:
    """Why the two sides cannot be compared: only one of them (the one not None) answered."""
    missing = "people who draw on care and support or carers" if lived is None else OTHERS_SIDE
    present, side = (others, OTHERS_SIDE) if lived is None else (lived, LIVED_SIDE)
    return (
        f"There is nothing to compare yet: no answers from {missing.lower()}. {side} place "
        f"practice at {tenths(present)} on average (near {shown_rung(present, ladder).label})."
    )


def not_compared_sentence(titles: Sequence[str]) -> str:
    """The themes that one side or the other did not place on the ladder."""
    return f"Not compared, for lack of answers: {list_words(titles)}."


def statements_without_answers_sentence(statements: int) -> str:
    """Why a chart of every statement is empty."""
    return (
        f"{NO_ANSWERS}: {_none_has(statements, 'statement', 'statements')} answer placed on "
        "the ladder."
    )


def heatmap_reading_sentence(statements: int, ladder: Ladder) -> str:
    """How to read a grid of statements by rungs."""
    return (
        f"Each of the {statements} rows is a statement and each column a rung, from "
        f"{ladder.rungs[0].label} to {ladder.rungs[-1].label}; the number is how many people "
        "placed the statement on that rung."
    )


def common_rung_sentence(rung: str, count: int, answered: int) -> str:
    """The rung chosen most often, over every statement."""
    return f"{rung} is the most common rung, with {of_answers(count, answered)}."


def statement_without_answers_sentence() -> str:
    """Why a chart of one statement's answers is empty (the statement is named by its words
    beside the chart; its id is never shown)."""
    return f"{NO_ANSWERS}: nobody has placed this statement on the ladder."


def statement_common_rung_sentence(rung: str, count: int, answered: int) -> str:
    """The rung chosen most often for one statement."""
    return (
        f"Of {answers_words(answered)} placing this statement on the ladder, the most "
        f"common rung is {rung} ({count}, {share_of(count, answered)})."
    )


def _journey_ends(ladder: Ladder) -> tuple[str, str]:
    return ladder.rung(ladder.journey.from_).label, ladder.rung(ladder.journey.to).label


def journey_figure(journey_pct: float, ladder: Ladder) -> str:
    """Journey % as a figure, saying where it is beyond either end: '-62% (below Engagement)',
    '33%', '110% (past Co-design)'; the words follow the figure shown, as `journey_sentence`'s
    do."""
    start, finish = _journey_ends(ladder)
    shown = whole(journey_pct)
    if shown < 0:
        return f"{percent(journey_pct)} (below {start})"
    if shown > 100:
        return f"{percent(journey_pct)} (past {finish})"
    return percent(journey_pct)


def journey_way(journey_pct: float, ladder: Ladder) -> str:
    """'33% of the way from Engagement to Co-design'."""
    start, finish = _journey_ends(ladder)
    return f"{percent(journey_pct)} of the way from {start} to {finish}"


def journey_trend_sentence(rounds: Sequence[tuple[str, float]], ladder: Ladder) -> str:
    """How far along the journey practice went, from the first round to the last: `rounds`
    are (round, journey %), the rounds with answers only."""
    start, finish = _journey_ends(ladder)
    (first_title, first), (last_title, last) = rounds[0], rounds[-1]
    if len(rounds) == 1:
        return (
            f"In {first_title}, practice was {journey_figure(first, ladder)} of the way from "
            f"{start} to {finish}."
        )
    return (
        f"The journey from {start} to {finish} went from {journey_figure(first, ladder)} in "
        f"{first_title} to {journey_figure(last, ladder)} in {last_title}."
    )


def journey_scale_sentence(ladder: Ladder) -> str:
    """What 0% and 100% of the journey mean."""
    start, finish = _journey_ends(ladder)
    return f"0% is {start} and 100% is {finish}."


def rounds_without_answers_sentence(rounds: int) -> str:
    """Why a chart of rounds is empty."""
    return f"{NO_ANSWERS}: {_none_has(rounds, 'round', 'rounds')} answer placed on the ladder."


def no_answers_in_sentence(rounds: Sequence[str]) -> str:
    """The rounds a chart of rounds shows no figure for."""
    return f"{NO_ANSWERS} in {list_words(rounds)}."


def theme_trends_reading_sentence(themes: int, rounds: int, ladder: Ladder) -> str:
    """How to read small charts of each theme's position, round by round."""
    top = len(ladder.rungs) - 1
    return (
        f"Each of {themes} small charts shows one theme's average position on the ladder "
        f"(0 = {ladder.rungs[0].label}, {top} = {ladder.rungs[-1].label}) in "
        f"{_count(rounds, 'round', 'rounds')}."
    )


def themes_without_answers_in_rounds_sentence(rounds: int) -> str:
    """Why the small charts of themes are all empty."""
    where = "the 1 round" if rounds == 1 else f"any of the {rounds} rounds"
    return f"{NO_ANSWERS}: no theme has an answer placed on the ladder in {where}."


def themes_moved_sentence(up: int, down: int, same: int = 0) -> str:
    """How many themes went up and down from their first answered round to their last, each
    counted by `direction`, as `change_sentence` words one theme's move."""
    total = _count(up + down + same, "theme", "themes")
    sentence = f"From first to last answered round, {up} of {total} went up and {down} went down"
    if same:
        sentence += f"; {same} stayed about the same"
    return sentence + "."


def moved_most_sentence(theme: str, before: tuple[str, float], after: tuple[str, float]) -> str:
    """The theme that moved most: (round, average position) before and after."""
    return (
        f"{theme} moved most, from {tenths(before[1])} in {before[0]} to {tenths(after[1])} "
        f"in {after[0]}."
    )


def highest_theme_sentence(theme: str, mean: float) -> str:
    """The theme that sits highest in its latest answered round."""
    return f"{theme} is highest, at {tenths(mean)}."


def gap_trend_sentence(rounds: Sequence[tuple[str, float]]) -> str:
    """How the lived-experience gap went from the first round to the last: `rounds` are
    (round, gap), the rounds with a gap only."""
    (first_title, first), (last_title, last) = rounds[0], rounds[-1]
    if len(rounds) == 1:
        return f"In {first_title}, the gap was {gap_value(first)}."
    return (
        f"The gap went from {gap_value(first)} in {first_title} to {gap_value(last)} in "
        f"{last_title}."
    )


def no_gap_for_sentence(rounds: Sequence[str]) -> str:
    """The rounds a chart of the gap shows no figure for."""
    return f"No gap shown for {list_words(rounds)}: too few people on one side answered."


def no_gap_in_rounds_sentence(rounds: Sequence[str]) -> str:
    """Why a chart of the gap round by round is empty."""
    where = rounds[0] if len(rounds) == 1 else f"any of the {len(rounds)} rounds"
    return (
        f"No lived-experience gap to show in {where}: it needs enough people on each side, "
        "people who draw on care and support or carers, and staff and others."
    )
