"""`toolkit score --round ID`: a stored round scored through the service layer, with exactly
the JSON `toolkit score --answers` prints for the same answers."""

from __future__ import annotations

import json

import pytest
from conftest import run_toolkit

ANSWERS = (
    "respondent,perspective,statement,answer,note\n"
    "ann,person-drawing-on-care,info-1,consultation,Nobody asked us\n"
    "ann,person-drawing-on-care,info-2,unsure,\n"
    "bea,manager,info-1,co-design,We co-wrote the leaflet\n"
    "bea,manager,info-2,co-production,\n"
    "bea,manager,info-3,not_applicable,\n"
)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory):
    """A database with one round holding the answers above: (url, round id, file)."""
    tmp_path = tmp_path_factory.mktemp("score_round")
    url = f"sqlite:///{tmp_path}/toolkit.db"
    answers = tmp_path / "answers.csv"
    answers.write_text(ANSWERS, encoding="utf-8")
    started = run_toolkit(
        [
            "new-round",
            "--organisation",
            "Scored Care",
            "--framework",
            "making-it-real",
            "--title",
            "Spring 2027",
        ],
        url,
    )
    assert started.returncode == 0, started.stderr
    round_id = started.stdout.strip().splitlines()[-1]
    imported = run_toolkit(["import-answers", str(answers), "--round", round_id], url)
    assert imported.returncode == 0, imported.stderr
    return url, round_id, answers


def test_score_round_json_is_exactly_that_of_the_same_answers_file(stored):
    url, round_id, answers = stored
    from_round = run_toolkit(["score", "--round", round_id, "--format", "json"], url)
    from_file = run_toolkit(
        ["score", "--framework", "making-it-real", "--answers", str(answers), "--format", "json"],
        url,
    )
    assert from_round.returncode == 0, from_round.stderr
    assert from_file.returncode == 0, from_file.stderr
    assert from_round.stdout == from_file.stdout
    data = json.loads(from_round.stdout)
    # Worked out by hand: info-1 (consultation 3, co-design 5) averages 4.0, info-2 (one
    # co-production, 6) 6.0; overall (4 + 6) / 2 = 5.0 of 6 rungs; engagement (4) to co-design
    # (5) makes 5.0 100% of the journey; 2 of 3 placed answers are doing with; the lived side
    # (3.0) minus the others (5.5) is -2.5.
    assert data["framework"] == {"id": "making-it-real", "version": "2018.2"}
    assert data["respondents"] == 2
    overall = data["overall"]
    assert overall["mean_position"] == 5.0
    assert overall["maturity_pct"] == pytest.approx(500 / 6, abs=1e-12)
    assert overall["journey_pct"] == 100.0
    assert overall["doing_with_share"] == pytest.approx(2 / 3, abs=1e-12)
    assert (overall["answered"], overall["unsure"], overall["not_applicable"]) == (3, 1, 1)
    assert data["lived_experience_gap"] == -2.5
    statements = {s["id"]: s for s in data["statements"]}
    assert statements["info-1"]["mean_position"] == 4.0
    assert statements["info-1"]["spread"] == 1.0
    assert statements["info-2"]["mean_position"] == 6.0
    assert statements["info-3"]["mean_position"] is None


def test_score_round_table_names_the_round_and_its_figures(stored):
    url, round_id, _ = stored
    result = run_toolkit(["score", "--round", round_id], url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Scored Care: Spring 2027"
    assert "2 people answered." in result.stdout
    assert "Overall: 100% of the way from engagement to co-design." in result.stdout
    assert "Person who draws on care and support" in result.stdout


def test_score_round_refuses_a_round_that_is_not_there_in_plain_words(stored):
    url, _, _ = stored
    result = run_toolkit(["score", "--round", "999", "--format", "json"], url)
    assert result.returncode == 1
    assert result.stderr.strip() == "There is no round with id 999."
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_score_takes_a_round_or_a_file_not_both_nor_neither(stored):
    url, round_id, answers = stored
    both = run_toolkit(["score", "--round", round_id, "--answers", str(answers)], url)
    assert both.returncode == 2
    assert "either --round, or --framework with --answers" in both.stderr
    neither = run_toolkit(["score"], url)
    assert neither.returncode == 2
    assert "--answers" in neither.stderr and "--round" in neither.stderr
    assert "Traceback" not in both.stderr + neither.stderr
