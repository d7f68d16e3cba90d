"""Connecting to the database and bringing its schema up to date.

`TOOLKIT_DATABASE_URL` names the database; unset, an SQLite file under `data/` is used.
SQLite runs in WAL mode with a busy timeout, and every writing transaction starts with
`BEGIN IMMEDIATE` so that concurrent writers queue instead of failing. PostgreSQL is used
through psycopg 3.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError

from toolkit.store.records import StoreError

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_URL = f"sqlite:///{ROOT / 'data' / 'toolkit.db'}"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT = 30.0
"""Seconds a change waits for another one (an import, say) to finish before giving up,
unless `TOOLKIT_BUSY_TIMEOUT` says otherwise."""
WRITE = {"toolkit_write": True}
# PostgreSQL's codes for "waited too long for a lock", "cancelled", "deadlock" and "could not
# serialise": each means another change got in the way, and trying again will work.
_BUSY_SQLSTATES = {"55P03", "57014", "40P01", "40001"}
_BUSY_SQLITE = ("database is locked", "database table is locked", "database is busy")
_SQLITE_MISTAKES = ("no such ", "table ", "near ")

log = logging.getLogger("toolkit.store")

REFUSED = (
    "The database could not carry this out, so nothing was changed. The details have been "
    "written to the log for whoever looks after the toolkit."
)
BUSY = (
    "The database is busy: someone is importing answers or making other changes. Try again "
    "in a moment; nothing already saved has been lost."
)


class DatabaseUnavailable(Exception):
    """The database cannot be reached or opened; the message says so in plain words."""


class DatabaseBusy(DatabaseUnavailable):
    """Another change held the database for longer than a change may wait; try again soon."""


def database_url() -> str:
    return os.environ.get("TOOLKIT_DATABASE_URL") or DEFAULT_URL


def default_busy_timeout() -> float:
    """`TOOLKIT_BUSY_TIMEOUT` in seconds (0.1 to 600), or BUSY_TIMEOUT."""
    try:
        seconds = float(os.environ.get("TOOLKIT_BUSY_TIMEOUT") or BUSY_TIMEOUT)
    except ValueError:
        return BUSY_TIMEOUT
    return min(max(seconds, 0.1), 600.0) if math.isfinite(seconds) else BUSY_TIMEOUT


def make_engine(url: str | None = None, *, busy_timeout: float | None = None) -> Engine:
    """An engine for the URL (or `TOOLKIT_DATABASE_URL`), set up for this toolkit's use.

    A change waits at most `busy_timeout` seconds (or `TOOLKIT_BUSY_TIMEOUT`, or 30) for
    another to finish (SQLite's busy timeout, PostgreSQL's lock timeout), then fails as busy
    rather than hanging.
    """
    url = url or database_url()
    if busy_timeout is None:
        busy_timeout = default_busy_timeout()
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseUnavailable(f"The database address is not valid: {error}") from None
    if parsed.drivername == "postgresql" or parsed.drivername == "postgres":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            try:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseUnavailable(
                    f"The database cannot be reached (its folder cannot be made: "
                    f"{error.strerror}). Check TOOLKIT_DATABASE_URL, then try again."
                ) from None
        engine = create_engine(parsed, connect_args={"timeout": busy_timeout})
        _set_up_sqlite(engine, round(busy_timeout * 1000))
        return engine
    return create_engine(
        parsed,
        pool_size=10,
        max_overflow=40,
        pool_pre_ping=True,
        connect_args={"options": f"-c lock_timeout={round(busy_timeout * 1000)}"},
    )


def _set_up_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # We begin transactions ourselves (below), so pysqlite must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("toolkit_write")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema up to date. Safe when several processes start at once.

    A database already up to date is only read, so starting never waits for a writer.
    """
    if is_up_to_date(engine):
        return
    with engine.connect().execution_options(**WRITE) as connection:
        if connection.dialect.name == "postgresql":
            # One migrator at a time across every app server sharing this database.
            connection.execute(text("SELECT pg_advisory_lock(7172026)"))
            connection.commit()
        try:
            command.upgrade(alembic_config(connection), "head")
            connection.commit()
        finally:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(7172026)"))
                connection.commit()


def is_up_to_date(engine: Engine) -> bool:
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    head = ScriptDirectory.from_config(alembic_config()).get_heads()
    return set(current) == set(head)


def _busy(error: OperationalError) -> bool:
    if getattr(error.orig, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    return str(error.orig).strip().lower().startswith(_BUSY_SQLITE)


def _mistake(error: OperationalError) -> bool:
    """SQLite calls a missing table or a malformed statement "operational"; it is not about
    reaching the database, and its words (table names, SQL) are not for a person."""
    words = str(error.orig).strip().lower()
    return words.startswith(_SQLITE_MISTAKES) or "syntax error" in words


@contextmanager
def translated_errors(conflict: str | None = None) -> Iterator[None]:
    """Say what went wrong with the database in plain words; never show its internals.

    `conflict` is what to say when a change would break a uniqueness rule (a name that is
    taken, say). Anything unexpected is logged in full and reported as REFUSED: no SQL, no
    values and no driver names ever reach a person.
    """
    try:
        yield
    except IntegrityError:
        if conflict is None:
            log.exception("The database refused a change")
            raise StoreError(REFUSED) from None
        raise StoreError(conflict) from None
    except OperationalError as error:
        if _busy(error):
            log.warning("The database was busy: %s", str(error.orig).strip().splitlines()[0])
            raise DatabaseBusy(BUSY) from None
        if _mistake(error):
            log.exception("The database refused a request")
            raise StoreError(REFUSED) from None
        log.exception("The database could not be reached")
        reason = str(error.orig).strip().splitlines()[0] if error.orig else "no reason given"
        raise DatabaseUnavailable(
            f"The database cannot be reached ({reason}). Check TOOLKIT_DATABASE_URL, or that "
            "the database server is running, then try again."
        ) from None
    except SQLAlchemyError:
        log.exception("The database refused a request")
        raise StoreError(REFUSED) from None
