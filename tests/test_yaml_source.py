"""Safe YAML reading: tags, aliases, nesting, size, encoding and duplicate keys."""

from __future__ import annotations

import re

from toolkit.errors import Code
from toolkit.yaml_source import MAX_BYTES, MAX_VALUES, parse_yaml, read_yaml


def test_values_and_keys_are_located():
    located, problems = parse_yaml("a: 1\nb:\n  - x\n  - {c: true}\n", "f.yaml")
    assert problems == []
    assert located.data == {"a": 1, "b": ["x", {"c": True}]}
    assert located.where(("b", 1, "c")) == (4, 9)
    assert located.where(("b", 1, "c"), key=True) == (4, 6)
    assert located.where(("b", 5, "zz")) == (3, 3)  # nearest known parent


def test_dates_stay_as_written():
    located, _ = parse_yaml("version: 2018-05-01\n", "f.yaml")
    assert located.data == {"version": "2018-05-01"}


def test_no_tag_is_honoured():
    for tag in (
        "!!python/object/apply:os.system ['true']",
        "!!binary aGVsbG8=",
        "!custom x",
        "!!set {a}",
    ):
        located, problems = parse_yaml(f"a: {tag}\n", "f.yaml")
        assert [p.code for p in problems] == [Code.YAML_TAG], tag
        assert located.data == {"a": None}


def test_alias_expansion_is_bounded():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    _, problems = parse_yaml("\n".join(lines) + "\n", "laughs.yaml")
    assert [p.code for p in problems] == [Code.YAML_EXPANSION]
    assert str(MAX_VALUES) in problems[0].message


def test_a_few_aliases_are_fine():
    located, problems = parse_yaml("base: &b {t: 1}\nother: *b\n", "f.yaml")
    assert problems == [] and located.data["other"] == {"t": 1}


def test_recursive_alias_is_stopped():
    _, problems = parse_yaml("a: &x [*x]\n", "f.yaml")
    assert [p.code for p in problems] == [Code.YAML_TOO_DEEP]


def test_deep_nesting_is_refused_cleanly():
    _, problems = parse_yaml("[" * 5000 + "]" * 5000, "deep.yaml")
    assert len(problems) == 1 and problems[0].code in (Code.YAML_TOO_DEEP, Code.YAML_SYNTAX)


def test_large_files_are_refused_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    located, problems = read_yaml(path, "big.yaml")
    assert located is None
    assert problems[0].code is Code.FILE_TOO_LARGE


def test_not_utf8_is_located(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("title: ok\nnote: caf\xe9\n".encode("latin-1"))
    _, problems = read_yaml(path, "latin.yaml")
    assert problems[0].code is Code.NOT_UTF8
    assert (problems[0].line, problems[0].column) == (2, 10)


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: 1\n".encode())
    located, problems = read_yaml(path, "bom.yaml")
    assert problems == [] and located.data == {"a": 1}


def test_duplicate_keys_are_reported_with_the_first_line():
    located, problems = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [(Code.DUPLICATE_KEY, 3, 1)]
    assert "first at line 1" in problems[0].message
    assert located.data["a"] == 1


def test_syntax_error_is_located():
    _, problems = parse_yaml("a: 1\nb: [1, 2\nc: 3\n", "f.yaml")
    assert problems[0].code is Code.YAML_SYNTAX
    assert problems[0].line == 3


def test_control_characters_are_located():
    _, problems = parse_yaml("a: 1\nb: x\x07\n", "f.yaml")
    assert problems[0].code is Code.YAML_SYNTAX
    assert (problems[0].line, problems[0].column) == (2, 5)
    assert "#x0007" in problems[0].message


def test_keys_that_are_not_text():
    _, problems = parse_yaml("? [a, b]\n: 1\n", "f.yaml")
    assert [p.code for p in problems] == [Code.KEY_NOT_TEXT]


# --- Limits at their boundaries ----------------------------------------------------------------
# Every value node counts towards the limit of 100,000 values, the root included; keys do not.
# An alias counts everything it stands for again, each time it is used.


def test_a_list_of_99999_values_is_exactly_at_the_limit():
    located, problems = parse_yaml("- x\n" * 99_999, "f.yaml")  # the list + 99,999 = 100,000
    assert problems == []
    assert len(located.data) == 99_999


def test_a_list_of_100000_values_is_one_over_the_limit_and_located():
    _, problems = parse_yaml("- x\n" * 100_000, "f.yaml")  # the list + 100,000 = 100,001
    assert [(p.code, p.line, p.column) for p in problems] == [(Code.YAML_EXPANSION, 100_000, 3)]
    assert re.search(r"more than 100,?000 values", problems[0].message)


def mapping_of_lists(last: int) -> str:
    """271 keys: a list of 368 values under an anchor, the anchor under 269 more keys, and
    a last list of `last` values."""
    lines = ["k0: &b [" + ", ".join(["x"] * 368) + "]"]
    lines += [f"k{i}: *b" for i in range(1, 270)]
    lines.append("k270: [" + ", ".join(["x"] * last) + "]")
    return "\n".join(lines) + "\n"


def test_keys_are_not_counted_but_every_use_of_an_alias_is():
    # the mapping + 270 × (a list + 368) + a list + 368 = 1 + 99,630 + 369 = 100,000 values;
    # the 271 keys are not counted
    located, problems = parse_yaml(mapping_of_lists(368), "f.yaml")
    assert problems == []
    assert len(located.data) == 271 and located.data["k269"] == ["x"] * 368
    # one more value is one too many, located at that value
    _, problems = parse_yaml(mapping_of_lists(369), "f.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [(Code.YAML_EXPANSION, 271, 1112)]


def test_nesting_40_levels_deep_is_allowed_and_41_is_refused_where_it_starts():
    located, problems = parse_yaml("[" * 40 + "x" + "]" * 40, "f.yaml")
    assert problems == []
    value = located.data
    for _ in range(40):
        (value,) = value
    assert value == "x"
    _, problems = parse_yaml("[" * 41 + "x" + "]" * 41, "f.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [(Code.YAML_TOO_DEEP, 1, 42)]
    assert "more than 40 levels" in problems[0].message


def test_text_of_exactly_the_largest_size_is_read_and_one_byte_more_is_refused():
    at_limit = "#" * 999_999 + "\n"  # 1,000,000 bytes: a comment, so no data
    located, problems = parse_yaml(at_limit, "f.yaml")
    assert problems == [] and located.data is None
    _, problems = parse_yaml("#" + at_limit, "f.yaml")
    assert [p.code for p in problems] == [Code.FILE_TOO_LARGE]
    # a character of two bytes counts as two
    _, problems = parse_yaml("é" + at_limit[1:], "f.yaml")
    assert [p.code for p in problems] == [Code.FILE_TOO_LARGE]


def test_a_file_of_exactly_the_largest_size_is_read_and_one_byte_more_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n#" + b"x" * 999_993 + b"\n")
    assert path.stat().st_size == 1_000_000
    located, problems = read_yaml(path, "big.yaml")
    assert problems == [] and located.data == {"a": 1}
    path.write_bytes(b"a: 1\n#" + b"x" * 999_994 + b"\n")
    located, problems = read_yaml(path, "big.yaml")
    assert located is None
    assert [p.code for p in problems] == [Code.FILE_TOO_LARGE]


# --- Tags on keys ------------------------------------------------------------------------------


def test_a_tagged_key_is_refused_located_and_never_read():
    located, problems = parse_yaml("!!python/str a: 1\n", "f.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [(Code.YAML_TAG, 1, 1)]
    assert "'!!python/str'" in problems[0].message
    assert located.data == {}


def test_a_tagged_key_among_others_is_located_at_its_own_line():
    located, problems = parse_yaml("a: 1\n  \nb: 2\n!!python/str c: 3\n", "f.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [(Code.YAML_TAG, 4, 1)]
    assert located.data == {"a": 1, "b": 2}
