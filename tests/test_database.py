"""What a person is told when the database fails: plain words, never its internals (no SQL,
no values, no driver names); the details go to the log. On both databases."""

from __future__ import annotations

import logging

import pytest
from conftest import run_toolkit
from sqlalchemy import text

from toolkit.store import DatabaseUnavailable, Store, StoreError
from toolkit.store.database import REFUSED, default_busy_timeout

INTERNALS = ("[SQL", "SELECT", "psycopg", "sqlite3", "sqlalchemy", "Traceback", "Alice")


def test_an_unexpected_database_error_is_plain_and_its_detail_is_logged(store, caplog):
    caplog.set_level(logging.ERROR, logger="toolkit.store")
    with pytest.raises(StoreError) as caught, store.reading() as session:
        session.execute(text("SELECT name FROM no_such_table WHERE name = 'Alice'"))
    assert str(caught.value) == REFUSED
    assert not any(word in str(caught.value) for word in INTERNALS)
    assert "no_such_table" in caplog.text  # the detail is in the log, for whoever mends it


def test_an_unexpected_error_in_a_write_changes_nothing(store, caplog):
    caplog.set_level(logging.ERROR, logger="toolkit.store")
    with pytest.raises(StoreError) as caught, store.writing() as session:
        session.execute(
            text("INSERT INTO organisation (name, created_at) VALUES ('A', '2026-01-01')")
        )
        session.execute(text("SELECT * FROM no_such_table"))
    assert str(caught.value) == REFUSED
    assert store.organisations() == []


def test_a_database_that_cannot_be_opened_is_unavailable_in_plain_words(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(DatabaseUnavailable) as caught:
        Store(f"sqlite:///{tmp_path}/a-file/toolkit.db")
    assert str(caught.value).startswith("The database cannot be reached")
    assert not any(word in str(caught.value) for word in INTERNALS[:5])


def test_cli_on_a_damaged_database_prints_no_internals_and_logs_the_detail(database_url, tmp_path):
    store = Store(database_url)
    organisation = store.create_organisation("Alice's Care")
    store.create_action(organisation.id, "Ask Alice")
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE action"))
    store.close()
    log = tmp_path / "toolkit.log"
    result = run_toolkit(["export", "--out", str(tmp_path / "b.json")], database_url, log=log)
    assert result.returncode != 0
    assert result.stdout == ""
    assert not any(word in result.stderr for word in INTERNALS), result.stderr
    assert "nothing was changed" in result.stderr.lower()
    assert "action" in log.read_text()  # the missing table is named in the log, not on screen
    assert not (tmp_path / "b.json").exists()


@pytest.mark.parametrize(
    ("given", "seconds"),
    [
        (None, 30.0),
        ("", 30.0),
        ("5", 5.0),
        ("0.1", 0.1),
        ("0", 0.1),
        ("-3", 0.1),
        ("600", 600.0),
        ("601", 600.0),
        ("1e9", 600.0),
        ("inf", 30.0),
        ("nan", 30.0),
        ("soon", 30.0),
    ],
)
def test_toolkit_busy_timeout_is_seconds_from_a_tenth_to_600_or_else_30(
    monkeypatch, given, seconds
):
    if given is None:
        monkeypatch.delenv("TOOLKIT_BUSY_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("TOOLKIT_BUSY_TIMEOUT", given)
    assert default_busy_timeout() == seconds
