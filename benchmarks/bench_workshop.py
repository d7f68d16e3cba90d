"""A workshop under load: a room of simulated phones answering against one app server.

Simulated participants speak Streamlit's own protocol (websocket /_stcore/stream, subprotocol
"streamlit"), as a phone's browser does: each one opens the join page with its own link
(`?resume=TOKEN`; the participants joined beforehand, through the service layer, so the
figures are about answering), then answers the workshop's 15 statements in turn (a self-paced
workshop): it sends the radio's new state, times until the ForwardMsg `script_finished`
arrives (an answer's round trip), then presses Next; every two seconds it also reruns the
page's fragment that follows the facilitator, as a phone's browser does. The radio and Next
are in a fragment of the join page, so, as a browser does, their reruns name that fragment
and only it runs. Meanwhile a
facilitator's client keeps the Workshops page open and reruns its live fragment every two
seconds.

The same load, the same number of clients each answering 15 times and pressing Next, runs
against a bare page of one radio and one button in the same run, as the baseline. At 50 and
150 participants it prints p50 and p95 of an answer's round trip, errors, and answers stored
against answers sent. Goals: p95 under 250 ms at 50 and under 500 ms at 150; no errors; no
answer lost.

Run: `make bench` or `.venv/bin/python benchmarks/bench_workshop.py [--rooms 50,150]`. Not a
test: it prints figures. Everything it starts is stopped, and every wait is bounded.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402
from websockets.sync.client import connect  # noqa: E402

from tests.browser.streamlit_app import StreamlitServer  # noqa: E402
from toolkit.demo import load_demo  # noqa: E402
from toolkit.service import Operator, Service  # noqa: E402
from toolkit.store import Store  # noqa: E402

STATEMENTS = 15
TIMEOUT = 60.0
FINISHED = {
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
PERSPECTIVES = ("person-drawing-on-care", "carer", "frontline-staff", "manager")

BARE = '''"""Baseline for benchmarks/bench_workshop.py: one radio and a Next button."""
import streamlit as st

RUNGS = ["coercion", "educating", "informing", "consultation", "engagement", "co-design",
         "co-production", "unsure", "not_applicable"]
place = st.session_state.setdefault("place", 0)
st.header(f"Question {place + 1} of 15")
st.radio("Statement", RUNGS, index=None, key=f"answer_{place}", label_visibility="collapsed")
if st.button("Next"):
    st.session_state["place"] = place + 1
    st.rerun()
'''


class Phone:
    """One browser session in Streamlit's protocol: reruns with widget states, and the page's
    radios, buttons and text boxes as the last run drew them."""

    def __init__(self, port: int, query: str = "", page: str = "", cookie: str | None = None):
        self.url = f"ws://127.0.0.1:{port}/_stcore/stream"
        self.query, self.page, self.hash = query, page, ""
        self.headers = {"Cookie": cookie} if cookie else None
        self.radios: list[tuple[str, list[str]]] = []
        self.buttons: dict[str, str] = {}
        self.kept: dict[str, WidgetState] = {}
        self.fragment: str | None = None  # an auto-rerun fragment the page asked for
        # The fragment each radio and button was drawn in, if any: a browser reruns only
        # that fragment when the widget changes.
        self.fragments: dict[str, str] = {}

    def __enter__(self) -> Phone:
        self._socket = connect(
            self.url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=TIMEOUT,
            additional_headers=self.headers,
        )
        self.socket = self._socket.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._socket.__exit__(*exc)

    def run(self, *changes: WidgetState, fragment: str | None = None, auto: bool = False) -> float:
        """Send a rerun with these widget states (of one fragment, if given: `auto`, as its
        timer asks); seconds until the run finished."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string, state.page_name, state.page_script_hash = (
            self.query,
            self.page,
            self.hash,
        )
        if fragment:
            state.fragment_id, state.is_auto_rerun = fragment, auto
        for widget in self.kept.values():
            state.widget_states.widgets.append(widget)
        for widget in changes:
            state.widget_states.widgets.append(widget)
        began = time.perf_counter()
        self.socket.send(message.SerializeToString())
        radios, buttons, kept = [], {}, {}
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(self.socket.recv(timeout=TIMEOUT))
            kind = reply.WhichOneof("type")
            if kind == "new_session" and not self.hash:
                self.hash = reply.new_session.page_script_hash
            elif kind == "navigation":
                self.hash = reply.navigation.page_script_hash
            elif kind == "auto_rerun":
                self.fragment = reply.auto_rerun.fragment_id
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                element = reply.delta.new_element
                which = element.WhichOneof("type")
                if which == "radio":
                    radios.append((element.radio.id, list(element.radio.options)))
                    self.fragments[element.radio.id] = reply.delta.fragment_id
                elif which == "button":
                    buttons[element.button.label] = element.button.id
                    self.fragments[element.button.id] = reply.delta.fragment_id
                elif which == "alert" and element.alert.format == element.alert.ERROR:
                    raise RuntimeError(f"the page showed a problem: {element.alert.body}")
                elif which == "text_area":
                    area = element.text_area
                    text = area.value if area.set_value else area.default
                    kept[area.id] = WidgetState(id=area.id, string_value=text)
            elif kind == "script_finished" and reply.script_finished in FINISHED:
                elapsed = time.perf_counter() - began
                if not fragment:
                    self.radios, self.buttons, self.kept = radios, buttons, kept
                else:  # a fragment draws only its own widgets again
                    self.radios = radios or self.radios
                    self.buttons.update(buttons)
                    self.kept.update(kept)
                return elapsed


def answer_all(
    phone: Phone, number: int, times: list[float], errors: list[str], reading: tuple
) -> None:
    """Open the page, then answer each statement and press Next; answers' round trips.
    Before each answer the person reads the statement for a while (`reading`: the shortest
    and longest time, in seconds; (0, 0) answers flat out)."""
    pause = random.Random(number)
    try:
        with phone:
            phone.run()
            looked = time.perf_counter()
            for place in range(STATEMENTS):
                until = time.perf_counter() + pause.uniform(*reading)
                while True:
                    if phone.fragment and time.perf_counter() - looked >= 2.0:
                        phone.run(fragment=phone.fragment, auto=True)  # its look every 2 s
                        looked = time.perf_counter()
                    left = until - time.perf_counter()
                    if left <= 0:
                        break
                    time.sleep(min(left, max(0.0, looked + 2.0 - time.perf_counter())))
                radio, options = phone.radios[0]
                choice = options[(number + place) % 7]
                chosen = WidgetState(id=radio, string_value=choice)
                times.append(phone.run(chosen, fragment=phone.fragments.get(radio) or None))
                if place < STATEMENTS - 1:
                    press = phone.buttons["Next"]
                    pressed = WidgetState(id=press, trigger_value=True)
                    phone.run(pressed, fragment=phone.fragments.get(press) or None)
    except Exception as error:  # noqa: BLE001 - every failure is counted and named
        errors.append(f"{type(error).__name__}: {error}")


def facilitate(port: int, query: str, cookie: str, stop: threading.Event, errors: list) -> None:
    """The facilitator's Workshops page, its live fragment rerun every two seconds."""
    try:
        with Phone(port, query=query, page="workshops", cookie=cookie) as screen:
            screen.run()
            while not stop.wait(2.0):
                screen.run(fragment=screen.fragment, auto=True) if screen.fragment else screen.run()
    except Exception as error:  # noqa: BLE001
        errors.append(f"facilitator: {type(error).__name__}: {error}")


_ROOMS = itertools.count(1)


def room(people: int, folder: Path, reading: tuple) -> dict:
    """One room of `people` phones on the app, and the same load on the bare page."""
    url = f"sqlite:///{folder}/room-{people}-{next(_ROOMS)}.db"
    store = Store(url)
    organisation = load_demo(store)
    round_ = next(r for r in store.rounds(organisation.id) if r.is_open)
    service = Service(store)
    framework = service.round_framework(Operator(), round_.id)
    workshop = service.start_workshop(
        Operator(),
        round_.id,
        mode="self-paced",
        statements=[s.id for s in framework.statements[:STATEMENTS]],
    )
    opened = service.open_workshop(workshop.code, "127.0.0.1", "bench")
    tokens = [
        service.join_workshop(opened, PERSPECTIVES[n % len(PERSPECTIVES)])[1] for n in range(people)
    ]
    service.add_user(Operator(), "bench@example.org", None, "admin")
    _, session = service.single_sign_on("bench@example.org", verified=True)
    bare_script = folder / "bare_room.py"
    bare_script.write_text(BARE, encoding="utf-8")
    app = StreamlitServer(REPO / "app.py", url)
    bare = StreamlitServer(bare_script, url)
    figures = {}
    try:
        app.start(timeout=TIMEOUT)
        bare.start(timeout=TIMEOUT)
        for name, server, phones in (
            ("bare", bare, [Phone(bare.port) for _ in tokens]),
            ("app", app, [Phone(app.port, f"resume={t}", "join") for t in tokens]),
        ):
            stop, errors, times = threading.Event(), [], []
            watcher = None
            if name == "app":
                query = f"org={organisation.id}&round={round_.id}"
                cookie = f"toolkit_session={session}"
                watcher = threading.Thread(
                    target=facilitate, args=(server.port, query, cookie, stop, errors)
                )
                watcher.start()
            threads = [
                threading.Thread(target=answer_all, args=(phone, n, times, errors, reading))
                for n, phone in enumerate(phones)
            ]
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=600)
            took = time.perf_counter() - began
            stop.set()
            if watcher is not None:
                watcher.join(timeout=TIMEOUT)
            ordered = sorted(times)
            figures[name] = {
                "p50": statistics.median(ordered) if ordered else float("nan"),
                "p95": ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan"),
                "sent": len(times),
                "errors": errors,
                "took": took,
            }
        figures["stored"] = service.workshop_status(Operator(), workshop.code).answers
    finally:
        app.stop()
        bare.stop()
        app.remove_log()
        bare.remove_log()
        store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rooms", default="50,150", help="room sizes, comma-separated")
    parser.add_argument(
        "--reading",
        default="flat-out,2-6",
        help="how long each person reads a statement before answering, in seconds: "
        "'flat-out' (no pause) or a range 'SHORTEST-LONGEST'; several, comma-separated",
    )
    args = parser.parse_args()
    goals = {50: 0.250, 150: 0.500}
    print("A workshop under load: simulated phones answer 15 statements each (self-paced),")
    print("speaking Streamlit's protocol, with the facilitator's live fragment running; the")
    print("same load on a bare one-radio page in the same run.")
    readings = []
    for text in args.reading.split(","):
        if text == "flat-out":
            readings.append((0.0, 0.0))
        else:
            shortest, longest = (float(n) for n in text.split("-"))
            readings.append((shortest, longest))
    with tempfile.TemporaryDirectory(prefix="bench-workshop-") as scratch:
        for reading, people in ((r, int(n)) for r in readings for n in args.rooms.split(",")):
            figures = room(people, Path(scratch), reading)
            app, bare = figures["app"], figures["bare"]
            goal = goals.get(people)
            how = (
                "answering flat out"
                if reading == (0.0, 0.0)
                else f"each reading a statement {reading[0]:g} to {reading[1]:g} s first"
            )
            print(
                f"\n{people} participants, {how} ({people * STATEMENTS} answers sent to each page):"
            )
            print(
                f"    bare page: p50 {bare['p50'] * 1000:.0f} ms, p95 {bare['p95'] * 1000:.0f} ms"
            )
            print(f"    workshop:  p50 {app['p50'] * 1000:.0f} ms, p95 {app['p95'] * 1000:.0f} ms")
            if goal is not None:
                met = "met" if app["p95"] < goal else "NOT met"
                print(f"    goal p95 < {goal * 1000:.0f} ms: {met}")
            print(f"    errors: {len(app['errors'])} (bare page: {len(bare['errors'])})")
            for error in app["errors"][:5]:
                print(f"      {error}")
            lost = app["sent"] - figures["stored"]
            print(
                f"    answers sent {app['sent']}, stored {figures['stored']}: "
                f"{'none lost' if lost == 0 else f'{lost} LOST'}"
            )


if __name__ == "__main__":
    main()
