"""Signing in and who sees what, in Chromium against `streamlit run`: the sign-in page for
someone not signed in whatever the address, a session that survives a reload and a new tab
and ends on Sign out, an invitation link that opens only its round, a replaced link that
stops working, and a board viewer who sees only their own organisation."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import account
from .streamlit_app import main_text, open_app, rerun, save_screenshot, watch_runs

DEMO = "Riverside Care (demo)"
# Shown as text, with an invisible word joiner after the @ so it is never made a mail link.
SIGNED_IN = re.compile(r"Signed in as browser-lead@\u2060?example\.org")
OTHER = "Hillside Homes (browser)"


@pytest.fixture(scope="module")
def other_organisation(app_server):
    """A second organisation on the demo server, with a round, and a board viewer of the demo
    and a lead with a password."""
    from toolkit.framework import builtin_frameworks
    from toolkit.service import Operator, Service
    from toolkit.store import Store

    store = Store(app_server.database_url)
    try:
        service = Service(store)
        if not any(o.name == OTHER for o in store.organisations()):
            other = service.create_organisation(Operator(), OTHER)
            service.create_round(  # opened long ago: the demo's open round stays the latest
                Operator(),
                other.id,
                builtin_frameworks()["making-it-real"],
                "Hillside round",
                opened_on=dt.date(2020, 1, 6),
            )
        if store.user_with_hash("browser-lead@example.org") is None:
            demo = next(o for o in store.organisations() if o.name == DEMO)
            service.add_user(
                Operator(), "browser-lead@example.org", "a long browser password", "lead", demo.id
            )
        return next(o for o in store.organisations() if o.name == OTHER)
    finally:
        store.close()


def top_bar(page: Page) -> list[str]:
    return [
        text.strip()
        for text in page.locator('header [data-testid="stTopNavLink"], header a').all_inner_texts()
        if text.strip()
    ]


@pytest.mark.parametrize("address", ["/", "/results?org=1&round=3", "/manage", "/progress?org=2"])
def test_someone_not_signed_in_sees_only_the_sign_in_page(new_page, other_organisation, address):
    page = open_app(new_page(signed_in=False), address)
    text = main_text(page)
    assert "Sign in" in text and "ladder of co-production" in text
    for secret in (DEMO, OTHER, "Hillside round", "Journey"):
        assert secret not in page.content()
    for link in ("Results", "Board progress", "Actions", "Organisations and rounds"):
        assert page.get_by_role("link", name=link, exact=True).count() == 0


def test_signing_in_lasts_through_a_reload_and_a_new_tab_and_ends_on_sign_out(
    new_page, other_organisation
):
    page = open_app(new_page(signed_in=False), "/")
    page.get_by_label("E-mail address").fill("browser-lead@example.org")
    page.get_by_role("textbox", name="Password").fill("a long browser password")
    with rerun(page):
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(SIGNED_IN)).to_be_visible()
    save_screenshot(page, "access-signed-in-desktop")
    open_app(page, "/")  # a reload
    expect(page.get_by_text(SIGNED_IN)).to_be_visible()
    assert DEMO in page.content()
    tab = open_app(watch_runs(page.context.new_page()), "/results")  # a new tab, same browser
    expect(tab.get_by_text(SIGNED_IN)).to_be_visible()
    assert OTHER not in tab.content()
    with rerun(page):
        page.get_by_role("link", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    open_app(page, "/results")
    assert "Signed in as" not in main_text(page)
    assert DEMO not in page.content()


def test_an_invitation_link_opens_only_its_round_and_a_replaced_one_nothing(
    new_page, store, open_round
):
    from toolkit.service import Operator, Service

    service = Service(store)
    old = service.invitation(Operator(), open_round.id)
    page = open_app(new_page("phone", signed_in=False), f"/?invite={old}")
    text = main_text(page)
    assert f"You are answering for {open_round.title}" in text
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_role("combobox").count() == 0  # no organisation or round pickers
    assert "Results" not in [t for t in top_bar(page)]
    save_screenshot(page, "access-invited-phone")
    service.replace_invitation(Operator(), open_round.id)
    again = open_app(new_page("phone", signed_in=False), f"/?invite={old}")
    assert "You are answering for" not in main_text(again)
    assert "Sign in" in main_text(again)


def test_a_board_viewer_sees_only_their_organisation_and_no_set_up(
    new_page, app_server, other_organisation
):
    account(app_server, "board-viewer@example.org", "board_viewer", DEMO)
    page = open_app(
        new_page(signed_in="board-viewer@example.org"), f"/results?org={other_organisation.id}"
    )
    assert OTHER not in page.content() and "Hillside round" not in page.content()
    assert DEMO in page.content()
    for forbidden in ("Organisations and rounds", "Frameworks", "Accounts", "Answer the questions"):
        assert page.get_by_role("link", name=forbidden, exact=True).count() == 0
    open_app(page, "/actions")
    assert page.get_by_role("button", name="Add this action").count() == 0
    save_screenshot(page, "access-board-viewer-actions")


def test_someone_signed_in_who_opens_an_invitation_gets_its_questions(new_page, store, open_round):
    from toolkit.service import Operator, Service

    token = Service(store).invitation(Operator(), open_round.id)
    page = open_app(new_page(), f"/?invite={token}")
    assert f"You are answering for {open_round.title}" in main_text(page)
    assert page.get_by_role("combobox").count() == 0
    assert page.get_by_text("Page not found").count() == 0


def test_six_wrong_passwords_lock_signing_in(new_page, app_server):
    from toolkit.service import Operator, Service
    from toolkit.store import Store

    store = Store(app_server.database_url)
    try:
        if store.user_with_hash("locked-out@example.org") is None:
            Service(store).add_user(
                Operator(), "locked-out@example.org", "the right password", "admin"
            )
    finally:
        store.close()
    page = open_app(new_page(signed_in=False), "/")
    for attempt in range(6):
        page.get_by_label("E-mail address").fill("locked-out@example.org")
        page.get_by_role("textbox", name="Password").fill(f"wrong password {attempt}")
        with rerun(page):
            page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("signing in is now locked for 15 minutes", exact=False)).to_be_visible()
    page.get_by_label("E-mail address").fill("locked-out@example.org")
    page.get_by_role("textbox", name="Password").fill("the right password")
    with rerun(page):
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("too many failed attempts", exact=False)).to_be_visible()
    assert "Signed in as" not in main_text(page)
    save_screenshot(page, "access-locked-desktop")
