"""One board report's content, gathered once from the service layer: every renderer (HTML,
PDF, workbook) shows this and works nothing out for itself.

The figures are the service's `results` for each round (everyone's answers, with the minimum
group rule applied exactly as on the Results page), the comparison of the last two rounds
shown (as on Board progress), each round's agreed rungs, and the organisation's actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from toolkit import privacy
from toolkit.framework import Framework, Perspective
from toolkit.scoring import Comparison, Scores, StatementChange, StatementScore
from toolkit.service import Actor, Can, Results, Service
from toolkit.service.permissions import check
from toolkit.store import (
    Action,
    ActionSummary,
    AgreedRung,
    NotFound,
    Organisation,
    Round,
    StoreError,
)

SUMMARY_GAPS = 3
"""Statements with the widest gap between lived experience and everyone else, on page one."""
SUMMARY_MOVERS = 3
"""Statements that moved most up, and most down, on page one."""
SUMMARY_OVERDUE = 5
"""Overdue actions named on page one (longest overdue first; the rest under Actions)."""
LISTED_GAPS = 5
LISTED_MOVES = 10
"""Statements listed under "what moved", each way (and any other with an agreed rung)."""
DISAGREEMENTS = 5


class ReportProblem(StoreError):
    """What was asked for cannot make a report (no such organisation, rounds of different
    frameworks, no rounds); the message says why in plain words."""


@dataclass(frozen=True)
class RoundReport:
    """One round in the report: its results as far as the minimum group rule allows."""

    round: Round
    framework: Framework
    """The framework this round was answered on (its own snapshot)."""
    results: Results
    agreed: dict[str, AgreedRung]

    @property
    def scores(self) -> Scores | None:
        """Everyone's figures, or None when fewer people than the minimum answered."""
        return self.results.scores

    @property
    def shown(self) -> bool:
        return self.results.scores is not None

    @property
    def respondents(self) -> int:
        """People who sent answers in (said even when their answers are not shown)."""
        return self.results.everyone.respondents

    @property
    def gap(self) -> float | None:
        """The lived-experience gap, or None unless both sides have the minimum."""
        return self.results.gap


@dataclass(frozen=True)
class ActionRow:
    """An action as the report lists it."""

    action: Action
    round_title: str | None
    about: str
    """The statement's words or the theme's title it is about ("" for neither)."""
    days_overdue: int | None
    """Days past its due date while still to finish; None when it is not overdue."""


@dataclass(frozen=True)
class WhatMoved:
    """The last two rounds shown, compared over the statements both share."""

    before: RoundReport
    after: RoundReport
    comparison: Comparison

    @property
    def up(self) -> list[StatementChange]:
        return self.comparison.moved()[0]

    @property
    def down(self) -> list[StatementChange]:
        return self.comparison.moved()[1]

    @property
    def same(self) -> int:
        compared = [c for c in self.comparison.statements if c.change is not None]
        return len(compared) - len(self.up) - len(self.down)

    @property
    def not_compared(self) -> list[str]:
        return [c.id for c in self.comparison.statements if c.change is None]


@dataclass(frozen=True)
class Report:
    """Everything a board report says about an organisation's rounds of one framework."""

    organisation: Organisation
    made_on: dt.date
    minimum: int
    rounds: tuple[RoundReport, ...]
    """The rounds in the report, oldest first (shown or not)."""
    left_out: tuple[Round, ...]
    """The organisation's rounds of other frameworks, not in this report."""
    moved: WhatMoved | None
    actions: tuple[ActionRow, ...] | None
    """None when the person asking may not read the organisation's actions."""
    action_summary: ActionSummary | None

    @property
    def shown(self) -> list[RoundReport]:
        """The rounds with enough people to show, oldest first."""
        return [r for r in self.rounds if r.shown]

    @property
    def hidden(self) -> list[RoundReport]:
        return [r for r in self.rounds if not r.shown]

    @property
    def latest(self) -> RoundReport | None:
        """The latest round shown, or None."""
        shown = self.shown
        return shown[-1] if shown else None

    @property
    def framework(self) -> Framework:
        """The framework of the latest round shown (of the latest round when none is)."""
        return (self.latest or self.rounds[-1]).framework

    @property
    def perspectives(self) -> tuple[Perspective, ...]:
        return (self.latest or self.rounds[-1]).results.perspectives

    @property
    def overdue(self) -> list[ActionRow]:
        """Actions past their due date, longest overdue first."""
        late = [a for a in self.actions or () if a.days_overdue]
        return sorted(late, key=lambda a: -(a.days_overdue or 0))

    def statement_text(self, statement_id: str) -> str:
        """A statement's words, from the latest framework that holds it."""
        for round_ in reversed(self.rounds):
            if statement_id in round_.framework.statement_theme:
                return round_.framework.statement(statement_id).text
        return ""

    def theme_title(self, statement_id: str) -> str:
        """The title of a statement's theme, from the latest framework that holds it."""
        for round_ in reversed(self.rounds):
            framework = round_.framework
            if statement_id in framework.statement_theme:
                return framework.theme(framework.statement_theme[statement_id]).title
        return ""

    def disagreements(self) -> list[StatementScore]:
        """Where answers in the latest round shown spread over a rung or more, widest first."""
        latest = self.latest
        return latest.scores.disagreements()[:DISAGREEMENTS] if latest and latest.scores else []


# --- Gathering --------------------------------------------------------------------------------


def find_organisation(service: Service, actor: Actor, name_or_id: str) -> Organisation:
    """An organisation by its id or its name (exactly, then ignoring case)."""
    given = name_or_id.strip()
    organisations = service.organisations(actor)
    if given.isdigit():
        found = next((o for o in organisations if o.id == int(given)), None)
        if found is not None:
            return found
    found = next((o for o in organisations if o.name == given), None)
    found = found or next((o for o in organisations if o.name.casefold() == given.casefold()), None)
    if found is None:
        raise ReportProblem(
            f"There is no organisation called '{given[:100]}'. `toolkit rounds` lists the "
            "organisations with their ids."
        )
    return found


def round_ids(text: str | None) -> list[int] | None:
    """Round ids given as '4,5,7' (None for all rounds)."""
    if text is None or not text.strip():
        return None
    ids = []
    for part in text.split(","):
        part = part.strip()
        if not part.isdigit() or not 1 <= int(part) <= 2**63 - 1:
            raise ReportProblem(
                f"'{part[:40]}' is not a round id: give round ids separated by commas, such "
                "as 4,5,7 (`toolkit rounds` lists them)."
            )
        ids.append(int(part))
    return ids


def _chosen_rounds(
    rounds: list[Round], organisation: Organisation, chosen: Sequence[int] | None
) -> tuple[list[Round], list[Round]]:
    """The rounds in the report, oldest first, and the organisation's rounds left out as
    rounds of another framework."""
    if not rounds:
        raise ReportProblem(
            f"{organisation.name} has no rounds yet, so there is nothing to report. Start a "
            "round first."
        )
    if chosen is None:
        latest = max(rounds, key=lambda r: (r.opened_on or dt.date.min, r.id))
        picked = [r for r in rounds if r.framework_id == latest.framework_id]
        return picked, [r for r in rounds if r.framework_id != latest.framework_id]
    by_id = {r.id: r for r in rounds}
    unknown = [i for i in chosen if i not in by_id]
    if unknown:
        raise ReportProblem(
            f"{organisation.name} has no round with id {unknown[0]}. `toolkit rounds` lists "
            "its rounds."
        )
    picked = [r for r in rounds if r.id in set(chosen)]
    frameworks = {r.framework_id: r.framework_title for r in picked}
    if len(frameworks) > 1:
        titles = " and ".join(f"'{t}'" for t in frameworks.values())
        raise ReportProblem(
            f"A report covers rounds of one framework, and these rounds use {titles}: rounds "
            "of different frameworks are never compared. Choose rounds of one framework."
        )
    return picked, []


def build_report(
    service: Service,
    actor: Actor,
    organisation: Organisation | int | str,
    rounds: Sequence[int] | None = None,
    *,
    today: dt.date | None = None,
) -> Report:
    """The report for an organisation: all rounds of the framework of its latest round, or
    the chosen rounds (of one framework). `today` dates the report and decides which actions
    are overdue."""
    today = today or dt.date.today()
    if isinstance(organisation, str):
        organisation = find_organisation(service, actor, organisation)
    elif isinstance(organisation, int):
        organisation = service.organisation(actor, organisation)
    else:
        organisation = service.organisation(actor, organisation.id)
    check(actor, Can.READ_PROGRESS, organisation.id)
    picked, left_out = _chosen_rounds(service.rounds(actor, organisation), organisation, rounds)
    reports = tuple(
        RoundReport(
            round=round_,
            framework=service.round_framework(actor, round_),
            results=service.results(actor, round_),
            agreed=service.agreed_rungs(actor, round_),
        )
        for round_ in picked
    )
    shown = [r for r in reports if r.shown]
    moved = None
    if len(shown) >= 2:
        before, after = shown[-2], shown[-1]
        moved = WhatMoved(before, after, service.comparison(actor, before.round.id, after.round.id))
    actions, summary = None, None
    if service.may(actor, Can.READ_ACTIONS, organisation.id):
        summary = service.action_summary(actor, organisation.id, today)
        actions = tuple(_action_rows(service, actor, organisation, reports, today))
    return Report(
        organisation=organisation,
        made_on=today,
        minimum=organisation.minimum_group_size,
        rounds=reports,
        left_out=tuple(left_out),
        moved=moved,
        actions=actions,
        action_summary=summary,
    )


def _action_rows(
    service: Service,
    actor: Actor,
    organisation: Organisation,
    reports: Sequence[RoundReport],
    today: dt.date,
) -> list[ActionRow]:
    """The organisation's actions (by due date), each with what it is about in words."""
    frameworks = {r.round.id: r.framework for r in reports}
    titles = {r.round.id: r.round.title for r in reports}
    rows = []
    for action in service.actions(actor, organisation.id):
        framework = None
        if action.round_id is not None:
            if action.round_id not in frameworks:
                try:
                    round_ = service.round(actor, action.round_id, counts=False)
                    frameworks[round_.id] = service.round_framework(actor, round_)
                    titles[round_.id] = round_.title
                except NotFound:
                    frameworks[action.round_id] = None
            framework = frameworks.get(action.round_id)
        about = ""
        if framework is not None and action.statement_id in framework.statement_theme:
            about = framework.statement(action.statement_id).text
        elif framework is not None and action.theme_id:
            theme = next((t for t in framework.themes if t.id == action.theme_id), None)
            about = theme.title if theme else ""
        overdue = action.overdue(today) and action.due_on is not None
        rows.append(
            ActionRow(
                action=action,
                round_title=titles.get(action.round_id) if action.round_id else None,
                about=about,
                days_overdue=(today - action.due_on).days if overdue else None,
            )
        )
    return rows


def attributable_perspectives(report_round: RoundReport, minimum: int) -> frozenset[str]:
    """The perspectives answers may be labelled with, person by person, in a round: every
    perspective, when each that answered has the minimum of people (so none is picked out by
    being left unlabelled); otherwise none."""
    everyone = report_round.results.everyone
    answered = [p for p in everyone.perspectives if p.respondents]
    if answered and all(privacy.shown(p.respondents, minimum) for p in answered):
        return frozenset(p.id for p in answered)
    return frozenset()


def side_labelled(report_round: RoundReport, minimum: int) -> bool:
    """Whether answers may be labelled person by person with their side of the
    lived-experience gap: both sides have the minimum of people (or one side has nobody)."""
    lived, others = privacy.sides(report_round.results.everyone, report_round.results.perspectives)
    return all(n == 0 or privacy.shown(n, minimum) for n in (lived, others)) and (lived or others)
