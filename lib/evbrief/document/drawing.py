"""A chart-drawing service per render worker, so that vl-convert's engine starts once, not per report.

vl-convert draws a chart in a JavaScript engine that it starts on the first call in a process: about
a second and a half, paid again by every kernel that draws a chart not yet in the drawing cache (so
by every report of a cold render). That engine runs in threads, which do not survive a fork, so the
warm kernel template (evbrief.publishing.kernels) cannot start it for its kernels. Instead each render worker
keeps one small process that has started the engine, and its kernels send it the specs they need
drawn (a UNIX socket named in EVBRIEF_DRAW_SOCKET). Without that variable, or if the service does not
answer, a kernel draws the chart itself: the same function of the same vl-convert, the same SVG.

Frames both ways: 8 bytes of big-endian length, then a JSON body.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile

from evbrief.core.processes import PerProcess, stop

ENV = "EVBRIEF_DRAW_SOCKET"


def _send(sock: socket.socket, payload: dict) -> None:
    body = json.dumps(payload).encode()
    sock.sendall(struct.pack(">Q", len(body)) + body)


def _receive(sock: socket.socket) -> dict:
    def exactly(n: int) -> bytes:
        chunks = []
        while n:
            chunk = sock.recv(min(n, 1 << 20))
            if not chunk:
                raise ConnectionError("the drawing service closed the connection")
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    (size,) = struct.unpack(">Q", exactly(8))
    return json.loads(exactly(size))


def draw(spec: dict, timeout: float = 120) -> str | None:
    """The chart as SVG from this kernel's drawing service; None when there is none or it fails."""
    address = os.environ.get(ENV)
    if not address:
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(address)
            _send(sock, {"spec": spec})
            reply = _receive(sock)
    except (OSError, ValueError):
        return None
    return reply.get("svg")


# --- the service ---------------------------------------------------------------------------------


def serve(address: str) -> None:
    import vl_convert as vlc

    from evbrief.core.processes import die_with_parent

    die_with_parent(signal.SIGTERM)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the worker, which stops us
    vlc.vegalite_to_svg({"mark": "point", "data": {"values": [{}]}})  # start the engine now
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address + ".tmp")
    os.replace(address + ".tmp", address)  # clients see the socket only once it is served
    listener.listen(8)
    while True:
        conn, _ = listener.accept()
        with conn:
            try:
                request = _receive(conn)
                try:
                    reply = {"svg": vlc.vegalite_to_svg(request["spec"])}
                except Exception as exc:  # the kernel draws it itself and reports the error
                    reply = {"error": f"{type(exc).__name__}: {exc}"}
                _send(conn, reply)
            except (OSError, ValueError):
                continue


class DrawingService:
    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="evbrief-draw-")
        self.address = os.path.join(self.folder, "socket")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "evbrief.document.drawing", self.address],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        stop(self.proc)
        for name in ("socket", "socket.tmp"):
            try:
                os.unlink(os.path.join(self.folder, name))
            except OSError:
                pass
        try:
            os.rmdir(self.folder)
        except OSError:
            pass


_service = PerProcess(DrawingService, lambda service: service.alive())


def service() -> DrawingService:
    """This process's drawing service, started on first use and again if it died."""
    return _service.get()


shutdown = _service.shutdown


if __name__ == "__main__":
    serve(sys.argv[1])
