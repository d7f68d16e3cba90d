"""What every page shares: the service, who is asking, Easy Read mode, and the chosen
organisation and round.

Choices live in the URL (`?easy=1&org=2&round=5`) so that a link can be shared or
bookmarked, and in session state so that they survive moving between pages. Pages read and
write only through the service layer, for the actor app.py works out at the start of each run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from toolkit.limits import BIGGEST_ID
from toolkit.service import Actor, Anonymous, Service
from toolkit.store import (
    DatabaseUnavailable,
    NotFound,
    Organisation,
    Round,
    Store,
    StoreError,
    database_url,
)
from toolkit.ui.text import markdown_safe

log = logging.getLogger("toolkit.ui")

EASY = "easy"
ORGANISATION = "org"
ROUND = "round"
ACTOR = "toolkit_actor"


# --- The service, and who is asking -----------------------------------------------------


@st.cache_resource(show_spinner=False)
def _service_for(url: str) -> Service:
    return Service(Store(url))


def service() -> Service:
    """The service layer on the database, opened once per server process and shared by every
    session (it keeps checked frameworks and counted answers for all of them)."""
    return _service_for(database_url())


def actor() -> Actor:
    """Who is using this tab, as app.py worked out at the start of this run."""
    return st.session_state.get(ACTOR) or Anonymous()


def set_actor(who: Actor) -> None:
    st.session_state[ACTOR] = who


def sign_on_providers() -> list[str | None]:
    """The identity providers `.streamlit/secrets.toml` sets up for `st.login`: their names
    (`[auth.microsoft]`, `[auth.google]`), or [None] for one unnamed provider, or []."""
    try:
        auth = st.secrets.get("auth") or {}
    except Exception:  # no secrets file at all: Streamlit raises its own error
        return []
    named = [name for name, value in auth.items() if hasattr(value, "keys")]
    return named or ([None] if "client_id" in auth else [])


# --- Easy Read ----------------------------------------------------------------------------


def easy_read() -> bool:
    """Whether Easy Read mode is on: from the URL first, then this session."""
    if EASY in st.query_params:
        on = st.query_params[EASY] in ("1", "true", "yes")
        st.session_state[EASY] = on
        return on
    on = bool(st.session_state.get(EASY, False))
    if on:  # keep it in the URL after moving to another page
        st.query_params[EASY] = "1"
    return on


def set_easy_read(on: bool) -> None:
    st.session_state[EASY] = on
    if on:
        st.query_params[EASY] = "1"
    elif EASY in st.query_params:
        del st.query_params[EASY]


def link_params(**extra: object) -> dict[str, str]:
    """Query parameters that carry the current choices to another page."""
    params: dict[str, str] = {}
    if easy_read():
        params[EASY] = "1"
    for key in (ORGANISATION, ROUND):
        value = remembered(key)
        if value is not None:
            params[key] = str(value)
    params.update({k: str(v) for k, v in extra.items() if v is not None})
    return params


# --- Chosen organisation and round --------------------------------------------------------


def remembered(key: str) -> int | None:
    """An id chosen earlier: from the URL, or from this session. A number no database row can
    have is no choice at all."""
    raw = st.query_params.get(key)
    if raw is not None:
        try:
            value = int(raw) if len(raw) <= 12 else 0
        except ValueError:
            return None
        if not 1 <= value <= BIGGEST_ID:
            return None
        st.session_state[f"chosen_{key}"] = value
        return value
    value = st.session_state.get(f"chosen_{key}")
    if value is not None:
        st.query_params[key] = str(value)
    return value


def remember(key: str, value: int | None) -> None:
    st.session_state[f"chosen_{key}"] = value
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = str(value)


def chosen_organisation(organisations: list[Organisation] | None = None) -> Organisation | None:
    """The organisation chosen (from those this actor may see), else the first of them."""
    organisation_id = remembered(ORGANISATION)
    if organisations is None:
        organisations = service().organisations(actor())
    by_id = {o.id: o for o in organisations}
    if organisation_id in by_id:
        return by_id[organisation_id]
    if organisations:
        first = organisations[0]
        remember(ORGANISATION, first.id)
        return first
    return None


def chosen_round(
    organisation: Organisation | None, rounds: list[Round] | None = None
) -> Round | None:
    """The round chosen (of the organisation's), else its latest."""
    if organisation is None:
        return None
    if rounds is None:
        rounds = service().rounds(actor(), organisation.id)
    round_id = remembered(ROUND)
    for round_ in rounds:
        if round_.id == round_id:
            return round_
    if rounds:
        latest = rounds[-1]
        remember(ROUND, latest.id)
        return latest
    return None


# --- The safety net -----------------------------------------------------------------------

FRIENDLY_FAILURE = (
    "Something went wrong on this page. Nothing you saved has been lost. "
    "Try again, or go back to the start page."
)


@contextmanager
def safety_net() -> Iterator[None]:
    """No traceback ever reaches a page: known problems get their own plain words (which may
    quote a name someone typed, so they are escaped)."""
    try:
        yield
    except (StoreError, NotFound) as error:
        st.error(markdown_safe(str(error)))
    except DatabaseUnavailable as error:
        st.error(markdown_safe(str(error)))
    except Exception:  # st.rerun, st.stop and page switches raise BaseExceptions: they pass
        log.exception("Unexpected error on a page")
        st.error(FRIENDLY_FAILURE)


def run_safely(action, *args, **kwargs) -> bool:
    """Run a store action from a button or callback; show a plain message if it is refused."""
    try:
        action(*args, **kwargs)
        return True
    except (StoreError, DatabaseUnavailable) as error:
        st.session_state["flash_error"] = str(error)
        return False


def flash_success(message: str) -> None:
    """Say on the next screen that something worked. `message` is plain text, which may
    quote a name or a title: it is escaped when it is shown."""
    st.session_state["flash_success"] = message


def show_flash() -> None:
    """Show a message left by a callback on the last click, once (as plain text)."""
    message = st.session_state.pop("flash_error", None)
    if message:
        st.error(markdown_safe(message))
    note = st.session_state.pop("flash_success", None)
    if note:
        st.success(markdown_safe(note))
