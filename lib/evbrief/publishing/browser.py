"""One headless Chromium per render worker, driven by Playwright, printing every PDF.

Starting Chromium costs about a second per PDF when each one runs `chromium --print-to-pdf`. Here the
browser (Debian's Chromium, the one the browser tests drive) is launched once, on the first PDF, and
kept: each PDF is a new page that loads the file and prints it with the page's CSS size, no browser
header or footer, bookmarks from the headings (`outline`) and a tagged structure (`tagged`), so a
screen reader can follow the document. Chromium writes the PDF's title from <title> and its language
from <html lang>.

Playwright's sync API belongs to the thread that started it, and runs its own event loop there; the
render worker also runs papermill's. So every call goes to one thread kept for the purpose, and a
print that does not finish in time is ended by killing Playwright's driver, which takes the browser
with it. A browser that died or stopped answering is started again and the page printed once more.
The driver and the browser end with the process that started them: the driver exits when its pipe
from us closes, and closes its browsers as it goes.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import os
import signal
import threading
from pathlib import Path

from evbrief.core.processes import PerProcess

#: the flags of a quiet, offline headless browser (also those of the one-shot `--print-to-pdf`)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
)
#: what Page.pdf is asked for: the page's own size, its backgrounds, bookmarks and tags
PDF_OPTIONS = {
    "prefer_css_page_size": True,
    "print_background": True,
    "display_header_footer": False,
    "outline": True,
    "tagged": True,
}


class BrowserError(RuntimeError):
    """The browser could not print a page."""


class _DriverGone(logging.Filter):
    """A driver ended on purpose leaves futures nobody reads; asyncio would log each one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Connection closed while reading from the driver" not in str(
            record.exc_info[1] if record.exc_info else record.getMessage()
        )


logging.getLogger("asyncio").addFilter(_DriverGone())


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        return [int(c) for t in tasks for c in (t / "children").read_text().split()]
    except OSError:
        return []


def _driver_pid(playwright, new: list[int]) -> int | None:
    """Playwright's driver process: the pid its pipe transport holds, else the new child whose command
    line names the driver (another child may start at the same moment, e.g. a drawing service)."""
    try:
        return int(playwright._impl_obj._connection._transport._proc.pid)
    except (AttributeError, TypeError, ValueError):
        pass
    for pid in new:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"playwright" in cmdline or b"node" in cmdline:
            return pid
    return new[0] if new else None


class Browser:
    """A headless Chromium launched by Playwright on a thread of its own."""

    def __init__(self, executable: str):
        self.executable = executable
        self.starts = 0
        self._pool: cf.ThreadPoolExecutor | None = None
        self._playwright = None
        self._browser = None
        self._page = None  # one tab for every PDF: opening one costs Playwright ~0.15 s
        self._driver: int | None = None  # the pid of Playwright's driver (node), our child
        self._lock = threading.Lock()

    # --- on the browser's thread ------------------------------------------------------------------
    def _launch(self) -> None:
        from playwright.sync_api import sync_playwright

        self._stop()
        before = set(_children(os.getpid()))
        self._playwright = sync_playwright().start()
        new = [p for p in _children(os.getpid()) if p not in before]
        self._driver = _driver_pid(self._playwright, new)
        self._browser = self._playwright.chromium.launch(
            executable_path=self.executable,
            args=[f for f in FLAGS if f != "--headless"],
            timeout=60_000,
        )
        self._page = self._browser.new_context().new_page()
        self.starts += 1

    def _stop(self) -> None:
        browser, playwright = self._browser, self._playwright
        self._browser = self._page = self._playwright = self._driver = None
        for end in (getattr(browser, "close", None), getattr(playwright, "stop", None)):
            if end is not None:
                try:
                    end()
                except Exception:  # a dead browser or driver has nothing left to close
                    pass

    def _print(self, html_file: Path, pdf_file: Path, timeout: float) -> None:
        if not self.alive():
            self._launch()
        # each PDF loads its file into the same tab: a new document, nothing kept from the last
        self._page.goto(
            Path(html_file).resolve().as_uri(), wait_until="load", timeout=timeout * 1000
        )
        tmp = pdf_file.with_name(f".{pdf_file.name}.tmp")
        self._page.pdf(path=str(tmp), **PDF_OPTIONS)
        os.replace(tmp, pdf_file)

    # --- from any thread --------------------------------------------------------------------------
    def _call(self, fn, *args, timeout: float = 120):
        if self._pool is None:
            self._pool = cf.ThreadPoolExecutor(1, thread_name_prefix="evbrief-browser")
        future = self._pool.submit(fn, *args)
        try:
            return future.result(timeout)
        except cf.TimeoutError:
            self.kill()  # the call then fails on its thread, which is free again
            try:
                future.result(30)
            except Exception:
                pass
            raise BrowserError(f"the browser did not answer in {timeout:.0f} s") from None

    def start(self) -> None:
        self._call(self._launch)

    def ensure_started(self) -> None:
        with self._lock:
            if not self.alive():
                self.start()

    def alive(self) -> bool:
        browser = self._browser
        return browser is not None and browser.is_connected()

    def pids(self) -> list[int]:
        """Chromium's main process (the children of Playwright's driver)."""
        return _children(self._driver) if self._driver else []

    def kill(self) -> None:
        """End the driver and the browser at once (a stuck print, or a test of a browser that dies)."""
        for pid in self.pids():
            try:
                os.killpg(pid, signal.SIGKILL)  # the browser and its helpers (its own group)
            except OSError:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        if self._driver:
            try:
                os.kill(self._driver, signal.SIGKILL)
            except OSError:
                pass

    def close(self) -> None:
        if self._pool is None:
            return
        try:
            self._call(self._stop, timeout=20)
        except (BrowserError, RuntimeError):
            pass
        self._pool.shutdown(wait=False)
        self._pool = None

    def print_pdf(self, html_file: Path, pdf_file: Path, timeout: float = 180) -> None:
        """Print one page; a dead or stuck browser is replaced and the page printed again."""
        with self._lock:
            for attempt in (1, 2):
                try:
                    self._call(self._print, html_file, pdf_file, timeout, timeout=timeout + 10)
                    return
                except Exception as exc:  # Playwright's errors, a dead driver, a timeout
                    self.kill()
                    try:
                        self._call(self._stop, timeout=20)
                    except Exception:
                        pass
                    if attempt == 2:
                        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                        raise BrowserError(message or type(exc).__name__) from None


_browser = PerProcess(Browser, lambda browser, executable: browser.executable == executable)


def shared(executable: str) -> Browser:
    """This process's browser (started on its first PDF, again for another executable)."""
    return _browser.get(executable)


shutdown = _browser.shutdown
