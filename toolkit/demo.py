"""Demo data: a believable organisation with three rounds of Making it Real, to try the toolkit.

`load_demo(store)` adds "Riverside Care (demo)": three rounds of the built-in Making it Real
framework over eighteen months ending around today, each answered by fourteen to sixteen
people from every perspective, with evidence notes, rungs the group agreed and why, and
actions in every state. Most themes move up from around consultation toward engagement and
co-design; "when things need to change" slips back in the latest round; people who draw on
care and support and carers place practice lower than staff do.

Everything goes through the public `Store` API. The answers come from a fixed random seed, so
the same `today` always gives the same figures. Loading twice adds nothing the second time.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import deque
from dataclasses import dataclass

from toolkit import describe
from toolkit.framework import NOT_APPLICABLE, UNSURE, Framework, builtin_frameworks
from toolkit.store.backup import BackupProblems, export_backup, import_backup, parse_backup
from toolkit.store.records import Organisation
from toolkit.store.store import Store

DEMO_NAME = "Riverside Care (demo)"
FRAMEWORK_ID = "making-it-real"
SEED = 20250312

LIVED = ("person-drawing-on-care", "carer")
STAFF = ("frontline-staff", "manager")
GOVERNANCE = ("board-member", "partner")

# Where each theme sits on the ladder (0 coercion ... 4 engagement, 5 co-design) in each
# round, before who is answering is taken into account.
THEME_LEVELS = {
    "wellbeing-and-independence": (3.6, 4.05, 4.6),
    "information-and-advice": (3.35, 3.95, 4.6),
    "active-and-supportive-communities": (3.25, 3.6, 4.05),
    "flexible-and-integrated-care": (3.5, 3.95, 4.4),
    "when-things-need-to-change": (3.65, 4.15, 3.7),
    "workforce": (3.4, 4.05, 4.75),
}

# How far each perspective tends to place practice above or below that level: people who
# draw on care and support and carers see less co-production than staff and the board do.
PERSPECTIVE_OFFSET = {
    "person-drawing-on-care": -0.4,
    "carer": -0.3,
    "frontline-staff": 0.2,
    "manager": 0.4,
    "board-member": 0.45,
    "partner": 0.05,
}

# (unsure, not applicable) chances; board members and partners often cannot see the detail,
# and "I" statements describe day-to-day support they do not receive.
ODDS = {
    "lived": (0.04, 0.01),
    "staff": (0.03, 0.005),
    "governance": (0.09, 0.02),
}
GOVERNANCE_NOT_APPLICABLE_ON_I = 0.09
SKIP = 0.02
NOTE = 0.19


def voice(perspective: str) -> str:
    if perspective in LIVED:
        return "lived"
    return "staff" if perspective in STAFF else "governance"


# --- What people wrote beside their answers ---------------------------------------------------

# (theme, voice, level): level "low" is consultation or below, "high" engagement or above.
NOTES: dict[tuple[str, str, str], tuple[str, ...]] = {
    ("wellbeing-and-independence", "lived", "low"): (
        "My support plan was written for me, then I was asked to sign it.",
        "Staff ask what I want to do, but the answer is usually what the rota allows.",
        "Nobody has asked what I'm good at. They ask what I can't do.",
    ),
    ("wellbeing-and-independence", "lived", "high"): (
        "I chose my own goals this year and my key worker helped me plan how to get there.",
        "I go to the allotment group now because I said it mattered to me.",
        "We talked about the risks of me going out on my own and agreed a plan together.",
    ),
    ("wellbeing-and-independence", "staff", "low"): (
        "Outcomes are still set at assessment, mostly by us.",
        "We talk about strengths in training, but the forms only have room for needs.",
        "Positive risk-taking is in the policy, but in practice we still say no to be safe.",
    ),
    ("wellbeing-and-independence", "staff", "high"): (
        "Good life plans are now written in the person's own words, with them.",
        "The wellbeing group rewrote our outcomes with us last spring.",
        "We agree risk plans with the person and review them together every three months.",
    ),
    ("information-and-advice", "lived", "low"): (
        "The letters are still full of jargon. My daughter has to read them to me.",
        "I found out about direct payments from a friend, not from anyone here.",
        "The leaflet was fine, but it came after the decision was made.",
        "I filled in the survey but nobody told us what changed.",
    ),
    ("information-and-advice", "lived", "high"): (
        "I'm in the group that checks the new Easy Read leaflets. They changed what we said.",
        "There's a drop-in at the library now, which we asked for.",
        "They asked how I like to get information and now they text me instead of writing.",
    ),
    ("information-and-advice", "staff", "low"): (
        "Leaflets are written by the communications team and checked by managers.",
        "We sent the survey out but nobody told us what changed.",
        "Communication needs are recorded at assessment, then rarely looked at again.",
    ),
    ("information-and-advice", "staff", "high"): (
        "Every new leaflet goes to the reading group before it is printed.",
        "Two people who draw on care and support co-wrote the new website pages with us.",
        "The advice drop-in times were chosen by the people who use it.",
    ),
    ("active-and-supportive-communities", "lived", "low"): (
        "The day centre timetable is the same as three years ago. Nobody asked us.",
        "I offered to volunteer but nobody followed it up.",
        "There's a community fund but I don't know who decides who gets it.",
    ),
    ("active-and-supportive-communities", "lived", "high"): (
        "I run the Tuesday walking group now, with a bit of help.",
        "Staff helped me get back to church, which is what I asked for.",
        "We were asked which activities to keep, and they kept the ones we chose.",
    ),
    ("active-and-supportive-communities", "staff", "low"): (
        "Community grants are decided by the senior team.",
        "We mapped local groups ourselves; local people weren't involved yet.",
        "Activities are planned by the coordinator, with a feedback form afterwards.",
    ),
    ("active-and-supportive-communities", "staff", "high"): (
        "Local people and the residents' association helped plan the summer programme.",
        "Two people who draw on care and support sit on the small grants panel.",
        "The peer support group was set up by the people in it; we just book the room.",
    ),
    ("flexible-and-integrated-care", "lived", "low"): (
        "I have a personal budget but I don't know how it was worked out.",
        "Setting up my direct payment took eight months and a lot of forms.",
        "My plan was reviewed over the phone in ten minutes.",
    ),
    ("flexible-and-integrated-care", "lived", "high"): (
        "I changed my support times myself when my routine changed.",
        "The direct payment adviser uses one too. That really helped.",
        "My GP, my social worker and my support staff met with me together for the first time.",
    ),
    ("flexible-and-integrated-care", "staff", "low"): (
        "Budget rules are set by the council; we just explain them.",
        "Health and care still plan separately, so people get asked the same questions twice.",
        "The direct payment guidance was written by finance, not with people who use it.",
    ),
    ("flexible-and-integrated-care", "staff", "high"): (
        "People who use direct payments redesigned the application form: 14 pages down to 5.",
        "Plans are reviewed face to face with the person and whoever they choose to bring.",
        "We hold joint reviews with the community nurses when the person asks for one.",
    ),
    ("when-things-need-to-change", "lived", "low"): (
        "When I went into hospital, decisions were made before I was told.",
        "I don't have a crisis plan, or if I do I've never seen it.",
        "I complained last year. I got a letter back, but nobody talked to me about it.",
        "When I moved flats nobody at the new place knew my routines.",
    ),
    ("when-things-need-to-change", "lived", "high"): (
        "We wrote my crisis plan together and staff followed it when I was unwell.",
        "After my complaint they invited me to the review and changed how handovers work.",
        "I visited the new service twice before I moved and helped plan the move.",
    ),
    ("when-things-need-to-change", "staff", "low"): (
        "Crisis plans are written by the duty team, usually at short notice.",
        "Complaint reviews are internal. We write to the person with the outcome.",
        "Since the restructure, hospital discharges are rushed and people are rarely involved.",
        "With agency cover over the winter, crisis plans weren't always followed.",
    ),
    ("when-things-need-to-change", "staff", "high"): (
        "Lessons-learned reviews now include the person and their family.",
        "Crisis plans are written with the person and looked at again after any incident.",
        "Moves are planned with the person, and a one-page profile goes ahead of them.",
    ),
    ("workforce", "lived", "low"): (
        "I don't get a say in who comes. It's whoever is on the rota.",
        "I told my story at a training day and never heard back, not even a thank you.",
        "New staff don't always know what matters to me.",
    ),
    ("workforce", "lived", "high"): (
        "I sat on the interview panel for the new manager, and my scores counted.",
        "I'm paid now to help run the induction training.",
        "I met my new support worker before she started, and I could have said no.",
    ),
    ("workforce", "staff", "low"): (
        "Interview panels are staff only at the moment.",
        "We invite people to speak at training but we don't pay them.",
        "Staff are willing, but there isn't time on shift to work this way.",
    ),
    ("workforce", "staff", "high"): (
        "Two people who draw on care and support sat on the interview panel for the new manager.",
        "Induction now has a half day led by people who draw on care and support, paid.",
        "Supervision now asks how each of us has shared decisions with the people we support.",
    ),
}
GOVERNANCE_NOTES = {
    "low": (
        "The board hears about this in the quality report, written by managers.",
        "We commission on outcomes, but the outcomes were set before anyone with lived "
        "experience was involved.",
        "I see the numbers, not the experience behind them.",
        "No one with lived experience sits on the board yet.",
    ),
    "high": (
        "The co-production group reports to the board twice a year, in their own words.",
        "Two board seats are now held by people who draw on care and support.",
        "The council has asked Riverside to share how it does this with other providers.",
        "We saw the action plan change after the last round.",
    ),
}
CARER_NOTES = {
    "low": (
        "As a carer I'm told about changes after they happen.",
        "Mum's plan was written before anyone asked me.",
        "Carers are asked for their views once a year, on a form.",
        "When Dad went into hospital, decisions were made before we were told.",
        "I have to chase for information. Nobody offers it.",
    ),
    "high": (
        "The carers' forum helped plan the new respite booking system.",
        "They asked what would help me keep caring, not just about my son.",
        "I was asked to help plan Mum's move, and the new staff already knew her routines.",
        "Staff check with me and with my husband before anything changes.",
    ),
}
UNSURE_NOTES = {
    "lived": (
        "I don't know how they decide this.",
        "Nobody has talked to me about this.",
        "Not sure what this means for me.",
    ),
    "staff": (
        "This happens above my level, so I can't really say.",
        "I think it varies a lot between teams.",
    ),
    "governance": (
        "I don't see this from the board.",
        "We only hear about this second hand.",
        "Hard to judge from outside the organisation.",
    ),
}
NOT_APPLICABLE_NOTES = {
    "flexible-2": "I don't have a personal budget.",
    "flexible-3": "I don't have a direct payment.",
    "change-3": "I haven't moved or changed services.",
    "lived": "Doesn't apply to me.",
    "staff": "Not part of my role.",
    "governance": "This is about people's own support, so I can't answer for them.",
}


# --- The three rounds ------------------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    statement: str
    rung: str
    reason: str


@dataclass(frozen=True)
class RoundPlan:
    months_before: int
    # (perspective, display name or None), one per submitted respondent
    people: tuple[tuple[str, str | None], ...]
    # (perspective, how many statements answered so far), one per draft respondent
    drafts: tuple[tuple[str, int], ...]
    # statements where people who draw on care and support and staff disagreed most
    contested: tuple[str, ...]
    decided_by: str
    days_to_decision: int
    agreed: tuple[Agreement, ...]


def _people(**counts: int) -> tuple[tuple[str, str | None], ...]:
    return tuple(
        (perspective.replace("_", "-"), None)
        for perspective, count in counts.items()
        for _ in range(count)
    )


def _named(
    people: tuple[tuple[str, str | None], ...], names: dict[str, str]
) -> tuple[tuple[str, str | None], ...]:
    """Give the first respondent of some perspectives a name (the rest stay anonymous)."""
    out, given = [], set()
    for perspective, _ in people:
        name = names.get(perspective) if perspective not in given else None
        given.add(perspective)
        out.append((perspective, name))
    return tuple(out)


ROUNDS = (
    RoundPlan(
        months_before=18,
        people=_named(
            _people(
                person_drawing_on_care=3,
                carer=2,
                frontline_staff=4,
                manager=2,
                board_member=2,
                partner=1,
            ),
            {"person-drawing-on-care": "Margaret", "manager": "Helen"},
        ),
        drafts=(),
        contested=("info-1", "community-5", "flexible-2", "change-5", "workforce-3"),
        decided_by="Co-production group",
        days_to_decision=40,
        agreed=(
            Agreement(
                "info-1",
                "informing",
                "Managers thought our leaflets were checked by people who draw on care and "
                "support, but nobody in the group had seen that happen. Leaflets are written "
                "for people, not with them, so we agreed informing.",
            ),
            Agreement(
                "community-5",
                "informing",
                "The small grants panel is staff only. People hear who got funding after it "
                "is decided. Staff had put this higher because the results are published.",
            ),
            Agreement(
                "flexible-2",
                "consultation",
                "The council sets the budget rules. People are asked about them at reviews, "
                "but nothing has changed as a result yet.",
            ),
            Agreement(
                "change-5",
                "consultation",
                "Complaints get a careful written reply, and some people are asked for their "
                "view, but the reviews themselves happen without the people affected.",
            ),
            Agreement(
                "workforce-3",
                "consultation",
                "People who draw on care and support do speak at training days, but they "
                "are not paid and hear nothing back. We agreed consultation until people are "
                "paid and help plan the sessions.",
            ),
            Agreement(
                "wellbeing-1",
                "consultation",
                "People are asked what they want, but plans are still drafted before the "
                "first visit and then shown to them. Staff agreed that is consultation.",
            ),
        ),
    ),
    RoundPlan(
        months_before=9,
        people=_named(
            _people(
                person_drawing_on_care=3,
                carer=2,
                frontline_staff=5,
                manager=2,
                board_member=2,
                partner=1,
            ),
            {"person-drawing-on-care": "Margaret", "frontline-staff": "Dev"},
        ),
        drafts=(),
        contested=("wellbeing-2", "info-4", "flexible-5", "change-2", "workforce-4"),
        decided_by="Making it Real board",
        days_to_decision=35,
        agreed=(
            Agreement(
                "workforce-4",
                "engagement",
                "People now sit on interview panels, though not on every one, and training "
                "is still planned by staff. The group felt engagement was fair; not co-design "
                "yet.",
            ),
            Agreement(
                "info-4",
                "engagement",
                "The reading group has changed three leaflets this year. Carers said they "
                "want to be involved earlier, when we decide what to write, not just to check "
                "it.",
            ),
            Agreement(
                "flexible-5",
                "engagement",
                "The direct payment form was redesigned with people who use it, but the "
                "review process was not. Some staff put this at co-design because of the "
                "form; the group looked at the whole process and agreed engagement.",
            ),
            Agreement(
                "change-2",
                "consultation",
                "Crisis plans exist for most people, but several people said they had never "
                "seen theirs. We agreed consultation and an action to go through plans with "
                "each person.",
            ),
            Agreement(
                "wellbeing-2",
                "engagement",
                "Staff and people who draw on care and support both gave examples of people's "
                "skills being used, but mostly in activities, not in decisions.",
            ),
        ),
    ),
    RoundPlan(
        months_before=1,
        people=_named(
            _people(
                person_drawing_on_care=4,
                carer=2,
                frontline_staff=5,
                manager=2,
                board_member=1,
                partner=2,
            ),
            {"person-drawing-on-care": "Margaret", "carer": "Aisha"},
        ),
        drafts=(("frontline-staff", 12), ("person-drawing-on-care", 5)),
        contested=("info-1", "community-5", "flexible-2", "change-4", "change-5", "workforce-3"),
        decided_by="Co-production group",
        days_to_decision=20,
        agreed=(
            Agreement(
                "change-4",
                "consultation",
                "Since the restructure and the winter staffing gaps, emergency plans have "
                "mostly been made for people again. Staff agreed this has slipped back since "
                "the last round.",
            ),
            Agreement(
                "change-5",
                "consultation",
                "People affected were invited to two complaint reviews early in the year, then "
                "it stopped when the quality lead left. We agreed to put this right.",
            ),
            Agreement(
                "workforce-3",
                "co-design",
                "People are now paid to help run induction and helped write the sessions. "
                "Not co-production yet: managers still sign off the training plan alone.",
            ),
            Agreement(
                "info-1",
                "engagement",
                "Every new leaflet goes to the reading group before printing, and they "
                "stopped two from going out. The older letters still need rewriting, so we "
                "agreed engagement, not co-design.",
            ),
            Agreement(
                "community-5",
                "engagement",
                "Two people who draw on care and support sit on the small grants panel, but "
                "staff still shortlist the bids before the panel sees them.",
            ),
            Agreement(
                "flexible-2",
                "engagement",
                "People who use budgets helped change the local guidance, but the council "
                "still sets the rules. The carers felt staff had placed this too high.",
            ),
        ),
    ),
)


@dataclass(frozen=True)
class ActionPlan:
    round_index: int
    text: str
    owner: str
    due_days: int  # days from today; negative is in the past
    status: str
    statement: str | None = None
    theme: str | None = None


ACTIONS = (
    ActionPlan(
        0,
        "Pay people who draw on care and support for their time at training days and on "
        "interview panels, at our sessional rate.",
        "Head of HR",
        -400,
        "done",
        statement="workforce-3",
    ),
    ActionPlan(
        0,
        "Set up a reading group of people who draw on care and support and carers to check "
        "every new leaflet before it is printed.",
        "Priya (communications lead)",
        -360,
        "done",
        theme="information-and-advice",
    ),
    ActionPlan(
        0,
        "Review the direct payment paperwork with people who use direct payments.",
        "Direct payments team leader",
        -240,
        "dropped",
        statement="flexible-5",
    ),
    ActionPlan(
        1,
        "Go through each person's crisis plan with them and their carer, and give them a copy "
        "they can read.",
        "Sam (senior support worker)",
        -45,
        "in_progress",
        statement="change-2",
    ),
    ActionPlan(
        1,
        "Open the small grants panel to two people who draw on care and support and one carer.",
        "Community development worker",
        -150,
        "done",
        statement="community-5",
    ),
    ActionPlan(
        1,
        "Invite the people affected to every complaint review, with support to take part.",
        "Registered manager",
        -20,
        "planned",
        statement="change-5",
    ),
    ActionPlan(
        1,
        "Hold the carers' forum every quarter with the operations manager there.",
        "Operations manager",
        60,
        "in_progress",
        statement="wellbeing-5",
    ),
    ActionPlan(
        1,
        "Buy an outside co-production course for team leaders (replaced by training run "
        "with our own co-production group).",
        "Learning and development lead",
        -90,
        "dropped",
        theme="workforce",
    ),
    ActionPlan(
        2,
        "Hold two listening sessions with people who draw on care and support and carers to "
        "find out why planning for change has slipped, and agree what to do.",
        "Operations manager",
        45,
        "planned",
        theme="when-things-need-to-change",
    ),
    ActionPlan(
        2,
        "Rewrite the older standard letters with the reading group, starting with review and "
        "charging letters.",
        "Priya (communications lead)",
        90,
        "in_progress",
        statement="info-1",
    ),
    ActionPlan(
        2,
        "Let the small grants panel shortlist the bids itself from next year.",
        "Community development worker",
        180,
        "planned",
        statement="community-5",
    ),
)


# --- Dates and titles ------------------------------------------------------------------------


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` months earlier (the last day if it is shorter)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def season_title(day: dt.date) -> str:
    """A round title from its opening date: "Spring 2025", "Winter 2025/26" (Dec to Feb)."""
    if day.month == 12:
        return f"Winter {day.year}/{(day.year + 1) % 100:02d}"
    if day.month <= 2:
        return f"Winter {day.year - 1}/{day.year % 100:02d}"
    season = {3: "Spring", 6: "Summer", 9: "Autumn"}[(day.month // 3) * 3]
    return f"{season} {day.year}"


# --- Answers ---------------------------------------------------------------------------------


class _Notes:
    """Hands out notes from each pool in a shuffled cycle, so a round seldom repeats one."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.queues: dict[object, deque[str]] = {}

    def take(self, key: object, pool: tuple[str, ...]) -> str:
        queue = self.queues.get(key)
        if not queue:
            items = list(pool)
            self.rng.shuffle(items)
            queue = self.queues[key] = deque(items)
        return queue.popleft()


def _evidence_note(notes: _Notes, theme: str, perspective: str, position: int) -> str:
    level = "high" if position >= 4 else "low"
    kind = voice(perspective)
    if kind == "governance":
        return notes.take(("governance", level), GOVERNANCE_NOTES[level])
    if perspective == "carer" and notes.rng.random() < 0.6:
        return notes.take(("carer", level), CARER_NOTES[level])
    return notes.take((theme, kind, level), NOTES[(theme, kind, level)])


def _respondent_answers(
    rng: random.Random,
    notes: _Notes,
    framework: Framework,
    round_index: int,
    perspective: str,
    contested: tuple[str, ...],
    statement_offset: dict[str, float],
) -> dict[str, tuple[str | None, str]]:
    """One respondent's answers to every statement they did not skip."""
    rungs = framework.ladder.rung_ids
    kind = voice(perspective)
    unsure_odds, not_applicable_odds = ODDS[kind]
    personal = rng.gauss(0, 0.3)
    answers: dict[str, tuple[str | None, str]] = {}
    for theme in framework.themes:
        level = THEME_LEVELS[theme.id][round_index]
        for statement in theme.statements:
            roll = rng.random()
            value = (
                level
                + PERSPECTIVE_OFFSET[perspective]
                + statement_offset[statement.id]
                + personal
                + rng.gauss(0, 0.4)
            )
            if statement.id in contested:
                value += -1.2 if kind == "lived" else 0.6
            na_odds = not_applicable_odds
            if kind == "governance" and statement.kind == "I":
                na_odds = GOVERNANCE_NOT_APPLICABLE_ON_I
            if kind == "lived" and statement.id in ("flexible-2", "flexible-3", "change-3"):
                na_odds = 0.12
            write_note = rng.random()
            if roll < SKIP:
                continue
            if roll < SKIP + na_odds:
                note = ""
                if write_note < 0.5:
                    key = statement.id if kind == "lived" else kind
                    note = NOT_APPLICABLE_NOTES.get(key, NOT_APPLICABLE_NOTES[kind])
                answers[statement.id] = (NOT_APPLICABLE, note)
                continue
            if roll < SKIP + na_odds + unsure_odds:
                note = ""
                if write_note < 0.5:
                    note = notes.take(("unsure", kind), UNSURE_NOTES[kind])
                answers[statement.id] = (UNSURE, note)
                continue
            position = max(1, min(len(rungs) - 1, int(value + 0.5)))
            note = ""
            if write_note < NOTE:
                note = _evidence_note(notes, theme.id, perspective, position)
            answers[statement.id] = (rungs[position], note)
    return answers


# --- Loading ---------------------------------------------------------------------------------


def load_demo(store: Store, today: dt.date | None = None) -> Organisation:
    """Add the demo organisation with its rounds, answers and actions, unless it is there.

    Returns the organisation. If one called DEMO_NAME already exists it is returned as it is,
    so loading twice never duplicates anything. The demo is built in a scratch database and
    then imported in one transaction, so an interrupted load leaves nothing half-made.
    """
    existing = store.organisation_named(DEMO_NAME)
    if existing is not None:
        return existing
    scratch = Store("sqlite://")
    try:
        _build(scratch, today or dt.date.today())
        backup = parse_backup(export_backup(scratch))
    finally:
        scratch.close()
    try:
        import_backup(store, backup)
    except BackupProblems:
        existing = store.organisation_named(DEMO_NAME)  # someone loaded it at the same moment
        if existing is None:
            raise
        return existing
    loaded = store.organisation_named(DEMO_NAME)
    assert loaded is not None
    return loaded


def _build(store: Store, today: dt.date) -> None:
    framework = builtin_frameworks()[FRAMEWORK_ID]
    organisation = store.create_organisation(DEMO_NAME)

    # Answers and notes draw on separate streams, so rewording a note never moves a score.
    rng = random.Random(SEED)
    notes_rng = random.Random(SEED + 1)
    statement_offset = {s.id: rng.gauss(0, 0.2) for s in framework.statements}
    round_ids: list[int] = []
    opening_dates = [months_before(today, plan.months_before) for plan in ROUNDS]
    for index, plan in enumerate(ROUNDS):
        opened_on = opening_dates[index]
        round_ = store.create_round(
            organisation.id, framework, season_title(opened_on), opened_on=opened_on
        )
        round_ids.append(round_.id)
        notes = _Notes(notes_rng)
        for perspective, name in plan.people:
            answers = _respondent_answers(
                rng, notes, framework, index, perspective, plan.contested, statement_offset
            )
            respondent, _token = store.start_respondent(round_.id, perspective, name)
            store.submit(respondent.id, answers)
        for perspective, answered in plan.drafts:
            answers = _respondent_answers(
                rng, notes, framework, index, perspective, plan.contested, statement_offset
            )
            partial = dict(list(answers.items())[:answered])
            respondent, _token = store.start_respondent(round_.id, perspective)
            store.save_answers(respondent.id, partial)
        decided_on = min(opened_on + dt.timedelta(days=plan.days_to_decision), today)
        decided_at = dt.datetime.combine(decided_on, dt.time(14, 30), tzinfo=dt.UTC)
        for agreement in plan.agreed:
            store.record_agreed_rung(
                round_.id,
                agreement.statement,
                agreement.rung,
                agreement.reason,
                decided_by=f"{plan.decided_by}, {describe.long_date(decided_on)}",
                decided_at=decided_at,
            )
        if index < len(ROUNDS) - 1:
            # Closed some weeks after opening, well before the next round opened.
            closed_on = min(opened_on + dt.timedelta(days=42), opening_dates[index + 1])
            store.set_round_status(round_.id, "closed", closed_on=closed_on)

    for action in ACTIONS:
        created = store.create_action(
            organisation.id,
            action.text,
            round_id=round_ids[action.round_index],
            statement_id=action.statement,
            theme_id=action.theme,
            owner=action.owner,
            due_on=today + dt.timedelta(days=action.due_days),
        )
        if action.status != created.status:
            store.update_action(created.id, status=action.status)
