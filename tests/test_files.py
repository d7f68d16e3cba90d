"""Reading a file someone names: a regular file only, and never more than the limit, even when
the file holds more than its size on disk says."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.errors import Code
from toolkit.files import FileRefused, read_limited


def refusal(path: Path | str, limit: int) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        read_limited(path, limit)
    return caught.value


def test_a_file_that_holds_more_than_its_size_says_is_refused_after_one_byte_past_the_limit():
    # Files under /proc say they are 0 bytes long and are regular files, yet hold text: only
    # reading can find how much, so the reader reads one byte past the limit and refuses.
    proc = Path("/proc/self/status")
    if not proc.is_file() or proc.stat().st_size != 0:
        pytest.skip("needs Linux's /proc, whose files say they are 0 bytes long")
    refused = refusal(proc, 10)
    assert refused.code is Code.FILE_TOO_LARGE
    assert str(refused) == (
        "the file is more than 10 bytes; files over 10 bytes are refused to keep the toolkit "
        "safe; split it or remove what is not needed"
    )
    assert read_limited(proc, 1_000_000).startswith(b"Name:")


def test_a_file_of_exactly_the_limit_is_read_whole_and_one_byte_more_is_refused(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes(b"x" * 10)
    assert read_limited(path, 10) == b"x" * 10
    refused = refusal(path, 9)
    assert (refused.code, refused.params) == (
        Code.FILE_TOO_LARGE,
        {"size": "10", "limit": "9"},
    )
    path.write_bytes(b"")
    assert read_limited(path, 0) == b""


def test_a_nul_character_in_the_name_is_no_file_at_all(tmp_path):
    assert refusal(str(tmp_path / "a\x00b.csv"), 10).code is Code.FILE_NOT_FOUND
