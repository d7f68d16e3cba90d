"""Organisations and rounds: where a lead sets things up.

Add an organisation, see its rounds, start a new round on a framework, and open, close or
rename a round.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from toolkit import describe
from toolkit.framework import Framework
from toolkit.store import Round, StoreError
from toolkit.ui import context, widgets
from toolkit.ui.text import markdown_safe as safe
from toolkit.ui.text import table_safe

FORMS = "manage_generation"  # bumped after a form is used, so the next one starts empty
NOTICE = "manage_notice"  # what was just done, shown with links onward after the rerun

easy = widgets.page("Organisations and rounds", easy_title="Set up")
store = context.store()
generation = st.session_state.setdefault(FORMS, 0)


def done(message: str, round_id: int | None = None) -> None:
    """Remember what was done (`message` is plain text, escaped when shown), start the forms
    afresh, and show the page again."""
    st.session_state[NOTICE] = (message, round_id)
    st.session_state[FORMS] = generation + 1
    st.rerun()


def show_notice() -> None:
    """Say what was just done, with links to what comes next."""
    notice = st.session_state.pop(NOTICE, None)
    if notice is None:
        return
    message, round_id = notice
    st.success(safe(message))
    if round_id is None:
        return
    assess, results = st.columns(2)
    with assess:
        st.page_link(
            "toolkit/ui/pages/assess.py",
            label="Answer the questions",
            icon=":material/edit_note:",
            query_params=context.link_params(round=round_id),
        )
    with results:
        st.page_link(
            "toolkit/ui/pages/results.py",
            label="See the results",
            icon=":material/bar_chart:",
            query_params=context.link_params(round=round_id),
        )


# --- Organisations ------------------------------------------------------------------------

organisations = store.organisations()
adding = st.expander("Add an organisation", expanded=not organisations)
with adding, st.form(f"add_organisation_{generation}"):
    name = st.text_input(
        "Name of the organisation",
        placeholder="Riverside Care",
        key=f"organisation_name_{generation}",
    )
    add_organisation = st.form_submit_button("Add organisation", type="primary")
if add_organisation:
    try:
        organisation = store.create_organisation(name)
    except StoreError as error:
        st.error(safe(str(error)))
    else:
        context.remember(context.ORGANISATION, organisation.id)
        context.remember(context.ROUND, None)
        done(f"Added {organisation.name}. Now start its first round below.")

show_notice()
organisation = widgets.organisation_picker()
if organisation is None:
    st.info(
        "Start by adding your organisation above."
        if not easy
        else "First, add the name of your organisation."
    )
    st.stop()

# --- Its rounds ---------------------------------------------------------------------------

rounds = store.rounds(organisation.id)
st.header(f"Rounds of {safe(organisation.name)}" if not easy else "Rounds")
if rounds:
    st.table(
        table_safe(
            pd.DataFrame(
                [
                    (
                        r.title,
                        f"{r.framework_title} (version {r.framework_version})",
                        "Open" if r.is_open else "Closed",
                        describe.long_date(r.opened_on),
                        describe.long_date(r.closed_on) if not r.is_open else "",
                        r.submitted,
                        r.drafts,
                    )
                    for r in reversed(rounds)
                ],
                columns=(
                    "Round",
                    "Framework",
                    "Status",
                    "Opened",
                    "Closed",
                    "Answers sent in",
                    "Started, not sent",
                ),
            )
        ),
        hide_index=True,
    )
    st.caption(
        "Newest first. “Answers sent in” counts the people whose answers are in the results; "
        "“Started, not sent” counts people who have saved answers but not sent them yet."
    )
else:
    st.info(f"{safe(organisation.name)} has no rounds yet. Start the first one below.")

# --- Starting a round ---------------------------------------------------------------------

st.header("Start a new round")
frameworks: dict[str, Framework] = {f"{f.id}@{f.version}": f for f in store.frameworks()}
with st.form(f"add_round_{generation}"):
    title = st.text_input(
        "Title of the round",
        placeholder="Spring 2027",
        help="People see this when they answer, and in the results.",
        key=f"round_title_{generation}",
    )
    framework_key = st.selectbox(
        "Framework",
        list(frameworks),
        format_func=lambda k: f"{frameworks[k].title} (version {frameworks[k].version})",
        key=f"round_framework_{generation}",
    )
    opened_on = st.date_input(
        "Opening date", value=dt.date.today(), format="DD/MM/YYYY", key=f"round_opened_{generation}"
    )
    add_round = st.form_submit_button("Start this round", type="primary")
st.page_link(
    "toolkit/ui/pages/frameworks.py",
    label="Read the frameworks, or add your own",
    icon=":material/menu_book:",
    query_params=context.link_params(),
)
if add_round:
    try:
        round_ = store.create_round(
            organisation.id, frameworks[framework_key], title, opened_on=opened_on
        )
    except StoreError as error:
        st.error(safe(str(error)))
    else:
        context.remember(context.ROUND, round_.id)
        done(
            f"Started {round_.title} on {round_.framework_title}. It is open for answers.",
            round_.id,
        )

# --- Changing a round ---------------------------------------------------------------------

if not rounds:
    st.stop()
st.header("Open, close or rename a round")
by_id: dict[int, Round] = {r.id: r for r in rounds}
ids = list(reversed(by_id))
remembered = context.remembered(context.ROUND)
round_id = st.selectbox(
    "Choose a round to change",
    ids,
    index=ids.index(remembered) if remembered in by_id else 0,
    format_func=lambda i: widgets.round_label(by_id[i]),
    key=f"manage_round_{generation}",
)
if round_id != remembered:
    context.remember(context.ROUND, round_id)
round_ = by_id[round_id]
if round_.is_open:
    st.write(
        f"{safe(round_.title)} has been open since {describe.long_date(round_.opened_on)}. "
        "Closing it stops new answers; answers already sent in stay in the results."
    )
    status, button, message = "closed", "Close this round", "It takes no more answers."
else:
    st.write(
        f"{safe(round_.title)} was closed on {describe.long_date(round_.closed_on)}. "
        "Reopen it to take more answers."
    )
    status, button, message = "open", "Reopen this round", "It takes answers again."
if st.button(button, key="manage_open_close"):
    try:
        store.set_round_status(round_.id, status)
    except StoreError as error:
        st.error(safe(str(error)))
    else:
        done(f"{'Closed' if status == 'closed' else 'Reopened'} {round_.title}. {message}")

with st.form(f"rename_round_{round_.id}_{generation}"):
    new_title = st.text_input(
        "New title", value=round_.title, key=f"rename_{round_.id}_{generation}"
    )
    rename = st.form_submit_button("Rename")
if rename:
    try:
        renamed = store.rename_round(round_.id, new_title)
    except StoreError as error:
        st.error(safe(str(error)))
    else:
        done(f"Renamed {round_.title} to {renamed.title}.")
