"""Connecting to the database and bringing its schema up to date.

`TOOLKIT_DATABASE_URL` names the database; unset, an SQLite file under `data/` is used.
SQLite runs in WAL mode with a busy timeout, and every writing transaction starts with
`BEGIN IMMEDIATE` so that concurrent writers queue instead of failing. PostgreSQL is used
through psycopg 3.
"""

from __future__ import annotations

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
from sqlalchemy.exc import ArgumentError

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_URL = f"sqlite:///{ROOT / 'data' / 'toolkit.db'}"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
WRITE = {"toolkit_write": True}


class DatabaseUnavailable(Exception):
    """The database cannot be reached or opened; the message says so in plain words."""


def database_url() -> str:
    return os.environ.get("TOOLKIT_DATABASE_URL") or DEFAULT_URL


def make_engine(url: str | None = None) -> Engine:
    """An engine for the URL (or `TOOLKIT_DATABASE_URL`), set up for this toolkit's use."""
    url = url or database_url()
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseUnavailable(f"The database address is not valid: {error}") from None
    if parsed.drivername == "postgresql" or parsed.drivername == "postgres":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _set_up_sqlite(engine)
        return engine
    return create_engine(parsed, pool_size=10, max_overflow=40, pool_pre_ping=True)


def _set_up_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # We begin transactions ourselves (below), so pysqlite must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
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
    """Bring the schema up to date. Safe when several processes start at once."""
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


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn a failure to reach the database into a plain message."""
    from sqlalchemy.exc import OperationalError

    try:
        yield
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise DatabaseUnavailable(
            f"The database cannot be reached ({reason}). Check TOOLKIT_DATABASE_URL, or that "
            "the database server is running, then try again."
        ) from None
