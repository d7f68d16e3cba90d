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
from conftest import TOOLKIT, run_toolkit, scores_of

from toolkit.framework import FRAMEWORKS_DIR, builtin_frameworks, check_text
from toolkit.store import Store
from toolkit.store import models as m
from toolkit.store.backup import (
    BackupProblems,
    export_backup,
    import_backup,
    parse_backup,
    read_backup,
    write_backup,
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
    assert scores_of(target, target.rounds()[0].id) == scores_of(source, source.rounds()[0].id)
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
    assert scores_of(store, round_.id).respondents == 2
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


# --- Checked whole before anything is written, each problem named by its place ---------------


@pytest.fixture(scope="module")
def good_document(tmp_path_factory):
    source = Store(f"sqlite:///{tmp_path_factory.mktemp('good')}/good.db")
    fill(source)
    document = export_backup(source)
    source.close()
    return document


@pytest.fixture
def document(good_document):
    return copy.deepcopy(good_document)


def problems_in(document) -> list[str]:
    with pytest.raises(BackupProblems) as raised:
        parse_backup(json.loads(json.dumps(document)))
    return raised.value.problems


@pytest.mark.parametrize(
    ("version", "said"),
    [
        (True, "format_version: should be the whole number 1, not true"),
        (1.0, "format_version: should be the whole number 1, not 1.0"),
        ("1", 'format_version: should be the whole number 1, not "1"'),
        (None, "format_version: should be the whole number 1, not null"),
        (0, "format_version: should be the whole number 1, not 0"),
        (
            2,
            "this backup is format version 2; this toolkit reads version 1. Update the toolkit, "
            "then try again",
        ),
    ],
)
def test_format_version_must_be_the_integer_1(document, version, said):
    document["format_version"] = version
    assert problems_in(document) == [said]


def test_a_missing_format_version_is_named(document):
    del document["format_version"]
    assert problems_in(document) == [
        "format_version: the backup does not say its format version (1)"
    ]


def test_a_perspective_listed_twice_in_a_round_is_refused(document):
    perspectives = document["organisations"][0]["rounds"][0]["perspectives"]
    perspectives.append(dict(perspectives[1]))
    assert problems_in(document) == [
        f"organisations[0].rounds[0].perspectives[{len(perspectives) - 1}].id: the perspective "
        f"'{perspectives[1]['id']}' appears twice"
    ]


@pytest.mark.parametrize(
    "stamp",
    ["0001-01-01T00:00:00+05:00", "1969-12-31T23:59:59Z", "9999-12-31T23:30:00-01:00"],
)
def test_timestamps_outside_1970_to_9999_in_utc_are_refused(document, stamp):
    document["organisations"][0]["rounds"][0]["respondents"][0]["created_at"] = stamp
    assert problems_in(document) == [
        "organisations[0].rounds[0].respondents[0].created_at: is outside the years 1970 to "
        "9999 (in UTC)"
    ]


def test_timestamps_at_the_edges_of_1970_and_9999_import_on_both_databases(database_url, document):
    person = document["organisations"][0]["rounds"][0]["respondents"][0]
    person["created_at"] = "1970-01-01T00:00:00Z"
    person["updated_at"] = "9999-12-31T23:59:59Z"
    document["organisations"][0]["actions"][0]["due_on"] = "9999-12-31"
    store = Store(database_url)
    import_backup(store, parse_backup(document))
    people = store.respondents(store.rounds()[0].id)
    assert people[0].created_at == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    assert people[0].updated_at == dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
    store.close()


def test_dates_outside_1970_to_9999_are_refused(document):
    document["organisations"][0]["actions"][0]["due_on"] = "1969-12-31"
    assert problems_in(document) == [
        "organisations[0].actions[0].due_on: is outside the years 1970 to 9999"
    ]


def test_numbers_beyond_64_bits_are_refused_by_place(document):
    document["organisations"][0]["rounds"][1]["workshops"][0]["minimum_group_size"] = 2**64
    document["organisations"][0]["rounds"][0]["framework"]["themes"][0]["statements"][0][
        "weight"
    ] = -(2**63) - 1
    assert problems_in(document) == [
        "organisations[0].rounds[0].framework.themes[0].statements[0].weight: this number is too "
        "large (more than 64 bits)",
        "organisations[0].rounds[1].workshops[0].minimum_group_size: this number is too large "
        "(more than 64 bits)",
    ]


def test_a_minimum_group_size_over_1000_is_refused(document):
    document["organisations"][0]["rounds"][1]["workshops"][0]["minimum_group_size"] = 1001
    assert problems_in(document) == [
        "organisations[0].rounds[1].workshops[0].minimum_group_size: input should be less than "
        "or equal to 1000"
    ]


def test_lengths_and_nul_characters_are_refused_by_place(document):
    organisation = document["organisations"][0]
    organisation["name"] = "n" * 201
    person = organisation["rounds"][0]["respondents"][1]
    person["display_name"] = "Sam\x00"
    person["answers"][0]["note"] = "x" * 4001
    organisation["actions"][0]["owner"] = "o" * 201
    assert problems_in(document) == [
        "organisations[0].name: string should have at most 200 characters",
        "organisations[0].rounds[0].respondents[1].display_name: holds a NUL character (code 0), "
        "which cannot be stored",
        "organisations[0].rounds[0].respondents[1].answers[0].note: string should have at most "
        "4000 characters",
        "organisations[0].actions[0].owner: string should have at most 200 characters",
    ]


def test_text_at_the_limits_round_trips_on_both_databases(database_url, document):
    organisation = document["organisations"][0]
    organisation["name"] = "n" * 200
    organisation["rounds"][0]["respondents"][1]["answers"][0]["note"] = "x" * 4000
    organisation["actions"][0]["text"] = "a" * 4000
    store = Store(database_url)
    import_backup(store, parse_backup(document))
    assert without_stamp(export_backup(store)) == without_stamp(document)
    store.close()


def test_one_person_answering_a_statement_twice_is_refused(document):
    answers = document["organisations"][0]["rounds"][0]["respondents"][0]["answers"]
    answers.append(dict(answers[0]))
    assert problems_in(document) == [
        f"organisations[0].rounds[0].respondents[0].answers[{len(answers) - 1}].statement: "
        f"'{answers[0]['statement']}' is answered twice"
    ]


def test_two_people_sharing_a_resume_token_is_refused(document):
    people = document["organisations"][0]["rounds"][0]["respondents"]
    people[2]["resume_token_hash"] = people[0]["resume_token_hash"]
    assert problems_in(document) == [
        "organisations[0].rounds[0].respondents[2].resume_token_hash: the same resume token "
        "appears twice"
    ]


def test_a_name_used_twice_in_a_round_is_refused(document):
    people = document["organisations"][0]["rounds"][0]["respondents"]
    people[2]["display_name"] = people[1]["display_name"]
    assert problems_in(document) == [
        f"organisations[0].rounds[0].respondents[2].display_name: the name "
        f"'{people[1]['display_name']}' is used twice in this round"
    ]


def test_an_action_about_an_unknown_statement_or_theme_is_refused(document):
    actions = document["organisations"][0]["actions"]
    actions[0]["statement"] = "info-99"
    actions[1]["theme"] = "nowhere"
    assert problems_in(document) == [
        "organisations[0].actions[0].statement: 'info-99' is not in that round's framework",
        "organisations[0].actions[1].theme: 'nowhere' is not in that round's framework",
    ]


def test_an_organisation_keeps_its_minimum_group_size(database_url, document):
    document["organisations"][0]["minimum_group_size"] = 7
    store = Store(database_url)
    import_backup(store, parse_backup(document))
    assert store.organisations()[0].minimum_group_size == 7
    assert export_backup(store)["organisations"][0]["minimum_group_size"] == 7
    store.close()


def test_a_backup_from_before_minimum_group_sizes_reads_as_3(document):
    del document["organisations"][0]["minimum_group_size"]
    assert parse_backup(document).organisations[0].minimum_group_size == 3


def test_export_keeps_the_order_organisations_were_added_in(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/order.db")
    for name in ("Zeta Care", "Alpha Care", "Mid Care"):
        store.create_organisation(name)
    document = export_backup(store)
    assert [o["name"] for o in document["organisations"]] == ["Zeta Care", "Alpha Care", "Mid Care"]
    again = Store(f"sqlite:///{tmp_path}/again.db")
    import_backup(again, parse_backup(document))
    assert without_stamp(export_backup(again)) == without_stamp(document)
    store.close()
    again.close()


# --- Files: written for their owner only; read only if regular, and bounded ------------------


def test_a_backup_file_is_readable_by_its_owner_only(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/b.db")
    fill(store, people=1)
    out = tmp_path / "backup.json"
    out.write_text("old")
    out.chmod(0o644)
    write_backup(store, out)
    assert out.stat().st_mode & 0o777 == 0o600
    assert json.loads(out.read_text())["format"] == "coproduction-toolkit-backup"
    assert not (tmp_path / "backup.json.partial").exists()
    store.close()


def test_cli_export_writes_mode_0600(database_url, tmp_path):
    out = tmp_path / "cli.json"
    result = run_toolkit(["export", "--out", str(out)], database_url)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_mode & 0o777 == 0o600


def test_only_regular_files_are_read_and_never_past_the_limit(tmp_path, monkeypatch):
    fifo = tmp_path / "backup.json"
    os.mkfifo(fifo)
    refused = (
        "this is not a file saved on disk (it is a device, a pipe or a socket), so it is not "
        "read; name a file instead"
    )
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(BackupProblems) as raised:
            read_backup(path)
        assert raised.value.problems == [refused]
    big = tmp_path / "big.json"
    big.write_text(" " * 1001)
    monkeypatch.setattr("toolkit.store.backup.MAX_BACKUP_BYTES", 1000)
    with pytest.raises(BackupProblems) as raised:
        read_backup(big)
    assert raised.value.problems == [
        "the file is 1,001 bytes; files over 1,000 bytes are refused to keep the toolkit safe; "
        "split it or remove what is not needed"
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[NaN]", "this is not a backup the toolkit can read: 'NaN' is not a number JSON allows"),
        (
            '{"x": Infinity}',
            "this is not a backup the toolkit can read: 'Infinity' is not a number JSON allows",
        ),
        (
            "1" * 5000,
            "this is not a backup the toolkit can read: a number is thousands of digits long",
        ),
        ("[" * 100_000, "the JSON is nested far deeper than any backup"),
    ],
)
def test_json_that_is_not_plain_data_is_refused_plainly(tmp_path, text, said):
    path = tmp_path / "b.json"
    path.write_text(text)
    with pytest.raises(BackupProblems) as raised:
        read_backup(path)
    assert raised.value.problems == [said]


# --- Added by the mutation audit (tests/test_files.py and friends, /tmp/mut2) -----------------


@pytest.mark.parametrize(
    ("size", "said"),
    [
        (2, "input should be greater than or equal to 3"),
        (1001, "input should be less than or equal to 1000"),
        (2**63 - 1, "input should be less than or equal to 1000"),
        (2**63, "this number is too large (more than 64 bits)"),
    ],
)
def test_an_organisations_minimum_group_size_is_from_3_to_1000_and_64_bits_at_most(
    document, size, said
):
    document["organisations"][0]["minimum_group_size"] = size
    assert problems_in(document) == [f"organisations[0].minimum_group_size: {said}"]
    document["organisations"][0]["minimum_group_size"] = 3
    assert parse_backup(json.loads(json.dumps(document))).organisations[0].minimum_group_size == 3


def test_an_export_replaces_a_partial_file_an_interrupted_export_left(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/b.db")
    out = tmp_path / "backup.json"
    partial = tmp_path / "backup.json.partial"
    partial.write_text("half a backup")
    partial.chmod(0o644)
    assert write_backup(store, out)["organisations"] == 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert json.loads(out.read_text())["organisations"] == []
    assert not partial.exists()
    store.close()


def test_a_round_title_used_twice_in_an_organisation_is_refused(document):
    organisation = document["organisations"][0]
    organisation["actions"] = []  # they name their round by title
    organisation["rounds"][1]["title"] = "Spring 2026"
    assert problems_in(document) == [
        "organisations[0].rounds[1].title: the round title 'Spring 2026' appears twice"
    ]
