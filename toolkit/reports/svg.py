"""Plotly figures to SVG with kaleido, which drives a headless Chromium (Debian's
`/usr/bin/chromium`, or the one `BROWSER_PATH` names).

Starting the browser takes a second or two, so one is kept warm for the whole process: the
first PDF starts it and later ones reuse it (`start_renderer` starts it early, `stop_renderer`
ends it; it is ended when the process exits in any case). kaleido's own `start_sync_server`
keeps one too, but waits for ever if the browser fails to start and hands results back in the
order they finish, whoever asked; this keeps the browser on its own event loop thread, hands
out a future for each figure (so the PDF can be laid out while they are drawn), and gives up
after a timeout.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import os
import shutil
import threading
from concurrent.futures import Future
from pathlib import Path

from .errors import ReportUnavailable

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
START_TIMEOUT = 60.0
FIGURE_TIMEOUT = 60.0


def browser_path() -> str:
    """The browser kaleido drives: `BROWSER_PATH`, else Debian's Chromium, else one on PATH."""
    named = os.environ.get("BROWSER_PATH")
    if named:
        if Path(named).is_file() and os.access(named, os.X_OK):
            return named
        raise ReportUnavailable(
            f"The charts for the PDF need Chromium, and BROWSER_PATH names {named[:200]}, which "
            "is not a program that can run."
        )
    if DEBIAN_CHROMIUM.is_file():
        return str(DEBIAN_CHROMIUM)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    raise ReportUnavailable(
        "The charts for the PDF need Chromium, which is not installed on this computer "
        "(on Debian: apt-get install chromium)."
    )


class ChartRenderer:
    """One warm browser that turns plotly figures into SVG, one figure at a time (in the
    order asked), on its own event loop thread."""

    def __init__(self, browser: str | None = None) -> None:
        try:
            import kaleido
        except ImportError:
            raise ReportUnavailable(
                "The charts for the PDF need the kaleido package, which is not installed."
            ) from None
        self._kaleido_module = kaleido
        self._path = browser or browser_path()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="toolkit-chart-renderer", daemon=True
        )
        self._thread.start()
        # The browser starts meanwhile: the caller goes on (making figures, laying out the
        # PDF) and the first figure waits for it.
        self._opened = asyncio.run_coroutine_threadsafe(self._open(), self._loop)

    async def _open(self):
        browser = self._kaleido_module.Kaleido(
            n=1, timeout=FIGURE_TIMEOUT, mathjax=False, path=self._path
        )
        await browser.open()
        return browser

    async def _draw(self, figure, width: int, height: int) -> str:
        try:
            browser = await asyncio.wait_for(asyncio.wrap_future(self._opened), START_TIMEOUT)
        except Exception as error:  # noqa: BLE001 - any failure to start: one plain message
            logging.getLogger("toolkit").warning("Chromium did not start: %r", error)
            raise ReportUnavailable(
                f"The charts for the PDF need Chromium ({self._path}), which did not start "
                f"({error.__class__.__name__})."
            ) from error
        options = {"format": "svg", "width": width, "height": height}
        try:
            data = await asyncio.wait_for(browser.calc_fig(figure, opts=options), FIGURE_TIMEOUT)
        except Exception as error:  # noqa: BLE001 - a browser gone or stuck: plain words
            logging.getLogger("toolkit").warning("Chromium could not draw a chart: %r", error)
            raise ReportUnavailable(
                f"Chromium ({self._path}) could not draw a chart for the PDF "
                f"({error.__class__.__name__})."
            ) from error
        return data.decode("utf-8") if isinstance(data, bytes) else str(data)

    def draw(self, figure, width: int, height: int) -> Future:
        """A figure (a plotly figure or its dict) to be drawn as SVG text, `width` × `height`
        CSS pixels: a future whose result is the SVG, or ReportUnavailable."""
        with self._lock:
            if self._loop.is_closed():
                raise ReportUnavailable("The chart renderer was stopped.")
            return asyncio.run_coroutine_threadsafe(self._draw(figure, width, height), self._loop)

    def svg(self, figure, width: int, height: int) -> str:
        """A figure drawn as SVG text, waiting for it."""
        return self.draw(figure, width, height).result(START_TIMEOUT + 2 * FIGURE_TIMEOUT)

    def close(self) -> None:
        with self._lock:
            if self._loop.is_closed():
                return
            with contextlib.suppress(Exception):  # closing anyway
                browser = self._opened.result(START_TIMEOUT)
                asyncio.run_coroutine_threadsafe(browser.close(), self._loop).result(20)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            if not self._loop.is_running():
                self._loop.close()


_shared: ChartRenderer | None = None
_shared_lock = threading.Lock()


def start_renderer() -> ChartRenderer:
    """The process's warm renderer, started if need be (raises ReportUnavailable)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ChartRenderer()
            atexit.register(stop_renderer)
        return _shared


def stop_renderer() -> None:
    """End the warm renderer's browser, if there is one."""
    global _shared
    with _shared_lock:
        renderer, _shared = _shared, None
    if renderer is not None:
        renderer.close()
