"""Helpers for the browser tests: a `streamlit run` server on a free port, and ways to wait for
Streamlit to finish drawing a page in Chromium.

Streamlit redraws a page after every click by running the page's script on the server. The
browser tests must wait for that run to finish before they look, or they see the page half
drawn. `wait_for_app(page)` waits for the run that is under way (or about to start), using
the websocket messages Streamlit sends (a `script_finished` message ends every run) and the
state Streamlit writes on its root element.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Page
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command() -> list[str]:
    """`streamlit` from the same virtual environment as this Python."""
    found = shutil.which("streamlit", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "streamlit"]


class StreamlitServer:
    """`streamlit run SCRIPT` on a free loopback port, with its own database."""

    def __init__(self, script: str | Path, database_url: str, cwd: Path = REPO) -> None:
        self.script = str(script)
        self.database_url = database_url
        self.cwd = cwd
        self.port = 0
        self.process: subprocess.Popen | None = None
        handle, name = tempfile.mkstemp(prefix="streamlit-", suffix=".log")
        os.close(handle)
        self.log = Path(name)
        self.started_in = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def start(self, timeout: float = 60.0) -> None:
        began = time.monotonic()
        self.port = free_port()
        env = os.environ.copy()
        env["TOOLKIT_DATABASE_URL"] = self.database_url
        env["PYTHONUNBUFFERED"] = "1"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [
                    *streamlit_command(),
                    "run",
                    self.script,
                    "--server.headless",
                    "true",
                    "--server.address",
                    "127.0.0.1",
                    "--server.port",
                    str(self.port),
                    "--browser.gatherUsageStats",
                    "false",
                ],
                cwd=self.cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = began + timeout
        health = f"{self.url}/_stcore/health"
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"streamlit run {self.script} stopped (exit code {self.process.returncode}) "
                    f"before it answered on port {self.port}. Its output:\n{self.output()}"
                )
            try:
                with urllib.request.urlopen(health, timeout=2) as response:
                    if response.read().decode().strip() == "ok":
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"streamlit run {self.script} did not answer 'ok' on {health} within "
                    f"{timeout:.0f} s. Its output:\n{self.output()}"
                )
            time.sleep(0.1)
        self.started_in = time.monotonic() - began

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)

    def remove_log(self) -> None:
        self.log.unlink(missing_ok=True)


# --- Waiting for Streamlit ------------------------------------------------------------------

_FINISHED = {
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
_FRAGMENT = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
_runs: dict[Page, list[int]] = {}


def watch_runs(page: Page) -> Page:
    """Count the script runs the server finishes for this page (from its websocket frames)."""
    counter = _runs.setdefault(page, [0, 0])  # runs finished; of them, whole-page runs

    def on_frame(payload: str | bytes) -> None:
        if not isinstance(payload, bytes):
            return
        message = ForwardMsg()
        try:
            message.ParseFromString(payload)
        except Exception:
            return
        if message.WhichOneof("type") == "script_finished" and message.script_finished in _FINISHED:
            counter[0] += 1
            counter[1] += message.script_finished != _FRAGMENT

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    page.on("close", lambda _: _runs.pop(page, None))
    return page


def runs(page: Page) -> int:
    """How many script runs have finished for this page so far."""
    return _runs.get(page, [0])[0]


def whole_page_runs(page: Page) -> int:
    """How many runs of the whole page (not of one of its fragments) have finished so far."""
    return _runs.get(page, [0, 0])[1]


def wait_for_app(page: Page, *, after: int | None = None, timeout: float = 30.0) -> None:
    """Wait until Streamlit has finished drawing the page.

    With `after` (a count from `runs(page)` taken before an action), first wait for a run to
    finish after that point, so a click that has not yet reached the server is not mistaken
    for a finished page. Then wait for the app to say it is connected and not running, with
    no greyed-out (stale) elements left over from the run before and no skeleton standing in
    for a widget whose code is still loading, and let it settle.
    """
    deadline = time.monotonic() + timeout
    if after is not None:
        while runs(page) <= after:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"Streamlit did not finish a run within {timeout:.0f} s "
                    f"(runs finished: {runs(page)}; page {page.url})"
                )
            page.wait_for_timeout(20)
    remaining = max(1.0, deadline - time.monotonic()) * 1000
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app !== null
                && app.getAttribute('data-test-connection-state') === 'CONNECTED'
                && app.getAttribute('data-test-script-state') === 'notRunning'
                && document.querySelector('[data-stale="true"]') === null
                && document.querySelector('[data-testid="stSkeleton"]') === null
                && document.querySelector('[data-testid="stMain"] h1') !== null;
        }""",
        timeout=remaining,
        polling=50,
    )
    # Widgets load their code the first time one is drawn, after the run has ended; until then
    # Streamlit shows a skeleton in their place (checked above). Then wait until nothing on
    # the page has changed for a moment (at most a few seconds).
    page.evaluate(QUIET, [150, 3000])


QUIET = """([quiet, longest]) => new Promise(resolve => {
    const began = performance.now();
    let timer = null;
    const observer = new MutationObserver(() => {
        clearTimeout(timer);
        if (performance.now() - began > longest) { finish(); } else { timer = setTimeout(finish, quiet); }
    });
    function finish() { observer.disconnect(); resolve(performance.now() - began); }
    observer.observe(document.body, {subtree: true, childList: true, attributes: true,
                                     characterData: true});
    timer = setTimeout(finish, quiet);
})"""


@contextlib.contextmanager
def rerun(page: Page, timeout: float = 30.0) -> Iterator[None]:
    """Do something that makes Streamlit run the page again, then wait for it to finish.

    with rerun(page):
        page.get_by_role("button", name="Next theme").click()
    """
    before = runs(page)
    yield
    wait_for_app(page, after=before, timeout=timeout)


def open_app(page: Page, path: str = "/") -> Page:
    """Go to a page of the app (relative to the context's base URL) and wait for it."""
    before = runs(page)
    page.goto(path)
    wait_for_app(page, after=before, timeout=60)
    return page


def main_text(page: Page) -> str:
    """What the page shows in its main area, as text."""
    return page.locator('[data-testid="stMain"]').inner_text()


def heading(page: Page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


def save_screenshot(page: Page, name: str, *, whole: bool = True) -> Path:
    """The whole page (not just the window) as test-artifacts/screenshots/NAME.png; or, with
    `whole=False`, just what the screen shows now.

    Streamlit scrolls inside its main element, not the document, so the window is made tall
    enough to show everything, then put back.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    if not whole:
        page.screenshot(path=str(path), animations="disabled", caret="initial")
        return path
    viewport = page.viewport_size or {"width": 1280, "height": 900}
    height = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            return main ? main.scrollHeight + main.getBoundingClientRect().top : 0;
        }"""
    )
    tall = min(max(int(height) + 40, viewport["height"]), 12000)
    try:
        if tall > viewport["height"]:
            page.set_viewport_size({"width": viewport["width"], "height": tall})
            page.wait_for_timeout(300)
        page.screenshot(path=str(path), full_page=True, animations="disabled", caret="initial")
    finally:
        if tall > viewport["height"]:
            page.set_viewport_size(viewport)
    return path
