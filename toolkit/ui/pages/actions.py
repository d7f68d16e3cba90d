"""Actions: what the organisation will do about what the rounds showed, who does it, and by when.

The Results page links here with `?round=ID&statement=STATEMENT_ID` (or `&theme=THEME_ID`):
the form to add an action then starts on that statement. Anyone can craft such an address,
so what it names is shown only escaped, like every action's text and owner.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from toolkit import describe
from toolkit.service import Can
from toolkit.store import Action, Round, StoreError
from toolkit.store.records import ACTION_STATUS_LABELS, ACTION_STATUSES
from toolkit.ui import context, widgets
from toolkit.ui.text import markdown_safe as safe
from toolkit.ui.text import table_safe

STATEMENT, THEME = "statement", "theme"
WHOLE_ROUND = "round"
ANY_STATUS, OVERDUE = "any", "overdue"
OVERDUE_STYLE = "color: #A4161A; font-weight: 700"

easy = widgets.page("Actions", easy_title="What we will do")
service, actor = context.service(), context.actor()
today = dt.date.today()

organisation = widgets.organisation_picker()
if organisation is None:
    widgets.nothing_yet(
        "There is nothing here yet." if easy else "No organisation yet, so no actions.", easy
    )
    st.stop()

rounds = service.rounds(actor, organisation.id)
rounds_by_id = {r.id: r for r in rounds}
actions = service.actions(actor, organisation.id)
can_change = service.may(actor, Can.CHANGE_ACTIONS, organisation.id)


# --- Words for an action ------------------------------------------------------------------


def about(action: Action) -> str:
    """What an action is about, as plain text: its statement, its theme, its round, or nothing
    in particular."""
    if action.round_id is None:
        return "Everything we do" if easy else "No particular round"
    framework = service.round_framework(actor, action.round_id)
    if action.statement_id and action.statement_id in framework.statement_theme:
        statement = framework.statement(action.statement_id)
        return f"“{statement.easy_read if easy else statement.text}”"
    if action.theme_id and action.theme_id in [t.id for t in framework.themes]:
        return f"Theme: {framework.theme(action.theme_id).title}"
    return "The whole round"


def overdue_words(action: Action) -> str:
    if not action.overdue(today):
        return ""
    days = (today - action.due_on).days
    return f"{'Late' if easy else 'Overdue'} by {days} day{'' if days == 1 else 's'}"


def about_choices(round_: Round | None) -> dict[str, str]:
    """What a new action can be about in a round: the whole round, a theme or a statement."""
    if round_ is None:
        return {WHOLE_ROUND: "Nothing in particular"}
    framework = service.round_framework(actor, round_)
    choices = {WHOLE_ROUND: "The whole round"}
    for theme in framework.themes:
        choices[f"{THEME}:{theme.id}"] = f"Theme: {theme.title}"
        for statement in theme.statements:
            words = statement.easy_read if easy else statement.text
            choices[f"{STATEMENT}:{statement.id}"] = f"— {describe.shorten(words, 90)}"
    return choices


# --- The list -----------------------------------------------------------------------------

summary = service.action_summary(actor, organisation.id, today)
if easy:
    st.write(
        f"We have done {summary.done} things. We are doing {summary.in_progress} now. "
        f"{summary.planned} are still to start. {summary.overdue} are late."
    )
else:
    line = (
        f"Actions: {summary.done} done · {summary.in_progress} in progress · "
        f"{summary.planned} planned · {summary.overdue} overdue"
    )
    if summary.dropped:
        line += f" · {summary.dropped} no longer needed"
    st.markdown(f"**{line}**")


def show_list() -> list[Action]:
    """The organisation's actions as a table, filtered by round and status; returns those shown."""
    if not actions:
        st.info("No actions yet. Add the first one below." if not easy else "Nothing yet.")
        return []
    by_round, by_status = st.columns(2)
    round_filter = by_round.selectbox(
        "Round",
        [None, *rounds_by_id],
        format_func=lambda i: "All rounds" if i is None else widgets.round_label(rounds_by_id[i]),
        key="actions_filter_round",
    )
    status_filter = by_status.selectbox(
        "Status",
        [ANY_STATUS, OVERDUE, *ACTION_STATUSES],
        format_func=lambda s: {ANY_STATUS: "Any status", OVERDUE: "Overdue"}.get(
            s, ACTION_STATUS_LABELS.get(s, s)
        ),
        key="actions_filter_status",
    )
    shown = [
        a
        for a in actions
        if (round_filter is None or a.round_id == round_filter)
        and (
            status_filter == ANY_STATUS
            or (status_filter == OVERDUE and a.overdue(today))
            or a.status == status_filter
        )
    ]
    if not shown:
        st.info("No actions match these choices." if not easy else "Nothing here.")
        return []
    columns = (
        ("What we will do", "About", "From", "Who", "By when", "How it is going", "Late")
        if easy
        else ("What", "About", "Round", "Owner", "Due", "Status", "Overdue")
    )
    table = pd.DataFrame(
        [
            (
                a.text,
                about(a),
                rounds_by_id[a.round_id].title if a.round_id in rounds_by_id else "",
                a.owner,
                describe.long_date(a.due_on),
                ACTION_STATUS_LABELS.get(a.status, a.status),
                overdue_words(a),
            )
            for a in shown
        ],
        columns=columns,
    )
    # The last column says whether an action is late; its row is then shown in red.
    st.table(
        table_safe(table).style.apply(
            lambda row: [OVERDUE_STYLE if row.iloc[-1] else ""] * len(row), axis=1
        ),
        hide_index=True,
    )
    late_count = sum(a.overdue(today) for a in shown)
    if late_count:
        words = (
            f"{late_count} are late. They are in red."
            if easy
            else f"{late_count} overdue: shown in red, with “Overdue” in the last column."
        )
        st.markdown(f'<p class="tk-overdue">{words}</p>', unsafe_allow_html=True)
    return shown


# --- Adding an action ---------------------------------------------------------------------


def link_target() -> tuple[Round | None, str | None, str | None]:
    """The round and the statement (or theme) a link from the Results page asked for."""
    statement_id, theme_id = st.query_params.get(STATEMENT), st.query_params.get(THEME)
    if not statement_id and not theme_id:
        return None, None, None
    round_ = rounds_by_id.get(context.remembered(context.ROUND))
    if round_ is None:
        st.warning("The link named a round this organisation does not have.")
        return None, None, None
    framework = service.round_framework(actor, round_)
    if statement_id and statement_id in framework.statement_theme:
        statement = framework.statement(statement_id)
        return (
            round_,
            f"{STATEMENT}:{statement_id}",
            statement.easy_read if easy else statement.text,
        )
    if theme_id and theme_id in [t.id for t in framework.themes]:
        return round_, f"{THEME}:{theme_id}", framework.theme(theme_id).title
    st.warning(
        f"{safe(round_.title)} has nothing called “{safe(statement_id or theme_id)}” to link to."
    )
    return None, None, None


def add_form() -> None:
    linked_round, linked_choice, linked_words = link_target()
    st.header("Add an action" if not easy else "Add something we will do")
    if linked_words:
        st.markdown(f"Add an action about: **“{safe(linked_words)}”**")
    generation = widgets.form_generation("add_action")
    default_round = linked_round or rounds_by_id.get(context.remembered(context.ROUND))
    if default_round is None and rounds:
        default_round = rounds[-1]
    round_ids = [None, *rounds_by_id]
    round_id = st.selectbox(
        "Which round is it about?" if not easy else "Which round?",
        round_ids,
        index=round_ids.index(default_round.id) if default_round else 0,
        format_func=lambda i: (
            "No particular round" if i is None else widgets.round_label(rounds_by_id[i])
        ),
        key=f"actions_add_round_{generation}",
    )
    round_ = rounds_by_id.get(round_id)
    choices = about_choices(round_)
    keys = list(choices)
    linked = linked_round is not None and round_ is not None and linked_round.id == round_.id
    start = linked_choice if linked and linked_choice in choices else WHOLE_ROUND
    with st.form(f"add_action_{generation}"):
        target = st.selectbox(
            "What is it about?",
            keys,
            index=keys.index(start),
            format_func=choices.__getitem__,
            disabled=round_ is None,
            key=f"actions_add_about_{round_id}_{generation}",
        )
        text = st.text_area(
            "What will be done?" if not easy else "What will we do?",
            placeholder="Set up a reading group to check new leaflets before they are printed.",
            key=f"actions_add_text_{generation}",
            max_chars=4000,
        )
        owner_col, due_col, status_col = st.columns(3)
        owner = owner_col.text_input(
            "Who will do it (the owner)" if not easy else "Who will do it?",
            key=f"actions_add_owner_{generation}",
            max_chars=200,
        )
        due_on = due_col.date_input(
            "Due date (optional)" if not easy else "By when? (you can leave this)",
            value=None,
            format="DD/MM/YYYY",
            key=f"actions_add_due_{generation}",
        )
        status = status_col.selectbox(
            "Status",
            ACTION_STATUSES,
            format_func=ACTION_STATUS_LABELS.__getitem__,
            key=f"actions_add_status_{generation}",
        )
        submitted = st.form_submit_button("Add this action", type="primary")
    if not submitted:
        return
    kind, _, target_id = target.partition(":")
    try:
        service.create_action(
            actor,
            organisation.id,
            text,
            round_id=round_id,
            statement_id=target_id if kind == STATEMENT else None,
            theme_id=target_id if kind == THEME else None,
            owner=owner,
            due_on=due_on,
            status=status,
        )
    except StoreError as error:
        st.error(safe(str(error)))
        return
    for key in (STATEMENT, THEME):
        if key in st.query_params:
            del st.query_params[key]
    widgets.renew_form("add_action")
    context.flash_success("Action added." if not easy else "We added it.")
    st.rerun()


# --- Changing an action -------------------------------------------------------------------


def change_form(shown: list[Action]) -> None:
    if not shown:
        return
    st.header("Change an action" if not easy else "Change something")
    by_id = {a.id: a for a in shown}
    action_id = st.selectbox(
        "Choose an action to change",
        list(by_id),
        format_func=lambda i: (
            f"{describe.shorten(by_id[i].text, 70)} ({ACTION_STATUS_LABELS.get(by_id[i].status)})"
        ),
        key="actions_change_choice",
    )
    action = by_id[action_id]
    statuses = list(ACTION_STATUSES)
    with st.form(f"change_action_{action.id}"):
        st.caption(f"About: {safe(about(action))}")
        text = st.text_area(
            "What will be done?",
            value=action.text,
            key=f"actions_change_text_{action.id}",
            max_chars=4000,
        )
        owner_col, due_col, status_col = st.columns(3)
        owner = owner_col.text_input(
            "Who will do it (the owner)",
            value=action.owner,
            key=f"actions_change_owner_{action.id}",
            max_chars=200,
        )
        due_on = due_col.date_input(
            "Due date (optional)",
            value=action.due_on,
            format="DD/MM/YYYY",
            key=f"actions_change_due_{action.id}",
        )
        status = status_col.selectbox(
            "Status",
            statuses,
            index=statuses.index(action.status),
            format_func=ACTION_STATUS_LABELS.__getitem__,
            key=f"actions_change_status_{action.id}",
        )
        save = st.form_submit_button("Save changes", type="primary")
    if save:
        try:
            service.update_action(
                actor, action.id, text=text, owner=owner, due_on=due_on, status=status
            )
        except StoreError as error:
            st.error(safe(str(error)))
            return
        context.flash_success("Changes saved.")
        st.rerun()

    sure = st.checkbox("Yes, delete this action", key=f"actions_delete_sure_{action.id}")
    if st.button("Delete this action", key=f"actions_delete_{action.id}"):
        if not sure:
            st.warning("Tick “Yes, delete this action” first, then press Delete this action.")
            return
        try:
            service.delete_action(actor, action.id)
        except StoreError as error:
            st.error(safe(str(error)))
            return
        context.flash_success(f"Deleted the action “{describe.shorten(action.text, 70)}”.")
        st.rerun()


# --- The screen: a link from Results starts with its form; otherwise the list comes first ---

if not can_change:  # a board viewer reads the actions; changing them is for leads
    show_list()
elif st.query_params.get(STATEMENT) or st.query_params.get(THEME):
    add_form()
    st.divider()
    shown = show_list()
    st.divider()
    change_form(shown)
else:
    shown = show_list()
    st.divider()
    add_form()
    st.divider()
    change_form(shown)
