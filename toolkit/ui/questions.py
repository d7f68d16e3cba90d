"""The question widgets: one statement with its ladder choices, a note box, and the words.

Used by the Assess page (one theme or one statement per screen) and by anything else that
asks a person to place a statement on the ladder. A framework's words (statements, rungs,
questions, guidance) come from a file, so each is escaped where it is shown.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from toolkit.charts import GROUP_COLOURS
from toolkit.framework import (
    GROUP_LABELS,
    NOT_APPLICABLE,
    UNSURE,
    Framework,
    Ladder,
    Perspective,
    Statement,
)
from toolkit.store import SavedAnswer
from toolkit.ui.text import label_safe
from toolkit.ui.text import markdown_safe as safe

UNSURE_LABEL = "Not sure"
NOT_APPLICABLE_LABEL = "Doesn't apply here"
EASY_UNSURE_LABEL = "I am not sure"
EASY_NOT_APPLICABLE_LABEL = "This is not for me"
KIND_LABELS = {"I": "I statement", "We": "We statement", "principle": "Principle"}


def choices(ladder: Ladder) -> list[str]:
    """Every answer, always in the same order: the rungs bottom first, then the other two."""
    return [*ladder.rung_ids, UNSURE, NOT_APPLICABLE]


@functools.lru_cache(maxsize=4096)  # ladders are frozen: the same words every time
def choice_label(ladder: Ladder, choice: str, easy: bool) -> str:
    """A choice as the radio shows it (Markdown): the rung's label in bold and its words."""
    if choice == UNSURE:
        return EASY_UNSURE_LABEL if easy else UNSURE_LABEL
    if choice == NOT_APPLICABLE:
        return EASY_NOT_APPLICABLE_LABEL if easy else NOT_APPLICABLE_LABEL
    rung = ladder.rung(choice)
    if easy:
        return safe(rung.easy_read)
    description = rung.description[:1].lower() + rung.description[1:]
    return f"**{safe(rung.label)}** — {safe(description)}"


@functools.lru_cache(maxsize=4096)
@functools.lru_cache(maxsize=256)
def _choice_words(ladder: Ladder, easy: bool) -> tuple[dict[str, str], tuple[str, ...]]:
    """Every choice's label and caption for one ladder, worked out once: a question looks
    the ladder up once, not once for each of its choices (a ladder's hash is not free)."""
    options = choices(ladder)
    labels = {choice: choice_label(ladder, choice, easy) for choice in options}
    return labels, tuple(choice_caption(ladder, choice) for choice in options)


def choice_caption(ladder: Ladder, choice: str) -> str:
    if choice in (UNSURE, NOT_APPLICABLE):
        return ""
    return GROUP_LABELS[ladder.rung(choice).group]


def answer_words(ladder: Ladder, answer: str | None, easy: bool = False) -> str:
    """How an answer reads in a summary, as plain text: the rung's label (its Easy Read
    words in Easy Read), or the other choice's words."""
    if answer is None:
        return "Not answered yet"
    if answer in ladder.rung_ids:
        rung = ladder.rung(answer)
        return rung.easy_read if easy else rung.label
    return choice_label(ladder, answer, easy)


def asked(
    framework: Framework, statement: Statement, perspective: Perspective | None, easy: bool
) -> str:
    """The question asked about a statement, worded for who is answering (plain text): the
    framework's `prompts:` for the statement's kind and the person's perspective."""
    return framework.prompt(statement.id, perspective, easy)


def ladder_colours(ladder: Ladder) -> None:
    """Colour each rung's choice by its group, in every question on the screen (the group's
    words are in the choice's caption). Call once per screen."""
    st.markdown(_ladder_style(ladder), unsafe_allow_html=True)


@functools.lru_cache(maxsize=64)  # ladders are frozen: the same rules every time
def _ladder_style(ladder: Ladder) -> str:
    rules = [
        f"[class*='st-key-answer_'] div[role='radiogroup'] > div:nth-of-type({position})"
        f" {{ border-left: 0.6rem solid {GROUP_COLOURS[rung.group]}; padding-left: 0.5rem;"
        " margin-bottom: 0.15rem; }"
        for position, rung in enumerate(ladder.rungs, start=1)
    ]
    # A note is saved when the person moves on from it: no "Press Ctrl+Enter to apply".
    rules.append("[class*='st-key-note_'] [data-testid='InputInstructions'] { display: none; }")
    return "<style>" + "\n".join(rules) + "</style>"


def question(
    framework: Framework,
    statement: Statement,
    saved: SavedAnswer | None,
    *,
    key: str,
    easy: bool,
    on_answer: Callable[[str, str | None, str], None],
    asked: str,
    number: int | None = None,
) -> None:
    """One statement, the question asked about it (`asked`: plain text, worded for who is
    answering), its choices and a note box. Every change is handed to `on_answer`.

    `on_answer(statement_id, answer, note)` is called from the widgets' callbacks, so the
    answer is saved the moment it is chosen.
    """
    ladder = framework.ladder
    options = choices(ladder)
    labels, captions = _choice_words(ladder, easy)
    answer_key, note_key = f"answer_{key}", f"note_{key}"

    def changed() -> None:
        on_answer(
            statement.id, st.session_state.get(answer_key), st.session_state.get(note_key, "")
        )

    # No key on the container: a keyed element costs each click; the styles find the
    # question by its widgets' keys (answer_..., note_...).
    with st.container(border=not easy):
        # One element for the words above the choices: every element costs each click.
        if easy:
            st.markdown(f"### {safe(statement.easy_read)}\n\n**{safe(asked)}**")
        else:
            kind = KIND_LABELS.get(statement.kind, statement.kind)
            prefix = f"{number}\\. " if number is not None else ""  # a number, not a list
            st.markdown(
                f"{prefix}*{safe(kind)}*\n\n### “{safe(statement.text)}”\n\n**{safe(asked)}**"
            )
        # The statement itself names the choices for screen readers (the hidden label is the
        # radio group's accessible name, read as it is: so no backslashes, see label_safe);
        # the question is shown once above them (on the screen, or in this block in Easy Read).
        st.radio(
            label_safe(
                statement.easy_read
                if easy
                else f"{number}. {statement.text}"
                if number
                else statement.text
            ),
            options,
            index=options.index(saved.answer) if saved else None,
            format_func=labels.__getitem__,
            # The group's words under each rung (doing to, for, with): never colour alone.
            captions=list(captions),
            key=answer_key,
            on_change=changed,
            label_visibility="collapsed",
        )
        prompts = statement.evidence_prompts
        with st.expander(
            "Tell us more (you do not have to)" if easy else "Add evidence or a comment",
            expanded=bool(saved and saved.note),
        ):
            if statement.guidance and not easy:
                st.caption(safe(statement.guidance))
            st.text_area(
                "Your note" if easy else "Evidence or comment",
                value=saved.note if saved else "",
                placeholder=" ".join(prompts) if prompts else "",  # plain text
                help=("Things to think about: " + safe(" ".join(prompts))) if prompts else None,
                key=note_key,
                on_change=changed,
                max_chars=4000,
            )
            if st.session_state.get(note_key) and not (saved or st.session_state.get(answer_key)):
                st.caption("Choose an answer above and your note is saved with it.")
