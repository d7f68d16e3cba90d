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
from toolkit.framework import GROUP_LABELS, UNSURE, Ladder, Perspective
from toolkit.service import SignedIn
from toolkit.service.cache import Kept
from toolkit.store import AgreedRung, AuditEvent, Organisation, Round, StoreError
from toolkit.ui import context, registry, session
from toolkit.ui.printing import PRINT_CSS
from toolkit.ui.text import html_safe, spreadsheet_safe
from toolkit.ui.text import markdown_safe as safe

BASE_CSS = (
    """
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
/* On a narrow screen each rung's words go under its name, so nothing is wider than it. */
.tk-ladder-figure { margin: 0.5rem 0; }
/* A link's or a button's words wrap rather than being cut off on a narrow screen. */
a[data-testid="stPageLink-NavLink"] p, a[data-testid="stPageLink-NavLink"] span,
.stButton button p { white-space: normal !important; overflow-wrap: anywhere; }
@media (max-width: 600px) {
  /* A table (the rounds, say) fits the screen, its words wrapping, and never scrolls
     sideways: a region that scrolls is one a keyboard cannot reach (WCAG 2.1.1). */
  [data-testid="stTable"] table { width: 100%; table-layout: auto; }
  [data-testid="stTable"] th, [data-testid="stTable"] td,
  [data-testid="stTable"] th *, [data-testid="stTable"] td * { white-space: normal !important;
    overflow-wrap: break-word !important; min-width: 0 !important; max-width: 100% !important;
    font-size: 0.75rem !important; line-height: 1.3 !important; }
  [data-testid="stTable"] th, [data-testid="stTable"] td { padding: 0.3rem 0.2rem !important; }
  .tk-ladder li { display: block; }
  .tk-ladder li > span { display: inline-block; margin-right: 0.75rem; }
  .tk-ladder li > span:nth-of-type(3), .tk-ladder .tk-journey { display: block; }
}
/* Buttons, links and expanders 44 px tall and more (WCAG 2.5.5); on a touch screen or a
   narrow one, every choice too. */
.stButton button, .stFormSubmitButton button, a[data-testid="stPageLink-NavLink"],
.stDownloadButton button, [data-testid="stExpander"] summary { min-height: 44px; }
@media (pointer: coarse), (max-width: 640px) {
  div[role="radiogroup"] [data-testid="stRadioOption"] { min-height: 44px; align-items: center; }
}
/* A help icon is a target too: 24 px at least (WCAG 2.5.8). */
[data-testid="stTooltipIcon"] [data-testid="stTooltipHoverTarget"] { min-width: 24px;
  min-height: 24px; display: inline-flex; align-items: center; justify-content: center; }
[data-testid="stTooltipIcon"] svg { width: 20px; height: 20px; }
/* A heading a step change moves to sits below the bar at the top, not under it; it is a
   place to go to, so it carries no link to itself. */
[id^="tk-step"], #tk-error-summary { scroll-margin-top: 4.5rem; }
[id^="tk-step"] [data-testid="stHeaderActionElements"],
#tk-error-summary [data-testid="stHeaderActionElements"] { display: none; }
/* The error summary (as GOV.UK's): a red edge, its links underlined. */
.st-key-tk_error_summary { border-left: 0.4rem solid #A4161A; padding-left: 0.9rem; }
.st-key-tk_error_summary a { color: #A4161A; font-weight: 700; }
.tk-field-error { color: #A4161A; font-weight: 700; margin: 0; }
"""
    + PRINT_CSS  # how a page prints: toolkit/ui/printing.py
    + "</style>\n"
)

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


def page(
    title: str, easy_title: str | None = None, intro: str | None = None, *, flash: bool = True
) -> bool:
    """The top of every page: styles, the Easy Read switch and the heading. Returns Easy Read.

    The title and intro are the app's own words, shown as Markdown. Without `flash`, the page
    shows the last click's message itself (`context.show_flash`), under the heading it moves
    focus to."""
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
    if flash:
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
        f'<figure class="tk-ladder-figure" aria-label="{html_safe(" ".join(caption.split()))}">'
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
    # Not counted: a page that shows a round's numbers of people reads them itself.
    rounds = context.service().rounds(context.actor(), organisation, counts=False)
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


class _KeptFigure(go.Figure):
    """A figure that is never changed once drawn. Streamlit asks a figure for its dict on
    every rerun, and a figure's own `to_dict` deep-copies it each time; this one makes the
    dict once and hands out the same one (which nothing changes)."""

    def __init__(self, figure: go.Figure) -> None:
        super().__init__(figure)
        self._kept = super().to_dict()

    def to_dict(self) -> dict:
        return self._kept


def _draw(view: Chart, *, kept: bool = False) -> _Drawn:
    """The chart ready to show; `kept`, it is to be kept and shown again and again."""
    # Rebuilt from its JSON: plain lists where the chart had arrays, so each rerun's copy of
    # it for the browser is quick.
    figure = go.Figure(json.loads(view.figure.to_json()))
    figure.update_layout(title_text=None)  # the heading above says it, once
    if kept:
        figure = _KeptFigure(figure)
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
        drawn = _drawn.get(
            (key, stamp), lambda: _draw(view() if callable(view) else view, kept=True)
        )
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


# --- Step changes and problems, as GOV.UK's question pages have them -------------------------

_FOCUS_SCRIPT = """
export default function (component) {
    const { data } = component;
    if (!data || !data.target) { return; }
    let tries = 0;
    const go = () => {
        const target = document.getElementById(data.target);
        if (!target) { if (++tries < 200) { setTimeout(go, 25); } return; }
        target.setAttribute("tabindex", "-1");
        target.scrollIntoView({ block: "start" });
        target.focus({ preventScroll: true });
        // An error summary's links go to their field: its first choice or box, focused.
        const summary = target.closest(".st-key-tk_error_summary");
        for (const link of summary ? summary.querySelectorAll('a[href^="#"]') : []) {
            link.onclick = (event) => {
                const anchor = document.getElementById(link.getAttribute("href").slice(1));
                if (!anchor) { return; }
                event.preventDefault();
                let box = anchor.closest('[data-testid="stElementContainer"]');
                let field = null;
                while (box && !field) {
                    box = box.nextElementSibling;
                    field = box && box.querySelector("input, textarea, select");
                }
                anchor.scrollIntoView({ block: "start" });
                if (field) { field.focus({ preventScroll: true }); }
            };
        }
    };
    go();
}
"""
_focus = st.components.v2.component("toolkit_focus", js=_FOCUS_SCRIPT)


def step_heading(text: str, move: int, *, level: int = 2) -> None:
    """The heading of a step (a question, a theme, a check page): after a step change it is
    scrolled to the top of the screen and focused, so that the new question is in view and a
    screen reader reads it out. `text` is Markdown (escape what came from a file); `move`
    counts the person's step changes (0: none yet, so nothing moves)."""
    anchor = f"tk-step-{move}"
    if level == 2:
        st.header(text, anchor=anchor)
    else:
        st.subheader(text, anchor=anchor)
    if move:
        focus(anchor, move)


def focus(target: str, move: int) -> None:
    """Scroll the element with this id to the top and focus it, once for each `move`."""
    _focus(data={"target": target}, key=f"focus-{target}-{move}", height=0)


_COPY_HTML = (
    '<button type="button" class="tk-copy"></button>'
    '<span class="tk-copied" role="status" aria-live="polite"></span>'
)
_COPY_CSS = """
.tk-copy { min-height: 44px; padding: 0.5rem 1.1rem; font: inherit; font-weight: 700;
  color: #0B4F8A; background: #FFFFFF; border: 2px solid #0B4F8A; border-radius: 0.5rem;
  cursor: pointer; }
.tk-copy:focus-visible { outline: 3px solid #0B4F8A; outline-offset: 2px; }
.tk-copied { margin-left: 0.75rem; }
"""
_COPY_JS = """
export default function (component) {
    const { data, parentElement } = component;
    const button = parentElement.querySelector(".tk-copy");
    const said = parentElement.querySelector(".tk-copied");
    button.textContent = data.label;
    button.onclick = async () => {
        let done = false;
        try {
            await navigator.clipboard.writeText(data.text);
            done = true;
        } catch (error) {  // no clipboard API (a plain http address on a network): select and copy
            const area = document.createElement("textarea");
            area.value = data.text;
            area.setAttribute("readonly", "");
            area.style.position = "fixed";
            area.style.opacity = "0";
            document.body.appendChild(area);
            area.select();
            try { done = document.execCommand("copy"); } catch (ignored) { done = false; }
            area.remove();
        }
        said.textContent = done ? data.copied : data.failed;
    };
}
"""
_copy = st.components.v2.component("toolkit_copy", html=_COPY_HTML, css=_COPY_CSS, js=_COPY_JS)


def copy_button(text: str, label: str, key: str, *, easy: bool = False) -> None:
    """A button that copies `text` (to paste it elsewhere) and says, out loud too, that it did.
    The text goes to the page as data, never as markup."""
    _copy(
        data={
            "text": text,
            "label": label,
            "copied": "Copied." if easy else "Copied: you can paste it now.",
            "failed": "This phone or browser did not let us copy it. Press and hold the link "
            "to copy it instead."
            if easy
            else "Your browser did not let the page copy it: select the link and copy it.",
        },
        key=key,
    )


def error_summary(problems: list[tuple[str, str]], move: int) -> None:
    """ "There is a problem", and each problem as a link to the field it is about (`(message,
    field anchor)`, the app's own words), at the top of the page; focused when it appears."""
    if not problems:
        return
    with st.container(key="tk_error_summary"):
        st.header("There is a problem", anchor="tk-error-summary")
        # A message may quote what someone typed (a name, a code): escaped, always.
        st.markdown("\n".join(f"- [{safe(message)}](#{anchor})" for message, anchor in problems))
    focus("tk-error-summary", move)


def field_error(message: str, anchor: str) -> None:
    """The place a field's problem links to, and the problem itself (the app's own words)."""
    words = f'<p class="tk-field-error">Error: {html_safe(message)}</p>' if message else ""
    st.markdown(f'<div id="{anchor}"></div>{words}', unsafe_allow_html=True)


# --- What a group agreed -----------------------------------------------------------------------


def _save_agreed(round_id: int, statement_id: str, ladder: Ladder) -> None:
    """Record what the group agreed (from the form's button); the result shows by the form."""
    rung = st.session_state.get(f"agreed_rung_{round_id}_{statement_id}")
    reason = st.session_state.get(f"agreed_reason_{round_id}_{statement_id}", "")
    decided_by = st.session_state.get(f"agreed_by_{round_id}_{statement_id}", "")
    if rung is None:
        st.session_state["agreed_problem"] = "Choose the rung the group agreed, then press Save."
        return
    if not reason.strip():
        st.session_state["agreed_problem"] = (
            "Say why the group agreed this rung, so that others can see the reason."
        )
        return
    try:
        context.service().record_agreed_rung(
            context.actor(), round_id, statement_id, rung, reason, decided_by
        )
    except StoreError as error:
        st.session_state["agreed_problem"] = str(error)
        return
    st.session_state["agreed_saved"] = (
        f"Saved: {describe.rung_words(rung, ladder)} for {statement_id}."
    )


def agreed_rung_form(
    round_: Round, ladder: Ladder, statement_id: str, agreed: AgreedRung | None
) -> None:
    """The form that records (or changes) the rung a group agreed for a statement, and why,
    with what became of the last press of Save beside it (Results and Workshops)."""
    choices = [*ladder.rung_ids, UNSURE]
    suffix = f"{round_.id}_{statement_id}"
    with st.form(f"agreed_{suffix}"):
        st.markdown(
            "**Record what the group agreed**" if agreed is None else "**Change what was agreed**"
        )
        st.selectbox(
            "Agreed rung",
            choices,
            index=choices.index(agreed.rung) if agreed else None,
            format_func=lambda r: describe.rung_words(r, ladder),
            placeholder="Choose the rung the group agreed",
            key=f"agreed_rung_{suffix}",
        )
        st.text_area(
            "Why the group agreed this",
            value=agreed.reason if agreed else "",
            key=f"agreed_reason_{suffix}",
            height=100,
            max_chars=4000,
        )
        st.text_input(
            "Decided by (optional)",
            value=agreed.decided_by if agreed else "",
            key=f"agreed_by_{suffix}",
            placeholder="For example: Co-production group",
            max_chars=200,
        )
        st.form_submit_button(
            "Save what was agreed", on_click=_save_agreed, args=(round_.id, statement_id, ladder)
        )
    problem = st.session_state.pop("agreed_problem", None)
    if problem:
        st.error(safe(problem))
    saved = st.session_state.pop("agreed_saved", None)
    if saved:
        st.success(safe(saved))


def who_are_you(
    perspectives: tuple[Perspective, ...], easy: bool, key: str, chosen: str | None = None
) -> None:
    """The question of who is answering: one choice a perspective (its Easy Read words in
    Easy Read), none chosen unless `chosen` is given. The words come from files: escaped."""
    words = {p.id: safe(p.easy_read if easy and p.easy_read else p.label) for p in perspectives}
    ids = list(words)
    st.radio(
        "Who are you?" if easy else "Which of these best describes you?",
        ids,
        index=ids.index(chosen) if chosen in ids else None,
        format_func=words.__getitem__,
        key=key,
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
