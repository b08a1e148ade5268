"""Faults the package meets in CI and in analysts' hands: a failing notebook, an interrupted render,
bad data, and text from data that looks like markup."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from evbrief import PROJECT_ROOT
from evbrief.publishing import declaration, publication, publish

from tests import pdfcheck

EVBRIEF = [sys.executable, "-m", "evbrief.publishing.cli"]


def _descendants(root: int) -> dict[int, str]:
    """Every process below `root` with its command line, read from /proc.

    Only the render's own processes count: other people's kernels on a shared machine come and go.
    """
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    found, todo = {}, [root]
    while todo:
        parent = todo.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = _cmdline(pid)
                todo.append(pid)
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _kernels(root: int) -> set[int]:
    """Kernels started the usual way, and warm kernels with the template they are forked from."""
    return {
        pid
        for pid, cmd in _descendants(root).items()
        if "ipykernel_launcher" in cmd or "evbrief.publishing.kernels" in cmd
    }


@pytest.fixture
def broken_publication(tmp_path, monkeypatch):
    """A notebooks folder with one notebook that raises and one that works, declared as a publication."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('edition = ""  # label')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        params,
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell('raise ValueError("boom in the third cell")'),
    ]
    nbformat.write(nb, notebooks / "broken.ipynb")
    (notebooks / "funding.ipynb").write_bytes(
        (PROJECT_ROOT / "notebooks" / "funding.ipynb").read_bytes()
    )
    toml = tmp_path / "publication.toml"
    toml.write_text(
        '[[report]]\nstem = "broken"\nnotebook = "broken"\nformats = ["html"]\n\n'
        '[[report]]\nstem = "funding"\nnotebook = "funding"\nformats = ["html"]\n'
    )
    monkeypatch.setattr(publish, "NOTEBOOKS_DIR", notebooks)
    monkeypatch.setattr(declaration, "PUBLICATION_FILE", toml)
    out = tmp_path / "reports"
    out.mkdir()
    (out / "broken.html").write_text("<p>yesterday's good report</p>")
    return out


def test_failing_notebook_is_named_kept_and_the_rest_renders(broken_publication):
    code, outcomes = publication.render_all(out_dir=broken_publication, quiet=True)
    by_stem = {o.stem: o for o in outcomes}
    assert code == 1
    assert by_stem["broken"].status == "failed"
    message = by_stem["broken"].message
    assert (
        "notebook broken" in message
        and "cell 3" in message
        and "ValueError: boom in the third cell" in message
    )
    assert by_stem["funding"].status == "rendered"
    assert (broken_publication / "funding.html").exists()
    assert (broken_publication / "broken.html").read_text() == "<p>yesterday's good report</p>"
    kept = json.loads((broken_publication / "failed" / "broken.ipynb").read_text())
    assert any(o.get("ename") == "ValueError" for c in kept["cells"] for o in c.get("outputs", []))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_render_leaves_nothing_half_written_and_no_kernel(tmp_path, sig):
    out = tmp_path / "reports"
    proc = subprocess.Popen(
        [*EVBRIEF, "render", "briefing", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not _kernels(proc.pid) and time.monotonic() < deadline:  # wait until its kernel runs
        time.sleep(0.1)
    assert _kernels(proc.pid), "the render never started a kernel"
    time.sleep(0.5)
    started = _descendants(proc.pid)  # kernels, their template, any helper or browser
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "interrupted" in err
    time.sleep(1)
    alive = [cmd for pid, cmd in started.items() if cmd and _cmdline(pid) == cmd]
    assert not alive, f"outlived the interrupted render: {alive}"
    leftovers = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert leftovers == []
    staging = tmp_path / ".reports-staging"
    assert not staging.exists() or not any(staging.iterdir())
    # and the next render completes
    done = subprocess.run(
        [*EVBRIEF, "render", "funding", "--to", "html", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (out / "funding.html").exists()


def test_bad_data_stops_the_render_before_a_kernel(data_copy, tmp_path):
    frame = pd.read_csv(data_copy / "ev_sales.csv", dtype=str, keep_default_na=False)
    frame.loc[7, "sales"] = "lots"
    frame.to_csv(data_copy / "ev_sales.csv", index=False)
    out = tmp_path / "reports"
    started = time.monotonic()
    proc = subprocess.run(
        [*EVBRIEF, "render", "briefing", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "EVBRIEF_DATA_DIR": str(data_copy)},
    )
    assert proc.returncode != 0
    line = proc.stderr.strip().splitlines()[-1]
    assert "ev_sales.csv, row 9, column 'sales': type" in line
    assert time.monotonic() - started < 30
    assert not out.exists() or not any(out.rglob("*.html"))


UNSAFE_COMPANY = '<script>alert("pwned")</script>Evil & Co'
UNSAFE_TITLE = '<img src=x onerror=alert(1)> A "quoted" title'


def test_text_from_data_stays_text_in_html_and_pdf(data_copy, tmp_path):
    plants = pd.read_csv(data_copy / "plants.csv", dtype=str, keep_default_na=False)
    plants.loc[plants["plant_id"] == "byd-tha-rayong", "company"] = UNSAFE_COMPANY
    plants.to_csv(data_copy / "plants.csv", index=False)
    package = json.loads((data_copy / "datapackage.json").read_text())
    res = next(r for r in package["resources"] if r["name"] == "minerals_usgs")
    res["sources"][0]["title"] = UNSAFE_TITLE
    (data_copy / "datapackage.json").write_text(json.dumps(package))
    out = tmp_path / "reports"
    proc = subprocess.run(
        [*EVBRIEF, "render", "supply_chain", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "EVBRIEF_DATA_DIR": str(data_copy)},
    )
    assert proc.returncode == 0, proc.stderr
    page = (out / "supply_chain.html").read_text()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    text = "".join(pdfcheck.text(out / "supply_chain.pdf").split())  # line breaks may fall anywhere
    assert '<script>alert("pwned")</script>Evil&Co' in text
    assert "<imgsrc=xonerror=alert(1)>" in text
