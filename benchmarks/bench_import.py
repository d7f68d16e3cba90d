"""Import speed: 100,000 answers from a file into a round, and an autosave made meanwhile.

(a) `Store.import_answers` of 100,000 answers (3,334 people, every Making it Real statement)
    against a baseline measured in the same run on the same rows: the plainest bulk insert of
    the same columns into bare tables (respondents, then answers with executemany) through
    the same database driver, with none of the toolkit's checks. Goal: at most 5 s, and the
    ratio printed beside it, so a slowdown in the toolkit's own work shows.
(b) While a second process imports another 100,000 answers, this process autosaves one
    answer (as the app does when someone picks a rung) and times how long it waited.
    Goal: the autosave succeeds, having waited less than 5 s; before answers went in
    batches, it failed after the 30 s busy timeout.

Runs on SQLite, and on PostgreSQL too when the server binaries are installed (a throwaway
server on a free loopback port, as the tests start). Run: `make bench` or
`.venv/bin/python benchmarks/bench_import.py [--answers N]`. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from sqlalchemy import text  # noqa: E402

from toolkit.answer_file import read_answers  # noqa: E402
from toolkit.framework import builtin_frameworks  # noqa: E402
from toolkit.store import Store  # noqa: E402

MIR = builtin_frameworks()["making-it-real"]
PERSPECTIVES = ("person-drawing-on-care", "carer", "frontline-staff", "manager")


def answers_file(path: Path, answers: int, prefix: str) -> Path:
    rungs = MIR.ladder.rung_ids
    statements = MIR.statements
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["respondent", "perspective", "statement", "answer", "note"])
        for n in range(answers):
            person, number = divmod(n, len(statements))
            note = f'note, "quoted" {n}' if n % 7 == 0 else ""
            writer.writerow(
                [
                    f"{prefix}{person}",
                    PERSPECTIVES[person % 4],
                    statements[number].id,
                    rungs[(person + number) % len(rungs)],
                    note,
                ]
            )
    return path


def baseline(store: Store, rows) -> float:
    """The same rows into bare tables of the same columns: no checks, one driver."""
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS bare_answer"))
        connection.execute(text("DROP TABLE IF EXISTS bare_respondent"))
        connection.execute(
            text(
                "CREATE TABLE bare_respondent (id INTEGER PRIMARY KEY, name VARCHAR(200), "
                "perspective VARCHAR(100))"
            )
        )
        connection.execute(
            text(
                "CREATE TABLE bare_answer (id INTEGER PRIMARY KEY, respondent_id INTEGER, "
                "statement VARCHAR(100), answer VARCHAR(100), note TEXT)"
            )
        )
    people: dict[str, int] = {}
    for row in rows:
        people.setdefault(row.answer.respondent, len(people) + 1)
    start = time.perf_counter()
    with store.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO bare_respondent (id, name, perspective) VALUES (:id, :name, :p)"),
            [{"id": i, "name": name, "p": "carer"} for name, i in people.items()],
        )
        batch = [
            {
                "id": number,
                "r": people[row.answer.respondent],
                "s": row.answer.statement,
                "a": row.answer.answer,
                "n": row.note,
            }
            for number, row in enumerate(rows, start=1)
        ]
        for first in range(0, len(batch), 5000):
            connection.execute(
                text(
                    "INSERT INTO bare_answer (id, respondent_id, statement, answer, note) "
                    "VALUES (:id, :r, :s, :a, :n)"
                ),
                batch[first : first + 5000],
            )
    return time.perf_counter() - start


def import_in_another_process(url: str, round_id: int, path: str, started) -> None:
    store = Store(url)
    rows, _ = read_answers(path, MIR, store.round_perspectives(round_id))
    started.set()
    store.import_answers(round_id, ((row.answer, row.note) for row in rows))
    store.close()


def measure(url: str, answers: int, folder: Path) -> None:
    store = Store(url)
    organisation = store.create_organisation("Benchmark")
    first = store.create_round(organisation.id, MIR, "Import")
    second = store.create_round(organisation.id, MIR, "Meanwhile")
    path = answers_file(folder / "a.csv", answers, "a")
    rows, problems = read_answers(path, MIR, store.round_perspectives(first.id))
    assert not problems, problems[:3]

    start = time.perf_counter()
    store.import_answers(first.id, ((row.answer, row.note) for row in rows))
    ours = time.perf_counter() - start
    bare = baseline(store, rows)
    print(
        f"  import_answers, {answers:,} answers: {ours:6.2f} s   goal <= 5 s  "
        f"{'met' if ours <= 5 else 'NOT met'}"
    )
    print(f"  bare bulk insert of the same rows:  {bare:6.2f} s")
    print(f"  ratio (toolkit / bare):             {ours / bare:6.2f}")

    person, _ = store.start_respondent(second.id, "carer")
    other = answers_file(folder / "b.csv", answers, "b")
    started = multiprocessing.get_context("spawn").Event()
    worker = multiprocessing.get_context("spawn").Process(
        target=import_in_another_process, args=(url, second.id, str(other), started)
    )
    worker.start()
    started.wait(120)
    time.sleep(0.3)  # the other process is now inside its import
    start = time.perf_counter()
    store.save_answer(person.id, "info-1", "co-design", "picked during an import")
    waited = time.perf_counter() - start
    worker.join(300)
    print(
        f"  autosave during another import:     waited {waited:.2f} s   goal < 5 s  "
        f"{'met' if waited < 5 else 'NOT met'}"
    )
    assert store.round(second.id).submitted == -(-answers // len(MIR.statements))
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print("SQLite:")
        measure(f"sqlite:///{folder}/bench.db", args.answers, Path(folder))
    from postgres_server import PostgresServer, available

    ok, reason = available()
    if not ok:
        print(f"PostgreSQL: not measured ({reason})")
        return
    server = PostgresServer()
    server.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            print("PostgreSQL:")
            measure(server.new_database("bench"), args.answers, Path(folder))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
