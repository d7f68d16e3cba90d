"""The `toolkit` command, run through its installed entry point as a person would run it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import TOOLKIT, run_toolkit

from toolkit.framework import FRAMEWORKS_DIR, builtin_frameworks

HEADER = "respondent,perspective,statement,answer,note\n"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TOOLKIT, *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_builtins_prints_one_ok_line_per_file():
    files = sorted(str(p) for p in FRAMEWORKS_DIR.rglob("*.yaml"))
    result = run("validate", *files)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(files) == 5
    for line, path in zip(lines, files, strict=True):
        assert line.startswith(f"{path}: OK")


def test_validate_reports_every_problem_as_path_line_column(tmp_path):
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "x.yaml").write_text(
        'id: x\ntitle: X\nversion: "1"\nsource: {title: S}\nladder: coproduction-ladder\n'
        "question: Q?\nthemes:\n  - id: info\n    title: Info\n    statements:\n"
        "      - {id: info-1, kind: I, text: t, easy_read: e}\n"
        "      - {id: info-1, kind: I, text: t, easy_read: e, wieght: 2}\n"
    )
    result = run("validate", "frameworks/x.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "frameworks/x.yaml:12:14: statement id 'info-1' is used twice (first at line 11)",
        "frameworks/x.yaml:12:54: statement 'info-1' has an unknown key 'wieght' "
        "(did you mean 'weight'?)",
    ]
    assert_no_traceback(result)


def test_validate_a_mix_of_good_and_bad_files_fails_but_names_the_good(tmp_path):
    good = FRAMEWORKS_DIR / "making-it-real.yaml"
    result = run("validate", str(good), str(tmp_path / "missing.yaml"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{good}: OK (framework 'making-it-real' version 2018.2: 6 themes, 30 statements)",
        f"{tmp_path / 'missing.yaml'}:1:1: there is no file here; check the path",
    ]


def test_validate_refuses_a_python_tag_without_running_it(tmp_path):
    marker = tmp_path / "ran"
    evil = tmp_path / "evil.yaml"
    evil.write_text(f"id: !!python/object/apply:os.system ['touch {marker}']\nthemes: []\n")
    result = run("validate", str(evil))
    assert result.returncode == 1
    assert "tag '!!python/object/apply:os.system' is not allowed" in result.stdout
    assert not marker.exists()
    assert_no_traceback(result)


def test_schema_is_json_schema():
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"id", "title", "version", "source", "ladder", "question", "themes"} <= set(
        schema["required"]
    )


def test_frameworks_lists_builtins_and_ladders():
    result = run("frameworks")
    assert result.returncode == 0
    for framework_id in builtin_frameworks():
        assert framework_id in result.stdout
    assert "coproduction-ladder" in result.stdout
    assert "Engagement → Co-design" in result.stdout


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.csv"
    path.write_text(
        "\ufeff"
        + HEADER
        + "ann,person-drawing-on-care,info-1,consultation,Nobody asked us\n"
        + "ann,person-drawing-on-care,info-2,unsure,\n"
        + "bea,manager,info-1,co-design,We co-wrote the leaflet\n"
        + "bea,manager,info-2,co-production,\n"
        + "bea,manager,info-3,not_applicable,\n",
        encoding="utf-8",
    )
    return path


def test_score_json_is_exactly_the_documented_shape(answers):
    result = run(
        "score", "--framework", "making-it-real", "--answers", str(answers), "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["framework"] == {"id": "making-it-real", "version": "2018.2"}
    assert data["respondents"] == 2
    info_1 = next(s for s in data["statements"] if s["id"] == "info-1")
    assert info_1["mean_position"] == (3 + 5) / 2
    assert info_1["spread"] == 1.0
    assert info_1["distribution"] == {
        "coercion": 0,
        "educating": 0,
        "informing": 0,
        "consultation": 1,
        "engagement": 0,
        "co-design": 1,
        "co-production": 0,
    }
    info_2 = next(s for s in data["statements"] if s["id"] == "info-2")
    assert (info_2["mean_position"], info_2["unsure"]) == (6, 1)
    info_theme = next(t for t in data["themes"] if t["id"] == "information-and-advice")
    assert info_theme["mean_position"] == (4 + 6) / 2
    assert info_theme["not_applicable"] == 1
    lived = {p["id"]: p for p in data["perspectives"]}
    assert lived["person-drawing-on-care"]["mean_position"] == 3
    assert lived["manager"]["mean_position"] == (5 + 6) / 2
    assert data["lived_experience_gap"] == 3 - 5.5
    wellbeing = next(t for t in data["themes"] if t["id"] == "wellbeing-and-independence")
    assert wellbeing["mean_position"] is None and wellbeing["journey_pct"] is None


def test_score_table_is_readable(answers):
    result = run("score", "--framework", "making-it-real", "--answers", str(answers))
    assert result.returncode == 0
    assert "2 people answered." in result.stdout
    assert "Information and advice" in result.stdout
    assert "rungs less co-production than staff and others" in result.stdout


def test_score_accepts_a_framework_file(answers):
    path = FRAMEWORKS_DIR / "making-it-real.yaml"
    result = run("score", "--framework", str(path), "--answers", str(answers), "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["respondents"] == 2


def test_score_bad_rows_print_file_row_and_no_figures(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "ann,carer,info-1,consultation,\n"
        + "ann,carer,info-42,consultation,\n"
        + "bob,visitor,info-1,maybe,\n"
    )
    result = run(
        "score", "--framework", "making-it-real", "--answers", str(path), "--format", "json"
    )
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{path}:3", f"{path}:4", f"{path}:4"]
    assert "there is no statement 'info-42'" in lines[0]
    assert_no_traceback(result)


def test_score_unknown_framework_is_explained(answers):
    result = run("score", "--framework", "making-it-reel", "--answers", str(answers))
    assert result.returncode == 1
    assert "did you mean 'making-it-real'" in result.stderr
    assert_no_traceback(result)


def test_score_missing_option_is_a_usage_error_not_a_traceback():
    result = run("score", "--framework", "making-it-real")
    assert result.returncode == 2
    assert "--answers" in result.stderr
    assert_no_traceback(result)


# --- Weights: finite, above 0 and at most 1000, refused where they are written ---------------

WEIGHTED = """\
id: weighted
title: Weighted
version: "1"
source: {title: S}
ladder: coproduction-ladder
question: Q?
themes:
  - id: info
    title: Info
    statements:
      - {id: info-1, kind: I, text: t, easy_read: e, weight: WEIGHT_ONE}
      - {id: info-2, kind: I, text: t, easy_read: e, weight: WEIGHT_TWO}
"""


def weighted(tmp_path: Path, one: str, two: str = "1") -> Path:
    path = tmp_path / "weighted.yaml"
    path.write_text(WEIGHTED.replace("WEIGHT_ONE", one).replace("WEIGHT_TWO", two))
    return path


@pytest.mark.parametrize(
    ("weight", "shown"),
    [
        (".inf", "inf"),
        ("-.inf", "-inf"),
        (".nan", "nan"),
        ("1.0e+308", "1e+308"),
        ("1000.0001", "1000.0001"),
        ("0", "0"),
        ("123456789012345678901234567890", "a number of 30 digits"),
    ],
)
def test_validate_refuses_weights_that_are_not_finite_or_out_of_range(tmp_path, weight, shown):
    result = run("validate", str(weighted(tmp_path, weight)))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'weighted.yaml'}:11:62: 'weight' of statement 'info-1' must be a number "
        f"greater than 0 and at most 1000, not {shown}"
    ]


def test_a_weight_of_exactly_1000_is_allowed_and_scores_as_strict_json(tmp_path):
    path = weighted(tmp_path, "1000", "1000")
    assert run("validate", str(path)).returncode == 0
    answers = tmp_path / "answers.csv"
    answers.write_text(
        HEADER + "ann,carer,info-1,consultation,\n" + "ann,carer,info-2,co-design,\n"
    )
    result = run("score", "--framework", str(path), "--answers", str(answers), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "NaN" not in result.stdout and "Infinity" not in result.stdout
    figures = json.loads(result.stdout)["overall"]
    assert figures["mean_position"] == 4.0  # (3 x 1000 + 5 x 1000) / 2000
    assert figures["journey_pct"] == 0.0  # halfway between consultation and co-design: engagement


def test_score_json_says_null_for_undefined_figures(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text(HEADER + "ann,carer,info-1,unsure,\n")
    result = run(
        "score", "--framework", "making-it-real", "--answers", str(answers), "--format", "json"
    )
    assert result.returncode == 0
    assert '"mean_position": null' in result.stdout and "NaN" not in result.stdout
    assert json.loads(result.stdout)["overall"]["journey_pct"] is None


# --- Files: only regular files are read ------------------------------------------------------


def test_validate_and_score_refuse_devices_and_pipes_at_once(tmp_path):
    fifo = tmp_path / "waiting.yaml"
    os.mkfifo(fifo)
    result = run("validate", "/dev/zero", str(fifo))
    assert result.returncode == 1
    refused = "this is not a file saved on disk (it is a device, a pipe or a socket), so it is not read; name a file instead"
    assert result.stdout.splitlines() == [f"/dev/zero:1:1: {refused}", f"{fifo}:1:1: {refused}"]
    result = run("score", "--framework", "making-it-real", "--answers", "/dev/zero")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"/dev/zero:1: {refused}"]


def test_score_refuses_an_unclosed_quote_and_prints_no_figures(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text(
        HEADER
        + 'r1,carer,info-1,engagement,"she said ""hi\n'
        + "r2,carer,info-1,engagement,\nr3,carer,info-1,engagement,\nr4,carer,info-1,engagement,\n"
    )
    result = run("score", "--framework", "making-it-real", "--answers", str(answers))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(f"{answers}:2: a field in this row opens a quote")
    assert_no_traceback(result)


# --- The database commands: plain words and exit 1 when a file or the database is in the way --


def test_export_into_a_folder_that_does_not_exist_says_it_cannot_write_the_file(tmp_path):
    out = tmp_path / "missing" / "backup.json"
    result = run_toolkit(["export", "--out", str(out)], f"sqlite:///{tmp_path}/toolkit.db")
    assert result.returncode == 1
    assert result.stderr == f"{out}: cannot write the file (No such file or directory).\n"
    assert result.stdout == ""
    assert not out.parent.exists()


def test_import_answers_while_another_change_holds_the_database_says_busy(tmp_path, monkeypatch):
    from toolkit.store import Store

    url = f"sqlite:///{tmp_path}/toolkit.db"
    store = Store(url)
    organisation = store.create_organisation("Riverside Care")
    round_ = store.create_round(organisation.id, builtin_frameworks()["making-it-real"], "Spring")
    store.close()
    answers = tmp_path / "answers.csv"
    answers.write_text(HEADER + "ann,carer,info-1,co-design,\n")
    monkeypatch.setenv("TOOLKIT_BUSY_TIMEOUT", "0.2")
    holder = sqlite3.connect(tmp_path / "toolkit.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another change, such as a long import, is writing
    try:
        result = run_toolkit(["import-answers", "--round", str(round_.id), str(answers)], url)
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 1
    assert result.stderr == (
        "The database is busy: someone is importing answers or making other changes. Try again "
        "in a moment; nothing already saved has been lost.\n"
    )
    assert_no_traceback(result)
    store = Store(url)
    assert store.respondents(round_.id) == []
    store.close()
