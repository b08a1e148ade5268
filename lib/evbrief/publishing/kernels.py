"""Warm kernels: a kernel server that imported the project and loaded the validated tables once,
and forks one fresh kernel from that state for every report.

A kernel started the usual way spends about a second importing pandas, altair, IPython and the
library, and every report then parses and checks the same CSVs again. Here one process per render
worker (the *template*) does that once and then waits. For each report it forks: the child sets up
its own ZMQ sockets from the connection file jupyter_client wrote and becomes an ordinary IPython
kernel. Every report therefore starts from the same pristine state, a copy of a process that never
ran a report, so nothing a report does (names, module globals, caches) can reach the next one; the
copy costs milliseconds instead of a kernel start.

The template only *imports* modules and reads tables: it starts no threads of its own, no event
loop and no chart drawing (vl-convert's runtime would not survive a fork), so the fork is safe.

Lifetimes: the template dies with the render worker that started it (PR_SET_PDEATHSIG), and each
kernel dies with the template, so an interrupted or killed render leaves no process behind.
Set EVBRIEF_WARM_KERNELS=0 to start every kernel the usual way (jupyter_client's launcher).
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from evbrief.core.processes import PerProcess, die_with_parent, stop

#: the modules a report's kernel imports anyway, imported once by the template
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",
    "IPython",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.extensions.storemagic",
    "sqlite3",
    "tornado.platform.asyncio",
    "tornado.queues",
    "pandas",
    "numpy",
    "altair",
    "vl_convert",
)


def enabled() -> bool:
    return os.environ.get("EVBRIEF_WARM_KERNELS", "1") not in ("0", "false", "no")


# --- the template process ------------------------------------------------------------------------


def _analysis_modules() -> list[str]:
    """Every module of evbrief that a notebook may import: the stages below publishing, less the data
    maintenance (derive, update) and the reference-file readers (data/sources)."""
    from evbrief import MAINTENANCE, PACKAGE_DIR, STAGES

    names = []
    for stage in STAGES[: STAGES.index("publishing")]:
        for p in sorted((PACKAGE_DIR / stage).glob("*.py")):
            name = f"evbrief.{stage}.{p.stem}"
            if p.stem != "__init__" and name not in MAINTENANCE:
                names.append(name)
    return names


def _warm_up() -> list[str]:
    """Import what every report imports and load every valid table; returns what was loaded."""
    import importlib

    # ipykernel imports the debugger (debugpy, 0.7 s) into every kernel; a batch render never attaches
    # one, so the kernels forked from here run without it
    sys.modules.setdefault("debugpy", None)
    for name in PRELOAD + tuple(_analysis_modules()):
        importlib.import_module(name)
    from evbrief.data import tables as data

    loaded = []
    for name in data.table_names():
        try:
            data.load(name)
            loaded.append(name)
        except Exception:  # a broken table is reported by the report that reads it
            pass
    data.LOADED.clear()  # which tables a report read is the report's own record
    return loaded


def _become_kernel(request: dict) -> None:
    """In the forked child: become an IPython kernel on the given connection file. Never returns."""
    code = 1
    try:
        os.setsid()  # its own process group: interrupts and kills reach it and its children only
        die_with_parent()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        log = os.open(request.get("log") or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.environ.clear()
        os.environ.update(request.get("env") or {})
        if request.get("cwd"):
            os.chdir(request["cwd"])
        # no command history: a batch render reads none, and parallel kernels would share one file
        argv = ["-f", request["connection_file"], "--HistoryManager.enabled=False"]
        sys.argv = ["ipykernel_launcher", *argv]
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(argv)
        app.start()
        code = 0
    except BaseException:  # noqa: BLE001 (the child must never return into the template's loop)
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve(sock: socket.socket) -> None:
    """The template's loop: one JSON request per line, answered with the forked kernel's pid."""
    children: set[int] = set()

    def stop(signum, frame):
        for pid in children:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the worker, which stops us
    stream = sock.makefile("rwb", buffering=0)
    loaded = _warm_up()
    stream.write(json.dumps({"ready": True, "tables": loaded}).encode() + b"\n")
    while True:
        ready, _, _ = select.select([sock], [], [], 1.0)
        for pid in list(children):  # reap finished kernels
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    children.discard(pid)
            except ChildProcessError:
                children.discard(pid)
        if not ready:
            continue
        line = stream.readline()
        if not line:
            stop(None, None)
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            sock.close()
            _become_kernel(request)
        children.add(pid)
        stream.write(json.dumps({"pid": pid}).encode() + b"\n")


def _main() -> None:
    fd = int(sys.argv[1])
    die_with_parent(signal.SIGTERM)
    serve(socket.socket(fileno=fd))


# --- the worker's side ---------------------------------------------------------------------------


class KernelProcess:
    """A forked kernel as jupyter_client's provisioner sees a Popen: pid, poll, wait, signals.

    The kernel is the template's child, not ours, so its exit is watched through a pidfd.
    """

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        self.stdout = self.stderr = self.stdin = None
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except (OSError, AttributeError):
            self._fd = None

    def poll(self) -> int | None:
        if self.returncode is not None:
            return self.returncode
        if self._fd is not None:
            if select.select([self._fd], [], [], 0)[0]:
                self._exited()
        else:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self._exited()
        return self.returncode

    def _exited(self) -> None:
        self.returncode = 0
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None and self._fd is not None:
            if select.select([self._fd], [], [], timeout)[0]:
                self._exited()
            else:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
        while self.poll() is None:
            threading.Event().wait(0.05)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class KernelServer:
    """The worker's handle on its template process: start it once, fork a kernel per report."""

    def __init__(self, env: dict | None = None):
        ours, theirs = socket.socketpair()
        self._lock = threading.Lock()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "evbrief.publishing.kernels", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # each kernel writes to its own log (see _become_kernel)
            env=env,
        )
        theirs.close()
        self._sock = ours
        self._stream = ours.makefile("rwb", buffering=0)
        self.tables: list[str] | None = None
        self.forks = 0

    def ready(self, timeout: float = 600) -> list[str]:
        """Wait until the template has imported everything and loaded the tables."""
        if self.tables is None:
            self.tables = self._reply(timeout)["tables"]
        return self.tables

    def _reply(self, timeout: float) -> dict:
        if not select.select([self._sock], [], [], timeout)[0]:
            raise RuntimeError(f"the kernel template did not answer within {timeout:.0f} s")
        line = self._stream.readline()
        if not line:
            raise RuntimeError(f"the kernel template exited (code {self.proc.poll()})")
        return json.loads(line)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def fork(self, connection_file: str, cwd: str | None, env: dict | None, log: str | None):
        with self._lock:
            self.ready()
            request = {"connection_file": connection_file, "cwd": cwd, "env": env, "log": log}
            self._stream.write(json.dumps(request, default=str).encode() + b"\n")
            self.forks += 1
            return KernelProcess(self._reply(60)["pid"])

    def close(self) -> None:
        stop(self.proc)
        self._stream.close()
        self._sock.close()


_server = PerProcess(KernelServer, lambda template: template.alive())


def server() -> KernelServer:
    """This process's kernel template, started on first use and again if it died."""
    return _server.get()


shutdown = _server.shutdown  # stops the template (its kernels die with it)


def kernel_manager_class(log_file: Path | None = None):
    """A jupyter_client kernel manager whose kernels are forked from this process's template."""
    from jupyter_client.manager import AsyncKernelManager

    from evbrief.document import drawing

    class WarmKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            env = dict(kw.get("env") or os.environ)
            env[drawing.ENV] = drawing.service().address  # charts drawn by the worker's service
            process = server().fork(
                self.connection_file, kw.get("cwd"), env, str(log_file) if log_file else None
            )
            provisioner = self.provisioner
            provisioner.process = process
            provisioner.pid = provisioner.pgid = process.pid
            provisioner.cwd = kw.get("cwd")
            self._reconcile_connection_info(provisioner.connection_info)

    return WarmKernelManager


if __name__ == "__main__":
    _main()
