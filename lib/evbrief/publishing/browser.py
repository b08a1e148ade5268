"""One headless Chromium per render worker, printing every PDF over the DevTools protocol.

Starting Chromium costs about a second per PDF when each one runs `chromium --print-to-pdf`. Here
the browser is started once (on the first PDF) and kept: each PDF is a new tab that loads the page
and calls Page.printToPDF, the call `--print-to-pdf` makes, with the same settings (the page's CSS
size, no browser header or footer). The protocol runs over a pipe (`--remote-debugging-pipe`: file
descriptors 3 and 4 of the browser, JSON messages ended by a NUL byte), so nothing listens on a port
and only the standard library is needed.

A browser that died or stopped answering is killed and started again, and the page printed once
more. The browser dies with the process that started it (PR_SET_PDEATHSIG) and is closed when that
process ends, so an interrupted render leaves no browser behind.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from evbrief.core.processes import PerProcess, die_with_parent

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


class BrowserError(RuntimeError):
    """The browser could not print a page."""


class Browser:
    """A headless Chromium and a DevTools session over a pipe."""

    def __init__(self, executable: str):
        self.executable = executable
        self.proc: subprocess.Popen | None = None
        self._profile: str | None = None
        self._buffer = b""
        self._next_id = 0
        self._lock = threading.Lock()
        self.starts = 0

    # --- lifetime ---------------------------------------------------------------------------------
    def start(self) -> None:
        self.close()
        self._profile = tempfile.mkdtemp(prefix="evbrief-chromium-")
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # above 4, so that placing them on 3 and 4 in the child cannot overwrite one with the other
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_browser_r, from_browser_w)]
        for fd in (to_browser_r, from_browser_w):
            os.close(fd)

        def child() -> None:
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)
            die_with_parent()

        try:
            self.proc = subprocess.Popen(
                [
                    self.executable,
                    *FLAGS,
                    "--remote-debugging-pipe",
                    f"--user-data-dir={self._profile}",
                    "about:blank",
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                # dup2 leaves 3 and 4 inheritable; every other descriptor Python opens is
                # close-on-exec (PEP 446). pass_fds would need 3 and 4 open here, in the parent
                close_fds=False,
                preexec_fn=child,  # noqa: PLW1509 (only dup2 and prctl, before exec)
                start_new_session=True,
            )
        finally:
            for fd in high:
                os.close(fd)
        self._write_fd, self._read_fd = to_browser_w, from_browser_r
        self._buffer = b""
        self.starts += 1

    def ensure_started(self) -> None:
        with self._lock:
            if not self.alive():
                self.start()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            for fd in (self._write_fd, self._read_fd):
                try:
                    os.close(fd)
                except OSError:
                    pass
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the browser and its helper processes
            except OSError:
                pass
            proc.wait()
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    # --- the protocol -----------------------------------------------------------------------------
    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._write_fd, data) :]
        return self._next_id

    def _messages(self, deadline: float):
        """Messages from the browser until the deadline."""
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                yield json.loads(raw)
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("the browser did not answer in time")
            if not select.select([self._read_fd], [], [], left)[0]:
                continue
            chunk = os.read(self._read_fd, 1 << 20)
            if not chunk:
                raise BrowserError("the browser closed its pipe")
            self._buffer += chunk

    def call(self, method: str, params=None, session=None, deadline: float | None = None) -> dict:
        deadline = deadline or time.monotonic() + 60
        wanted = self._send(method, params, session)
        for message in self._messages(deadline):
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
        raise AssertionError("unreachable")

    def _wait_event(self, method: str, session: str, deadline: float) -> None:
        for message in self._messages(deadline):
            if message.get("method") == method and message.get("sessionId") == session:
                return

    # --- printing ---------------------------------------------------------------------------------
    def _print(self, html_file: Path, pdf_file: Path, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        target = self.call("Target.createTarget", {"url": "about:blank"}, deadline=deadline)
        target_id = target["targetId"]
        try:
            session = self.call(
                "Target.attachToTarget", {"targetId": target_id, "flatten": True}, deadline=deadline
            )["sessionId"]
            self.call("Page.enable", session=session, deadline=deadline)
            navigated = self.call(
                "Page.navigate",
                {"url": Path(html_file).resolve().as_uri()},
                session=session,
                deadline=deadline,
            )
            if navigated.get("errorText"):
                raise BrowserError(f"cannot open {html_file.name}: {navigated['errorText']}")
            self._wait_event("Page.loadEventFired", session, deadline)
            pdf = self.call(
                "Page.printToPDF",
                {"preferCSSPageSize": True, "displayHeaderFooter": False, "printBackground": True},
                session=session,
                deadline=deadline,
            )
        finally:
            if self.alive():
                try:
                    self.call("Target.closeTarget", {"targetId": target_id}, deadline=deadline + 5)
                except (BrowserError, OSError):
                    pass
        data = base64.b64decode(pdf["data"])
        tmp = pdf_file.with_name(f".{pdf_file.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, pdf_file)

    def print_pdf(self, html_file: Path, pdf_file: Path, timeout: float = 180) -> None:
        """Print one page; a dead or stuck browser is replaced and the page printed again."""
        with self._lock:
            for attempt in (1, 2):
                if not self.alive():
                    self.start()
                try:
                    self._print(html_file, pdf_file, timeout)
                    return
                except (BrowserError, OSError, KeyError, json.JSONDecodeError) as exc:
                    self.close()
                    if attempt == 2:
                        raise BrowserError(str(exc)) from None


_browser = PerProcess(Browser, lambda browser, executable: browser.executable == executable)


def shared(executable: str) -> Browser:
    """This process's browser (started on its first PDF, again for another executable)."""
    return _browser.get(executable)


shutdown = _browser.shutdown
