"""Plain-English sentences about figures, shared by the command line, the app and reports.

A number is never shown bare: each sentence says what it means.
"""

from __future__ import annotations

import datetime as dt
import math

from toolkit.framework import Ladder
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
    3.3, where Python's own rounding would say 3.2); never '-0.0'."""
    shown = math.floor(value * 10 + 0.5) / 10
    return f"{shown + 0.0:.1f}"  # + 0.0 turns -0.0 into 0.0


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
    if abs(gap) < 0.05:
        return "People who draw on care and support and carers see the same as staff and others."
    if gap < 0:
        return (
            f"People who draw on care and support and carers see {rungs_words(gap)} less "
            "co-production than staff and others."
        )
    return (
        f"People who draw on care and support and carers see {rungs_words(gap)} more "
        "co-production than staff and others."
    )


def counts_sentence(figures: Figures) -> str:
    return (
        f"{figures.answered} answers placed on the ladder, {figures.unsure} not sure, "
        f"{figures.not_applicable} said it does not apply."
    )


# --- Results and progress pages (added for the Results and Board progress screens) ----------

"""Answers to a statement spread over at least this many rungs count as disagreement."""


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


def position_words(mean: float | None, ladder: Ladder) -> str:
    """An average position with the rung it is nearest: '4.3 (near Engagement)'."""
    if mean is None:
        return "no answers placed on the ladder"
    shown = tenths(mean)  # the rung named is the one nearest the figure shown
    return f"{shown} (near {nearest_rung(float(shown), ladder).label})"


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
    if spread < 0.05:
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
    if abs(change) < SAME_WITHIN:
        return f"About the same: it moved less than {SAME_WITHIN} of a rung."
    return f"Moved {'up' if change > 0 else 'down'} {rungs_words(change)}."


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
    if abs(change) < 0.05:
        movement = "stayed about the same"
    else:
        movement = f"moved {'up' if change > 0 else 'down'} {rungs_words(change)}"
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
    if abs(gap) < SAME_WITHIN:  # 0.0 when shown to one decimal
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
    if abs(gap) < 0.05:
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
    if abs(gap) < 0.05:
        return "0.0 rungs"
    sign = "−" if gap < 0 else "+"
    return f"{sign}{rungs_words(gap)}"


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
    if abs(change) < 0.05:
        return f"About the same: {positions}."
    return f"Moved {'up' if change > 0 else 'down'} {rungs_words(change)}: {positions}."


def easy_actions_sentence(planned: int, in_progress: int, done: int, dropped: int) -> str:
    """The actions in Easy Read: how many things we said we would do, and how many are done."""
    total = planned + in_progress + done
    if total == 0:
        return "We have not written down what we will do yet."
    return (
        f"We said we would do {_count(total, 'thing', 'things')}. "
        f"We have done {done}. We are still working on {planned + in_progress}."
    )
