"""Board progress: how an organisation has moved round by round (the journey, each theme and
the lived-experience gap), what moved and why, actions (overdue ones by name), and the board
report to download.

Rounds are compared only within one framework, and a round where fewer people answered than
the organisation's minimum group size is left out, and says so. Every figure comes from the
service's `progress`, `results` and `comparison`, every sentence from `toolkit.describe`.
Names, titles, statements, rung labels and reasons are escaped where they are shown, and so is
every sentence that carries one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st

from toolkit import charts, describe
from toolkit.framework import Framework, Ladder
from toolkit.scoring import SAME_WITHIN, Comparison, StatementChange
from toolkit.service import Can
from toolkit.store import Action, AgreedRung, NotFound, Round
from toolkit.ui import context, registry, report_downloads, widgets
from toolkit.ui.text import markdown_safe as safe

LISTED = 5
EASY_LISTED = 3

easy = widgets.page("Board progress", easy_title="How we are doing over time")
service, actor = context.service(), context.actor()

organisation = widgets.organisation_picker()
progress = service.progress(actor, organisation.id) if organisation else {}
if organisation is None or not progress:
    widgets.nothing_yet(
        "There is nothing to show yet."
        if easy
        else "There is no progress to show yet: set up an organisation and run a round first.",
        easy,
    )
    st.stop()


# --- Which framework ------------------------------------------------------------------------

titles = {fid: group[-1].round.framework_title for fid, group in progress.items()}
if len(progress) > 1:
    latest_framework = max(
        (group[-1].round for group in progress.values()), key=lambda r: (r.opened_on, r.id)
    ).framework_id
    widgets.keep_choice("progress_framework", list(progress), latest_framework)
    framework_id = st.selectbox(
        "Framework",
        list(progress),
        format_func=titles.__getitem__,
        key="progress_framework",
        help="Only rounds of the same framework can be compared.",
    )
else:
    framework_id = next(iter(progress))
minimum = organisation.minimum_group_size
left_out = [f for f in progress[framework_id] if f.scores is None]
rounds: list[Round] = [f.round for f in progress[framework_id] if f.scores is not None]
scores = [(f.round.title, f.scores) for f in progress[framework_id] if f.scores is not None]
if not rounds:
    st.info(
        describe.easy_too_few_sentence(minimum)
        if easy
        else "No round of this framework has answers from enough people to show yet: a round "
        f"shows once at least {minimum} people have sent in answers."
    )
    st.stop()
latest = rounds[-1]
framework = service.round_framework(actor, latest.id)
ladder = framework.ladder

count = f"{len(rounds)} {'round' if len(rounds) == 1 else 'rounds'}"
st.markdown(f"**{safe(organisation.name)}** · *{safe(titles[framework_id])}* · {count}")
st.caption("We only count answers people have sent in." if easy else describe.counted_sentence(0))
if left_out and not easy:
    st.caption(
        "Left out, with fewer than "
        f"{minimum} people's answers sent in so far: "
        + ", ".join(f"{safe(f.round.title)} ({f.respondents})" for f in left_out)
        + "."
    )


# --- Round by round -------------------------------------------------------------------------

if easy:
    for title, round_scores in scores:
        st.markdown(
            f"**{safe(title)}**: {describe.easy_people_sentence(round_scores.respondents)} "
            + describe.easy_doing_with_sentence(round_scores.overall)
        )
widgets.chart(charts.journey_trend(ladder, scores), "journey")
if len(rounds) < 2:
    st.info(
        "We need to ask people again to see what has changed."
        if easy
        else "Progress needs two rounds of the same framework. There is one so far: run "
        "another round to see what moved."
    )
elif not easy:
    widgets.chart(charts.theme_trends(framework, scores), "themes")
if not easy and service.may(actor, Can.READ_RESULTS, organisation.id):
    # Each round's gap as Results shows it: only where both sides have the minimum of people.
    gaps = [(r.title, service.results(actor, r).gap) for r in rounds]
    widgets.chart(charts.gap_trend(gaps), "gap")


# --- What moved -----------------------------------------------------------------------------


def text_of(statement_id: str, *frameworks: Framework) -> str:
    """A statement's words from whichever round's framework holds it, ready to show."""
    for source in frameworks:
        if statement_id in source.statement_theme:
            statement = source.statement(statement_id)
            return safe(statement.easy_read if easy else statement.text)
    return safe(statement_id)


def change_item(
    change: StatementChange, framework: Framework, ladder: Ladder, why: AgreedRung | None
) -> str:
    lines = [
        f"**{safe(change.id)}** · {text_of(change.id, framework)}",
        safe(describe.statement_change_sentence(change.before, change.after, ladder)),
    ]
    if why is not None:
        lines.append(
            "*Why:* " + safe(describe.agreed_sentence(why.rung, why.reason, why.decided_by, ladder))
        )
    return "  \n".join(lines)


def change_list(
    heading: str,
    changes: list[StatementChange],
    framework: Framework,
    ladder: Ladder,
    agreed: dict[str, AgreedRung],
) -> None:
    st.subheader(heading)
    if not changes:
        st.caption("None.")
        return
    items = [change_item(c, framework, ladder, agreed.get(c.id)) for c in changes]
    st.markdown("\n\n".join(items[:LISTED]))
    if len(items) > LISTED:
        with st.expander(f"See the other {len(items) - LISTED}"):
            st.markdown("\n\n".join(items[LISTED:]))


def what_moved(before: Round, after: Round) -> None:
    comparison: Comparison = service.comparison(actor, before.id, after.id)
    earlier = service.round_framework(actor, before.id)
    later = service.round_framework(actor, after.id)
    up, down = comparison.moved()
    compared = [c for c in comparison.statements if c.change is not None]
    same = len(compared) - len(up) - len(down)
    st.markdown(f"### {describe.moved_sentence(len(up), len(down), same)}")
    st.markdown(
        safe(
            describe.overall_change_sentence(
                comparison.overall_before,
                comparison.overall_after,
                len(comparison.statements),
                ladder,
            )
        )
        + " "
        + safe(describe.ladder_scale_sentence(ladder))
    )
    earlier_title, later_title = safe(before.title), safe(after.title)
    st.caption(
        f"Each statement's average position in {earlier_title} → {later_title}. A change of "
        f"less than {SAME_WITHIN} of a rung counts as staying the same. “Why” is the rung the "
        f"group agreed in {later_title}, and the reason they gave."
    )
    agreed = service.agreed_rungs(actor, after.id)
    went_up, went_down = st.columns(2, gap="large")
    with went_up:
        change_list("↑ Moved up", up, later, ladder, agreed)
    with went_down:
        change_list("↓ Moved down", down, later, ladder, agreed)

    not_compared = [c.id for c in comparison.statements if c.change is None]
    statement_list(
        "Not compared, because nobody placed them on the ladder in one of the two rounds",
        not_compared,
        later,
    )
    statement_list(
        f"Only in {earlier_title} (not in the framework {later_title} used, so not compared)",
        comparison.only_before,
        earlier,
    )
    statement_list(
        f"New in {later_title} (not in the framework {earlier_title} used, so not compared)",
        comparison.only_after,
        later,
    )


def statement_list(heading: str, ids: Sequence[str], framework: Framework) -> None:
    """Statements left out of a comparison, listed (in an expander when there are many).
    `heading` is Markdown: any title in it is already escaped."""
    if not ids:
        return
    lines = "  \n".join(f"{safe(s)} · {text_of(s, framework)}" for s in ids)
    if len(ids) <= LISTED:
        st.markdown(f"**{heading}:**  \n{lines}")
    else:
        with st.expander(f"{heading}: {len(ids)} statements"):
            st.markdown(lines)


def easy_what_moved(before: Round, after: Round) -> None:
    comparison = service.comparison(actor, before.id, after.id)
    later = service.round_framework(actor, after.id)
    up, down = comparison.moved()
    st.markdown(describe.easy_change_sentence(len(up), len(down)))
    for heading, changes in (("Better", up), ("Worse", down)):
        if changes:
            st.markdown(
                f"**{heading}:**\n"
                + "\n".join(f"- {text_of(c.id, later)}" for c in changes[:EASY_LISTED])
            )


if len(rounds) >= 2:
    by_id = {r.id: r for r in rounds}
    ids = [r.id for r in rounds]
    # By default, the latest two rounds that have answers (a round just opened has none).
    answered = [r for r, (_, s) in zip(rounds, scores, strict=True) if s.respondents]
    earlier, later = (answered if len(answered) >= 2 else rounds)[-2:]
    if easy:
        st.header(f"What changed since {safe(earlier.title)}")
        easy_what_moved(earlier, later)
    else:
        st.header("What moved")
        first, second = st.columns(2)
        for key, default in (("progress_before", earlier.id), ("progress_after", later.id)):
            widgets.keep_choice(key, ids, default)
        with first:
            before_id = st.selectbox(
                "From round",
                ids,
                format_func=lambda i: by_id[i].title,
                key="progress_before",
            )
        with second:
            after_id = st.selectbox(
                "To round",
                ids,
                format_func=lambda i: by_id[i].title,
                key="progress_after",
            )
        if before_id == after_id:
            st.info("Choose two different rounds to see what moved between them.")
        else:
            if ids.index(before_id) > ids.index(after_id):
                st.caption(
                    "“From round” is later than “To round”, so this reads backwards in time."
                )
            what_moved(by_id[before_id], by_id[after_id])


# --- Actions ---------------------------------------------------------------------------------


def about_words(action: Action) -> str:
    """What an action is about, in words (a statement's text, or a theme's title; never an
    id), or ""."""
    if action.round_id is None or not (action.statement_id or action.theme_id):
        return ""
    try:
        source = service.round_framework(actor, action.round_id)
    except NotFound:  # its round has gone
        return ""
    if action.statement_id in source.statement_theme:
        statement = source.statement(action.statement_id)
        return statement.text
    theme = next((t for t in source.themes if t.id == action.theme_id), None)
    return theme.title if theme is not None else ""


def overdue_item(action: Action, today: dt.date) -> str:
    """One overdue action: what, who owns it, how late; and what it is about."""
    days = (today - action.due_on).days
    late = f"{days} {'day' if days == 1 else 'days'}"
    if easy:
        who = f" {safe(action.owner)} is doing this." if action.owner else ""
        return f"- **{safe(action.text)}**{who} It is {late} late."
    about = about_words(action)
    owner = f"Owner: {safe(action.owner)}" if action.owner else "No owner named"
    line = (
        f"- **{safe(action.text)}**  \n{owner} · overdue by {late} "
        f"(due {describe.long_date(action.due_on)})"
    )
    return line + (f"  \nAbout: “{safe(about)}”" if about else "")


def actions_section() -> None:
    st.header("Actions" if not easy else "What we said we would do")
    today = dt.date.today()
    summary = service.action_summary(actor, organisation.id, today)
    figures = (
        summary.planned,
        summary.in_progress,
        summary.done,
        summary.dropped,
        summary.overdue,
    )
    if easy:
        st.markdown(describe.easy_actions_sentence(*figures[:4]))
    else:
        st.markdown(f"**{describe.actions_line(*figures)}**")
        st.caption(describe.actions_sentence(*figures))
    late = sorted(
        (a for a in service.actions(actor, organisation.id) if a.overdue(today)),
        key=lambda a: (a.due_on, a.id),
    )
    if late:
        st.subheader("Late" if easy else f"Overdue ({len(late)}), longest overdue first")
        st.markdown("\n".join(overdue_item(a, today) for a in late))
    registry.link(
        registry.ACTIONS,
        ("See and update the actions" if not easy else "See what we are doing")
        if service.may(actor, Can.CHANGE_ACTIONS, organisation.id)
        else ("See the actions" if not easy else "See what we are doing"),
        icon=":material/task_alt:",
        query_params=context.link_params(),
    )


if service.may(actor, Can.READ_ACTIONS, organisation.id):
    actions_section()


# --- The board report ----------------------------------------------------------------------

if not easy:
    every_round = [f.round for f in progress[framework_id]]
    report_downloads.offer(
        organisation,
        [r.id for r in every_round],
        f"The report for **{safe(organisation.name)}** on "
        + (f"{len(every_round)} rounds" if len(every_round) != 1 else "its round")
        + f" of *{safe(titles[framework_id])}*: the journey and the lived-experience gap round "
        "by round, what moved and why, where people disagree, agreed rungs, actions and how "
        "the figures are worked out.",
        key="progress",
    )
