"""Accounts (admins only): who may sign in, with which role in which organisation; a link to
choose a new password; disabling an account; and the whole audit trail."""

import pandas as pd
import streamlit as st

from toolkit.service.links import reset_link
from toolkit.store import StoreError
from toolkit.store.records import ROLE_LABELS, ROLES
from toolkit.ui import context, widgets
from toolkit.ui.text import markdown_safe, spreadsheet_safe

widgets.page("Accounts")
service, actor = context.service(), context.actor()
generation = widgets.form_generation("accounts")

users = service.users(actor)
organisations = {o.id: o for o in service.organisations(actor)}


def roles_of(user) -> str:
    if user.is_admin:
        return "Admin"
    return (
        "; ".join(f"{ROLE_LABELS[m.role]} of {m.organisation_name}" for m in user.memberships)
        or "No role yet"
    )


st.header("Everyone who can sign in")
if users:
    st.dataframe(
        spreadsheet_safe(
            pd.DataFrame(
                [
                    (u.email, roles_of(u), "Disabled" if u.disabled else "Can sign in")
                    for u in users
                ],
                columns=("E-mail address", "Role", "State"),
            )
        ),
        hide_index=True,
        width="stretch",
    )

st.header("Add an account")
role_choices = ["admin", *ROLES]
with st.form(f"add_account_{generation}"):
    email = st.text_input("E-mail address", max_chars=200, key=f"new_email_{generation}")
    role = st.selectbox(
        "Role",
        role_choices,
        format_func=lambda r: ROLE_LABELS[r],
        index=1,
        key=f"new_role_{generation}",
        help="An admin has every organisation. The other roles are for one organisation.",
    )
    organisation_id = st.selectbox(
        "Organisation (not for an admin)",
        list(organisations),
        format_func=lambda i: organisations[i].name,
        key=f"new_organisation_{generation}",
    )
    add = st.form_submit_button("Add the account", type="primary")
if add:
    try:
        user = service.add_user(
            actor, email, None, role, None if role == "admin" else organisation_id
        )
        token = service.reset_link(actor, user.email)
    except StoreError as error:
        st.error(markdown_safe(str(error)))
    else:
        widgets.renew_form("accounts")
        st.session_state["accounts_new_link"] = (user.email, reset_link(token))
        st.rerun()
made = st.session_state.pop("accounts_new_link", None)
if made:
    st.success(
        markdown_safe(
            f"Added {made[0]}. Send them this link to choose their password; it works once, "
            "for 24 hours:"
        )
    )
    st.code(made[1], language=None, wrap_lines=True)

if users:
    st.header("Change an account")
    by_email = {u.email: u for u in users}
    chosen = by_email[st.selectbox("Account", list(by_email), key="accounts_chosen")]
    st.caption(markdown_safe(f"{chosen.email}: {roles_of(chosen)}."))
    link_col, state_col = st.columns(2)
    with link_col:
        if st.button("Make a link to choose a new password", key="accounts_reset"):
            try:
                token = service.reset_link(actor, chosen.email)
            except StoreError as error:
                st.error(markdown_safe(str(error)))
            else:
                st.session_state["accounts_new_link"] = (chosen.email, reset_link(token))
                st.rerun()
    with state_col:
        label = "Enable this account" if chosen.disabled else "Disable this account"
        if st.button(label, key="accounts_disable", disabled=chosen.id == actor.user.id):
            service.disable_user(actor, chosen.email, not chosen.disabled)
            context.flash_success(
                f"{'Enabled' if chosen.disabled else 'Disabled'} {chosen.email}."
                + ("" if chosen.disabled else " Any sessions it had have ended.")
            )
            st.rerun()
    if not chosen.is_admin and organisations:
        with st.form(f"role_{chosen.id}"):
            where = st.selectbox(
                "Organisation",
                list(organisations),
                format_func=lambda i: organisations[i].name,
                key=f"role_organisation_{chosen.id}",
            )
            new_role = st.selectbox(
                "Role there",
                [None, *ROLES],
                format_func=lambda r: "No role" if r is None else ROLE_LABELS[r],
                key=f"role_role_{chosen.id}",
            )
            change = st.form_submit_button("Save the role")
        if change:
            service.set_role(actor, chosen.email, where, new_role)
            context.flash_success(f"Changed {chosen.email}'s role.")
            st.rerun()

st.header("Audit trail")
widgets.audit_trail(service.events(actor), {i: o.name for i, o in organisations.items()})
