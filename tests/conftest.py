"""Shared test helpers: write inline YAML or CSV to a temporary file and check it; a real
PostgreSQL server and a `database_url` fixture that runs storage tests on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from postgres_server import PostgresServer
from postgres_server import available as postgres_available

# The installed `toolkit` entry point, as a person runs it.
TOOLKIT = shutil.which("toolkit", path=str(Path(sys.executable).parent)) or "toolkit"


def run_toolkit(
    args: list[str], url: str, *, log: Path | None = None, **kwargs
) -> subprocess.CompletedProcess[str]:
    """The `toolkit` command on the database at `url`, its log kept out of the project."""
    env = {
        **os.environ,
        "TOOLKIT_DATABASE_URL": url,
        "TOOLKIT_LOG_FILE": str(log or os.devnull),
    }
    return subprocess.run(
        [TOOLKIT, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
        **kwargs,
    )


@pytest.fixture
def write(tmp_path: Path):
    """Write dedented text to a file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


# -- PostgreSQL ---------------------------------------------------------------------------------
# Storage tests take `database_url` and run twice: once on an SQLite file, once on an empty
# database on a real PostgreSQL 15 server that the suite starts itself (tests/postgres_server.py).
# Without the server binaries the PostgreSQL half is skipped, unless CI or
# TOOLKIT_REQUIRE_POSTGRES=1 is set, in which case it fails.

POSTGRES_STATUS = pytest.StashKey[dict]()


def postgres_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("TOOLKIT_REQUIRE_POSTGRES") == "1"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "postgresql: runs against the real PostgreSQL server the suite starts "
        "(deselect with -m 'not postgresql')",
    )
    config.stash[POSTGRES_STATUS] = {}


@pytest.fixture(scope="session")
def postgres_server(pytestconfig: pytest.Config):
    """One PostgreSQL 15 server on a free port of 127.0.0.1 for the whole session."""
    status = pytestconfig.stash[POSTGRES_STATUS]
    ok, reason = postgres_available()
    if not ok:
        status["problem"] = reason
        if postgres_required():
            pytest.fail(f"{reason} (required because CI or TOOLKIT_REQUIRE_POSTGRES=1 is set)")
        pytest.skip(reason)
    server = PostgresServer()
    try:
        server.start()
    except Exception as exc:
        status["problem"] = str(exc).splitlines()[0]
        raise
    status["address"] = f"{server.host}:{server.port}"
    status["started_in"] = server.started_in
    try:
        yield server
    finally:
        server.stop()


_database_numbers = itertools.count(1)


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgresql),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path):
    """SQLAlchemy URL of an empty database: an SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/toolkit.db"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"t_{next(_database_numbers)}"
    yield server.new_database(name)
    server.drop_database(name)


@pytest.fixture
def store(database_url):
    """The storage API on an empty database, once per backend."""
    from toolkit.store import Store

    store = Store(database_url)
    yield store
    store.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """On a pytest-xdist worker, hand the PostgreSQL server's status to the controller."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["postgres_status"] = dict(session.config.stash.get(POSTGRES_STATUS, {}))


@pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown where xdist is not loaded
def pytest_testnodedown(node, error) -> None:
    """On the pytest-xdist controller: keep what a worker said of its PostgreSQL server."""
    status = getattr(node, "workeroutput", {}).get("postgres_status") or {}
    if status:
        node.config.stash.setdefault(POSTGRES_STATUS, {}).update(status)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    counts = {"passed": 0, "failed": 0, "errors": 0, "skipped": 0}
    for outcome, reports in terminalreporter.stats.items():
        for report in reports:
            if "postgresql" not in getattr(report, "keywords", {}):
                continue
            when = getattr(report, "when", None)
            if outcome == "passed" and when == "call":
                counts["passed"] += 1
            elif outcome == "failed":
                counts["failed" if when == "call" else "errors"] += 1
            elif outcome == "error":
                counts["errors"] += 1
            elif outcome == "skipped":
                counts["skipped"] += 1
    status = config.stash.get(POSTGRES_STATUS, {})
    if not any(counts.values()) and not status:
        return
    parts = [f"{counts['passed']} passed", f"{counts['failed']} failed"]
    if counts["errors"]:
        parts.append(f"{counts['errors']} errors")
    parts.append(f"{counts['skipped']} skipped")
    if "address" in status:
        where = f"real server on {status['address']}, started in {status['started_in']:.1f} s"
    elif "problem" in status:
        where = f"no server: {status['problem']}"
    else:
        where = "server not started"
    terminalreporter.write_line(f"PostgreSQL storage tests: {', '.join(parts)} ({where})")


# -- Figures, as the service works them out for the operator (no minimum group rule) --------


def scores_of(store, round_id: int, only=None, *, include_drafts: bool = False):
    from toolkit.service import Operator, Service

    return Service(store).scores(Operator(), round_id, only, include_drafts=include_drafts)


def comparison_of(store, before_id: int, after_id: int, only=None):
    from toolkit.service import Operator, Service

    return Service(store).compare(Operator(), before_id, after_id, only)


# -- The app --------------------------------------------------------------------------------
# AppTest runs app.py in this process; the app opens the database named by
# TOOLKIT_DATABASE_URL, so each test points it at its own SQLite file.

APP = str(Path(__file__).resolve().parent.parent / "app.py")


# The session token `open_page` signs in with unless told otherwise: an admin's, made by the
# `empty_app` fixture (so a page test sees every page), or None for nobody signed in.
_signed_in: dict[str, str | None] = {"token": None}
ADMIN = "admin@example.org"


def sign_in_as(store, email: str, role: str = "admin", organisation: str | None = None) -> str:
    """An account with this role (made if need be), signed in; returns its session token."""
    from toolkit.service import Operator, Service

    service = Service(store)
    if store.user_with_hash(email) is None:
        organisation_id = None
        if organisation is not None:
            organisation_id = next(o.id for o in store.organisations() if o.name == organisation)
        service.add_user(Operator(), email, None, role, organisation_id)
    return service.single_sign_on(email, verified=True)[1]


@pytest.fixture
def empty_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An empty database for the app, with an admin signed in for `open_page`; yields its
    Store."""
    from toolkit.store import Store

    url = f"sqlite:///{tmp_path}/app.db"
    monkeypatch.setenv("TOOLKIT_DATABASE_URL", url)
    store = Store(url)
    _signed_in["token"] = sign_in_as(store, ADMIN)
    yield store
    _signed_in["token"] = None
    store.close()


@pytest.fixture
def demo_app(empty_app):
    """The app's database with the demo organisation loaded; yields its Store."""
    from toolkit.demo import load_demo

    load_demo(empty_app)
    return empty_app


_AS_ADMIN = object()


def open_page(page: str | None = None, *, easy: bool = False, token=_AS_ADMIN, **params: object):
    """An AppTest of the whole app, run once, on `page` (e.g. "results") if given: signed in
    as the fixture's admin, or with `token` (a session token; None for nobody)."""
    from streamlit.testing.v1 import AppTest

    from toolkit.ui.session import TOKEN

    at = AppTest.from_file(APP, default_timeout=60)
    token = _signed_in["token"] if token is _AS_ADMIN else token
    if token:
        at.session_state[TOKEN] = token
    if easy:
        at.query_params["easy"] = "1"
    for key, value in params.items():
        at.query_params[key] = str(value)
    at.run()
    if page is not None:
        at.switch_page(f"toolkit/ui/pages/{page}.py").run()
    return at


def click(at, label: str):
    """Press the button with this label, run the page again, and check nothing went wrong."""
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def widget(widgets, prefix: str):
    """The one widget of a kind whose key starts with `prefix`."""
    found = [w for w in widgets if w.key and w.key.startswith(prefix)]
    assert len(found) == 1, [w.key for w in widgets]
    return found[0]


def shown_text(at) -> str:
    """Everything written on the page as text: markdown, captions, headings, alerts."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "success",
        "error",
        "text",
    ):
        parts += [str(element.value) for element in at.get(kind)]
    # A style sheet (the app's own, written as HTML) is not text a person sees.
    return "\n".join(p for p in parts if not p.lstrip().startswith("<style>"))
