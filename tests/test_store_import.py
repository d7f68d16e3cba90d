"""Answers imported from a file: once, whole, quickly, never into a closed round by accident,
and never doubled by two imports at the same moment (real processes, on both databases)."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import TOOLKIT, run_toolkit, scores_of
from sqlalchemy import create_engine, text

from toolkit.framework import builtin_frameworks
from toolkit.scoring import Answer
from toolkit.store import DatabaseBusy, RoundClosed, Store, StoreError

MIR = builtin_frameworks()["making-it-real"]
PERSPECTIVES = ("person-drawing-on-care", "carer", "frontline-staff", "manager")
BUSY = (
    "The database is busy: someone is importing answers or making other changes. Try again "
    "in a moment; nothing already saved has been lost."
)


def answers_file(path: Path, people: int) -> Path:
    """`people` people, each answering all 30 statements, every tenth with a note."""
    rungs = MIR.ladder.rung_ids
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["respondent", "perspective", "statement", "answer", "note"])
        for person in range(1, people + 1):
            for number, statement in enumerate(MIR.statements):
                note = f'said "yes", person {person}' if number % 10 == 0 else ""
                answer = rungs[(person + number) % len(rungs)]
                writer.writerow(
                    [f"p{person}", PERSPECTIVES[person % 4], statement.id, answer, note]
                )
    return path


def as_answers(people: int) -> list[tuple[Answer, str]]:
    rungs = MIR.ladder.rung_ids
    return [
        (Answer(f"p{p}", PERSPECTIVES[p % 4], s.id, rungs[(p + i) % len(rungs)]), f"n{p}.{i}")
        for p in range(1, people + 1)
        for i, s in enumerate(MIR.statements)
    ]


@pytest.fixture
def organisation(store):
    return store.create_organisation("Riverside Care")


def counts(url: str, round_id: int) -> tuple[int, int]:
    store = Store(url)
    try:
        people = store.respondents(round_id)
        return len(people), sum(len(store.answers(p.id)) for p in people)
    finally:
        store.close()


# --- In one process ------------------------------------------------------------------------


def test_an_import_keeps_every_answer_and_note_as_submitted_people(store, organisation):
    round_ = store.create_round(organisation.id, MIR, "Spring 2027")
    rows = as_answers(12)
    rows[0] = (rows[0][0], 'tab\there, back\\slash, "quote"\nnew line \\N')
    created = store.import_answers(round_.id, rows)
    assert [p.display_name for p in created] == [f"p{n}" for n in range(1, 13)]
    assert all(p.submitted and p.round_id == round_.id for p in created)
    assert [p.id for p in created] == [p.id for p in store.respondents(round_.id)]
    first = store.answers(created[0].id)
    assert len(first) == 30
    assert (first["wellbeing-1"].answer, first["wellbeing-1"].note) == (
        "educating",
        'tab\there, back\\slash, "quote"\nnew line \\N',
    )
    assert first["wellbeing-2"].note == "n1.1"
    assert scores_of(store, round_.id).respondents == 12
    assert store.round(round_.id).submitted == 12


def test_the_same_people_again_are_refused_by_name_and_nothing_is_added(store, organisation):
    round_ = store.create_round(organisation.id, MIR, "Spring 2027")
    store.import_answers(round_.id, as_answers(12))
    with pytest.raises(StoreError) as refused:
        store.import_answers(round_.id, as_answers(12))
    assert str(refused.value) == (
        "The round already has answers from 12 of the people in this file ('p1', 'p10', 'p11', "
        "'p12', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7' and 2 more), so nothing was imported: the "
        "file may have been imported already."
    )
    assert store.round(round_.id).submitted == 12


def test_a_closed_round_takes_no_answers_from_a_file_unless_allowed(store, organisation):
    round_ = store.create_round(organisation.id, MIR, "Spring 2027")
    store.set_round_status(round_.id, "closed")
    with pytest.raises(RoundClosed) as refused:
        store.import_answers(round_.id, as_answers(2))
    assert str(refused.value) == (
        "The round 'Spring 2027' is closed, so answers are not added to it from a file: its "
        "figures may already have been shared. Reopen it first."
    )
    assert store.round(round_.id).submitted == 0
    store.import_answers(round_.id, as_answers(2), allow_closed=True)
    assert store.round(round_.id).submitted == 2


def test_a_bad_row_anywhere_adds_nothing(store, organisation):
    round_ = store.create_round(organisation.id, MIR, "Spring 2027")
    rows = as_answers(3)
    last = rows[-1][0].statement
    rows[-1] = (Answer("p3", PERSPECTIVES[3], last, "co-desing"), "")
    with pytest.raises(StoreError, match="'co-desing' is not an answer"):
        store.import_answers(round_.id, rows)
    rows[-1] = (Answer("p3", PERSPECTIVES[3], last, "co-design"), "x" * 4001)
    with pytest.raises(StoreError, match="A note is 4,001 characters long"):
        store.import_answers(round_.id, rows)
    assert store.respondents(round_.id) == []


# --- The command ------------------------------------------------------------------------------


def test_cli_refuses_a_closed_round_unless_allow_closed(database_url, tmp_path):
    store = Store(database_url)
    organisation = store.create_organisation("Riverside Care")
    round_ = store.create_round(organisation.id, MIR, "Spring 2027")
    store.set_round_status(round_.id, "closed")
    store.close()
    path = answers_file(tmp_path / "answers.csv", 2)
    result = run_toolkit(["import-answers", "--round", str(round_.id), str(path)], database_url)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "The round 'Spring 2027' is closed, so answers are not added to it from a file: its "
        "figures may already have been shared. Reopen it first, or add them anyway with "
        "--allow-closed. Nothing was imported."
    )
    assert counts(database_url, round_.id) == (0, 0)
    result = run_toolkit(
        ["import-answers", "--round", str(round_.id), "--allow-closed", str(path)], database_url
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Imported 60 answers from 2 people into round {round_.id}."
    assert counts(database_url, round_.id) == (2, 60)


@pytest.mark.parametrize("round_id", ["0", "2147483648", "99999999999999999999999"])
def test_cli_refuses_round_ids_no_database_can_hold(round_id, tmp_path):
    path = answers_file(tmp_path / "answers.csv", 1)
    result = run_toolkit(
        ["import-answers", "--round", round_id, str(path)], f"sqlite:///{tmp_path}/x.db"
    )
    assert result.returncode == 2
    assert "Invalid value for '--round'" in result.stderr
    assert "Traceback" not in result.stderr and "Overflow" not in result.stderr


# --- Two imports at once, in two processes ------------------------------------------------------


@contextmanager
def round_held(url: str, round_id: int):
    """Hold the round as an import does (or the whole database, on SQLite) until the block
    ends, so that two imports started meanwhile are both inside their transaction first."""
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield lambda: None
        finally:
            connection.rollback()
            connection.close()
        return
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as connection:
        connection.execute(
            text("SELECT id FROM round WHERE id = :id FOR NO KEY UPDATE"), {"id": round_id}
        )

        def waiting() -> int:
            with engine.connect() as probe:
                return probe.execute(
                    text("SELECT count(*) FROM pg_locks WHERE NOT granted")
                ).scalar()

        try:
            yield waiting
        finally:
            connection.rollback()
    engine.dispose()


def test_two_imports_of_one_file_at_the_same_moment_add_it_once(database_url, tmp_path):
    store = Store(database_url)
    organisation = store.create_organisation("Riverside Care")
    rounds = [store.create_round(organisation.id, MIR, f"Try {n}") for n in (1, 2, 3)]
    store.close()
    path = answers_file(tmp_path / "answers.csv", 100)
    env = {"TOOLKIT_DATABASE_URL": database_url, "TOOLKIT_LOG_FILE": str(tmp_path / "log")}
    for round_ in rounds:
        with round_held(database_url, round_.id) as waiting:
            imports = [
                subprocess.Popen(
                    [TOOLKIT, "import-answers", "--round", str(round_.id), str(path)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    env={**__import__("os").environ, **env},
                )
                for _ in range(2)
            ]
            deadline = time.monotonic() + 60
            if database_url.startswith("postgresql"):
                while waiting() < 2 and time.monotonic() < deadline:
                    time.sleep(0.1)
                assert waiting() >= 2, "both imports should be waiting for the round"
            else:
                time.sleep(4)  # both reach BEGIN IMMEDIATE and queue behind the held lock
        results = [process.communicate(timeout=120) for process in imports]
        codes = sorted(process.returncode for process in imports)
        assert codes == [0, 1], results
        succeeded = next(
            out for (out, _), p in zip(results, imports, strict=True) if p.returncode == 0
        )
        refused = next(
            err for (_, err), p in zip(results, imports, strict=True) if p.returncode == 1
        )
        assert succeeded.strip() == f"Imported 3000 answers from 100 people into round {round_.id}."
        assert "'p1'" in refused and "Traceback" not in refused
        if database_url.startswith("postgresql"):  # both were seen waiting inside the import
            assert "so nothing was imported: the file may have been imported already" in refused
        assert counts(database_url, round_.id) == (100, 3000)


# --- Busy, not unreachable ----------------------------------------------------------------------


def test_a_change_kept_waiting_too_long_is_told_the_database_is_busy(database_url):
    store = Store(database_url, busy_timeout=0.5)
    organisation = store.create_organisation("Riverside Care")
    round_ = store.create_round(organisation.id, MIR, "Spring 2027", opened_on=dt.date(2027, 3, 1))
    person, _ = store.start_respondent(round_.id, "carer")
    with round_held(database_url, round_.id):
        if database_url.startswith("postgresql"):  # hold the person's row, as a submit does
            engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
            holder = engine.connect()
            holder.execute(
                text("SELECT id FROM respondent WHERE id = :id FOR UPDATE"), {"id": person.id}
            )
        with pytest.raises(DatabaseBusy) as busy:
            store.save_answer(person.id, "info-1", "co-design")
        if database_url.startswith("postgresql"):
            holder.rollback()
            holder.close()
            engine.dispose()
    assert str(busy.value) == BUSY
    assert store.answers(person.id) == {}
    assert store.save_answer(person.id, "info-1", "co-design").answer == "co-design"
    store.close()
