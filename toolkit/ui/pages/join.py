"""Join a workshop: type the code from the screen (or open the link or QR code with the code
in it), say who you are, and answer with the room, on a phone.

No account is needed. Each participant's answers are stored the moment they are given, and
their own link (the address, with `resume=`) carries them on as the same person after a
reload or a dropped connection. A browser that has joined a workshop keeps its participant in
a cookie, so opening the link again or typing the code again carries on as the same person,
not a new one; "Someone else's turn" hands a shared phone or tablet to the next person, and
one address adds at most `JOINS_PER_ADDRESS` people to a workshop. Paced, the phone follows
the facilitator's statement within a couple of seconds; self-paced, each person works through
the workshop's statements. Nothing here names the organisation or the round, and nothing here
shows the room's answers.
"""

from __future__ import annotations

import hashlib
import secrets

import streamlit as st

from toolkit.service import Answering, NotAllowed, workshops
from toolkit.service.links import RESUME
from toolkit.service.service import join_code
from toolkit.store import DatabaseUnavailable, StoreError
from toolkit.ui import context, questions, session, widgets

CODE_FIELD, WHO_FIELD = "tk-field-code", "tk-field-who"
FOLLOW_EVERY = 2  # seconds between looks at where the facilitator is
JOINED_COOKIE = "toolkit_joined_"  # and a workshop's code: this browser's participant in it
JOINED_FOR = 24 * 60 * 60  # seconds a browser keeps it
HANDED_OVER = "join_handed_over"  # codes this tab has handed to someone else

# Streamlit cannot set a cookie from the server: a small script in the page does.
_COOKIE_SCRIPT = """
export default function (component) {
    const { data } = component;
    if (data && data.cookie) { document.cookie = data.cookie; }
}
"""
_cookie_writer = st.components.v2.component("toolkit_join_cookie", js=_COOKIE_SCRIPT)

easy = widgets.page("Join a workshop", easy_title="Join the workshop", flash=False)
service, actor = context.service(), context.actor()
tab = st.session_state.setdefault("join_tab", secrets.token_hex(12))
moves = st.session_state.get("join_moves", 0)


def moved() -> None:
    st.session_state["join_moves"] = st.session_state.get("join_moves", 0) + 1


def write_cookie(code: str, token: str, max_age: int) -> None:
    """Keep (or, with no token and no age, forget) this browser's participant in a workshop."""
    secure = "; Secure" if (st.context.url or "").startswith("https://") else ""
    cookie = f"{JOINED_COOKIE}{code}={token}; Path=/; Max-Age={max_age}; SameSite=Strict{secure}"
    key = hashlib.sha256(cookie.encode("utf-8")).hexdigest()[:20]
    _cookie_writer(data={"cookie": cookie}, key=f"join-cookie-{key}", height=0)


def joined_before(code: str) -> tuple[Answering, str] | None:
    """The participant this browser already is in the workshop with this code, and their
    token, if it joined it before (and this tab has not handed over to someone else)."""
    code = join_code(code)
    if not code or code in st.session_state.get(HANDED_OVER, ()):
        return None
    token = st.context.cookies.get(JOINED_COOKIE + code)
    if not isinstance(token, str) or not token:
        return None
    try:
        again = service.resume(token)
        if again is None or service.participation(again)[0].code != code:
            return None
    except (StoreError, NotAllowed, DatabaseUnavailable):
        return None
    return again, token


def carry_on(again: Answering, token: str) -> None:
    """Answer in this tab as a participant who joined before."""
    session.start_answering(again, token)
    st.query_params[RESUME] = token  # their own link: a reload carries on as them


# Whoever answers here: someone signed in joins as a participant too (their account is not
# their answers), so the participant comes from this tab's answering link, not the actor.
me = actor if isinstance(actor, Answering) else session.answering(service)
if me is None and st.query_params.get("code"):  # the link again, in a browser that joined
    found = joined_before(st.query_params.get("code", ""))
    if found is not None:
        carry_on(*found)
        st.rerun()  # as them, top bar included
participation = None
if me is not None:
    try:
        participation = service.participation(me)
    except NotAllowed:  # answering a round's questions, not a workshop's
        participation = None

# --- Joining: the code, then who you are ------------------------------------------------------

if participation is None:

    def check_code() -> None:
        code = st.session_state.get("join_code_typed", "")
        try:
            workshop = service.open_workshop(code, session.client_address(), tab)
        except (StoreError, NotAllowed, DatabaseUnavailable) as error:
            st.session_state["join_problem"] = (str(error), CODE_FIELD)
            moved()
            return
        found = joined_before(workshop.code)  # the code again, in a browser that joined
        if found is not None:
            carry_on(*found)
        else:
            st.session_state["join_workshop"] = workshop.code
        moved()

    def join() -> None:
        chosen = st.session_state.get("join_who")
        if chosen is None:
            st.session_state["join_problem"] = ("Choose who you are", WHO_FIELD)
            moved()
            return
        try:
            workshop = service.open_workshop(
                st.session_state["join_workshop"], session.client_address(), tab
            )
            me, token = service.join_workshop(
                workshop,
                chosen,
                st.session_state.get("join_name") or None,
                client=session.client_address(),
            )
        except (StoreError, NotAllowed, DatabaseUnavailable) as error:
            st.session_state["join_problem"] = (str(error), WHO_FIELD)
            moved()
            return
        carry_on(me, token)
        moved()

    problem = st.session_state.pop("join_problem", None)
    widgets.error_summary([problem] if problem else [], moves)
    joining = st.session_state.get("join_workshop")
    if joining is None:
        widgets.step_heading("Type the code", moves)
        st.write(
            "Type the code you can see on the screen."
            if easy
            else "Type the code shown on the facilitator's screen, or open the link or QR code "
            "they share."
        )
        with st.form("join_code"):
            widgets.field_error(
                problem[0] if problem and problem[1] == CODE_FIELD else "", CODE_FIELD
            )
            st.text_input(
                "Workshop code",
                value=st.query_params.get("code", ""),
                max_chars=20,
                key="join_code_typed",
                placeholder="For example ABCD2345",
            )
            st.form_submit_button("Join", type="primary", on_click=check_code)
        st.stop()
    try:  # the workshop may have closed since the code was typed
        workshop = service.open_workshop(joining, session.client_address(), tab)
    except (StoreError, NotAllowed) as error:
        st.session_state.pop("join_workshop", None)
        st.session_state["join_problem"] = (str(error), CODE_FIELD)
        moved()
        st.rerun()
    widgets.step_heading("Who are you?", moves)
    if joining in st.session_state.get(HANDED_OVER, ()):
        write_cookie(joining, "", 0)  # this browser is the next person's now
        if st.session_state.pop("join_handed_note", False):
            st.success(
                "Your answers are saved. Now the next person can answer."
                if easy
                else "Thank you: your answers are saved. The next person now says who they are "
                "and answers for themselves."
            )
    perspectives = service.workshop_perspectives(workshop)
    with st.form("join_who"):
        widgets.field_error(problem[0] if problem and problem[1] == WHO_FIELD else "", WHO_FIELD)
        widgets.who_are_you(perspectives, easy, "join_who")
        st.text_input(
            "Your name (you do not have to give it)" if easy else "Your name (optional)",
            max_chars=200,
            key="join_name",
        )
        st.caption(
            "We do not need your name."
            if easy
            else "Your answers are anonymous unless you add your name. The room sees only how "
            "many chose each answer, once enough people have answered."
        )
        st.form_submit_button("Start", type="primary", on_click=join)
    st.stop()

# --- Taking part ------------------------------------------------------------------------------

workshop, questionnaire = participation
framework, person = questionnaire.framework, questionnaire.person
asked = workshops.statements_of(workshop, framework)
held = st.session_state.get(session.ANSWERING)
if held and held[0] == person.id:  # this browser carries on as them (the link or code again)
    write_cookie(workshop.code, held[2], JOINED_FOR)


def hand_over() -> None:
    """Someone else's turn on this phone or tablet: these answers stay this person's, and
    the next person joins afresh (counted like any new participant)."""
    st.session_state.setdefault(HANDED_OVER, set()).add(workshop.code)
    st.session_state.pop(session.ANSWERING, None)
    if RESUME in st.query_params:
        del st.query_params[RESUME]
    for key in ("join_place", "join_who", "join_name"):
        st.session_state.pop(key, None)
    st.session_state["join_workshop"] = workshop.code
    st.session_state["join_handed_note"] = True
    moved()


SHOWN = "join_shown"  # the questionnaire the screen shows now (the answer's fragment reads it)
st.session_state[SHOWN] = questionnaire


def save(statement_id: str, answer: str | None, note: str) -> None:
    """Autosave: a change replaces the answer (one a person a statement)."""
    if answer is not None:

        def keep() -> None:
            st.session_state[SHOWN] = service.save_and_show(
                me, st.session_state[SHOWN], statement_id, answer, note
            )

        context.run_safely(keep)


@st.fragment(run_every=FOLLOW_EVERY)
def follow(shown: tuple[str, str | None]) -> None:
    """Look, every couple of seconds, at where the workshop is; move when it moves."""
    with context.safety_net():
        now = service.workshop_now(me)
        if (now.state, now.current_statement) != shown:
            moved()
            st.rerun(scope="app")


if workshop.is_closed or person.submitted:
    widgets.step_heading("Thank you", moves)
    st.success(
        "The workshop has finished. Thank you for your answers."
        if easy
        else "The workshop has closed. Thank you: your answers now count in the results."
        if workshop.is_closed
        else "Your answers have been sent in. Thank you: they now count in the results."
    )
    st.stop()

follow((workshop.state, workshop.current_statement))
if workshop.state == "paused":
    widgets.step_heading("Please wait", moves)
    st.info(
        "The workshop is paused. Your answers are saved. It carries on in a moment."
        if easy
        else "The facilitator has paused the workshop. Your answers are saved; this screen "
        "carries on by itself when the workshop does."
    )
    st.stop()

questions.ladder_colours(framework.ladder)


def go(to: int) -> None:
    st.session_state["join_place"] = to
    moved()


@st.fragment
def taking_part() -> None:
    """The statement, its choices, how many are answered, and Back and Next (self-paced). A
    fragment: choosing an answer, Back and Next run only this part again (one phone's press
    costs the room little); the facilitator's moves run the whole page (`follow`)."""
    with context.safety_net():  # a fragment's own run is outside the page's safety net
        shown = st.session_state[SHOWN]
        if workshops.is_paced(workshop):
            current = workshop.current_statement
            place = asked.index(current) if current in asked else 0
        else:  # after a reload: the first statement not answered yet
            first_open = next((i for i, sid in enumerate(asked) if sid not in shown.answers), 0)
            place = min(st.session_state.setdefault("join_place", first_open), len(asked) - 1)
        statement = framework.statement(asked[place])
        widgets.step_heading(
            f"Question {place + 1} of {len(asked)}", st.session_state.get("join_moves", 0)
        )
        context.show_flash()  # a refused save, said where the answer was chosen
        questions.question(
            framework,
            statement,
            shown.answers.get(statement.id),
            key=f"{person.id}_{statement.id}",
            easy=easy,
            on_answer=save,
            asked=questions.asked(framework, statement, shown.perspective, easy),
        )
        answered = sum(1 for sid in asked if sid in shown.answers)
        st.progress(answered / len(asked), text=f"{answered} of {len(asked)} answered")
        if workshops.is_paced(workshop):
            st.caption(
                "You can change your answer. The next question comes when the group is ready."
                if easy
                else "You can change your answer until the facilitator moves on: the next "
                "statement appears here by itself."
            )
            return
        with st.container(horizontal=True):
            if place > 0:
                st.button("Back", on_click=go, args=(place - 1,), key="join_back")
            if place < len(asked) - 1:
                st.button("Next", type="primary", on_click=go, args=(place + 1,), key="join_next")
        if place == len(asked) - 1:
            st.caption(
                "That was the last one. You can change an answer until the workshop closes."
                if easy
                else "That was the last statement. You can go back and change any answer until "
                "the facilitator closes the workshop."
            )


taking_part()
with st.popover("Someone else's turn"):
    st.write(
        "Your answers are saved. Press the button, then give the phone to the next person."
        if easy
        else "Sharing this phone or tablet? Your answers are saved and stay yours. After you "
        "press the button, the next person says who they are and answers for themselves."
    )
    st.button("Hand over to the next person", on_click=hand_over, key="hand_over")
