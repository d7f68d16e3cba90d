"""The report as one HTML document, shared by the offline HTML file and the PDF: the same
sections, words and tables; only how a chart is drawn differs (interactive plotly on screen,
vector SVG on paper), and it is handed in.

Every figure comes from the report model (the service's results) and every sentence about a
figure from `toolkit.describe`. Everything from a person or a file (names, titles, statement
words, reasons, owners) goes through `esc`, once, where it is written into the document.
Statement ids are never shown: statements are named by their words.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from toolkit import describe
from toolkit.charts import LIVED_EXPERIENCE_LABEL, OTHERS_LABEL, Chart
from toolkit.framework import GROUP_LABELS, GROUPS, Framework, Ladder
from toolkit.scoring import DISAGREEMENT_SPREAD, SAME_WITHIN, StatementChange
from toolkit.store.records import ACTION_STATUS_LABELS

from .figures import ReportCharts
from .model import (
    LISTED_GAPS,
    LISTED_MOVES,
    SUMMARY_GAPS,
    SUMMARY_MOVERS,
    SUMMARY_OVERDUE,
    Report,
)

DrawChart = Callable[[Chart, str], str]
"""Draws a chart (given with a short key) as HTML: the figure only; its text alternative is
written beside it here."""

TITLE = "Co-production progress report"


def esc(value: object) -> str:
    """Text from a person or a file, as HTML text (the one escaping helper of reports)."""
    return html.escape("" if value is None else str(value), quote=True)


def _address(url: str | None) -> str | None:
    """An http(s) address with a host, or None (no `javascript:`, nothing relative)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.hostname else None


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def _list(items: Sequence[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>"


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    caption: str = "",
    numeric: Sequence[int] = (),
    css: str = "",
) -> str:
    """A table of cells already written as HTML; `numeric` columns are set right."""
    head = "".join(
        f'<th scope="col"{" class=num" if i in numeric else ""}>{h}</th>'
        for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            (
                f'<th scope="row">{cell}</th>'
                if i == 0
                else f"<td{' class=num' if i in numeric else ''}>{cell}</td>"
            )
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    cap = f"<caption>{caption}</caption>" if caption else ""
    klass = f' class="{css}"' if css else ""
    return f"<table{klass}>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(chart: Chart | None, key: str, draw: DrawChart, after: str = "") -> str:
    """A chart under its title, its text alternative under it (always in the text), then any
    table."""
    if chart is None:
        return ""
    return (
        f'<figure class="chart" id="chart-{key}">'
        f'<p class="chart-title">{esc(chart.title)}</p>'
        f"{draw(chart, key)}"
        f"<figcaption>{esc(chart.alt)}</figcaption>"
        f"</figure>{after}"
    )


def _statement(report: Report, statement_id: str) -> str:
    """A statement named by its words, with its theme."""
    return (
        f'<span class="statement">{esc(report.statement_text(statement_id))}</span> '
        f'<span class="theme">({esc(report.theme_title(statement_id))})</span>'
    )


def _words(report: Report, statement_id: str) -> str:
    """A statement named by its words alone, as a summary lists it."""
    return f'<span class="statement">{esc(report.statement_text(statement_id))}</span>'


def _date(day) -> str:
    """A date kept on one line in a table: "1 August 2026"."""
    return esc(describe.long_date(day)).replace(" ", "\u00a0")


def _position(value: float | None) -> str:
    return "–" if value is None else describe.tenths(value)


# --- Page one: the summary ---------------------------------------------------------------------


def _cover(report: Report) -> str:
    framework = report.framework
    rounds = report.rounds
    span = (
        esc(rounds[0].round.title)
        if len(rounds) == 1
        else f"{esc(rounds[0].round.title)} to {esc(rounds[-1].round.title)}"
    )
    count = f"{len(rounds)} {'round' if len(rounds) == 1 else 'rounds'}"
    return (
        '<header class="cover">'
        f'<p class="kicker">{TITLE}</p>'
        f'<h1 class="organisation">{esc(report.organisation.name)}</h1>'
        f'<p class="meta">{esc(framework.title)} (version {esc(framework.version)}) · {count}: '
        f"{span}</p>"
        f'<p class="made">Made on {describe.long_date(report.made_on)}</p>'
        "</header>"
    )


def _rounds_table(report: Report) -> str:
    ladder = report.framework.ladder
    start = ladder.rung(ladder.journey.from_).label
    finish = ladder.rung(ladder.journey.to).label
    rows = []
    for r in report.rounds:
        scores = r.scores
        title = r.round.title
        rows.append(
            [
                # A short title kept on one line (a long one may wrap).
                esc(title).replace(" ", "\u00a0") if len(title) <= 24 else esc(title),
                str(r.respondents),
                describe.percent(scores.overall.journey_pct) if scores else "–",
                describe.share(scores.overall.doing_with_share) if scores else "–",
                describe.gap_value(r.gap) if scores else "–",
            ]
        )
    table = _table(
        [
            "Round",
            "People who answered",
            f"Journey ({esc(start)} → {esc(finish)})",
            "Doing with",
            "Lived-experience gap",
        ],
        rows,
        caption="Round by round",
        numeric=(1, 2, 3, 4),
        css="rounds",
    )
    notes = [
        f"<p class='note'>{esc(r.round.title)}: "
        f"{esc(describe.too_few_sentence(r.respondents, report.minimum))}</p>"
        for r in report.hidden
    ]
    return table + "".join(notes)


def _summary_gaps(report: Report) -> str:
    latest = report.latest
    heading = f"<h3>Where lived experience and others differ most in {esc(latest.round.title)}</h3>"
    sides = latest.results.sides
    if sides is None:
        return heading + f"<p>{esc(describe.gap_sentence(None, report.minimum))}</p>"
    if not sides.widest:
        return (
            heading
            + f"<p>{esc(describe.no_lived_gaps_sentence(sides.compared, report.minimum))}</p>"
        )
    items = [
        f"{_words(report, gap.id)} {esc(describe.statement_gap_sentence(gap.gap))}"
        for gap in sides.widest[:SUMMARY_GAPS]
    ]
    return heading + _list(items, ordered=True)


def _change_item(report: Report, change: StatementChange, ladder: Ladder) -> str:
    item = (
        f"{_statement(report, change.id)}<br>"
        f"{esc(describe.statement_change_sentence(change.before, change.after, ladder))}"
    )
    if report.moved is not None:
        agreed = report.moved.after.agreed.get(change.id)
        if agreed is not None:
            item += (
                '<br><span class="why">Why: '
                + esc(
                    describe.agreed_sentence(agreed.rung, agreed.reason, agreed.decided_by, ladder)
                )
                + "</span>"
            )
    return item


def _summary_movers(report: Report) -> str:
    moved = report.moved
    if moved is None:
        return (
            "<h3>Biggest movers</h3><p>What moved needs two rounds of this framework with "
            f"answers from at least {report.minimum} people each; this report has "
            f"{len(report.shown)}.</p>"
        )
    ladder = moved.after.framework.ladder
    parts = [
        f"<h3>Biggest movers, {esc(moved.before.round.title)} to "
        f"{esc(moved.after.round.title)}</h3>",
        f"<p>{esc(describe.moved_sentence(len(moved.up), len(moved.down), moved.same))}</p>",
    ]
    for heading, changes in (("Moved up most", moved.up), ("Moved down most", moved.down)):
        if changes:
            items = [
                f"{_words(report, c.id)} "
                f"{esc(describe.statement_change_sentence(c.before, c.after, ladder))}"
                for c in changes[:SUMMARY_MOVERS]
            ]
            parts.append(f"<h4>{heading}</h4>" + _list(items))
    return "".join(parts)


def _overdue_table(report: Report, rows) -> str:
    return _table(
        ["Action", "Owner", "Due", "Overdue by"],
        [
            [
                esc(row.action.text),
                esc(row.action.owner) or "–",
                _date(row.action.due_on),
                f"{row.days_overdue} {'day' if row.days_overdue == 1 else 'days'}",
            ]
            for row in rows
        ],
        numeric=(3,),
        css="overdue",
    )


def _summary_overdue(report: Report) -> str:
    if report.actions is None:
        return ""
    late = report.overdue
    if not late:
        return "<h3>Overdue actions</h3><p>No action is past its due date.</p>"
    more = len(late) - SUMMARY_OVERDUE
    rest = (
        f"<p class='note'>{more} more overdue {'action is' if more == 1 else 'actions are'} "
        "listed under Actions.</p>"
        if more > 0
        else ""
    )
    return (
        f"<h3>Overdue actions ({len(late)})</h3>"
        + _overdue_table(report, late[:SUMMARY_OVERDUE])
        + rest
    )


def _summary(report: Report, charts: ReportCharts) -> str:
    parts = ['<section class="summary" id="summary">', "<h2>Summary</h2>", _rounds_table(report)]
    latest = report.latest
    if latest is None:
        parts.append(
            f"<p>No round in this report has answers from at least {report.minimum} people, "
            "so there are no figures to show yet.</p>"
        )
    else:
        ladder = report.framework.ladder
        parts.append(
            f"<p><strong>Journey.</strong> {esc(charts.journey.alt)} "
            f"In {esc(latest.round.title)}: "
            f"{esc(describe.journey_sentence(latest.scores.overall, ladder))}</p>"
        )
        gap_words = charts.gap.alt if charts.gap else describe.gap_sentence(None, report.minimum)
        parts.append(f"<p><strong>Lived-experience gap.</strong> {esc(gap_words)}</p>")
        parts.append(_summary_gaps(report))
        parts.append(_summary_movers(report))
    parts.append(_summary_overdue(report))
    parts.append("</section>")
    return "".join(parts)


# --- The sections after it ---------------------------------------------------------------------


def _headline(report: Report) -> str:
    latest = report.latest
    if latest is None:
        return ""
    ladder = report.framework.ladder
    scores, results = latest.scores, latest.results
    overall = scores.overall
    lived_map = {p.id: p.lived_experience for p in results.perspectives}
    gap_words = describe.gap_sentence(results.gap, report.minimum if results.gap_hidden else None)
    cards = [
        (
            "Journey",
            describe.percent(overall.journey_pct),
            describe.journey_sentence(overall, ladder),
        ),
        ("Maturity", describe.percent(overall.maturity_pct), describe.maturity_sentence(overall)),
        (
            "Doing with",
            describe.share(overall.doing_with_share),
            describe.doing_with_sentence(overall),
        ),
        ("Lived-experience gap", describe.gap_value(results.gap), gap_words),
    ]
    labels = {p.id: p.label for p in results.perspectives}
    who = " · ".join(
        f"{esc(labels.get(p.id, p.id))}: {p.respondents}"
        for p in scores.perspectives
        if p.respondents
    )
    drafts = latest.round.drafts or 0
    return (
        '<section id="headline">'
        f"<h2>Headline figures: {esc(latest.round.title)}</h2>"
        f"<p>{esc(describe.people_sentence(results.counts, lived_map))} "
        f"{esc(describe.counted_sentence(drafts))}</p>"
        '<div class="cards">'
        + "".join(
            f'<div class="card"><p class="card-name">{name}</p>'
            f'<p class="card-figure">{esc(figure)}</p><p class="card-words">{esc(words)}</p></div>'
            for name, figure, words in cards
        )
        + "</div>"
        f"<p><strong>Who answered</strong> (people by perspective): {who}</p>"
        f"<p>{esc(describe.counts_sentence(overall))}</p>"
        "</section>"
    )


def _themes_table(report: Report) -> str:
    framework = report.framework
    shown = report.shown
    rows = []
    for theme in framework.themes:
        cells = [esc(theme.title)]
        for r in shown:
            found = next((t for t in r.scores.themes if t.id == theme.id), None)
            cells.append(_position(found.figures.mean_position if found else None))
        rows.append(cells)
    return _table(
        ["Theme", *(esc(r.round.title) for r in shown)],
        rows,
        caption="Average position of each theme on the ladder. "
        + esc(describe.ladder_scale_sentence(framework.ladder)),
        numeric=tuple(range(1, len(shown) + 1)),
        css="themes",
    )


def _trends(report: Report, charts: ReportCharts, draw: DrawChart) -> str:
    if report.latest is None:
        return ""
    heading = "Journey and themes, round by round"
    return (
        f'<section id="trends"><h2>{heading}</h2>'
        + _figure(charts.journey, "journey", draw)
        + _figure(charts.themes, "themes", draw, _themes_table(report))
        + "</section>"
    )


def _groups(report: Report, charts: ReportCharts, draw: DrawChart) -> str:
    latest = report.latest
    if latest is None:
        return ""
    framework = report.framework
    rows = []
    for theme in framework.themes:
        found = next((t for t in latest.scores.themes if t.id == theme.id), None)
        placed = found.figures.answered if found else 0
        cells = [esc(theme.title), str(placed)]
        for group in GROUPS:
            count = found.figures.groups.get(group, 0) if found else 0
            cells.append(describe.share(count / placed) if placed else "–")
        rows.append(cells)
    table = _table(
        ["Theme", "Answers placed", *(GROUP_LABELS[g] for g in GROUPS)],
        rows,
        caption="Share of each theme's answers placed on the ladder",
        numeric=(1, 2, 3, 4),
        css="groups",
    )
    return (
        '<section id="groups">'
        f"<h2>Doing to, doing for and doing with: {esc(latest.round.title)}</h2>"
        + _figure(charts.groups, "groups", draw, table)
        + "</section>"
    )


def _lived(report: Report, charts: ReportCharts, draw: DrawChart) -> str:
    latest = report.latest
    if latest is None:
        return ""
    results = latest.results
    minimum = report.minimum
    parts = [
        '<section id="lived">',
        "<h2>Lived experience beside staff and others</h2>",
        _figure(charts.gap, "gap", draw) or f"<p>{esc(describe.gap_sentence(None, minimum))}</p>",
    ]
    rows = []
    for r in report.shown:
        both = r.results.lived is not None and r.results.others is not None
        rows.append(
            [
                esc(r.round.title),
                _position(r.results.lived.overall.mean_position) if both else "–",
                _position(r.results.others.overall.mean_position) if both else "–",
                describe.gap_value(r.gap),
            ]
        )
    parts.append(
        _table(
            ["Round", esc(LIVED_EXPERIENCE_LABEL), esc(OTHERS_LABEL), "Gap"],
            rows,
            caption="Average position on the ladder, each side of the lived-experience gap. "
            + esc(describe.ladder_scale_sentence(report.framework.ladder)),
            numeric=(1, 2, 3),
            css="sides",
        )
    )
    parts.append(f"<h3>By theme, {esc(latest.round.title)}</h3>")
    if charts.sides is not None:
        parts.append(_figure(charts.sides, "sides", draw))
    else:
        parts.append(f"<p>{esc(describe.gap_sentence(None, minimum))}</p>")
    parts.append(f"<h3>Statement by statement, {esc(latest.round.title)}</h3>")
    parts.append(f"<p>{esc(describe.lived_gaps_intro(LISTED_GAPS, minimum))}</p>")
    sides = results.sides
    ladder = report.framework.ladder
    if sides is None:
        parts.append(f"<p>{esc(describe.gap_sentence(None, minimum))}</p>")
    elif not sides.widest:
        parts.append(f"<p>{esc(describe.no_lived_gaps_sentence(sides.compared, minimum))}</p>")
    else:
        items = []
        for gap in sides.widest[:LISTED_GAPS]:
            lived, others = gap.lived, gap.others
            items.append(
                _statement(report, gap.id)
                + "<br>"
                + "<br>".join(
                    esc(sentence)
                    for sentence in (
                        describe.side_sentence(True, lived.mean_position, lived.answered, ladder),
                        describe.side_sentence(
                            False, others.mean_position, others.answered, ladder
                        ),
                        describe.statement_gap_sentence(gap.gap),
                    )
                )
            )
        parts.append(_list(items, ordered=True))
    if sides is not None and sides.compared and sides.left_out:
        parts.append(
            f"<p>{esc(describe.lived_gaps_left_out_sentence(sides.left_out, minimum))}</p>"
        )
    parts.append("</section>")
    return "".join(parts)


def _moved(report: Report) -> str:
    moved = report.moved
    if moved is None:
        return ""
    comparison = moved.comparison
    ladder = moved.after.framework.ladder
    before, after = esc(moved.before.round.title), esc(moved.after.round.title)
    parts = [
        '<section id="moved">',
        f"<h2>What moved, and why: {before} to {after}</h2>",
        f"<p><strong>{esc(describe.moved_sentence(len(moved.up), len(moved.down), moved.same))}"
        "</strong></p>",
        "<p>"
        + esc(
            describe.overall_change_sentence(
                comparison.overall_before,
                comparison.overall_after,
                len(comparison.statements),
                ladder,
            )
        )
        + " "
        + esc(describe.ladder_scale_sentence(ladder))
        + "</p>",
        f"<p class='note'>Each statement's average position in {before} and {after}. A change of "
        f"less than {SAME_WITHIN} of a rung counts as staying the same. “Why” is the rung the "
        f"group agreed in {after}, and the reason they gave.</p>",
    ]
    for heading, changes, way in (
        ("↑ Moved up", moved.up, "up"),
        ("↓ Moved down", moved.down, "down"),
    ):
        parts.append(f"<h3>{heading}</h3>")
        if not changes:
            parts.append("<p>None.</p>")
            continue
        # The biggest moves, and every other one the group gave a reason for.
        listed = [
            c for i, c in enumerate(changes) if i < LISTED_MOVES or c.id in moved.after.agreed
        ]
        parts.append(_list([_change_item(report, c, ladder) for c in listed]))
        rest = len(changes) - len(listed)
        if rest:
            parts.append(
                f"<p class='note'>{rest} more {'statement' if rest == 1 else 'statements'} "
                f"moved {way} by less, with no agreed rung recorded in {after}; the workbook "
                "has every statement's figures.</p>"
            )
    for heading, ids in (
        (
            "Not compared, because nobody placed them on the ladder in one of the two rounds",
            moved.not_compared,
        ),
        (
            f"Only in {before} (not in the framework {after} used, so not compared)",
            comparison.only_before,
        ),
        (
            f"New in {after} (not in the framework {before} used, so not compared)",
            comparison.only_after,
        ),
    ):
        if ids:
            parts.append(f"<h3>{heading}</h3>" + _list([_statement(report, s) for s in ids]))
    parts.append("</section>")
    return "".join(parts)


def _disagree(report: Report) -> str:
    latest = report.latest
    if latest is None:
        return ""
    ladder = report.framework.ladder
    widest = report.disagreements()
    parts = [
        '<section id="disagree">',
        f"<h2>Where people disagree most: {esc(latest.round.title)}</h2>",
    ]
    if not widest:
        parts.append(
            "<p>People broadly agree: no statement has answers spread over a rung or more either "
            "side of the average.</p>"
        )
    else:
        parts.append(
            f"<p class='note'>Statements whose answers spread over {DISAGREEMENT_SPREAD:.0f} rung "
            f"or more, widest first (up to {len(widest)} shown).</p>"
        )
        items = []
        for statement in widest:
            lines = [_statement(report, statement.id)]
            sides = latest.results.lived_first(statement.id)
            if sides is not None and sides.gap is not None:
                gap = sides.gap
                lines += [
                    esc(
                        describe.side_sentence(
                            True, gap.lived.mean_position, gap.lived.answered, ladder
                        )
                    ),
                    esc(
                        describe.side_sentence(
                            False, gap.others.mean_position, gap.others.answered, ladder
                        )
                    ),
                    esc(describe.statement_gap_sentence(gap.gap)),
                ]
            elif sides is not None:
                lines.append(
                    esc(
                        describe.sides_short_sentence(
                            sides.lived_short, sides.others_short, report.minimum
                        )
                    )
                )
            lines.append(
                esc(describe.spread_sentence(statement.spread))
                + " "
                + esc(
                    describe.statement_sentence(statement.mean_position, statement.answered, ladder)
                )
            )
            lines.append(
                esc(
                    describe.distribution_line(
                        statement.distribution, statement.unsure, statement.not_applicable, ladder
                    )
                )
            )
            agreed = latest.agreed.get(statement.id)
            lines.append(
                esc(describe.agreed_sentence(agreed.rung, agreed.reason, agreed.decided_by, ladder))
                if agreed
                else "No agreed rung recorded yet."
            )
            items.append("<br>".join(lines))
        parts.append(_list(items, ordered=True))
    parts.append("</section>")
    return "".join(parts)


def _agreed(report: Report) -> str:
    parts = [
        '<section id="agreed">',
        "<h2>Agreed rungs</h2>",
        "<p class='note'>The rung a group agreed for a statement after talking it through, "
        "with their reason and who decided.</p>",
    ]
    for r in report.rounds:
        framework: Framework = r.framework
        parts.append(f"<h3>{esc(r.round.title)}</h3>")
        order = [s.id for s in framework.statements if s.id in r.agreed]
        if not order:
            parts.append("<p>No agreed rungs recorded in this round.</p>")
            continue
        items = []
        for statement_id in order:
            agreed = r.agreed[statement_id]
            items.append(
                _statement(report, statement_id)
                + "<br>"
                + esc(
                    describe.agreed_sentence(
                        agreed.rung, agreed.reason, agreed.decided_by, framework.ladder
                    )
                )
            )
        parts.append(_list(items))
    parts.append("</section>")
    return "".join(parts)


def _actions(report: Report) -> str:
    if report.actions is None or report.action_summary is None:
        return ""
    s = report.action_summary
    figures = (s.planned, s.in_progress, s.done, s.dropped, s.overdue)
    parts = [
        '<section id="actions">',
        "<h2>Actions</h2>",
        f"<p><strong>{esc(describe.actions_line(*figures))}</strong></p>",
        f"<p>{esc(describe.actions_sentence(*figures))}</p>",
    ]
    if report.actions:
        rows = []
        for row in report.actions:
            action = row.action
            status = ACTION_STATUS_LABELS.get(action.status, action.status)
            if row.days_overdue:
                status += (
                    f", overdue by {row.days_overdue} {'day' if row.days_overdue == 1 else 'days'}"
                )
            about = esc(row.about) or "–"
            if row.round_title:
                about += f'<br><span class="theme">From {esc(row.round_title)}</span>'
            rows.append(
                [
                    esc(action.text),
                    about,
                    esc(action.owner) or "–",
                    _date(action.due_on) or "–",
                    esc(status),
                ]
            )
        parts.append(_table(["Action", "About", "Owner", "Due", "Status"], rows, css="actions"))
    parts.append("</section>")
    return "".join(parts)


def _method(report: Report) -> str:
    framework = report.framework
    ladder = framework.ladder
    start = ladder.rung(ladder.journey.from_).label
    finish = ladder.rung(ladder.journey.to).label
    with_rungs = " and ".join(r.label for r in ladder.rungs if r.group == "doing_with")
    how = [
        esc(describe.ladder_scale_sentence(ladder)),
        "A statement's figure is the average position of the answers that place it on the "
        "ladder; “not sure” and “doesn't apply” are counted, never averaged.",
        "A theme's figure is the average of its statements' figures, weighted by each "
        "statement's weight; the overall figure is the same over every statement, so each "
        "statement, not each theme, counts the same.",
        f"Journey % is how far the overall figure is from {esc(start)} (0%) to {esc(finish)} "
        f"(100%): below 0% is below {esc(start)}, above 100% is past {esc(finish)}. Maturity % "
        "is how far it is up the whole ladder.",
        f"Doing with is the share of answers placed at {esc(with_rungs)}.",
        "The lived-experience gap is the overall figure of people who draw on care and support "
        "and carers minus that of staff and others, in rungs: below 0, staff and others see "
        "more co-production than the people it is meant to include.",
        f"People disagree about a statement when its answers spread over "
        f"{DISAGREEMENT_SPREAD:.0f} rung or more either side of the average (the standard "
        "deviation).",
        "Two rounds are compared over the statements both have; a change of less than "
        f"{SAME_WITHIN} of a rung counts as staying the same. Rounds of different frameworks "
        "are never compared.",
        esc(describe.counted_sentence(0)),
    ]
    source = framework.source
    link = _address(source.url)
    source_line = f"<strong>Source:</strong> {esc(source.title)}"
    if source.url:
        source_line += (
            f' (<a href="{esc(link)}">{esc(source.url)}</a>)' if link else f" ({esc(source.url)})"
        )
    if source.note:
        source_line += f". {esc(source.note)}"
    ladder_line = f"<strong>Ladder:</strong> {esc(ladder.title)}"
    if ladder.source is not None:
        ladder_line += f", from {esc(ladder.source.title)}"
        if ladder.source.note:
            ladder_line += f". {esc(ladder.source.note)}"
    versions: dict[str, list[str]] = {}
    for r in report.rounds:
        versions.setdefault(r.round.framework_version, []).append(r.round.title)
    version_line = (
        f"<strong>Framework:</strong> {esc(framework.title)}, version {esc(framework.version)}."
        if len(versions) == 1
        else f"<strong>Framework:</strong> {esc(framework.title)}; versions: "
        + "; ".join(
            f"{esc(v)} ({', '.join(esc(t) for t in titles)})" for v, titles in versions.items()
        )
        + "."
    )
    perspectives = report.perspectives
    seen = {p.id for r in report.rounds for p in r.results.everyone.perspectives if p.respondents}
    rows = []
    for perspective in perspectives:
        if perspective.id not in seen:
            continue
        cells = [esc(perspective.label)]
        for r in report.rounds:
            # A round too small to show gives its number of people only.
            cells.append(str(r.results.counts.get(perspective.id, 0)) if r.shown else "–")
        rows.append(cells)
    rows.append(
        ["<strong>Everyone</strong>", *(f"<strong>{r.respondents}</strong>" for r in report.rounds)]
    )
    people = _table(
        ["Perspective", *(esc(r.round.title) for r in report.rounds)],
        rows,
        caption="People who sent in answers, by perspective",
        numeric=tuple(range(1, len(report.rounds) + 1)),
        css="people",
    )
    minimum = report.minimum
    parts = [
        '<section id="method">',
        "<h2>How this report was made</h2>",
        "<h3>How the figures are worked out</h3>",
        _list(how),
        "<h3>The framework</h3>",
        f"<p>{version_line}</p>",
        f"<p>{source_line}</p>",
        f"<p>{ladder_line}</p>",
        "<h3>Who answered</h3>",
        people,
        "<h3>Small groups</h3>",
        f"<p>The minimum group size is {minimum}: the answers of fewer than {minimum} people are "
        "never shown on their own. A round with fewer answers is left out of the figures (its "
        "number of people is still given), and each side of the lived-experience gap, and each "
        f"side of a statement, is shown only with at least {minimum} people on it.</p>",
    ]
    if report.hidden:
        parts.append(
            _list(
                [
                    esc(f"{r.round.title}: {describe.too_few_sentence(r.respondents, minimum)}")
                    for r in report.hidden
                ]
            )
        )
    if report.left_out:
        parts.append(
            "<p>Rounds of other frameworks are not in this report (rounds of different "
            "frameworks are never compared): "
            + "; ".join(f"{esc(r.title)} ({esc(r.framework_title)})" for r in report.left_out)
            + ".</p>"
        )
    parts.append("</section>")
    return "".join(parts)


# --- The whole document ------------------------------------------------------------------------


def document(
    report: Report, charts: ReportCharts, draw: DrawChart, *, css: str, head: str = ""
) -> str:
    """The whole report as one HTML document."""
    title = f"{TITLE}: {report.organisation.name}"
    body = "".join(
        [
            _cover(report),
            _summary(report, charts),
            _headline(report),
            _trends(report, charts, draw),
            _groups(report, charts, draw),
            _lived(report, charts, draw),
            _moved(report),
            _disagree(report),
            _agreed(report),
            _actions(report),
            _method(report),
        ]
    )
    return (
        "<!DOCTYPE html>"
        '<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>"
        f'<meta name="description" content="{esc(title)}, made on '
        f'{describe.long_date(report.made_on)}">'
        f"<style>{css}</style>{head}</head>"
        f"<body><main>{body}</main></body></html>"
    )
