"""Safe YAML reading: tags, aliases, nesting, size, encoding and duplicate keys."""

from __future__ import annotations

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
