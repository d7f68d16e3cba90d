"""Workshops through the service layer and the command line: starting one, its join code,
who may run it, joining by code (with wrong codes limited), answering, the room's picture
under the minimum group rule, moving on, pausing and closing."""

from __future__ import annotations

import datetime as dt
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


def join(service, workshop, perspective, client="unknown", tab="tab-1"):
    opened = service.open_workshop(workshop.code, client, tab)
    me, token = service.join_workshop(opened, perspective, client=client)
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
    # The room saw 3: the next picture is of 4 more than that, 7.
    for perspective in ("carer", "carer", "manager"):
        service.save_answer(join(service, workshop, perspective), "wellbeing-1", "informing")
    picture = service.workshop_picture(people["facilitator"], workshop.code, "wellbeing-1")
    assert (picture.answered, picture.everyone, picture.redrawn_at) == (6, None, 7)
    service.save_answer(join(service, workshop, "manager"), "wellbeing-1", "informing")
    picture = service.workshop_picture(people["facilitator"], workshop.code, "wellbeing-1")
    assert (picture.answered, picture.shown, picture.redrawn_at) == (7, 7, 11)


# --- The picture moves in steps of the minimum group size ---------------------------------------


def nonzero(side):
    """How many chose each answer, leaving out the answers nobody chose."""
    return {choice: count for choice, count in side.counts if count}


def test_the_picture_moves_only_in_steps_of_the_minimum(room):
    """Watching the picture between two refreshes must not show one person's answer: it is
    drawn again only when 3 more have answered, and a changed answer waits for that too."""
    service, round_, people = room
    facilitator = people["facilitator"]
    workshop = service.start_workshop(facilitator, round_.id, statements=["info-1", "info-2"])
    phones = Service(service.store)  # the participants' app server, not the facilitator's
    room_ = []

    def answer(rung, perspective="manager"):
        me = join(phones, workshop, perspective, client="unknown")
        phones.save_answer(me, "info-1", rung)
        room_.append(me)

    def look(**given):
        return service.workshop_picture(facilitator, workshop.code, "info-1", **given)

    answer("co-design")
    answer("co-design")
    picture = look()
    assert (picture.answered, picture.shown, picture.everyone) == (2, 0, None)
    assert not picture.may_show_all

    answer("consultation")
    picture = look()
    assert (picture.answered, picture.shown, picture.redrawn_at) == (3, 3, 6)
    assert nonzero(picture.everyone) == {"co-design": 2, "consultation": 1}
    assert picture.everyone.people == 3

    phones.save_answer(room_[0], "info-1", "coercion")  # one of the first three changes
    picture = look()
    assert (picture.answered, picture.shown) == (3, 3)
    assert nonzero(picture.everyone) == {"co-design": 2, "consultation": 1}
    for count in (4, 5):
        answer("engagement")
        picture = look()
        assert (picture.joined, picture.answered, picture.shown) == (count, count, 3)
        assert nonzero(picture.everyone) == {"co-design": 2, "consultation": 1}
    assert look() == picture  # a second look (a reload, another tab) draws the same

    answer("informing")
    picture = look()
    assert (picture.answered, picture.shown, picture.redrawn_at) == (6, 6, 9)
    assert nonzero(picture.everyone) == {
        "coercion": 1,
        "informing": 1,
        "consultation": 1,
        "engagement": 2,
        "co-design": 1,
    }
    assert picture.everyone.spread == pytest.approx(1.632993, abs=1e-6)  # sqrt(16/6)

    answer("co-production")
    picture = look()
    assert (picture.answered, picture.shown) == (7, 6)
    assert "co-production" not in nonzero(picture.everyone)
    assert picture.may_show_all
    picture = look(show_all=True)  # the facilitator shows every answer, on purpose
    assert (picture.answered, picture.shown, picture.redrawn_at) == (7, 7, 10)
    assert nonzero(picture.everyone)["co-production"] == 1
    # After that, it moves in steps again: from 7, at 10.
    phones.save_answer(room_[6], "info-1", "coercion")
    answer("coercion")
    answer("coercion")
    picture = look()
    assert (picture.answered, picture.shown) == (9, 7)
    assert nonzero(picture.everyone)["co-production"] == 1
    answer("coercion")
    picture = look()
    assert (picture.answered, picture.shown) == (10, 10)
    assert nonzero(picture.everyone)["coercion"] == 5


def test_two_answers_and_show_all_show_nothing_below_the_minimum(room):
    service, round_, people = room
    workshop = service.start_workshop(people["facilitator"], round_.id)
    for rung in ("co-design", "engagement"):
        service.save_answer(join(service, workshop, "carer"), "wellbeing-1", rung)
    picture = service.workshop_picture(
        people["facilitator"], workshop.code, "wellbeing-1", show_all=True
    )
    assert (picture.answered, picture.shown, picture.everyone) == (2, 0, None)


def test_each_side_moves_in_steps_of_its_own(room):
    """Lived experience beside everyone else: a side redrawn with one more answer on it
    would show that answer, so each side waits for 3 more of its own."""
    service, round_, people = room
    facilitator = people["facilitator"]
    workshop = service.start_workshop(facilitator, round_.id)

    def answer(perspective, rung):
        service.save_answer(join(service, workshop, perspective), "wellbeing-1", rung)
        return service.workshop_picture(facilitator, workshop.code, "wellbeing-1")

    for perspective in ("carer", "carer", "carer", "manager", "manager"):
        picture = answer(perspective, "co-design")
    picture = answer("manager", "consultation")
    assert (picture.shown, picture.sides_shown) == (6, 6)
    assert (picture.lived.people, picture.others.people) == (3, 3)
    assert nonzero(picture.others) == {"co-design": 2, "consultation": 1}
    # 9 answers: 4 lived, 5 others. Everyone is drawn again; the sides are not.
    answer("carer", "coercion")
    answer("manager", "informing")
    picture = answer("manager", "informing")
    assert (picture.shown, picture.sides_shown) == (9, 6)
    assert nonzero(picture.everyone) == {
        "coercion": 1,
        "informing": 2,
        "consultation": 1,
        "co-design": 5,
    }
    assert (picture.lived.people, picture.others.people) == (3, 3)
    assert nonzero(picture.lived) == {"co-design": 3}
    assert nonzero(picture.others) == {"co-design": 2, "consultation": 1}
    # 12 answers: 6 and 6, 3 more on each side: both are drawn again.
    answer("carer", "engagement")
    answer("carer", "engagement")
    picture = answer("manager", "engagement")
    assert (picture.shown, picture.sides_shown) == (12, 12)
    assert (picture.lived.people, picture.others.people) == (6, 6)
    assert nonzero(picture.lived) == {"coercion": 1, "engagement": 2, "co-design": 3}


def test_a_minimum_of_one_is_no_group_so_the_picture_is_live():
    from toolkit.service.workshops import Held, step

    lived = {"carer"}
    held = step(Held(), [("carer", "co-design")], 1, lived)
    assert held.everyone == (("carer", "co-design"),) and held.sides == ()
    held = step(held, [("carer", "coercion")], 1, lived)  # a change shows at once
    assert held.everyone == (("carer", "coercion"),)
    held = step(held, [("carer", "coercion"), ("manager", "informing")], 1, lived)
    assert held.everyone == held.sides == (("carer", "coercion"), ("manager", "informing"))


def test_the_step_rule_at_its_boundaries():
    from toolkit.service.workshops import Held, step

    rungs = ["co-design", "co-design", "consultation", "engagement", "engagement", "informing"]
    given = [("manager", rung) for rung in rungs]
    assert step(Held(), given[:2], 3, set()) == Held()
    three = step(Held(), given[:3], 3, set())
    assert three.everyone == tuple(given[:3])
    changed = [("manager", "coercion"), *given[1:]]
    assert step(three, changed[:4], 3, set()) == three
    assert step(three, changed[:5], 3, set()) == three
    assert step(three, changed[:6], 3, set()).everyone == tuple(changed[:6])
    assert step(Held(), changed[:5], 3, set()).everyone == tuple(changed[:3])  # a first look
    assert step(Held(), changed[:7], 3, set()).everyone == tuple(changed[:6])
    assert step(three, changed[:5], 3, set(), show_all=True).everyone == tuple(changed[:5])
    assert step(Held(), changed[:2], 3, set(), show_all=True) == Held()
    # A minimum raised to 4 since the first 3 were shown (`picture` no longer shows them): the
    # next step is still 4 more than the room saw.
    seven = [*changed, ("manager", "co-production")]
    assert step(three, seven[:6], 4, set()) == three
    assert step(three, seven, 4, set()).everyone == tuple(seven)


# --- Joining once: the same browser carries on, and one address adds at most 5 --------------------

LIMIT_REACHED = (
    "5 people have already joined this workshop from here (this phone or tablet, or the "
    "network it is on), the most that one place can add. If you joined before, carry on where "
    "you joined; otherwise, please join on another phone."
)


def test_one_address_adds_at_most_five_people_to_a_workshop(room):
    service, round_, people = room
    workshop = service.start_workshop(people["facilitator"], round_.id)
    for _ in range(5):
        join(service, workshop, "carer", client="192.0.2.7")
    with pytest.raises(NotAllowed) as refused:
        service.join_workshop(workshop, "carer", client="192.0.2.7")
    assert str(refused.value) == LIMIT_REACHED
    with pytest.raises(NotAllowed):
        service.join_workshop(workshop, "manager", client="192.0.2.7")
    assert service.workshop_status(people["facilitator"], workshop.code).participants == 5
    # Another address, and the same address in another workshop, are not held back.
    join(service, workshop, "carer", client="192.0.2.8")
    other = service.start_workshop(people["facilitator"], round_.id)
    join(service, other, "carer", client="192.0.2.7")
    # An address the server cannot tell is nobody in particular.
    for _ in range(6):
        join(service, workshop, "carer", client="unknown")
    assert service.workshop_status(people["facilitator"], workshop.code).participants == 12
    # Only a hash of the address is kept, and joining is no failed sign-in there.
    since = workshop.created_at - dt.timedelta(minutes=1)
    assert service.store.failed_sign_ins(since, client_address="192.0.2.7") == []
    service.add_user(Operator(), "lead@example.org", "correct horse battery", "admin")
    signed_in, _ = service.sign_in("lead@example.org", "correct horse battery", "192.0.2.7")
    assert signed_in.user.email == "lead@example.org"


def test_the_joins_an_address_may_add_are_a_setting_and_zero_lifts_the_limit(room, monkeypatch):
    service, round_, people = room
    monkeypatch.setenv("TOOLKIT_JOINS_PER_ADDRESS", "2")
    workshop = service.start_workshop(people["facilitator"], round_.id)
    join(service, workshop, "carer", client="198.51.100.4")
    join(service, workshop, "carer", client="198.51.100.4")
    with pytest.raises(NotAllowed) as refused:
        service.join_workshop(workshop, "carer", client="198.51.100.4")
    assert str(refused.value).startswith("2 people have already joined this workshop from here")
    monkeypatch.setenv("TOOLKIT_JOINS_PER_ADDRESS", "1")
    with pytest.raises(NotAllowed) as refused:
        service.join_workshop(workshop, "carer", client="198.51.100.4")
    assert str(refused.value).startswith("1 person has already joined this workshop from here")
    # A room reaching a hosted app through one venue's address: no limit.
    monkeypatch.setenv("TOOLKIT_JOINS_PER_ADDRESS", "0")
    for _ in range(8):
        join(service, workshop, "carer", client="198.51.100.4")
    assert service.workshop_status(people["facilitator"], workshop.code).participants == 10
    # Anything but a whole number keeps the usual limit of five.
    monkeypatch.setenv("TOOLKIT_JOINS_PER_ADDRESS", "lots")
    other = service.start_workshop(people["facilitator"], round_.id)
    for _ in range(5):
        join(service, other, "carer", client="198.51.100.4")
    with pytest.raises(NotAllowed):
        service.join_workshop(other, "carer", client="198.51.100.4")


def test_self_paced_each_statement_moves_in_steps_of_its_own(room):
    service, round_, people = room
    facilitator = people["facilitator"]
    workshop = service.start_workshop(
        facilitator, round_.id, mode="self-paced", statements=["info-1", "info-2"]
    )
    room_ = [join(service, workshop, "manager") for _ in range(4)]
    for me in room_[:3]:
        service.save_answer(me, "info-1", "engagement")
    for me in room_[:2]:
        service.save_answer(me, "info-2", "informing")

    def look(statement_id):
        return service.workshop_picture(facilitator, workshop.code, statement_id)

    assert nonzero(look("info-1").everyone) == {"engagement": 3}
    assert look("info-2").everyone is None
    service.save_answer(room_[0], "info-1", "co-production")  # waits for the next step
    service.save_answer(room_[3], "info-1", "co-production")
    service.save_answer(room_[3], "info-2", "co-design")
    assert nonzero(look("info-1").everyone) == {"engagement": 3}
    assert nonzero(look("info-2").everyone) == {"informing": 2, "co-design": 1}
