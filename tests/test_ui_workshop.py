"""The workshop pages through AppTest: a facilitator starts one and watches the room; people
join by code with no account and answer; moving on, pausing and closing."""

from __future__ import annotations

import re

import pytest
from conftest import click, open_page, sign_in_as
from reading import read_all, shown

from toolkit.service import Operator, Service

DEMO = "Riverside Care (demo)"


@pytest.fixture
def room(demo_app, monkeypatch):
    monkeypatch.setenv("TOOLKIT_PUBLIC_URL", "https://assess.example.org")
    round_ = next(r for r in demo_app.rounds() if r.is_open)
    token = sign_in_as(demo_app, "facilitator@example.org", "facilitator", DEMO)
    return demo_app, round_, token


def facilitator_page(round_, token):
    return open_page("workshops", token=token, org=round_.organisation_id, round=round_.id)


def started(round_, token, statements=("info-1", "info-2")):
    at = facilitator_page(round_, token)
    next(m for m in at.multiselect if m.key == "workshops_statements").set_value(list(statements))
    click(at, "Start the workshop")
    code = re.search(r'aria-label="Join code ([A-Z0-9 ]+)"', shown(at)).group(1).replace(" ", "")
    return at, code


def test_a_facilitator_starts_a_workshop_and_the_room_is_shown_how_to_join(room):
    store, round_, token = room
    at, code = started(round_, token)
    assert re.fullmatch(r"[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}", code)
    assert [c.value for c in at.code] == [f"https://assess.example.org/join?code={code}"]
    text = shown(at)
    assert "Join at <strong>https://assess.example.org/join</strong> with the code" in text
    assert f'aria-label="QR code that opens https://assess.example.org/join?code={code}"' in text
    assert "<svg" in text
    assert read_all(h.value for h in at.header) == ["Statement 1 of 2"]
    assert "**0 people have joined; 0 answered this statement.**" in text
    assert read_all(i.value for i in at.info) == [
        "The room's answers show once 3 people have answered (0 so far)."
    ]
    [workshop] = store.workshops(round_.id)
    assert (workshop.code, workshop.statements, workshop.mode) == (
        code,
        ("info-1", "info-2"),
        "paced",
    )


def test_the_room_shows_once_the_minimum_have_answered_and_the_facilitator_moves_on(room):
    store, round_, token = room
    at, code = started(round_, token)
    service = Service(store)
    workshop = service.open_workshop(code, "10.1.1.1", "t")
    for perspective, answer in (
        ("carer", "co-design"),
        ("frontline-staff", "consultation"),
        ("manager", "consultation"),
    ):
        me, _ = service.join_workshop(workshop, perspective)
        service.save_answer(me, "info-1", answer)
    at.run()
    text = shown(at)
    assert "**3 people have joined; 3 answered this statement.**" in text
    assert "**Everyone** (3)" in text
    assert "- Consultation: 2" in text and "- Co-design: 1" in text
    assert "shown side by side once each side has 3 answers" in text
    # After the talk, the agreed rung and why, for the statement on the screen.
    next(s for s in at.selectbox if s.key.startswith("agreed_rung_")).set_value("consultation")
    next(t for t in at.text_area if t.key.startswith("agreed_reason_")).input("Most said so")
    click(at, "Save what was agreed")
    agreed = store.agreed_rungs(round_.id)["info-1"]
    assert (agreed.rung, agreed.reason) == ("consultation", "Most said so")
    assert "Saved: Consultation for info-1." in shown(at)
    click(at, "Next statement")
    assert store.workshop(code).current_statement == "info-2"
    assert read_all(h.value for h in at.header) == ["Statement 2 of 2"]
    click(at, "Pause")
    assert store.workshop(code).state == "paused"
    click(at, "Carry on")
    assert store.workshop(code).state == "answering"
    click(at, "Close it now")
    assert store.workshop(code).state == "closed"
    assert f"Closed the workshop {code}: its answers now count in" in shown(at)
    joined = [p for p in store.respondents(round_.id) if p.workshop_id]
    assert len(joined) == 3 and all(p.submitted for p in joined)


def test_someone_joins_by_code_with_no_account_and_follows_the_facilitator(room):
    store, round_, token = room
    _, code = started(round_, token)
    phone = open_page("join", token=None, code=code)
    assert not phone.exception
    assert phone.text_input[0].value == code
    click(phone, "Join")
    assert read_all(h.value for h in phone.header) == ["Who are you?"]
    phone.radio[0].set_value("carer")
    click(phone, "Start")
    assert read_all(h.value for h in phone.header) == ["Question 1 of 2"]
    text = shown(phone)
    assert (
        "“The information I get has been written or checked by people who draw on care and "
        "support, so it makes sense to me.”"
    ) in text
    assert "**Which rung best describes how we work with you or the person you care for" in text
    assert DEMO not in text and round_.title not in text  # nothing names the organisation
    answer = next(r for r in phone.radio if r.key and r.key.startswith("answer_"))
    answer.set_value("co-design").run()
    answer = next(r for r in phone.radio if r.key and r.key.startswith("answer_"))
    answer.set_value("co-production").run()  # a change replaces the answer
    person = next(p for p in store.respondents(round_.id) if p.workshop_id)
    assert {k: a.answer for k, a in store.answers(person.id).items()} == {"info-1": "co-production"}
    Service(store).move_workshop(Operator(), code, "info-2")
    phone.run()
    assert read_all(h.value for h in phone.header) == ["Question 2 of 2"]
    # A reload (a new session with the same address) carries on as the same person.
    link = phone.query_params["resume"]
    again = open_page("join", token=None, resume=link[0] if isinstance(link, list) else link)
    assert read_all(h.value for h in again.header) == ["Question 2 of 2"]
    assert len([p for p in store.respondents(round_.id) if p.workshop_id]) == 1
    Service(store).close_workshop(Operator(), code)
    again.run()
    assert read_all(h.value for h in again.header) == ["Thank you"]


def test_a_wrong_code_is_named_at_its_field(room):
    phone = open_page("join", token=None)
    phone.text_input[0].input("WRONG234")
    click(phone, "Join")
    text = shown(phone)
    assert read_all(h.value for h in phone.header)[0] == "There is a problem"
    assert (
        "- [There is no workshop with that code. Check the code on the screen and try again.]"
        "(#tk-field-code)"
    ) in text


def test_someone_signed_in_joins_as_a_participant_too(room):
    store, round_, token = room
    _, code = started(round_, token)
    phone = open_page("join", token=token, code=code)  # the facilitator's own phone
    click(phone, "Join")
    phone.radio[0].set_value("frontline-staff")
    click(phone, "Start")
    assert read_all(h.value for h in phone.header) == ["Question 1 of 2"]
    joined = [p for p in store.respondents(round_.id) if p.workshop_id]
    assert [p.perspective for p in joined] == ["frontline-staff"]
    phone.run()  # a rerun is still the same person, not a second one
    assert read_all(h.value for h in phone.header) == ["Question 1 of 2"]
    assert len([p for p in store.respondents(round_.id) if p.workshop_id]) == 1


def test_a_workshop_closed_between_the_code_and_who_you_are_says_so_at_the_code(room):
    store, round_, token = room
    _, code = started(round_, token)
    phone = open_page("join", token=None, code=code)
    click(phone, "Join")
    Service(store).close_workshop(Operator(), code)
    phone.run()
    assert not phone.exception
    assert ("- [This workshop has closed. Thank you for taking part.](#tk-field-code)") in shown(
        phone
    )
    assert phone.text_input[0].label == "Workshop code"


def test_self_paced_people_work_through_and_a_reload_carries_on_where_they_were(room):
    store, round_, _ = room
    workshop = Service(store).start_workshop(
        Operator(), round_.id, mode="self-paced", statements=["info-1", "info-2", "info-3"]
    )
    phone = open_page("join", token=None, code=workshop.code)
    click(phone, "Join")
    phone.radio[0].set_value("carer")
    click(phone, "Start")
    assert read_all(h.value for h in phone.header) == ["Question 1 of 3"]
    next(r for r in phone.radio if r.key.startswith("answer_")).set_value("co-design").run()
    click(phone, "Next")
    next(r for r in phone.radio if r.key.startswith("answer_")).set_value("engagement").run()
    click(phone, "Next")
    assert read_all(h.value for h in phone.header) == ["Question 3 of 3"]
    assert [b.label for b in phone.button if b.key and b.key.startswith("join_")] == ["Back"]
    link = phone.query_params["resume"]
    again = open_page("join", token=None, resume=link[0] if isinstance(link, list) else link)
    assert read_all(h.value for h in again.header) == ["Question 3 of 3"]
    click(again, "Back")
    assert read_all(h.value for h in again.header) == ["Question 2 of 3"]


def test_a_paused_workshop_asks_the_room_to_wait(room):
    store, round_, token = room
    _, code = started(round_, token)
    phone = open_page("join", token=None, code=code)
    click(phone, "Join")
    phone.radio[0].set_value("carer")
    click(phone, "Start")
    Service(store).pause_workshop(Operator(), code, True)
    phone.run()
    assert read_all(h.value for h in phone.header) == ["Please wait"]
    assert not [r for r in phone.radio if r.key and r.key.startswith("answer_")]
    Service(store).pause_workshop(Operator(), code, False)
    phone.run()
    assert read_all(h.value for h in phone.header) == ["Question 1 of 2"]


# --- What the review found: the picture moves in steps; one browser, one person ----------------


def test_the_facilitator_sees_the_room_in_steps_of_the_minimum(room):
    store, round_, token = room
    at, code = started(round_, token)
    phones = Service(store)  # the participants' app server: not the facilitator's
    workshop = phones.open_workshop(code, "unknown", "t")
    people = []

    def answer(rung):
        me, _ = phones.join_workshop(workshop, "manager")
        phones.save_answer(me, "info-1", rung)
        people.append(me)

    answer("co-design")
    answer("co-design")
    at.run()
    assert "**2 people have joined; 2 answered this statement.**" in shown(at)
    assert read_all(i.value for i in at.info) == [
        "The room's answers show once 3 people have answered (2 so far)."
    ]
    assert not [b for b in at.button if b.label.startswith("Show all")]

    answer("consultation")
    at.run()
    text = shown(at)
    assert "**Everyone** (3)" in text
    assert "- Co-design: 2" in text and "- Consultation: 1" in text
    assert (
        "Answers spread over about 0.9 rungs either side of the average. People broadly "
        "agree about this one."
    ) in text
    assert (
        "Showing the first 3 answers. The picture changes when 3 more people have answered."
    ) in text

    phones.save_answer(people[0], "info-1", "coercion")  # one of the first three changes
    answer("engagement")  # and a fourth answers: neither shows
    at.run()
    text = shown(at)
    assert "**4 people have joined; 4 answered this statement.**" in text
    assert "**Everyone** (3)" in text
    assert "- Co-design: 2" in text and "- Coercion: 0" in text and "- Engagement: 0" in text
    assert (
        "Showing the first 3 answers. The picture changes when 2 more people have answered."
    ) in text
    # The facilitator's reload (a new session on the same app server) shows the same.
    again = facilitator_page(round_, token)
    assert "**Everyone** (3)" in shown(again) and "- Co-design: 2" in shown(again)

    answer("engagement")
    at.run()
    text = shown(at)
    assert "**Everyone** (3)" in text
    assert (
        "Showing the first 3 answers. The picture changes when 1 more person has answered."
    ) in text
    answer("informing")
    at.run()
    text = shown(at)
    assert "**6 people have joined; 6 answered this statement.**" in text
    assert "**Everyone** (6)" in text
    for line in (
        "- Coercion: 1",
        "- Informing: 1",
        "- Consultation: 1",
        "- Engagement: 2",
        "- Co-design: 1",
        "- Co-production: 0",
    ):
        assert line in text
    assert (
        "Answers spread over about 1.6 rungs either side of the average. People disagree "
        "about this one."
    ) in text
    assert (
        "Showing the first 6 answers. The picture changes when 3 more people have answered."
    ) in text

    answer("co-production")
    at.run()
    assert "**Everyone** (6)" in shown(at) and "- Co-production: 0" in shown(at)
    click(at, "Show all 7 answers")  # the room has finished
    text = shown(at)
    assert "**Everyone** (7)" in text and "- Co-production: 1" in text
    assert (
        "Showing the first 7 answers. The picture changes when 3 more people have answered."
    ) in text


def joined_people(store, round_):
    return [p for p in store.respondents(round_.id) if p.workshop_id]


def join_as(code, perspective="carer"):
    phone = open_page("join", token=None, code=code)
    click(phone, "Join")
    next(r for r in phone.radio if r.key == "join_who").set_value(perspective)
    click(phone, "Start")
    return phone


def test_one_address_adds_five_people_and_the_sixth_is_told_why(room, monkeypatch):
    from toolkit.ui import session

    store, round_, token = room
    _, code = started(round_, token)
    monkeypatch.setattr(session, "client_address", lambda: "192.0.2.7")
    for number in range(1, 6):
        phone = join_as(code)
        assert read_all(h.value for h in phone.header) == ["Question 1 of 2"], number
    assert len(joined_people(store, round_)) == 5
    sixth = join_as(code)
    assert read_all(h.value for h in sixth.header)[:2] == ["There is a problem", "Who are you?"]
    assert (
        "- [5 people have already joined this workshop from here (this phone or tablet, or the "
        "network it is on), the most that one place can add. If you joined before, carry on "
        "where you joined; otherwise, please join on another phone.](#tk-field-who)"
    ) in shown(sixth)
    assert len(joined_people(store, round_)) == 5
    monkeypatch.setattr(session, "client_address", lambda: "192.0.2.8")
    assert read_all(h.value for h in join_as(code).header) == ["Question 1 of 2"]


def cookies_written(at) -> list[str]:
    """The cookies the page asked the browser to keep for workshops it joined."""
    return [
        found
        for element in at.get("bidi_component")
        for found in re.findall(r"toolkit_joined_[^\"\\]*", str(element.proto))
    ]


def test_a_browser_that_joined_carries_on_as_the_same_person(room, monkeypatch):
    from streamlit.runtime.context import ContextProxy

    store, round_, token = room
    _, code = started(round_, token)
    phone = join_as(code)
    next(r for r in phone.radio if r.key.startswith("answer_")).set_value("co-design").run()
    link = phone.query_params["resume"]
    link = link[0] if isinstance(link, list) else link
    assert cookies_written(phone) == [
        f"toolkit_joined_{code}={link}; Path=/; Max-Age=86400; SameSite=Strict"
    ]
    # The browser sends that cookie with every page it opens from now on.
    monkeypatch.setattr(
        ContextProxy, "cookies", property(lambda _: {f"toolkit_joined_{code}": link})
    )
    again = open_page("join", token=None, code=code)  # the link (or QR code) again
    assert read_all(h.value for h in again.header) == ["Question 1 of 2"]
    answer = next(r for r in again.radio if r.key.startswith("answer_"))
    assert answer.value == "co-design"
    typed = open_page("join", token=None)  # the code typed again
    typed.text_input[0].input(code.lower())
    click(typed, "Join")
    assert read_all(h.value for h in typed.header) == ["Question 1 of 2"]
    assert len(joined_people(store, round_)) == 1

    # A shared tablet: someone else's turn is a new person, and the cookie is forgotten.
    click(typed, "Hand over to the next person")
    assert read_all(h.value for h in typed.header) == ["Who are you?"]
    assert (
        "Thank you: your answers are saved. The next person now says who they are and answers "
        "for themselves."
    ) in shown(typed)
    assert cookies_written(typed) == [f"toolkit_joined_{code}=; Path=/; Max-Age=0; SameSite=Strict"]
    next(r for r in typed.radio if r.key == "join_who").set_value("manager")
    click(typed, "Start")
    assert read_all(h.value for h in typed.header) == ["Question 1 of 2"]
    answer = next(r for r in typed.radio if r.key.startswith("answer_"))
    assert answer.value is None
    assert [p.perspective for p in joined_people(store, round_)] == ["carer", "manager"]
    first = joined_people(store, round_)[0]
    assert {k: a.answer for k, a in store.answers(first.id).items()} == {"info-1": "co-design"}


def test_a_participant_is_offered_no_page_that_leads_away_from_the_workshop(room):
    from toolkit.ui import registry, session

    store, round_, token = room
    _, code = started(round_, token)
    phone = join_as(code)
    [person] = joined_people(store, round_)
    service = Service(store)
    # The participant as their own link makes them (a reload, another tab).
    participant = service.resume(phone.session_state[session.ANSWERING][2])
    assert participant.respondent_id == person.id
    titles = [p.title for p in registry.pages_for(service, participant)]
    assert titles == ["Join a workshop"]
    # Someone answering a round by its own link still has the questions.
    me, _ = service.start_answering(Operator(), round_.id, "carer")
    titles = [p.title for p in registry.pages_for(service, me)]
    assert titles == ["Answer the questions", "Join a workshop"]
