"""The render engine's reuse is invisible in the output: warm kernels leak no state between reports,
the kept browser prints what the one-shot `chromium --print-to-pdf` prints and comes back when it
dies, checked tables are cached by content, and a shared chart bundle is one relative file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import nbformat
import pytest
from evbrief import PROJECT_ROOT
from evbrief.data import tables as data
from evbrief.publishing import browser, kernels, publication, publish

from tests import pdfcheck

# A report that leaves state behind wherever a kernel or its modules are reused: a global name, a
# module global of the library (the set of tables read, which goes into the claims file), a
# pandas display option, and a library function replaced.
POLLUTER = """
from evbrief.data import tables as data
from evbrief.document import report
import pandas as pd
leftover = 42
data.LOADED.update({"plants", "policies", "fx_rates"})
pd.set_option("display.precision", 1)
report.Report.vintage = lambda self: "1999"
"""


@pytest.fixture
def notebooks(tmp_path, monkeypatch):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('edition = ""  # label')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(POLLUTER)]
    nbformat.write(nb, folder / "polluter.ipynb")
    (folder / "funding.ipynb").write_bytes(
        (PROJECT_ROOT / "notebooks" / "funding.ipynb").read_bytes()
    )
    monkeypatch.setattr(publish, "NOTEBOOKS_DIR", folder)
    monkeypatch.setenv("EVBRIEF_RENDER_DATE", "2026-01-01")
    return folder


def test_a_report_after_another_in_the_same_worker_equals_it_rendered_alone(
    notebooks, tmp_path, monkeypatch
):
    if not kernels.enabled():
        pytest.skip("EVBRIEF_WARM_KERNELS=0")
    worker = tmp_path / "worker"
    # separate chart-drawing caches: the worker's charts are drawn by its drawing service, the
    # lone render's by its own kernel
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "worker-cache"))
    publish.render("polluter", {}, formats=("html",), out_dir=worker)
    template = kernels.server()
    after = publish.render("funding", {"edition": "test"}, formats=("html",), out_dir=worker)
    assert kernels.server() is template and template.forks >= 2  # one template served both
    # alone: a fresh process whose kernel is started the usual way, with no template at all
    alone = tmp_path / "alone"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "evbrief.publishing.cli",
            "render",
            "funding",
            "-p",
            "edition",
            "test",
        ]
        + ["--to", "html", "--out", str(alone)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "EVBRIEF_WARM_KERNELS": "0", "XDG_CACHE_HOME": str(tmp_path / "alone")},
    )
    assert proc.returncode == 0, proc.stderr
    for suffix in (".html", ".claims.json"):
        mine = next(f for f in after.files if f.name == f"{after.stem}{suffix}").read_bytes()
        assert mine == (alone / f"{after.stem}{suffix}").read_bytes(), suffix


def test_a_dead_kernel_template_is_started_again(notebooks, tmp_path):
    if not kernels.enabled():
        pytest.skip("EVBRIEF_WARM_KERNELS=0")
    first = kernels.server()
    first.ready()
    os.kill(first.proc.pid, signal.SIGKILL)
    first.proc.wait()
    result = publish.render("funding", {"edition": "x"}, formats=("html",), out_dir=tmp_path)
    assert (tmp_path / "funding-x.html").exists() and result.stem == "funding-x"
    assert kernels.server() is not first


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm; } h1 { font-family: "DejaVu Sans"; }</style></head>
<body><h1>Printed once by the kept browser</h1><p style="break-before: page">Second page</p></body></html>"""


def test_the_kept_browser_prints_like_the_one_shot_command_and_restarts(tmp_path, monkeypatch):
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    monkeypatch.setenv("EVBRIEF_WARM_BROWSER", "0")
    publish.print_pdf(page, tmp_path / "one-shot.pdf")
    monkeypatch.setenv("EVBRIEF_WARM_BROWSER", "1")
    publish.print_pdf(page, tmp_path / "kept.pdf")
    kept = browser.shared(publish._chromium())
    assert kept.alive() and kept.starts >= 1
    starts = kept.starts
    one_shot, pdf = (
        pdfcheck.page_texts(tmp_path / "one-shot.pdf"),
        pdfcheck.page_texts(tmp_path / "kept.pdf"),
    )
    assert pdf == one_shot and len(pdf) == 2 and "Printed once by the kept browser" in pdf[0]
    sizes = [
        subprocess.run(["pdfinfo", str(tmp_path / f)], capture_output=True, text=True).stdout
        for f in ("one-shot.pdf", "kept.pdf")
    ]
    assert all("(A4)" in s for s in sizes)
    assert kept.pids()
    for pid in kept.pids():  # the browser dies between two PDFs
        os.killpg(pid, signal.SIGKILL)
    publish.print_pdf(page, tmp_path / "after.pdf")
    assert kept.starts == starts + 1
    assert pdfcheck.page_texts(tmp_path / "after.pdf") == one_shot


def test_checked_tables_are_cached_by_content(data_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(data, "_CHECKED", {})
    calls = []
    real = data.check_table
    monkeypatch.setattr(
        data, "check_table", lambda res, *a, **k: calls.append(res["name"]) or real(res, *a, **k)
    )
    n = len(data.table_names(data_copy))
    assert data.validate(data_copy) == [] and len(calls) == n  # each parsed and checked once
    data.load("fx_rates", data_copy)
    monkeypatch.setattr(data, "_CHECKED", {})  # a new process: only the cache folder is left
    assert data.validate(data_copy) == [] and len(calls) == n
    (data_copy / "fx_rates.csv").write_bytes((data_copy / "fx_rates.csv").read_bytes() + b"\n")
    data.validate(data_copy)  # the bytes changed (a blank line, the same rows): checked again
    assert calls[n:] == ["fx_rates"]
    os.utime(data_copy / "plants.csv")  # touched, same bytes: still cached
    data.validate(data_copy)
    assert calls[n:] == ["fx_rates"]


def test_the_shared_bundle_is_one_relative_file_beside_the_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(
        publication,
        "jobs",
        lambda *a, **k: [publication.Job("funding", "funding", {}, ("html",))],
    )
    code, _ = publication.render_all(out_dir=tmp_path, quiet=True, bundle="shared")
    assert code == 0
    page = (tmp_path / "funding.html").read_text()
    asset = publish.vega_asset()
    assert f'<script src="{asset}"></script>' in page and not asset.startswith(("/", "http"))
    assert (tmp_path / asset).read_text() == publish.vega_bundle()
    assert len(page) < 400_000 < len(publish.vega_bundle())  # the page no longer carries it
    manifest = publish.read_manifest(tmp_path)
    assert asset in manifest["reports"]["funding"]["files"]  # so assemble copies it
