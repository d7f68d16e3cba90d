"""Workshops: a facilitator starts one on an open round, shows the room how to join (the
code, the link and a QR code of it, made to be projected), watches the room answer without a
click, moves statement by statement, pauses, carries on and closes.

The room's answers stay hidden until the workshop's minimum group size have answered (the
same rule as Results), and each side of the lived-experience gap shows only with the minimum.
The picture then moves in steps of the minimum (`workshops.step`), so that nobody's answer can
be read from one refresh to the next; the counts stay live, and the facilitator may show every
answer at once.
"""

from __future__ import annotations

import os

import segno
import streamlit as st

from toolkit import describe
from toolkit.framework import NOT_APPLICABLE, UNSURE
from toolkit.service import Can, workshops
from toolkit.service.links import join_link, local_network_address
from toolkit.store import StoreError
from toolkit.ui import context, questions, registry, widgets
from toolkit.ui.text import html_safe
from toolkit.ui.text import markdown_safe as safe

LIVE_EVERY = 2  # seconds between looks at the room
CHOSEN = "workshops_code"

easy = widgets.page("Workshops")
service, actor = context.service(), context.actor()

organisation = widgets.organisation_picker()
round_ = widgets.round_picker(organisation)
if round_ is None:
    widgets.nothing_yet("There is no round to run a workshop on yet.", easy)
    st.stop()
if not service.may(actor, Can.RUN_WORKSHOPS, round_.organisation_id):
    st.info("You can read this organisation's results, but not run its workshops.")
    st.stop()
framework = service.round_framework(actor, round_)


def where_phones_join() -> tuple[str | None, str | None]:
    """The address phones open (None if they cannot reach this app), and a warning."""
    if os.environ.get("TOOLKIT_PUBLIC_URL"):
        return None, None  # the operator said where people reach the app
    served = str(st.get_option("server.address") or "")
    port = st.get_option("server.port")
    if served in ("localhost", "127.0.0.1", "::1"):
        return None, (
            "Phones cannot reach this app yet: it is serving this computer only. Stop it and "
            "start it again with `make run-workshop`, which serves the local network (Wi-Fi or "
            "a phone's hotspot), or set TOOLKIT_PUBLIC_URL to the address people reach it at."
        )
    address = local_network_address()
    if address is None:
        return None, (
            "This computer is on no network that phones could reach: join a Wi-Fi network or "
            "a phone's hotspot, with the phones on the same one."
        )
    return f"http://{address}:{port}", None


# --- Start a workshop -------------------------------------------------------------------------


def start() -> None:
    chosen = st.session_state.get("workshops_statements") or None
    try:
        workshop = service.start_workshop(
            actor,
            round_.id,
            mode=st.session_state.get("workshops_mode", "paced"),
            minimum_group_size=st.session_state.get("workshops_minimum"),
            statements=chosen,
        )
    except StoreError as error:
        st.session_state["flash_error"] = str(error)
        return
    st.session_state[CHOSEN] = workshop.code


running = [w for w in service.workshops(actor, round_) if not w.is_closed]
with st.expander("Start a workshop", expanded=not running):
    if not round_.is_open:
        st.info(f"{safe(round_.title)} is closed: reopen it to run a workshop on it.")
    else:
        with st.form("workshops_start"):
            st.radio(
                "How the room answers",
                ["paced", "self-paced"],
                format_func={
                    "paced": "Paced: everyone answers the statement you are on",
                    "self-paced": "Self-paced: each person works through the statements",
                }.__getitem__,
                key="workshops_mode",
            )
            st.multiselect(
                "Statements (leave empty for all of them)",
                [s.id for s in framework.statements],
                format_func=lambda sid: f"{sid}: {framework.statement(sid).text}",
                key="workshops_statements",
            )
            st.number_input(
                "Show the room's answers once this many have answered",
                min_value=round_.minimum_group_size,
                max_value=1000,
                value=round_.minimum_group_size,
                key="workshops_minimum",
                help="The organisation's minimum group size is the least: no smaller group's "
                "answers are ever shown.",
            )
            st.form_submit_button("Start the workshop", type="primary", on_click=start)

if not running:
    st.stop()
codes = [w.code for w in running]
widgets.keep_choice(CHOSEN, codes, codes[0])
code = st.selectbox("Workshop", codes, key=CHOSEN) if len(codes) > 1 else codes[0]
workshop = next(w for w in running if w.code == code)
asked = workshops.statements_of(workshop, framework)

# --- How to join: made to be projected ----------------------------------------------------------

base, warning = where_phones_join()
link = join_link(workshop.code, base)
if warning:
    st.warning(warning)
code_side, qr_side = st.columns([3, 2])
with code_side:
    st.markdown(
        f'<div class="tk-join">Join at <strong>{html_safe(link.split("?")[0])}</strong> with '
        f'the code</div><div class="tk-code" aria-label="Join code '
        f'{html_safe(" ".join(workshop.code))}">'
        f"{html_safe(workshop.code)}</div>",
        unsafe_allow_html=True,
    )
    st.code(link, language=None, wrap_lines=True)
with qr_side:
    qr = segno.make(link, error="m").svg_inline(scale=7, dark="#1B1B1B", light="#FFFFFF")
    st.markdown(
        f'<div role="img" aria-label="QR code that opens {html_safe(link)}">{qr}</div>',
        unsafe_allow_html=True,
    )
st.markdown(
    "<style>.tk-code { font-size: 4.5rem !important; line-height: 1.2; font-weight: 700; "
    "letter-spacing: 0.35rem; font-family: monospace; margin: 0.25rem 0 0.75rem 0; } "
    ".tk-join { font-size: 1.4rem !important; }</style>",
    unsafe_allow_html=True,
)

# --- The room, live ---------------------------------------------------------------------------

ladder = framework.ladder
words = {
    **{r.id: r.label for r in ladder.rungs},
    UNSURE: questions.UNSURE_LABEL,
    NOT_APPLICABLE: questions.NOT_APPLICABLE_LABEL,
}


def move(to: str) -> None:
    context.run_safely(service.move_workshop, actor, workshop.code, to)


def pause(paused: bool) -> None:
    context.run_safely(service.pause_workshop, actor, workshop.code, paused)


def close() -> None:
    if context.run_safely(service.close_workshop, actor, workshop.code):
        context.flash_success(
            f"Closed the workshop {workshop.code}: its answers now count in {round_.title}."
        )


if workshops.is_paced(workshop):
    shown_id = workshop.current_statement if workshop.current_statement in asked else asked[0]
else:
    shown_id = st.selectbox(
        "Statement to look at",
        list(asked),
        format_func=lambda sid: f"{sid}: {framework.statement(sid).text}",
        key=f"workshops_look_{workshop.code}",
    )
place = asked.index(shown_id)
statement = framework.statement(shown_id)
st.header(f"Statement {place + 1} of {len(asked)}")
st.markdown(f"### “{safe(statement.text)}”")


def show_all() -> None:
    """Every answer now: a deliberate act (the room has finished, say)."""
    context.run_safely(service.workshop_picture, actor, workshop.code, shown_id, show_all=True)


@st.fragment(run_every=LIVE_EVERY)
def live() -> None:
    with context.safety_net():
        room(service.workshop_picture(actor, workshop.code, shown_id))


def room(picture: workshops.Picture) -> None:
    joined = f"{picture.joined} {'person has' if picture.joined == 1 else 'people have'} joined"
    st.markdown(f"**{joined}; {picture.answered} answered this statement.**")
    if picture.everyone is None:
        st.info(
            f"The room's answers show once {picture.redrawn_at} people have answered "
            f"({picture.answered} so far)."
        )
        return
    sides = [picture.everyone]
    if picture.lived is not None and picture.others is not None:
        sides = [picture.lived, picture.others, picture.everyone]
    columns = st.columns(len(sides))
    for column, side in zip(columns, sides, strict=True):
        with column:
            st.markdown(f"**{safe(side.label)}** ({side.people})")
            st.markdown(
                "\n".join(f"- {safe(words[choice])}: {count}" for choice, count in side.counts)
            )
    st.markdown(safe(describe.spread_sentence(picture.everyone.spread)))
    st.markdown(steps_sentence(picture))
    if len(sides) == 1:
        st.caption(
            "People with lived experience and everyone else are shown side by side once each "
            f"side has {picture.minimum} answers."
        )
    elif picture.sides_shown < picture.shown:
        st.caption(
            f"The two sides show the first {picture.sides_shown} answers: they change when "
            f"each side has {picture.minimum} more."
        )
    if picture.may_show_all:
        st.button(
            f"Show all {picture.answered} answers",
            on_click=show_all,
            key=f"workshops_show_all_{shown_id}",
            help="The picture moves in steps, so that nobody's answer can be read from one "
            "change. Show every answer now once the room has finished.",
        )


def steps_sentence(picture: workshops.Picture) -> str:
    """What the picture is drawn from, and when it changes."""
    more = picture.redrawn_at - picture.answered
    people = "1 more person has" if more == 1 else f"{more} more people have"
    return f"Showing the first {picture.shown} answers. The picture changes when {people} answered."


live()

# After the discussion: what the group agreed, and why (shown in Results, Board progress and
# reports beside everyone's answers), and an action on the spot.
agreed_side, action_side = st.columns([3, 2])
with agreed_side:
    if service.may(actor, Can.AGREE, round_.organisation_id):
        agreed = service.agreed_rungs(actor, round_).get(shown_id)
        widgets.agreed_rung_form(round_, ladder, shown_id, agreed)
with action_side:
    if service.may(actor, Can.CHANGE_ACTIONS, round_.organisation_id):
        registry.link(
            registry.ACTIONS,
            "Add an action about this statement",
            icon=":material/add:",
            query_params=context.link_params(round=round_.id, statement=shown_id),
        )

with st.container(horizontal=True):
    if workshops.is_paced(workshop):
        if place > 0:
            st.button("Back", on_click=move, args=(asked[place - 1],), key="workshops_back")
        if place < len(asked) - 1:
            st.button(
                "Next statement",
                type="primary",
                on_click=move,
                args=(asked[place + 1],),
                key="workshops_next",
            )
    if workshop.state == "paused":
        st.button("Carry on", on_click=pause, args=(False,), key="workshops_resume")
    else:
        st.button("Pause", on_click=pause, args=(True,), key="workshops_pause")
with st.popover("Close the workshop"):
    st.write(
        "Closing ends the workshop: everyone's answers are sent in and count in "
        f"{safe(round_.title)}, and phones show a thank-you screen."
    )
    st.button("Close it now", type="primary", on_click=close, key="workshops_close")
