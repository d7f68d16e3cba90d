"""Backups: lossless round trips on both backends, all-or-nothing imports, a killed import."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TOOLKIT

from toolkit.framework import FRAMEWORKS_DIR, builtin_frameworks, check_text
from toolkit.store import Store
from toolkit.store import models as m
from toolkit.store.backup import (
    BackupProblems,
    export_backup,
    import_backup,
    parse_backup,
    read_backup,
)

MIR = builtin_frameworks()["making-it-real"]
RESEARCH = builtin_frameworks()["research-coproduction"]


def fill(store: Store, name: str = "Riverside Care", people: int = 4) -> None:
    """An organisation with everything a backup must hold."""
    text = (FRAMEWORKS_DIR / "scie-whole-system.yaml").read_text()
    text = text.replace(
        "id: scie-whole-system", f"id: ours-{hashlib.sha256(name.encode()).hexdigest()[:6]}"
    )
    store.add_framework(check_text(text, "ours.yaml")[0], text)
    organisation = store.create_organisation(name)
    first = store.create_round(organisation.id, MIR, "Spring 2026", opened_on=dt.date(2026, 3, 1))
    second = store.create_round(organisation.id, RESEARCH, "Research 2026")
    rungs = MIR.ladder.rung_ids
    for n in range(people):
        person, _ = store.start_respondent(
            first.id, ["carer", "manager"][n % 2], f"P{n}" if n else None
        )
        answers = {
            s.id: (rungs[(n + i) % 7], f"note ‘{n}-{i}’ ✓" if i % 3 == 0 else "")
            for i, s in enumerate(MIR.statements)
        }
        answers["info-2"] = ("unsure", "")
        answers["info-3"] = ("not_applicable", "")
        store.submit(person.id, answers)
    draft, _ = store.start_respondent(first.id, "carer")
    store.save_answer(draft.id, "info-1", "co-design", "still thinking")
    store.record_agreed_rung(first.id, "info-1", "engagement", "We changed one leaflet", "Group")
    store.record_agreed_rung(first.id, "info-4", "unsure", "Need evidence")
    store.set_round_status(first.id, "closed")
    done = store.create_action(
        organisation.id,
        "Co-write letters",
        round_id=first.id,
        statement_id="info-1",
        owner="Priya",
        due_on=dt.date(2026, 5, 1),
    )
    store.update_action(done.id, status="done")
    store.create_action(organisation.id, "Train staff", round_id=first.id, theme_id="workforce")
    store.create_action(organisation.id, "Budget for payments")
    with store.writing() as session:
        session.add(
            m.Workshop(
                round_id=second.id,
                join_code=hashlib.sha256(name.encode()).hexdigest()[:8].upper(),
                state="waiting",
                mode="statement",
                current_statement="power-1",
                minimum_group_size=5,
            )
        )


def without_stamp(document: dict) -> dict:
    document = copy.deepcopy(document)
    document.pop("exported_at")
    return document


def test_export_import_export_gives_the_same_content(database_url, tmp_path):
    source = Store(f"sqlite:///{tmp_path}/source.db")
    fill(source)
    fill(source, "Second Org", people=2)
    first = export_backup(source)
    target = Store(database_url)
    held = import_backup(target, parse_backup(json.loads(json.dumps(first))))
    assert held["organisations"] == 2 and held["respondents"] == 8 and held["actions"] == 6
    assert held["frameworks"] == 2
    assert [f.id for f in target.uploaded_frameworks()] == [
        f.id for f in source.uploaded_frameworks()
    ]
    again = export_backup(target)
    assert without_stamp(again) == without_stamp(first)
    assert target.scores(target.rounds()[0].id) == source.scores(source.rounds()[0].id)
    # One organisation only.
    only = export_backup(target, organisation_id=target.organisation_named("Second Org").id)
    assert [o["name"] for o in only["organisations"]] == ["Second Org"]
    source.close()
    target.close()


def test_import_back_into_the_same_backend(database_url):
    store = Store(database_url)
    fill(store)
    first = export_backup(store)
    empty_url = database_url  # the same database after emptying it
    with store.writing() as session:
        for table in (
            "action",
            "workshop",
            "answer",
            "agreed_rung",
            "respondent",
            "round",
            "organisation",
        ):
            session.execute(m.Base.metadata.tables[table].delete())
    store.close()
    store = Store(empty_url)
    import_backup(store, parse_backup(first))
    assert without_stamp(export_backup(store)) == without_stamp(first)
    store.close()


def test_a_bad_backup_changes_nothing_and_says_why(database_url):
    store = Store(database_url)
    fill(store)
    before = without_stamp(export_backup(store))
    document = export_backup(store)
    document["organisations"][0]["name"] = "Another Org"
    document["organisations"][0]["rounds"][0]["respondents"][1]["answers"][0]["answer"] = "co-desgn"
    document["organisations"][0]["rounds"][0]["respondents"][2]["perspective"] = "visitor"
    document["organisations"][0]["actions"][0]["round"] = "Winter"
    del document["organisations"][0]["rounds"][1]["created_at"]
    with pytest.raises(BackupProblems) as raised:
        import_backup(store, parse_backup(document))
    problems = raised.value.problems
    assert problems == ["organisations[0].rounds[1].created_at: field required"] or any(
        "rounds[1].created_at" in p for p in problems
    )
    del document["organisations"][0]["rounds"][1]
    document["organisations"][0]["actions"] = document["organisations"][0]["actions"][:1]
    with pytest.raises(BackupProblems) as raised:
        import_backup(store, parse_backup(document))
    assert raised.value.problems == [
        "organisations[0].rounds[0].respondents[1].answers[0].answer: 'co-desgn' is not a rung, unsure or not_applicable",
        "organisations[0].rounds[0].respondents[2].perspective: 'visitor' is not one of the round's",
        "organisations[0].actions[0].round: there is no round 'Winter' in this organisation",
    ]
    # A clash with what is already there is refused whole, too.
    with pytest.raises(BackupProblems, match="nothing was imported") as raised:
        import_backup(store, parse_backup(export_backup(store)))
    assert "already in this database" in raised.value.problems[0]
    assert without_stamp(export_backup(store)) == before
    store.close()


def test_unreadable_backups_are_explained(tmp_path):
    path = tmp_path / "b.json"
    path.write_text('{"format": "coproduction-toolkit-backup", ')
    with pytest.raises(BackupProblems) as raised:
        read_backup(path)
    assert raised.value.problems[0].startswith("line 1, column ")
    path.write_text('{"format": "something-else"}')
    with pytest.raises(BackupProblems) as raised:
        read_backup(path)
    assert "not a toolkit backup" in raised.value.problems[0]
    path.write_text('{"format": "coproduction-toolkit-backup", "format_version": 9}')
    with pytest.raises(BackupProblems) as raised:
        read_backup(path)
    assert "format version 9" in raised.value.problems[0]
    with pytest.raises(BackupProblems) as raised:
        read_backup(tmp_path / "missing.json")
    assert raised.value.problems == ["there is no file here; check the path"]


def run_toolkit(args, url, **kwargs):
    env = {**os.environ, "TOOLKIT_DATABASE_URL": url}
    return subprocess.run(
        [TOOLKIT, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
        **kwargs,
    )


def test_cli_export_and_import(database_url, tmp_path):
    source_url = f"sqlite:///{tmp_path}/cli-source.db"
    store = Store(source_url)
    fill(store)
    store.close()
    out = tmp_path / "backup.json"
    result = run_toolkit(["export", "--out", str(out)], source_url)
    assert result.returncode == 0, result.stderr
    assert "1 organisations, 2 rounds, 5 respondents" in result.stdout
    result = run_toolkit(["import", str(out)], database_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Imported {out}")
    again = tmp_path / "again.json"
    assert run_toolkit(["export", "--out", str(again)], database_url).returncode == 0
    assert without_stamp(json.loads(again.read_text())) == without_stamp(
        json.loads(out.read_text())
    )
    # Importing the same file again clashes and changes nothing.
    result = run_toolkit(["import", str(out)], database_url)
    assert result.returncode == 1
    assert "already in this database" in result.stderr and "Traceback" not in result.stderr
    assert "nothing was imported" in result.stderr


def test_a_killed_import_leaves_the_database_as_it_was(database_url, tmp_path):
    source = Store(f"sqlite:///{tmp_path}/big-source.db")
    for n in range(12):
        fill(source, f"Organisation {n:02d}", people=12)
    big = tmp_path / "big.json"
    big.write_text(json.dumps(export_backup(source)))
    source.close()
    target = Store(database_url)
    fill(target, "Already here")
    before = without_stamp(export_backup(target))
    target.close()

    env = {**os.environ, "TOOLKIT_DATABASE_URL": database_url}
    process = subprocess.Popen(
        [TOOLKIT, "import", str(big)],
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    seen = []
    for line in process.stderr:  # wait until it has written rows inside its transaction
        seen.append(line)
        if "round 'Research 2026'" in line and len(seen) > 6:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    rest = process.stderr.read() + process.stdout.read()
    assert process.returncode == -signal.SIGKILL
    assert "Imported" not in rest, "the import finished before it could be killed"
    assert any("Organisation 01" in line for line in seen)

    after = Store(database_url)
    assert without_stamp(export_backup(after)) == before
    assert [o.name for o in after.organisations()] == ["Already here"]
    # And the database still works: the same import now succeeds whole.
    result = run_toolkit(["import", str(big)], database_url)
    assert result.returncode == 0, result.stderr
    assert len(after.organisations()) == 13
    after.close()


def test_cli_import_answers_all_or_nothing(database_url, tmp_path):
    store = Store(database_url)
    organisation = store.create_organisation("Org")
    round_ = store.create_round(organisation.id, MIR, "Spring")
    store.close()
    good = tmp_path / "good.csv"
    good.write_text(
        "respondent,perspective,statement,answer,note\n"
        "ann,carer,info-1,engagement,She helped write it\n"
        "ann,carer,info-2,unsure,\n"
        "bob,manager,info-1,co-design,\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "respondent,perspective,statement,answer,note\n"
        "cat,carer,info-1,engagement,\n"
        "cat,carer,info-77,engagement,\n"
        "dan,ghost,info-1,co-design,\n"
    )
    result = run_toolkit(["import-answers", "--round", str(round_.id), str(bad)], database_url)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{bad}:3: there is no statement 'info-77' in framework 'making-it-real' (did you mean 'info-5'?)",
        f"{bad}:4: 'ghost' is not a perspective; use one of person-drawing-on-care, carer, frontline-staff, manager, board-member, partner",
    ]
    result = run_toolkit(["import-answers", "--round", str(round_.id), str(good)], database_url)
    assert result.returncode == 0, result.stderr
    assert "Imported 3 answers from 2 people" in result.stdout
    result = run_toolkit(["import-answers", "--round", str(round_.id), str(good)], database_url)
    assert result.returncode == 1
    assert f"{good}:2: respondent 'ann' already has answers in this round" in result.stderr
    store = Store(database_url)
    people = store.respondents(round_.id)
    assert [(p.display_name, p.status) for p in people] == [
        ("ann", "submitted"),
        ("bob", "submitted"),
    ]
    assert store.answers(people[0].id)["info-1"].note == "She helped write it"
    assert store.scores(round_.id).respondents == 2
    store.close()
    result = run_toolkit(["import-answers", "--round", "999", str(good)], database_url)
    assert result.returncode == 1 and "no round with id 999" in result.stderr


def test_cli_reports_an_unreachable_database_plainly(tmp_path):
    result = run_toolkit(["rounds"], "postgresql://nobody@127.0.0.1:1/none")
    assert result.returncode == 1
    assert "The database cannot be reached" in result.stderr
    assert "Traceback" not in result.stderr


def test_python_dash_m_toolkit_runs():
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "validate" in result.stdout
    assert Path(TOOLKIT).exists()
