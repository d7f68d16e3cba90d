"""Assess: say who you are, answer theme by theme (or one statement at a time in Easy
Read), check your answers, send them.

The steps follow GOV.UK's question pages: Back at the top left of each question, each step's
heading brought to the top of the screen and focused, a check page grouped by theme with a
Change for each answer (and a way back to it), an error summary that links to the field.
Every answer is saved the moment it is chosen. A resume link lets a person finish later, on
another device; it is the page's address with `?resume=...`, and it carries on from the
first unanswered question. Someone with a round's invitation link answers that round and
sees nothing else; someone signed in chooses one of their organisations' rounds.
"""

import datetime as dt

import streamlit as st

from toolkit.service import Can, Invited, SignedIn, links
from toolkit.service.links import INVITE, RESUME
from toolkit.store import AlreadySubmitted, DatabaseUnavailable, StoreError
from toolkit.ui import context, questions, registry, session, widgets
from toolkit.ui.text import markdown_safe as safe

STEP, PLACE, PERSON = "assess_step", "assess_place", "assess_person"
MOVES = "assess_moves"  # how many step changes this tab has made (each brings a heading up)
RETURN = "assess_return"  # where "Carry on answering" goes back to: step, place, from check
FROM_CHECK = "assess_from_check"  # a Change on the check page brought the person here
RESUMED = "assess_resumed"  # a resume link was just opened: say welcome back
SAVED_NOW = "assess_saved_now"  # the questionnaire as a click's autosave left it
SHOWN = "assess_shown"  # the questionnaire the screen shows now (a fragment's run reads it)
WHO_FIELD, NAME_FIELD = "tk-field-who", "tk-field-name"

easy = widgets.page("Answer the questions", easy_title="Your answers", flash=False)
service, viewer = context.service(), context.actor()


def resume_link(token: str) -> str:
    return links.resume_link(st.context.url or "", token, easy)


def forget_person() -> None:
    for key in (
        STEP,
        PLACE,
        PERSON,
        FROM_CHECK,
        session.ANSWERING,
        "assess_token",
        "assess_saved_at",
    ):
        st.session_state.pop(key, None)
    if RESUME in st.query_params:
        del st.query_params[RESUME]


# --- Moving between steps -------------------------------------------------------------------


def moves() -> int:
    return st.session_state.get(MOVES, 0)


def go(step_name: str, place: int | None = None, *, from_check: bool = False) -> None:
    """Move to a step (and a statement's place); the new step's heading comes into view."""
    st.session_state[STEP] = step_name
    if place is not None:
        st.session_state[PLACE] = place
    st.session_state[FROM_CHECK] = from_check
    st.session_state[MOVES] = moves() + 1
    st.session_state.pop("assess_welcome", None)  # said until the person moves on


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
    st.session_state[PERSON] = me.respondent_id
    st.session_state["assess_token"] = token
    st.session_state[RESUMED] = True  # where to carry on is worked out with the answers


def start() -> None:
    """The Start button: check the choice, begin answering, or say what is wrong."""
    chosen = st.session_state.get("assess_who")
    if chosen is None:
        st.session_state["assess_who_problem"] = (
            "Choose who you are" if easy else "Choose which of these best describes you"
        )
        st.session_state[MOVES] = moves() + 1
        return
    try:
        answering, new_token = service.start_answering(
            viewer, st.session_state["assess_round"], chosen, st.session_state.get("assess_name")
        )
    except (StoreError, DatabaseUnavailable) as error:  # e.g. a name used already
        st.session_state["assess_name_problem"] = str(error)
        st.session_state[MOVES] = moves() + 1
        return
    session.start_answering(answering, new_token)
    st.session_state[PERSON] = answering.respondent_id
    st.session_state["assess_token"] = new_token
    st.query_params[RESUME] = new_token
    if INVITE in st.query_params:  # the resume link is theirs from now on
        del st.query_params[INVITE]
    go("answer", 0)


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
    problem = st.session_state.pop("assess_who_problem", None)
    name_problem = st.session_state.pop("assess_name_problem", None)
    widgets.error_summary(
        [(problem, WHO_FIELD)] * bool(problem) + [(name_problem, NAME_FIELD)] * bool(name_problem),
        moves(),
    )
    context.show_flash()
    st.write(
        "First, tell us who you are."
        if easy
        else f"You are answering for **{safe(round_.title)}** on *{safe(round_.framework_title)}*."
    )
    perspectives = service.round_perspectives(viewer, round_.id)
    st.session_state["assess_round"] = round_.id
    with st.form("who"):
        widgets.field_error(problem or "", WHO_FIELD)
        widgets.who_are_you(perspectives, easy, "assess_who")
        widgets.field_error(name_problem or "", NAME_FIELD)
        st.text_input(
            "Your name (you do not have to give it)" if easy else "Your name (optional)",
            help="Your answers are anonymous unless you add your name.",
            max_chars=200,
            key="assess_name",
        )
        st.caption(
            "We do not need your name."
            if easy
            else "Your answers are anonymous unless you add your name. You can stop at any time "
            "and come back later with your own link."
        )
        st.form_submit_button("Start", type="primary", on_click=start)
    st.stop()

# --- Answering ------------------------------------------------------------------------------

# A click's callback saved the answer and put it in the questionnaire the page last showed
# (nothing is read back); otherwise (or if that was someone else's, from before a change of
# person) it is read now. Answers given meanwhile on another device show on the next full
# run; a save refused because they were sent in elsewhere is said beside the questions.


def saved_now():
    """The questionnaire as this person's last click saved it, if a click saved one."""
    saved = st.session_state.pop(SAVED_NOW, None)
    return saved if saved is not None and saved.person.id == me.respondent_id else None


questionnaire = saved_now() or service.answering(me)
st.session_state[SHOWN] = questionnaire
person, round_, framework = questionnaire.person, questionnaire.round, questionnaire.framework
answers, perspective, total = questionnaire.answers, questionnaire.perspective, questionnaire.total
starts = questionnaire.theme_starts
perspectives = service.round_perspectives(me, round_)


def theme_title(theme_index: int) -> str:
    """A theme's title (its Easy Read title in Easy Read), escaped: it came from a file."""
    return safe(framework.themes[theme_index].title_for(easy))


def question_name(place_: int) -> str:
    """A question as the check page names it: its theme and its number there, escaped."""
    theme_index = questionnaire.theme_of(place_)
    return f"{theme_title(theme_index)} {place_ - starts[theme_index] + 1}"


if st.session_state.pop(RESUMED, False):
    # Carry on from the first unanswered question (the check page once all are answered).
    carry_on = questionnaire.first_unanswered
    if person.submitted:
        st.session_state[STEP] = "done"
    elif carry_on is not None:
        st.session_state[STEP], st.session_state[PLACE] = "answer", carry_on
    else:
        st.session_state[STEP] = "check"
    st.session_state[FROM_CHECK] = False
    st.session_state[MOVES] = moves() + 1  # the question to carry on from, brought up
    if not person.submitted:
        st.session_state["assess_welcome"] = (
            f"Welcome back. You have answered {len(answers)} of {total}."
            if easy
            else f"Welcome back — {len(answers)} of {total} answered. "
            + (
                "Carry on from the first question you have not answered."
                if carry_on is not None
                else "Check your answers, then send them."
            )
        )
step = st.session_state.get(STEP, "answer")
if step == "review":  # the old name of the check page, kept in sessions made before
    step = "check"


def save(statement_id: str, answer: str | None, note: str) -> None:
    """Autosave from a widget callback; a refusal is shown on the next screen."""
    if answer is None:
        return  # a note waits until an answer is chosen

    def keep() -> None:
        # SHOWN too: a second change in the same run builds on this one, not on the screen.
        st.session_state[SHOWN] = st.session_state[SAVED_NOW] = service.save_and_show(
            me, st.session_state[SHOWN], statement_id, answer, note
        )

    if context.run_safely(keep):
        st.session_state["assess_saved_at"] = dt.datetime.now().strftime("%H:%M")


def progress_line(done: int) -> None:
    """How many of the questions are answered, and when the last answer was saved."""
    st.progress(done / total if total else 0.0, text=f"{done} of {total} answered")
    saved_at = st.session_state.get("assess_saved_at")
    if saved_at:
        st.caption(f"Saved ✓ {saved_at}" if not easy else f"Saved at {saved_at}")


def finish_later() -> None:
    """Go to the Finish later step, remembering exactly where to carry on from."""
    st.session_state[RETURN] = (
        st.session_state.get(STEP, "answer"),
        st.session_state.get(PLACE, 0),
        bool(st.session_state.get(FROM_CHECK)),
    )
    go("later", from_check=bool(st.session_state.get(FROM_CHECK)))


def carry_on_answering() -> None:
    came_from, came_place, came_from_check = st.session_state.pop(RETURN, ("answer", 0, False))
    go(came_from, came_place, from_check=came_from_check)


def top_bar(back: tuple | None) -> None:
    """Back at the top left (to `back`: a step and a place), Finish later at the right."""
    with st.container(horizontal=True, horizontal_alignment="distribute", key="tk_top_bar"):
        if back is not None:
            step_name, back_place, *from_check = back
            st.button(
                "Back",
                icon=":material/arrow_back:",
                on_click=go,
                args=(step_name, back_place),
                kwargs={"from_check": bool(from_check and from_check[0])},
                key="back",
            )
        st.button(
            "Finish later",
            icon=":material/bookmark:",
            on_click=finish_later,
            key="finish_later",
            help="Keep a link that opens your answers again, on this or another device.",
        )


def welcome_back() -> None:
    """Welcome back, said where a resume link brings the person, until they move on."""
    welcome = st.session_state.get("assess_welcome")
    if welcome:
        st.info(welcome)


def answering_as() -> None:
    st.caption(
        "Answering as: "
        + safe(perspective.label if perspective else person.perspective)
        + (f" ({safe(person.display_name)})" if person.display_name else " (anonymous)")
    )


# --- Sent in ------------------------------------------------------------------------------------

if step == "done" or person.submitted:
    widgets.step_heading("Thank you" if easy else "Your answers have been sent in", moves())
    context.show_flash()
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

# --- Finish later -------------------------------------------------------------------------------

place = min(st.session_state.get(PLACE, 0), total - 1)
if step == "later":
    widgets.step_heading("Finish later", moves())
    context.show_flash()
    token_now = st.session_state.get("assess_token")
    if token_now:
        st.write(
            "Your answers are saved. Keep this link. It opens your answers again."
            if easy
            else "Your answers are saved as you go. Keep this link to come back to them, on "
            "this device or another one."
        )
        link = resume_link(token_now)
        st.code(link, language=None, wrap_lines=True)
        widgets.copy_button(link, "Copy the link", key="copy_resume", easy=easy)
        st.markdown(
            "**Keep the link secret.** Anyone with it can change your answers."
            if easy
            else "**Keep the link private.** Anyone who has it can see and change your "
            "answers, so send it only to yourself."
        )
    else:
        st.write("Use the link you were given to come back to your answers.")
    st.button("Carry on answering", type="primary", on_click=carry_on_answering, key="carry_on")
    st.stop()

# --- Change who you are -------------------------------------------------------------------------

CHANGE_WHO_FIELD = "tk-field-change-who"


def save_who() -> None:
    """Save who the person is answering as; on a refusal, stay here and say why."""
    chosen = st.session_state.get("assess_change_who")
    try:
        service.set_perspective(me, chosen, st.session_state.get("assess_change_name") or None)
    except (StoreError, DatabaseUnavailable) as error:
        st.session_state["assess_change_who_problem"] = str(error)
        st.session_state[MOVES] = moves() + 1
        return
    context.flash_success("Saved: who you are." if easy else "Saved who you are answering as.")
    from_check = bool(st.session_state.get(FROM_CHECK))
    go("check" if from_check else "answer", None if from_check else 0)


if step == "who":
    from_check = bool(st.session_state.get(FROM_CHECK))
    top_bar(("check", None) if from_check else ("answer", 0))
    problem = st.session_state.pop("assess_change_who_problem", None)
    widgets.error_summary([(problem, CHANGE_WHO_FIELD)] if problem else [], moves())
    widgets.step_heading("Who are you?" if easy else "Who you are answering as", moves())
    context.show_flash()
    with st.form("change_who"):
        widgets.field_error(problem or "", CHANGE_WHO_FIELD)
        widgets.who_are_you(perspectives, easy, "assess_change_who", person.perspective)
        st.text_input(
            "Your name (you do not have to give it)" if easy else "Your name (optional)",
            value=person.display_name or "",
            max_chars=200,
            key="assess_change_name",
        )
        st.form_submit_button("Save", type="primary", on_click=save_who)
    st.stop()

# --- Check your answers -------------------------------------------------------------------------

if step == "check":
    top_bar(("answer", total - 1))
    widgets.step_heading("Check your answers", moves())
    context.show_flash()
    welcome_back()
    st.write(
        "Look at your answers. You can change them."
        if easy
        else "Check your answers before you send them. You can still change any of them."
    )
    progress_line(len(answers))
    missing = questionnaire.unanswered
    if missing:
        with st.container(border=True, key="tk_unanswered"):
            st.markdown(
                "**You have not answered these questions.** That is fine."
                if easy
                else f"**You have not answered {len(missing)} of {total}.** You can still send "
                "your answers: questions you skip are left out of the figures."
            )
            with st.container(horizontal=True):
                for question in missing:
                    st.button(
                        question_name(question.place),
                        key=f"missing_{question.place}",
                        on_click=go,
                        args=("answer", question.place),
                        kwargs={"from_check": True},
                    )
    who, change_who = st.columns([3, 1], vertical_alignment="center")
    who.markdown(
        ("**Who you are:** " if easy else "**Answering as:** ")
        + safe(
            perspective.easy_read
            if easy and perspective and perspective.easy_read
            else perspective.label
            if perspective
            else person.perspective
        )
        + (f" ({safe(person.display_name)})" if person.display_name else "")
    )
    change_who.button(
        "Change who you are",
        key="change_who",
        on_click=go,
        args=("who",),
        kwargs={"from_check": True},
    )
    for theme_index, theme in enumerate(framework.themes):
        st.subheader(theme_title(theme_index), anchor=False)
        for number, statement in enumerate(theme.statements, start=1):
            place_ = starts[theme_index] + number - 1
            saved = answers.get(statement.id)
            text = statement.easy_read if easy else statement.text
            words = questions.answer_words(framework.ladder, saved.answer if saved else None, easy)
            left, right = st.columns([3, 1], vertical_alignment="center")
            note = f"  \n*{safe(saved.note)}*" if saved and saved.note.strip() else ""
            left.markdown(f"{number}\\. {safe(text)}  \n→ **{safe(words)}**{note}")
            right.button(
                f"Change {question_name(place_)}",
                key=f"change_{statement.id}",
                on_click=go,
                args=("answer", place_),
                kwargs={"from_check": True},
            )
    if st.button("Send my answers", type="primary", key="send"):
        try:
            service.submit(me)
        except AlreadySubmitted:
            pass
        except (StoreError, DatabaseUnavailable) as error:
            st.error(safe(str(error)))
            st.stop()
        go("done")
        st.rerun()
    answering_as()
    st.stop()

# --- The questions: one theme per screen, or one statement per screen in Easy Read -------------
# The place is always a statement's number, so switching Easy Read on or off keeps a person
# where they were. After a Change on the check page, Back and "Back to check your answers"
# both go back there, and Next keeps the way back.

questions.ladder_colours(framework.ladder)
from_check = bool(st.session_state.get(FROM_CHECK))
if easy:
    first, following = place, place + 1
    back = ("answer", place - 1, from_check) if place > 0 else ("who", None)
    last = place == total - 1
else:
    theme_index = questionnaire.theme_of(place)
    first, following = starts[theme_index], starts[theme_index + 1]
    back = ("answer", starts[theme_index - 1], from_check) if theme_index > 0 else ("who", None)
    last = theme_index == len(framework.themes) - 1
top_bar(("check", None) if from_check else back)
if easy:
    widgets.step_heading(f"Question {place + 1} of {total}", moves())
else:
    theme = framework.themes[theme_index]
    widgets.step_heading(
        f"Theme {theme_index + 1} of {len(framework.themes)}: {safe(theme.title)}", moves()
    )
    st.markdown(  # one element: every element costs each click
        f"*{safe(framework.title)}*" + (f"  \n{safe(theme.summary)}" if theme.summary else "")
    )
context.show_flash()
welcome_back()


@st.fragment
def screen_questions(first: int, following: int) -> None:
    """The screen's questions and how many are answered. A fragment: choosing an answer saves
    it and runs only this part again (the steps, headings and buttons around it stay)."""
    with context.safety_net():  # a fragment's own run is outside the page's safety net
        fresh = saved_now()
        if fresh is not None:
            st.session_state[SHOWN] = fresh
        shown = st.session_state[SHOWN].answers
        context.show_flash()  # a refused save, said where the answer was chosen
        for number in range(first, following):
            statement = framework.statements[number]
            questions.question(
                framework,
                statement,
                shown.get(statement.id),
                key=f"{person.id}_{statement.id}",
                easy=easy,
                on_answer=save,
                asked=questions.asked(framework, statement, perspective, easy),
                number=None if easy else number + 1,
            )
        progress_line(len(shown))


screen_questions(first, following)
with st.container(horizontal=True, key="tk_moves"):
    if last:
        st.button(
            "Check my answers" if easy else "Check your answers",
            type="primary",
            on_click=go,
            args=("check",),
            key="forward",
        )
    else:
        st.button(
            "Next" if easy else "Next theme",
            type="primary",
            on_click=go,
            args=("answer", following),
            kwargs={"from_check": from_check},
            key="forward",
        )
    if from_check and not last:
        st.button("Back to check your answers", on_click=go, args=("check",), key="to_check")
answering_as()
