"""Who is using this browser: signed in (a session cookie), holding an invitation or resume
link (the address), or nobody yet.

A sign-in makes a server-side session; its token goes into this tab's session state and into
a cookie, so that a reload or a new tab stays signed in. Streamlit cannot set a cookie from
the server, so a small script in the page sets it (SameSite=Strict, Secure over https, 12
hours); the server keeps only a hash of the token and ends the session on sign-out, on
disabling, or after 12 hours unused, whatever the cookie says.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from toolkit.service import Actor, Anonymous, Answering, Service, SignedIn
from toolkit.service.accounts import SESSION_IDLE
from toolkit.service.links import INVITE, RESUME

COOKIE = "toolkit_session"
TOKEN = "toolkit_session_token"
SIGNED_OUT = "toolkit_signed_out"
_COOKIE_READ = "toolkit_session_cookie"  # the cookie as the tab's first request sent it
ANSWERING = "toolkit_answering"

_COOKIE_SCRIPT = """
export default function (component) {
    const { data } = component;
    if (data && data.cookie) { document.cookie = data.cookie; }
}
"""
_cookie_writer = st.components.v2.component("toolkit_cookie", js=_COOKIE_SCRIPT)


def _write_cookie(value: str, max_age: int) -> None:
    secure = "; Secure" if (st.context.url or "").startswith("https://") else ""
    cookie = f"{COOKIE}={value}; Path=/; Max-Age={max_age}; SameSite=Strict{secure}"
    # A key of its own for each cookie written (a component's key may not hold "__").
    key = hashlib.sha256(cookie.encode("utf-8")).hexdigest()[:20]
    _cookie_writer(data={"cookie": cookie}, key=f"cookie-{key}", height=0)


def client_address() -> str:
    """The address the browser connects from (for slowing down password and code guessing).

    Streamlit gives no address for a connection from this machine. That is either a person
    at this computer or a web server on it passing people on (deploy/nginx-site.conf), which
    names the browser's address in X-Real-IP; only a connection from this machine is trusted
    to say so."""
    address = st.context.ip_address
    if isinstance(address, str) and address:
        return address
    forwarded = st.context.headers.get("X-Real-IP")
    return (
        forwarded.strip()[:100] if isinstance(forwarded, str) and forwarded.strip() else "unknown"
    )


def _token() -> str | None:
    if st.session_state.get(SIGNED_OUT):
        return None
    token = st.session_state.get(TOKEN) or _cookie()
    return token if isinstance(token, str) else None  # a cookie is text, or it is nothing


def _cookie() -> object:
    """The session cookie the browser sent. It came with the tab's first request and cannot
    change after it, so it is read once per tab (signing in and out goes by TOKEN and
    SIGNED_OUT instead)."""
    if _COOKIE_READ not in st.session_state:
        st.session_state[_COOKIE_READ] = st.context.cookies.get(COOKIE)
    return st.session_state[_COOKIE_READ]


def signed_in(service: Service) -> SignedIn | None:
    """The signed-in account of this browser, if its session is live."""
    token = _token()
    if not token:
        return None
    actor = service.signed_in(token)
    if actor is None:
        st.session_state.pop(TOKEN, None)
    return actor


def begin(actor: SignedIn, token: str) -> None:
    """Remember a new session in this tab and in the browser's cookie."""
    st.session_state[TOKEN] = token
    st.session_state.pop(SIGNED_OUT, None)
    st.session_state["toolkit_set_cookie"] = token


def keep_cookie() -> None:
    """Write the cookie a sign-in (or sign-out) asked for; call once per run, on every page."""
    pending = st.session_state.pop("toolkit_set_cookie", None)
    if pending == "":
        _write_cookie("", 0)
    elif pending:
        _write_cookie(pending, int(SESSION_IDLE.total_seconds()))


def end(service: Service, actor: Actor) -> None:
    """Sign out: end the session on the server, and forget it here and in the cookie."""
    service.sign_out(actor, _token() or "")
    st.session_state.pop(TOKEN, None)
    st.session_state[SIGNED_OUT] = True
    st.session_state["toolkit_set_cookie"] = ""


def single_sign_on(service: Service) -> None:
    """After `st.login`: sign in to the account with the identity provider's verified e-mail
    address, if there is one (never making an account). Otherwise say why, once."""
    if not getattr(st.user, "is_logged_in", False) or st.session_state.get(SIGNED_OUT):
        return
    if st.session_state.get("toolkit_sso_tried"):
        return
    st.session_state["toolkit_sso_tried"] = True
    email = str(st.user.get("email") or "")
    verified = bool(st.user.get("email_verified", False))
    signed = service.single_sign_on(email, verified)
    if signed is None:
        st.session_state["flash_error"] = (
            "Your organisation's account signed you in, but there is no account here for "
            f"{email or 'that address'}"
            + ("" if verified else " (the address is not verified)")
            + ". Ask an admin of the toolkit to add you."
        )
        return
    begin(*signed)


def answering(service: Service) -> Answering | None:
    """Someone answering in this tab: from a resume link in the address, or just started.
    A link already looked up in this tab is not looked up again on every click."""
    token = st.query_params.get(RESUME)
    held = st.session_state.get(ANSWERING)
    if token and not (held and held[2] == token):
        actor = service.resume(token)
        if actor is not None:
            start_answering(actor, token)
            return actor
        return None
    return Answering(held[0], held[1], held[3]) if held else None


def start_answering(actor: Answering, token: str) -> None:
    """Remember in this tab who is answering, with their resume token."""
    st.session_state[ANSWERING] = (actor.respondent_id, actor.round_id, token, actor.workshop_id)


def actor(service: Service) -> Actor:
    """Who is using this tab, for the pages they may see: signed in first; else an invitation
    in the address; else someone answering; else nobody."""
    user = signed_in(service)
    if user is not None:
        return user
    invitation = st.query_params.get(INVITE)
    if invitation:
        invited = service.invited(invitation)
        if invited is not None:
            return invited
    answering_now = answering(service)
    if answering_now is not None:
        return answering_now
    return Anonymous()
