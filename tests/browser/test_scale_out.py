"""The set-up for a large event, as shipped: `deploy/serve-event` starts two app servers on one
PostgreSQL database and nginx (Debian's) in front of them, with sticky sessions
(deploy/nginx-site.conf). Phones on one app server and the facilitator on the other see the
same workshop."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from toolkit.service.service import JOIN_GUESSER
from toolkit.ui.session import COOKIE

from .conftest import ADMIN, account, session_token
from .streamlit_app import (
    DESKTOP,
    PHONE,
    REPO,
    free_port,
    open_app,
    rerun,
    save_screenshot,
    watch_runs,
)

NGINX = Path("/usr/sbin/nginx")
SCRIPT = REPO / "deploy" / "serve-event"
ROUTE = "toolkit_route"


class Event:
    """`deploy/serve-event` on free ports, stopped (and its folder gone) afterwards."""

    def __init__(self, database_url: str) -> None:
        self.port = free_port()
        self.apps = [free_port(), free_port()]
        env = {
            **os.environ,
            "TOOLKIT_DATABASE_URL": database_url,
            "PORT": str(self.port),
            "ADDRESS": "127.0.0.1",
            "APP_PORTS": " ".join(map(str, self.apps)),
            "TOOLKIT_PUBLIC_URL": f"http://127.0.0.1:{self.port}",
        }
        self.output = Path(f"/tmp/serve-event-{self.port}.log")
        with open(self.output, "wb") as out:
            self.process = subprocess.Popen(
                [str(SCRIPT)], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder: Path | None = None

    def wait(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        addresses = [f"http://127.0.0.1:{port}" for port in self.apps] + [self.url]
        while True:
            assert self.process.poll() is None, self.text()
            found = re.search(r"nginx's logs: (\S+)", self.text())
            if found and all(self.healthy(address) for address in addresses):
                self.folder = Path(found.group(1))
                return
            assert time.monotonic() < deadline, f"the event did not start:\n{self.text()}"
            time.sleep(0.2)

    @staticmethod
    def healthy(address: str, cookie: str | None = None) -> bool:
        request = urllib.request.Request(f"{address}/_stcore/health")
        if cookie:
            request.add_header("Cookie", cookie)
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                return response.read() == b"ok"
        except OSError:
            return False

    def text(self) -> str:
        return self.output.read_text(errors="replace")

    def log(self) -> list[tuple[str, str, str]]:
        """nginx's access log: (request, route, app server port) per line."""
        assert self.folder is not None
        lines = (self.folder / "access.log").read_text().splitlines()
        found = [
            re.search(r'"(\S+ \S+) [^"]*" \d+ route=(\S+) upstream=\S+:(\d+)', x) for x in lines
        ]
        return [m.groups() for m in found if m]

    def visit(self, cookie: str | None = None) -> tuple[list[str], tuple[str, str, str]]:
        """Ask nginx for /_stcore/health: the Set-Cookie headers it answered with, and its
        log line for the request (nginx writes it just after answering)."""
        before = len(self.log())
        request = urllib.request.Request(f"{self.url}/_stcore/health")
        if cookie:
            request.add_header("Cookie", cookie)
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.read() == b"ok"
            cookies = response.headers.get_all("Set-Cookie") or []
        deadline = time.monotonic() + 5
        while len(self.log()) == before:
            assert time.monotonic() < deadline, "nginx logged no line for the request"
            time.sleep(0.02)
        [line] = self.log()[before:]
        return cookies, line

    def route_to(self, port: int) -> str:
        """A route cookie value that nginx sends to the app server on `port`."""
        for number in range(200):
            route = f"route{number}"
            if self.visit(f"{ROUTE}={route}")[1] == ("GET /_stcore/health", route, str(port)):
                return route
        raise AssertionError(f"no route reached port {port}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.output.unlink(missing_ok=True)


@pytest.fixture
def event(postgres_server):
    if not NGINX.exists():
        message = f"{NGINX} is missing: `make system-packages` installs it (Debian: nginx)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from toolkit.demo import load_demo
    from toolkit.store import Store

    url = postgres_server.new_database("scale_out")
    store = Store(url)
    load_demo(store)
    store.close()
    running = Event(url)
    try:
        running.wait()
        yield running, url
    finally:
        running.stop()
        postgres_server.drop_database("scale_out")


def test_two_app_servers_behind_nginx_show_one_workshop(browser, event):
    running, url = event
    from toolkit.service import Operator, Service
    from toolkit.store import Store

    store = Store(url)
    try:
        round_ = next(r for r in store.rounds() if r.is_open)
        workshop = Service(store).start_workshop(Operator(), round_.id, statements=["info-1"])
    finally:
        store.close()

    # A first visit is given a route; the same route always reaches the same app server.
    cookies, (_, route, _) = running.visit()
    assert re.fullmatch(r"[0-9a-f]{32}", route)
    assert [c for c in cookies if c.startswith(ROUTE)] == [
        f"{ROUTE}={route}; Path=/; HttpOnly; SameSite=Lax"
    ]
    phones_route = running.route_to(running.apps[0])
    facilitator_route = running.route_to(running.apps[1])
    for _ in range(5):
        cookies, (_, _, port) = running.visit(f"{ROUTE}={phones_route}")
        assert port == str(running.apps[0])
        assert not [c for c in cookies if c.startswith(ROUTE)]  # it has one already

    shared = SimpleNamespace(database_url=url)  # the database both app servers share
    account(shared, ADMIN)

    def context(settings: dict, route: str, token: str | None = None):
        made = browser.new_context(**settings, base_url=running.url, locale="en-GB")
        made.set_default_timeout(20_000)
        cookies = [{"name": ROUTE, "value": route, "url": running.url}]
        if token:
            cookies.append({"name": COOKIE, "value": token, "url": running.url})
        made.add_cookies(cookies)
        return made

    contexts = []
    try:
        facilitator_context = context(DESKTOP, facilitator_route, session_token(shared, ADMIN))
        contexts.append(facilitator_context)
        facilitator = open_app(
            watch_runs(facilitator_context.new_page()),
            f"/workshops?org={round_.organisation_id}&round={round_.id}",
        )
        expect(facilitator.locator(".tk-code")).to_have_text(workshop.code)

        # Wrong codes are counted for the browser's own address, which nginx passes on.
        guesser_context = context(PHONE, phones_route)
        contexts.append(guesser_context)
        guesser = open_app(watch_runs(guesser_context.new_page()), "/join")
        guesser.get_by_label("Workshop code").fill("WRONG234")
        with rerun(guesser):
            guesser.get_by_role("button", name="Join", exact=True).tap()
        expect(guesser.get_by_role("heading", name="There is a problem")).to_be_visible()

        chosen = []
        for number in range(3):
            phone_context = context(PHONE, phones_route)
            contexts.append(phone_context)
            phone = open_app(watch_runs(phone_context.new_page()), f"/join?code={workshop.code}")
            with rerun(phone):
                phone.get_by_role("button", name="Join", exact=True).tap()
            phone.get_by_text("Frontline staff", exact=True).tap()
            with rerun(phone):
                phone.get_by_role("button", name="Start", exact=True).tap()
            option = phone.get_by_test_id("stRadioOption").nth(2 + number)
            chosen.append(option.inner_text().split(" — ")[0].strip())  # the rung's name
            with rerun(phone):
                option.tap()

        # The facilitator, on the other app server, sees the room within one refresh.
        expect(
            facilitator.get_by_text("3 people have joined; 3 answered this statement.")
        ).to_be_visible(timeout=10_000)
        for label in chosen:
            expect(
                facilitator.get_by_role("listitem").filter(has_text=f"{label}: 1")
            ).to_be_visible()
        save_screenshot(facilitator, "scale-out-facilitator", whole=False)
    finally:
        for made in contexts:
            made.close()

    # Every phone's page and websocket went to one app server, the facilitator's to the other.
    streams = {
        (route, port) for request, route, port in running.log() if "/_stcore/stream" in request
    }
    assert streams == {
        (phones_route, str(running.apps[0])),
        (facilitator_route, str(running.apps[1])),
    }

    # Each person's answer is in the database both servers share.
    store = Store(url)
    try:
        joined = [p for p in store.respondents(round_.id) if p.workshop_id == workshop.id]
        assert len(joined) == 3
        since = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        assert (
            len(store.failed_sign_ins(since, email=JOIN_GUESSER, client_address="127.0.0.1")) == 1
        )
    finally:
        store.close()
