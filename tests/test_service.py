"""The service layer: what each role may do, as one table, and every action checked once for
every kind of actor (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from toolkit.framework import FRAMEWORKS_DIR, builtin_frameworks, check_text
from toolkit.service import (
    Anonymous,
    Answering,
    Invited,
    NotAllowed,
    Operator,
    Service,
    SignedIn,
)
from toolkit.store import NotFound, StoreError

MIR = builtin_frameworks()["making-it-real"]
OK, NO, GONE = "allowed", "not allowed", "as if it did not exist"


@pytest.fixture
def world(store):
    """Two organisations; an admin; a lead, a facilitator and a board viewer of the first; a
    lead of the second; someone with the first round's invitation; someone answering it."""
    service = Service(store)
    me = Operator()
    first = service.create_organisation(me, "Riverside Care")
    second = service.create_organisation(me, "Hillside Homes")
    round_ = service.create_round(me, first.id, MIR, "Spring 2027", opened_on=dt.date(2027, 3, 1))
    service.create_round(me, second.id, MIR, "Their round")
    people = {
        "admin": service.add_user(me, "admin@example.org", None, "admin"),
        "lead": service.add_user(me, "lead@example.org", None, "lead", first.id),
        "facilitator": service.add_user(
            me, "facilitator@example.org", None, "facilitator", first.id
        ),
        "board viewer": service.add_user(me, "board@example.org", None, "board_viewer", first.id),
        "lead elsewhere": service.add_user(me, "other@example.org", None, "lead", second.id),
    }
    actors = {name: SignedIn(user) for name, user in people.items()}
    actors["operator"] = me
    actors["anonymous"] = Anonymous()
    actors["invited"] = Invited(round_.id)
    actors["answering"], _ = service.start_answering(Invited(round_.id), round_.id, "carer")
    return service, first, round_, actors


UNIQUE = itertools.count(1)  # actions that add something add a new one each time


def _framework_text(number: int):
    text = (FRAMEWORKS_DIR / "scie-whole-system.yaml").read_text()
    return text.replace("id: scie-whole-system", f"id: our-own-{number}")


def _add_framework(service, actor):
    text = _framework_text(next(UNIQUE))
    return service.add_framework(actor, check_text(text, "f.yaml")[0], text)


ACTIONS = {
    "read results": lambda s, o, r, a: s.results(a, r.id),
    "read progress": lambda s, o, r, a: s.progress(a, o.id),
    "read actions": lambda s, o, r, a: s.actions(a, o.id),
    "add an action": lambda s, o, r, a: s.create_action(a, o.id, "Ask again"),
    "rename a round": lambda s, o, r, a: s.rename_round(a, r.id, "Spring 2027 (renamed)"),
    "close a round": lambda s, o, r, a: s.set_round_status(a, r.id, "closed"),
    "start a round": lambda s, o, r, a: s.create_round(a, o.id, MIR, f"Another {next(UNIQUE)}"),
    "invitation link": lambda s, o, r, a: s.invitation(a, r.id),
    "record an agreed rung": lambda s, o, r, a: s.record_agreed_rung(
        a, r.id, "info-1", "engagement", "We talked"
    ),
    "read its audit trail": lambda s, o, r, a: s.events(a, o.id),
    "start answering": lambda s, o, r, a: s.start_answering(a, r.id, "manager"),
    "set the minimum group size": lambda s, o, r, a: s.set_minimum_group_size(a, o.id, 4),
    "read the frameworks": lambda s, o, r, a: s.frameworks(a),
    "add an organisation": lambda s, o, r, a: s.create_organisation(a, f"New {next(UNIQUE)}"),
    "list accounts": lambda s, o, r, a: s.users(a),
    "add a framework": lambda s, o, r, a: _add_framework(s, a),
    "read the whole audit trail": lambda s, o, r, a: s.events(a),
    "import answers": lambda s, o, r, a: s.import_answers(a, r.id, []),
}

# Written out, not worked out: the README's table of roles, action by action.
EXPECTED = {
    #                              admin lead facil board elsewh anon  invit answ  operator
    "read results":               (OK,  OK,  OK,   OK,   GONE,  GONE, NO,   NO,   OK),
    "read progress":              (OK,  OK,  NO,   OK,   GONE,  GONE, GONE, GONE, OK),
    "read actions":               (OK,  OK,  NO,   OK,   GONE,  GONE, GONE, GONE, OK),
    "add an action":              (OK,  OK,  NO,   NO,   GONE,  GONE, GONE, GONE, OK),
    "rename a round":             (OK,  OK,  NO,   NO,   GONE,  GONE, NO,   NO,   OK),
    "close a round":              (OK,  OK,  NO,   NO,   GONE,  GONE, NO,   NO,   OK),
    "start a round":              (OK,  OK,  NO,   NO,   GONE,  GONE, GONE, GONE, OK),
    "invitation link":            (OK,  OK,  NO,   NO,   GONE,  GONE, NO,   NO,   OK),
    "record an agreed rung":      (OK,  OK,  OK,   NO,   GONE,  GONE, NO,   NO,   OK),
    "read its audit trail":       (OK,  OK,  NO,   NO,   GONE,  GONE, GONE, GONE, OK),
    "start answering":            (OK,  OK,  OK,   NO,   GONE,  GONE, OK,   NO,   OK),
    "set the minimum group size": (OK,  OK,  NO,   NO,   GONE,  GONE, GONE, GONE, OK),
    "read the frameworks":        (OK,  OK,  NO,   NO,   OK,    NO,   NO,   NO,   OK),
    "add an organisation":        (OK,  NO,  NO,   NO,   NO,    NO,   NO,   NO,   OK),
    "list accounts":              (OK,  NO,  NO,   NO,   NO,    NO,   NO,   NO,   OK),
    "add a framework":            (OK,  NO,  NO,   NO,   NO,    NO,   NO,   NO,   OK),
    "read the whole audit trail": (OK,  NO,  NO,   NO,   NO,    NO,   NO,   NO,   OK),
    "import answers":             (OK,  OK,  NO,   NO,   GONE,  GONE, NO,   NO,   OK),
}  # fmt: skip
ACTORS = (
    "admin",
    "lead",
    "facilitator",
    "board viewer",
    "lead elsewhere",
    "anonymous",
    "invited",
    "answering",
    "operator",
)


def outcome(action, *args) -> str:
    try:
        action(*args)
    except NotAllowed:
        return NO
    except NotFound:
        return GONE
    return OK


@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_is_allowed_exactly_to_the_roles_the_table_names(world, action):
    service, organisation, round_, actors = world
    got = tuple(
        outcome(ACTIONS[action], service, organisation, round_, actors[who]) for who in ACTORS
    )
    assert dict(zip(ACTORS, got, strict=True)) == dict(zip(ACTORS, EXPECTED[action], strict=True))


def test_another_organisations_round_answers_exactly_as_a_missing_one(world):
    service, _, round_, actors = world
    elsewhere = actors["lead elsewhere"]
    with pytest.raises(NotFound) as theirs:
        service.round(elsewhere, round_.id)
    with pytest.raises(NotFound) as missing:
        service.round(elsewhere, 999_999)
    assert str(theirs.value) == f"There is no round with id {round_.id}."
    assert str(missing.value) == "There is no round with id 999999."


def test_another_organisations_rounds_are_refused_by_id_and_by_record(world):
    service, organisation, _, actors = world
    elsewhere = actors["lead elsewhere"]
    for given in (organisation.id, organisation):
        with pytest.raises(NotFound) as refused:
            service.rounds(elsewhere, given)
        assert str(refused.value) == f"There is no organisation with id {organisation.id}."
    titles = [r.title for r in service.rounds(actors["board viewer"], organisation)]
    assert titles == ["Spring 2027"]
    assert [r.framework_title for r in service.rounds(actors["lead"], organisation.id)] == [
        "Making it Real: personalised care and support, worked out together"
    ]


def test_refusals_say_who_may_in_plain_words(world):
    service, organisation, _, actors = world
    with pytest.raises(NotAllowed) as refused:
        service.create_action(actors["board viewer"], organisation.id, "x")
    assert str(refused.value) == (
        "As board viewer, you cannot add, change or delete its actions. Ask a lead of the "
        "organisation, or an admin, if you need to."
    )


def test_each_sees_only_their_organisations(world):
    service, _, _, actors = world
    names = {who: [o.name for o in service.organisations(actors[who])] for who in ACTORS}
    assert names == {
        "admin": ["Riverside Care", "Hillside Homes"],
        "lead": ["Riverside Care"],
        "facilitator": ["Riverside Care"],
        "board viewer": ["Riverside Care"],
        "lead elsewhere": ["Hillside Homes"],
        "anonymous": [],
        "invited": [],
        "answering": [],
        "operator": ["Riverside Care", "Hillside Homes"],
    }


def test_organisations_come_oldest_first_so_a_newcomer_never_leads(world):
    service, _, _, actors = world
    service.create_organisation(Operator(), "AAA First By Name")
    names = [o.name for o in service.organisations(actors["admin"])]
    assert names == ["Riverside Care", "Hillside Homes", "AAA First By Name"]


def test_answering_reaches_only_your_own_answers(world):
    service, _, round_, actors = world
    me = actors["answering"]
    service.save_answer(me, "info-1", "co-design", "ours")
    assert service.answers(me)["info-1"].note == "ours"
    for other in ("invited", "lead", "operator"):
        with pytest.raises(NotAllowed):
            service.answers(actors[other])
    with pytest.raises(NotFound):
        service.round(me, round_.id + 1)


def test_a_click_saves_and_hands_back_the_questionnaire_answering_would_read(world, store):
    service, _, round_, actors = world
    me = actors["answering"]
    service.save_answer(me, "info-1", "consultation", "first")
    shown = service.answering(me)
    after = service.save_and_show(me, shown, "info-2", "co-design", "second")
    fresh = service.answering(me)
    assert {s: (a.answer, a.note) for s, a in after.answers.items()} == {
        "info-1": ("consultation", "first"),
        "info-2": ("co-design", "second"),
    }
    assert after.answers == fresh.answers  # stored as handed back, stamp and all
    assert (after.person.id, after.round.title, after.total) == (fresh.person.id, "Spring 2027", 30)
    assert set(shown.answers) == {"info-1"}  # what the page showed before is left as it was
    cleared = service.save_and_show(me, after, "info-1", None)
    assert set(cleared.answers) == {"info-2"} == set(service.answering(me).answers)
    # Someone else's questionnaire is not theirs to save into.
    other, _ = service.start_answering(Invited(round_.id), round_.id, "frontline-staff")
    with pytest.raises(NotFound, match="not your answers"):
        service.save_and_show(other, cleared, "info-3", "unsure")
    assert service.answers(other) == {}
    # A round closed after the page was drawn takes nothing, and nothing changes.
    store.set_round_status(round_.id, "closed")
    with pytest.raises(StoreError, match="is closed"):
        service.save_and_show(me, cleared, "info-3", "unsure")
    assert set(service.answering(me).answers) == {"info-2"}


def test_the_questionnaire_reads_who_answers_their_round_and_answers_at_once(world):
    service, _, round_, actors = world
    me = actors["answering"]
    service.save_answer(me, "info-2", "co-production", "a note")
    service.save_answer(me, "info-1", "consultation", round_=round_)
    questionnaire = service.answering(me)
    person, shown, framework = questionnaire.person, questionnaire.round, questionnaire.framework
    answers = questionnaire.answers
    assert (person.perspective, person.submitted) == ("carer", False)
    assert questionnaire.perspective.label == "Carer (family member or friend)"
    # Where to carry on, and what is not answered: theme (by position), number in it, place.
    assert questionnaire.first_unanswered == 0  # wellbeing-1
    missing = [(q.theme, q.number, q.place) for q in questionnaire.unanswered]
    assert len(missing) == 28
    assert missing[:6] == [(0, 1, 0), (0, 2, 1), (0, 3, 2), (0, 4, 3), (0, 5, 4), (1, 3, 7)]
    assert missing[-1] == (5, 5, 29)
    assert (questionnaire.total, questionnaire.theme_of(4), questionnaire.theme_of(5)) == (30, 0, 1)
    assert (shown.id, shown.title, shown.status) == (round_.id, "Spring 2027", "open")
    assert (
        shown.framework_title
        == "Making it Real: personalised care and support, worked out together"
    )
    assert framework.id == "making-it-real" and len(framework.statements) == 30
    assert {k: (a.answer, a.note) for k, a in answers.items()} == {
        "info-2": ("co-production", "a note"),
        "info-1": ("consultation", ""),
    }
    for other in ("invited", "lead", "operator", "anonymous"):
        with pytest.raises(NotAllowed):
            service.answering(actors[other])
    with pytest.raises(NotFound) as gone:
        service.answering(Answering(999_999, round_.id))
    assert str(gone.value) == "There is no respondent with id 999999."


def test_what_changes_is_in_the_audit_trail_with_who_did_it(world):
    service, organisation, round_, actors = world
    lead = actors["lead"]
    service.rename_round(lead, round_.id, "Spring 2027 (first)")
    service.record_agreed_rung(lead, round_.id, "info-1", "engagement", "We talked")
    action = service.create_action(lead, organisation.id, "Ask again")
    service.delete_action(lead, action.id)
    trail = [(e.actor, e.action, e.subject) for e in service.events(lead, organisation.id)]
    assert trail[:4] == [
        ("lead@example.org", "action deleted", "Ask again"),
        ("lead@example.org", "action added", "Ask again"),
        ("lead@example.org", "agreed rung recorded", "Spring 2027 (first): info-1 at engagement"),
        ("lead@example.org", "round renamed", "Spring 2027 → Spring 2027 (first)"),
    ]
    assert ("operator (command line)", "round started", "Spring 2027") in [
        (e.actor, e.action, e.subject) for e in service.events(lead, organisation.id)
    ]


def test_the_audit_trail_is_kept_in_backups(world, tmp_path):
    from toolkit.store import Store
    from toolkit.store.backup import export_backup, import_backup, parse_backup

    service, organisation, round_, actors = world
    service.rename_round(actors["lead"], round_.id, "Spring 2027 (first)")
    service.sign_out(actors["admin"], "")
    document = export_backup(service.store)
    riverside = next(o for o in document["organisations"] if o["name"] == "Riverside Care")
    assert [(e["actor"], e["action"], e["subject"]) for e in riverside["audit"]][-1] == (
        "lead@example.org",
        "round renamed",
        "Spring 2027 → Spring 2027 (first)",
    )
    assert ("admin@example.org", "signed out") in [
        (e["actor"], e["action"]) for e in document["audit"]
    ]
    copy = Store(f"sqlite:///{tmp_path}/copy.db")
    import_backup(copy, parse_backup(document))
    again = export_backup(copy)
    assert [o["audit"] for o in again["organisations"]] == [
        o["audit"] for o in document["organisations"]
    ]
    assert again["audit"] == document["audit"]
    copy.close()


def _send_in(service, round_, perspective, answer, note):
    person, _ = service.start_answering(Invited(round_.id), round_.id, perspective)
    service.save_answer(person, "info-1", answer, note)
    service.submit(person)


def test_kept_results_and_notes_follow_new_answers_and_the_minimum(world):
    service, organisation, round_, actors = world
    lead = actors["lead"]
    for note in ("first", "second", "third"):
        _send_in(service, round_, "carer", "co-design", note)
    shown = service.results(lead, round_)
    assert shown.scores.respondents == 3
    assert [(n.perspective, n.text) for n in service.notes(lead, shown, "info-1")] == [
        ("carer", "first"),
        ("carer", "second"),
        ("carer", "third"),
    ]
    # A fourth person's note shows on the next read, from the same service.
    _send_in(service, round_, "manager", "engagement", "fourth")
    shown = service.results(lead, round_)
    assert shown.scores.respondents == 4
    assert [(n.perspective, n.text) for n in service.notes(lead, shown, "info-1")] == [
        ("carer", "first"),
        ("carer", "second"),
        ("carer", "third"),
        (None, "fourth"),  # one manager is fewer than three: not said to be a manager's
    ]
    # Carers' answers only: the manager's note is left out.
    carers = service.results(lead, round_, "one:carer")
    assert [n.text for n in service.notes(lead, carers, "info-1")] == ["first", "second", "third"]
    # A minimum of four: the carers are too few to be named, and too few to be shown alone.
    service.set_minimum_group_size(lead, organisation.id, 4)
    shown = service.results(lead, round_.id)
    assert [n.perspective for n in service.notes(lead, shown, "info-1")] == [None] * 4
    carers = service.results(lead, round_.id, "one:carer")
    assert carers.scores is None
    assert service.notes(lead, carers, "info-1") == []
