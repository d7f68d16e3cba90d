"""Every page of the app in one place: its file, title, icon and address, and who may open it.

Pages link to each other through `link()` with a page from here, never by a path written out,
and the top bar (app.py) shows each person only the pages their actor may use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from toolkit.service import Actor, Anonymous, Answering, Can, Invited, Service, SignedIn

FOLDER = "toolkit/ui/pages"


@dataclass(frozen=True)
class Page:
    """One page: where its script is, what the top bar calls it, and its address."""

    file: str
    title: str
    icon: str
    url_path: str
    opens: Callable[[Service, Actor], bool]

    @property
    def path(self) -> str:
        return f"{FOLDER}/{self.file}"


def _anyone_who_may(*abilities: Can) -> Callable[[Service, Actor], bool]:
    """Open to someone signed in who may do one of these in one of their organisations."""

    def opens(service: Service, actor: Actor) -> bool:
        if not isinstance(actor, SignedIn):
            return False
        if actor.user.is_admin:
            return True
        return any(
            service.may(actor, can, m.organisation_id)
            for m in actor.user.memberships
            for can in abilities
        )

    return opens


def _signed_in(_service: Service, actor: Actor) -> bool:
    return isinstance(actor, SignedIn)


def _admin(service: Service, actor: Actor) -> bool:
    return service.may(actor, Can.MANAGE_USERS)


def _answering_or(*abilities: Can) -> Callable[[Service, Actor], bool]:
    may = _anyone_who_may(*abilities)

    def opens(service: Service, actor: Actor) -> bool:
        if isinstance(actor, Answering):  # a workshop's participant stays in the workshop
            return actor.workshop_id is None
        return isinstance(actor, Invited) or may(service, actor)

    return opens


def _anyone(_service: Service, actor: Actor) -> bool:
    """Open to everyone (a workshop's participants need no account) but someone holding a
    round's invitation, who sees that round's questions and nothing else."""
    return not isinstance(actor, Invited)


def _nobody_signed_in(_service: Service, actor: Actor) -> bool:
    return isinstance(actor, Anonymous)


SIGN_IN = Page("sign_in.py", "Sign in", ":material/login:", "sign-in", _nobody_signed_in)
START = Page("start.py", "Start", ":material/home:", "start", _signed_in)
ASSESS = Page(
    "assess.py", "Answer the questions", ":material/edit_note:", "assess", _answering_or(Can.ANSWER)
)
RESULTS = Page(
    "results.py", "Results", ":material/bar_chart:", "results", _anyone_who_may(Can.READ_RESULTS)
)
PROGRESS = Page(
    "progress.py",
    "Board progress",
    ":material/trending_up:",
    "progress",
    _anyone_who_may(Can.READ_PROGRESS),
)
ACTIONS = Page(
    "actions.py", "Actions", ":material/task_alt:", "actions", _anyone_who_may(Can.READ_ACTIONS)
)
FRAMEWORKS = Page(
    "frameworks.py",
    "Frameworks",
    ":material/menu_book:",
    "frameworks",
    _anyone_who_may(Can.READ_FRAMEWORKS),
)
MANAGE = Page(
    "manage.py",
    "Organisations and rounds",
    ":material/settings:",
    "manage",
    _anyone_who_may(Can.RUN_ROUNDS, Can.READ_AUDIT, Can.MANAGE_ORGANISATIONS),
)
ACCOUNTS = Page("accounts.py", "Accounts", ":material/group:", "accounts", _admin)
WORKSHOPS = Page(
    "workshops.py",
    "Workshops",
    ":material/co_present:",
    "workshops",
    _anyone_who_may(Can.RUN_WORKSHOPS),
)
JOIN = Page("join.py", "Join a workshop", ":material/groups:", "join", _anyone)

PAGES = (
    SIGN_IN,
    START,
    ASSESS,
    RESULTS,
    PROGRESS,
    ACTIONS,
    WORKSHOPS,
    FRAMEWORKS,
    MANAGE,
    ACCOUNTS,
    JOIN,
)


def pages_for(service: Service, actor: Actor) -> list[Page]:
    """The pages this actor may open, in top-bar order; the first is where they land."""
    return [page for page in PAGES if page.opens(service, actor)]


_SHOWN = "registry_shown_pages"  # session state: this run's pages, by address


def navigation(pages: list[Page], *extra: st.Page) -> st.navigation:
    """The top bar of these pages (the first is where a person lands) and `extra` entries.
    The pages are kept for this run, so that a link to one need not look its file up."""
    entries = [
        st.Page(page.path, title=page.title, icon=page.icon, url_path=page.url_path, default=first)
        for first, page in zip([True] + [False] * len(pages), pages, strict=False)
    ]
    st.session_state[_SHOWN] = {entry.url_path: entry for entry in entries}
    return st.navigation([*entries, *extra], position="top")


def link(
    page: Page,
    label: str,
    *,
    icon: str | None = None,
    query_params: dict[str, str] | None = None,
) -> None:
    """A link to another page of the app (`label` is the app's own words, or escaped)."""
    target = st.session_state.get(_SHOWN, {}).get(page.url_path) or page.path
    st.page_link(target, label=label, icon=icon, query_params=query_params)
