"""Reading a page in AppTest as a person reads it.

AppTest hands back each element's Markdown source, and the app escapes every word that came
from a person, a file or the address (`toolkit.ui.text`): "Winter 2025/26" is in the source as
`Winter 2025\\/26`, and HTML the app builds holds `&#46;` for a full stop. Tests about what a
page says read it through `read`, which undoes exactly that: backslash escapes, character
references and the invisible word joiners. (Whether the escaping works is tested in
tests/test_ui_text.py and, in Chromium, in tests/browser/test_hostile_text.py.)
"""

from __future__ import annotations

import html
import re

from conftest import shown_text

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_WORD_JOINER = "\u2060"


def read(source: str) -> str:
    """Markdown or HTML source as its words read: escapes undone, references decoded."""
    return html.unescape(_ESCAPED.sub(r"\1", source)).replace(_WORD_JOINER, "")


def shown(at) -> str:
    """Everything the page writes as text (`conftest.shown_text`), as it reads."""
    return read(shown_text(at))


def read_all(values) -> list[str]:
    return [read(str(value)) for value in values]
