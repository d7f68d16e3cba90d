"""Board report speed: the PDF, the offline HTML file and the workbook, for the demo organisation
(three rounds of about fifteen people) and for a generated one with eight rounds of 40 people
each (every Making it Real statement, notes, agreed rungs and actions).

For each organisation it times building the report model, then each format. The PDF is timed
twice: first with a cold start (the browser that draws its charts started for it, as the
command line does) and then warm (the browser kept running, as the app does). The baseline,
measured in the same run, is WeasyPrint laying out the same report with its charts left out:
the ratio says what drawing and placing the charts adds. It also runs `toolkit report
--format pdf` once, as a person would, from process start to end. Goal: the eight-round PDF
in under 5 s (browser started for it). Run: `.venv/bin/python benchmarks/bench_report.py
[--keep FOLDER]`. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from toolkit import reports  # noqa: E402
from toolkit.demo import DEMO_NAME, load_demo  # noqa: E402
from toolkit.framework import NOT_APPLICABLE, UNSURE, builtin_frameworks  # noqa: E402
from toolkit.reports.css import BASE, PAPER  # noqa: E402
from toolkit.reports.document import document  # noqa: E402
from toolkit.reports.figures import report_charts  # noqa: E402
from toolkit.service import Operator, Service  # noqa: E402
from toolkit.store import Store  # noqa: E402

TODAY = dt.date(2026, 9, 15)
EIGHT_NAME = "Eight Rounds Care (generated)"
PEOPLE = {
    "person-drawing-on-care": 9,
    "carer": 6,
    "frontline-staff": 10,
    "manager": 5,
    "board-member": 5,
    "partner": 5,
}  # 40 people a round
OFFSET = {
    "person-drawing-on-care": -0.5,
    "carer": -0.3,
    "frontline-staff": 0.2,
    "manager": 0.4,
    "board-member": 0.5,
    "partner": 0.1,
}
NOTES = (
    "We were asked, but nothing changed.",
    "The group wrote this leaflet with us.",
    '=HYPERLINK("https://example.org", "click")',
    "+ more meetings with carers please",
    "- not sure staff know about this",
)


def eight_rounds(store: Store, today: dt.date = TODAY, rounds: int = 8, people: int = 40):
    """An organisation with `rounds` rounds of Making it Real, each answered by `people`
    people (40: the mix in PEOPLE), moving slowly up the ladder. Returns the organisation."""
    framework = builtin_frameworks()["making-it-real"]
    rungs = framework.ladder.rung_ids
    rng = random.Random(8)
    organisation = store.create_organisation(EIGHT_NAME)
    mix = [p for p, n in PEOPLE.items() for _ in range(n)]
    mix = (mix * (people // len(mix) + 1))[:people]
    ids = []
    for index in range(rounds):
        opened = today - dt.timedelta(days=91 * (rounds - index) - 10)
        year, season = opened.year, ("Winter", "Spring", "Summer", "Autumn")[opened.month % 12 // 3]
        round_ = store.create_round(
            organisation.id, framework, f"{season} {year}", opened_on=opened
        )
        ids.append(round_.id)
        level = 3.0 + 0.22 * index
        for perspective in mix:
            answers = {}
            for statement in framework.statements:
                roll = rng.random()
                if roll < 0.03:
                    answers[statement.id] = (UNSURE, "")
                elif roll < 0.04:
                    answers[statement.id] = (NOT_APPLICABLE, "")
                else:
                    position = round(level + OFFSET[perspective] + rng.gauss(0, 0.9))
                    position = min(max(position, 0), len(rungs) - 1)
                    note = rng.choice(NOTES) if rng.random() < 0.08 else ""
                    answers[statement.id] = (rungs[position], note)
            respondent, _ = store.start_respondent(round_.id, perspective)
            store.submit(respondent.id, answers)
        for statement in framework.statements[index : index + 3]:
            store.record_agreed_rung(
                round_.id,
                statement.id,
                rungs[min(int(level + 0.5), len(rungs) - 1)],
                "We talked it through with the people who use the service.",
                decided_by="Co-production group",
            )
        if index < rounds - 1:
            store.set_round_status(round_.id, "closed")
    for n in range(12):
        action = store.create_action(
            organisation.id,
            f"Action {n + 1}: work with people who draw on care and support on this.",
            round_id=ids[n % rounds],
            statement_id=framework.statements[n].id,
            owner=f"Owner {n + 1}",
            due_on=today + dt.timedelta(days=30 * (n - 6)),
        )
        if n % 3 == 0:
            store.update_action(action.id, status="done")
    return organisation


def timed(what, repeat: int = 1):
    """The median time of `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = what()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def baseline(report) -> float:
    """WeasyPrint laying out the same report with its charts left out (no kaleido)."""
    from weasyprint import HTML

    page = document(report, report_charts(report), lambda chart, key: "", css=BASE + PAPER)
    seconds, _ = timed(lambda: HTML(string=page).write_pdf(pdf_variant="pdf/ua-1"), repeat=3)
    return seconds


def command(url: str, name: str, out: Path) -> float:
    """`toolkit report --format pdf` run as a person runs it: Python, the database, a cold
    browser and all."""
    env = {**os.environ, "TOOLKIT_DATABASE_URL": url, "TOOLKIT_LOG_FILE": os.devnull}
    toolkit = str(Path(sys.executable).parent / "toolkit")
    args = [toolkit, "report", "--organisation", name, "--format", "pdf", "--out", str(out)]
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def bench(service: Service, me, url: str, name: str, out: Path | None) -> None:
    model_s, report = timed(lambda: reports.build_report(service, me, name, today=TODAY))
    people = sum(r.respondents for r in report.rounds)
    print(f"\n{name}: {len(report.rounds)} rounds, {people} people (median of 3 unless said)")
    print(f"  report model (first, uncached)  {model_s:6.2f} s")
    html_s, html = timed(lambda: reports.render_html(report), repeat=3)
    print(f"  HTML                            {html_s:6.2f} s  ({len(html.encode()) / 1e6:.1f} MB)")
    xlsx_s, xlsx = timed(lambda: reports.render_xlsx(report, service, me), repeat=3)
    print(f"  XLSX                            {xlsx_s:6.2f} s  ({len(xlsx) / 1e3:.0f} kB)")
    reports.stop_renderer()
    cold_s, pdf = timed(lambda: reports.render_pdf(report))
    warm_s, pdf = timed(lambda: reports.render_pdf(report), repeat=3)
    reports.stop_renderer()
    base_s = baseline(report)
    with tempfile.TemporaryDirectory() as folder:
        command_s = command(url, name, Path(folder) / "report.pdf")
    if out is not None:
        stem = name.split()[0].lower()
        (out / f"{stem}.pdf").write_bytes(pdf)
        (out / f"{stem}.html").write_text(html, encoding="utf-8")
        (out / f"{stem}.xlsx").write_bytes(xlsx)
    goal = ""
    if len(report.rounds) == 8:
        goal = "  goal < 5 s: " + ("met" if cold_s < 5 else "NOT met")
    print(f"  PDF, browser started for it     {cold_s:6.2f} s  ({len(pdf) / 1e3:.0f} kB){goal}")
    print(f"  PDF, browser kept warm          {warm_s:6.2f} s")
    print(f"  `toolkit report --format pdf`   {command_s:6.2f} s  (one run, process start to end)")
    print(
        f"  baseline: the same PDF without charts {base_s:.2f} s; warm PDF "
        f"{warm_s / base_s:.1f}× it, cold {cold_s / base_s:.1f}×"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="Write the reports made into this folder.")
    keep = parser.parse_args().keep
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/bench.db")
        load_demo(store, TODAY)
        start = time.perf_counter()
        eight_rounds(store)
        print(f"(generated 8 rounds of 40 people in {time.perf_counter() - start:.1f} s)")
        service, me = Service(store), Operator()
        try:
            url = f"sqlite:///{folder}/bench.db"
            bench(service, me, url, DEMO_NAME, keep)
            bench(service, me, url, EIGHT_NAME, keep)
        finally:
            reports.stop_renderer()
            store.close()


if __name__ == "__main__":
    main()
