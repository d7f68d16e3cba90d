"""Results: one round's figures and charts, where people disagree, where people with lived
experience and everyone else differ, what the group agreed, and the board report on the round
to download.

Every figure comes from the service's `results` (sent-in answers only, and no group smaller
than the organisation's minimum group size shown on its own) and every sentence from
`toolkit.describe`. "Whose answers" narrows all of them to some perspectives. An "I" statement
(the view of a person who draws on care and support) is led by how people with lived
experience placed it, with staff and others beside them. Names, statements, rung labels,
notes and reasons come from people and files: each is escaped where it is shown, and so is
every sentence that carries one.
"""

from __future__ import annotations

import streamlit as st

from toolkit import charts, describe
from toolkit.framework import Framework
from toolkit.scoring import DISAGREEMENT_SPREAD, Scores, StatementGap, StatementScore
from toolkit.service import EVERYONE, LIVED, ONE, OTHERS, Can
from toolkit.service.results import whose_choices
from toolkit.store import AgreedRung
from toolkit.ui import context, questions, registry, report_downloads, widgets
from toolkit.ui.text import markdown_safe as safe

TOP_DISAGREEMENTS = 5
EASY_DISAGREEMENTS = 3
TOP_GAPS = 5
EASY_GAPS = 3
NOTES_SHOWN = 8

easy = widgets.page("Results", easy_title="What people said")
service, actor = context.service(), context.actor()

organisation = widgets.organisation_picker()
round_ = widgets.round_picker(organisation)
if round_ is None:
    widgets.nothing_yet(
        "There are no answers to show yet."
        if easy
        else "There are no results yet: set up an organisation and a round, then ask people "
        "to answer.",
        easy,
    )
    st.stop()
can_agree = service.may(actor, Can.AGREE, round_.organisation_id)
can_act = service.may(actor, Can.CHANGE_ACTIONS, round_.organisation_id)
action_params = context.link_params(round=round_.id) if can_act else {}


# --- Whose answers ----------------------------------------------------------------------------

perspectives = service.round_perspectives(actor, round_)
labels = {p.id: p.label for p in perspectives}
lived_by_id = {p.id: p.lived_experience for p in perspectives}
WORDS = {
    EVERYONE: "Everyone" if easy else "All: everyone who answered",
    LIVED: "People who get care and carers" if easy else charts.LIVED_EXPERIENCE_LABEL,
    OTHERS: charts.OTHERS_LABEL,
}
choices = {
    w.key: WORDS.get(w.key) or labels[w.key.removeprefix(ONE)]
    for w in whose_choices(perspectives)
    if not (easy and w.key.startswith(ONE))
}
widgets.keep_choice("results_whose", list(choices), EVERYONE)
whose = st.selectbox(
    "Whose answers",
    list(choices),
    format_func=choices.__getitem__,
    key="results_whose",
    help="Every figure and chart on this page shows the answers of the people you choose.",
)
shown = service.results(actor, round_, whose)
framework, minimum = shown.framework, shown.minimum
ladder = framework.ladder
line = f"**{safe(round_.title)}** · *{safe(round_.framework_title)}*"
st.markdown(line if easy else f"{line} · {describe.people_sentence(shown.counts, lived_by_id)}")
group_counts = (
    {} if shown.scores is None else {p.id: p.respondents for p in shown.scores.perspectives}
)
st.caption(
    (
        "We only count answers people have sent in."
        if easy
        else describe.counted_sentence(shown.drafts)
    )
    + (
        ""
        if whose == EVERYONE or shown.scores is None
        else " "
        + (
            describe.easy_people_sentence(shown.respondents)
            if easy
            else describe.people_sentence(group_counts, lived_by_id, everyone=False)
        )
    )
)

if shown.respondents == 0:
    st.info(
        "Nobody has sent in answers yet."
        if easy
        else "There is nothing to show yet: nobody in this group has sent in answers for "
        f"{safe(round_.title)}. Figures appear here as soon as someone does."
    )
    st.stop()
if shown.scores is None:  # the minimum group rule: too few people to show on their own
    if shown.everyone.respondents < minimum:
        st.info(
            describe.easy_too_few_sentence(minimum)
            if easy
            else describe.too_few_sentence(shown.everyone.respondents, minimum)
        )
    else:
        st.info(describe.small_group_sentence(minimum))
    st.stop()
scores = shown.scores


# --- Headline figures -------------------------------------------------------------------------


def headline(scores: Scores) -> None:
    overall = scores.overall
    journey, maturity, doing_with, gap = st.columns(4)
    with journey:
        st.metric("Journey", describe.percent(overall.journey_pct), border=True)
        st.caption(safe(describe.journey_sentence(overall, ladder)))
    with maturity:
        st.metric("Maturity", describe.percent(overall.maturity_pct), border=True)
        st.caption(describe.maturity_sentence(overall))
    with doing_with:
        st.metric("Doing with", describe.share(overall.doing_with_share), border=True)
        st.caption(describe.doing_with_sentence(overall))
    with gap:
        st.metric("Lived-experience gap", describe.gap_value(shown.gap), border=True)
        st.caption(describe.gap_sentence(shown.gap, minimum if shown.gap_hidden else None))
    who = [
        f"{safe(labels.get(p.id, p.id))}: {p.respondents}"
        for p in scores.perspectives
        if p.respondents
    ]
    st.markdown("**Who answered** (people by perspective): " + " · ".join(who))
    st.caption(describe.counts_sentence(overall))


def easy_headline(scores: Scores) -> None:
    overall = scores.overall
    with st.container(border=True):
        st.markdown(describe.easy_people_sentence(scores.respondents))
        st.markdown(safe(describe.easy_position_sentence(overall, ladder)))
        st.markdown(describe.easy_doing_with_sentence(overall))
        if whose == EVERYONE:
            st.markdown(
                describe.easy_gap_sentence(shown.gap, minimum if shown.gap_hidden else None)
            )


# --- Disagreements and one statement ----------------------------------------------------------


def disagreements(scores: Scores, limit: int) -> list[StatementScore]:
    """Statements whose answers spread over a rung or more, widest spread first."""
    return scores.disagreements()[:limit]


def statement_heading(framework: Framework, statement_id: str) -> str:
    statement = framework.statement(statement_id)
    theme = framework.theme(framework.statement_theme[statement_id])
    kind = questions.KIND_LABELS.get(statement.kind, statement.kind)
    return (
        f"**{safe(statement.id)}** · {safe(kind)} · {safe(theme.title)}  \n{safe(statement.text)}"
    )


def sides_words(gap: StatementGap) -> str:
    """Lived experience first, then staff and others, then which side places it higher."""
    lived, others = gap.lived, gap.others
    return "  \n".join(
        safe(sentence)
        for sentence in (
            describe.side_sentence(True, lived.mean_position, lived.answered, ladder),
            describe.side_sentence(False, others.mean_position, others.answered, ladder),
            describe.statement_gap_sentence(gap.gap),
        )
    )


def lived_first(statement_id: str) -> None:
    """For an "I" statement, how people with lived experience placed it, with staff and
    others beside them; or why not, when a side has fewer people than the minimum. Nothing
    for other statements, or when the answers chosen are one side's only."""
    sides = shown.lived_first(statement_id)
    if sides is None:
        return
    if sides.gap is None:
        st.caption(describe.sides_short_sentence(sides.lived_short, sides.others_short, minimum))
    else:
        st.markdown(sides_words(sides.gap))


def agreed_words(agreed: AgreedRung | None) -> str:
    if agreed is None:
        return "No agreed rung recorded yet."
    return safe(describe.agreed_sentence(agreed.rung, agreed.reason, agreed.decided_by, ladder))


def add_action_link(statement_id: str) -> None:
    if not can_act:
        return
    registry.link(
        registry.ACTIONS,
        f"Add an action about “{safe(describe.shorten(framework.statement(statement_id).text))}”",
        icon=":material/add:",
        query_params={**action_params, "statement": statement_id},
    )


STATEMENT_KEY = f"results_statement_{round_.id}"


def look_at(statement_id: str) -> None:
    st.session_state[STATEMENT_KEY] = statement_id


def agreed_form(statement_id: str, agreed: AgreedRung | None) -> None:
    if can_agree:
        widgets.agreed_rung_form(round_, ladder, statement_id, agreed)


def notes(statement_id: str) -> None:
    given = service.notes(actor, shown, statement_id)
    st.markdown("**Evidence and comments**")
    if not given:
        st.caption("Nobody in this group wrote a note with their answer to this statement.")
        return
    st.caption(
        f"{len(given)} {'note' if len(given) == 1 else 'notes'} written with the answers "
        "(names are never shown)."
    )

    def line(note) -> str:
        chose = questions.answer_words(ladder, note.answer)
        if note.perspective is None:  # fewer than the minimum of that perspective answered
            return f"- “{safe(note.text)}” — chose {safe(chose)}"
        who = labels.get(note.perspective, note.perspective)
        return f"- “{safe(note.text)}” — {safe(who)}, chose {safe(chose)}"

    st.markdown("\n".join(line(n) for n in given[:NOTES_SHOWN]))
    if len(given) > NOTES_SHOWN:
        with st.expander(f"{len(given) - NOTES_SHOWN} more notes"):
            st.markdown("\n".join(line(n) for n in given[NOTES_SHOWN:]))


# --- The page ---------------------------------------------------------------------------------

agreed_rungs = service.agreed_rungs(actor, round_)

if easy:
    easy_headline(scores)
    widgets.chart(
        lambda: charts.theme_groups(framework, scores), "easy_groups", stamp=shown.revision
    )
    widest = disagreements(scores, EASY_DISAGREEMENTS)
    if widest:
        st.header("Things people did not agree on")
        for statement in widest:
            with st.container(border=True):
                st.markdown(f"**{safe(framework.statement(statement.id).easy_read)}**")
                agreed = agreed_rungs.get(statement.id)
                st.markdown(
                    safe(describe.easy_agreed_sentence(agreed.rung, ladder))
                    if agreed
                    else "We have not talked about this one yet."
                )
    differ = shown.sides.widest[:EASY_GAPS] if shown.sides is not None else ()
    if differ:
        st.header("Where people who get care and staff see it differently")
        for gap in differ:
            with st.container(border=True):
                st.markdown(f"**{safe(framework.statement(gap.id).easy_read)}**")
                st.markdown(describe.easy_gap_sentence(gap.gap))
    st.stop()

headline(scores)

st.header("Charts")
groups_tab, radar_tab, sides_tab, heatmap_tab = st.tabs(
    [
        "Doing to, for and with",
        "Themes on the ladder",
        "Lived experience and staff",
        "Every statement",
    ]
)
with groups_tab:
    widgets.chart(
        lambda: charts.theme_groups(framework, scores), "groups", level=3, stamp=shown.revision
    )
with radar_tab:
    widgets.chart(
        lambda: charts.theme_radar(framework, scores), "radar", level=3, stamp=shown.revision
    )
with sides_tab:
    if shown.lived is not None and shown.others is not None:
        widgets.chart(
            lambda: charts.perspective_dumbbell(framework, shown.lived, shown.others),
            "sides",
            level=3,
            stamp=shown.revision,
        )
    else:
        st.info(
            "This chart compares people who draw on care and support and carers with staff and "
            f"others, so it needs at least {minimum} people on each side: choose “All” in "
            "“Whose answers” to see it, once enough people on both sides have answered."
        )
with heatmap_tab:
    widgets.chart(
        lambda: charts.statement_heatmap(framework, scores),
        "heatmap",
        level=3,
        stamp=shown.revision,
    )

st.header("Where people disagree most")
widest = disagreements(scores, TOP_DISAGREEMENTS)
if not widest:
    st.info(
        "People broadly agree: no statement has answers spread over a rung or more either "
        "side of the average."
    )
else:
    st.caption(
        f"Statements whose answers spread over {DISAGREEMENT_SPREAD:.0f} rung or more, "
        f"widest first (up to {TOP_DISAGREEMENTS}). Talk these through, then record the rung the "
        "group agrees and why."
    )
for number, statement in enumerate(widest, start=1):
    with st.container(border=True):
        st.markdown(f"{number}. " + statement_heading(framework, statement.id))
        lived_first(statement.id)
        st.markdown(
            safe(describe.spread_sentence(statement.spread))
            + " "
            + safe(describe.statement_sentence(statement.mean_position, statement.answered, ladder))
        )
        st.caption(
            safe(
                describe.distribution_line(
                    statement.distribution, statement.unsure, statement.not_applicable, ladder
                )
            )
        )
        st.markdown(agreed_words(agreed_rungs.get(statement.id)))
        record, act = st.columns(2)
        with record:
            if can_agree:
                st.button(
                    "Record what was agreed"
                    if statement.id not in agreed_rungs
                    else "Change what was agreed",
                    key=f"look_{statement.id}",
                    on_click=look_at,
                    args=(statement.id,),
                    help="Opens this statement below, with a form to record the agreed rung.",
                )
        with act:
            add_action_link(statement.id)

st.header("Where lived experience and others differ most")
st.caption(describe.lived_gaps_intro(TOP_GAPS, minimum))
if shown.sides is None:
    st.info(describe.lived_gaps_one_side_sentence())
elif not shown.sides.widest:
    st.info(describe.no_lived_gaps_sentence(shown.sides.compared, minimum))
for number, gap in enumerate(shown.sides.widest[:TOP_GAPS] if shown.sides else (), start=1):
    with st.container(border=True):
        st.markdown(f"{number}. " + statement_heading(framework, gap.id))
        st.markdown(sides_words(gap))
if shown.sides is not None and shown.sides.compared and shown.sides.left_out:
    st.caption(describe.lived_gaps_left_out_sentence(shown.sides.left_out, minimum))

st.header("Look at one statement")
ids = [s.id for s in framework.statements]
flagged = {s.id for s in disagreements(scores, len(ids))}
widgets.keep_choice(STATEMENT_KEY, ids, widest[0].id if widest else ids[0])
statement_id = st.selectbox(
    "Statement",
    ids,
    format_func=lambda sid: (
        f"{sid}: {framework.statement(sid).text}" + (" (people disagree)" if sid in flagged else "")
    ),
    key=STATEMENT_KEY,
)
statement = scores.statement(statement_id)
st.markdown(statement_heading(framework, statement_id))
lived_first(statement_id)
st.markdown(
    safe(describe.statement_sentence(statement.mean_position, statement.answered, ladder))
    + " "
    + safe(describe.spread_sentence(statement.spread))
)
chart_side, talk_side = st.columns([3, 2], gap="large")
with chart_side:
    # The statement is written just above: a short heading is enough here.
    widgets.chart(
        lambda: charts.distribution_bars(framework, statement),
        "statement",
        title="How people answered",
        level=3,
        stamp=(*shown.revision, statement_id),
    )
    notes(statement_id)
with talk_side:
    agreed = agreed_rungs.get(statement_id)
    st.markdown(agreed_words(agreed))
    agreed_form(statement_id, agreed)
    add_action_link(statement_id)

report_downloads.offer(
    organisation,
    [round_.id],
    f"The report for **{safe(organisation.name)}** on *{safe(round_.title)}*: its figures "
    "and charts, lived experience beside staff and others, where people disagree, agreed "
    "rungs, actions and how the figures are worked out. It shows everyone's answers, "
    "whoever “Whose answers” shows above.",
    key="results",
)
