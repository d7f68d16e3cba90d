"""Widgets every page uses: the page heading, the ladder picture, pickers, charts with tables."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from toolkit import describe
from toolkit.charts import GROUP_COLOURS, Chart
from toolkit.framework import GROUP_LABELS, Ladder
from toolkit.service import SignedIn
from toolkit.service.cache import Kept
from toolkit.store import AuditEvent, Organisation, Round
from toolkit.ui import context, registry, session
from toolkit.ui.text import html_safe, spreadsheet_safe
from toolkit.ui.text import markdown_safe as safe

BASE_CSS = """
<style>
/* Visible keyboard focus everywhere (WCAG 2.4.7). */
:focus-visible { outline: 3px solid #0B4F8A !important; outline-offset: 2px !important; }
/* Radios and switches hide their real input: ring the label the person sees instead. */
label:has(input:focus-visible) { outline: 3px solid #0B4F8A; outline-offset: 2px; }
.tk-ladder { list-style: none; padding: 0; margin: 0.5rem 0 1rem 0; max-width: 44rem; }
.tk-ladder li { display: flex; align-items: center; gap: 0.75rem; padding: 0.45rem 0.75rem;
  margin: 0.25rem 0; border-left: 0.75rem solid; border-radius: 0.25rem; background: #F7F7F7;
  color: #1B1B1B; }
.tk-ladder .tk-rung { font-weight: 700; min-width: 8.5rem; }
.tk-ladder .tk-group { font-size: 0.85rem; min-width: 5.5rem; text-transform: uppercase;
  letter-spacing: 0.03em; }
.tk-ladder .tk-journey { margin-left: auto; font-size: 0.85rem; font-weight: 700; }
.tk-band { display: inline-block; padding: 0 0.4rem; border-left: 0.5rem solid;
  background: #F7F7F7; color: #1B1B1B; font-size: 0.85rem; }
.tk-overdue { color: #A4161A; font-weight: 700; }
</style>
"""

PICK_ORGANISATION = "pick_organisation"
PICK_ROUND = "pick_round"

EASY_CSS = """
<style>
/* Easy Read: larger text and large touch targets (44 px and more). */
html, body, .stApp, .stMarkdown p, .stMarkdown li, label, button, input, textarea {
  font-size: 20px !important; line-height: 1.5 !important; }
h1 { font-size: 2rem !important; }
div[role="radiogroup"] { gap: 0.6rem !important; }
div[role="radiogroup"] > div { width: 100%; }
div[role="radiogroup"] [data-testid="stRadioOption"] { min-height: 56px; width: 100%;
  padding: 0.6rem 0.9rem; border: 2px solid #4A4A4A; border-radius: 0.5rem;
  background: #FFFFFF; align-items: center; }
div[role="radiogroup"] [data-testid="stRadioOption"]:has(input:checked) {
  border-color: #0B4F8A; border-width: 3px; background: #E8F1FA; }
.stButton button, .stFormSubmitButton button, a[data-testid="stPageLink-NavLink"] {
  min-height: 56px; padding: 0.6rem 1.2rem; }
</style>
"""


def page(title: str, easy_title: str | None = None, intro: str | None = None) -> bool:
    """The top of every page: styles, the Easy Read switch and the heading. Returns Easy Read.

    The title and intro are the app's own words, shown as Markdown."""
    easy = context.easy_read()
    st.markdown(BASE_CSS + (EASY_CSS if easy else ""), unsafe_allow_html=True)
    heading, switch = st.columns([4, 1], vertical_alignment="center")
    with switch:
        st.toggle(
            "Easy Read",
            value=easy,
            key=f"easy_switch_{title}",
            help="Simple words, bigger text, one question at a time.",
            on_change=_toggle_easy_read,
            args=(f"easy_switch_{title}",),
        )
        who = context.actor()
        if isinstance(who, SignedIn):
            st.caption(safe(f"Signed in as {who.user.email}"))
    with heading:
        st.title(easy_title if easy and easy_title else title)
    if intro:
        st.write(intro)
    session.keep_cookie()
    context.show_flash()
    return easy


def _toggle_easy_read(key: str) -> None:
    context.set_easy_read(bool(st.session_state[key]))


def group_band(group: str) -> str:
    """A group's words on a coloured edge: colour and words together, never colour alone."""
    colour = GROUP_COLOURS[group]
    return (
        f'<span class="tk-band" style="border-left-color:{colour}">'
        f"{html_safe(GROUP_LABELS[group])}</span>"
    )


def ladder_picture(ladder: Ladder, easy: bool = False) -> None:
    """The ladder drawn top rung first, with its groups and its journey marked, as real text.

    A framework can carry its own ladder, so every word of it is escaped for HTML."""
    start, finish = ladder.journey.from_, ladder.journey.to
    items = []
    for rung in reversed(ladder.rungs):
        marker = ""
        if rung.id == finish:
            marker = '<span class="tk-journey">journey ends here ▲</span>'
        elif rung.id == start:
            marker = '<span class="tk-journey">journey starts here</span>'
        words = rung.easy_read if easy else rung.description
        items.append(
            f'<li style="border-left-color:{GROUP_COLOURS[rung.group]}">'
            f'<span class="tk-group">{html_safe(GROUP_LABELS[rung.group])}</span>'
            f'<span class="tk-rung">{html_safe(rung.label)}</span>'
            f"<span>{html_safe(words)}</span>{marker}</li>"
        )
    start_label, finish_label = ladder.rung(start).label, ladder.rung(finish).label
    caption = (
        f"{ladder.title}: {len(ladder.rungs)} rungs, from {ladder.rungs[0].label} at the bottom "
        f"to {ladder.rungs[-1].label} at the top. The journey the charts measure runs from "
        f"{start_label} to {finish_label}."
    )
    st.markdown(
        f'<figure aria-label="{html_safe(" ".join(caption.split()))}">'
        f'<ol class="tk-ladder" reversed>{"".join(items)}</ol>'
        f"<figcaption>{html_safe(caption)}</figcaption></figure>",
        unsafe_allow_html=True,
    )
    if ladder.source:
        st.caption(f"Ladder: {safe(ladder.source.title)}.")


def organisation_picker(label: str = "Organisation") -> Organisation | None:
    """Choose an organisation. The choice is remembered in the URL, and the picker follows a
    choice made elsewhere (a link, an organisation just added). A select box shows its
    options as plain text, so names go in as they are."""
    organisations = context.service().organisations(context.actor())
    chosen = context.chosen_organisation(organisations)
    if chosen is None:
        return None
    by_id = {o.id: o for o in organisations}
    # Always set: a widget's remembered value does not survive a move to another page.
    st.session_state[PICK_ORGANISATION] = chosen.id
    st.selectbox(
        label,
        list(by_id),
        format_func=lambda i: by_id[i].name,
        key=PICK_ORGANISATION,
        on_change=_picked_organisation,
    )
    return by_id[st.session_state[PICK_ORGANISATION]]


def _picked_organisation() -> None:
    context.remember(context.ORGANISATION, st.session_state[PICK_ORGANISATION])
    context.remember(context.ROUND, None)


def round_label(round_: Round) -> str:
    """A round in words, as plain text (for select box options; escape it to show elsewhere)."""
    status = "" if round_.is_open else " (closed)"
    return f"{round_.title} – {round_.framework_title}{status}"


def round_picker(organisation: Organisation | None, label: str = "Round") -> Round | None:
    """Choose one of an organisation's rounds (the latest unless one was chosen before)."""
    if organisation is None:
        return None
    rounds = context.service().rounds(context.actor(), organisation)
    chosen = context.chosen_round(organisation, rounds)
    if chosen is None:
        return None
    by_id = {r.id: r for r in rounds}
    st.session_state[PICK_ROUND] = chosen.id
    st.selectbox(
        label,
        list(by_id),
        format_func=lambda i: round_label(by_id[i]),
        key=PICK_ROUND,
        on_change=_picked_round,
    )
    return by_id[st.session_state[PICK_ROUND]]


def _picked_round() -> None:
    context.remember(context.ROUND, st.session_state[PICK_ROUND])


def keep_choice(key: str, options: list, default: object) -> None:
    """A remembered choice that no longer fits (another round, say) goes back to the default."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def form_generation(name: str) -> int:
    """A number that changes after each use of a form, so its fields start empty again."""
    return st.session_state.setdefault(f"form_generation_{name}", 0)


def renew_form(name: str) -> None:
    st.session_state[f"form_generation_{name}"] = form_generation(name) + 1


@dataclass(frozen=True)
class _Drawn:
    """A chart ready to show: its heading, figure (without its own title), text alternative
    and table (safe for spreadsheets). Never changed once made, so every session shares it."""

    title: str
    figure: go.Figure
    alt: str
    table: pd.DataFrame


_drawn: Kept[_Drawn] = Kept(256)


def _draw(view: Chart) -> _Drawn:
    # Rebuilt from its JSON: plain lists where the chart had arrays, so each rerun's copy of
    # it for the browser is quick.
    figure = go.Figure(json.loads(view.figure.to_json()))
    figure.update_layout(title_text=None)  # the heading above says it, once
    return _Drawn(view.title, figure, view.alt, spreadsheet_safe(view.table))


def chart(
    view: Chart | Callable[[], Chart],
    key: str,
    title: str | None = None,
    *,
    level: int = 2,
    stamp: Hashable | None = None,
) -> None:
    """A chart under a heading (level 2, or 3 inside a section), its text alternative beside
    it, and a switch to show it as a table. The chart's title, text alternative and table are
    plain text, which may carry theme titles and statements: all are escaped here.

    With a `stamp` that names the figures drawn (a round's revision, say), `view` may be a
    function that makes the chart: it is drawn once, and kept for every rerun and session
    until the stamp changes."""
    if stamp is None:
        drawn = _draw(view() if callable(view) else view)
    else:
        drawn = _drawn.get((key, stamp), lambda: _draw(view() if callable(view) else view))
    st.markdown(f"{'#' * level} {safe(title or drawn.title)}")
    as_table = st.toggle("Show as table", key=f"table_{key}")
    if as_table:
        st.dataframe(drawn.table, hide_index=True, width="stretch")
    else:
        st.plotly_chart(
            drawn.figure,
            key=f"chart_{key}",
            config={"displaylogo": False, "responsive": True},
            width="stretch",
            theme=None,  # keep the chart's own colours and contrast
        )
    st.caption(safe(drawn.alt))


def audit_trail(events: list[AuditEvent], organisations: dict[int, str] | None = None) -> None:
    """Who changed what, newest first, as a table (with each event's organisation, given the
    names of those the reader may see)."""
    if not events:
        st.info("Nothing has been recorded yet.")
        return
    columns = ["When", "Who", "What", "About"]
    rows = [[describe.long_time(e.at), e.actor, e.action, e.subject] for e in events]
    if organisations is not None:
        columns.insert(3, "Organisation")
        for row, event in zip(rows, events, strict=True):
            row.insert(3, organisations.get(event.organisation_id, ""))
    st.dataframe(
        spreadsheet_safe(pd.DataFrame(rows, columns=columns)), hide_index=True, width="stretch"
    )


def nothing_yet(message: str, easy: bool = False) -> None:
    """Say there is nothing here yet (`message` is the app's own words), with a way onward for
    someone who may set things up."""
    st.info(message)
    if registry.MANAGE.opens(context.service(), context.actor()):
        registry.link(
            registry.MANAGE,
            "Set up an organisation and a round" if not easy else "Set up",
            icon=":material/add:",
            query_params=context.link_params(),
        )
