"""App speed: a click on the Assess page against a bare Streamlit script, and time to first page.

(a) Server time of one click. The Assess page (one Making it Real theme: five statements,
    each a radio with the ladder's seven rungs plus "Not sure" and "Doesn't apply here",
    and a note box) is compared with a bare Streamlit script holding the same widgets: five
    radios with the same options, labels and captions, and five text areas. Both run under
    `streamlit run` in this run, on free loopback ports, with the repository's Streamlit
    settings. A client speaks Streamlit's own protocol over the websocket /_stcore/stream
    (subprotocol "streamlit"): it sends a BackMsg `rerun_script` carrying the widget states
    a browser would send when a person picks another rung for the first statement, and
    times until the ForwardMsg `script_finished` arrives (the click's widget is in a
    fragment on the Assess page, so it sends that fragment's id, as a browser does, and only
    the fragment runs). Clicks alternate between the two servers, so both see the same
    machine load. Goal: ratio <= 1.2.
(c) Server time of a Results page rerun, signed in as an admin, on a generated round of 2,000
    people who each answered all 30 statements, against a bare page that draws the same
    elements in the same layout (the same kinds and numbers of elements, checked on every
    rerun: charts, metrics, words, notes, buttons, links, form) from figures and words worked
    out beforehand, the charts as plotly figures. Goal: ratio <= 1.3. Also against a second
    bare page that, as the app does, hands Streamlit each chart's dict made once (a plain
    figure is deep-copied by plotly on every rerun): that ratio is the app's own work beyond
    drawing.
(b) `streamlit run app.py` to first rendered page: from starting the process to the Start
    page's heading being visible in Chromium (/usr/bin/chromium, via Playwright). Median of
    three starts. Goal: under 4 s.

Run: `.venv/bin/python benchmarks/bench_app.py [--clicks N] [--starts N] [--parts a,c,b]`.
Not a test: it prints figures and ratios. Everything it starts is stopped, and every wait
is bounded.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402
from websockets.sync.client import connect  # noqa: E402

from tests.browser.streamlit_app import CHROMIUM, CHROMIUM_ARGS, StreamlitServer  # noqa: E402
from toolkit.demo import load_demo  # noqa: E402
from toolkit.framework import builtin_frameworks  # noqa: E402
from toolkit.store import Store  # noqa: E402
from toolkit.ui import questions  # noqa: E402

START_HEADING = "Co-production self-assessment"
FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
FRAGMENT = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
TIMEOUT = 60.0  # seconds: any single wait (a server start, a run, a page)
WARM_UP = 5  # untimed clicks per server before the timed ones


# --- The bare script ------------------------------------------------------------------------


def bare_script(framework) -> str:
    """A Streamlit script with just the widgets of one Making it Real theme screen."""
    ladder = framework.ladder
    options = questions.choices(ladder)
    labels = {choice: questions.choice_label(ladder, choice, False) for choice in options}
    captions = [questions.choice_caption(ladder, choice) for choice in options]
    statements = [f"{n} {s.text}" for n, s in enumerate(framework.themes[0].statements, 1)]
    return f'''"""Baseline for benchmarks/bench_app.py: one theme's widgets and nothing else."""
import streamlit as st

OPTIONS = {options!r}
LABELS = {labels!r}
CAPTIONS = {captions!r}
STATEMENTS = {statements!r}

for number, text in enumerate(STATEMENTS, start=1):
    st.radio(text, OPTIONS, index=None, format_func=LABELS.__getitem__, captions=CAPTIONS,
             key=f"answer_{{number}}", label_visibility="collapsed")
    st.text_area("Evidence or comment", key=f"note_{{number}}", max_chars=4000)
'''


# --- Streamlit's protocol -------------------------------------------------------------------


class Client:
    """One browser session, spoken in Streamlit's protocol over /_stcore/stream."""

    def __init__(
        self,
        server: StreamlitServer,
        query_string: str = "",
        page_name: str = "",
        cookie: str | None = None,
    ) -> None:
        self.query_string, self.page_name = query_string, page_name
        self.headers = {"Cookie": cookie} if cookie else None
        self.url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
        self.page_script_hash = ""
        # Radios in page order: (widget id, the choices' words). A radio's state is the words
        # of the chosen option (a string), as the browser sends it.
        self.radios: list[tuple[str, list[str]]] = []
        # The fragment each widget was drawn in, if any: a browser reruns only that fragment
        # when the widget changes (BackMsg rerun_script with its fragment_id).
        self.fragments: dict[str, str] = {}
        self.others: dict[str, WidgetState] = {}  # other widgets' states, as a browser keeps

    def __enter__(self) -> Client:
        self._connection = connect(
            self.url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=TIMEOUT,
            additional_headers=self.headers,
        )
        self.socket = self._connection.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._connection.__exit__(*exc)

    def run(self, changed: dict[str, int] | None = None) -> float:
        """Rerun the script with the widget states a browser would send; seconds until done."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_name = self.page_name
        state.page_script_hash = self.page_script_hash
        for widget in self.others.values():
            state.widget_states.widgets.append(widget)
        options = dict(self.radios)
        for widget_id, index in (changed or {}).items():
            words = options[widget_id][index]
            state.widget_states.widgets.append(WidgetState(id=widget_id, string_value=words))
            state.fragment_id = self.fragments.get(widget_id, "")
        fragment_run = bool(state.fragment_id)
        began = time.perf_counter()
        self.socket.send(message.SerializeToString())
        radios, others = [], {}
        self.saw_problem = ""
        self.drawn: dict[str, int] = {}  # how many of each kind of element the run drew
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(self.socket.recv(timeout=TIMEOUT))
            kind = reply.WhichOneof("type")
            if kind == "new_session" and not self.page_script_hash:
                self.page_script_hash = reply.new_session.page_script_hash
            elif kind == "navigation":  # st.navigation names the page that ran
                self.page_script_hash = reply.navigation.page_script_hash
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                element = reply.delta.new_element
                which = element.WhichOneof("type")
                self.drawn[which] = self.drawn.get(which, 0) + 1
                if which == "radio":
                    radios.append((element.radio.id, list(element.radio.options)))
                    self.fragments[element.radio.id] = reply.delta.fragment_id
                elif which == "alert" and element.alert.format == element.alert.ERROR:
                    self.saw_problem = element.alert.body
                elif which == "text_area":
                    area = element.text_area
                    text = area.value if area.set_value else area.default
                    others[area.id] = WidgetState(id=area.id, string_value=text)
                elif which == "checkbox":
                    box = element.checkbox
                    on = box.value if box.set_value else box.default
                    others[box.id] = WidgetState(id=box.id, bool_value=on)
            elif kind == "script_finished" and reply.script_finished in (FINISHED, FRAGMENT):
                elapsed = time.perf_counter() - began
                if fragment_run:  # only the fragment's elements came again
                    self.others.update(others)
                else:
                    self.radios, self.others = radios, others
                return elapsed


def measure_clicks(
    app: StreamlitServer, bare: StreamlitServer, token: str, clicks: int
) -> tuple[list, list, bool]:
    """Interleaved clicks on the first statement's radio: Engagement, Co-design, and again."""
    with (
        Client(app, query_string=f"resume={token}") as app_client,
        Client(bare) as bare_client,
    ):
        for client in (app_client, bare_client):
            client.run()
            if len(client.radios) != 5:
                raise RuntimeError(f"expected 5 radios on the page, found {len(client.radios)}")
        first_app, first_bare = app_client.radios[0][0], bare_client.radios[0][0]
        app_times, bare_times = [], []
        for click in range(clicks + WARM_UP):
            index = 4 + click % 2  # engagement, co-design, engagement, ...
            pair = [(app_client, first_app, app_times), (bare_client, first_bare, bare_times)]
            for client, radio, times in pair if click % 2 else reversed(pair):
                elapsed = client.run({radio: index})
                if not client.saw_problem and click >= WARM_UP:
                    times.append(elapsed)
                if client.saw_problem:
                    raise RuntimeError(f"the page showed a problem: {client.saw_problem}")
        return app_times, bare_times, bool(app_client.fragments.get(first_app))


# --- The Results page on a big round ---------------------------------------------------------

RESULTS_PEOPLE = 2000
PERSPECTIVE_IDS = (
    "person-drawing-on-care",
    "carer",
    "frontline-staff",
    "manager",
    "board-member",
    "partner",
)


def big_round(store: Store, people: int) -> tuple[int, int, str]:
    """A round of `people` who each answered every Making it Real statement (a note in one
    answer of twenty), and an admin's session: (organisation id, round id, session token)."""
    import random

    from toolkit.scoring import Answer
    from toolkit.service import Operator, Service

    framework = builtin_frameworks()["making-it-real"]
    service, me = Service(store), Operator()
    organisation = service.create_organisation(me, "Benchmark Care")
    round_ = service.create_round(me, organisation.id, framework, "Big round")
    rng = random.Random(11)
    rungs = framework.ladder.rung_ids
    answers = []
    for person in range(people):
        lean = rng.randint(2, 5)
        for number, statement in enumerate(framework.statements):
            rung = rungs[min(6, max(0, lean + rng.randint(-2, 1)))]
            note = f"Note {person}.{number}: what we saw." if rng.random() < 0.05 else ""
            perspective = PERSPECTIVE_IDS[person % len(PERSPECTIVE_IDS)]
            answers.append((Answer(f"p{person}", perspective, statement.id, rung), note))
    store.import_answers(round_.id, answers)
    service.add_user(me, "bench-admin@example.org", None, "admin")
    _, token = service.single_sign_on("bench-admin@example.org", verified=True)
    return organisation.id, round_.id, token


def results_picture(store: Store, round_id: int) -> dict:
    """Everything the Results page shows for everyone's answers, worked out beforehand and
    already escaped: the bare page only draws it, element for element as the page does."""
    from toolkit import charts, describe
    from toolkit.service import Operator, Service
    from toolkit.ui import questions, widgets
    from toolkit.ui.text import markdown_safe as safe

    service = Service(store)
    shown = service.results(Operator(), round_id)
    framework, scores, round_ = shown.framework, shown.scores, shown.round
    ladder, overall = framework.ladder, scores.overall
    labels = {p.id: p.label for p in shown.perspectives}
    lived = {p.id: p.lived_experience for p in shown.perspectives}

    def figure(view, title: str | None = None) -> dict:
        drawn = view.figure.to_plotly_json()
        drawn["layout"].pop("title", None)
        return {"title": safe(title or view.title), "figure": drawn, "alt": safe(view.alt)}

    def heading(statement_id: str) -> str:
        statement = framework.statement(statement_id)
        theme = framework.theme(framework.statement_theme[statement_id])
        kind = questions.KIND_LABELS.get(statement.kind, statement.kind)
        return f"**{safe(statement.id)}** · {safe(kind)} · {safe(theme.title)}  \n" + safe(
            statement.text
        )

    def position(s) -> str:
        return safe(describe.statement_sentence(s.mean_position, s.answered, ladder))

    def sides(statement_id: str) -> str | None:
        """For an "I" statement, lived experience first and staff and others beside."""
        sides = shown.lived_first(statement_id)
        if sides is None or sides.gap is None:
            return None
        gap = sides.gap
        return "  \n".join(
            safe(sentence)
            for sentence in (
                describe.side_sentence(True, gap.lived.mean_position, gap.lived.answered, ladder),
                describe.side_sentence(
                    False, gap.others.mean_position, gap.others.answered, ladder
                ),
                describe.statement_gap_sentence(gap.gap),
            )
        )

    widest = scores.disagreements()[:5]
    statement = scores.statement(widest[0].id)
    notes = [
        f"- “{safe(n.text)}” — {safe(labels.get(n.perspective, ''))}, chose "
        + safe(questions.answer_words(ladder, n.answer))
        for n in service.notes(Operator(), shown, statement.id)
    ]
    return {
        "css": widgets.BASE_CSS,
        "signed_in": safe("Signed in as bench-admin@example.org"),
        "line": f"**{safe(round_.title)}** · *{safe(round_.framework_title)}* · "
        + describe.people_sentence(shown.counts, lived),
        "counted": describe.counted_sentence(service.round(Operator(), round_id).drafts),
        "metrics": [
            (
                "Journey",
                describe.percent(overall.journey_pct),
                safe(describe.journey_sentence(overall, ladder)),
            ),
            (
                "Maturity",
                describe.percent(overall.maturity_pct),
                describe.maturity_sentence(overall),
            ),
            (
                "Doing with",
                describe.share(overall.doing_with_share),
                describe.doing_with_sentence(overall),
            ),
            (
                "Lived-experience gap",
                describe.gap_value(shown.gap),
                describe.gap_sentence(shown.gap),
            ),
        ],
        "who": "**Who answered** (people by perspective): "
        + " · ".join(f"{safe(labels[p.id])}: {p.respondents}" for p in scores.perspectives),
        "counts": describe.counts_sentence(overall),
        "tabs": [
            "Doing to, for and with",
            "Themes on the ladder",
            "Lived experience and staff",
            "Every statement",
        ],
        "charts": [
            figure(charts.theme_groups(framework, scores)),
            figure(charts.theme_radar(framework, scores)),
            figure(charts.perspective_dumbbell(framework, shown.lived, shown.others)),
            figure(charts.statement_heatmap(framework, scores)),
        ],
        "widest": "Statements whose answers spread over 1 rung or more, widest first (up to 5).",
        "disagreements": [
            [
                f"{number}. " + heading(s.id),
                safe(describe.spread_sentence(s.spread)) + " " + position(s),
                safe(
                    describe.distribution_line(s.distribution, s.unsure, s.not_applicable, ladder)
                ),
                "Add an action about “"
                + safe(describe.shorten(framework.statement(s.id).text))
                + "”",
                sides(s.id),
            ]
            for number, s in enumerate(widest, start=1)
        ],
        "gaps": [describe.lived_gaps_intro(5, 3), describe.no_lived_gaps_sentence(30, 3)],
        "sides": sides(statement.id),
        "statements": [f"{s.id}: {s.text}" for s in framework.statements],
        "heading": heading(statement.id),
        "position": position(statement) + " " + safe(describe.spread_sentence(statement.spread)),
        "statement": figure(charts.distribution_bars(framework, statement), "How people answered"),
        "notes": notes,
        "rungs": [describe.rung_words(r, ladder) for r in [*ladder.rung_ids, "unsure"]],
    }


BARE_RESULTS = '''"""Baseline for benchmarks/bench_app.py: the Results page's elements, in the
page's layout, from figures and words worked out (and escaped) beforehand."""
import json
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st


KEEP_DICTS = False  # True: hand Streamlit each figure's dict made once, as the app does


class KeptFigure(go.Figure):
    """A figure whose dict is made once (Streamlit asks for it on every rerun)."""

    def __init__(self, figure):
        super().__init__(figure)
        self._kept = super().to_dict()

    def to_dict(self):
        return self._kept


@st.cache_resource
def picture():
    """Read once: the figures as plotly figures, kept as the app keeps its drawn charts."""
    data = json.loads(Path(__file__).with_suffix(".json").read_text(encoding="utf-8"))
    for chart in [*data["charts"], data["statement"]]:
        chart["figure"] = go.Figure(chart["figure"])
        if KEEP_DICTS:
            chart["figure"] = KeptFigure(chart["figure"])
    return data


def chart(chart, key):
    st.markdown("### " + chart["title"])
    st.toggle("Show as table", key="table_" + key)
    st.plotly_chart(chart["figure"], key="chart_" + key, width="stretch", theme=None)
    st.caption(chart["alt"])


def results():
    PICTURE = picture()
    st.markdown(PICTURE["css"], unsafe_allow_html=True)
    heading, switch = st.columns([4, 1], vertical_alignment="center")
    with switch:
        st.toggle("Easy Read", key="easy")
        st.caption(PICTURE["signed_in"])
    with heading:
        st.title("Results")
    st.selectbox("Organisation", ["Benchmark Care"])
    st.selectbox("Round", ["Big round"])
    st.selectbox("Whose answers", ["All: everyone who answered"])
    st.markdown(PICTURE["line"])
    st.caption(PICTURE["counted"])
    for column, (label, value, sentence) in zip(st.columns(4), PICTURE["metrics"]):
        with column:
            st.metric(label, value, border=True)
            st.caption(sentence)
    st.markdown(PICTURE["who"])
    st.caption(PICTURE["counts"])
    st.header("Charts")
    for number, (tab, chart_) in enumerate(zip(st.tabs(PICTURE["tabs"]), PICTURE["charts"])):
        with tab:
            chart(chart_, str(number))
    st.header("Where people disagree most")
    st.caption(PICTURE["widest"])
    for number, (text, spread, line, act, sides) in enumerate(PICTURE["disagreements"]):
        with st.container(border=True):
            st.markdown(text)
            if sides:
                st.markdown(sides)
            st.markdown(spread)
            st.caption(line)
            st.markdown("No agreed rung recorded yet.")
            record, action = st.columns(2)
            with record:
                st.button("Record what was agreed", key=f"look_{number}")
            with action:
                st.page_link(ACTIONS, label=act, icon=":material/add:")
    st.header("Where lived experience and others differ most")
    st.caption(PICTURE["gaps"][0])
    st.info(PICTURE["gaps"][1])
    st.header("Look at one statement")
    st.selectbox("Statement", PICTURE["statements"])
    st.markdown(PICTURE["heading"])
    if PICTURE["sides"]:
        st.markdown(PICTURE["sides"])
    st.markdown(PICTURE["position"])
    chart_side, talk_side = st.columns([3, 2], gap="large")
    with chart_side:
        chart(PICTURE["statement"], "statement")
        notes = PICTURE["notes"]
        st.markdown("**Evidence and comments**")
        st.caption(f"{len(notes)} notes written with the answers (names are never shown).")
        st.markdown("\\n".join(notes[:8]))
        with st.expander(f"{len(notes) - 8} more notes"):
            st.markdown("\\n".join(notes[8:]))
    with talk_side:
        st.markdown("No agreed rung recorded yet.")
        with st.form("agreed"):
            st.markdown("**Record what the group agreed**")
            st.selectbox("Agreed rung", PICTURE["rungs"], index=None)
            st.text_area("Why the group agreed this")
            st.text_input("Decided by (optional)")
            st.form_submit_button("Save what was agreed")
        st.page_link(ACTIONS, label=PICTURE["disagreements"][0][3], icon=":material/add:")
    report_section()


@st.fragment
def report_section():
    with st.container(key="screen-only-report"):
        st.header("Board report")
        st.markdown("The report covers this round.")
        st.caption("The PDF is for printing; the HTML file opens anywhere; the workbook.")
        pdf_side, html_side, xlsx_side = st.columns(3)
        with html_side:
            st.download_button("Download the HTML report", data=lambda: b"", file_name="r.html",
                               key="bare_html", on_click="ignore")
        with xlsx_side:
            st.download_button("Download the figures (XLSX)", data=lambda: b"", file_name="r.xlsx",
                               key="bare_xlsx", on_click="ignore")
        with pdf_side:
            st.button("Make the PDF", key="bare_make_pdf")


ACTIONS = st.Page(lambda: None, title="Actions", url_path="actions")
st.navigation(
    [st.Page(results, title="Results", url_path="results", default=True), ACTIONS],
    position="top",
).run()
'''


def measure_results(
    app: StreamlitServer,
    bares: list[StreamlitServer],
    organisation_id: int,
    round_id: int,
    token: str,
    reruns: int,
) -> tuple[list, list[list]]:
    """Interleaved reruns of the Results page (signed in, on the big round) and the bare
    pages: the app's times and each bare page's."""
    query = f"org={organisation_id}&round={round_id}"
    cookie = f"toolkit_session={token}"
    with contextlib.ExitStack() as stack:
        app_client = stack.enter_context(
            Client(app, query_string=query, page_name="results", cookie=cookie)
        )
        bare_clients = [stack.enter_context(Client(bare)) for bare in bares]
        app_times, bare_times = [], [[] for _ in bares]
        for number in range(reruns + WARM_UP):
            turn = [(app_client, app_times), *zip(bare_clients, bare_times, strict=True)]
            turn = turn[number % len(turn) :] + turn[: number % len(turn)]  # each goes first
            for client, times in turn:
                elapsed = client.run()
                if client.saw_problem:
                    raise RuntimeError(f"the page showed a problem: {client.saw_problem}")
                if number >= WARM_UP:
                    times.append(elapsed)
            for bare_client in bare_clients:
                if app_client.drawn != bare_client.drawn:
                    raise RuntimeError(
                        "the pages drew different elements: "
                        f"{app_client.drawn} and {bare_client.drawn}"
                    )
        return app_times, bare_times


# --- First page in Chromium -----------------------------------------------------------------


def measure_first_page(database_url: str, starts: int) -> list[tuple]:
    """(process start → health 'ok', process start → Start heading visible) per start."""
    from playwright.sync_api import sync_playwright

    results = []
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(starts):
                server = StreamlitServer(REPO / "app.py", database_url)
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                try:
                    began = time.perf_counter()
                    server.start(timeout=TIMEOUT)
                    healthy = time.perf_counter() - began
                    page = context.new_page()
                    page.goto(server.url, timeout=TIMEOUT * 1000)
                    page.get_by_role("heading", level=1, name=START_HEADING).wait_for(
                        state="visible", timeout=TIMEOUT * 1000
                    )
                    results.append((healthy, time.perf_counter() - began))
                finally:
                    context.close()
                    server.stop()
                    server.remove_log()
        finally:
            browser.close()
    finally:
        playwright.stop()
    return results


# --- Main -----------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clicks", type=int, default=40, help="timed clicks per server")
    parser.add_argument("--starts", type=int, default=3, help="app starts for (b)")
    parser.add_argument("--reruns", type=int, default=20, help="timed reruns per page for (c)")
    parser.add_argument(
        "--parts", default="a,c,b", help="which measurements to make, in order (a,c,b)"
    )
    args = parser.parse_args()
    parts = [part.strip() for part in args.parts.split(",") if part.strip()]
    if not parts or set(parts) - {"a", "b", "c"}:
        parser.error("--parts takes a, b and c, separated by commas")

    with tempfile.TemporaryDirectory(prefix="bench-app-") as scratch:
        folder = Path(scratch)
        database_url = f"sqlite:///{folder}/bench.db"
        for number, part in enumerate(parts):
            if number:
                print()
            if part == "a":
                measure_assess(database_url, folder, args.clicks)
            elif part == "c":
                measure_results_page(database_url, folder, args.reruns)
            else:
                measure_first_page_and_print(database_url, args.starts)


def measure_assess(database_url: str, folder: Path, clicks: int) -> None:
    """(a): an Assess click against the bare script, printed."""
    framework = builtin_frameworks()["making-it-real"]
    store = Store(database_url)
    try:
        organisation = load_demo(store)
        open_round = next(r for r in store.rounds(organisation.id) if r.is_open)
        _, token = store.start_respondent(open_round.id, "frontline-staff")
    finally:
        store.close()
    script = folder / "bare_theme.py"
    script.write_text(bare_script(framework), encoding="utf-8")

    print("(a) Server time of one click on the Assess page (one theme: 5 radios x 9 choices")
    print("    + 5 note boxes) against a bare Streamlit script with the same widgets.")
    print("    Method: Streamlit's own protocol over ws /_stcore/stream (subprotocol")
    print("    'streamlit'): BackMsg rerun_script with widget states (and, as a browser does,")
    print("    the fragment the widget is in) -> ForwardMsg script_finished;")
    print(f"    {clicks} timed clicks per server, interleaved.")
    app = StreamlitServer(REPO / "app.py", database_url)
    bare = StreamlitServer(script, database_url)
    try:
        app.start()
        bare.start()
        app_times, bare_times, fragment = measure_clicks(app, bare, token, clicks)
    finally:
        app.stop()
        bare.stop()
    store = Store(database_url)
    try:
        person = store.resume(token)
        saved = store.answers(person.id)
    finally:
        store.close()
    first = framework.themes[0].statements[0].id
    last_click = clicks + WARM_UP - 1
    last_choice = questions.choices(framework.ladder)[4 + last_click % 2]
    if first not in saved or saved[first].answer != last_choice:
        raise RuntimeError(f"the Assess page did not save the last click ({last_choice})")
    print(f"    checked: every click saved an answer (the last one: {last_choice}).")
    print(
        "    a click reruns "
        + ("the questions' fragment only." if fragment else "the whole page script.")
    )
    app_median, bare_median = statistics.median(app_times), statistics.median(bare_times)
    ratio = app_median / bare_median
    print(f"    bare script, median click:      {ms(bare_median)}")
    print(f"    Assess page, median click:      {ms(app_median)}")
    print(
        f"    ratio Assess / bare:            {ratio:.2f}x (goal <= 1.2x: "
        f"{'met' if ratio <= 1.2 else 'NOT met'})"
    )


def measure_results_page(database_url: str, folder: Path, reruns: int) -> None:
    """(c): a Results page rerun on a big round against the bare page, printed."""
    print(f"(c) A rerun of the Results page on a round of {RESULTS_PEOPLE:,} people (30 answers")
    print("    each), signed in, against a bare page drawing the same figures and words from")
    print("    data worked out beforehand; same protocol, interleaved reruns.")
    store = Store(database_url)
    try:
        organisation_id, round_id, session = big_round(store, RESULTS_PEOPLE)
        picture = results_picture(store, round_id)
    finally:
        store.close()
    (folder / "bare_results.json").write_text(json.dumps(picture), encoding="utf-8")
    (folder / "bare_kept.json").write_text(json.dumps(picture), encoding="utf-8")
    plain_script, kept_script = folder / "bare_results.py", folder / "bare_kept.py"
    plain_script.write_text(BARE_RESULTS, encoding="utf-8")
    kept = BARE_RESULTS.replace("KEEP_DICTS = False", "KEEP_DICTS = True")
    kept_script.write_text(kept, encoding="utf-8")
    app = StreamlitServer(REPO / "app.py", database_url)
    bares = [
        StreamlitServer(plain_script, database_url),
        StreamlitServer(kept_script, database_url),
    ]
    try:
        for server in (app, *bares):
            server.start()
        app_times, (plain_times, kept_times) = measure_results(
            app, bares, organisation_id, round_id, session, reruns
        )
    finally:
        for server in (app, *bares):
            server.stop()
    app_median = statistics.median(app_times)
    plain_median, kept_median = statistics.median(plain_times), statistics.median(kept_times)
    print(f"    bare page, median rerun:        {ms(plain_median)}")
    print(f"    Results page, median rerun:     {ms(app_median)}")
    ratio = app_median / plain_median
    print(
        f"    ratio Results / bare:           {ratio:.2f}x (goal <= 1.3x: "
        f"{'met' if ratio <= 1.3 else 'NOT met'})"
    )
    print("    The app hands Streamlit each kept chart's dict made once; a plain figure is")
    print("    deep-copied by plotly on every rerun. A bare page that also keeps its dicts:")
    strict = app_median / kept_median
    print(f"    bare page, dicts kept:          {ms(kept_median)}")
    print(
        f"    ratio Results / that page:      {strict:.2f}x (the app's own work beyond drawing: "
        f"{ms(app_median - kept_median)})"
    )


def measure_first_page_and_print(database_url: str, starts_wanted: int) -> None:
    """(b): `streamlit run app.py` to the first rendered page, printed."""
    print("(b) `streamlit run app.py` to first rendered page: process start -> Start page")
    print(f"    heading '{START_HEADING}' visible in Chromium; {starts_wanted} starts.")
    if not Path(CHROMIUM).exists():
        print(f"    skipped: {CHROMIUM} is missing (Debian package: chromium).")
        return
    starts = measure_first_page(database_url, starts_wanted)
    for number, (healthy, shown) in enumerate(starts, 1):
        print(f"    start {number}: health 'ok' after {healthy:.2f} s, ", end="")
        print(f"heading visible after {shown:.2f} s")
    median = statistics.median(shown for _, shown in starts)
    print(
        f"    median to first rendered page:  {median:.2f} s (goal < 4 s: "
        f"{'met' if median < 4 else 'NOT met'})"
    )


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
