"""Workshops through the service layer and the command line: starting one, its join code,
who may run it, joining by code (with wrong codes limited), answering, the room's picture
under the minimum group rule, moving on, pausing and closing."""

from __future__ import annotations

import json
import re

import pytest
from conftest import run_toolkit

from toolkit.framework import builtin_frameworks
from toolkit.service import (
    JOIN_ALPHABET,
    Anonymous,
    Answering,
    NotAllowed,
    Operator,
    Service,
    SignedIn,
)
from toolkit.store import NotFound, Store, StoreError

MIR = builtin_frameworks()["making-it-real"]
CODE = re.compile(r"^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$")


@pytest.fixture
def room(store):
    service, me = Service(store), Operator()
    organisation = service.create_organisation(me, "Riverside Care")
    round_ = service.create_round(me, organisation.id, MIR, "Spring 2027")
    other = service.create_organisation(me, "Hillside Homes")
    people = {
        "facilitator": service.add_user(me, "f@example.org", None, "facilitator", organisation.id),
        "board viewer": service.add_user(
            me, "b@example.org", None, "board_viewer", organisation.id
        ),
        "lead elsewhere": service.add_user(me, "o@example.org", None, "lead", other.id),
    }
    return service, round_, {who: SignedIn(user) for who, user in people.items()}


def test_a_join_code_is_eight_characters_with_no_look_alikes():
    assert JOIN_ALPHABET == "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    assert not set("0O1IL") & set(JOIN_ALPHABET) and len(JOIN_ALPHABET) == 31


def test_a_facilitator_starts_a_paced_workshop_on_its_first_statement(room):
    service, round_, people = room
    workshop = service.start_workshop(
        people["facilitator"], round_.id, statements=["info-2", "info-1"]
    )
    assert CODE.match(workshop.code)
    assert (workshop.state, workshop.mode, workshop.current_statement) == (
        "answering",
        "paced",
        "info-2",
    )
    assert (workshop.statements, workshop.minimum_group_size) == (("info-2", "info-1"), 3)
    other = service.start_workshop(people["facilitator"], round_.id, mode="self-paced")
    assert (other.current_statement, other.statements) == (None, None)
    assert other.code != workshop.code
    events = [(e.action, e.subject) for e in service.events(Operator())][:2]
    assert events == [
        ("workshop started", f"Spring 2027 ({other.code})"),
        ("workshop started", f"Spring 2027 ({workshop.code})"),
    ]


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        (
            {"statements": ["info-1", "nope"]},
            "'nope' is not a statement of Making it Real: personalised care and support, "
            "worked out together; its statements run from wellbeing-1 to workforce-5.",
        ),
        (
            {"statements": ["info-1", "info-1"]},
            "A statement is named twice: name each statement once.",
        ),
        (
            {"minimum_group_size": 2},
            "The minimum group size must be at least 3 (the "
            "organisation's) and at most 1000; 2 is not.",
        ),
        (
            {"minimum_group_size": 1001},
            "The minimum group size must be at least 3 (the "
            "organisation's) and at most 1000; 1001 is not.",
        ),
        ({"mode": "fast"}, "'fast' is not a workshop mode; use paced or self-paced."),
    ],
)
def test_a_workshop_that_cannot_be_is_refused_in_plain_words(room, given, problem):
    service, round_, people = room
    with pytest.raises(StoreError) as refused:
        service.start_workshop(people["facilitator"], round_.id, **given)
    assert str(refused.value) == problem
    assert service.store.workshops(round_.id) == []


def test_a_closed_round_takes_no_workshop(room):
    service, round_, people = room
    service.set_round_status(Operator(), round_.id, "closed")
    with pytest.raises(StoreError, match="is closed"):
        service.start_workshop(people["facilitator"], round_.id)


def test_only_those_who_run_the_organisations_workshops_may_start_or_see_one(room):
    service, round_, people = room
    workshop = service.start_workshop(Operator(), round_.id, minimum_group_size=4)
    with pytest.raises(NotAllowed):
        service.start_workshop(people["board viewer"], round_.id)
    with pytest.raises(NotAllowed):
        service.workshop_status(people["board viewer"], workshop.code)
    for outsider in (people["lead elsewhere"], Anonymous()):
        with pytest.raises(NotFound) as hidden:
            service.workshop_status(outsider, workshop.code)
        assert str(hidden.value) == f"There is no workshop with the code {workshop.code}."
    status = service.workshop_status(people["facilitator"], workshop.code.lower())
    assert (status.participants, status.answers, status.workshop.minimum_group_size) == (0, 0, 4)


def join(service, workshop, perspective, client="10.0.0.9", tab="tab-1"):
    opened = service.open_workshop(workshop.code, client, tab)
    me, token = service.join_workshop(opened, perspective)
    assert isinstance(me, Answering) and len(token) >= 24
    return me


def test_the_room_shows_nobody_until_the_minimum_and_each_side_only_with_the_minimum(room):
    service, round_, people = room
    facilitator = people["facilitator"]
    workshop = service.start_workshop(facilitator, round_.id, statements=["info-1", "info-2"])
    answers = [
        ("person-drawing-on-care", "co-production"),
        ("carer", "co-design"),
        ("frontline-staff", "consultation"),
        ("manager", "consultation"),
        ("carer", "unsure"),
        ("board-member", "informing"),
    ]
    shown = []
    for perspective, answer in answers:
        me = join(service, workshop, perspective)
        service.save_answer(me, "info-1", answer)
        picture = service.workshop_picture(facilitator, workshop.code, "info-1")
        shown.append(
            (
                picture.answered,
                picture.everyone is not None,
                picture.lived is not None,
                picture.others is not None,
            )
        )
    # 3 answered: everyone shows; each side shows once it has 3 (lived at 5, others at 6).
    assert shown == [
        (1, False, False, False),
        (2, False, False, False),
        (3, True, False, False),
        (4, True, False, False),
        (5, True, False, False),
        (6, True, True, True),
    ]
    picture = service.workshop_picture(facilitator, workshop.code, "info-1")
    assert picture.joined == 6
    assert dict(picture.everyone.counts) == {
        "coercion": 0,
        "educating": 0,
        "informing": 1,
        "consultation": 2,
        "engagement": 0,
        "co-design": 1,
        "co-production": 1,
        "unsure": 1,
        "not_applicable": 0,
    }
    assert (picture.lived.people, picture.others.people) == (3, 3)
    assert dict(picture.lived.counts)["co-production"] == 1
    assert dict(picture.others.counts)["consultation"] == 2
    # A change replaces an answer: still one a person a statement.
    me = join(service, workshop, "carer")
    service.save_answer(me, "info-1", "engagement")
    service.save_answer(me, "info-1", "co-design")
    service.save_answer(me, "info-2", "co-design")
    service.save_answer(me, "wellbeing-1", "co-design")  # not one of the workshop's
    status = service.workshop_status(facilitator, workshop.code)
    assert (status.participants, status.answers) == (7, 8)


def test_moving_pausing_and_closing(room):
    service, round_, people = room
    facilitator = people["facilitator"]
    workshop = service.start_workshop(facilitator, round_.id, statements=["info-1", "info-2"])
    moved = service.move_workshop(facilitator, workshop.code, "info-2")
    assert moved.current_statement == "info-2"
    with pytest.raises(StoreError) as refused:
        service.move_workshop(facilitator, workshop.code, "info-3")
    assert str(refused.value) == "'info-3' is not one of this workshop's statements."
    assert service.pause_workshop(facilitator, workshop.code, True).state == "paused"
    assert service.pause_workshop(facilitator, workshop.code, False).state == "answering"
    me = join(service, workshop, "carer")
    service.save_answer(me, "info-2", "co-design")
    assert service.participation(me)[0].code == workshop.code
    closed = service.close_workshop(facilitator, workshop.code)
    assert (closed.workshop.state, closed.participants, closed.answers) == ("closed", 1, 1)
    # Closing sent the answers in: they count in the round, and the link cannot change them.
    assert service.store.respondent(me.respondent_id).submitted
    assert service.round(Operator(), round_.id).submitted == 1
    with pytest.raises(StoreError) as gone:
        service.open_workshop(workshop.code, "10.0.0.9", "tab-1")
    assert str(gone.value) == "This workshop has closed. Thank you for taking part."
    with pytest.raises(StoreError, match="closed"):
        service.move_workshop(facilitator, workshop.code, "info-1")


def test_wrong_codes_are_limited_for_a_tab_and_for_an_address(room):
    service, round_, _ = room
    workshop = service.start_workshop(Operator(), round_.id)
    for guess in range(10):
        with pytest.raises(NotFound) as wrong:
            service.open_workshop(f"WRONG{guess:03d}", "10.0.0.7", "tab-a")
    assert str(wrong.value) == (
        "There is no workshop with that code. Check the code on the screen and try again."
    )
    # The eleventh try from that tab, even with the right code, waits.
    with pytest.raises(NotAllowed, match="joining is stopped for 15 minutes"):
        service.open_workshop(workshop.code, "10.0.0.8", "tab-a")
    with pytest.raises(NotAllowed, match="joining is stopped for 15 minutes"):
        service.open_workshop(workshop.code, "10.0.0.7", "tab-b")  # same address
    # Another tab at another address joins; nine wrong codes there are not yet a pause.
    for guess in range(9):
        with pytest.raises(NotFound):
            service.open_workshop(f"WRONG{guess:03d}", "10.0.0.5", "tab-c")
    assert service.open_workshop(workshop.code, "10.0.0.5", "tab-c").id == workshop.id


def test_only_a_participant_has_a_workshop_to_take_part_in(room):
    service, round_, _ = room
    me, _token = service.start_answering(Operator(), round_.id, "carer")
    with pytest.raises(NotAllowed):
        service.participation(me)


# --- The command line ---------------------------------------------------------------------


def test_the_command_line_starts_reports_and_closes_a_workshop(tmp_path):
    url = f"sqlite:///{tmp_path}/w.db"
    store = Store(url)
    service = Service(store)
    organisation = service.create_organisation(Operator(), "Oak House")
    round_ = service.create_round(Operator(), organisation.id, MIR, "Spring 2027")
    store.close()

    started = run_toolkit(
        ["workshop", "start", "--round", str(round_.id), "--statements", "info-1,info-2"], url
    )
    assert started.returncode == 0, started.stderr
    lines = started.stdout.splitlines()
    link = re.fullmatch(r"http://localhost:8501/join\?code=([A-Z2-9]{8})", lines[-1])
    assert link, lines
    code = link.group(1)
    assert lines[:-1] == [
        "Started a paced workshop on Spring 2027, asking about 2 statements; the room's "
        f"answers show once 3 people have answered. Join code: {code}.",
        "People join with this link (or the code on the join page):",
    ]
    store = Store(url)
    service = Service(store)
    workshop = service.open_workshop(code, "10.0.0.1", "t")
    me, _ = service.join_workshop(workshop, "carer")
    service.save_answer(me, "info-1", "co-design")
    store.close()

    status = run_toolkit(["workshop", "status", code, "--format", "json"], url)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout) == {
        "code": code,
        "state": "answering",
        "mode": "paced",
        "participants": 1,
        "answers": 1,
        "current_statement": "info-1",
    }
    closed = run_toolkit(["workshop", "close", code], url)
    assert closed.stdout == (
        f"Closed the workshop {code}: the answers of 1 person now count in Spring 2027.\n"
    )
    after = json.loads(run_toolkit(["workshop", "status", code], url).stdout)
    assert after["state"] == "closed"


def test_the_command_line_refuses_in_plain_words(tmp_path):
    url = f"sqlite:///{tmp_path}/w.db"
    Store(url).close()
    missing = run_toolkit(["workshop", "status", "NOPE2345"], url)
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr.strip() == "There is no workshop with the code NOPE2345."
    wrong = run_toolkit(["workshop", "status", "NOPE2345", "--format", "xml"], url)
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == "'xml' is not a format; use json or table."
    assert "Traceback" not in missing.stderr + wrong.stderr


# --- Backups --------------------------------------------------------------------------------


def test_a_backup_keeps_each_workshop_and_who_joined_it(room, tmp_path):
    from toolkit.store.backup import export_backup, import_backup, parse_backup

    service, round_, people = room
    workshop = service.start_workshop(people["facilitator"], round_.id, statements=["info-2"])
    me = join(service, workshop, "carer")
    service.save_answer(me, "info-2", "co-design")
    service.start_answering(Operator(), round_.id, "manager")  # not in the workshop
    document = export_backup(service.store, round_.organisation_id)
    [saved] = document["organisations"][0]["rounds"][0]["workshops"]
    assert (saved["join_code"], saved["statements"]) == (workshop.code, ["info-2"])
    people_saved = document["organisations"][0]["rounds"][0]["respondents"]
    assert [p["workshop"] for p in people_saved] == [workshop.code, None]

    other = Service(Store(f"sqlite:///{tmp_path}/other.db"))
    import_backup(other.store, parse_backup(document))
    again = other.workshop_status(Operator(), workshop.code)
    assert (again.participants, again.answers, again.workshop.statements) == (1, 1, ("info-2",))


def test_a_backup_naming_a_workshop_its_round_does_not_have_is_refused(room):
    from toolkit.store.backup import export_backup, parse_backup

    service, round_, _ = room
    service.start_answering(Operator(), round_.id, "carer")
    document = export_backup(service.store, round_.organisation_id)
    document["organisations"][0]["rounds"][0]["respondents"][0]["workshop"] = "ABCDEFGH"
    with pytest.raises(StoreError) as refused:
        parse_backup(document)
    assert refused.value.problems == [
        "organisations[0].rounds[0].respondents[0].workshop: this round has no workshop 'ABCDEFGH'"
    ]


# --- What the review of the first version found -----------------------------------------------


def test_wrong_join_codes_never_lock_signing_in_from_that_address(room):
    service, round_, _ = room
    service.add_user(Operator(), "lead@example.org", "correct horse battery", "admin")
    for guess in range(10):
        with pytest.raises(NotFound):
            service.open_workshop(f"WRONG{guess:03d}", "10.0.0.4", "tab-x")
    signed_in, _ = service.sign_in("lead@example.org", "correct horse battery", "10.0.0.4")
    assert signed_in.user.email == "lead@example.org"


def test_a_code_is_read_in_any_case_with_spaces_or_hyphens_and_nothing_typed_is_no_guess(room):
    service, round_, _ = room
    workshop = service.start_workshop(Operator(), round_.id)
    typed = f" {workshop.code[:4].lower()}-{workshop.code[4:]} "
    assert service.open_workshop(typed, "10.0.0.3", "tab-y").id == workshop.id
    spaced = " ".join(workshop.code)
    assert service.workshop_status(Operator(), spaced).workshop.id == workshop.id
    for _ in range(12):
        with pytest.raises(NotFound) as empty:
            service.open_workshop("  ", "10.0.0.3", "tab-y")
    assert str(empty.value) == "Type the code shown on the screen."
    assert service.open_workshop(workshop.code, "10.0.0.3", "tab-y").id == workshop.id


def test_an_unknown_address_is_nobody_in_particular_so_only_the_tab_is_counted(room):
    service, round_, _ = room
    workshop = service.start_workshop(Operator(), round_.id)
    for guess in range(10):
        with pytest.raises(NotFound):
            service.open_workshop(f"WRONG{guess:03d}", "unknown", "tab-1")
    with pytest.raises(NotAllowed):
        service.open_workshop(workshop.code, "unknown", "tab-1")
    assert service.open_workshop(workshop.code, "unknown", "tab-2").id == workshop.id


def test_closing_sends_in_those_who_answered_and_a_closed_round_keeps_its_figures(room):
    service, round_, people = room
    workshop = service.start_workshop(people["facilitator"], round_.id)
    answered = join(service, workshop, "carer")
    service.save_answer(answered, "wellbeing-1", "co-design")
    silent = join(service, workshop, "manager")
    service.set_round_status(Operator(), round_.id, "closed")
    with pytest.raises(StoreError, match="is closed, so it takes no more answers"):
        service.close_workshop(people["facilitator"], workshop.code)
    assert service.store.workshop(workshop.code).state == "answering"
    with pytest.raises(StoreError) as closed_round:
        service.open_workshop(workshop.code, "10.0.0.2", "tab-z")
    assert str(closed_round.value) == "This workshop has closed. Thank you for taking part."
    service.set_round_status(Operator(), round_.id, "open")
    status = service.close_workshop(people["facilitator"], workshop.code)
    assert status.workshop.state == "closed"
    assert service.store.respondent(answered.respondent_id).submitted
    assert not service.store.respondent(silent.respondent_id).submitted  # no empty answers


def test_a_minimum_raised_after_the_start_holds_in_the_room(room):
    service, round_, people = room
    workshop = service.start_workshop(people["facilitator"], round_.id)
    for perspective in ("carer", "carer", "manager"):
        service.save_answer(join(service, workshop, perspective), "wellbeing-1", "co-design")
    picture = service.workshop_picture(people["facilitator"], workshop.code, "wellbeing-1")
    assert (picture.minimum, picture.everyone is not None) == (3, True)
    service.set_minimum_group_size(Operator(), round_.organisation_id, 4)
    picture = service.workshop_picture(people["facilitator"], workshop.code, "wellbeing-1")
    assert (picture.minimum, picture.everyone) == (4, None)
