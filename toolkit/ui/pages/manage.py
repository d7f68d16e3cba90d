"""Organisations and rounds: where a lead sets things up.

An admin adds organisations. A lead sees its rounds, starts a round on a framework, opens,
closes or renames one, adds a round's answers from a survey export (`toolkit.ui.survey_import`),
shows or replaces a round's invitation link, raises the minimum group size, and reads the
organisation's audit trail.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from toolkit import describe
from toolkit.framework import Framework
from toolkit.limits import MAXIMUM_GROUP_SIZE, MINIMUM_GROUP_SIZE
from toolkit.service import Can
from toolkit.service.links import invitation_link
from toolkit.store import Round, StoreError
from toolkit.ui import context, registry, survey_import, widgets
from toolkit.ui.text import markdown_safe as safe
from toolkit.ui.text import table_safe

FORMS = "manage_generation"  # bumped after a form is used, so the next one starts empty
NOTICE = "manage_notice"  # what was just done, shown with links onward after the rerun

easy = widgets.page("Organisations and rounds", easy_title="Set up")
service, actor = context.service(), context.actor()
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
        registry.link(
            registry.ASSESS,
            "Answer the questions",
            icon=":material/edit_note:",
            query_params=context.link_params(round=round_id),
        )
    with results:
        registry.link(
            registry.RESULTS,
            "See the results",
            icon=":material/bar_chart:",
            query_params=context.link_params(round=round_id),
        )


# --- Organisations ------------------------------------------------------------------------

organisations = service.organisations(actor)
add_organisation = False
if service.may(actor, Can.MANAGE_ORGANISATIONS):
    adding = st.expander("Add an organisation", expanded=not organisations)
    with adding, st.form(f"add_organisation_{generation}"):
        name = st.text_input(
            "Name of the organisation",
            placeholder="Riverside Care",
            key=f"organisation_name_{generation}",
            max_chars=200,
        )
        add_organisation = st.form_submit_button("Add organisation", type="primary")
if add_organisation:
    try:
        organisation = service.create_organisation(actor, name)
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

rounds = service.rounds(actor, organisation.id)
here = organisation.id
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

# --- The minimum group size ------------------------------------------------------------------

if service.may(actor, Can.SET_GROUP_SIZE, here):
    with st.form(f"group_size_{here}_{generation}"):
        size = st.number_input(
            "Minimum group size",
            min_value=MINIMUM_GROUP_SIZE,
            max_value=MAXIMUM_GROUP_SIZE,
            value=organisation.minimum_group_size,
            step=1,
            help=(
                "Results, workshops and reports never show the answers of fewer people than "
                f"this on their own, so no one can be picked out. {MINIMUM_GROUP_SIZE} at least."
            ),
            key=f"group_size_value_{here}_{generation}",
        )
        save_size = st.form_submit_button("Save the minimum group size")
    if save_size:
        try:
            service.set_minimum_group_size(actor, here, int(size))
        except StoreError as error:
            st.error(safe(str(error)))
        else:
            done(f"The minimum group size of {organisation.name} is now {int(size)}.")

# --- Starting a round ---------------------------------------------------------------------

if not service.may(actor, Can.RUN_ROUNDS, here):
    st.stop()
st.header("Start a new round")
frameworks: dict[str, Framework] = {f"{f.id}@{f.version}": f for f in service.frameworks(actor)}
with st.form(f"add_round_{generation}"):
    title = st.text_input(
        "Title of the round",
        placeholder="Spring 2027",
        help="People see this when they answer, and in the results.",
        key=f"round_title_{generation}",
        max_chars=200,
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
registry.link(
    registry.FRAMEWORKS,
    "Read the frameworks"
    + (", or add your own" if service.may(actor, Can.MANAGE_FRAMEWORKS) else ""),
    icon=":material/menu_book:",
    query_params=context.link_params(),
)
if add_round:
    try:
        round_ = service.create_round(
            actor, organisation.id, frameworks[framework_key], title, opened_on=opened_on
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
        service.set_round_status(actor, round_.id, status)
    except StoreError as error:
        st.error(safe(str(error)))
    else:
        done(f"{'Closed' if status == 'closed' else 'Reopened'} {round_.title}. {message}")

with st.form(f"rename_round_{round_.id}_{generation}"):
    new_title = st.text_input(
        "New title", value=round_.title, key=f"rename_{round_.id}_{generation}", max_chars=200
    )
    rename = st.form_submit_button("Rename")
if rename:
    try:
        renamed = service.rename_round(actor, round_.id, new_title)
    except StoreError as error:
        st.error(safe(str(error)))
    else:
        done(f"Renamed {round_.title} to {renamed.title}.")

# --- Answers from a survey export -------------------------------------------------------------

survey_import.section(service, actor, round_, generation=generation, on_imported=done)

# --- The round's invitation link ------------------------------------------------------------

if service.may(actor, Can.INVITE, here):
    st.header("Invite people to answer")
    st.write(
        "Anyone with this link can answer "
        f"{safe(round_.title)}, and see nothing else: no other round, no results. Send it to "
        "the people you want to hear from; they do not need an account."
    )
    st.code(invitation_link(service.invitation(actor, round_.id)), language=None, wrap_lines=True)
    sure = st.checkbox("Yes, stop the old link working", key=f"manage_replace_sure_{round_.id}")
    if st.button("Make a new link", key=f"manage_replace_{round_.id}"):
        if not sure:
            st.warning("Tick “Yes, stop the old link working” first, then press Make a new link.")
        else:
            service.replace_invitation(actor, round_.id)
            done(f"Made a new invitation link for {round_.title}; the old one no longer works.")

# --- The audit trail ------------------------------------------------------------------------

if service.may(actor, Can.READ_AUDIT, here):
    st.header("Who changed what")
    widgets.audit_trail(service.events(actor, here))
