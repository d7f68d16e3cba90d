"""Reading a file someone names: a regular file only, and never more than a limit.

A device such as /dev/zero would be read until memory runs out and a named pipe would wait
forever, so anything that is not a regular file is refused before a byte is read, and at
most `limit + 1` bytes are ever read, even from a file that grows while it is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from toolkit.errors import Code


class FileRefused(Exception):
    """A file that cannot be read, with the catalogue code and values that say why."""

    def __init__(self, code: Code, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code.format(**params))


def read_limited(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileRefused otherwise."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise FileRefused(Code.FILE_NOT_FOUND) from None
    except ValueError:  # a NUL character in the path
        raise FileRefused(Code.FILE_NOT_FOUND) from None
    except OSError as error:
        raise FileRefused(Code.FILE_UNREADABLE, detail=error.strerror or "unknown") from None
    try:
        mode = os.fstat(descriptor)
        if stat.S_ISDIR(mode.st_mode):
            raise FileRefused(Code.NOT_A_FILE)
        if not stat.S_ISREG(mode.st_mode):
            raise FileRefused(Code.NOT_REGULAR_FILE)
        if mode.st_size > limit:
            raise FileRefused(Code.FILE_TOO_LARGE, size=f"{mode.st_size:,}", limit=f"{limit:,}")
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb", buffering=0) as file:
        chunks = []
        left = limit + 1
        try:
            while left > 0:
                chunk = file.read(min(left, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        except OSError as error:
            raise FileRefused(Code.FILE_UNREADABLE, detail=error.strerror or "unknown") from None
        data = b"".join(chunks)
        if len(data) > limit:
            size = f"more than {limit:,}"
            raise FileRefused(Code.FILE_TOO_LARGE, size=size, limit=f"{limit:,}")
        return data
