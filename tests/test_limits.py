"""One set of limits for every way in: each keeps text of exactly its length, refuses one
character more, and refuses a NUL character at any length."""

from __future__ import annotations

import pytest

from toolkit.limits import (
    BIGGEST_ID,
    ID_MAX,
    MAXIMUM_GROUP_SIZE,
    MINIMUM_GROUP_SIZE,
    NAME_MAX,
    TEXT_MAX,
    VERSION_MAX,
    text_problem,
)

NUL_WORDS = (
    "holds a NUL character (an invisible character with code 0) that cannot be stored; "
    "remove it and try again"
)


@pytest.mark.parametrize(
    ("limit", "longest", "one_more"),
    [
        (ID_MAX, 100, "is 101 characters long; the most allowed is 100"),
        (VERSION_MAX, 50, "is 51 characters long; the most allowed is 50"),
        (NAME_MAX, 200, "is 201 characters long; the most allowed is 200"),
        (TEXT_MAX, 4000, "is 4,001 characters long; the most allowed is 4,000"),
    ],
)
def test_each_limit_keeps_exactly_its_length_and_refuses_one_character_more(
    limit, longest, one_more
):
    assert text_problem("é" * longest, limit) is None  # characters, not bytes
    assert text_problem("é" * (longest + 1), limit) == one_more
    assert text_problem("", limit) is None
    assert text_problem("\x00", limit) == NUL_WORDS
    assert text_problem("a" * longest + "\x00", limit) == NUL_WORDS  # NUL is said first


def test_the_group_sizes_and_the_biggest_id():
    assert (MINIMUM_GROUP_SIZE, MAXIMUM_GROUP_SIZE) == (3, 1000)
    assert BIGGEST_ID == 2_147_483_647  # PostgreSQL's integer
