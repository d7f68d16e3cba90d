"""The report's figures as a workbook: one sheet per view (rounds with their headline figures,
themes per round, statements per round, agreed rungs, actions, answers), after a sheet that
says what the workbook holds.

Numbers are numbers (to the last digit, shown rounded by their cell format) and dates are dates;
no cell is a formula. Text that a spreadsheet would run as a formula (starting with = + - @,
a tab or a carriage return) is stored as text with Excel's "quote prefix", so it shows and
stays as written. Statements are named by their words, never their ids, and the minimum group
rule holds as in the PDF: a round with too few people has no figures or answers here, and
answers are labelled with a perspective (or a side of the lived-experience gap) only where
no small group could be picked out.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from toolkit import describe
from toolkit.charts import LIVED_EXPERIENCE_LABEL, OTHERS_LABEL
from toolkit.framework import GROUP_LABELS, GROUPS, NOT_APPLICABLE, UNSURE, Ladder
from toolkit.scoring import Figures
from toolkit.service import Actor, Can, Service
from toolkit.store.records import ACTION_STATUS_LABELS

from .model import Report, RoundReport, attributable_perspectives, side_labelled

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell that starts with one of these as a formula (OWASP's list)."""
TEXT_LIMIT = 32767
"""The most characters an Excel cell holds."""

POSITION = "0.00"
PERCENT_FIGURE = "0.0"
SHARE = "0%"
DATE = "d mmmm yyyy"


class _Sheet:
    """One write-only sheet: a bold header row, then rows of plain values."""

    def __init__(self, book: Workbook, title: str, columns: Sequence[tuple[str, int, str | None]]):
        self.sheet = book.create_sheet(title)
        self.formats = [number_format for _, _, number_format in columns]
        for index, (_, width, _) in enumerate(columns):
            letter = _letter(index)
            self.sheet.column_dimensions[letter].width = width
        self.sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for name, _, _ in columns:
            cell = self._cell(name)
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        self.sheet.append(header)

    def _cell(self, value: object, number_format: str | None = None) -> WriteOnlyCell:
        if isinstance(value, str):
            text = ILLEGAL_CHARACTERS_RE.sub("", value)[:TEXT_LIMIT]
            cell = WriteOnlyCell(self.sheet, value=text)
            # Stored as text whatever it starts with: never a formula.
            cell.data_type = "s"
            if text.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
            return cell
        if isinstance(value, dt.datetime):
            value = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
            cell = WriteOnlyCell(self.sheet, value=value.date())
            cell.number_format = DATE
            return cell
        if isinstance(value, float) and math.isfinite(value):
            # openpyxl writes a float to 16 significant digits, which can change its last
            # digit; its shortest exact form reads back as the very same number.
            cell = WriteOnlyCell(self.sheet, value=repr(value))
            cell.data_type = "n"
        else:
            cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, dt.date):
            cell.number_format = DATE
        elif number_format and isinstance(value, int | float) and not isinstance(value, bool):
            cell.number_format = number_format
        return cell

    def row(self, values: Iterable[object]) -> None:
        self.sheet.append(
            [
                self._cell(value, self.formats[i] if i < len(self.formats) else None)
                for i, value in enumerate(values)
            ]
        )


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _figures(figures: Figures) -> list[object]:
    return [
        figures.mean_position,
        figures.maturity_pct,
        figures.journey_pct,
        figures.doing_with_share,
        figures.answered,
        figures.unsure,
        figures.not_applicable,
    ]


FIGURE_COLUMNS: list[tuple[str, int, str | None]] = [
    ("Mean position on the ladder", 14, POSITION),
    ("Maturity %", 11, PERCENT_FIGURE),
    ("Journey %", 11, PERCENT_FIGURE),
    ("Doing-with share", 11, SHARE),
    ("Answers placed on the ladder", 13, None),
    ("Not sure", 9, None),
    ("Doesn't apply", 9, None),
]


def _about(book: Workbook, report: Report) -> None:
    sheet = _Sheet(book, "About", [("What", 28, None), ("", 110, None)])
    framework = report.framework
    ladder = framework.ladder
    start = ladder.rung(ladder.journey.from_).label
    finish = ladder.rung(ladder.journey.to).label
    rows = [
        ("Report", f"Co-production progress report: {report.organisation.name}"),
        ("Organisation", report.organisation.name),
        ("Framework", f"{framework.title} (version {framework.version})"),
        ("Rounds", ", ".join(r.round.title for r in report.rounds)),
        ("Made on", report.made_on),
        ("Minimum group size", report.minimum),
        ("Positions", describe.ladder_scale_sentence(ladder)),
        (
            "Journey %",
            f"0% at {start}, 100% at {finish}; below 0 is below {start}, above 100 past {finish}.",
        ),
        ("Doing-with share", "A fraction of the answers placed on the ladder (shown as %)."),
        (
            "Lived-experience gap",
            "Rungs: the mean of people who draw on care and support and carers minus that of "
            "staff and others. Empty unless each side has the minimum group size.",
        ),
        (
            "Small groups",
            f"A round with fewer than {report.minimum} people has no figures, statements or "
            "answers here; each side of the lived-experience gap is shown only with at least "
            f"{report.minimum} people on it.",
        ),
        (
            "Answers",
            "For leads and admins only. Each person is a number in the round (never a name); "
            "their perspective is given only when every perspective in the round has the "
            "minimum group size, their side of the lived-experience gap only when each side "
            "has it, and otherwise neither.",
        ),
        ("Sheets", "Rounds, Themes, Statements, Agreed rungs, Actions, Answers."),
    ]
    for row in rows:
        sheet.row(row)


def _rounds(book: Workbook, report: Report) -> None:
    sheet = _Sheet(
        book,
        "Rounds",
        [
            ("Round", 22, None),
            ("Framework", 28, None),
            ("Version", 9, None),
            ("Status", 9, None),
            ("Opened on", 16, None),
            ("Closed on", 16, None),
            ("People who answered", 11, None),
            ("Figures shown", 30, None),
            *FIGURE_COLUMNS,
            ("Lived-experience gap (rungs)", 14, POSITION),
            (f"{LIVED_EXPERIENCE_LABEL}: mean position", 18, POSITION),
            (f"{OTHERS_LABEL}: mean position", 16, POSITION),
        ],
    )
    for r in report.rounds:
        round_ = r.round
        first = [
            round_.title,
            round_.framework_title,
            round_.framework_version,
            round_.status,
            round_.opened_on,
            round_.closed_on,
            r.respondents,
        ]
        if r.scores is None:
            sheet.row([*first, f"No: fewer than {report.minimum} people answered"])
            continue
        lived, others = r.results.lived, r.results.others
        sheet.row(
            [
                *first,
                "Yes",
                *_figures(r.scores.overall),
                r.gap,
                lived.overall.mean_position if lived else None,
                others.overall.mean_position if others else None,
            ]
        )


def _themes(book: Workbook, report: Report) -> None:
    sheet = _Sheet(
        book,
        "Themes",
        [
            ("Round", 22, None),
            ("Theme", 36, None),
            *FIGURE_COLUMNS,
            *((f"{GROUP_LABELS[g]} (answers)", 11, None) for g in GROUPS),
        ],
    )
    for r in report.shown:
        titles = {t.id: t.title for t in r.framework.themes}
        for theme in r.scores.themes:
            figures = theme.figures
            sheet.row(
                [
                    r.round.title,
                    titles.get(theme.id, theme.id),
                    *_figures(figures),
                    *(figures.groups.get(g, 0) for g in GROUPS),
                ]
            )


def _statements(book: Workbook, report: Report) -> None:
    ladder: Ladder = report.framework.ladder
    sheet = _Sheet(
        book,
        "Statements",
        [
            ("Round", 22, None),
            ("Theme", 30, None),
            ("Statement", 70, None),
            ("Kind", 8, None),
            ("Mean position on the ladder", 13, POSITION),
            ("Spread (rungs)", 10, POSITION),
            ("Answers placed on the ladder", 12, None),
            ("Not sure", 9, None),
            ("Doesn't apply", 9, None),
            *((f"{rung.label} (answers)", 11, None) for rung in ladder.rungs),
            (f"{LIVED_EXPERIENCE_LABEL}: mean position", 18, POSITION),
            (f"{OTHERS_LABEL}: mean position", 16, POSITION),
            ("Gap (rungs)", 10, POSITION),
        ],
    )
    for r in report.shown:
        framework = r.framework
        sides = r.results.sides
        for statement in framework.statements:
            score = r.scores.statement(statement.id)
            shown_sides = sides.statement(statement.id).gap if sides is not None else None
            sheet.row(
                [
                    r.round.title,
                    framework.theme(framework.statement_theme[statement.id]).title,
                    statement.text,
                    statement.kind,
                    score.mean_position,
                    score.spread,
                    score.answered,
                    score.unsure,
                    score.not_applicable,
                    *(score.distribution.get(rung.id, 0) for rung in ladder.rungs),
                    shown_sides.lived.mean_position if shown_sides else None,
                    shown_sides.others.mean_position if shown_sides else None,
                    shown_sides.gap if shown_sides else None,
                ]
            )


def _agreed(book: Workbook, report: Report) -> None:
    sheet = _Sheet(
        book,
        "Agreed rungs",
        [
            ("Round", 22, None),
            ("Theme", 30, None),
            ("Statement", 60, None),
            ("Agreed rung", 14, None),
            ("Reason", 70, None),
            ("Decided by", 30, None),
            ("Decided on", 16, None),
        ],
    )
    for r in report.rounds:
        framework = r.framework
        for statement in framework.statements:
            agreed = r.agreed.get(statement.id)
            if agreed is None:
                continue
            sheet.row(
                [
                    r.round.title,
                    framework.theme(framework.statement_theme[statement.id]).title,
                    statement.text,
                    describe.rung_words(agreed.rung, framework.ladder),
                    agreed.reason,
                    agreed.decided_by,
                    agreed.decided_at,
                ]
            )


def _actions(book: Workbook, report: Report) -> None:
    sheet = _Sheet(
        book,
        "Actions",
        [
            ("Action", 60, None),
            ("Round", 20, None),
            ("About", 50, None),
            ("Owner", 26, None),
            ("Due", 16, None),
            ("Status", 16, None),
            ("Days overdue", 10, None),
        ],
    )
    for row in report.actions or ():
        action = row.action
        sheet.row(
            [
                action.text,
                row.round_title,
                row.about or None,
                action.owner or None,
                action.due_on,
                ACTION_STATUS_LABELS.get(action.status, action.status),
                row.days_overdue,
            ]
        )


def _answer_words(answer: str, ladder: Ladder) -> str:
    if answer == NOT_APPLICABLE:
        return "Doesn't apply"
    if answer == UNSURE:
        return "Not sure"
    return describe.rung_words(answer, ladder)


def _answers(book: Workbook, report: Report, service: Service, actor: Actor) -> None:
    sheet = _Sheet(
        book,
        "Answers",
        [
            ("Round", 22, None),
            ("Person", 8, None),
            ("Perspective", 30, None),
            ("Theme", 30, None),
            ("Statement", 60, None),
            ("Answer", 14, None),
            ("Position on the ladder", 10, None),
            ("Note", 60, None),
        ],
    )
    if not service.may(actor, Can.RUN_ROUNDS, report.organisation.id):
        sheet.row(
            [
                "Answers one by one are in the workbook only for those who run the "
                "organisation's rounds (leads and admins); the other sheets hold every figure."
            ]
        )
        return
    for r in report.shown:
        _round_answers(sheet, report, r, service, actor)


def _round_answers(
    sheet: _Sheet, report: Report, r: RoundReport, service: Service, actor: Actor
) -> None:
    framework = r.framework
    ladder = framework.ladder
    perspectives = r.results.perspectives
    labels = {p.id: p.label for p in perspectives}
    lived = {p.id for p in perspectives if p.lived_experience}
    named = attributable_perspectives(r, report.minimum)
    by_side = not named and side_labelled(r, report.minimum)
    # The round's answers as `toolkit export-answers` gives them (person by person, in the
    # framework's order; recorded in the audit trail as answers leaving the toolkit).
    people: dict[str, int] = {}
    for answer, note in service.export_answers(actor, r.round.id):
        person = people.setdefault(answer.respondent, len(people) + 1)
        if answer.perspective in named:
            who = labels.get(answer.perspective, answer.perspective)
        elif by_side:
            who = LIVED_EXPERIENCE_LABEL if answer.perspective in lived else OTHERS_LABEL
        else:
            who = None
        statement_id = answer.statement
        known = statement_id in framework.statement_theme
        sheet.row(
            [
                r.round.title,
                person,
                who,
                framework.theme(framework.statement_theme[statement_id]).title if known else None,
                framework.statement(statement_id).text if known else None,
                _answer_words(answer.answer, ladder),
                ladder.position(answer.answer) if answer.answer in ladder.rung_ids else None,
                note or None,
            ]
        )


def render_xlsx(report: Report, service: Service, actor: Actor) -> bytes:
    """The workbook as bytes. Its answers are read through the service, for `actor`."""
    book = Workbook(write_only=True)
    _about(book, report)
    _rounds(book, report)
    _themes(book, report)
    _statements(book, report)
    _agreed(book, report)
    _actions(book, report)
    _answers(book, report, service, actor)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
