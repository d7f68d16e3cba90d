"""Adding a round's answers from a survey export, on Organisations and rounds (leads and
admins): upload a SurveyMonkey, Google Forms or Microsoft Forms export (or the toolkit's own
answers file), see what each column, answer and perspective was matched to, correct any
match with a select box, download the mapping for next time, see what would be added, and
import it all or nothing.

The page only shows and asks. Reading and matching the file is `Service.import_preview`
(`toolkit.surveys`), a person's corrections become a mapping in `toolkit.surveys.choices`,
and the import is `Service.import_answers`.

The section is a fragment: choosing in a select box runs this section again, not the whole
page, and a file is read and matched again only when the file, the format, the mapping file
or a choice changes (the previews are kept in the session by all of those).

For tests, `STATE` names the session's `ImportState`, and `section` is all a page calls.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd
import streamlit as st

from toolkit import describe
from toolkit.errors import Code, Problem
from toolkit.framework import NOT_APPLICABLE, UNSURE, Framework, Perspective
from toolkit.service import Can, Service
from toolkit.service.actors import Actor
from toolkit.store import Round, StoreError
from toolkit.surveys import (
    AUTO,
    FORMATS,
    TOOL_NAMES,
    ColumnMatch,
    LabelMatch,
    LocatedMapping,
    Preview,
    SurveyMapping,
    mapping_yaml,
    normalise,
    read_mapping,
)
from toolkit.surveys.choices import (
    IGNORE,
    NAME,
    NOTE,
    PERSPECTIVE,
    STATEMENT,
    Choices,
    column_choice,
    with_choices,
)
from toolkit.surveys.layouts import TOOLKIT
from toolkit.ui import context, widgets
from toolkit.ui.text import label_safe, table_safe
from toolkit.ui.text import markdown_safe as safe

STATE = "survey_import"
SECTION = "tk_survey_import"  # the section's container: `.st-key-tk_survey_import` in the page
KEPT_PREVIEWS = 6  # previews kept in a session: enough to go back a choice or two at once
SHOWN_PROBLEMS = 100  # the error summary lists this many; the rest are counted

FILE_FIELD = "tk-survey-file"
MAPPING_FIELD = "tk-survey-mapping"
PERSPECTIVE_FIELD = "tk-survey-perspective"

FORMAT_WORDS = {
    AUTO: "Tell from the file (automatic)",
    TOOLKIT: "The toolkit's own answers file",
    "surveymonkey": "SurveyMonkey (all responses, CSV)",
    "google-forms": "Google Forms (responses, CSV)",
    "microsoft-forms": "Microsoft Forms (responses, Excel .xlsx)",
}
READ_AS = {
    TOOLKIT: "the toolkit's own answers file",
    "surveymonkey": "a SurveyMonkey export",
    "google-forms": "a Google Forms export",
    "microsoft-forms": "a Microsoft Forms export",
}
COLUMN_WORDS = {IGNORE: "Leave this column out", PERSPECTIVE: "Who each person is", NAME: "Names"}
HOW_WORDS = {
    "automatic": "Matched automatically",
    "mapping": "From the mapping file",
    "chosen": "Your choice",
}
FROM_A_COLUMN, ONE_FOR_ALL = "column", "fixed"
# Problems about the whole file or its header, whose words say where they are.
WHOLE_FILE = {
    Code.EMPTY_FILE,
    Code.FILE_TOO_LARGE,
    Code.SURVEY_LAYOUT,
    Code.SURVEY_OLD_WORKBOOK,
    Code.SURVEY_WORKBOOK,
    Code.SURVEY_WORKBOOK_TOO_LARGE,
    Code.SURVEY_NO_SHEET,
    Code.SURVEY_UNKNOWN_COLUMN,
    Code.SURVEY_NO_HEADER,
    Code.SURVEY_TWO_STATEMENTS,
    Code.SURVEY_NO_PERSPECTIVE_COLUMN,
    Code.SURVEY_TWO_PERSPECTIVE_COLUMNS,
}


@dataclass
class ImportState:
    """What one session's import screen remembers: the file it is about (`token`), the
    person's choices for it, and the previews worked out so far."""

    token: str = ""
    choices: Choices = field(default_factory=Choices)
    mode: str | None = None  # "column" or "fixed", once the person has said
    moves: int = 0  # how often the error summary was brought into view
    pressed: bool = False  # Import was pressed, not yet dealt with
    previews: OrderedDict = field(default_factory=OrderedDict)

    def start(self, token: str) -> None:
        """A new file (or format, or mapping file): its own choices, from nothing."""
        if token != self.token:
            self.token, self.choices, self.mode, self.pressed = token, Choices(), None, False
            self.moves += 1


def _state() -> ImportState:
    return st.session_state.setdefault(STATE, ImportState())


def _digest(*parts: bytes | str) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()[:16]


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


# --- Problems in words --------------------------------------------------------------------


# The problems a choice on this screen puts right, said with that choice in mind (the same
# problem from the command line says what to write in a mapping file instead).
SCREEN_WORDS = {
    Code.SURVEY_UNKNOWN_COLUMN: (
        "column {column} matches no statement{hint}: choose what it is, or leave it out"
    ),
    Code.SURVEY_TWO_STATEMENTS: (
        "column {column} matches statements {statements} alike: choose which it is"
    ),
    Code.SURVEY_UNKNOWN_ANSWER: (
        "column {column}: '{value}' is not a rung of the ladder, nor not sure or doesn't "
        "apply{also}: choose what it means"
    ),
    Code.SURVEY_UNKNOWN_PERSPECTIVE: (
        "column {column}: '{value}' is not a perspective{also}: choose the perspective it means"
    ),
    Code.SURVEY_NO_PERSPECTIVE_COLUMN: (
        "no column says who each person is: choose the column that says it, or one "
        "perspective for everyone in the file"
    ),
    Code.SURVEY_TWO_PERSPECTIVE_COLUMNS: (
        "columns {columns} could each say who each person is: choose the one that does"
    ),
}


def problem_words(problem: Problem, display: str, *, screen: bool = True) -> str:
    """A problem in plain words, with its row (the first header row is row 1), or its line in
    the mapping file; a problem about a column names the column itself. With `screen`, a
    problem that a choice on this screen puts right says so."""
    message = problem.message
    if screen and problem.path == display and problem.code in SCREEN_WORDS:
        try:
            message = SCREEN_WORDS[problem.code].format(**problem.params)
        except (KeyError, IndexError):
            message = problem.message
    message = message[:1].upper() + message[1:]
    if not message.endswith((".", "!", "?")):
        message += "."
    if problem.path != display:
        if problem.path == "mapping":  # a mapping made here, from the choices on the screen
            return message
        where = f"Mapping file {problem.path}, line {problem.line}"
        if problem.column is not None:
            where += f", column {problem.column}"
        return f"{where}: {message}"
    whole = problem.code in WHOLE_FILE or (
        problem.code == Code.INVALID and problem.params.get("what") == "the file"
    )
    if whole and problem.line == 1:
        return message
    where = f"Row {problem.line}"
    if problem.column is not None:
        where += f", column {problem.column}"
    return f"{where}: {message}"


def _anchor(kind: str, text: str) -> str:
    return f"tk-survey-{kind}-{_digest(normalise(text))[:10]}"


def _column_anchor(column: ColumnMatch) -> str:
    return f"tk-survey-column-{column.letter}"


def _problem_field(problem: Problem, preview: Preview) -> str:
    """Where a problem's link in the error summary goes: the select box that puts it right,
    else the upload it is about."""
    if problem.path != preview.display:
        return MAPPING_FIELD if problem.path != "mapping" else FILE_FIELD
    params = problem.params
    if problem.code in (Code.SURVEY_UNKNOWN_COLUMN, Code.SURVEY_TWO_STATEMENTS):
        for column in preview.columns:
            shown = f'{column.letter} "{column.name}"' if column.name else column.letter
            if params.get("column") == shown:
                return _column_anchor(column)
    if problem.code == Code.SURVEY_UNKNOWN_ANSWER:
        return _anchor("answer", str(params.get("value", "")))
    if problem.code == Code.SURVEY_UNKNOWN_PERSPECTIVE:
        return _anchor("value", str(params.get("value", "")))
    if problem.code in (Code.SURVEY_NO_PERSPECTIVE_COLUMN, Code.SURVEY_TWO_PERSPECTIVE_COLUMNS):
        return PERSPECTIVE_FIELD
    return FILE_FIELD


# --- Select boxes whose value follows the preview -------------------------------------------


def _follow(key: str, value: object) -> None:
    """Show `value` in the widget `key` (drawn next): what the preview now takes a column or
    an answer to be, which a choice elsewhere may have changed. The key stays the same, so a
    keyboard's place on the page is kept."""
    if st.session_state.get(key, object()) != value:
        st.session_state[key] = value


def _chose_column(key: str, widget: str) -> None:
    if st.session_state.get(widget) is not None:
        _state().choices.choose_column(key, st.session_state[widget])


def _chose_answer(text: str, widget: str) -> None:
    if st.session_state.get(widget) is not None:
        _state().choices.answers[text] = st.session_state[widget]


def _chose_value(text: str, widget: str) -> None:
    if st.session_state.get(widget) is not None:
        _state().choices.perspective_values[text] = st.session_state[widget]


def _chose_mode(widget: str) -> None:
    state = _state()
    state.mode = st.session_state.get(widget)
    if state.mode == FROM_A_COLUMN:
        state.choices.perspective = ""
    elif state.choices.perspective == "":
        state.choices.perspective = None  # one for everyone: which one is chosen next


def _chose_fixed(widget: str) -> None:
    if st.session_state.get(widget) is not None:
        _state().choices.perspective = st.session_state[widget]


def _press() -> None:
    _state().pressed = True


# --- The section ---------------------------------------------------------------------------


def section(
    service: Service,
    actor: Actor,
    round_: Round,
    *,
    generation: int,
    on_imported: Callable[[str, int], None],
) -> None:
    """The import section for a round, for those who may run its rounds (nothing for anyone
    else). `generation` renews the uploads after an import; `on_imported(message, round id)`
    is called with what was imported, and shows the page afresh."""
    if not service.may(actor, Can.RUN_ROUNDS, round_.organisation_id):
        return
    with st.container(key=SECTION):
        st.header("Add answers from a survey export")
        if not round_.is_open:
            st.info(
                f"{safe(round_.title)} is closed, so answers are not added to it from a file: "
                "its figures may already have been shared. Reopen it above first, if they should "
                "change."
            )
            return
        st.write(
            "Bring in answers collected in SurveyMonkey, Google Forms or Microsoft Forms, or in "
            f"the toolkit's own answers file, to {safe(round_.title)}. You see what each column "
            "and answer was matched to first, and can change it. Nothing is added until you "
            "press Import; then every answer goes in, or none does."
        )
        _import_flow(service, actor, round_, generation, on_imported)


@st.fragment
def _import_flow(
    service: Service,
    actor: Actor,
    round_: Round,
    generation: int,
    on_imported: Callable[[str, int], None],
) -> None:
    with context.safety_net():  # a fragment's own rerun is outside the page's safety net
        _flow(service, actor, round_, generation, on_imported)


def _flow(
    service: Service,
    actor: Actor,
    round_: Round,
    generation: int,
    on_imported: Callable[[str, int], None],
) -> None:
    state = _state()
    file_error = st.empty()  # where the error summary's links about the file go
    uploaded = st.file_uploader(
        "Survey export or answers file (CSV, or Excel .xlsx; 1 MB at most)",
        type=["csv", "xlsx"],
        max_upload_size=1,
        key=f"survey_file_{round_.id}_{generation}",
        help="The app takes files of up to 1 MB. Split a larger export into parts, or use "
        "`toolkit import-answers` on the command line.",
    )
    tool, mapping_upload = st.columns(2)
    with tool:
        layout = st.selectbox(
            "Which tool made the file",
            [AUTO, *FORMATS],
            format_func=FORMAT_WORDS.__getitem__,
            key=f"survey_format_{round_.id}_{generation}",
            help="Leave it to tell from the file, unless the file's own columns were renamed.",
        )
    with mapping_upload:
        mapping_error = st.empty()
        mapping_file = st.file_uploader(
            "Mapping file from last time (optional, .yaml)",
            type=["yaml", "yml"],
            max_upload_size=1,
            key=f"survey_mapping_{round_.id}_{generation}",
            help="The mapping you downloaded after an earlier import of the same survey: its "
            "matches are used again.",
        )
    if uploaded is None:
        st.caption(
            "Each row of a survey export is one person. Columns are matched to statements by "
            "their words, answers to rungs by the rung's name, and the column that says who "
            "each person is is found from its answers."
        )
        return

    data = uploaded.getvalue()
    mapping_data = mapping_file.getvalue() if mapping_file is not None else b""
    state.start(_digest(str(round_.id), layout, data, mapping_data))
    located: LocatedMapping | None = None
    if mapping_file is not None:
        located, problems = read_mapping(mapping_data, mapping_file.name)
        if problems:
            with mapping_error:
                widgets.field_error("Put right the problems in the mapping file.", MAPPING_FIELD)
            widgets.error_summary(
                [(problem_words(p, uploaded.name), MAPPING_FIELD) for p in problems],
                state.moves,
            )
            st.write(
                f"The mapping file has {_plural(len(problems), 'problem')}, so the export is "
                "not read with it yet. Put them right and upload it again, or remove it to "
                "see the automatic matches."
            )
            return

    framework = service.round_framework(actor, round_)
    perspectives = service.round_perspectives(actor, round_)
    try:
        first = _preview(service, actor, round_, data, uploaded.name, layout, located)
        preview = first
        if state.choices and first.layout not in (None, TOOLKIT):
            base = first.mapping or (located.mapping if located else SurveyMapping())
            chosen = with_choices(base, first.columns, state.choices)
            preview = _preview(service, actor, round_, data, uploaded.name, layout, chosen)
    except StoreError as error:
        st.error(safe(str(error)))
        return

    # Import, if it was pressed and nothing stands in the way.
    pressed, state.pressed = state.pressed, False
    asks = _questions_left(state, preview)
    refusal = None
    if pressed and preview.ok and not asks:
        try:
            created = service.import_answers(actor, round_.id, preview.answer_rows())
        except StoreError as error:  # e.g. someone else imported the same people meanwhile
            refusal = str(error)
            state.previews.clear()  # read the round again next time
        else:
            st.session_state.pop(STATE, None)
            on_imported(
                f"Imported {_plural(preview.answer_count, 'answer')} from "
                f"{_plural(len(created), 'person', 'people')} into {round_.title}.",
                round_.id,
            )
            return
    if pressed:
        state.moves += 1  # bring the problems into view again

    problems = [
        (problem_words(p, preview.display), _problem_field(p, preview)) for p in preview.problems
    ]
    listed = problems[:SHOWN_PROBLEMS]
    if len(problems) > SHOWN_PROBLEMS:
        more = len(problems) - SHOWN_PROBLEMS
        listed.append((f"And {_plural(more, 'more problem')} after these.", FILE_FIELD))
    listed += asks
    if refusal:
        listed.insert(0, (f"Nothing was imported: {refusal}", FILE_FIELD))
    widgets.error_summary(listed, state.moves)
    for anchor, words, placeholder in (
        (
            FILE_FIELD,
            "Put right the problems listed above, then upload the file again.",
            file_error,
        ),
        (MAPPING_FIELD, "Put right the problems in the mapping file.", mapping_error),
    ):
        if any(field == anchor for _, field in listed):
            with placeholder:
                widgets.field_error(words, anchor)

    if preview.layout is not None:
        st.write(f"Read as {READ_AS[preview.layout]}.")
    if problems:
        st.write(
            f"This file has {_plural(len(problems), 'problem')}, so nothing can be imported yet. "
            + (
                "Choose what each column or answer means below, or put the file right and "
                "upload it again."
                if preview.layout not in (None, TOOLKIT)
                else "Put the file right and upload it again."
            )
        )
    if preview.layout is None:
        return

    if preview.layout != TOOLKIT:
        _columns(state, preview, first, framework, located)
        _answers(state, preview, first, framework, located)
        _who(state, preview, first, perspectives, located)
    _what_would_go_in(preview, framework, perspectives, round_)
    if preview.layout != TOOLKIT and preview.mapping is not None:
        _download(preview, uploaded.name)
    if preview.people or not preview.ok:
        label = (
            f"Import {_plural(preview.answer_count, 'answer')} from "
            f"{_plural(len(preview.people), 'person', 'people')}"
            if preview.ok and not asks
            else "Import the answers"
        )
        st.button(label, type="primary", key=f"survey_import_{state.token}", on_click=_press)
        st.caption("All the answers go in, or none: nothing is added while anything is wrong.")


def _preview(
    service: Service,
    actor: Actor,
    round_: Round,
    data: bytes,
    name: str,
    layout: str,
    mapping: LocatedMapping | SurveyMapping | None,
) -> Preview:
    """The preview of a file with a mapping, worked out once and kept in the session (by the
    file, the format, the mapping and the people already in the round)."""
    if isinstance(mapping, LocatedMapping):
        fingerprint = "file:" + mapping.located.path + mapping.mapping.model_dump_json()
    elif mapping is not None:
        fingerprint = "chosen:" + mapping.model_dump_json()
    else:
        fingerprint = ""
    key = (round_.id, round_.submitted, round_.drafts, _digest(data), name, layout, fingerprint)
    previews = _state().previews
    if key in previews:
        previews.move_to_end(key)
        return previews[key]
    found = service.import_preview(actor, round_.id, data, name, layout=layout, mapping=mapping)
    previews[key] = found
    while len(previews) > KEPT_PREVIEWS:
        previews.popitem(last=False)
    return found


def _questions_left(state: ImportState, preview: Preview) -> list[tuple[str, str]]:
    """What the person still has to say that no problem in the file says: the perspective of
    everyone, once they said there is one."""
    if preview.layout in (None, TOOLKIT):
        return []
    fixed = preview.mapping.perspective if preview.mapping is not None else None
    if state.mode == ONE_FOR_ALL and not isinstance(fixed, str):
        return [("Choose the perspective of everyone in the file.", PERSPECTIVE_FIELD)]
    return []


# --- Columns, answers and who answered -----------------------------------------------------


def _how(chosen: bool, first: str | None, located: LocatedMapping | None) -> str:
    if chosen:
        return HOW_WORDS["chosen"]
    if first == "mapping" and located is not None:
        return HOW_WORDS["mapping"]
    return HOW_WORDS["automatic"]  # written into the mapping here, but found automatically


def _column_options(framework: Framework) -> tuple[list[str], dict[str, str]]:
    words = dict(COLUMN_WORDS)
    # The id first, so that a box too narrow for the whole text still says which it is.
    for statement in framework.statements:
        words[STATEMENT + statement.id] = f"{statement.id}: {statement.text}"
    for statement in framework.statements:
        words[NOTE + statement.id] = f"Evidence for {statement.id}: {statement.text}"
    return list(words), words


def _columns(
    state: ImportState,
    preview: Preview,
    first: Preview,
    framework: Framework,
    located: LocatedMapping | None,
) -> None:
    st.subheader("What each column is")
    st.caption(
        "Each column of the file, and what it was taken to be: a statement, evidence for one, "
        "who each person is, their names, or left out. Change any that is wrong; a column "
        "that matches nothing needs a choice."
    )
    options, words = _column_options(framework)
    before = {c.key: c for c in first.columns}
    tool = TOOL_NAMES.get(preview.layout or "", "the tool")
    own = [c for c in preview.columns if c.role in ("metadata", "empty")]
    for column in preview.columns:
        if column.role not in ("metadata", "empty"):
            _column_row(state, column, before.get(column.key), options, words, located, tool)
    if own:
        with st.expander(f"{tool}'s own columns and empty ones, left out ({len(own)})"):
            for column in own:
                _column_row(state, column, before.get(column.key), options, words, located, tool)


def _column_row(
    state: ImportState,
    column: ColumnMatch,
    before: ColumnMatch | None,
    options: list[str],
    words: dict[str, str],
    located: LocatedMapping | None,
    tool: str,
) -> None:
    key = column.key or column.name
    chosen = key in state.choices.columns
    value = column_choice(column)
    if column.role == "metadata" and not chosen:
        how = f"{tool}'s own column"
    elif column.role == "empty" and not chosen:
        how = "Empty"
    elif value is None:
        how = ""  # the error beside it says so
    else:
        how = _how(chosen, before.how if before and before.role == column.role else None, located)
    widget = f"survey_column_{state.token}_{column.letter}"
    words_for, choice = st.columns([2, 3])
    with words_for:
        name = safe(column.name) if column.name else "(no header)"
        st.markdown(f"**{column.letter}** · {name}" + (f"  \n:small[{how}]" if how else ""))
    with choice:
        if value is None:  # an error, and the place the error summary links to
            widgets.field_error("Choose what this column is.", _column_anchor(column))
        _follow(widget, value)
        st.selectbox(
            label_safe(f"What column {column.letter} ({column.name}) is"),
            options,
            index=None,
            required=True,
            format_func=words.__getitem__,
            placeholder="Choose what this column is",
            key=widget,
            on_change=_chose_column,
            args=(key, widget),
            label_visibility="collapsed",
        )


def _answer_options(framework: Framework) -> tuple[list[str], dict[str, str]]:
    words = {r.id: describe.rung_words(r.id, framework.ladder) for r in framework.ladder.rungs}
    words[UNSURE] = "Not sure"
    words[NOT_APPLICABLE] = "Doesn't apply"
    return list(words), words


def _answers(
    state: ImportState,
    preview: Preview,
    first: Preview,
    framework: Framework,
    located: LocatedMapping | None,
) -> None:
    if not preview.answers:
        return
    st.subheader("What each answer means")
    st.caption(
        "Each different answer in the file, and the rung of the ladder it was taken to mean "
        "(or not sure, or doesn't apply). Change any that is wrong."
    )
    options, words = _answer_options(framework)
    before = {normalise(m.text): m for m in first.answers}
    for match in preview.answers:
        _label_row(
            match,
            before.get(normalise(match.text)),
            chosen=match.text in state.choices.answers,
            options=options,
            words=words,
            widget=f"survey_answer_{state.token}_{_digest(match.text)}",
            anchor=_anchor("answer", match.text),
            counted=_plural(match.count, "answer"),
            ask="Choose what this answer means.",
            label=f"What the answer “{match.text}” means",
            on_change=_chose_answer,
            located=located,
        )


def _label_row(
    match: LabelMatch,
    before: LabelMatch | None,
    *,
    chosen: bool,
    options: list[str],
    words: dict[str, str],
    widget: str,
    anchor: str,
    counted: str,
    ask: str,
    label: str,
    on_change: Callable[[str, str], None],
    located: LocatedMapping | None,
) -> None:
    said = counted
    if match.meaning is not None:
        how = _how(chosen, before.how if before and before.meaning else match.how, located)
        said += f" · {how}"
    words_for, choice = st.columns([2, 3])
    with words_for:
        st.markdown(f"“{safe(match.text)}”  \n:small[{said}]")
    with choice:
        if match.meaning is None:
            widgets.field_error(ask, anchor)
        _follow(widget, match.meaning if match.meaning in words else None)
        st.selectbox(
            label_safe(label),
            options,
            index=None,
            required=True,
            format_func=words.__getitem__,
            placeholder=ask.removesuffix("."),
            key=widget,
            on_change=on_change,
            args=(match.text, widget),
            label_visibility="collapsed",
        )


def _who(
    state: ImportState,
    preview: Preview,
    first: Preview,
    perspectives: tuple[Perspective, ...],
    located: LocatedMapping | None,
) -> None:
    st.subheader("Who answered")
    mapping = preview.mapping
    fixed = mapping.perspective if mapping is not None else None
    mode = state.mode or (ONE_FOR_ALL if isinstance(fixed, str) else FROM_A_COLUMN)
    needs = {Code.SURVEY_NO_PERSPECTIVE_COLUMN, Code.SURVEY_TWO_PERSPECTIVE_COLUMNS}
    missing = next((p for p in preview.problems if p.code in needs), None)
    asks = _questions_left(state, preview)
    error = asks[0][0] if asks else ""
    if missing is not None and mode == FROM_A_COLUMN:
        error = "Say who answered: choose the column that says it, or one perspective for all."
    if error:
        widgets.field_error(error, PERSPECTIVE_FIELD)
    widget = f"survey_who_{state.token}"
    _follow(widget, mode)
    st.radio(
        "How the file says who each person is",
        [FROM_A_COLUMN, ONE_FOR_ALL],
        index=None,
        format_func={
            FROM_A_COLUMN: "A column of the file says, for each person",
            ONE_FOR_ALL: "Everyone in the file has the same perspective",
        }.__getitem__,
        key=widget,
        on_change=_chose_mode,
        args=(widget,),
    )
    labels = {p.id: p.label for p in perspectives}
    if mode == ONE_FOR_ALL:
        widget = f"survey_fixed_{state.token}"
        _follow(widget, fixed if isinstance(fixed, str) and fixed in labels else None)
        st.selectbox(
            "Everyone in the file is",
            list(labels),
            index=None,
            required=True,
            format_func=labels.__getitem__,
            placeholder="Choose a perspective",
            key=widget,
            on_change=_chose_fixed,
            args=(widget,),
        )
        return
    column = next((c for c in preview.columns if c.role == PERSPECTIVE), None)
    if column is None:
        st.write(
            "No column says who each person is yet. Choose “Who each person is” for that "
            "column in the list of columns above."
        )
        return
    st.write(
        f"Column {column.letter} ({safe(column.name)}) says who each person is. "
        "Each of its answers, and the perspective it means:"
    )
    options = list(labels)
    before = {normalise(m.text): m for m in first.perspective_values}
    for match in preview.perspective_values:
        _label_row(
            match,
            before.get(normalise(match.text)),
            chosen=match.text in state.choices.perspective_values,
            options=options,
            words=labels,
            widget=f"survey_value_{state.token}_{_digest(match.text)}",
            anchor=_anchor("value", match.text),
            counted=_plural(match.count, "person", "people"),
            ask="Choose the perspective this means.",
            label=f"The perspective “{match.text}” means",
            on_change=_chose_value,
            located=located,
        )


# --- What would go in, the mapping to keep -------------------------------------------------


def _what_would_go_in(
    preview: Preview,
    framework: Framework,
    perspectives: tuple[Perspective, ...],
    round_: Round,
) -> None:
    st.subheader("What would be imported")
    people = preview.people_per_perspective()
    if preview.ok and not preview.people:
        st.info("This file adds nobody: no row of it answers a statement.")
    elif preview.ok:
        st.write(
            f"{_plural(len(preview.people), 'person', 'people')} and "
            f"{_plural(preview.answer_count, 'answer')} would be added to "
            f"{safe(round_.title)}."
        )
    elif preview.people:
        st.write("So far, leaving out the rows with problems:")
    else:
        st.write("Nothing yet: the problems above stop the file being read.")
    labels = {p.id: p.label for p in perspectives}
    if people:
        st.table(
            table_safe(
                pd.DataFrame(
                    [(labels.get(p, p), count) for p, count in people.items()],
                    columns=("Perspective", "People"),
                )
            ),
            hide_index=True,
        )
    per_statement = preview.answers_per_statement()
    if per_statement:
        texts = {s.id: s.text for s in framework.statements}
        with st.expander(
            f"Answers per statement ({_plural(len(per_statement), 'statement')} answered, of "
            f"{len(framework.statements)})"
        ):
            st.table(
                table_safe(
                    pd.DataFrame(
                        [(texts.get(s, s), s, count) for s, count in per_statement.items()],
                        columns=("Statement", "Id", "Answers"),
                    )
                ),
                hide_index=True,
            )
    for notice in preview.notices:
        st.caption(safe(notice))


def _download(preview: Preview, name: str) -> None:
    assert preview.mapping is not None
    stem = PurePath(name).stem or "survey"
    st.download_button(
        "Download the mapping (YAML)",
        data=mapping_yaml(preview.mapping, PurePath(name).name),
        file_name=f"{stem}-mapping.yaml",
        mime="application/yaml",
        icon=":material/download:",
        on_click="ignore",
        key=f"survey_download_{_state().token}",
    )
    st.caption(
        "Keep it, and upload it with the next export of the same survey: these matches are "
        "then made for you. `toolkit import-answers --mapping` reads it too."
    )
