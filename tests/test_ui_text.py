"""The one escaping helper (toolkit/ui/text.py): text from people, files and the address is
shown only as text, in Markdown, in widget labels, in HTML, in links and in spreadsheets.

Expected strings are written out by hand. That the escaped Markdown really renders as plain
text in Streamlit is checked in Chromium by tests/browser/test_hostile_text.py.
"""

from __future__ import annotations

import re
import string

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.ui.text import (
    FORMULA_STARTS,
    html_safe,
    label_safe,
    link_address,
    markdown_safe,
    spreadsheet_cell,
    spreadsheet_safe,
    table_safe,
)

WJ = "\u2060"  # the invisible word joiner that keeps bare addresses from becoming links
NBSP = "\u00a0"
PUNCTUATION = re.escape(string.punctuation)
# Escaped Markdown is made of escapes (a backslash and one ASCII punctuation character) and
# characters that are not ASCII punctuation at all.
ONLY_ESCAPES = re.compile(rf"(?:\\[{PUNCTUATION}]|[^{PUNCTUATION}])*")

# Text people write: any characters, with the ones Markdown and HTML care about often. (Not
# the word joiner itself, which the properties below remove to read the words back.)
texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(string.punctuation + " \t\n\r" + "wh:/@.")),
        st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters=WJ),
    ),
    max_size=80,
)


# --- markdown_safe ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("doing_to *and* $5", r"doing\_to \*and\* \$5"),
        ("## Board: please re-verify your login", r"\#\# Board\: please re\-verify your login"),
        (
            "[Verify now](https://evil.example/x)",
            "\\[Verify now\\]\\(https\\:\u2060\\/\\/evil\\.example\\/x\\)",
        ),
        (
            "![i](https://evil.example/i.png)",
            r"\!\[i\]\(https\:" + WJ + r"\/\/evil\.example\/i\.png\)",
        ),
        ("go to www.evil.example", "go to www" + WJ + r"\.evil\.example"),
        ("mail me@evil.example", r"mail me\@" + WJ + r"evil\.example"),
        ('<a href="x">y</a>', r"\<a href\=\"x\"\>y\<\/a\>"),
        ("<img src=https://e.x>", r"\<img src\=https\:" + WJ + r"\/\/e\.x\>"),
        ("&lt;b&gt; &amp;", r"\&lt\;b\&gt\; \&amp\;"),
        (
            ":red[alarm] :material/home: :smile:",
            r"\:red\[alarm\] \:material\/home\: \:" + WJ + r"smile\:",
        ),
        # Streamlit makes arrows and dashes of these, and emoji of :codes:, after escapes.
        (
            "a -> b -- c <- d <= e >= f ~= g at 10:30",
            f"a \\-{WJ}\\> b \\-{WJ}\\- c \\<{WJ}\\- d \\<{WJ}\\= e \\>{WJ}\\= f "
            f"\\~{WJ}\\= g at 10\\:30",
        ),
        ("$x^2$ and `code` ~~gone~~", r"\$x\^2\$ and \`code\` \~\~gone\~\~"),
        ("| a | b |", r"\| a \| b \|"),
        ("1. first", r"1\. first"),
        ("- item", r"\- item"),
        ("> quote", r"\> quote"),
        ("a {b} c", r"a \{b\} c"),
        ("ends in a backslash \\", "ends in a backslash \\\\"),
    ],
)
def test_markdown_safe_escapes_every_kind_of_markup(text, escaped):
    assert markdown_safe(text) == escaped


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("It's £5 for the A-B course.", r"It\'s £5 for the A\-B course\."),
        ("Café – naïve “quotes”", "Café – naïve “quotes”"),
        ("We plan things with people", "We plan things with people"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_markdown_safe_leaves_ordinary_words_alone(text, escaped):
    assert markdown_safe(text) == escaped


def test_markdown_safe_keeps_line_breaks_as_line_breaks_not_blocks():
    # A setext heading, a code block and a paragraph break are all plain lines afterwards.
    assert markdown_safe("Planted\n===") == "Planted  \n\\=\\=\\="
    assert markdown_safe("Planted\r\n---") == f"Planted  \n\\-{WJ}\\-{WJ}\\-"
    assert markdown_safe("    four spaces\n\tand a tab") == "four spaces  \nand a tab"
    assert markdown_safe("one\n\ntwo") == f"one  \n{NBSP}  \ntwo"
    assert markdown_safe("one\r\rtwo\n") == f"one  \n{NBSP}  \ntwo"
    assert markdown_safe("\n\n  one  \n\n") == "one"
    assert markdown_safe("line\u2028next") == "line  \nnext"


def test_markdown_safe_drops_nul_characters():
    assert markdown_safe("a\x00b") == "ab"


@given(texts)
def test_markdown_safe_leaves_no_markup_character_unescaped(text):
    assert ONLY_ESCAPES.fullmatch(markdown_safe(text))


@given(texts)
def test_markdown_safe_starts_no_block_and_makes_no_bare_address(text):
    shown = markdown_safe(text)
    assert "\n\n" not in shown  # never a paragraph break, so never a new block of any kind
    for line in shown.split("\n"):
        assert not line.startswith((" ", "\t")), line  # so never a code block
    words = re.sub(rf"\\([{PUNCTUATION}])", r"\1", shown)  # the text as Markdown reads it
    assert not re.search(r"(?i)www\.|://|@(?!\u2060)", words)


@given(texts)
def test_markdown_safe_reads_as_the_words_written(text):
    """Undo the escapes and the joiners: each line as it was, trimmed; inner blank lines
    kept (as a no-break space), outer ones dropped."""
    words = re.sub(rf"\\([{PUNCTUATION}])", r"\1", markdown_safe(text)).replace(WJ, "")
    lines = [
        line.strip(" \t")
        for line in re.sub(
            r"\r\n?|[\u2028\u2029\x85\x0b\x0c]", "\n", text.replace("\x00", "")
        ).split("\n")
    ]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    assert words == "  \n".join(line or NBSP for line in lines)


# --- label_safe ---------------------------------------------------------------------------------


def test_label_safe_breaks_links_images_and_html_invisibly():
    assert label_safe("1. See [this](https://evil.example/x) now") == (
        f"1. See [this]{WJ}(https:{WJ}//evil.example/x) now"
    )
    assert label_safe("![i](https://evil.example/i.png)") == (
        f"![i]{WJ}(https:{WJ}//evil.example/i.png)"
    )
    assert label_safe("[a][ref] and\n[ref]: https://evil.example") == (
        f"[a]{WJ}[ref] and\n[ref]{WJ}: https:{WJ}//evil.example"
    )
    assert label_safe("<https://evil.example> <img src=x>") == (
        f"<{WJ}https:{WJ}//evil.example> <{WJ}img src=x>"
    )
    assert label_safe("www.evil.example me@evil.example") == (
        f"www{WJ}.evil.example me@{WJ}evil.example"
    )


def test_label_safe_leaves_ordinary_statements_exactly_as_written():
    statement = (
        "1. We give people information they can use, in the way they need it (and it's free)."
    )
    assert label_safe(statement) == statement


@given(texts)
def test_label_safe_only_adds_invisible_joiners(text):
    normal = re.sub(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]", "\n", text.replace("\x00", ""))
    assert label_safe(text).replace(WJ, "") == normal


@given(texts)
def test_label_safe_leaves_no_link_or_html_to_make(text):
    label = label_safe(text)
    assert not re.search(r"\](?=[(\[:])|<(?!\u2060)|(?i:www)\.|:(?=//)|@(?!\u2060)", label)


# --- html_safe ----------------------------------------------------------------------------------


def test_html_safe_writes_every_markup_character_as_a_reference():
    assert html_safe('<a href="https://evil.example">Tom & Jerry\'s</a>') == (
        "&#60;a href&#61;&#34;https&#58;\u2060&#47;&#47;evil&#46;example&#34;&#62;"
        "Tom &#38; Jerry&#39;s&#60;&#47;a&#62;"
    )
    assert html_safe("[V](x) ## h $5") == "&#91;V&#93;&#40;x&#41; &#35;&#35; h &#36;5"
    assert html_safe("Doing with") == "Doing with"
    assert html_safe("a -> b :smile:") == f"a &#45;{WJ}&#62; b &#58;{WJ}smile&#58;"


def test_html_safe_never_leaves_a_blank_line_to_end_the_html_block():
    assert html_safe("one\n\ntwo\r\nthree") == "one<br><br>two<br>three"


@given(texts)
def test_html_safe_leaves_no_markup(text):
    shown = html_safe(text)
    assert "\n" not in shown and "\r" not in shown
    without_breaks = shown.replace("<br>", "")
    assert not re.search(rf"[{PUNCTUATION}]", re.sub(r"&#\d+;", "", without_breaks))


# --- link_address -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("https://example.org/page", "https://example.org/page"),
        ("HTTP://Example.org/a?b=1&c=2#d", "HTTP://Example.org/a?b=1&c=2#d"),
        ("  https://example.org/a b  ", "https://example.org/a%20b"),
        (
            "https://source.example/x> ![i](https://evil.example/u.png)",
            "https://source.example/x%3E%20![i]%28https://evil.example/u.png%29",
        ),
        ("https://example.org/é\\\"'\nx", "https://example.org/%C3%A9%5C%22%27%0Ax"),
    ],
)
def test_link_address_encodes_what_could_break_out_of_the_link(url, address):
    assert link_address(url) == address


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript://%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "evil.example",
        "ftp://example.org/file",
        "https://",
        "https:///path",
        "",
        None,
    ],
)
def test_link_address_refuses_anything_but_a_web_address(url):
    assert link_address(url) is None


@given(st.text(max_size=60))
def test_link_address_can_only_be_one_link_target(path):
    address = link_address("https://example.org/" + path)
    assert address is not None
    assert address.startswith("https://example.org/")
    assert not re.search(r"[\s<>()\"'\\`]|[^\x21-\x7e]", address)


# --- spreadsheets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("https://evil.example","x")', '\'=HYPERLINK("https://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Planned", "Planned"),
        ("", ""),
        ("a=b", "a=b"),
        (-3, -3),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_spreadsheet_cell_neutralises_formulas_only(cell, safe):
    assert spreadsheet_cell(cell) == safe


def test_spreadsheet_safe_keeps_numbers_numbers_and_quotes_formulas():
    frame = pd.DataFrame(
        {
            "Theme": ["=HYPERLINK(1)", "Information", None],
            "=cmd": ["@x", "-", "ok"],
            "Change": pd.array([-1.5, 0.0, None], dtype="Float64"),
            "Count": [-1, 2, 3],
            "Share": pd.array([None, 5, -5], dtype="Int64"),
        }
    )
    safe = spreadsheet_safe(frame)
    assert list(safe.columns) == ["Theme", "'=cmd", "Change", "Count", "Share"]
    assert list(safe["Theme"].iloc[:2]) == ["'=HYPERLINK(1)", "Information"]
    assert pd.isna(safe["Theme"].iloc[2])
    assert list(safe["'=cmd"]) == ["'@x", "'-", "ok"]
    assert safe["Change"].dtype == "Float64" and safe["Change"].iloc[0] == -1.5
    assert safe["Count"].dtype == frame["Count"].dtype and list(safe["Count"]) == [-1, 2, 3]
    assert safe["Share"].dtype == "Int64" and safe["Share"].iloc[2] == -5
    assert frame["Theme"].iloc[0] == "=HYPERLINK(1)"  # the original is left alone


@given(st.lists(st.text(max_size=12), min_size=1, max_size=6))
def test_spreadsheet_safe_leaves_no_text_cell_that_runs(cells):
    safe = spreadsheet_safe(pd.DataFrame({"Text": cells, "Number": range(len(cells))}))
    assert not [cell for cell in safe["Text"] if cell.startswith(FORMULA_STARTS)]
    assert list(safe["Number"]) == list(range(len(cells)))


def test_table_safe_is_spreadsheet_safe_then_markdown_safe():
    frame = pd.DataFrame(
        {"What": ["=1+1", "[x](https://e.x)", "Plain words"], "Done, or not": [1, -2, 3]}
    )
    safe = table_safe(frame)
    assert list(safe.columns) == ["What", "Done\\, or not"]
    assert list(safe["What"]) == [
        "\\'\\=1\\+1",
        "\\[x\\]\\(https\\:\u2060\\/\\/e\\.x\\)",
        "Plain words",
    ]
    assert list(safe["Done\\, or not"]) == [1, -2, 3]
