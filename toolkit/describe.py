"""Plain-English sentences about figures, shared by the command line, the app and reports.

A number is never shown bare: each sentence says what it means.
"""

from __future__ import annotations

from toolkit.framework import Ladder
from toolkit.scoring import Figures


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def share(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def position(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def journey_sentence(figures: Figures, ladder: Ladder) -> str:
    start = ladder.rung(ladder.journey.from_).label.lower()
    finish = ladder.rung(ladder.journey.to).label.lower()
    if figures.journey_pct is None:
        return f"No answers placed on the ladder yet, so no journey from {start} to {finish}."
    pct = figures.journey_pct
    if pct < 0:
        return (
            f"{abs(pct):.0f}% of the journey below {start} (the journey runs {start} → {finish})."
        )
    if pct > 100:
        return f"Past {finish}: {pct:.0f}% of the journey from {start} to {finish}."
    return f"{pct:.0f}% of the way from {start} to {finish}."


def maturity_sentence(figures: Figures) -> str:
    if figures.maturity_pct is None:
        return "No maturity figure yet: nothing has been placed on the ladder."
    return f"{figures.maturity_pct:.0f}% of the way up the whole ladder."


def doing_with_sentence(figures: Figures) -> str:
    if figures.doing_with_share is None:
        return "No answers placed on the ladder yet."
    return (
        f"{share(figures.doing_with_share)} of answers placed practice at co-design or "
        "co-production (doing with)."
    )


def gap_sentence(gap: float | None) -> str:
    if gap is None:
        return (
            "No lived-experience gap yet: it needs answers both from people who draw on care "
            "and support or carers, and from staff and others."
        )
    rungs = abs(gap)
    unit = "rung" if round(rungs, 1) == 1 else "rungs"
    if rungs < 0.05:
        return "People who draw on care and support and carers see the same as staff and others."
    if gap < 0:
        return (
            f"People who draw on care and support and carers see {rungs:.1f} {unit} less "
            "co-production than staff and others."
        )
    return (
        f"People who draw on care and support and carers see {rungs:.1f} {unit} more "
        "co-production than staff and others."
    )


def counts_sentence(figures: Figures) -> str:
    return (
        f"{figures.answered} answers placed on the ladder, {figures.unsure} not sure, "
        f"{figures.not_applicable} said it does not apply."
    )
