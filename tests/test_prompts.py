"""Prompts for who is answering: perspective groups, `prompts:` on frameworks and themes, Easy
Read theme titles; how a prompt is chosen, the shipped wording, and every problem, located."""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from toolkit.errors import Code
from toolkit.framework import (
    Framework,
    Perspective,
    builtin_frameworks,
    builtin_perspectives,
    check_text,
    easy_read_long_sentences,
    framework_from_snapshot,
    framework_schema,
)

PERSPECTIVES = {p.id: p for p in builtin_perspectives()}
CARER = PERSPECTIVES["carer"]
PERSON = PERSPECTIVES["person-drawing-on-care"]
STAFF = PERSPECTIVES["frontline-staff"]
MANAGER = PERSPECTIVES["manager"]
BOARD = PERSPECTIVES["board-member"]
PARTNER = PERSPECTIVES["partner"]

# --- Perspective groups --------------------------------------------------------------------


def test_builtin_perspectives_have_their_groups():
    assert [(p.id, p.lived_experience, p.group) for p in builtin_perspectives()] == [
        ("person-drawing-on-care", True, "lived-experience"),
        ("carer", True, "lived-experience"),
        ("frontline-staff", False, "staff"),
        ("manager", False, "staff"),
        ("board-member", False, "others"),
        ("partner", False, "others"),
    ]


def test_a_perspective_without_a_group_takes_it_from_lived_experience():
    text = (
        "perspectives:\n"
        "  - {id: carer, label: Carer, lived_experience: true}\n"
        "  - {id: boss, label: Boss, lived_experience: false}\n"
        "  - {id: worker, label: Worker, lived_experience: false, group: staff}\n"
    )
    model, problems = check_text(text, "frameworks/perspectives.yaml")
    assert problems == []
    assert [(p.id, p.group) for p in model.perspectives] == [
        ("carer", "lived-experience"),
        ("boss", "others"),
        ("worker", "staff"),
    ]


def test_a_perspective_saved_before_groups_existed_still_loads():
    # what a round's perspectives snapshot held before this change
    old = {"id": "carer", "label": "Carer", "easy_read": None, "lived_experience": True}
    assert Perspective.model_validate(old).group == "lived-experience"
    old = {"id": "manager", "label": "Manager", "easy_read": None, "lived_experience": False}
    perspective = Perspective.model_validate(old)
    assert perspective.group == "others"
    assert perspective.model_dump(mode="json")["group"] == "others"


def test_a_group_that_contradicts_lived_experience_is_refused_located():
    text = (
        "perspectives:\n"
        "  - {id: carer, label: Carer, lived_experience: true, group: staff}\n"
        "  - {id: boss, label: Boss, lived_experience: false, group: lived-experience}\n"
        "  - {id: friend, label: Friend, lived_experience: true, group: lived-experience}\n"
        "  - {id: worker, label: Worker, lived_experience: false, group: others}\n"
    )
    model, problems = check_text(text, "frameworks/perspectives.yaml")
    assert model is None
    assert [str(p) for p in problems] == [
        "frameworks/perspectives.yaml:2:62: 'group' of perspective 'carer': 'staff' does not go "
        "with 'lived_experience: true'; a perspective with lived experience is in the group "
        "'lived-experience'",
        "frameworks/perspectives.yaml:3:61: 'group' of perspective 'boss': 'lived-experience' "
        "does not go with 'lived_experience: false'; use 'staff' or 'others', or set "
        "lived_experience to true",
    ]
    assert [p.code for p in problems] == [Code.INVALID, Code.INVALID]


def test_a_group_that_is_not_a_group_is_refused_located_with_the_groups():
    text = "perspectives:\n  - {id: boss, label: Boss, lived_experience: false, group: Staff}\n"
    model, problems = check_text(text, "frameworks/perspectives.yaml")
    assert model is None
    assert [str(p) for p in problems] == [
        "frameworks/perspectives.yaml:2:61: 'group' of perspective 'boss': 'Staff' is not a "
        "group of perspectives; use one of lived-experience, staff, others"
    ]


def test_a_perspective_built_in_code_refuses_a_contradicting_group():
    with pytest.raises(ValueError, match="'staff' does not go with 'lived_experience: true'"):
        Perspective(id="carer", label="Carer", lived_experience=True, group="staff")
    with pytest.raises(ValueError, match="'lived-experience' does not go with"):
        Perspective(id="boss", label="Boss", lived_experience=False, group="lived-experience")


# --- Which prompt: the order of resolution ------------------------------------------------

QUESTION = "Which rung best describes how we work with people on this today?"
EASY_QUESTION = "How do we work with you on this?"


def layered() -> dict:
    """A framework with a prompt at every level that can apply to a carer on statement info-2
    (kind I, theme 'information'): each level's words name the level."""
    return {
        "id": "example",
        "title": "An example framework",
        "version": "1.0",
        "source": {"title": "Our own example"},
        "ladder": "coproduction-ladder",
        "question": QUESTION,
        "easy_read_question": EASY_QUESTION,
        "prompts": {
            "carer": {
                "question": "Framework, carer?",
                "easy_read_question": "Easy: framework, carer?",
                "kinds": {
                    "I": {
                        "question": "Framework, carer, I?",
                        "easy_read_question": "Easy: framework, carer, I?",
                    }
                },
            },
            "lived-experience": {
                "question": "Framework, lived experience?",
                "easy_read_question": "Easy: framework, lived experience?",
                "kinds": {
                    "I": {
                        "question": "Framework, lived experience, I?",
                        "easy_read_question": "Easy: framework, lived experience, I?",
                    }
                },
            },
        },
        "themes": [
            {
                "id": "information",
                "title": "Information and advice",
                "prompts": {
                    "carer": {
                        "question": "Theme, carer?",
                        "easy_read_question": "Easy: theme, carer?",
                        "kinds": {
                            "I": {
                                "question": "Theme, carer, I?",
                                "easy_read_question": "Easy: theme, carer, I?",
                            }
                        },
                    },
                    "lived-experience": {
                        "question": "Theme, lived experience?",
                        "easy_read_question": "Easy: theme, lived experience?",
                        "kinds": {
                            "I": {
                                "question": "Theme, lived experience, I?",
                                "easy_read_question": "Easy: theme, lived experience, I?",
                            }
                        },
                    },
                },
                "statements": [
                    {"id": "info-1", "kind": "We", "text": "We inform.", "easy_read": "We tell."},
                    {"id": "info-2", "kind": "I", "text": "I know.", "easy_read": "You know."},
                ],
            },
            {
                "id": "planning",
                "title": "Planning",
                "statements": [
                    {"id": "plan-1", "kind": "I", "text": "I plan.", "easy_read": "You plan."}
                ],
            },
        ],
    }


def loaded(data: dict) -> Framework:
    """A framework read through the located loader, as a file would be."""
    model, problems = check_text(yaml.safe_dump(data, sort_keys=False), "frameworks/x.yaml")
    assert problems == [], [str(p) for p in problems]
    return model


def without_levels(count: int) -> dict:
    """The layered framework with its `count` most specific levels taken away."""
    data = layered()
    theme = data["themes"][0]["prompts"]
    steps = [
        lambda: theme["carer"].pop("kinds"),
        lambda: theme.pop("carer"),
        lambda: theme["lived-experience"].pop("kinds"),
        lambda: theme.pop("lived-experience"),
        lambda: data["prompts"]["carer"].pop("kinds"),
        lambda: data["prompts"].pop("carer"),
        lambda: data["prompts"]["lived-experience"].pop("kinds"),
        lambda: data["prompts"].pop("lived-experience"),
    ]
    for step in steps[:count]:
        step()
    return data


@pytest.mark.parametrize(
    ("removed", "plain", "easy"),
    [
        (0, "Theme, carer, I?", "Easy: theme, carer, I?"),
        (1, "Theme, carer?", "Easy: theme, carer?"),
        (2, "Theme, lived experience, I?", "Easy: theme, lived experience, I?"),
        (3, "Theme, lived experience?", "Easy: theme, lived experience?"),
        (4, "Framework, carer, I?", "Easy: framework, carer, I?"),
        (5, "Framework, carer?", "Easy: framework, carer?"),
        (6, "Framework, lived experience, I?", "Easy: framework, lived experience, I?"),
        (7, "Framework, lived experience?", "Easy: framework, lived experience?"),
        (8, QUESTION, EASY_QUESTION),
    ],
)
def test_the_most_specific_prompt_wins_level_by_level(removed, plain, easy):
    framework = loaded(without_levels(removed))
    assert framework.prompt("info-2", CARER, easy=False) == plain
    assert framework.prompt("info-2", CARER, easy=True) == easy


def test_a_kind_entry_applies_only_to_statements_of_that_kind():
    framework = loaded(layered())
    # info-1 is a We statement: the carer's theme entry, not its I wording
    assert framework.prompt("info-1", CARER) == "Theme, carer?"
    assert framework.prompt("info-1", CARER, easy=True) == "Easy: theme, carer?"


def test_a_theme_entry_applies_only_to_its_own_statements():
    framework = loaded(layered())
    # plan-1 is in a theme without prompts: the framework's carer I wording
    assert framework.prompt("plan-1", CARER) == "Framework, carer, I?"
    assert framework.prompt("plan-1", CARER, easy=True) == "Easy: framework, carer, I?"


def test_a_perspective_without_its_own_entry_gets_its_groups():
    framework = loaded(layered())
    assert framework.prompt("info-2", PERSON) == "Theme, lived experience, I?"
    assert framework.prompt("plan-1", PERSON, easy=True) == "Easy: framework, lived experience, I?"


def test_a_perspective_with_no_entry_anywhere_gets_the_frameworks_question():
    framework = loaded(layered())
    for perspective in (STAFF, MANAGER, BOARD, PARTNER):
        assert framework.prompt("info-2", perspective) == QUESTION
        assert framework.prompt("info-2", perspective, easy=True) == EASY_QUESTION


def test_no_perspective_gets_the_frameworks_question():
    framework = loaded(layered())
    assert framework.prompt("info-2", None) == QUESTION
    assert framework.prompt("info-2", None, easy=True) == EASY_QUESTION
    assert framework.prompt("info-2") == QUESTION


def test_easy_read_takes_the_first_easy_read_wording_even_from_a_less_specific_entry():
    data = layered()
    data["themes"][0]["prompts"] = {"carer": {"question": "Theme, carer, plain only?"}}
    data["prompts"] = {"lived-experience": {"easy_read_question": "Easy: framework, group?"}}
    framework = loaded(data)
    assert framework.prompt("info-2", CARER) == "Theme, carer, plain only?"
    assert framework.prompt("info-2", CARER, easy=True) == "Easy: framework, group?"


def test_easy_read_falls_back_to_the_plain_prompt_only_when_no_easy_read_exists_at_all():
    data = layered()
    data["themes"][0]["prompts"] = {"carer": {"question": "Theme, carer, plain only?"}}
    data["prompts"] = {}
    framework = loaded(data)
    # the framework's own easy_read_question is still Easy Read wording, and wins
    assert framework.prompt("info-2", CARER, easy=True) == EASY_QUESTION
    del data["easy_read_question"]
    framework = loaded(data)
    assert framework.prompt("info-2", CARER, easy=True) == "Theme, carer, plain only?"
    assert framework.prompt("info-2", STAFF, easy=True) == QUESTION
    data["easy_read_question"] = ""  # an empty Easy Read question is no wording either
    framework = loaded(data)
    assert framework.prompt("info-2", CARER, easy=True) == "Theme, carer, plain only?"
    assert framework.prompt("info-2", None, easy=True) == QUESTION


def test_a_prompt_kept_for_one_perspective_is_never_given_to_another_of_its_group():
    # A carer and a person who draws on care share a group but not an id; asked in turn, and
    # again, each keeps their own words (a prompt kept under the wrong key would swap them).
    framework = loaded(layered())
    for _ in range(2):
        assert framework.prompt("info-2", CARER) == "Theme, carer, I?"
        assert framework.prompt("info-2", PERSON) == "Theme, lived experience, I?"
        assert framework.prompt("info-2", CARER, easy=True) == "Easy: theme, carer, I?"
        assert framework.prompt("info-2", PERSON, easy=True) == "Easy: theme, lived experience, I?"
        assert framework.prompt("info-2", None) == QUESTION


def test_a_framework_with_prompts_stays_hashable_and_survives_its_snapshot():
    framework = loaded(layered())
    rebuilt = framework_from_snapshot(framework.snapshot())
    assert rebuilt == framework
    assert hash(rebuilt) == hash(framework)
    assert rebuilt.prompt("info-2", CARER) == "Theme, carer, I?"
    assert framework.snapshot()["prompts"]["carer"]["kinds"]["I"] == {
        "question": "Framework, carer, I?",
        "easy_read_question": "Easy: framework, carer, I?",
    }


def test_an_old_snapshot_without_prompts_groups_or_easy_read_titles_loads():
    snapshot = copy.deepcopy(builtin_frameworks()["making-it-real"].snapshot())
    del snapshot["prompts"]
    for theme in snapshot["themes"]:
        del theme["prompts"]
        del theme["easy_read_title"]
    framework = framework_from_snapshot(snapshot)
    old_staff = {"id": "frontline-staff", "label": "Frontline staff", "lived_experience": False}
    staff = Perspective.model_validate(old_staff)
    assert framework.prompt("wellbeing-2", staff) == QUESTION
    assert framework.prompt("wellbeing-2", staff, easy=True) == EASY_QUESTION
    assert framework.themes[0].title_for(easy=True) == "Wellbeing and independence"
    assert framework.themes[0].title_for(easy=False) == "Wellbeing and independence"


def test_a_snapshot_keeps_a_prompt_for_a_perspective_that_no_longer_exists():
    # The key check belongs to reading a file: a round must load whatever perspectives.yaml
    # says later, and a prompt nobody can be shown does no harm.
    snapshot = builtin_frameworks()["making-it-real"].snapshot()
    snapshot["prompts"]["volunteer"] = {"question": "How do we work with volunteers on this?"}
    framework = framework_from_snapshot(snapshot)
    assert framework.prompts["volunteer"].question == "How do we work with volunteers on this?"


def test_a_framework_built_in_code_refuses_a_prompt_with_no_wording():
    data = layered()
    data["prompts"]["staff"] = {}
    with pytest.raises(ValueError, match="prompt 'staff' of the framework: it has no wording"):
        Framework.model_validate(data)


# --- The shipped wording ---------------------------------------------------------------------

MIR = builtin_frameworks()["making-it-real"]
STAFF_I = (
    "How would people who draw on care and support place this today? Choose Not sure if you "
    "don't know."
)
STAFF_I_EASY = (
    'How would the people we support answer this? If you do not know, choose "I am not sure".'
)
STAFF_EASY = "How do we work with the people we support on this?"
OTHERS_I = (
    "From what you have seen and heard, how would people who draw on care and support place "
    "this today? Choose Not sure if you don't know."
)
OTHERS_I_EASY = (
    "What would people who get support here say about this? If you do not know, choose "
    '"I am not sure".'
)
OTHERS_EASY = "How does this service work with the people it supports on this?"
CARER_QUESTION = (
    "Which rung best describes how we work with you or the person you care for on this today?"
)
CARER_EASY = "How do we work with you or the person you care for on this?"


def statements_of(framework: Framework, kind: str) -> list[str]:
    return [s.id for s in framework.statements if s.kind == kind]


def test_making_it_real_asks_staff_how_people_would_place_an_i_statement():
    assert len(statements_of(MIR, "I")) == 18
    for statement in statements_of(MIR, "I"):
        for perspective in (STAFF, MANAGER):
            assert MIR.prompt(statement, perspective) == STAFF_I
            assert MIR.prompt(statement, perspective, easy=True) == STAFF_I_EASY


def test_making_it_real_asks_staff_the_frameworks_question_on_a_we_statement():
    assert len(statements_of(MIR, "We")) == 12
    for statement in statements_of(MIR, "We"):
        for perspective in (STAFF, MANAGER):
            assert MIR.prompt(statement, perspective) == QUESTION
            assert MIR.prompt(statement, perspective, easy=True) == STAFF_EASY


def test_making_it_real_asks_board_members_and_partners_about_i_statements_the_same_way():
    for perspective in (BOARD, PARTNER):
        for statement in statements_of(MIR, "I"):
            assert MIR.prompt(statement, perspective) == OTHERS_I
            assert MIR.prompt(statement, perspective, easy=True) == OTHERS_I_EASY
        for statement in statements_of(MIR, "We"):
            assert MIR.prompt(statement, perspective) == QUESTION
            assert MIR.prompt(statement, perspective, easy=True) == OTHERS_EASY


def test_carers_are_asked_about_themselves_or_the_person_they_care_for():
    for framework in builtin_frameworks().values():
        for statement in framework.statements:
            for easy in (False, True):
                assert "you or the person you care for" in framework.prompt(
                    statement.id, CARER, easy
                )
    for statement in MIR.statements:
        assert MIR.prompt(statement.id, CARER) == CARER_QUESTION
        assert MIR.prompt(statement.id, CARER, easy=True) == CARER_EASY


def test_people_who_draw_on_care_keep_the_frameworks_question():
    for statement in MIR.statements:
        assert MIR.prompt(statement.id, PERSON) == QUESTION
        assert MIR.prompt(statement.id, PERSON, easy=True) == EASY_QUESTION


def test_the_other_frameworks_word_the_research_and_carers_prompts():
    research = builtin_frameworks()["research-coproduction"]
    assert research.prompt("power-1", CARER) == (
        "Which rung best describes how we work with you or the person you care for on this "
        "research today?"
    )
    assert research.prompt("power-1", CARER, easy=True) == (
        "How do we work with you or the person you care for on this research?"
    )
    assert research.prompt("power-1", STAFF, easy=True) == (
        "How do we work with people on this research?"
    )
    assert research.prompt("power-1", BOARD, easy=True) == (
        "How does the research team work with people on this?"
    )
    assert research.prompt("power-1", STAFF) == (
        "Which rung best describes how we work with people on this research today?"
    )
    scie = builtin_frameworks()["scie-whole-system"]
    assert scie.prompt("culture-1", CARER) == CARER_QUESTION
    assert scie.prompt("culture-1", MANAGER, easy=True) == STAFF_EASY
    assert scie.prompt("culture-1", PARTNER, easy=True) == OTHERS_EASY
    assert scie.prompt("culture-1", PARTNER) == QUESTION


def test_every_shipped_theme_has_an_easy_read_title():
    frameworks = builtin_frameworks()
    titles = {fid: [t.title_for(easy=True) for t in f.themes] for fid, f in frameworks.items()}
    assert titles == {
        "making-it-real": [
            "Living your life",
            "Information",
            "Your local area",
            "Support that fits your life",
            "When life changes",
            "Our staff",
        ],
        "research-coproduction": [
            "Sharing power",
            "Including everyone",
            "Valuing what people know",
            "Getting something back",
            "Working well together",
        ],
        "scie-whole-system": [
            "What we believe",
            "How we are set up",
            "How we work each day",
            "Checking how we are doing",
        ],
    }
    assert MIR.themes[5].title_for(easy=False) == "Workforce"


def test_every_shipped_easy_read_prompt_is_short_sentences_without_acronyms():
    texts = set()
    for framework in builtin_frameworks().values():
        for statement in framework.statements:
            for perspective in PERSPECTIVES.values():
                texts.add(framework.prompt(statement.id, perspective, easy=True))
        texts |= {t.easy_read_title for t in framework.themes}
    assert len(texts) > 20
    for text in texts:
        assert easy_read_long_sentences(text) == [], text
        assert not re.search(r"\b[A-Z]{2,}\b", text), text


# --- Problems, each located --------------------------------------------------------------

PROMPTED = """\
id: example
title: An example framework
version: "1.0"
source: {title: Our own example}
ladder: coproduction-ladder
question: Which rung best describes how we work with people on this today?
easy_read_question: How do we work with you on this?
prompts:
  staff:
    kinds:
      I:
        question: How would people who draw on care place this today?
        easy_read_question: How would the people we support answer this?
  carer:
    question: How do we work with you or the person you care for on this today?
    easy_read_question: How do we work with you or the person you care for?
themes:
  - id: information
    title: Information and advice
    easy_read_title: Information
    prompts:
      lived-experience:
        question: How do we work with you on information today?
    statements:
      - {id: info-1, kind: We, text: We give people information., easy_read: We give you information.}
      - {id: info-2, kind: I, text: I know where to find advice., easy_read: You know where to get advice.}
  - id: planning
    title: Planning
    statements:
      - {id: plan-1, kind: principle, text: Plans are made together., easy_read: We make plans with you.}
"""


def problems_in(text: str) -> list[str]:
    model, problems = check_text(text, "frameworks/x.yaml")
    assert (model is None) == bool(problems)
    return [str(p) for p in problems]


def test_the_prompted_example_is_valid():
    model, problems = check_text(PROMPTED, "frameworks/x.yaml")
    assert problems == []
    assert model.prompt("info-2", STAFF) == "How would people who draw on care place this today?"
    assert model.prompt("info-1", CARER) == (
        "How do we work with you on information today?"  # the theme's group beats the framework
    )
    assert model.prompt("plan-1", CARER, easy=True) == (
        "How do we work with you or the person you care for?"
    )
    assert model.themes[0].title_for(easy=True) == "Information"
    assert model.themes[1].title_for(easy=True) == "Planning"


def test_a_prompt_key_that_is_neither_a_group_nor_a_perspective_is_refused_at_the_key():
    assert problems_in(PROMPTED.replace("  staff:\n", "  staf:\n")) == [
        "frameworks/x.yaml:9:3: 'prompts' of the framework has an unknown key 'staf' (did you "
        "mean 'staff'?); use a group of perspectives (lived-experience, staff, others) or a "
        "perspective id (person-drawing-on-care, carer, frontline-staff, manager, board-member, "
        "partner)"
    ]


def test_a_theme_prompt_key_that_is_neither_a_group_nor_a_perspective_is_refused():
    text = PROMPTED.replace("      lived-experience:\n", "      visitors:\n")
    assert problems_in(text) == [
        "frameworks/x.yaml:22:7: 'prompts' of theme 'information' has an unknown key "
        "'visitors'; use a group of perspectives (lived-experience, staff, others) or a "
        "perspective id (person-drawing-on-care, carer, frontline-staff, manager, board-member, "
        "partner)"
    ]


def test_a_perspective_id_and_every_group_are_accepted_as_keys():
    extra = "".join(
        f"  {key}:\n    question: For {key}?\n" for key in ("others", "manager", "lived-experience")
    )
    model, problems = check_text(PROMPTED.replace("themes:\n", extra + "themes:\n", 1), "f.yaml")
    assert problems == []
    assert model.prompt("plan-1", MANAGER) == "For manager?"
    assert model.prompt("plan-1", PARTNER) == "For others?"
    assert model.prompt("plan-1", PERSON) == "For lived-experience?"


# The staff entry's `kinds:` in PROMPTED, as written there.
STAFF_KINDS = (
    "    kinds:\n"
    "      I:\n"
    "        question: How would people who draw on care place this today?\n"
    "        easy_read_question: How would the people we support answer this?\n"
)


def test_a_prompt_with_no_wording_is_refused_at_its_key():
    text = PROMPTED.replace(
        "  carer:\n    question: How do we work with you or the person you care for on this today?\n"
        "    easy_read_question: How do we work with you or the person you care for?\n",
        "  carer: {}\n",
    )
    assert problems_in(text) == [
        "frameworks/x.yaml:14:3: prompt 'carer' of the framework: it has no wording; give it a "
        "'question', an 'easy_read_question' or 'kinds', or remove it"
    ]
    assert problems_in(PROMPTED.replace(STAFF_KINDS, "    kinds: {}\n")) == [
        "frameworks/x.yaml:9:3: prompt 'staff' of the framework: it has no wording; give it a "
        "'question', an 'easy_read_question' or 'kinds', or remove it"
    ]


def test_a_prompt_of_empty_keys_has_no_wording_but_empty_kinds_is_said_once():
    # 'question:' with nothing after it is no question, so the entry has no wording ...
    text = PROMPTED.replace(
        "    question: How do we work with you or the person you care for on this today?\n"
        "    easy_read_question: How do we work with you or the person you care for?\n",
        "    question:\n",
    )
    assert problems_in(text) == [
        "frameworks/x.yaml:14:3: prompt 'carer' of the framework: it has no wording; give it a "
        "'question', an 'easy_read_question' or 'kinds', or remove it"
    ]
    # ... while 'kinds:' with nothing after it is reported as empty, and only that
    assert problems_in(PROMPTED.replace(STAFF_KINDS, "    kinds:\n")) == [
        "frameworks/x.yaml:10:11: 'kinds' of prompt 'staff' of the framework is empty; write "
        "something or remove the key"
    ]


def test_a_prompt_left_empty_is_refused_as_empty():
    text = PROMPTED.replace(
        "      lived-experience:\n        question: How do we work with you on information today?\n",
        "      lived-experience:\n",
    )
    assert problems_in(text) == [
        "frameworks/x.yaml:22:24: prompt 'lived-experience' of theme 'information' is empty; "
        "write something or remove the key"
    ]


def test_a_kind_prompt_with_no_wording_is_refused_at_its_key():
    text = PROMPTED.replace(
        "        question: How would people who draw on care place this today?\n"
        "        easy_read_question: How would the people we support answer this?\n",
        "        {}\n",
    )
    assert problems_in(text) == [
        "frameworks/x.yaml:11:7: kind 'I' of prompt 'staff' of the framework: it has no "
        "wording; give it a 'question' or an 'easy_read_question', or remove it"
    ]


def test_a_kind_no_statement_uses_is_refused_naming_the_kinds_used():
    assert problems_in(PROMPTED.replace("      I:\n", "      Us:\n")) == [
        "frameworks/x.yaml:11:7: 'kinds' of prompt 'staff' of the framework has an unknown key "
        "'Us': no statement in the framework is of this kind; the kinds used are We, I, principle"
    ]


def test_a_theme_prompt_may_only_name_the_kinds_of_its_own_statements():
    text = PROMPTED.replace(
        "        question: How do we work with you on information today?\n",
        "        kinds:\n          principle: {question: How do we work with you on this idea?}\n",
    )
    assert problems_in(text) == [
        "frameworks/x.yaml:24:11: 'kinds' of prompt 'lived-experience' of theme 'information' "
        "has an unknown key 'principle': no statement in theme 'information' is of this kind; "
        "the kinds used are We, I"
    ]
    text = text.replace("principle: {question", "We: {question")
    assert problems_in(text) == []


def test_a_misspelt_key_in_a_prompt_is_refused_once_with_a_hint():
    text = PROMPTED.replace(
        "    question: How do we work with you or the person you care for on this today?\n"
        "    easy_read_question: How do we work with you or the person you care for?\n",
        "    questoin: How do we work with you or the person you care for on this today?\n",
    )
    assert problems_in(text) == [
        "frameworks/x.yaml:15:5: prompt 'carer' of the framework has an unknown key 'questoin' "
        "(did you mean 'question'?)"
    ]
    text = PROMPTED.replace(
        "        easy_read_question: How would the people",
        "        easy_red_question: How would the people",
    )
    assert problems_in(text) == [
        "frameworks/x.yaml:13:9: kind 'I' of prompt 'staff' of the framework has an unknown key "
        "'easy_red_question' (did you mean 'easy_read_question'?)"
    ]


def test_prompts_must_be_a_mapping():
    before, after = PROMPTED.split("prompts:\n  staff:\n")
    text = before + "prompts: [staff]\nthemes:\n" + after.split("themes:\n", 1)[1]
    assert problems_in(text) == [
        "frameworks/x.yaml:8:10: 'prompts' of the framework should be a mapping of keys and "
        "values, not a list"
    ]


def test_a_prompt_question_follows_the_rules_of_any_text():
    text = PROMPTED.replace(
        "    question: How do we work with you or the person you care for on this today?",
        "    question: ''",
    )
    assert problems_in(text) == [
        "frameworks/x.yaml:15:15: 'question' of prompt 'carer' of the framework is empty; "
        "write something or remove the key"
    ]
    text = PROMPTED.replace(
        "        question: How would people who draw on care place this today?",
        "        question: " + "x" * 4001,
    )
    assert problems_in(text) == [
        "frameworks/x.yaml:12:19: 'question' of kind 'I' of prompt 'staff' of the framework is "
        "4,001 characters long; the most allowed is 4000"
    ]
    text = PROMPTED.replace(
        "        question: How would people who draw on care place this today?",
        '        question: "How would people\\0 place this?"',
    )
    assert problems_in(text) == [
        "frameworks/x.yaml:12:19: 'question' of kind 'I' of prompt 'staff' of the framework "
        "holds a NUL character (an invisible character with code 0) that cannot be stored; "
        "remove it"
    ]


FIFTEEN = "How do we work with you and your family on this at home or out?"
SIXTEEN = "How do we work with you and your family on this at home or out today?"


def test_an_easy_read_prompt_of_15_words_is_allowed_and_of_16_refused_located():
    assert len(FIFTEEN.split()) == 15 and len(SIXTEEN.split()) == 16
    general = "    easy_read_question: How do we work with you or the person you care for?"
    model, problems = check_text(
        PROMPTED.replace(general, f"    easy_read_question: {FIFTEEN}"), "f.yaml"
    )
    assert problems == []
    assert model.prompt("info-1", CARER, easy=True) == FIFTEEN
    assert problems_in(PROMPTED.replace(general, f"    easy_read_question: {SIXTEEN}")) == [
        "frameworks/x.yaml:16:25: this Easy Read sentence has 16 words; keep each sentence to "
        f'15 words or fewer: "{SIXTEEN}"'
    ]
    by_kind = "        easy_read_question: How would the people we support answer this?"
    assert problems_in(PROMPTED.replace(by_kind, f"        easy_read_question: {SIXTEEN}")) == [
        "frameworks/x.yaml:13:29: this Easy Read sentence has 16 words; keep each sentence to "
        f'15 words or fewer: "{SIXTEEN}"'
    ]


def test_an_easy_read_title_follows_the_easy_read_and_name_rules():
    long_title = "Information and advice about money, housing, care and support for you and your family too today"
    assert len(long_title.split()) == 16
    assert problems_in(
        PROMPTED.replace("easy_read_title: Information", f"easy_read_title: {long_title}")
    ) == [
        "frameworks/x.yaml:20:22: this Easy Read sentence has 16 words; keep each sentence to "
        f'15 words or fewer: "{long_title}"'
    ]
    assert problems_in(PROMPTED.replace("easy_read_title: Information", "easy_read_title: ''")) == [
        "frameworks/x.yaml:20:22: 'easy_read_title' of theme 'information' is empty; write "
        "something or remove the key"
    ]
    assert problems_in(
        PROMPTED.replace("easy_read_title: Information", "easy_read_title: " + "x" * 201)
    ) == [
        "frameworks/x.yaml:20:22: 'easy_read_title' of theme 'information' is 201 characters "
        "long; the most allowed is 200"
    ]


# --- The JSON Schema ---------------------------------------------------------------------------


def test_the_schema_describes_prompts_and_easy_read_titles_and_checks_them():
    jsonschema = pytest.importorskip("jsonschema")
    schema = framework_schema()
    defs = schema["$defs"]
    assert "perspective id" in schema["properties"]["prompts"]["description"]
    assert "lived-experience, staff or others" in schema["properties"]["prompts"]["description"]
    assert "win over the framework's" in defs["Theme"]["properties"]["prompts"]["description"]
    assert defs["Theme"]["properties"]["easy_read_title"]["description"] == (
        "A short, plain name for the theme in Easy Read."
    )
    assert "kind" in defs["Prompt"]["properties"]["kinds"]["description"]
    assert defs["Prompt"]["properties"]["easy_read_question"]["description"]
    assert "prompts" not in schema.get("required", [])
    validator = jsonschema.Draft202012Validator(schema)
    good = yaml.safe_load(PROMPTED)
    assert list(validator.iter_errors(good)) == []
    bad = copy.deepcopy(good)
    bad["prompts"]["staff"]["questoin"] = "How?"
    assert not validator.is_valid(bad)
    bad = copy.deepcopy(good)
    bad["prompts"]["Staff"] = {"question": "How?"}
    assert not validator.is_valid(bad)
    bad = copy.deepcopy(good)
    bad["themes"][0]["prompts"]["lived-experience"]["question"] = 42
    assert not validator.is_valid(bad)
    bad = copy.deepcopy(good)
    bad["prompts"]["staff"]["kinds"]["I"]["kinds"] = {}
    assert not validator.is_valid(bad)
