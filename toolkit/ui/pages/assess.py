"""Assess: say who you are, answer theme by theme (or one statement at a time), review, send.

Every answer is saved the moment it is chosen. A resume link lets a person finish later, on
another device; it is the page's address with `?resume=...`. Someone with a round's
invitation link answers that round and sees nothing else; someone signed in chooses one of
their organisations' rounds.
"""

import datetime as dt

import streamlit as st

from toolkit.framework import builtin_perspectives
from toolkit.service import Can, Invited, SignedIn, links
from toolkit.service.links import INVITE, RESUME
from toolkit.store import AlreadySubmitted, StoreError
from toolkit.ui import context, questions, registry, session, widgets
from toolkit.ui.text import markdown_safe as safe

STEP, PLACE, PERSON = "assess_step", "assess_place", "assess_person"

easy = widgets.page("Answer the questions", easy_title="Your answers")
service, viewer = context.service(), context.actor()


def resume_link(token: str) -> str:
    return links.resume_link(st.context.url or "", token, easy)


def forget_person() -> None:
    for key in (STEP, PLACE, PERSON, session.ANSWERING, "assess_token", "assess_saved_at"):
        st.session_state.pop(key, None)
    if RESUME in st.query_params:
        del st.query_params[RESUME]


# --- Who is answering: a resume link, this session, or a new person -------------------------

token = st.query_params.get(RESUME)
me = session.answering(service)
if token and me is None:
    st.error(
        "This link does not match any answers. Check you copied the whole link, "
        "or start again below."
    )
    del st.query_params[RESUME]
elif token and st.session_state.get(PERSON) != me.respondent_id:
    person = service.respondent(me)
    st.session_state[PERSON] = me.respondent_id
    st.session_state["assess_token"] = token
    st.session_state[STEP] = "done" if person.submitted else "answer"
    st.session_state[PLACE] = 0

invited = viewer if isinstance(viewer, Invited) else service.invited(st.query_params.get(INVITE))
if me is None:
    if invited is not None:  # the invitation names the round: no pickers
        viewer = invited
        round_ = service.round(invited, invited.round_id)
    else:
        organisation = widgets.organisation_picker()
        round_ = widgets.round_picker(organisation)
        if round_ is None:
            widgets.nothing_yet("There is no round to answer yet.", easy)
            st.stop()
        if not service.may(viewer, Can.ANSWER, round_.organisation_id):
            st.info(
                "You can read this organisation's results, but not answer its rounds here. "
                "To answer, use the round's invitation link."
            )
            st.stop()
    if not round_.is_open:
        st.warning(
            f"{safe(round_.title)} is closed, so it takes no more answers. "
            + (
                "Ask the person who sent you the link."
                if isinstance(viewer, Invited)
                else "Choose another round, or ask the person running it to reopen it."
            )
        )
        st.stop()
    st.write(
        "First, tell us who you are."
        if easy
        else f"You are answering for **{safe(round_.title)}** on *{safe(round_.framework_title)}*."
    )
    perspectives = service.round_perspectives(viewer, round_.id)
    with st.form("who"):
        chosen = st.radio(
            "Who are you?" if easy else "Which of these best describes you?",
            [p.id for p in perspectives],
            index=None,
            format_func=lambda pid: next(
                safe(p.easy_read if easy and p.easy_read else p.label)
                for p in perspectives
                if p.id == pid
            ),
        )
        name = st.text_input(
            "Your name (you do not have to give it)" if easy else "Your name (optional)",
            help="Your answers are anonymous unless you add your name.",
            max_chars=200,
        )
        st.caption(
            "We do not need your name."
            if easy
            else "Your answers are anonymous unless you add your name. You can stop at any time "
            "and come back later with your own link."
        )
        begin = st.form_submit_button("Start", type="primary")
    if begin:
        if chosen is None:
            st.error("Please choose who you are, then press Start.")
            st.stop()
        try:
            me, token = service.start_answering(viewer, round_.id, chosen, name)
        except StoreError as error:
            st.error(safe(str(error)))
            st.stop()
        session.start_answering(me, token)
        st.session_state[PERSON] = me.respondent_id
        st.session_state["assess_token"] = token
        st.session_state[STEP] = "answer"
        st.session_state[PLACE] = 0
        st.query_params[RESUME] = token
        if INVITE in st.query_params:  # the resume link is theirs from now on
            del st.query_params[INVITE]
        st.rerun()
    st.stop()

# --- Answering ------------------------------------------------------------------------------

person, round_, framework, answers = service.answering(me)
step = st.session_state.get(STEP, "answer")
total = len(framework.statements)
labels = {p.id: p for p in builtin_perspectives()}


def save(statement_id: str, answer: str | None, note: str) -> None:
    """Autosave from a widget callback; a refusal is shown on the next screen."""
    if answer is None:
        return  # a note waits until an answer is chosen
    if context.run_safely(service.save_answer, me, statement_id, answer, note, round_=round_):
        st.session_state["assess_saved_at"] = dt.datetime.now().strftime("%H:%M")


def go(step_name: str, place: int | None = None) -> None:
    st.session_state[STEP] = step_name
    if place is not None:
        st.session_state[PLACE] = place


def progress_line() -> None:
    done = len(answers)
    st.progress(done / total if total else 0.0, text=f"{done} of {total} answered")
    saved_at = st.session_state.get("assess_saved_at")
    if saved_at:
        st.caption(f"Saved ✓ {saved_at}" if not easy else f"Saved at {saved_at}")


def finish_later() -> None:
    token_now = st.session_state.get("assess_token")
    with st.expander("Finish later" if easy else "Finish later, on this or another device"):
        if token_now:
            st.write(
                "Keep this link. It opens your answers again."
                if easy
                else "Your answers are saved as you go. Keep this link to come back to them; "
                "anyone with the link can see and change these answers."
            )
            st.code(resume_link(token_now), language=None, wrap_lines=True)
        else:
            st.write("Use the link you were given to come back to your answers.")


if step == "done" or person.submitted:
    st.success(
        "Thank you. We have your answers." if easy else "Thank you: your answers have been sent in."
    )
    st.write(
        "They are now part of the results."
        if easy
        else f"They now count in the results for {safe(round_.title)}."
    )
    if isinstance(viewer, SignedIn) and service.may(
        viewer, Can.READ_RESULTS, round_.organisation_id
    ):
        registry.link(
            registry.RESULTS,
            "See the results",
            icon=":material/bar_chart:",
            query_params=context.link_params(org=round_.organisation_id, round=round_.id),
        )
    if st.button("Answer again as someone else"):
        forget_person()
        st.rerun()
    st.stop()

if step == "review":
    st.header("Check your answers" if easy else "Review your answers")
    st.write(
        "Look at your answers. You can change them."
        if easy
        else "Check your answers before you send them. You can still change any of them."
    )
    progress_line()
    number = 0
    for theme in framework.themes:
        st.markdown(f"**{safe(theme.title)}**")
        for statement in theme.statements:
            saved = answers.get(statement.id)
            text = statement.easy_read if easy else statement.text
            words = questions.answer_words(framework.ladder, saved.answer if saved else None, easy)
            left, right = st.columns([5, 1], vertical_alignment="center")
            note = f"  \n*{safe(saved.note)}*" if saved and saved.note.strip() else ""
            left.markdown(f"{safe(text)}  \n→ **{safe(words)}**{note}")
            right.button(
                "Change",
                key=f"change_{statement.id}",
                on_click=go,
                args=("answer", number),
                help=f"Change your answer to: {safe(statement.text)}",
            )
            number += 1
    missing = total - len(answers)
    if missing:
        st.info(
            f"You have not answered {missing} of {total}. That is fine."
            if easy
            else f"{missing} of {total} statements have no answer. You can still send your "
            "answers; statements you skip are left out of the figures."
        )
    back, send = st.columns(2)
    back.button("Back", on_click=go, args=("answer",))
    if send.button("Send my answers", type="primary"):
        try:
            service.submit(me)
        except AlreadySubmitted:
            pass
        except StoreError as error:
            st.error(safe(str(error)))
            st.stop()
        go("done")
        st.rerun()
    finish_later()
    st.stop()

# One theme per screen, or one statement per screen in Easy Read. The place is always a
# statement's number, so switching Easy Read on or off keeps a person where they were.
questions.ladder_colours(framework.ladder)
starts = [0]
for theme in framework.themes:
    starts.append(starts[-1] + len(theme.statements))
place = min(st.session_state.get(PLACE, 0), total - 1)
if easy:
    statement = framework.statements[place]
    st.markdown(f"**Question {place + 1} of {total}**")
    questions.question(
        framework,
        statement,
        answers.get(statement.id),
        key=f"{person.id}_{statement.id}",
        easy=True,
        on_answer=save,
    )
    previous, following = place - 1, place + 1
    last = place == total - 1
else:
    theme_index = max(i for i, start in enumerate(starts[:-1]) if start <= place)
    theme = framework.themes[theme_index]
    summary = f"  \n{safe(theme.summary)}" if theme.summary else ""
    st.markdown(  # one element: every element costs each click
        f"*{safe(framework.title)}* · "
        f"**Theme {theme_index + 1} of {len(framework.themes)}: {safe(theme.title)}**"
        f"{summary}\n\n## {safe(framework.question)}"
    )
    for offset, statement in enumerate(theme.statements):
        questions.question(
            framework,
            statement,
            answers.get(statement.id),
            key=f"{person.id}_{statement.id}",
            easy=False,
            on_answer=save,
            number=starts[theme_index] + offset + 1,
        )
    previous = starts[theme_index - 1] if theme_index > 0 else -1
    following = starts[theme_index + 1]
    last = theme_index == len(framework.themes) - 1

progress_line()
back, forward = st.columns(2)
if previous >= 0:
    back.button("Back", on_click=go, args=("answer", previous), key="back")
if last:
    forward.button(
        "Check my answers" if easy else "Review your answers",
        type="primary",
        on_click=go,
        args=("review",),
        key="forward",
    )
else:
    forward.button(
        "Next" if easy else "Next theme",
        type="primary",
        on_click=go,
        args=("answer", following),
        key="forward",
    )
perspective = labels.get(person.perspective)
st.caption(
    "Answering as: "
    + safe(perspective.label if perspective else person.perspective)
    + (f" ({safe(person.display_name)})" if person.display_name else " (anonymous)")
)
finish_later()
