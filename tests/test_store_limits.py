"""What the store keeps: the same limits on SQLite and PostgreSQL, each at its boundary, and a
plain message (never a database error) for everything else. Every test runs on both."""

from __future__ import annotations

import datetime as dt

import pytest

from toolkit.framework import builtin_frameworks
from toolkit.scoring import Answer
from toolkit.store import NotFound, Store, StoreError

MIR = builtin_frameworks()["making-it-real"]
NUL_WORDS = "holds a NUL character (an invisible character with code 0) that cannot be stored"


@pytest.fixture
def organisation(store):
    return store.create_organisation("Riverside Care")


@pytest.fixture
def round_(store, organisation):
    return store.create_round(organisation.id, MIR, "Spring 2027", opened_on=dt.date(2027, 3, 1))


def refused(action, *args, **kwargs) -> str:
    with pytest.raises(StoreError) as caught:
        action(*args, **kwargs)
    return str(caught.value)


def test_organisation_names_up_to_200_characters(store):
    assert store.create_organisation("o" * 200).name == "o" * 200
    assert refused(store.create_organisation, "p" * 201) == (
        "The name is 201 characters long; the most allowed is 200."
    )
    assert (
        refused(store.create_organisation, "Care\x00Home")
        == f"The name {NUL_WORDS}; remove it and try again."
    )
    assert [o.name for o in store.organisations()] == ["o" * 200]


def test_round_titles_up_to_200_characters_when_started_and_renamed(store, organisation):
    round_ = store.create_round(organisation.id, MIR, "t" * 200)
    assert round_.title == "t" * 200
    assert refused(store.create_round, organisation.id, MIR, "u" * 201) == (
        "The title is 201 characters long; the most allowed is 200."
    )
    assert "NUL" in refused(store.rename_round, round_.id, "Spring\x00")
    assert refused(store.rename_round, round_.id, "v" * 201).startswith("The title is 201")
    assert store.round(round_.id).title == "t" * 200


def test_names_people_give_up_to_200_characters(store, round_):
    person, _ = store.start_respondent(round_.id, "carer", "n" * 200)
    assert person.display_name == "n" * 200
    assert refused(store.start_respondent, round_.id, "carer", "m" * 201) == (
        "Your name is 201 characters long; the most allowed is 200."
    )
    assert "NUL" in refused(store.start_respondent, round_.id, "carer", "Sam\x00")
    other, _ = store.start_respondent(round_.id, "carer")
    assert "NUL" in refused(store.set_perspective, other.id, "manager", "Sam\x00")
    assert [p.display_name for p in store.respondents(round_.id)] == ["n" * 200, None]


def test_notes_up_to_4000_characters_on_autosave_and_submit(store, round_):
    person, _ = store.start_respondent(round_.id, "carer")
    saved = store.save_answer(person.id, "info-1", "co-design", "x" * 4000)
    assert saved.note == "x" * 4000
    assert refused(store.save_answer, person.id, "info-2", "co-design", "y" * 4001) == (
        "The note is 4,001 characters long; the most allowed is 4,000."
    )
    assert "NUL" in refused(store.save_answer, person.id, "info-2", "co-design", "a\x00b")
    assert "NUL" in refused(store.submit, person.id, {"info-3": ("co-design", "\x00")})
    assert set(store.answers(person.id)) == {"info-1"}
    assert not store.respondent(person.id).submitted


def test_agreed_rung_reasons_and_who_decided(store, round_):
    agreed = store.record_agreed_rung(round_.id, "info-1", "engagement", "r" * 4000, "d" * 200)
    assert (len(agreed.reason), len(agreed.decided_by)) == (4000, 200)
    assert refused(
        store.record_agreed_rung, round_.id, "info-1", "engagement", "r" * 4001
    ).startswith("The reason is 4,001 characters long")
    assert refused(
        store.record_agreed_rung, round_.id, "info-1", "engagement", "ok", "d" * 201
    ).startswith("Who decided is 201 characters long")
    assert "NUL" in refused(store.record_agreed_rung, round_.id, "info-1", "engagement", "a\x00")
    assert store.agreed_rungs(round_.id)["info-1"].reason == "r" * 4000


def test_actions_text_up_to_4000_and_owner_up_to_200(store, organisation):
    action = store.create_action(organisation.id, "a" * 4000, owner="o" * 200)
    assert (len(action.text), len(action.owner)) == (4000, 200)
    assert refused(store.create_action, organisation.id, "b" * 4001) == (
        "What will be done is 4,001 characters long; the most allowed is 4,000."
    )
    assert refused(store.create_action, organisation.id, "ok", owner="p" * 201) == (
        "The owner's name is 201 characters long; the most allowed is 200."
    )
    assert "NUL" in refused(store.update_action, action.id, text="x\x00")
    assert "NUL" in refused(store.update_action, action.id, owner="x\x00")
    assert store.action(action.id).text == "a" * 4000


def test_a_name_is_given_once_in_a_round_but_anonymous_people_are_many(store, round_, organisation):
    store.start_respondent(round_.id, "carer", "Sam")
    assert refused(store.start_respondent, round_.id, "manager", "Sam") == (
        "Someone answering in this round has already given the name 'Sam'. Add an initial or a "
        "surname, or leave the name out."
    )
    other, _ = store.start_respondent(round_.id, "carer", "Sam P")
    assert "already given the name 'Sam'" in refused(
        store.set_perspective, other.id, "carer", "Sam"
    )
    store.start_respondent(round_.id, "carer")
    store.start_respondent(round_.id, "carer")
    later = store.create_round(organisation.id, MIR, "Autumn 2027")
    store.start_respondent(later.id, "carer", "Sam")  # another round: the name is free there
    names = [p.display_name for p in store.respondents(round_.id)]
    assert names == ["Sam", "Sam P", None, None]


@pytest.mark.parametrize("key", [0, -1, 2**31, 2**63, 2**64 + 5])
def test_ids_no_database_row_can_have_name_nothing(store, key):
    with pytest.raises(NotFound, match=f"There is no round with id {key}."):
        store.round(key)
    with pytest.raises(NotFound, match=f"There is no respondent with id {key}."):
        store.save_answer(key, "info-1", "co-design")
    with pytest.raises(NotFound, match=f"There is no organisation with id {key}."):
        store.organisation(key)


def test_minimum_group_size_starts_at_3_and_may_be_raised_up_to_1000(store, organisation):
    assert organisation.minimum_group_size == 3
    assert store.set_minimum_group_size(organisation.id, 1000).minimum_group_size == 1000
    assert store.set_minimum_group_size(organisation.id, 3).minimum_group_size == 3
    for size in (2, 1001):
        assert refused(store.set_minimum_group_size, organisation.id, size) == (
            f"The minimum group size must be from 3 to 1000 people, not {size}."
        )
    assert refused(store.set_minimum_group_size, organisation.id, True) == (
        "The minimum group size is a whole number of people."
    )
    store.set_minimum_group_size(organisation.id, 5)
    assert store.organisation(organisation.id).minimum_group_size == 5


def test_a_name_used_twice_before_the_rule_keeps_both_people(tmp_path):
    """Databases from before names were unique in a round are mended, not refused."""
    import sqlite3

    from alembic import command

    from toolkit.store.database import alembic_config, make_engine

    url = f"sqlite:///{tmp_path}/old.db"
    engine = make_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0002")
    engine.dispose()
    db = sqlite3.connect(tmp_path / "old.db")
    db.executescript(
        "INSERT INTO organisation (id, name, created_at) VALUES (1, 'Old', '2026-01-01');"
        "INSERT INTO round (id, organisation_id, title, framework_id, framework_version, "
        "framework_snapshot, perspectives_snapshot, status, created_at) VALUES "
        "(1, 1, 'R', 'x', '1', '{}', '[]', 'open', '2026-01-01');"
        + "".join(
            f"INSERT INTO respondent (id, round_id, perspective, display_name, status, "
            f"resume_token_hash, created_at, updated_at) VALUES ({i}, 1, 'carer', {name}, "
            f"'draft', '{i:064d}', '2026-01-01', '2026-01-01');"
            for i, name in enumerate(["'Sam'", "'Sam'", "NULL", "'Sam (2)'", "'Sam'", "NULL"], 1)
        )
    )
    db.commit()
    db.close()
    store = Store(url)
    assert [p.display_name for p in store.respondents(1)] == [
        "Sam",
        "Sam (3)",
        None,
        "Sam (2)",
        "Sam (4)",
        None,
    ]
    assert store.organisation(1).minimum_group_size == 3
    store.close()


def test_a_refused_import_lists_ten_names_in_the_round_already_and_counts_the_rest(store, round_):
    def people(count: int):
        return [
            (Answer(f"p{n:02}", "carer", "info-1", "co-design"), "") for n in range(1, count + 1)
        ]

    store.import_answers(round_.id, people(11))
    ten = "'p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p08', 'p09', 'p10'"
    assert refused(store.import_answers, round_.id, people(10)) == (
        f"The round already has answers from 10 of the people in this file ({ten}), so "
        "nothing was imported: the file may have been imported already."
    )
    assert refused(store.import_answers, round_.id, people(11)) == (
        f"The round already has answers from 11 of the people in this file ({ten} and 1 more), "
        "so nothing was imported: the file may have been imported already."
    )
    assert store.round(round_.id).submitted == 11


def test_an_action_is_about_a_round_of_its_own_organisation_only(store, round_, organisation):
    other = store.create_organisation("Hillside Homes")
    assert refused(store.create_action, other.id, "Ask again", round_id=round_.id) == (
        "That round belongs to another organisation."
    )
    assert store.actions(other.id) == []
