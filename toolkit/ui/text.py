"""Text that came from a person, a file or the address, made safe to show.

Streamlit shows nearly every string as Markdown: `st.markdown`, `st.write`, captions, alerts,
headings, metric and widget labels, radio options, `help` tooltips, expander and tab labels,
page links, buttons and `st.table` cells. Its Markdown is GitHub-flavoured (links, images,
bare addresses that become links, headings, lists, tables) with raw HTML, `$` maths,
`:red[...]`-style directives and `:material/...:` icons on top. A note that says
`## Board: please re-verify your login` or `[Verify now](https://evil.example)` must reach the
screen as those characters, never as a heading or a link. So, by where the text goes:

- `markdown_safe(text)`: anything Streamlit shows as Markdown (nearly everything);
- `label_safe(text)`: a widget label that Streamlit also uses, as it is, for the widget's
  accessible name (`aria-label`) — radios, text boxes, select boxes, toggles;
- `html_safe(text)`: the few places that build HTML themselves (`unsafe_allow_html=True`);
- `link_address(url)`: an address from a file made fit for a Markdown link, or None;
- `spreadsheet_safe(frame)`: every table shown with `st.dataframe`, whose "Download as CSV"
  would otherwise hand a spreadsheet a formula such as `=HYPERLINK(...)`; `table_safe(frame)`
  for `st.table`, whose cells are Markdown too.

Select box options are shown as plain text and need none of this. Text the app writes itself
goes in as it is; text from anywhere else goes through one of these once, just before it is
shown (never twice: escaped text escaped again shows its backslashes). A sentence from
`toolkit.describe` that carries such text is escaped whole. Plotly figures escape their own
labels in `toolkit.charts`.
"""

from __future__ import annotations

import functools
import re
import string
from urllib.parse import quote, urlsplit

import pandas as pd

__all__ = [
    "FORMULA_STARTS",
    "html_safe",
    "label_safe",
    "link_address",
    "markdown_safe",
    "spreadsheet_cell",
    "spreadsheet_safe",
    "table_safe",
]

# CommonMark lets any ASCII punctuation be escaped with a backslash, and an escaped character
# is always its literal self: never emphasis, a link, a heading, a list, a table, HTML, an
# entity, maths, a directive or an icon. Escaping all of it is simpler to trust than picking.
_PUNCTUATION = frozenset(string.punctuation)
_MARKDOWN_ESCAPES = {ord(c): f"\\{c}" for c in _PUNCTUATION}
_HTML_ESCAPES = {ord(c): f"&#{ord(c)};" for c in _PUNCTUATION}

# GitHub-flavoured Markdown makes bare addresses (`https://…`, `www.…`, `name@host`) into
# links by looking at the text after escapes are undone, so a backslash cannot stop it, and
# Streamlit then turns ` -> `, ` -- `, ` <= ` (and the like) into arrows and dashes,
# `:streamlit:` into its logo and, when a page has an emoji code of its own, `:smile:` into an
# emoji. A word joiner (U+2060: invisible, no width, no line break, skipped by screen readers)
# inside each keeps it the characters written: `www⁠.`, `:⁠//`, `@⁠`, `-⁠>`, `-⁠-`, `<⁠=`,
# `:⁠smile:`.
_WORD_JOINER = "\u2060"
_BARE_LINK = re.compile(
    r"(?i:(?<=www)(?=\.))|(?<=:)(?=//)|(?<=@)"
    r"|(?<=-)(?=[->])|(?<=<)(?=[-=])|(?<=[>~])(?==)|(?<=:)(?=[\w+-]+:)"
)
# For labels, the same joiner also parts `](`, `][` and `]:` (inline links and images,
# references and their definitions) and follows `<` (autolinks and HTML).
_LABEL_LINK = re.compile(r"(?i)(?<=www)(?=\.)|(?<=:)(?=//)|(?<=@)|(?<=\])(?=[(\[:])|(?<=<)")
_LINE_ENDS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_NO_BREAK_SPACE = "\u00a0"

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _lines(value: object) -> list[str]:
    text = "" if value is None else str(value)
    return _LINE_ENDS.sub("\n", text.replace("\x00", "")).split("\n")


def markdown_safe(value: object) -> str:
    """`value` as Markdown that Streamlit shows exactly as written, and only as text.

    Every ASCII punctuation character is escaped with a backslash, and bare web and e-mail
    addresses get an invisible word joiner so that they are not made into links (as do the
    few character pairs Streamlit would turn into arrows, and emoji codes). Each line
    break becomes a Markdown line break; a blank line between lines stays a visible gap (a
    line holding a no-break space), and blank lines before and after the text are dropped.
    Spaces and tabs around each line are dropped too: four at the start would make a code
    block, and one at the end would stop a closing `*` working. The result fits inside a
    paragraph, a list item, the text of a heading, or bold and italic markers.
    """
    text = "" if value is None else str(value)
    return _markdown_safe_short(text) if len(text) <= _KEPT_LENGTH else _markdown_safe(text)


# Pages show the same words on every rerun: short texts are escaped once and kept (at most
# _KEPT texts of at most _KEPT_LENGTH characters, a few megabytes).
_KEPT, _KEPT_LENGTH = 8192, 400


def _markdown_safe(value: str) -> str:
    lines = [line.strip(" \t") for line in _lines(value)]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "  \n".join(
        _BARE_LINK.sub(_WORD_JOINER, line).translate(_MARKDOWN_ESCAPES) or _NO_BREAK_SPACE
        for line in lines
    )


_markdown_safe_short = functools.lru_cache(maxsize=_KEPT)(_markdown_safe)


def label_safe(value: object) -> str:
    """`value` as a widget label that can link to nothing and load nothing, and that still
    reads as written where Streamlit uses it unrendered, as the widget's accessible name.

    Backslashes would be read out there, so only invisible word joiners are added, where
    Markdown would otherwise make a link, an image, an autolink or HTML. Streamlit shows a
    label without headings, lists, tables or quotes, so those cannot appear either, though
    emphasis, `$` maths or a `:red[...]` colour could still style the words. Use it for the
    radio label of a question, which is hidden and names the choices for screen readers;
    show visible text with `markdown_safe`.
    """
    text = "" if value is None else str(value)
    return _label_safe_short(text) if len(text) <= _KEPT_LENGTH else _label_safe(text)


def _label_safe(value: str) -> str:
    return "\n".join(_LABEL_LINK.sub(_WORD_JOINER, line) for line in _lines(value))


_label_safe_short = functools.lru_cache(maxsize=_KEPT)(_label_safe)


def html_safe(value: object) -> str:
    """`value` as HTML text, for the few places that build HTML (`unsafe_allow_html=True`).

    Every ASCII punctuation character becomes a numeric character reference (`<` is `&#60;`),
    which HTML shows as the character and Markdown never reads as markup, so the text stays
    text inside an HTML block, inside inline HTML within Markdown, and inside a quoted
    attribute. Bare addresses (and arrows and emoji codes) get the same word joiners as in
    `markdown_safe`, since text between inline HTML tags is still read as Markdown. Line breaks
    become `<br>`, never a blank line, which would end an HTML block and have the rest read
    as Markdown.
    """
    return "<br>".join(
        _BARE_LINK.sub(_WORD_JOINER, line).translate(_HTML_ESCAPES) for line in _lines(value)
    )


# Characters an address may keep as they are: RFC 3986's unreserved and reserved ones, and %,
# less the ones that could end a Markdown link destination or start markup: ( ) < > and '.
_ADDRESS_KEEPS = "-._~:/?#[]@!$&*+,;=%"


def link_address(url: object) -> str | None:
    """A web address from a file, ready to go inside `[words](<...>)`; None unless it is an
    http or https address with a host (so no `javascript:`, no `data:`, nothing relative).

    Every character that could end the link or start markup (a space, `<`, `>`, `(`, `)`,
    quotes, a backslash, a line break, anything outside ASCII) is percent-encoded, so the
    address can only ever be one link's target.
    """
    if not isinstance(url, str):
        return None
    address = url.strip()
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return quote(address, safe=_ADDRESS_KEEPS)


def spreadsheet_cell(value: object) -> object:
    """A table cell a spreadsheet will not run: text that starts like a formula gets a `'`
    in front (OWASP's advice). Numbers, dates and empty cells stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _text_columns(frame: pd.DataFrame) -> list:
    return [
        column
        for column in frame.columns
        if pd.api.types.is_object_dtype(frame[column])
        or pd.api.types.is_string_dtype(frame[column])
    ]


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` for `st.dataframe`: no text cell (or column name) can run in a
    spreadsheet. Streamlit's own "Download as CSV" writes cells as they are, so every table
    the app shows goes through this first. Numeric columns stay numbers."""
    safe = frame.copy()
    for column in _text_columns(safe):
        safe[column] = safe[column].map(spreadsheet_cell, na_action="ignore")
    safe.columns = [spreadsheet_cell(column) for column in safe.columns]
    return safe


def table_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` for `st.table`, which shows every cell and column name as Markdown:
    spreadsheet-safe first, then each text cell and name through `markdown_safe`."""
    safe = spreadsheet_safe(frame)
    for column in _text_columns(safe):
        safe[column] = safe[column].map(markdown_safe, na_action="ignore")
    safe.columns = [
        markdown_safe(column) if isinstance(column, str) else column for column in safe.columns
    ]
    return safe
