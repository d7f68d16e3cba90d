"""Framework, ladder and perspectives files: every validation rule, located, and the built-ins."""

from __future__ import annotations

import re
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.errors import Code, ProblemsFound
from toolkit.framework import (
    Framework,
    Ladder,
    builtin_frameworks,
    builtin_ladders,
    builtin_perspectives,
    check_file,
    check_text,
    easy_read_long_sentences,
    find_framework,
    framework_from_snapshot,
    framework_schema,
    load_framework,
)

VALID = """\
id: example
title: An example framework
version: "1.0"
source: {title: Our own example, url: "https://example.org", note: Our own words.}
ladder: coproduction-ladder
question: Which rung best describes how we work with people on this today?
easy_read_question: How do we work with you on this?
themes:
  - id: information
    title: Information and advice
    statements:
      - id: info-1
        kind: We
        text: We give people information they can use.
        easy_read: We give you information you understand.
        evidence_prompts: [Who wrote the last leaflet?]
      - id: info-2
        kind: I
        text: I know where to find advice.
        easy_read: You know where to get advice.
        weight: 2
"""


def problems_of(text: str, kind: str | None = None):
    model, problems = check_text(textwrap.dedent(text), "frameworks/x.yaml", kind)
    return model, problems


def only(text: str, kind: str | None = None):
    """The one problem a text has (failing the test if it has none or several)."""
    model, problems = problems_of(text, kind)
    assert model is None
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_valid_framework_loads_with_its_builtin_ladder():
    model, problems = problems_of(VALID)
    assert problems == []
    assert isinstance(model, Framework)
    assert model.ladder.id == "coproduction-ladder"
    assert [s.id for s in model.statements] == ["info-1", "info-2"]
    assert model.statement("info-2").weight == 2
    assert model.statement("info-1").weight == 1
    assert model.statement_theme["info-2"] == "information"


def test_duplicate_statement_id_names_both_lines():
    text = VALID.replace("id: info-2", "id: info-1")
    problem = only(text)
    assert problem.code is Code.DUPLICATE_ID
    assert (problem.line, problem.column) == (17, 13)
    assert str(problem) == (
        "frameworks/x.yaml:17:13: statement id 'info-1' is used twice (first at line 12)"
    )


def test_statement_ids_are_unique_across_themes():
    text = VALID + textwrap.indent(
        textwrap.dedent("""\
        - id: other
          title: Other
          statements:
            - {id: info-2, kind: We, text: t, easy_read: e}
        """),
        "  ",
    )
    problem = only(text)
    assert problem.code is Code.DUPLICATE_ID
    assert problem.line == 25
    assert "first at line 17" in problem.message


def test_duplicate_theme_id():
    text = (
        VALID
        + "  - {id: information, title: T, statements: [{id: x-1, kind: I, text: t, easy_read: e}]}\n"
    )
    problem = only(text)
    assert problem.code is Code.DUPLICATE_ID
    assert problem.message.startswith("theme id 'information' is used twice")


def test_bad_id_is_located_at_the_value():
    problem = only(VALID.replace("id: info-1", "id: Info_1"))
    assert problem.code is Code.BAD_ID
    assert (problem.line, problem.column) == (12, 13)
    assert "'Info_1'" in problem.message


def test_unknown_key_suggests_the_close_one():
    problem = only(VALID.replace("        weight: 2", "        wieght: 2"))
    assert problem.code is Code.UNKNOWN_KEY
    assert (problem.line, problem.column) == (21, 9)
    assert (
        problem.message == "statement 'info-2' has an unknown key 'wieght' (did you mean 'weight'?)"
    )


def test_unknown_key_without_a_close_match_has_no_hint():
    problem = only(VALID.replace("themes:", "colour: blue\nthemes:"))
    assert problem.code is Code.UNKNOWN_KEY
    assert "did you mean" not in problem.message


def test_missing_required_key_names_the_owner():
    problem = only(VALID.replace("        easy_read: You know where to get advice.\n", ""))
    assert problem.code is Code.MISSING_KEY
    assert problem.message == "statement 'info-2' is missing 'easy_read'"
    assert problem.line == 17  # the statement's mapping starts here


@pytest.mark.parametrize(
    "key", ["id", "title", "version", "source", "ladder", "question", "themes"]
)
def test_every_required_framework_key(key):
    if key == "themes":
        text = VALID.split("themes:")[0]
    else:
        text = "\n".join(line for line in VALID.splitlines() if not line.startswith(f"{key}:"))
    model, problems = problems_of(text + "\n")
    assert model is None
    assert any(p.code is Code.MISSING_KEY and f"'{key}'" in p.message for p in problems)


def test_version_as_number_says_to_quote_it():
    problem = only(VALID.replace('version: "1.0"', "version: 1.0"))
    assert problem.code is Code.NOT_TEXT_VERSION
    assert (problem.line, problem.column) == (3, 10)


def test_text_that_is_a_number_is_refused():
    problem = only(VALID.replace("text: I know where to find advice.", "text: 42"))
    assert problem.code is Code.NOT_TEXT
    assert "the number 42" in problem.message


def test_empty_text_is_refused():
    problem = only(VALID.replace("text: I know where to find advice.", 'text: "  "'))
    assert problem.code is Code.EMPTY_TEXT


def test_weight_must_be_positive():
    problem = only(VALID.replace("weight: 2", "weight: 0"))
    assert problem.code is Code.BAD_WEIGHT
    assert (problem.line, problem.column) == (21, 17)


def test_weight_must_be_a_number():
    problem = only(VALID.replace("weight: 2", "weight: heavy"))
    assert problem.code is Code.NOT_A_NUMBER


def test_themes_must_be_a_list():
    text = VALID.split("themes:")[0] + "themes: information\n"
    problem = only(text)
    assert problem.code is Code.NOT_A_LIST


def test_theme_needs_a_statement():
    text = VALID.split("    statements:")[0] + "    statements: []\n"
    problem = only(text)
    assert problem.code is Code.EMPTY_LIST
    assert "at least one statement" in problem.message


def test_unknown_builtin_ladder_suggests_the_close_one():
    problem = only(VALID.replace("ladder: coproduction-ladder", "ladder: coproduction-ladr"))
    assert problem.code is Code.UNKNOWN_LADDER
    assert (problem.line, problem.column) == (5, 9)
    assert "did you mean 'coproduction-ladder'" in problem.message


INLINE_LADDER = """\
ladder:
  id: three-steps
  title: Three steps
  journey: {from: asked, to: shared}
  rungs:
    - {id: told, label: Told, group: doing_to, description: We tell, easy_read: We tell you.}
    - {id: asked, label: Asked, group: doing_for, description: We ask, easy_read: We ask you.}
    - {id: shared, label: Shared, group: doing_with, description: We share, easy_read: We do it with you.}
"""


def with_ladder(ladder: str) -> str:
    return VALID.replace("ladder: coproduction-ladder\n", ladder)


def test_inline_ladder_is_accepted():
    model, problems = problems_of(with_ladder(INLINE_LADDER))
    assert problems == []
    assert model.ladder.rung_ids == ("told", "asked", "shared")
    assert model.ladder.position("shared") == 2


def test_journey_must_name_rungs_of_the_ladder():
    problem = only(with_ladder(INLINE_LADDER.replace("to: shared", "to: shard")))
    assert problem.code is Code.JOURNEY_UNKNOWN_RUNG
    assert (problem.line, problem.column) == (8, 30)
    assert "did you mean 'shared'" in problem.message


def test_journey_must_go_up_the_ladder():
    problem = only(
        with_ladder(INLINE_LADDER.replace("from: asked, to: shared", "from: shared, to: told"))
    )
    assert problem.code is Code.JOURNEY_ORDER
    assert problem.line == 8


def test_rung_group_must_be_one_of_three():
    problem = only(with_ladder(INLINE_LADDER.replace("group: doing_to", "group: doing-to")))
    assert problem.code is Code.BAD_GROUP
    assert "doing_to, doing_for, doing_with" in problem.message
    assert problem.line == 10


def test_rung_ids_are_unique_in_their_ladder():
    problem = only(
        with_ladder(
            INLINE_LADDER.replace("{id: asked", "{id: told").replace("from: asked", "from: told")
        )
    )
    assert problem.code is Code.DUPLICATE_ID
    assert problem.message.startswith("rung id 'told' is used twice (first at line 10)")


def test_a_ladder_needs_two_rungs():
    text = "\n".join(INLINE_LADDER.splitlines()[:6]) + "\n"
    _, problems = problems_of(with_ladder(text.replace("to: shared", "to: told")))
    assert [p.code for p in problems] == [Code.JOURNEY_UNKNOWN_RUNG, Code.TOO_FEW_RUNGS]
    assert problems[1].message == "a ladder needs at least 2 rungs, not 1"


def test_long_easy_read_sentence_is_located_and_quoted():
    long = "You can always find the advice you need in a way that suits you and your family."
    problem = only(VALID.replace("easy_read: You know where to get advice.", f"easy_read: {long}"))
    assert problem.code is Code.EASY_READ_LONG
    assert problem.line == 20
    assert "17 words" in problem.message


def test_easy_read_sentences_are_counted_one_by_one():
    assert easy_read_long_sentences("We ask you. We listen to you. We change things.") == []
    long = " ".join(["word"] * 16) + "."
    assert easy_read_long_sentences(f"Short one. {long}") == [(long, 16)]


def test_all_problems_in_a_file_are_reported_in_line_order():
    text = (
        VALID.replace('version: "1.0"', "version: 2")
        .replace("id: info-2", "id: info-1")
        .replace("kind: We", "knd: We")
        .replace("        weight: 2", "        weight: -1")
    )
    text = text.replace("question: Which", "questoin: Which")
    model, problems = problems_of(text)
    codes = [p.code for p in problems]
    assert model is None
    assert len(problems) == 7, [str(p) for p in problems]
    assert Code.NOT_TEXT_VERSION in codes
    assert Code.UNKNOWN_KEY in codes and Code.MISSING_KEY in codes
    assert Code.DUPLICATE_ID in codes and Code.BAD_WEIGHT in codes
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_a_python_tag_is_an_error_and_never_runs(tmp_path):
    marker = tmp_path / "ran"
    text = VALID.replace(
        "title: An example framework",
        f"title: !!python/object/apply:os.system ['touch {marker}']",
    )
    model, problems = problems_of(text)
    assert model is None
    assert problems[0].code is Code.YAML_TAG
    assert (problems[0].line, problems[0].column) == (2, 8)
    assert "!!python/object/apply:os.system" in problems[0].message
    assert not marker.exists()


def test_yaml_syntax_error_is_located():
    problem = only(VALID.replace("title: Information and advice", "title: [Information"))
    assert problem.code is Code.YAML_SYNTAX
    assert problem.line >= 10


def test_file_kind_is_recognised_or_explained():
    problem = only("name: something\n")
    assert problem.code is Code.UNKNOWN_FILE_KIND


def test_empty_file_is_explained(write):
    model, problems = check_file(write("empty.yaml", ""), "empty.yaml")
    assert model is None and problems[0].code is Code.EMPTY_FILE


def test_missing_file_is_explained(tmp_path):
    model, problems = check_file(tmp_path / "nope.yaml", "nope.yaml")
    assert problems[0].code is Code.FILE_NOT_FOUND
    assert str(problems[0]) == "nope.yaml:1:1: there is no file here; check the path"


def test_perspectives_file_rules():
    text = """\
    perspectives:
      - {id: carer, label: Carer, lived_experience: true}
      - {id: carer, label: Carer again, lived_experience: "yes"}
    """
    model, problems = problems_of(text)
    assert model is None
    assert {p.code for p in problems} == {Code.DUPLICATE_ID, Code.NOT_TRUE_FALSE}


def test_load_framework_raises_with_every_problem(write):
    path = write(
        "bad.yaml", VALID.replace('version: "1.0"', "version: 1").replace("kind: I", "kind: ''")
    )
    with pytest.raises(ProblemsFound) as raised:
        load_framework(path)
    assert [p.code for p in raised.value.problems] == [Code.NOT_TEXT_VERSION, Code.EMPTY_TEXT]


def test_models_built_in_code_check_meaning_too():
    data = builtin_frameworks()["making-it-real"].snapshot()
    data["themes"][1]["statements"][0]["id"] = data["themes"][0]["statements"][0]["id"]
    with pytest.raises(ValueError, match="used twice"):
        Framework.model_validate(data)


# --- Rules at their boundaries ---------------------------------------------------------------


def test_a_journey_from_a_rung_to_itself_is_refused_located():
    # journey % divides by the distance from 'from' to 'to', so it must never be zero
    problem = only(
        with_ladder(INLINE_LADDER.replace("from: asked, to: shared", "from: asked, to: asked"))
    )
    assert problem.code is Code.JOURNEY_ORDER
    assert str(problem) == (
        "frameworks/x.yaml:8:12: the journey must go up the ladder: 'asked' (rung 2) is not "
        "below 'asked' (rung 2)"
    )


def test_a_journey_of_one_rung_up_is_accepted():
    model, problems = problems_of(
        with_ladder(INLINE_LADDER.replace("from: asked, to: shared", "from: told, to: asked"))
    )
    assert problems == []
    assert (model.ladder.journey.from_, model.ladder.journey.to) == ("told", "asked")


def test_a_ladder_built_in_code_refuses_a_journey_from_a_rung_to_itself():
    rungs = [
        {"id": r, "label": r, "group": "doing_for", "description": r, "easy_read": "We ask."}
        for r in ("low", "high")
    ]
    journey = {"from": "low", "to": "low"}
    with pytest.raises(ValueError, match="the journey must go up the ladder"):
        Ladder.model_validate({"id": "two", "title": "Two", "journey": journey, "rungs": rungs})


def test_a_ladder_of_exactly_two_rungs_is_accepted():
    two = "\n".join(INLINE_LADDER.splitlines()[:5] + INLINE_LADDER.splitlines()[6:]) + "\n"
    model, problems = problems_of(with_ladder(two))
    assert problems == []
    assert model.ladder.rung_ids == ("asked", "shared")


def test_a_ladder_with_no_rungs_is_refused_located():
    text = INLINE_LADDER.split("  rungs:")[0] + "  rungs: []\n"
    problem = only(with_ladder(text))
    assert problem.code is Code.TOO_FEW_RUNGS
    assert str(problem) == "frameworks/x.yaml:9:10: a ladder needs at least 2 rungs, not 0"


def test_a_framework_with_no_themes_is_refused_located():
    problem = only(VALID.split("themes:")[0] + "themes: []\n")
    assert problem.code is Code.EMPTY_LIST
    assert str(problem) == (
        "frameworks/x.yaml:8:9: 'themes' of the framework needs at least one theme"
    )


def with_easy_read(text: str) -> str:
    return VALID.replace("easy_read: You know where to get advice.", f"easy_read: {text}")


def test_an_easy_read_sentence_of_exactly_15_words_is_allowed():
    fifteen = "You can always find the advice you need in a way that suits you best."
    model, problems = problems_of(with_easy_read(fifteen))
    assert problems == []
    assert model.statement("info-2").easy_read == fifteen
    assert easy_read_long_sentences(fifteen) == []


def test_an_easy_read_sentence_of_16_words_is_refused_located_and_quoted():
    sixteen = "You can always find the advice you need in a way that suits you and yours."
    problem = only(with_easy_read(sixteen))
    assert problem.code is Code.EASY_READ_LONG
    assert str(problem) == (
        "frameworks/x.yaml:20:20: this Easy Read sentence has 16 words; keep each sentence to "
        f'15 words or fewer: "{sixteen}"'
    )


QUESTION = "Do you know where to find the advice and the help that you need?"  # 14 words
EXCLAIM = "We will help you find the right person to talk to today!"  # 12 words
LAST = "Ask us when you need to."  # 6 words


def test_question_and_exclamation_marks_end_easy_read_sentences():
    model, problems = problems_of(with_easy_read(f"{QUESTION} {EXCLAIM} {LAST}"))
    assert problems == []
    assert easy_read_long_sentences(f"{QUESTION} {EXCLAIM} {LAST}") == []


@pytest.mark.parametrize(
    ("text", "sentence", "words"),
    [
        # without its '?', the first sentence runs on into the second: 14 + 12 words
        (f"{QUESTION[:-1]}, {EXCLAIM} {LAST}", f"{QUESTION[:-1]}, {EXCLAIM}", 26),
        # without its '!', the second runs on into the third: 12 + 6 words
        (f"{QUESTION} {EXCLAIM[:-1]}, {LAST}", f"{EXCLAIM[:-1]}, {LAST}", 18),
    ],
)
def test_without_its_end_mark_a_sentence_runs_on_and_is_counted_whole(text, sentence, words):
    problem = only(with_easy_read(text))
    assert problem.code is Code.EASY_READ_LONG
    assert (problem.line, problem.column) == (20, 20)
    assert problem.message.startswith(f"this Easy Read sentence has {words} words;")
    assert easy_read_long_sentences(text) == [(sentence, words)]


def test_the_did_you_mean_hint_needs_a_close_enough_match():
    # 'weix' and 'weight' share 3 of their 10 letters in order: a ratio of exactly 0.6
    problem = only(VALID.replace("        weight: 2", "        weix: 2"))
    assert problem.message == (
        "statement 'info-2' has an unknown key 'weix' (did you mean 'weight'?)"
    )
    # 'weigxxxx' and 'weight' share 4 of 14: a ratio of 0.57, not close enough
    problem = only(VALID.replace("        weight: 2", "        weigxxxx: 2"))
    assert problem.message == "statement 'info-2' has an unknown key 'weigxxxx'"


@pytest.mark.parametrize("bad", ["info--1", "info-", "-info", "info 1"])
def test_ids_use_single_hyphens_between_letters_and_digits(bad):
    problem = only(VALID.replace("id: info-1", f"id: '{bad}'"))
    assert problem.code is Code.BAD_ID
    assert (problem.line, problem.column) == (12, 13)


def test_a_tagged_key_is_refused_located():
    problem = only(VALID.replace("title: An example framework", "!!python/str title: An example"))
    assert problem.code is Code.YAML_TAG
    assert str(problem) == (
        "frameworks/x.yaml:2:1: the tag '!!python/str' is not allowed; framework files hold "
        "plain data only (remove the tag)"
    )


def test_a_tagged_key_does_not_hide_the_other_problems_in_the_file():
    text = VALID.replace("title: An example framework", "!!python/str title: An example")
    model, problems = problems_of(text.replace("id: info-1", "id: Info_1"))
    assert model is None
    assert [(p.code, p.line, p.column) for p in problems] == [
        (Code.YAML_TAG, 2, 1),
        (Code.BAD_ID, 12, 13),
    ]


def test_text_found_in_the_wrong_place_is_quoted_up_to_39_characters():
    problem = only(VALID.split("themes:")[0] + "themes: " + "x" * 39 + "\n")
    assert problem.code is Code.NOT_A_LIST
    assert problem.message.endswith(f"not the text '{'x' * 39}'")
    problem = only(VALID.split("themes:")[0] + "themes: " + "x" * 40 + "\n")
    assert problem.message == (
        "'themes' of the framework should be a list (lines starting with '- '), not text"
    )


def test_a_missing_key_names_the_mapping_it_is_missing_from():
    problem = only(VALID.replace("source: {title: Our own example,", "source: {"))
    assert str(problem) == "frameworks/x.yaml:4:9: the source is missing 'title'"


def test_a_theme_is_found_by_its_id():
    model, _ = problems_of(VALID)
    assert model.theme("information").title == "Information and advice"


# --- The built-in content ------------------------------------------------------------------


def test_builtin_ladder_is_the_tlap_ladder():
    ladder = builtin_ladders()["coproduction-ladder"]
    assert ladder.rung_ids == (
        "coercion",
        "educating",
        "informing",
        "consultation",
        "engagement",
        "co-design",
        "co-production",
    )
    assert [r.group for r in ladder.rungs] == ["doing_to"] * 2 + ["doing_for"] * 3 + [
        "doing_with"
    ] * 2
    assert (ladder.journey.from_, ladder.journey.to) == ("engagement", "co-design")
    assert "TLAP" in ladder.source.title and "NCAG" in ladder.source.title


def test_builtin_perspectives():
    perspectives = builtin_perspectives()
    assert [(p.id, p.lived_experience, p.group) for p in perspectives] == [
        ("person-drawing-on-care", True, "lived-experience"),
        ("carer", True, "lived-experience"),
        ("frontline-staff", False, "staff"),
        ("manager", False, "staff"),
        ("board-member", False, "others"),
        ("partner", False, "others"),
    ]
    assert all(p.label and p.easy_read for p in perspectives)


def test_builtin_frameworks_have_the_sources_structure():
    frameworks = builtin_frameworks()
    mir = frameworks["making-it-real"]
    assert "Making it Real" in mir.title
    assert [t.title for t in mir.themes] == [
        "Wellbeing and independence",
        "Information and advice",
        "Active and supportive communities",
        "Flexible and integrated care and support",
        "When things need to change",
        "Workforce",
    ]
    for theme in mir.themes:
        assert len(theme.statements) >= 3
        assert {s.kind for s in theme.statements} >= {"I", "We"}
    scie = frameworks["scie-whole-system"]
    assert [t.title.split(":")[0].split()[0] for t in scie.themes] == [
        "Culture",
        "Structure",
        "Practice",
        "Review",
    ]
    scie_words = " ".join(f"{s.text} {s.guidance}" for s in scie.statements).lower()
    for principle in ("equality", "diversity", "accessibility", "reciprocity"):
        assert principle in scie_words
    research = frameworks["research-coproduction"]
    assert "research" in research.title.lower()
    assert len(research.themes) == 5
    for framework in frameworks.values():
        assert framework.ladder.id == "coproduction-ladder"
        assert framework.source.title and framework.source.note


def test_every_builtin_easy_read_is_short_sentences_without_acronyms():
    texts = [r.easy_read for r in builtin_ladders()["coproduction-ladder"].rungs]
    texts += [p.easy_read for p in builtin_perspectives()]
    for framework in builtin_frameworks().values():
        texts += [s.easy_read for s in framework.statements]
        texts += [t.easy_read for t in framework.themes if t.easy_read]
        texts += [t.easy_read_title for t in framework.themes]
        for prompts in [framework.prompts, *(t.prompts for t in framework.themes)]:
            for entry in prompts.values():
                texts += [w.easy_read_question for w in (entry, *entry.kinds.values())]
    texts = [text for text in texts if text is not None]
    assert len(texts) > 80
    for text in texts:
        assert easy_read_long_sentences(text) == [], text
        assert not re.search(r"\b[A-Z]{2,}\b", text), text


def test_builtin_wording_avoids_service_users():
    for framework in builtin_frameworks().values():
        assert "service user" not in framework.model_dump_json().lower()


def test_snapshot_rebuilds_the_same_framework():
    framework = builtin_frameworks()["making-it-real"]
    rebuilt = framework_from_snapshot(framework.snapshot())
    assert rebuilt == framework
    assert rebuilt.ladder.rung_ids == framework.ladder.rung_ids


def test_find_framework_by_id_or_path(write):
    assert find_framework("making-it-real").id == "making-it-real"
    assert find_framework(str(write("mine.yaml", VALID))).id == "example"
    with pytest.raises(ProblemsFound) as raised:
        find_framework("making-it-reel")
    assert raised.value.problems[0].code is Code.UNKNOWN_FRAMEWORK
    assert "did you mean 'making-it-real'" in raised.value.problems[0].message


def test_schema_describes_the_file_and_accepts_the_builtins():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = framework_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    from toolkit.framework import FRAMEWORKS_DIR

    for path in FRAMEWORKS_DIR.glob("*.yaml"):
        if path.name == "perspectives.yaml":
            continue
        assert list(validator.iter_errors(yaml.safe_load(path.read_text()))) == [], path
    assert not validator.is_valid({"id": "x"})
    ladder = schema["properties"]["ladder"]
    assert {"type": "string"} in ladder["anyOf"]


# --- The loader on arbitrary input ---------------------------------------------------------

yaml_ish = st.text(
    alphabet=st.sampled_from(list("abc-_: \n\t[]{}!&*|>'\"#%@`,?0123.")), max_size=300
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), yaml_ish))
def test_loader_gives_only_clean_errors_on_arbitrary_text(text):
    model, problems = check_text(text, "fuzz.yaml")
    assert (model is None) == bool(problems)
    for problem in problems:
        assert str(problem).startswith("fuzz.yaml:")
        assert problem.line >= 1
        assert "Traceback" not in problem.message


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_loader_survives_mutations_of_a_valid_file(data):
    lines = VALID.splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    lines[index] = data.draw(yaml_ish)
    model, problems = check_text("\n".join(lines), "mutant.yaml")
    assert (model is None) == bool(problems)
    assert all(p.line >= 1 and p.message for p in problems)


def test_a_nul_character_written_as_an_escape_is_refused_located_in_text_and_version():
    text = VALID.replace('version: "1.0"', 'version: "1.0\\0"').replace(
        "text: We give people information they can use.", 'text: "We give people\\0 advice."'
    )
    model, problems = problems_of(text)
    assert model is None
    assert [str(p) for p in problems] == [
        "frameworks/x.yaml:3:10: 'version' of the framework holds a NUL character (an "
        "invisible character with code 0) that cannot be stored; remove it",
        "frameworks/x.yaml:14:15: 'text' of statement 'info-1' holds a NUL character (an "
        "invisible character with code 0) that cannot be stored; remove it",
    ]


def test_find_framework_says_a_yaml_path_is_missing_and_reads_any_file_that_exists(write):
    with pytest.raises(ProblemsFound) as raised:
        find_framework("frameworks/ours.YML")
    assert [str(p) for p in raised.value.problems] == [
        "frameworks/ours.YML:1:1: there is no file here; check the path"
    ]
    assert find_framework(str(write("ours.txt", VALID))).id == "example"  # any name, if there
