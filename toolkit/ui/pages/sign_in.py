"""Sign in: what the toolkit is for, the ladder, and the sign-in form. Nothing here names an
organisation, a round or a figure, whatever the address says.

The address may carry a one-time link instead: `?setup=` (the first admin, printed by
`make run`) or `?reset=` (a new password, from `toolkit users reset`).
"""

import streamlit as st

from toolkit.framework import builtin_ladders
from toolkit.service import SignInRefused
from toolkit.service.accounts import PASSWORD_MIN
from toolkit.service.links import RESET, SETUP
from toolkit.store import StoreError
from toolkit.ui import context, session, widgets
from toolkit.ui.text import markdown_safe

easy = widgets.page("Co-production self-assessment", easy_title="How well do we work with you?")
service = context.service()


def finish(actor, token: str, message: str) -> None:
    session.begin(actor, token)
    for key in (SETUP, RESET):
        if key in st.query_params:
            del st.query_params[key]
    context.flash_success(message)
    st.rerun()


def new_password_fields(prefix: str) -> tuple[str, str]:
    password = st.text_input(
        "New password",
        type="password",
        key=f"{prefix}_password",
        max_chars=200,
        help=f"At least {PASSWORD_MIN} characters. A few words you will remember work well.",
    )
    again = st.text_input(
        "The same password again",
        type="password",
        key=f"{prefix}_again",
        max_chars=200,
        autocomplete="new-password",
    )
    return password, again


setup_token = st.query_params.get(SETUP)
reset_token = st.query_params.get(RESET)

if setup_token:
    st.header("Make the first admin account")
    if not service.setup_is_live(setup_token):
        st.error(
            "This set-up link has been used or has expired, or there is an admin already. "
            "Sign in below, or start the app again with `make run` for a new link."
        )
    else:
        st.write(
            "No one can sign in yet. The account you make here is an admin: it can add "
            "organisations, rounds, frameworks and the accounts of everyone else."
        )
        with st.form("setup"):
            email = st.text_input("Your e-mail address", max_chars=200, autocomplete="email")
            password, again = new_password_fields("setup")
            make = st.form_submit_button("Make the admin account", type="primary")
        if make:
            if password != again:
                st.error("The two passwords are not the same. Type them again.")
            else:
                try:
                    actor, token = service.create_first_admin(setup_token, email, password)
                except StoreError as error:
                    st.error(markdown_safe(str(error)))
                else:
                    finish(actor, token, f"Welcome. You are signed in as {actor.user.email}.")
    st.divider()

if reset_token:
    st.header("Choose a new password")
    if not service.reset_is_live(reset_token):
        st.error(
            "This link has been used or has expired. Ask an admin for a new one "
            "(`toolkit users reset`)."
        )
    else:
        with st.form("reset"):
            password, again = new_password_fields("reset")
            change = st.form_submit_button("Save the new password", type="primary")
        if change:
            if password != again:
                st.error("The two passwords are not the same. Type them again.")
            else:
                try:
                    service.reset_password(reset_token, password)
                except StoreError as error:
                    st.error(markdown_safe(str(error)))
                else:
                    del st.query_params[RESET]
                    context.flash_success("Your password is changed. Sign in with it below.")
                    st.rerun()
    st.divider()

left, right = st.columns([3, 2], gap="large")
with left:
    if easy:
        st.write("This helps a care organisation check how it works with you.")
        st.write("If you were sent a link to answer questions, open that link.")
    else:
        st.write(
            "Find out how far your organisation works **with** people, not just **for** them. "
            "People who draw on care and support, carers and staff each place your practice "
            "on the ladder of co-production, statement by statement; round after round, the "
            "results show how far you have moved from engagement toward co-design."
        )
        st.write(
            "To answer the questions, open the link the organisation sent you: you do not "
            "need an account. Leads, facilitators and board members sign in here."
        )
    st.header("The ladder" if easy else "The ladder of co-production")
    widgets.ladder_picture(builtin_ladders()["coproduction-ladder"], easy)

with right:
    st.header("Sign in")
    with st.form("sign_in"):
        email = st.text_input("E-mail address", max_chars=200, autocomplete="email")
        password = st.text_input(
            "Password", type="password", max_chars=200, autocomplete="current-password"
        )
        go = st.form_submit_button("Sign in", type="primary")
    if go:
        try:
            actor, token = service.sign_in(email, password, session.client_address())
        except SignInRefused as error:
            st.error(markdown_safe(str(error)))
        else:
            finish(actor, token, f"You are signed in as {actor.user.email}.")
    for provider in context.sign_on_providers():
        name = f" ({provider.title()})" if provider else ""
        st.button(
            f"Sign in with your organisation's account{name}",
            on_click=st.login,
            args=(provider,) if provider else (),
            key=f"sign_on_{provider}",
        )
    st.caption(
        "Forgotten your password? Ask an admin of the toolkit for a link to choose a new one."
    )
