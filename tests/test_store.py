"""The storage API on SQLite and on a real PostgreSQL server: every test runs on both."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from conftest import comparison_of, scores_of
from sqlalchemy import event, inspect

from toolkit.framework import (
    FRAMEWORKS_DIR,
    builtin_frameworks,
    builtin_perspectives,
    check_text,
    load_framework,
)
from toolkit.scoring import Answer, Responses, score
from toolkit.store import AlreadySubmitted, NotFound, Store, StoreError
from toolkit.store.database import is_up_to_date
from toolkit.store.models import Base

MIR = builtin_frameworks()["making-it-real"]
SCIE = builtin_frameworks()["scie-whole-system"]


@pytest.fixture
def round_(store):
    organisation = store.create_organisation("Riverside Care")
    return store.create_round(organisation.id, MIR, "Spring 2027", opened_on=dt.date(2027, 3, 1))


def answers_for(framework, offset=0):
    rungs = framework.ladder.rung_ids
    return {
        s.id: (rungs[(i + offset) % len(rungs)], f"note {i}")
        for i, s in enumerate(framework.statements)
    }


# --- Schema ------------------------------------------------------------------------------


def test_migrations_bring_an_empty_database_to_head_matching_the_models(database_url):
    store = Store(database_url)
    assert is_up_to_date(store.engine)
    tables = set(inspect(store.engine).get_table_names())
    assert {
        "organisation",
        "round",
        "respondent",
        "answer",
        "agreed_rung",
        "action",
        "workshop",
    } <= tables
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    Store(database_url).close()  # a second start finds the schema current and changes nothing
    store.close()


# --- Organisations and rounds -----------------------------------------------------------


def test_organisations_have_unique_names(store):
    first = store.create_organisation("Riverside Care")
    assert store.organisations() == [first]
    assert store.organisation_named("Riverside Care") == first
    with pytest.raises(StoreError, match="already an organisation called 'Riverside Care'"):
        store.create_organisation("Riverside Care")
    with pytest.raises(StoreError, match="needs a name"):
        store.create_organisation("   ")
    with pytest.raises(NotFound):
        store.organisation(999)


def test_rounds_keep_their_framework_snapshot(store, tmp_path):
    path = tmp_path / "ours.yaml"
    path.write_text((FRAMEWORKS_DIR / "scie-whole-system.yaml").read_text())
    framework = load_framework(path)
    organisation = store.create_organisation("Org")
    round_ = store.create_round(organisation.id, framework, "Autumn")
    person, _ = store.start_respondent(round_.id, "carer")
    store.submit(person.id, answers_for(framework))
    before = scores_of(store, round_.id)
    # Edit the file afterwards: a statement is renamed and another weighs more.
    edited = path.read_text().replace("id: culture-1", "id: culture-renamed")
    edited = edited.replace("id: culture-2\n", "id: culture-2\n        weight: 5\n")
    path.write_text(edited)
    assert load_framework(path).statements[0].id == "culture-renamed"
    assert store.round_framework(round_.id) == framework
    assert scores_of(store, round_.id) == before


def test_round_listing_and_status(store, round_):
    assert [r.title for r in store.rounds()] == ["Spring 2027"]
    assert round_.framework_id == "making-it-real" and round_.is_open
    assert round_.organisation_name == "Riverside Care"
    closed = store.set_round_status(round_.id, "closed")
    assert closed.status == "closed" and closed.closed_on == dt.date.today()
    with pytest.raises(StoreError, match="closed"):
        store.start_respondent(round_.id, "carer")
    assert store.set_round_status(round_.id, "open").closed_on is None
    with pytest.raises(StoreError, match="already has a round called"):
        store.create_round(round_.organisation_id, MIR, "Spring 2027")
    with pytest.raises(StoreError, match="not a round status"):
        store.set_round_status(round_.id, "paused")


# --- Respondents and answers ------------------------------------------------------------


def test_autosave_resume_and_submit(store, round_):
    person, token = store.start_respondent(round_.id, "person-drawing-on-care", " Sam ")
    assert person.display_name == "Sam" and person.status == "draft"
    store.save_answer(person.id, "info-1", "consultation", "We were asked once")
    store.save_answer(person.id, "info-1", "engagement", "Changed my mind")  # replaces
    store.save_answer(person.id, "info-2", "unsure")
    store.save_answer(person.id, "info-2", None)  # cleared
    saved = store.answers(person.id)
    assert list(saved) == ["info-1"]
    assert (saved["info-1"].answer, saved["info-1"].note) == ("engagement", "Changed my mind")
    # Resume on another device with the token from the link.
    assert store.resume(token) == store.respondent(person.id)
    assert store.resume("not-a-token") is None and store.resume("") is None
    submitted = store.submit(person.id, {"info-3": ("co-design", "")})
    assert submitted.submitted and submitted.submitted_at is not None
    assert set(store.answers(person.id)) == {"info-1", "info-3"}
    with pytest.raises(AlreadySubmitted):
        store.save_answer(person.id, "info-4", "co-design")
    with pytest.raises(AlreadySubmitted):
        store.submit(person.id)
    assert store.round(round_.id).submitted == 1


def test_bad_answers_are_refused_and_nothing_is_half_saved(store, round_):
    person, _ = store.start_respondent(round_.id, "carer")
    with pytest.raises(StoreError, match="'co-desgn' is not an answer"):
        store.save_answers(person.id, {"info-1": ("co-design", ""), "info-2": ("co-desgn", "")})
    assert store.answers(person.id) == {}
    with pytest.raises(StoreError, match="no statement 'info-99'"):
        store.save_answer(person.id, "info-99", "co-design")
    with pytest.raises(StoreError, match="no statement 'info-99'"):
        store.save_answer(person.id, "info-99", None)  # clearing it is checked too
    with pytest.raises(StoreError, match="'visitor' is not a perspective"):
        store.start_respondent(round_.id, "visitor")
    with pytest.raises(NotFound):
        store.save_answer(12345, "info-1", "co-design")


def test_notes_of_submitted_answers(store, round_):
    person, _ = store.start_respondent(round_.id, "carer", "Named Person")
    store.submit(person.id, {"info-1": ("engagement", "We co-wrote it"), "info-2": ("unsure", "")})
    draft, _ = store.start_respondent(round_.id, "manager")
    store.save_answer(draft.id, "info-1", "co-design", "Draft note")
    notes = store.notes(round_.id)
    assert [(n.statement_id, n.perspective, n.answer, n.text) for n in notes] == [
        ("info-1", "carer", "engagement", "We co-wrote it")
    ]
    assert store.notes(round_.id, "info-2") == []


def test_change_perspective_while_drafting(store, round_):
    person, _ = store.start_respondent(round_.id, "carer")
    changed = store.set_perspective(person.id, "manager", "Alex")
    assert (changed.perspective, changed.display_name) == ("manager", "Alex")
    assert store.set_perspective(person.id, "carer").display_name == "Alex"


def test_reopen_a_submitted_respondent(store, round_):
    person, _ = store.start_respondent(round_.id, "carer")
    store.submit(person.id, {"info-1": ("co-design", "")})
    assert store.reopen_respondent(person.id).status == "draft"
    store.save_answer(person.id, "info-1", "engagement")
    assert store.answers(person.id)["info-1"].answer == "engagement"


def test_set_perspective_refuses_an_unknown_perspective_and_a_sent_in_respondent(store, round_):
    person, _ = store.start_respondent(round_.id, "carer", "Sam")
    with pytest.raises(StoreError, match="'visitor' is not a perspective"):
        store.set_perspective(person.id, "visitor")
    assert store.respondent(person.id).perspective == "carer"
    store.submit(person.id, {"info-1": ("co-design", "")})
    with pytest.raises(AlreadySubmitted):
        store.set_perspective(person.id, "manager")
    assert store.respondent(person.id).perspective == "carer"
    assert [p.id for p in scores_of(store, round_.id).perspectives if p.respondents] == ["carer"]


def test_a_closed_round_takes_no_autosave(store, round_):
    person, _ = store.start_respondent(round_.id, "carer")
    store.save_answer(person.id, "info-1", "consultation", "before closing")
    store.set_round_status(round_.id, "closed")
    with pytest.raises(StoreError, match="is closed"):
        store.save_answer(person.id, "info-1", "co-design", "after closing")
    with pytest.raises(StoreError, match="is closed"):
        store.save_answers(person.id, {"info-2": ("engagement", ""), "info-3": ("unsure", "")})
    with pytest.raises(StoreError, match="is closed"):
        store.save_answer(person.id, "info-1", None)  # clearing an answer is a change too
    saved = store.answers(person.id)
    assert {s: (a.answer, a.note) for s, a in saved.items()} == {
        "info-1": ("consultation", "before closing")
    }
    store.set_round_status(round_.id, "open")  # open again, the same autosave is taken
    store.save_answer(person.id, "info-1", "co-design", "after reopening")
    assert store.answers(person.id)["info-1"].answer == "co-design"


def test_a_closed_round_takes_no_submit(store, round_):
    person, _ = store.start_respondent(round_.id, "carer")
    store.save_answer(person.id, "info-1", "consultation")
    store.set_round_status(round_.id, "closed")
    with pytest.raises(StoreError, match="is closed"):
        store.submit(person.id)
    with pytest.raises(StoreError, match="is closed"):
        store.submit(person.id, {"info-2": ("engagement", "")})
    assert store.respondent(person.id).status == "draft"
    assert list(store.answers(person.id)) == ["info-1"]
    assert store.round(round_.id).submitted == 0
    store.set_round_status(round_.id, "open")
    assert store.submit(person.id).status == "submitted"


def test_a_closed_round_reopens_no_respondent(store, round_):
    person, _ = store.start_respondent(round_.id, "carer")
    store.submit(person.id, {"info-1": ("co-design", "")})
    store.set_round_status(round_.id, "closed")
    with pytest.raises(StoreError, match="is closed"):
        store.reopen_respondent(person.id)
    assert store.respondent(person.id).status == "submitted"
    assert scores_of(store, round_.id).respondents == 1
    store.set_round_status(round_.id, "open")
    assert store.reopen_respondent(person.id).status == "draft"


# --- Importing answers ------------------------------------------------------------------


def imported(rows):
    """Answers as an answers file gives them: (respondent label, perspective, statement, rung)."""
    return [
        (Answer(label, perspective, statement, rung), "")
        for label, perspective, statement, rung in rows
    ]


def test_import_answers_refuses_a_label_already_used_in_the_round(store, round_):
    store.start_respondent(round_.id, "carer", "R1")
    rows = imported(
        [("R1", "manager", "info-1", "co-design"), ("R2", "manager", "info-1", "engagement")]
    )
    with pytest.raises(StoreError, match="'R1'.*nothing was imported") as refused:
        store.import_answers(round_.id, rows)
    assert "'R2'" not in str(refused.value)
    assert [(r.display_name, r.status) for r in store.respondents(round_.id)] == [("R1", "draft")]
    assert scores_of(store, round_.id, include_drafts=True).overall.answered == 0


def test_importing_the_same_answers_twice_adds_them_once(store, round_):
    rows = imported(
        [("R1", "manager", "info-1", "co-design"), ("R2", "carer", "info-1", "engagement")]
    )
    created = store.import_answers(round_.id, rows)
    assert [(r.display_name, r.perspective, r.status) for r in created] == [
        ("R1", "manager", "submitted"),
        ("R2", "carer", "submitted"),
    ]
    with pytest.raises(StoreError, match="'R1', 'R2'.*nothing was imported"):
        store.import_answers(round_.id, rows)
    assert store.round(round_.id).submitted == 2
    assert scores_of(store, round_.id).overall.answered == 2


def test_import_answers_is_all_or_nothing(store, round_):
    rows = imported(
        [("R1", "manager", "info-1", "co-design"), ("R2", "visitor", "info-1", "engagement")]
    )
    with pytest.raises(StoreError, match="'visitor' is not a perspective"):
        store.import_answers(round_.id, rows)
    rows = imported(
        [("R1", "manager", "info-1", "co-design"), ("R2", "carer", "info-1", "co-desgn")]
    )
    with pytest.raises(StoreError, match="'co-desgn' is not an answer"):
        store.import_answers(round_.id, rows)
    assert store.respondents(round_.id) == []


# --- Agreed rungs -----------------------------------------------------------------------


def test_agreed_rungs_are_recorded_and_replaced(store, round_):
    store.record_agreed_rung(round_.id, "info-1", "consultation", "Surveys, no change", "Board")
    agreed = store.record_agreed_rung(round_.id, "info-1", "engagement", "Changed the leaflet")
    assert store.agreed_rungs(round_.id) == {"info-1": agreed}
    assert agreed.reason == "Changed the leaflet"
    store.record_agreed_rung(round_.id, "info-2", "unsure", "We need more evidence")
    with pytest.raises(StoreError, match="not a rung"):
        store.record_agreed_rung(round_.id, "info-1", "not_applicable", "x")
    with pytest.raises(StoreError, match="no statement"):
        store.record_agreed_rung(round_.id, "nope", "engagement", "x")


# --- Scores -----------------------------------------------------------------------------


def test_scores_equal_scoring_over_the_submitted_answers(store, round_):
    perspectives = builtin_perspectives()
    given = []
    for n, perspective in enumerate(p.id for p in perspectives):
        person, _ = store.start_respondent(round_.id, perspective)
        answers = answers_for(MIR, offset=n)
        store.submit(person.id, answers)
        given += [Answer(str(person.id), perspective, s, a) for s, (a, _) in answers.items()]
    draft, _ = store.start_respondent(round_.id, "carer")
    store.save_answers(draft.id, answers_for(MIR, offset=3))
    expected = score(MIR, perspectives, Responses.from_answers(MIR, perspectives, given))
    assert scores_of(store, round_.id) == expected
    assert scores_of(store, round_.id).respondents == 6
    assert scores_of(store, round_.id, include_drafts=True).respondents == 7
    lived = scores_of(store, round_.id, only={"person-drawing-on-care", "carer"})
    assert lived.respondents == 2
    revision = store.revision(round_.id)
    assert (revision.people, revision.sent_in, revision.drafts) == (7, 6, 1)
    store.save_answer(draft.id, "info-1", "coercion")
    assert store.revision(round_.id) != revision


def test_compare_rounds_of_the_same_framework(store, round_):
    later = store.create_round(round_.organisation_id, MIR, "Autumn 2027")
    for target, offset in ((round_, 0), (later, 1)):
        person, _ = store.start_respondent(target.id, "manager")
        store.submit(
            person.id,
            {"info-1": (MIR.ladder.rung_ids[2 + offset], ""), "info-2": ("engagement", "")},
        )
    comparison = comparison_of(store, round_.id, later.id)
    changes = {c.id: c.change for c in comparison.statements if c.change is not None}
    assert changes == {"info-1": 1, "info-2": 0}
    assert comparison.overall_change == pytest.approx(0.5)
    up, down = comparison.moved()
    assert [c.id for c in up] == ["info-1"] and down == []
    assert comparison.only_before == comparison.only_after == ()


def test_compare_across_versions_lists_statements_in_only_one(store, round_, tmp_path):
    text = (FRAMEWORKS_DIR / "making-it-real.yaml").read_text()
    text = text.replace('version: "2018.2"', 'version: "2018.3"').replace(
        "id: info-1\n", "id: info-1b\n"
    )
    path = tmp_path / "mir2.yaml"
    path.write_text(text)
    newer = store.create_round(round_.organisation_id, load_framework(path), "Version two")
    comparison = comparison_of(store, round_.id, newer.id)
    assert comparison.only_before == ("info-1",)
    assert comparison.only_after == ("info-1b",)
    assert (comparison.before_version, comparison.after_version) == ("2018.2", "2018.3")
    other = store.create_round(round_.organisation_id, SCIE, "Whole system")
    with pytest.raises(StoreError, match="Only rounds of the same framework"):
        comparison_of(store, round_.id, other.id)


# --- Actions ----------------------------------------------------------------------------


def test_actions_crud_and_summary(store, round_):
    org = round_.organisation_id
    late = store.create_action(
        org,
        "Co-write the leaflet",
        round_id=round_.id,
        statement_id="info-1",
        owner="Priya",
        due_on=dt.date(2027, 1, 1),
    )
    themed = store.create_action(
        org, "Peer support group", round_id=round_.id, theme_id="workforce"
    )
    loose = store.create_action(org, "Pay people for their time", due_on=dt.date(2027, 9, 1))
    store.update_action(themed.id, status="in_progress", owner="Sam")
    store.update_action(loose.id, status="done")
    assert store.action(themed.id).owner == "Sam"
    assert [a.id for a in store.actions(org)] == [late.id, loose.id, themed.id]
    assert [a.id for a in store.actions(org, round_id=round_.id)] == [late.id, themed.id]
    summary = store.action_summary(org, today=dt.date(2027, 6, 1))
    assert (summary.planned, summary.in_progress, summary.done, summary.dropped) == (1, 1, 1, 0)
    assert summary.overdue == 1
    with pytest.raises(StoreError, match="not an action status"):
        store.update_action(late.id, status="finished")
    with pytest.raises(StoreError, match="'finished' is not an action status"):
        store.create_action(org, "Another", status="finished")
    assert len(store.actions(org)) == 3
    with pytest.raises(StoreError, match="no statement"):
        store.create_action(org, "x", round_id=round_.id, statement_id="nope")
    with pytest.raises(StoreError, match="needs to say what"):
        store.create_action(org, "  ")
    store.delete_action(late.id)
    assert len(store.actions(org)) == 2


# --- Concurrency ------------------------------------------------------------------------


def test_fifty_people_submit_at_once_and_every_answer_is_kept(store, round_):
    perspectives = [p.id for p in builtin_perspectives()]
    barrier = threading.Barrier(50)
    errors: list[BaseException] = []

    def one_person(n: int) -> None:
        try:
            person, _ = store.start_respondent(round_.id, perspectives[n % len(perspectives)])
            barrier.wait(timeout=60)
            store.submit(person.id, answers_for(MIR, offset=n))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=one_person, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    people = store.respondents(round_.id, status="submitted")
    assert len(people) == 50
    for person in people:
        assert len(store.answers(person.id)) == len(MIR.statements)
    assert scores_of(store, round_.id).overall.answered == 50 * len(MIR.statements)


def race_autosave_against_submit(store, person_id, final):
    """Start an autosave and a submit at the same instant; say what happened to each."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def autosave() -> None:
        barrier.wait()
        try:
            store.save_answer(person_id, "info-1", "coercion", "late autosave")
            outcomes.append("saved")
        except AlreadySubmitted:
            outcomes.append("refused")

    def submit() -> None:
        barrier.wait()
        store.submit(person_id, final)
        outcomes.append("submitted")

    threads = [threading.Thread(target=autosave), threading.Thread(target=submit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_an_autosave_racing_a_submit_never_loses_the_submitted_answers(store, round_):
    final = {"info-1": ("co-production", "final"), "info-2": ("co-design", "final")}
    for attempt in range(15):
        person, _ = store.start_respondent(round_.id, "carer")
        outcomes = race_autosave_against_submit(store, person.id, final)
        assert sorted(outcomes) in (["refused", "submitted"], ["saved", "submitted"]), attempt
        saved = store.answers(person.id)
        assert (saved["info-1"].answer, saved["info-1"].note) == ("co-production", "final")
        assert store.respondent(person.id).submitted


# Which of the two wins a race is left to chance above; the two tests below force each order.


def test_a_submit_waits_for_an_autosave_that_read_the_draft_first(store, round_):
    """The autosave has read the respondent (still a draft) when the submit starts: the submit
    must wait for the autosave to finish, so the submitted answers are the last word."""
    person, _ = store.start_respondent(round_.id, "carer")
    final = {"info-1": ("co-production", "final")}
    autosave_read = threading.Event()
    submitted = threading.Event()
    autosaving: list[int] = []
    outcomes: list[str] = []

    def hold_the_autosave_after_its_read(_conn, _cursor, statement, *_args) -> None:
        mine = autosaving == [threading.get_ident()] and "FROM respondent" in statement
        if mine and not autosave_read.is_set():
            autosave_read.set()
            # Without the respondent's row locked, the submit finishes in this pause.
            submitted.wait(timeout=0.5)

    def autosave() -> None:
        autosaving.append(threading.get_ident())
        store.save_answer(person.id, "info-1", "coercion", "late autosave")
        outcomes.append("saved")

    def submit() -> None:
        assert autosave_read.wait(timeout=30)
        store.submit(person.id, final)
        outcomes.append("submitted")
        submitted.set()

    event.listen(store.engine, "after_cursor_execute", hold_the_autosave_after_its_read)
    try:
        threads = [threading.Thread(target=autosave), threading.Thread(target=submit)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        event.remove(store.engine, "after_cursor_execute", hold_the_autosave_after_its_read)
    assert outcomes == ["saved", "submitted"]
    saved = store.answers(person.id)
    assert (saved["info-1"].answer, saved["info-1"].note) == ("co-production", "final")
    assert store.respondent(person.id).submitted


def test_an_autosave_after_a_submit_is_refused_and_changes_nothing(store, round_):
    person, _ = store.start_respondent(round_.id, "carer")
    store.submit(person.id, {"info-1": ("co-production", "final")})
    with pytest.raises(AlreadySubmitted):
        store.save_answer(person.id, "info-1", "coercion", "late autosave")
    with pytest.raises(AlreadySubmitted):
        store.save_answers(person.id, {"info-1": (None, ""), "info-2": ("coercion", "")})
    saved = store.answers(person.id)
    assert {s: (a.answer, a.note) for s, a in saved.items()} == {
        "info-1": ("co-production", "final")
    }


# --- Frameworks added in the app --------------------------------------------------------


def test_added_frameworks_are_kept_for_new_rounds(store):
    text = (FRAMEWORKS_DIR / "scie-whole-system.yaml").read_text()
    ours = text.replace("id: scie-whole-system", "id: our-whole-system")
    framework = check_text(ours, "ours.yaml")[0]
    store.add_framework(framework, ours)
    assert store.uploaded_frameworks() == [framework]
    assert [f.id for f in store.frameworks()][-1] == "our-whole-system"
    with pytest.raises(StoreError, match="was added already"):
        store.add_framework(framework, ours)
    with pytest.raises(StoreError, match="is built in already"):
        store.add_framework(SCIE, text)
