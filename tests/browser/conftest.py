"""Browser tests: Debian's Chromium, driven by Playwright, against `streamlit run app.py`.

One server with the demo loaded serves the whole session (a second, with an empty database,
starts only if a test asks for it); one Chromium is shared, and each test gets fresh browser
contexts (its own cookies and storage, like a new person on a new device).

Without /usr/bin/chromium these tests are skipped, unless CI is set, in which case they fail.
Every test here carries the `browser` marker: `pytest -m browser` runs only these, and
`pytest -m "not browser"` leaves them out.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from toolkit.ui.session import COOKIE

from .streamlit_app import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    REPO,
    SCREENSHOTS,
    StreamlitServer,
    watch_runs,
)

HERE = Path(__file__).resolve().parent
# Browser test files by the group they run in (any other file: "browser").
GROUPS = {
    "test_hostile_text.py": "hostile",
    "test_print.py": "more",
    "test_survey_import.py": "more",
    "test_scale_out.py": "more",
}
FAILED = pytest.StashKey[bool]()

# Assertions on the page wait up to 30 s (the default, 5 s, is short on a busy 2-core runner
# with two browsers and the rest of the suite running at once).
expect.set_options(timeout=30_000)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "browser: drives the running app in Chromium (deselect with -m 'not browser')",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            # `make test` runs tests on two workers (pytest-xdist, --dist loadgroup): the
            # browser tests in three groups, each in order on one worker (each worker starts
            # the app server its group needs), beside the rest of the suite.
            item.add_marker(
                pytest.mark.xdist_group(GROUPS.get(Path(str(item.path)).name, "browser"))
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


# --- Chromium -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (never a downloaded one), shared by every browser test."""
    if not Path(CHROMIUM).exists():
        reason = (
            f"{CHROMIUM} is missing, so the browser tests cannot run. "
            "Install it with `make system-packages` (Debian package: chromium)."
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (required because CI is set)")
        pytest.skip(reason)
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


# --- The app --------------------------------------------------------------------------------


def serve(database_url: str) -> Iterator[StreamlitServer]:
    """`streamlit run app.py` on the database, for a fixture to yield; stopped afterwards."""
    server = StreamlitServer(REPO / "app.py", database_url, cwd=REPO)
    server.start(timeout=60)
    try:
        yield server
    finally:
        server.stop()
        server.remove_log()


@pytest.fixture(scope="session")
def app_server(browser: Browser, tmp_path_factory: pytest.TempPathFactory):
    """`streamlit run app.py` on a free port, on an SQLite database with the demo loaded."""
    from toolkit.demo import load_demo
    from toolkit.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('browser-app')}/browser.db"
    store = Store(url)
    try:
        load_demo(store)
    finally:
        store.close()
    yield from serve(url)


@pytest.fixture(scope="session")
def empty_app_server(browser: Browser, tmp_path_factory: pytest.TempPathFactory):
    """A second server whose database has no organisations at all (a brand-new install)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser-empty')}/empty.db"
    yield from serve(url)


@pytest.fixture(scope="session")
def store(app_server: StreamlitServer):
    """The demo server's database, for checking what the app saved."""
    from toolkit.store import Store

    opened = Store(app_server.database_url)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def open_round(store):
    """The demo's open round (its title depends on today's date), which the app shows first."""
    rounds = store.rounds()
    assert rounds[-1].is_open, [(r.title, r.status) for r in rounds]
    return rounds[-1]


@pytest.fixture(scope="session")
def framework():
    """Making it Real as shipped (the demo's rounds are answered on it)."""
    from toolkit.framework import builtin_frameworks

    return builtin_frameworks()["making-it-real"]


# --- Accounts ---------------------------------------------------------------------------------

ADMIN = "admin@example.org"


def account(
    server: StreamlitServer, email: str, role: str = "admin", organisation: str | None = None
) -> None:
    """An account on the server's database (no password: tests sign it in directly)."""
    from toolkit.service import Operator, Service
    from toolkit.store import Store

    store = Store(server.database_url)
    try:
        if store.user_with_hash(email) is None:
            organisation_id = (
                None
                if organisation is None
                else next(o.id for o in store.organisations() if o.name == organisation)
            )
            Service(store).add_user(Operator(), email, None, role, organisation_id)
    finally:
        store.close()


def session_token(server: StreamlitServer, email: str = ADMIN) -> str:
    """A fresh server-side session for an account (the admin's made if need be), as the
    sign-in page would give: the value of the session cookie."""
    from toolkit.service import Service
    from toolkit.store import Store

    if email == ADMIN:
        account(server, ADMIN)
    store = Store(server.database_url)
    try:
        signed = Service(store).single_sign_on(email, verified=True)
        assert signed is not None, f"no account for {email}"
        return signed[1]
    finally:
        store.close()


# --- Pages ----------------------------------------------------------------------------------


@pytest.fixture
def new_page(
    request: pytest.FixtureRequest, browser: Browser, app_server: StreamlitServer
) -> Iterator[Callable[..., Page]]:
    """Open a page in a new browser context: `new_page()` desktop, `new_page("phone")`.

    Each call is a new person on a new device (nothing shared with other pages). If the test
    fails, every page it opened is saved under test-artifacts/screenshots/failures/.
    """
    contexts: list[BrowserContext] = []

    def _open(
        device: str = "desktop",
        server: StreamlitServer | None = None,
        signed_in: bool | str = True,
    ) -> Page:
        """`signed_in`: True for the admin, an e-mail address for that account (made first
        with `account`), or False for nobody signed in."""
        settings = {"desktop": DESKTOP, "phone": PHONE}[device]
        server = server or app_server
        context = browser.new_context(
            **settings,
            base_url=server.url,
            locale="en-GB",
            timezone_id="Europe/London",
            reduced_motion="reduce",
        )
        context.set_default_timeout(20_000)
        if signed_in:
            email = ADMIN if signed_in is True else signed_in
            context.add_cookies(
                [{"name": COOKIE, "value": session_token(server, email), "url": server.url}]
            )
        contexts.append(context)
        return watch_runs(context.new_page())

    yield _open
    failed = request.node.stash.get(FAILED, False)
    for number, context in enumerate(contexts, start=1):
        if failed:
            folder = SCREENSHOTS / "failures"
            folder.mkdir(parents=True, exist_ok=True)
            for index, page in enumerate(context.pages, start=1):
                # The page may be what broke; the test's report says why.
                with contextlib.suppress(Exception):
                    name = f"{request.node.name}-{number}-{index}.png"
                    page.screenshot(path=str(folder / re.sub(r"[^A-Za-z0-9_.-]+", "-", name)))
        context.close()


@pytest.fixture
def desktop(new_page) -> Page:
    """A desktop browser window, 1280 × 900."""
    return new_page("desktop")


@pytest.fixture
def phone(new_page) -> Page:
    """A phone: 390 × 844 CSS pixels at 2×, touch."""
    return new_page("phone")
