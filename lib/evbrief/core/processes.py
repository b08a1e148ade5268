"""Helper processes that must not outlive the process that started them."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import threading

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Ask Linux to send `sig` to this process when its parent dies (a no-op elsewhere).

    Called in a child (a kernel, the kernel template, the browser, the drawing service), so that a
    render worker killed outright still leaves no process behind.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def stop(proc: subprocess.Popen, timeout: float = 10) -> None:
    """End a helper process: asked first (SIGTERM, so it can clean up), killed if it does not go."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class PerProcess:
    """One helper of a kind per process (the kernel template, the browser, the drawing service).

    Started on first use and again when `usable` says the one held no longer serves; closed when the
    process ends, through atexit and through multiprocessing's finaliser (a pool worker skips atexit);
    forgotten in a forked child, which starts its own: the parent's belongs to the parent.
    """

    def __init__(self, start, usable) -> None:
        self._start, self._usable = start, usable
        self._value = None
        self._lock = threading.Lock()
        self._registered = False
        os.register_at_fork(after_in_child=self._forget)

    def get(self, *args):
        with self._lock:
            if self._value is None or not self._usable(self._value, *args):
                if self._value is not None:
                    self._value.close()
                self._value = self._start(*args)
                self._close_at_exit()
            return self._value

    def shutdown(self) -> None:
        with self._lock:
            if self._value is not None:
                self._value.close()
                self._value = None

    def _forget(self) -> None:
        self._value = None
        self._registered = False
        self._lock = threading.Lock()  # a lock held by another thread at the fork stays held

    def _close_at_exit(self) -> None:
        if not self._registered:
            import atexit
            from multiprocessing import util

            atexit.register(self.shutdown)
            util.Finalize(None, self.shutdown, exitpriority=10)
            self._registered = True
