"""A bounded fuzz of the three readers of files people give the toolkit: framework files,
answers files and backups. Each valid file is mangled a few hundred ways (bytes flipped,
cut, repeated, and tokens that mean something to YAML, CSV or JSON put in); every reader must
answer with located, plain problems or a clean result: never an exception, never a hang."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.answer_file import read_answers
from toolkit.errors import Problem
from toolkit.framework import FRAMEWORKS_DIR, builtin_frameworks, builtin_perspectives, check_file
from toolkit.store import Store, StoreError
from toolkit.store.backup import Backup, BackupProblems, export_backup, import_backup, read_backup

MIR = builtin_frameworks()["making-it-real"]
PERSPECTIVES = builtin_perspectives()
FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # the same few hundred cases in every run: a failure always repeats
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

YAML_TOKENS = [
    b"!!python/object/apply:os.system ['true']",
    b"&a ",
    b"*a",
    b": ",
    b"- ",
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b"'",
    b"\t",
    b"\x00",
    b"\xef\xbb\xbf",
    b"%YAML 1.1\n",
    b"---\n",
    b"...\n",
    b"? ",
    b"|\n",
    b">\n",
    b"weight: .inf",
    b"1e999",
    b"\xff",
    b"\n  ",
]
CSV_TOKENS = [b'"', b",", b"\n", b"\r", b"\r\n", b"\x00", b"=1+1", b'""', b"\xff", b"\xef\xbb\xbf"]
JSON_TOKENS = [
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b",",
    b":",
    b"1e999",
    b"NaN",
    b"-",
    b"null",
    b"true",
    b"99999999999999999999999",
    b'"\\u0000"',
    b'"0001-01-01T00:00:00+05:00"',
    b"\xff",
]


@st.composite
def mangled(draw, seed: bytes, tokens: list[bytes]) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        where = draw(st.integers(min_value=0, max_value=len(data)))
        how = draw(st.sampled_from(["token", "byte", "delete", "cut", "repeat"]))
        if how == "token":
            data[where:where] = draw(st.sampled_from(tokens))
        elif how == "byte" and where < len(data):
            data[where] = draw(st.integers(min_value=0, max_value=255))
        elif how == "delete":
            data[where : where + draw(st.integers(min_value=1, max_value=40))] = b""
        elif how == "cut":
            del data[where:]
        elif how == "repeat":
            end = min(len(data), where + draw(st.integers(min_value=1, max_value=200)))
            data[where:where] = data[where:end]
    return bytes(data)


def written(data: bytes, name: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    path = folder / name
    path.write_bytes(data)
    return path


def assert_located(problems: list[Problem], display: str) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path == display and problem.line >= 1
        assert str(problem).startswith(f"{display}:{problem.line}")
        assert "Traceback" not in problem.message and "Error(" not in problem.message


FRAMEWORK_SEED = (FRAMEWORKS_DIR / "research-coproduction.yaml").read_bytes()


@pytest.mark.timeout(120)
@FUZZ
@given(mangled(FRAMEWORK_SEED, YAML_TOKENS))
def test_framework_files_mangled_give_located_problems_or_a_framework(data):
    model, problems = check_file(written(data, "framework.yaml"), "framework.yaml")
    assert (model is None) == bool(problems)
    assert_located(problems, "framework.yaml")


ANSWERS_SEED = (
    b"respondent,perspective,statement,answer,note\n"
    b'ann,carer,info-1,engagement,"She wrote, with us, ""the"" leaflet"\n'
    b"ann,carer,info-2,unsure,\n"
    b'bob,manager,info-1,co-design,"two\nlines"\n'
    b"bob,manager,info-3,not_applicable,=HYPERLINK(1)\n"
)


@pytest.mark.timeout(120)
@FUZZ
@given(mangled(ANSWERS_SEED, CSV_TOKENS))
def test_answers_files_mangled_give_located_problems_or_checked_rows(data):
    rows, problems = read_answers(written(data, "answers.csv"), MIR, PERSPECTIVES, "answers.csv")
    assert not (rows and problems)
    assert_located(problems, "answers.csv")
    for row in rows:
        assert row.row >= 2 and "\x00" not in row.note and len(row.note) <= 4000


@pytest.fixture(scope="module")
def backup_seed(tmp_path_factory) -> bytes:
    import json

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('seed')}/seed.db")
    organisation = store.create_organisation("Riverside Care")
    round_ = store.create_round(organisation.id, MIR, "Spring 2027")
    for n, perspective in enumerate(("carer", "manager")):
        person, _ = store.start_respondent(round_.id, perspective, f"P{n}")
        store.submit(person.id, {"info-1": ("co-design", "a note"), "info-2": ("unsure", "")})
    store.record_agreed_rung(round_.id, "info-1", "engagement", "We agreed", "Group")
    store.create_action(organisation.id, "Do it", round_id=round_.id, statement_id="info-1")
    document = export_backup(store)
    store.close()
    # A one-theme framework keeps each case quick; the shape is what is fuzzed.
    for round_data in document["organisations"][0]["rounds"]:
        round_data["framework"]["themes"] = round_data["framework"]["themes"][1:2]
    return json.dumps(document, indent=1).encode()


@pytest.mark.timeout(180)
def test_backups_mangled_give_problems_by_place_or_import_whole(backup_seed):
    outcomes = {"refused": 0, "read": 0}

    @settings(
        max_examples=300,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mangled(backup_seed, JSON_TOKENS))
    def check(data):
        try:
            backup = read_backup(written(data, "backup.json"))
        except BackupProblems as refused:
            assert refused.problems and all(isinstance(p, str) and p for p in refused.problems)
            assert not any("Traceback" in p or "[SQL" in p for p in refused.problems)
            outcomes["refused"] += 1
            return
        assert isinstance(backup, Backup)
        outcomes["read"] += 1
        store = Store("sqlite://")  # a backup that reads must import whole, or be refused
        try:
            import_backup(store, backup)
        except StoreError as error:
            assert "[SQL" not in str(error)
            assert store.organisations() == []
        finally:
            store.close()

    check()
    assert outcomes["refused"] > 50 and outcomes["read"] > 0, outcomes
