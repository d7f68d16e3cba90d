"""The `toolkit` command line: validate framework files, print the schema, list and score."""

from __future__ import annotations

import json
import logging
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from toolkit import describe
from toolkit.answer_file import read_answers
from toolkit.errors import Problem, ProblemsFound
from toolkit.framework import (
    Framework,
    Perspective,
    builtin_frameworks,
    builtin_ladders,
    builtin_perspectives,
    check_file,
    find_framework,
    framework_schema,
)
from toolkit.limits import BIGGEST_ID
from toolkit.scoring import Responses, Scores, score

LOG_FILE = Path(__file__).resolve().parent.parent / "data" / "toolkit.log"

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Co-production self-assessment toolkit: frameworks, answers and scores.",
)


class Format(StrEnum):
    json = "json"
    table = "table"


def _fail(problems: list[Problem]) -> None:
    for problem in problems:
        typer.echo(str(problem), err=True)
    raise typer.Exit(1)


def _yaml_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml"))
    return [path]


@app.command()
def validate(
    paths: Annotated[list[str], typer.Argument(help="Framework, ladder or perspectives files.")],
) -> None:
    """Check framework files: one OK line per good file, one line per problem otherwise."""
    failed = False
    for given in paths:
        files = _yaml_files(Path(given))
        for path in files:
            display = given if path == Path(given) else str(path)
            model, problems = check_file(path, display)
            if problems:
                failed = True
                for problem in problems:
                    typer.echo(str(problem))
            else:
                typer.echo(f"{display}: OK ({_summary(model)})")
    if failed:
        raise typer.Exit(1)


def _summary(model: object) -> str:
    if isinstance(model, Framework):
        return (
            f"framework '{model.id}' version {model.version}: {len(model.themes)} themes, "
            f"{len(model.statements)} statements"
        )
    rungs = getattr(model, "rungs", None)
    if rungs is not None:
        return f"ladder '{model.id}': {len(rungs)} rungs"
    return f"{len(model.perspectives)} perspectives"


@app.command()
def schema() -> None:
    """Print the JSON Schema of a framework file, for editors."""
    typer.echo(json.dumps(framework_schema(), indent=2))


@app.command()
def frameworks() -> None:
    """List the built-in frameworks and ladders."""
    typer.echo("Frameworks:")
    for framework in builtin_frameworks().values():
        typer.echo(
            f"  {framework.id}  (version {framework.version})  {framework.title}\n"
            f"      {len(framework.themes)} themes, {len(framework.statements)} statements, "
            f"ladder '{framework.ladder.id}'; source: {framework.source.title}"
        )
    typer.echo("Ladders:")
    for ladder in builtin_ladders().values():
        rungs = " → ".join(rung.label for rung in ladder.rungs)
        typer.echo(f"  {ladder.id}  {ladder.title}\n      {rungs}")


@app.command("score")
def score_command(
    framework: Annotated[
        str | None,
        typer.Option("--framework", help="A built-in framework id or a framework file."),
    ] = None,
    answers: Annotated[Path | None, typer.Option("--answers", help="The answers CSV file.")] = None,
    output: Annotated[Format, typer.Option("--format", help="json or table.")] = Format.table,
    round_id: Annotated[
        int | None,
        typer.Option(
            "--round",
            help="Score a stored round instead (see `toolkit rounds`): its sent-in answers.",
            min=1,
            max=BIGGEST_ID,
        ),
    ] = None,
) -> None:
    """Score an answers CSV file against a framework (--framework and --answers), or a stored
    round (--round): the same figures either way."""
    if round_id is not None:
        if framework is not None or answers is not None:
            typer.echo("Give either --round, or --framework with --answers; not both.", err=True)
            raise typer.Exit(2)
        _score_round(round_id, output)
        return
    if framework is None or answers is None:
        typer.echo("Give --framework and --answers (or --round to score a stored round).", err=True)
        raise typer.Exit(2)
    try:
        chosen = find_framework(framework)
    except ProblemsFound as error:
        _fail(error.problems)
    perspectives = builtin_perspectives()
    rows, problems = read_answers(answers, chosen, perspectives, str(answers))
    if problems:
        _fail(problems)
    responses = Responses.from_answers(chosen, perspectives, (row.answer for row in rows))
    scores = score(chosen, perspectives, responses)
    if output is Format.json:
        # Strict JSON: an undefined figure is null, never a bare NaN or Infinity.
        typer.echo(json.dumps(scores.to_json(), indent=2, allow_nan=False))
    else:
        typer.echo(score_table(chosen, scores))


def _score_round(round_id: int, output: Format) -> None:
    """A stored round's figures, through the service layer, for the operator."""
    service, me = _service()
    round_ = service.round(me, round_id)
    framework = service.round_framework(me, round_)
    scores = service.scores(me, round_.id)
    if output is Format.json:
        typer.echo(json.dumps(scores.to_json(), indent=2, allow_nan=False))
    else:
        typer.echo(f"{round_.organisation_name}: {round_.title}")
        typer.echo(score_table(framework, scores, service.round_perspectives(me, round_)))


def score_table(
    framework: Framework, scores: Scores, perspectives: tuple[Perspective, ...] | None = None
) -> str:
    """A readable summary of scores for the terminal."""
    labels = {p.id: p.label for p in perspectives or builtin_perspectives()}
    titles = {t.id: t.title for t in framework.themes}
    overall = scores.overall
    lines = [
        f"{framework.title} (version {framework.version})",
        f"{scores.respondents} people answered.",
        "",
        "Overall: " + describe.journey_sentence(overall, framework.ladder),
        "         " + describe.maturity_sentence(overall),
        "         " + describe.doing_with_sentence(overall),
        "         " + describe.counts_sentence(overall),
        "         " + describe.gap_sentence(scores.lived_experience_gap),
        "",
        f"{'Theme':<44} {'Journey':>8} {'Maturity':>9} {'Doing with':>11} {'Placed':>7}",
    ]
    for theme in scores.themes:
        f = theme.figures
        lines.append(
            f"{titles[theme.id][:44]:<44} {describe.percent(f.journey_pct):>8} "
            f"{describe.percent(f.maturity_pct):>9} {describe.share(f.doing_with_share):>11} "
            f"{f.answered:>7}"
        )
    lines += ["", f"{'Perspective':<44} {'People':>8} {'Journey':>9}"]
    for perspective in scores.perspectives:
        lines.append(
            f"{labels.get(perspective.id, perspective.id)[:44]:<44} {perspective.respondents:>8} "
            f"{describe.percent(perspective.figures.journey_pct):>9}"
        )
    spread = sorted(
        (s for s in scores.statements if s.spread is not None and s.spread >= 1),
        key=lambda s: -s.spread,
    )
    if spread:
        lines += ["", "Where people disagree most (spread of 1 rung or more):"]
        for statement in spread[:5]:
            text = framework.statement(statement.id).text
            lines.append(f"  {statement.id} (spread {statement.spread:.1f}): {text}")
    return "\n".join(lines)


def _store():
    from toolkit.store import DatabaseUnavailable, Store

    try:
        return Store()
    except DatabaseUnavailable as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None


def _service():
    """The service layer on the database, and the operator: the command line acts as the
    person who holds the database, so it may do anything."""
    from toolkit.service import Operator, Service

    return Service(_store()), Operator()


@app.command()
def demo(
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Only when the database has no organisations.")
    ] = False,
) -> None:
    """Add the demo organisation, Riverside Care (demo), with three rounds (never twice)."""
    from toolkit.demo import DEMO_NAME, load_demo

    store = _store()
    if if_empty and store.organisations():
        typer.echo("The database already has organisations; no demo added.")
        return
    existed = store.organisation_named(DEMO_NAME) is not None
    organisation = load_demo(store)
    rounds = store.rounds(organisation.id)
    if existed:
        typer.echo(f"{organisation.name} is already here ({len(rounds)} rounds); nothing added.")
    else:
        typer.echo(f"Added {organisation.name} with {len(rounds)} rounds:")
        for round_ in rounds:
            typer.echo(f"  {round_.id}: {round_.title} ({round_.submitted} people answered)")


@app.command()
def rounds() -> None:
    """List organisations and their rounds, with the round ids other commands take."""
    service, me = _service()
    organisations = service.organisations(me)
    if not organisations:
        typer.echo("No organisations yet. Try `toolkit demo`, or `toolkit new-round`.")
    for organisation in organisations:
        typer.echo(f"{organisation.name} (organisation {organisation.id})")
        for round_ in service.rounds(me, organisation.id):
            typer.echo(
                f"  round {round_.id}: {round_.title} · {round_.framework_title} "
                f"{round_.framework_version} · {round_.status} · {round_.submitted} answered"
            )


class ReportFormatChoice(StrEnum):
    pdf = "pdf"
    html = "html"
    xlsx = "xlsx"


@app.command("report")
def report_command(
    organisation: Annotated[
        str, typer.Option("--organisation", help="The organisation's name or id.")
    ],
    format_: Annotated[ReportFormatChoice, typer.Option("--format", help="pdf, html or xlsx.")],
    out: Annotated[Path, typer.Option("--out", help="The file to write.")],
    rounds: Annotated[
        str | None,
        typer.Option(
            "--rounds",
            help="Round ids, comma-separated, of one framework (default: every round of the "
            "framework of the organisation's latest round).",
        ),
    ] = None,
) -> None:
    """Write a board report: a PDF for the board pack, one offline HTML file, or a workbook
    of the figures."""
    from toolkit.reports import ReportUnavailable, stop_renderer, write_report

    service, me = _service()
    try:
        report = write_report(service, me, organisation, rounds, format_.value, out)
    except ReportUnavailable as error:
        typer.echo(
            f"{error} Nothing was written; `--format html` makes the report without it.",
            err=True,
        )
        raise typer.Exit(1) from None
    except OSError as error:
        typer.echo(f"{out}: cannot write the file ({error.strerror}).", err=True)
        raise typer.Exit(1) from None
    finally:
        stop_renderer()
    count = len(report.rounds)
    typer.echo(
        f"Wrote {out}: the {format_.value.upper()} report for {report.organisation.name}, "
        f"{count} {'round' if count == 1 else 'rounds'} of {report.framework.title}."
    )


def _held(held: dict[str, int]) -> str:
    """What a backup holds, in words: "1 organisations, 3 rounds, ..."."""
    return ", ".join(f"{n} {what}" for what, n in held.items())


@app.command("export")
def export_command(
    out: Annotated[Path, typer.Option("--out", help="The backup file to write (.json).")],
    organisation: Annotated[
        int | None,
        typer.Option("--organisation", help="Only this organisation's id.", min=1, max=BIGGEST_ID),
    ] = None,
) -> None:
    """Back up everything (or one organisation) to a JSON file."""
    from toolkit.store import StoreError
    from toolkit.store.backup import write_backup

    store = _store()
    try:
        held = write_backup(store, out, organisation)
    except StoreError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    except OSError as error:
        typer.echo(f"{out}: cannot write the file ({error.strerror}).", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Wrote {out}: {_held(held)}.")


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="A backup file written by `toolkit export`.")],
) -> None:
    """Restore a backup: all of it in one transaction, or nothing if anything is wrong."""
    from toolkit.store.backup import BackupProblems, import_backup, read_backup

    try:
        backup = read_backup(file)
        store = _store()
        held = import_backup(store, backup, progress=lambda m: typer.echo(m, err=True))
    except BackupProblems as error:
        for problem in error.problems:
            typer.echo(f"{file}: {problem}", err=True)
        typer.echo(f"{file}: nothing was imported.", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Imported {file}: {_held(held)}.")


class SurveyFormat(StrEnum):
    auto = "auto"
    toolkit = "toolkit"
    surveymonkey = "surveymonkey"
    google_forms = "google-forms"
    microsoft_forms = "microsoft-forms"


@app.command("import-answers")
def import_answers_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="An answers file (CSV, as `toolkit score` reads, or XLSX), or a SurveyMonkey, "
            "Google Forms or Microsoft Forms export."
        ),
    ],
    round_id: Annotated[
        int,
        typer.Option(
            "--round", help="The round's id (see `toolkit rounds`).", min=1, max=BIGGEST_ID
        ),
    ],
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            help="A YAML file saying what a survey export's columns and answers mean.",
        ),
    ] = None,
    format_: Annotated[
        SurveyFormat,
        typer.Option("--format", help="Which tool the file came from (auto: tell from it)."),
    ] = SurveyFormat.auto,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Say what would be imported, and import nothing."),
    ] = False,
    allow_closed: Annotated[
        bool,
        typer.Option(
            "--allow-closed",
            help="Add the answers even though the round is closed (its figures will change).",
        ),
    ] = False,
) -> None:
    """Add a round's answers from a file: all of them, or none if anything is wrong.

    A closed round takes no answers from a file unless --allow-closed is given.
    """
    from toolkit.store import RoundClosed, StoreError
    from toolkit.surveys import describe, read_file, read_mapping

    service, me = _service()
    try:
        round_ = service.round(me, round_id)
        perspectives = service.round_perspectives(me, round_id)
    except StoreError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    if not round_.is_open and not allow_closed:
        _closed(round_.title)
    given = None
    if mapping is not None:
        given, problems = read_mapping(mapping, str(mapping))
        if problems:
            _fail(problems)
    data, problems = read_file(file, str(file))
    if data is None:
        _fail(problems)
    preview = service.import_preview(
        me, round_id, data, str(file), layout=format_.value, mapping=given
    )
    if dry_run:
        typer.echo("\n".join(describe(preview, perspectives)))
    if not preview.ok:
        _fail(list(preview.problems))
    if dry_run:
        typer.echo(
            f"Dry run: nothing was imported. Without --dry-run, {preview.answer_count} answers "
            f"from {len(preview.people)} people would be imported into round {round_id}."
        )
        return
    for notice in preview.notices:
        typer.echo(notice)
    try:
        created = service.import_answers(
            me, round_id, preview.answer_rows(), allow_closed=allow_closed
        )
    except RoundClosed:  # closed by someone else since the check above
        _closed(round_.title)
    except StoreError as error:
        typer.echo(f"{file}: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"Imported {preview.answer_count} answers from {len(created)} people into round {round_id}."
    )


@app.command("export-answers")
def export_answers_command(
    round_id: Annotated[
        int,
        typer.Option(
            "--round", help="The round's id (see `toolkit rounds`).", min=1, max=BIGGEST_ID
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="The file to write: FILE.csv or FILE.xlsx.")],
) -> None:
    """Write a round's sent-in answers as an answers file (CSV for Excel, or XLSX), which
    `toolkit import-answers` reads back (exactly, from a CSV)."""
    from toolkit.answer_file import EXPORT_SUFFIXES, write_answers

    if out.suffix.lower() not in EXPORT_SUFFIXES:
        typer.echo(f"{out}: the file should end in .csv or .xlsx.", err=True)
        raise typer.Exit(1)
    service, me = _service()
    round_ = service.round(me, round_id, counts=False)
    rows = service.export_answers(me, round_id)
    try:
        write_answers(out, rows)
    except OSError as error:
        typer.echo(f"{out}: cannot write the file ({error.strerror}).", err=True)
        raise typer.Exit(1) from None
    people = len({answer.respondent for answer, _ in rows})
    typer.echo(
        f"Wrote {out}: {len(rows)} answers from {people} "
        f"{'person' if people == 1 else 'people'} in {round_.title}."
    )


@app.command("new-round")
def new_round(
    organisation: Annotated[
        str, typer.Option("--organisation", help="The organisation's name (added if new).")
    ],
    framework: Annotated[
        str, typer.Option("--framework", help="A framework's id (built in or added), or a file.")
    ],
    title: Annotated[str, typer.Option("--title", help="The round's title, e.g. 'Spring 2027'.")],
) -> None:
    """Start an open round (adding the organisation if need be); the last line is its id."""
    service, me = _service()
    chosen = _framework(service, me, framework)
    found = next((o for o in service.organisations(me) if o.name == organisation.strip()), None)
    if found is None:
        found = service.create_organisation(me, organisation)
        typer.echo(f"Added the organisation {found.name}.")
    round_ = service.create_round(me, found.id, chosen, title)
    typer.echo(f"Started {round_.title} on {chosen.title} (version {chosen.version}).")
    typer.echo(round_.id)


def _framework(service, me, id_or_path: str) -> Framework:
    """A framework added in the app (its latest version) or built in, by id; else a file."""
    added = [f for f in service.frameworks(me) if f.id == id_or_path]
    if added:
        return added[-1]
    try:
        return find_framework(id_or_path)
    except ProblemsFound as error:
        _fail(error.problems)
        raise  # pragma: no cover - _fail exits


@app.command("round-link")
def round_link(
    round_id: Annotated[
        int,
        typer.Option(
            "--round", help="The round's id (see `toolkit rounds`).", min=1, max=BIGGEST_ID
        ),
    ],
    replace: Annotated[
        bool, typer.Option("--replace", help="Make a new link; the old one stops working.")
    ] = False,
) -> None:
    """Print the round's invitation link (the last line): whoever has it may answer the round,
    and see nothing else."""
    from toolkit.service.links import invitation_link

    service, me = _service()
    round_ = service.round(me, round_id)
    token = (
        service.replace_invitation(me, round_id) if replace else service.invitation(me, round_id)
    )
    typer.echo(
        f"Anyone with this link can answer {round_.title} (and see nothing else)"
        + (". The old link no longer works:" if replace else ":")
    )
    typer.echo(invitation_link(token))


@app.command("setup-link")
def setup_link(
    if_needed: Annotated[
        bool, typer.Option("--if-needed", help="Say nothing when there is an admin already.")
    ] = False,
) -> None:
    """Print a one-time link (valid for 24 hours) to make the first admin, if there is none."""
    from toolkit.service.links import setup_link as link

    service, me = _service()
    token = service.setup_link(me)
    if token is None:
        if not if_needed:
            typer.echo("There is an admin already: sign in, or use `toolkit users reset`.")
        return
    typer.echo("No one can sign in yet. Open this link (it works once, for 24 hours) to make")
    typer.echo("the first admin account:")
    typer.echo(link(token))


workshop_app = typer.Typer(
    help="Live workshops: start one on a round, see how it is going, close it.",
    no_args_is_help=True,
)
app.add_typer(workshop_app, name="workshop")


@workshop_app.command("start")
def workshop_start(
    round_id: Annotated[
        int,
        typer.Option(
            "--round", help="The round's id (see `toolkit rounds`).", min=1, max=BIGGEST_ID
        ),
    ],
    mode: Annotated[
        str,
        typer.Option(
            "--mode",
            help="paced (everyone answers the statement the facilitator is on) or self-paced.",
        ),
    ] = "paced",
    minimum_group_size: Annotated[
        int | None,
        typer.Option(
            "--minimum-group-size",
            help="Show the room's answers once this many have answered (at least the "
            "organisation's minimum group size, which is the default).",
            min=1,
        ),
    ] = None,
    statements: Annotated[
        str | None,
        typer.Option("--statements", help="Statement ids, comma-separated (default: all)."),
    ] = None,
) -> None:
    """Start a workshop on an open round; the last line is its join link, with code=CODE."""
    from toolkit.service.links import join_link

    service, me = _service()
    chosen = statements.split(",") if statements is not None else None
    workshop = service.start_workshop(
        me, round_id, mode=mode, minimum_group_size=minimum_group_size, statements=chosen
    )
    round_ = service.round(me, workshop.round_id, counts=False)
    count = len(workshop.statements) if workshop.statements else 0
    asked = f"{count} statement{'s' if count != 1 else ''}" if count else "every statement"
    typer.echo(
        f"Started a {workshop.mode} workshop on {round_.title}, asking about {asked}; the "
        f"room's answers show once {workshop.minimum_group_size} people have answered. "
        f"Join code: {workshop.code}."
    )
    typer.echo("People join with this link (or the code on the join page):")
    typer.echo(join_link(workshop.code))


@workshop_app.command("status")
def workshop_status(
    code: Annotated[str, typer.Argument(help="The workshop's join code.")],
    format_: Annotated[str, typer.Option("--format", help="json (the default) or table.")] = "json",
) -> None:
    """How a workshop is going: its state, mode, people who joined and answers given."""
    if format_ not in ("json", "table"):
        typer.echo(f"'{format_}' is not a format; use json or table.", err=True)
        raise typer.Exit(2)
    service, me = _service()
    status = service.workshop_status(me, code)
    workshop = status.workshop
    figures = {
        "code": workshop.code,
        "state": workshop.state,
        "mode": workshop.mode,
        "participants": status.participants,
        "answers": status.answers,
        "current_statement": workshop.current_statement,
    }
    if format_ == "json":
        typer.echo(json.dumps(figures, allow_nan=False))
        return
    for key, value in figures.items():
        typer.echo(f"{key.replace('_', ' ')}: {'-' if value is None else value}")


@workshop_app.command("close")
def workshop_close(
    code: Annotated[str, typer.Argument(help="The workshop's join code.")],
) -> None:
    """Close a workshop: every participant's answers are sent in and count in the round."""
    service, me = _service()
    status = service.close_workshop(me, code)
    round_ = service.round(me, status.workshop.round_id, counts=False)
    people = status.participants
    typer.echo(
        f"Closed the workshop {status.workshop.code}: the answers of {people} "
        f"{'person' if people == 1 else 'people'} now count in {round_.title}."
    )


users_app = typer.Typer(
    no_args_is_help=True, help="Accounts: add, list, disable, or reset a password."
)
app.add_typer(users_app, name="users")


class Role(StrEnum):
    admin = "admin"
    lead = "lead"
    facilitator = "facilitator"
    board_viewer = "board-viewer"


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="The person's e-mail address.")],
    role: Annotated[Role, typer.Option("--role", help="admin, lead, facilitator or board-viewer.")],
    organisation: Annotated[
        str | None, typer.Option("--organisation", help="The organisation's name (not for admin).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from one line of input.")
    ] = False,
) -> None:
    """Add an account. Without --password-stdin it signs in with single sign-on, or after a
    reset link (`toolkit users reset`)."""
    service, me = _service()
    internal = role.value.replace("-", "_")  # board-viewer on the command line
    organisation_id = None
    if internal != "admin":
        if not organisation:
            typer.echo("Say which organisation with --organisation NAME.", err=True)
            raise typer.Exit(1)
        found = next((o for o in service.organisations(me) if o.name == organisation.strip()), None)
        if found is None:
            typer.echo(f"There is no organisation called '{organisation}'.", err=True)
            raise typer.Exit(1)
        organisation_id = found.id
    elif organisation:
        typer.echo("An admin has every organisation; leave out --organisation.", err=True)
        raise typer.Exit(1)
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    user = service.add_user(me, email, password, internal, organisation_id)
    where = f" of {organisation.strip()}" if organisation_id else ""
    typer.echo(f"Added {user.email}: {role.value}{where}.")


@users_app.command("list")
def users_list() -> None:
    """List the accounts, with their roles."""
    from toolkit.store.records import ROLE_LABELS

    service, me = _service()
    users = service.users(me)
    if not users:
        typer.echo("No accounts yet. `toolkit setup-link` makes the first admin.")
    for user in users:
        roles = (
            ["admin"]
            if user.is_admin
            else [
                f"{ROLE_LABELS[m.role].lower()} of {m.organisation_name}" for m in user.memberships
            ]
        )
        state = " (disabled)" if user.disabled else ""
        typer.echo(f"{user.email}{state}: {', '.join(roles) or 'no role'}")


@users_app.command("disable")
def users_disable(
    email: Annotated[str, typer.Argument(help="The account's e-mail address.")],
) -> None:
    """Disable an account: its sessions end at once, and it cannot sign in."""
    service, me = _service()
    user = service.disable_user(me, email)
    typer.echo(f"Disabled {user.email}; any sessions it had have ended.")


@users_app.command("reset")
def users_reset(
    email: Annotated[str, typer.Argument(help="The account's e-mail address.")],
) -> None:
    """Print a one-time link (the last line; 24 hours) to choose a new password."""
    from toolkit.service.links import reset_link

    service, me = _service()
    token = service.reset_link(me, email)
    typer.echo(f"Send this link to {email.strip().lower()}; it works once, for 24 hours:")
    typer.echo(reset_link(token))


def _closed(title: str) -> None:
    typer.echo(
        f"The round '{title}' is closed, so answers are not added to it from a file: its "
        "figures may already have been shared. Reopen it first, or add them anyway with "
        "--allow-closed. Nothing was imported.",
        err=True,
    )
    raise typer.Exit(1)


def log_to_file() -> Path | None:
    """Send the toolkit's log (the details behind any plain message) to a file, never to the
    terminal: `TOOLKIT_LOG_FILE`, or data/toolkit.log. Returns the file, or None if it cannot
    be written (then the details are dropped rather than shown)."""
    logger = logging.getLogger("toolkit")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    path = Path(os.environ.get("TOOLKIT_LOG_FILE") or LOG_FILE)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        logger.addHandler(logging.NullHandler())
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    return path


def main() -> None:
    """Entry point: run the app, and turn anything unexpected into a plain message."""
    log_file = log_to_file()
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except ProblemsFound as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        sys.exit(1)
    except Exception as error:  # noqa: BLE001 - no traceback, SQL or driver name reaches anyone
        from toolkit.store.database import DatabaseUnavailable
        from toolkit.store.records import StoreError

        if isinstance(error, StoreError | DatabaseUnavailable):  # already in plain words
            print(error, file=sys.stderr)
            sys.exit(1)
        logging.getLogger("toolkit").exception("Unexpected error in the toolkit command")
        where = f" The details are in {log_file}." if log_file else ""
        print(f"Something went wrong, and nothing was changed.{where}", file=sys.stderr)
        sys.exit(2)
