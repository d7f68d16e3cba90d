"""The demo organisation, loaded through the public storage API on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import comparison_of, scores_of

from toolkit.demo import DEMO_NAME, load_demo, months_before, season_title
from toolkit.framework import builtin_perspectives
from toolkit.store import ACTION_STATUSES, Store

TODAY = dt.date(2026, 9, 15)
LIVED = {p.id for p in builtin_perspectives() if p.lived_experience}
ALL_PERSPECTIVES = {p.id for p in builtin_perspectives()}


@pytest.fixture
def demo(store):
    return load_demo(store, TODAY)


def test_the_demo_organisation_is_named_and_findable(store, demo):
    assert demo.name == DEMO_NAME
    assert store.organisation_named(DEMO_NAME) == demo


def test_three_rounds_of_making_it_real_over_eighteen_months(store, demo):
    rounds = store.rounds(demo.id)
    assert [r.title for r in rounds] == ["Spring 2025", "Winter 2025/26", "Summer 2026"]
    assert [r.opened_on for r in rounds] == [
        dt.date(2025, 3, 15),
        dt.date(2025, 12, 15),
        dt.date(2026, 8, 15),
    ]
    assert all(r.framework_id == "making-it-real" for r in rounds)
    assert [r.status for r in rounds] == ["closed", "closed", "open"]
    span = (TODAY - rounds[0].opened_on).days
    assert 530 <= span <= 560
    assert rounds[-1].opened_on < TODAY


@pytest.mark.parametrize(
    ("day", "title"),
    [
        (dt.date(2025, 3, 1), "Spring 2025"),
        (dt.date(2025, 5, 31), "Spring 2025"),
        (dt.date(2025, 6, 1), "Summer 2025"),
        (dt.date(2025, 9, 30), "Autumn 2025"),
        (dt.date(2025, 11, 30), "Autumn 2025"),
        (dt.date(2025, 12, 1), "Winter 2025/26"),
        (dt.date(2026, 1, 15), "Winter 2025/26"),
        (dt.date(2026, 2, 28), "Winter 2025/26"),
        (dt.date(2000, 1, 1), "Winter 1999/00"),
    ],
)
def test_round_titles_follow_the_opening_date(day, title):
    assert season_title(day) == title


def test_months_before_keeps_the_day_or_uses_the_last_of_a_shorter_month():
    assert months_before(dt.date(2026, 9, 15), 18) == dt.date(2025, 3, 15)
    assert months_before(dt.date(2026, 1, 31), 1) == dt.date(2025, 12, 31)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2028, 8, 29), 6) == dt.date(2028, 2, 29)


@pytest.mark.parametrize("today", [dt.date(2027, 1, 31), dt.date(2028, 2, 29)])
def test_rounds_fit_any_today(tmp_path, today):
    store = Store(f"sqlite:///{tmp_path}/other.db")
    try:
        organisation = load_demo(store, today)
        rounds = store.rounds(organisation.id)
        titles = [r.title for r in rounds]
        assert titles == [season_title(r.opened_on) for r in rounds]
        assert len(set(titles)) == 3
        assert rounds[0].opened_on == months_before(today, 18)
        assert [r.opened_on for r in rounds] == sorted(r.opened_on for r in rounds)
        assert rounds[-1].opened_on < today
        for round_ in rounds:
            for agreed in store.agreed_rungs(round_.id).values():
                assert round_.opened_on <= agreed.decided_at.date() <= today
        assert store.action_summary(organisation.id, today).overdue >= 1
    finally:
        store.close()


def test_every_round_has_enough_submitted_respondents_from_every_perspective(store, demo):
    rounds = store.rounds(demo.id)
    for round_ in rounds:
        submitted = store.respondents(round_.id, "submitted")
        assert len(submitted) >= 12
        assert round_.submitted == len(submitted)
        perspectives = [r.perspective for r in submitted]
        assert set(perspectives) == ALL_PERSPECTIVES
        for lived in LIVED:
            assert perspectives.count(lived) >= 2
        staff = perspectives.count("frontline-staff")
        assert all(staff >= perspectives.count(p) for p in ALL_PERSPECTIVES)
        names = [r.display_name for r in submitted if r.display_name]
        assert 1 <= len(names) <= 3
        assert scores_of(store, round_.id).respondents == len(submitted)
    assert [r.drafts for r in rounds[:2]] == [0, 0]
    assert 1 <= rounds[-1].drafts <= 2
    drafts = store.respondents(rounds[-1].id, "draft")
    assert all(store.answers(d.id) for d in drafts)


def test_practice_moves_up_but_planning_for_change_slips_back(store, demo):
    first, middle, last = store.rounds(demo.id)
    journeys = [scores_of(store, r.id).overall.journey_pct for r in (first, middle, last)]
    assert journeys[0] < journeys[1] < journeys[2]
    assert journeys[0] < 0 < journeys[2] < 100

    whole = {t.id: t.change for t in comparison_of(store, first.id, last.id).themes}
    assert sum(change > 0 for change in whole.values()) >= 5

    latest = comparison_of(store, middle.id, last.id)
    down = [t.id for t in latest.themes if t.change < 0]
    assert down == ["when-things-need-to-change"]
    assert latest.overall_change > 0


def test_people_with_lived_experience_see_less_co_production_than_staff(store, demo):
    for round_ in store.rounds(demo.id):
        gap = scores_of(store, round_.id).lived_experience_gap
        assert gap is not None
        assert -1.2 < gap < -0.4


def test_answers_are_untidy_the_way_real_answers_are(store, demo):
    for round_ in store.rounds(demo.id):
        scores = scores_of(store, round_.id)
        overall = scores.overall
        assert overall.unsure > 0
        assert overall.not_applicable > 0
        given = overall.answered + overall.unsure + overall.not_applicable
        assert given < scores.respondents * len(scores.statements)  # some skipped
        disagreed = [s.id for s in scores.statements if s.spread is not None and s.spread >= 1]
        assert 1 <= len(disagreed) <= 10
        governance = {"board-member", "partner"}
        not_applicable = unsure = 0
        notes = total = 0
        for respondent in store.respondents(round_.id, "submitted"):
            answers = store.answers(respondent.id).values()
            total += len(answers)
            notes += sum(bool(a.note) for a in answers)
            if respondent.perspective in governance:
                not_applicable += sum(a.answer == "not_applicable" for a in answers)
                unsure += sum(a.answer == "unsure" for a in answers)
        assert not_applicable > 0 and unsure > 0
        assert 0.12 <= notes / total <= 0.3


def test_the_wording_is_plain_and_respectful(store, demo):
    words = []
    for round_ in store.rounds(demo.id):
        for respondent in store.respondents(round_.id):
            words += [a.note for a in store.answers(respondent.id).values()]
        words += [a.reason for a in store.agreed_rungs(round_.id).values()]
    words += [a.text for a in store.actions(demo.id)]
    text = " ".join(words).lower()
    assert "people who draw on care and support" in text
    assert "service user" not in text
    assert len({w for w in words if w}) >= 60


def test_agreed_rungs_have_reasons_and_fall_within_their_round(store, demo):
    rounds = store.rounds(demo.id)
    framework = store.round_framework(rounds[0].id)
    for index, round_ in enumerate(rounds):
        agreed = store.agreed_rungs(round_.id)
        assert 4 <= len(agreed) <= 8
        scores = scores_of(store, round_.id)
        ends = rounds[index + 1].opened_on if index + 1 < len(rounds) else TODAY
        disputed = 0
        for statement_id, decision in agreed.items():
            assert decision.rung in framework.ladder.rung_ids
            assert len(decision.reason) > 40
            assert decision.decided_by
            assert str(decision.decided_at.year) in decision.decided_by
            assert round_.opened_on <= decision.decided_at.date() <= ends
            statement = scores.statement(statement_id)
            assert abs(framework.ladder.position(decision.rung) - statement.mean_position) < 2
            disputed += statement.spread >= 1
        assert disputed >= 1


def test_actions_cover_every_status_and_one_is_overdue(store, demo):
    actions = store.actions(demo.id)
    assert 8 <= len(actions) <= 12
    summary = store.action_summary(demo.id, TODAY)
    for status in ACTION_STATUSES:
        assert getattr(summary, status) >= 1
    assert summary.overdue >= 1
    round_ids = {r.id for r in store.rounds(demo.id)}
    for action in actions:
        assert action.round_id in round_ids
        assert action.statement_id or action.theme_id
        assert action.owner
        assert action.due_on is not None
    assert {a.round_id for a in actions} == round_ids


def counts(store: Store) -> dict[str, object]:
    rounds = store.rounds()
    return {
        "organisations": [o.name for o in store.organisations()],
        "rounds": [(r.title, r.submitted, r.drafts) for r in rounds],
        "agreed": [len(store.agreed_rungs(r.id)) for r in rounds],
        "actions": [len(store.actions(o.id)) for o in store.organisations()],
    }


def test_loading_twice_adds_nothing(store, demo):
    before = counts(store)
    again = load_demo(store, TODAY)
    assert again == demo
    assert counts(store) == before
    assert load_demo(store).id == demo.id  # whatever today is


def test_the_same_today_gives_the_same_figures(store, demo, tmp_path):
    other = Store(f"sqlite:///{tmp_path}/other.db")
    try:
        twin = load_demo(other, TODAY)

        def picture(s: Store, organisation_id: int) -> str:
            rounds = s.rounds(organisation_id)
            return json.dumps(
                {
                    "rounds": [(r.title, r.opened_on.isoformat(), r.status) for r in rounds],
                    "scores": [scores_of(s, r.id).to_json() for r in rounds],
                    "agreed": [
                        [
                            (k, a.rung, a.reason, a.decided_by)
                            for k, a in s.agreed_rungs(r.id).items()
                        ]
                        for r in rounds
                    ],
                    "notes": [
                        [
                            sorted((k, a.answer, a.note) for k, a in s.answers(p.id).items())
                            for p in s.respondents(r.id)
                        ]
                        for r in rounds
                    ],
                    "actions": [
                        (a.text, a.owner, a.status, str(a.due_on))
                        for a in s.actions(organisation_id)
                    ],
                },
                sort_keys=True,
            )

        assert picture(store, demo.id) == picture(other, twin.id)
    finally:
        other.close()
