"""How long text may be, and which characters it may not hold, wherever it enters the toolkit.

One set of limits serves every way in (answers files, forms in the app, backups, framework
files, the command line) and both databases, so SQLite, which would store anything, and
PostgreSQL, which refuses over-long names and NUL characters with its own internal errors,
keep exactly the same data. Lengths count characters, as PostgreSQL does.
"""

from __future__ import annotations

ID_MAX = 100
"""Ids of statements, themes, rungs, perspectives and frameworks."""
VERSION_MAX = 50
"""A framework's version."""
NAME_MAX = 200
"""Names and titles: organisations, rounds, respondents' names, owners, "decided by",
framework, ladder, theme and rung titles, perspective labels."""
TEXT_MAX = 4000
"""Longer text: notes with answers, reasons for agreed rungs, actions, statements and
guidance in framework files."""
MINIMUM_GROUP_SIZE = 3
"""The smallest group whose answers are ever shown on their own; an organisation may raise it."""
MAXIMUM_GROUP_SIZE = 1000
"""The largest minimum group size an organisation may choose."""
BIGGEST_ID = 2**31 - 1
"""The largest database id (PostgreSQL's integer); a larger number names nothing."""

NUL = "\x00"


def text_problem(value: str, limit: int) -> str | None:
    """Why some text cannot be kept (it holds a NUL character, or is too long), or None.

    The words follow the name of the field: "The note " + "is 4,001 characters long; ...".
    """
    if NUL in value:
        return (
            "holds a NUL character (an invisible character with code 0) that cannot be "
            "stored; remove it and try again"
        )
    if len(value) > limit:
        return f"is {len(value):,} characters long; the most allowed is {limit:,}"
    return None
