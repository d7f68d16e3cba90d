"""The test PostgreSQL server (tests/postgres_server.py) and the `database_url` fixture."""

from __future__ import annotations

import contextlib

import pytest
import sqlalchemy as sa
from postgres_server import PostgresServer, PostgresServerError
from sqlalchemy.engine import make_url

_seen_databases: set[str] = set()


def connect(url: str):
    return sa.create_engine(url, poolclass=sa.pool.NullPool)


def table_names(url: str) -> list[str]:
    engine = connect(url)
    try:
        return sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_database_url_accepts_connections_and_runs_select_1(database_url):
    engine = connect(database_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("select 1")).scalar_one() == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize("round_", [1, 2])
def test_each_test_gets_its_own_empty_database(database_url, round_):
    # Both rounds write the same table; whichever runs second would fail on a shared database.
    assert table_names(database_url) == []
    engine = connect(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("create table leftover (id integer primary key)"))
            conn.execute(sa.text("insert into leftover values (1)"))
    finally:
        engine.dispose()
    assert table_names(database_url) == ["leftover"]
    if database_url.startswith("postgresql"):
        name = make_url(database_url).database
        assert name not in _seen_databases
        _seen_databases.add(name)


def test_sqlite_url_is_a_file_in_tmp_path(tmp_path):
    # The sqlite half of database_url, checked directly.
    url = f"sqlite:///{tmp_path}/toolkit.db"
    engine = connect(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("create table t (x integer)"))
    finally:
        engine.dispose()
    assert (tmp_path / "toolkit.db").is_file()


@pytest.mark.postgresql
def test_server_is_postgresql_15_on_loopback(postgres_server):
    url = make_url(postgres_server.url)
    assert url.drivername == "postgresql+psycopg"
    assert url.host == "127.0.0.1"
    assert url.port == postgres_server.port
    engine = connect(postgres_server.url)
    try:
        with engine.connect() as conn:
            version = conn.execute(sa.text("show server_version")).scalar_one()
            listen = conn.execute(sa.text("show listen_addresses")).scalar_one()
            address = conn.execute(sa.text("select host(inet_server_addr())")).scalar_one()
            port = conn.execute(sa.text("select inet_server_port()")).scalar_one()
            encoding = conn.execute(sa.text("show server_encoding")).scalar_one()
    finally:
        engine.dispose()
    assert version.split(".")[0] == "15", version
    assert listen == "127.0.0.1"
    assert address == "127.0.0.1"
    assert port == postgres_server.port
    assert encoding == "UTF8"


@pytest.mark.postgresql
def test_new_databases_are_distinct_and_reset_empties_one(postgres_server):
    first = postgres_server.new_database("server_test_a")
    second = postgres_server.new_database("server_test_b")
    try:
        assert first != second
        engine = connect(first)
        try:
            with engine.begin() as conn:
                conn.execute(sa.text("create table only_in_a (id integer)"))
        finally:
            engine.dispose()
        assert table_names(first) == ["only_in_a"]
        assert table_names(second) == []
        assert postgres_server.reset("server_test_a") == first
        assert table_names(first) == []
    finally:
        postgres_server.drop_database("server_test_a")
        postgres_server.drop_database("server_test_b")


@pytest.mark.postgresql
def test_reset_disconnects_sessions_still_open(postgres_server):
    url = postgres_server.new_database("server_test_open")
    engine = connect(url)
    conn = engine.connect()
    try:
        conn.execute(sa.text("create table t (x integer)"))
        conn.commit()
        assert postgres_server.reset("server_test_open") == url
        assert table_names(url) == []
    finally:
        with contextlib.suppress(sa.exc.DBAPIError):
            conn.close()  # the forced drop already closed it on the server side
        engine.dispose()
        postgres_server.drop_database("server_test_open")


@pytest.mark.postgresql
def test_a_server_that_cannot_start_says_why_and_cleans_up(postgres_server):
    server = PostgresServer(bindir=postgres_server.bindir, settings={"shared_buffers": "lots"})
    with pytest.raises(PostgresServerError) as info:
        server.start(attempts=1)
    message = str(info.value)
    assert "last 30 lines of the server log" in message
    assert '"shared_buffers"' in message  # the server's own complaint, from its log
    assert server.tmpdir is None and not server.running
    server.stop()  # a second stop is harmless
