"""`make lab` opens JupyterLab on the project's kernel, `evbrief`, as the default and only kernel.

The server is started the way `make lab` starts it (scripts/lab, from .venv-lab), on a free port
with a token; a notebook session is created through the REST API without naming a kernel, and
`import evbrief` runs in it over the kernel's websocket. The server is then shut down through its
own API, and its process waited for.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from evbrief import PROJECT_ROOT

LAB_ENV = PROJECT_ROOT / ".venv-lab"


@pytest.fixture(scope="module")
def lab_env() -> Path:
    """.venv-lab as `make lab` builds it (`make test` builds it first; this covers a bare pytest)."""
    if not (LAB_ENV / ".installed").exists():
        subprocess.run(["make", "-s", ".venv-lab/.installed"], cwd=PROJECT_ROOT, check=True)
    return LAB_ENV


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _api(base: str, token: str, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{base}{path}",
        data=None if body is None else json.dumps(body).encode(),
        method="GET" if body is None else "POST",
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
    return json.loads(text) if text else {}


async def _execute(url: str, token: str, code: str) -> tuple[dict, str]:
    """Run code on a kernel over its websocket; the execute_reply content and the stdout."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    conn = await websocket_connect(
        HTTPRequest(url, headers={"Authorization": f"token {token}"}, connect_timeout=30)
    )
    msg_id = uuid.uuid4().hex
    await conn.write_message(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "username": "test",
                    "session": uuid.uuid4().hex,
                    "msg_type": "execute_request",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": False,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                "channel": "shell",
                "buffers": [],
            }
        )
    )
    stdout = ""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        raw = await asyncio.wait_for(conn.read_message(), timeout=120)
        assert raw is not None, "the kernel's websocket closed"
        msg = json.loads(raw)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            stdout += msg["content"]["text"]
        if msg["msg_type"] == "error":
            stdout += "\n".join(msg["content"]["traceback"])
        if msg["msg_type"] == "execute_reply":
            conn.close()
            return msg["content"], stdout
    raise AssertionError("no execute_reply within 120 s")


def test_lab_offers_only_the_evbrief_kernel_and_it_imports_evbrief(lab_env, tmp_path):
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        # a private Jupyter home, so that a user's own config cannot change what is tested
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
    }
    server = subprocess.Popen(
        [
            str(PROJECT_ROOT / "scripts" / "lab"),
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "lab.log", "wb"),  # noqa: SIM115 (the server owns it)
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                specs = _api(base, token, "/api/kernelspecs")
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "lab.log").read_text()[-2000:]
                assert time.monotonic() < deadline, "JupyterLab did not answer within 180 s"
                time.sleep(1)
        assert specs["default"] == "evbrief"
        assert list(specs["kernelspecs"]) == ["evbrief"]  # python3 of .venv-lab is not offered

        # a new notebook, as the launcher makes one: no kernel named, so the default is used
        session = _api(
            base,
            token,
            "/api/sessions",
            {"path": "scratch.ipynb", "type": "notebook", "name": "", "kernel": {}},
        )
        assert session["kernel"]["name"] == "evbrief"
        url = f"ws://127.0.0.1:{port}/api/kernels/{session['kernel']['id']}/channels"
        reply, stdout = asyncio.run(
            _execute(url, token, "import evbrief, sys\nprint(evbrief.__file__, sys.prefix)")
        )
        assert reply["status"] == "ok", stdout
        file, prefix = stdout.split()
        assert Path(file).is_relative_to(PROJECT_ROOT / "lib")  # this checkout's evbrief
        assert Path(prefix) == PROJECT_ROOT / ".venv"  # on the project's environment
    finally:
        try:
            _api(base, token, "/api/shutdown", {})
        except OSError:
            pass
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.terminate()
            server.wait(timeout=30)
    assert server.returncode is not None
