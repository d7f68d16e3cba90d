"""A person's corrections to a survey preview's matches, made into a mapping
(toolkit/surveys/choices.py), as the app's import screen makes them."""

from __future__ import annotations

from pathlib import Path

from toolkit.framework import builtin_frameworks, builtin_perspectives
from toolkit.surveys import PerspectiveColumn, mapping_yaml, preview_import, read_mapping
from toolkit.surveys.choices import Choices, column_choice, with_choices

MIR = builtin_frameworks()["making-it-real"]
PERSPECTIVES = builtin_perspectives()
SAMPLES = Path(__file__).resolve().parent / "samples" / "surveys"
OWN_WORDS = (SAMPLES / "surveymonkey-own-words.csv").read_bytes()
PLAIN = (SAMPLES / "surveymonkey-plain.csv").read_bytes()
MATRIX = "How well do we do? Tell us for each one."


def preview(data: bytes, mapping=None):
    return preview_import(data, "export.csv", MIR, PERSPECTIVES, mapping=mapping)


def again(data: bytes, choices: Choices):
    """Preview, make the choices over its mapping, and preview with that."""
    first = preview(data)
    return preview(data, with_choices(first.mapping, first.columns, choices))


def roles(shown) -> dict[str, str | None]:
    return {c.letter: column_choice(c) for c in shown.columns}


def test_a_column_is_named_by_its_key_as_the_mapping_names_it():
    first = preview(OWN_WORDS)
    keys = {c.letter: c.key for c in first.columns}
    # A matrix row by its own text, where that names one column; else by its whole name.
    assert keys["L"] == "Plans for a good life"
    assert keys["K"] == "Other (please specify)"
    assert keys["J"] == "Are you…"
    assert keys["A"] == "Respondent ID"


def own_words_choices() -> Choices:
    choices = Choices()
    for key, choice in (
        ("Are you…", "perspective"),
        ("Other (please specify)", "ignore"),
        ("Plans for a good life", "statement:wellbeing-1"),
        ("Using my skills", "statement:wellbeing-2"),
        ("Information I can understand", "statement:info-1"),
        ("Tell us more about plans for a good life", "note:wellbeing-1"),
        ("How did you hear about this survey?", "ignore"),
        ("First Name", "name"),
    ):
        choices.choose_column(key, choice)
    choices.answers.update(
        {
            "We decide together": "co-production",
            "We share some decisions": "engagement",
            "You ask me then decide": "consultation",
        }
    )
    choices.perspective_values.update(
        {
            "I use care and support services": "person-drawing-on-care",
            "Family carer": "carer",
            "Staff member": "frontline-staff",
            "Other": "partner",
        }
    )
    return choices


def test_choices_made_by_hand_match_the_mapping_file_and_come_back_from_yaml():
    by_hand = again(OWN_WORDS, own_words_choices())
    assert by_hand.ok, by_hand.problems
    located, problems = read_mapping(SAMPLES / "surveymonkey-own-words.yaml")
    assert problems == []
    by_file = preview(OWN_WORDS, located)
    assert by_hand.people == by_file.people
    assert len(by_hand.people) == 5 and by_hand.answer_count == 11
    # The mapping to download, read back, gives the same again.
    written = mapping_yaml(by_hand.mapping, "export.csv")
    kept, problems = read_mapping(written.encode("utf-8"), "export-mapping.yaml")
    assert problems == []
    assert preview(OWN_WORDS, kept).people == by_hand.people


def test_moving_a_matched_column_leaves_no_trace_of_its_old_match():
    first = preview(PLAIN)
    key = next(c.key for c in first.columns if c.letter == "N")
    choices = Choices()
    choices.choose_column(key, "statement:info-1")
    chosen = with_choices(first.mapping, first.columns, choices)
    assert chosen.statements[key] == "info-1"
    assert list(chosen.statements.values()).count("info-3") == 0
    shown = preview(PLAIN, chosen)
    assert shown.ok and roles(shown)["N"] == "statement:info-1"
    assert shown.answers_per_statement() == {
        "wellbeing-1": 4,
        "wellbeing-2": 4,
        "wellbeing-3": 3,
        "info-1": 4,
    }


def test_a_second_column_of_perspectives_frees_the_first_and_the_latest_choice_counts():
    first = preview(PLAIN)
    keys = {c.letter: c.key for c in first.columns}
    choices = Choices()
    choices.choose_column(keys["G"], "perspective")  # First Name: wrong, then put right
    shown = preview(PLAIN, with_choices(first.mapping, first.columns, choices))
    assert roles(shown)["G"] == "perspective" and roles(shown)["J"] is None  # J: a problem
    choices.choose_column(keys["J"], "perspective")
    choices.choose_column(keys["G"], "ignore")
    shown = preview(PLAIN, with_choices(first.mapping, first.columns, choices))
    assert roles(shown)["J"] == "perspective" and roles(shown)["G"] == "ignore"
    assert shown.ok
    choices.choose_column(keys["G"], "perspective")  # chosen again, last: G counts
    shown = preview(PLAIN, with_choices(first.mapping, first.columns, choices))
    assert roles(shown)["G"] == "perspective" and roles(shown)["J"] is None


def test_one_perspective_for_everyone_leaves_the_perspective_column_out():
    first = preview(PLAIN)
    chosen = with_choices(first.mapping, first.columns, Choices(perspective="frontline-staff"))
    assert chosen.perspective == "frontline-staff"
    assert "Which of these best describes you?" in chosen.ignore
    shown = preview(PLAIN, chosen)
    assert shown.ok
    assert shown.people_per_perspective() == {"frontline-staff": 4}
    # And back to "a column says": found automatically again.
    back = with_choices(chosen, shown.columns, Choices(perspective=""))
    assert back.perspective is None
    back = back.model_copy(update={"ignore": []})
    assert preview(PLAIN, back).people_per_perspective() == first.people_per_perspective()


def test_no_choices_change_nothing():
    first = preview(PLAIN)
    assert not Choices()
    assert with_choices(first.mapping, first.columns, Choices()) == first.mapping
    assert isinstance(first.mapping.perspective, PerspectiveColumn)
