"""Benchmark: `evbrief render --all` against the hand-scripted papermill + nbconvert + Chromium.

Run by `make bench` (`python tools/bench.py`). A benchmark, not a test: it measures and reports,
and fails only if a route of ours cannot run at all. On the same reports and parameters (the jobs of
publication.toml, `evbrief.publishing.publication.jobs()`), in one run:

  a. ours, cold   `evbrief render --all --force --shared-bundle --out TMP/ours` (the site CI
                  publishes; --inline-bundle for self-contained pages) into a fresh folder, with a
                  fresh XDG_CACHE_HOME (so the Vega bundle, the chart drawings and the checked
                  tables are made afresh, as on a fresh CI machine)
  b. ours, warm   the same command again, same folder, caches warm
  c. ours, no-op  `evbrief render --all --out TMP/ours`, nothing changed: must skip every report
  d. hand         per report, one after another: `papermill NB OUT.ipynb -p K V ... -k evbrief`,
                  `jupyter nbconvert --to html --no-input OUT.ipynb` (stock lab template), then
                  headless Chromium print-to-pdf of that HTML with the flags of publish.print_pdf
  f. notebook     the briefing notebook run top to bottom in a fresh kernel (nbclient, as
                  JupyterLab's Run All, on the kernel `make lab` uses: evbrief, from .venv): once
                  with an empty cache folder, then with the cache that run left; slowest cells named
  e. myst         Jupyter Book 2: `npm install mystmd` in TMP/myst, then `myst build --html` over
                  the executed notebooks of (d); if either fails, the error line is recorded

How things are measured:

* wall time: time.perf_counter() around each subprocess (the whole route for a-c, each step for d).
* peak memory: psutil polls the process tree of each subprocess (the process and all its
  descendants: render workers, kernels, Chromium) every 50 ms and sums PSS (proportional set size,
  from /proc/PID/smaps_rollup), so pages shared between forked workers or Chromium's processes are
  counted once; the RSS sum (which counts shared pages again in every process) is kept beside it.
  resource.getrusage(RUSAGE_CHILDREN).ru_maxrss is not used for memory: it is the largest *single*
  descendant seen so far in this process's life, so its deltas say nothing about a process tree.
  Its CPU times (ru_utime + ru_stime) add up, so their deltas give each route's CPU seconds.
* per-report seconds of ours: parsed from the summary table `evbrief render --all` prints to
  stderr (0.1 s resolution; each is that report's wall time in its worker, while others run too).
* where the time goes: in a child process, the worker's kernel template (imports, tables),
  browser, drawing service and HTML template started and timed (once per worker), then one report rendered with publish.render (its
  RenderResult timings: execute, html, pdf), and a warm kernel's start (fork to ready) timed;
  execution = execute - kernel start.
* the briefing warm in a worker: the breakdown below renders the briefing after our runs, so the
  model's results (draws, back-test, projections) are in the cache folder, as for every report a
  worker renders after the first.
* a no-op that re-renders is checked against a hash of lib/, the shared inputs and data/ taken
  around the runs: other people editing the tree during the bench make a re-render correct.

With --quick only 3 reports are benchmarked; ours then runs the same CLI code (evbrief.publishing.cli.main)
in a child whose publication.jobs() is filtered to those 3 (`render --all` takes no report list).

Results: a table on stdout, and reports/bench/bench.json and reports/bench/bench.txt. Everything
else is written in a temporary folder, removed at the end unless --keep.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from evbrief import PROJECT_ROOT
from evbrief.publishing import publication, publish

BIN = Path(sys.executable).parent
OUT_DIR = PROJECT_ROOT / "reports" / "bench"
TREE_FILES = ("publication.toml", *publication.SHARED_INPUTS)
#: the tree the measured commands run from: a snapshot in the temp folder unless --live-tree
TREE = PROJECT_ROOT
MIB = 1024 * 1024
POLL = 0.05
TIMEOUT = 3600

_T0 = time.perf_counter()


def say(message: str) -> None:
    print(f"[bench {time.perf_counter() - _T0:6.1f}s] {message}", flush=True)


# --- measuring one subprocess --------------------------------------------------------------------


@dataclass
class Run:
    cmd: list[str]
    seconds: float = 0.0
    returncode: int | None = None
    peak_pss_mb: float = 0.0
    peak_rss_mb: float = 0.0
    pss_at_peak_mb: dict | None = None
    cpu_seconds: float = 0.0
    stdout: str = ""
    stderr: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.error

    def last_line(self) -> str:
        if self.error:
            return self.error
        lines = [
            ln.strip() for ln in (self.stderr + "\n" + self.stdout).replace("\r", "\n").splitlines()
        ]
        lines = [ln for ln in lines if ln]
        return lines[-1] if lines else f"exit {self.returncode}"


class TreeSampler(threading.Thread):
    """Polls the memory of a process and all its descendants; keeps the peak of the sums."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_pss = 0
        self.peak_rss = 0
        self.at_peak: dict[str, int] = {}  # PSS by kind of process at the peak: what holds memory
        self._done = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._done.is_set():
            self.sample(root)
            self._done.wait(POLL)

    def sample(self, root) -> None:
        import psutil

        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        pss = rss = 0
        kinds: dict[str, int] = {}
        for proc in procs:
            try:
                info = proc.memory_full_info()
                kind = _kind(proc, root)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            pss += getattr(info, "pss", info.rss)
            rss += info.rss
            kinds[kind] = kinds.get(kind, 0) + getattr(info, "pss", info.rss)
        if pss > self.peak_pss:
            self.peak_pss, self.at_peak = pss, kinds
        self.peak_rss = max(self.peak_rss, rss)

    def stop(self) -> None:
        self._done.set()
        self.join(timeout=5)


def _kind(proc, root) -> str:
    """What a process of the tree is, for the composition of the peak."""
    if proc.pid == root.pid:
        return "main process"
    line = " ".join(proc.cmdline())
    for needle, kind in (
        ("chrom", "chromium"),
        ("evbrief.document.drawing", "drawing service"),
        ("evbrief.publishing.kernels", "kernel templates and kernels"),
        ("ipykernel", "kernels"),
    ):
        if needle in line:
            return kind
    return "render workers" if proc.ppid() == root.pid else "other"


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(
    cmd: list[str], cwd: Path | None = None, env: dict | None = None, timeout: float = TIMEOUT
) -> Run:
    """Runs cmd to completion, timing it and sampling its process tree's memory."""
    run = Run([str(c) for c in cmd])
    cpu = _child_cpu()
    started = time.perf_counter()
    try:
        proc = subprocess.Popen(
            run.cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
        )
    except OSError as exc:
        run.error = f"{type(exc).__name__}: {exc}"
        return run
    sampler = TreeSampler(proc.pid)
    sampler.start()
    try:
        run.stdout, run.stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        run.stdout, run.stderr = proc.communicate()
        run.error = f"timed out after {timeout:.0f} s"
    finally:
        sampler.stop()
    run.seconds = time.perf_counter() - started
    run.returncode = proc.returncode
    run.cpu_seconds = _child_cpu() - cpu
    run.peak_pss_mb = sampler.peak_pss / MIB
    run.peak_rss_mb = sampler.peak_rss / MIB
    run.pss_at_peak_mb = {
        k: round(v / MIB) for k, v in sorted(sampler.at_peak.items(), key=lambda kv: -kv[1])
    }
    return run


def tree_hash() -> str:
    """A hash of what a no-op render compares: lib/, notebooks/, data/ and the shared inputs."""
    h = hashlib.sha256()
    files = [f for d in ("lib", "notebooks", "data") for f in (TREE / d).rglob("*") if f.is_file()]
    files += [TREE / f for f in TREE_FILES]
    for file in sorted(f for f in files if "__pycache__" not in f.parts and f.exists()):
        h.update(str(file.relative_to(TREE)).encode() + b"\0" + file.read_bytes())
    return h.hexdigest()


def snapshot(dest: Path) -> Path:
    """A copy of the parts of the tree a render reads, so edits by others don't change the runs."""
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "_incoming", ".ipynb_checkpoints")
    for folder in ("lib", "notebooks", "data"):
        shutil.copytree(PROJECT_ROOT / folder, dest / folder, ignore=skip)
    for name in TREE_FILES:
        if (PROJECT_ROOT / name).exists():
            shutil.copy2(PROJECT_ROOT / name, dest / name)
    return dest


def output_mb(folder: Path) -> float:
    if not folder.exists():
        return 0.0
    return (
        sum(
            f.stat().st_size
            for f in folder.rglob("*")
            if f.is_file() and f.suffix in (".html", ".pdf", ".js")
        )
        / MIB
    )


# --- the routes ----------------------------------------------------------------------------------


@dataclass
class Route:
    key: str
    label: str
    seconds: float | None = None
    peak_pss_mb: float | None = None
    peak_rss_mb: float | None = None
    pss_at_peak_mb: dict | None = None
    cpu_seconds: float | None = None
    output_mb: float | None = None
    status: str = "ok"
    note: str = ""
    command: str = ""
    ratio_vs_hand: float | None = None


# `render --all` takes no report list: --quick runs the same CLI with publication.jobs() filtered.
_FILTERED_CLI = """
import sys
from evbrief.publishing import cli, publication
_all = publication.jobs
keep = set(sys.argv[1].split(","))
publication.jobs = lambda *a, **k: [j for j in _all(*a, **k) if j.stem in keep]
sys.exit(cli.main(sys.argv[2:]))
"""

_SUMMARY_ROW = re.compile(
    r"^(?P<stem>\S+)\s+(?P<seconds>\d+\.\d)\s+(?P<status>rendered|skipped|failed)\b(?P<msg>.*)$"
)
_COUNTS = re.compile(r"(\d+) rendered, (\d+) skipped, (\d+) failed")


def parse_summary(stderr: str) -> tuple[dict[str, dict], tuple[int, int, int] | None]:
    rows = {}
    for line in stderr.replace("\r", "\n").splitlines():
        m = _SUMMARY_ROW.match(line.strip())
        if m:
            rows[m["stem"]] = {
                "seconds": float(m["seconds"]),
                "status": m["status"],
                "message": m["msg"].strip(": "),
            }
    counts = _COUNTS.findall(stderr)
    return rows, (tuple(int(x) for x in counts[-1]) if counts else None)


def ours(args_tail: list[str], stems: list[str] | None, env: dict) -> Run:
    if stems is None:
        cmd = [str(BIN / "evbrief"), "render", "--all", *args_tail]
    else:
        cmd = [sys.executable, "-c", _FILTERED_CLI, ",".join(stems), "render", "--all", *args_tail]
    return measure(cmd, cwd=TREE, env=env)


def chromium_cmd(html_file: Path, pdf_file: Path, profile: str) -> list[str]:
    """The same PDF step as ours: publish.print_pdf's command."""
    return publish.chromium_command(html_file, pdf_file, profile)


def hand_route(
    jobs: list[publication.Job],
    folder: Path,
    env: dict,
    hand_bin: Path = BIN,
    kernel: str = publish.KERNEL,
) -> tuple[Route, list[dict]]:
    folder.mkdir(parents=True, exist_ok=True)
    per_report, peak_pss, peak_rss, cpu, failures = [], 0.0, 0.0, 0.0, []
    started = time.perf_counter()
    for i, job in enumerate(jobs, 1):
        executed = folder / f"{job.stem}.ipynb"
        html_file = executed.with_suffix(".html")
        pdf_file = executed.with_suffix(".pdf")
        params = [x for k, v in job.parameters.items() for x in ("-p", k, str(v))]
        steps = {}
        row = {"report": job.stem, "status": "ok"}
        with tempfile.TemporaryDirectory(prefix="evbrief-bench-chromium-") as profile:
            plan = [
                (
                    "papermill",
                    [
                        str(hand_bin / "papermill"),
                        str(TREE / "notebooks" / f"{job.notebook}.ipynb"),
                        str(executed),
                        *params,
                        "-k",
                        kernel,
                    ],
                    TREE / "notebooks",
                ),
                (
                    "nbconvert",
                    [
                        str(hand_bin / "jupyter"),
                        "nbconvert",
                        "--to",
                        "html",
                        "--no-input",
                        str(executed),
                    ],
                    folder,
                ),
                ("pdf", chromium_cmd(html_file, pdf_file, profile), folder),
            ]
            for step, cmd, cwd in plan:
                run = measure(cmd, cwd=cwd, env=env)
                steps[step] = run
                peak_pss, peak_rss = max(peak_pss, run.peak_pss_mb), max(peak_rss, run.peak_rss_mb)
                cpu += run.cpu_seconds
                row[f"{step}_s"] = round(run.seconds, 2)
                if not run.ok:
                    row["status"] = f"{step} failed: {run.last_line()}"
                    failures.append(f"{job.stem}: {row['status']}")
                    break
        if row["status"] == "ok" and (not pdf_file.exists() or pdf_file.stat().st_size < 1000):
            row["status"] = "pdf failed: no PDF written"
            failures.append(f"{job.stem}: {row['status']}")
        row["total_s"] = round(sum(r.seconds for r in steps.values()), 2)
        per_report.append(row)
        say(
            f"  hand {i}/{len(jobs)} {job.stem}: "
            + ", ".join(f"{k} {v.seconds:.1f}s" for k, v in steps.items())
            + ("" if row["status"] == "ok" else f"  [{row['status']}]")
        )
    route = Route(
        "hand",
        "hand: papermill + nbconvert + chromium",
        seconds=time.perf_counter() - started,
        peak_pss_mb=peak_pss,
        peak_rss_mb=peak_rss,
        cpu_seconds=cpu,
        output_mb=output_mb(folder),
        status="ok" if not failures else f"{len(failures)} failed",
        note="; ".join(failures[:3]),
        command=f"{hand_bin}/papermill NB OUT.ipynb -p K V -k {kernel}; jupyter nbconvert --to html --no-input "
        "OUT.ipynb; chromium --headless --print-to-pdf (flags of publish.print_pdf)",
    )
    return route, per_report


def myst_route(executed: list[Path], folder: Path, env: dict) -> tuple[Route, dict]:
    route = Route(
        "myst",
        "Jupyter Book 2 (mystmd, myst build --html)",
        command="npm install mystmd; myst build --html",
    )
    detail: dict = {}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text(
        '{"name": "evbrief-bench-myst", "private": true}\n', encoding="utf-8"
    )
    npm = shutil.which("npm")
    if not npm:
        route.status, route.note = "not run", "npm not found"
        return route, detail
    install = measure(
        [npm, "install", "--no-audit", "--no-fund", "mystmd"], cwd=folder, env=env, timeout=900
    )
    detail["npm_install_s"] = round(install.seconds, 2)
    myst = folder / "node_modules" / ".bin" / "myst"
    if not install.ok or not myst.exists():
        route.status, route.note = "install failed", install.last_line()
        return route, detail
    version = subprocess.run([str(myst), "--version"], capture_output=True, text=True, env=env)
    detail["myst_version"] = version.stdout.strip()
    project = folder / "book"
    project.mkdir(exist_ok=True)
    toc = []
    for nb in executed:
        if nb.exists():
            shutil.copy2(nb, project / nb.name)
            toc.append(f"    - file: {nb.name}")
    (project / "myst.yml").write_text(
        "version: 1\nproject:\n  id: evbrief-bench\n  title: evbrief benchmark\n  toc:\n"
        + "\n".join(toc)
        + "\nsite:\n  template: book-theme\n",
        encoding="utf-8",
    )
    build = measure([str(myst), "build", "--html"], cwd=project, env=env, timeout=900)
    detail["build_exit"] = build.returncode
    site = project / "_build" / "html"
    built = build.ok and (site / "index.html").exists()
    route.seconds = build.seconds
    route.peak_pss_mb, route.peak_rss_mb, route.cpu_seconds = (
        build.peak_pss_mb,
        build.peak_rss_mb,
        build.cpu_seconds,
    )
    if built:
        route.output_mb = output_mb(site)
        route.note = f"{detail['myst_version']}; HTML only, no PDF"
    else:
        lines = [
            ln.strip() for ln in (build.stdout + "\n" + build.stderr).splitlines() if ln.strip()
        ]
        errors = [
            ln
            for ln in lines
            if re.search(r"fail|error|ENOTFOUND|ECONNREFUSED|EAI_AGAIN", ln, re.I)
        ]
        route.status = "build failed"
        route.note = errors[0] if errors else build.last_line()
        detail["output_tail"] = lines[-8:]
    return route, detail


# --- where the time goes in one report ------------------------------------------------------------

_RENDER_ONE = """
import asyncio, json, statistics, sys, time
from pathlib import Path
from evbrief.publishing import browser, kernels, publication, publish
job = next(j for j in publication.jobs() if j.stem == sys.argv[1])
out = Path(sys.argv[2])
once = {}
t = time.perf_counter()
kernels.server().ready()
once["kernel template (imports, tables)"] = time.perf_counter() - t
t = time.perf_counter()
b = browser.shared(publish._chromium())
b.ensure_started()  # launched by Playwright, ready when this returns
once["browser start"] = time.perf_counter() - t
t = time.perf_counter()
from evbrief.document import drawing
address = drawing.service().address
import os
os.environ[drawing.ENV] = address
while drawing.draw({"mark": "point", "data": {"values": [{}]}}) is None:
    time.sleep(0.05)
once["drawing service"] = time.perf_counter() - t
t = time.perf_counter()
from evbrief.publishing.exporter import exporter
exporter()
publish.vega_bundle()  # built once per run before the workers start (cached in XDG_CACHE_HOME)
once["HTML template and chart bundle"] = time.perf_counter() - t
r = publish.render(job.notebook, job.parameters, formats=job.formats, out_dir=out, stem=job.stem)

async def kernel_start():
    km = kernels.kernel_manager_class(None)(kernel_name=publish._kernel_name())
    t = time.perf_counter()
    await km.start_kernel(cwd=str(publish.NOTEBOOKS_DIR))
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=60)
    seconds = time.perf_counter() - t
    kc.stop_channels()
    await km.shutdown_kernel(now=True)
    return seconds

ks = statistics.median(asyncio.run(kernel_start()) for _ in range(3))
print(json.dumps({"seconds": r.seconds, "timings": r.timings, "kernel_s": ks, "once": once}))
"""


def breakdown(job: publication.Job, folder: Path, env: dict) -> dict:
    """One report rendered by a worker whose kernel template and browser are up, and what those cost."""
    run = measure([sys.executable, "-c", _RENDER_ONE, job.stem, str(folder)], cwd=TREE, env=env)
    if not run.ok:
        return {"report": job.stem, "error": run.last_line()}
    result = json.loads(run.stdout.strip().splitlines()[-1])
    t = result["timings"]
    ks = result["kernel_s"]
    parts = {
        "kernel (forked, to ready)": ks,
        "execution": max(0.0, t.get("execute", 0.0) - ks),
        "HTML export": t.get("html", 0.0),
        "PDF (kept browser)": t.get("pdf", 0.0),
    }
    parts["other (staging, manifest)"] = max(0.0, result["seconds"] - sum(t.values()))
    total = sum(parts.values())
    line = (
        f"where the time goes in {job.stem} ({result['seconds']:.1f} s, one report in a warm "
        "worker): "
        + ", ".join(f"{k} {v:.2f} s ({100 * v / total:.0f}%)" for k, v in parts.items())
        + "; once per worker: "
        + ", ".join(f"{k} {v:.2f} s" for k, v in result["once"].items())
    )
    return {
        "report": job.stem,
        "render_seconds": result["seconds"],
        "timings": t,
        "parts_s": {k: round(v, 3) for k, v in parts.items()},
        "once_per_worker_s": {k: round(v, 3) for k, v in result["once"].items()},
        "line": line,
        "method": "in a child process: the kernel template started and waited for (imports and "
        "tables), the browser started, then publish.render of the report "
        "(timings execute/html/pdf); kernel = median of 3 warm-kernel starts (fork to ready) from "
        "that template; execution = execute - kernel (includes papermill's own overhead)",
    }


# --- the briefing notebook in a fresh kernel, as an analyst runs it in JupyterLab ----------------

_NOTEBOOK_RUN = """
import datetime as dt, json, sys, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient
path, kernel = Path(sys.argv[1]), sys.argv[2]
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, kernel_name=kernel, timeout=900, record_timing=True,
                        resources={"metadata": {"path": str(path.parent)}})
t = time.perf_counter()
client.execute()
total = time.perf_counter() - t
def when(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
cells = []
for i, c in enumerate(nb.cells):
    ex = c.get("metadata", {}).get("execution", {})
    a, b = ex.get("iopub.execute_input"), ex.get("shell.execute_reply")
    if c.cell_type == "code" and a and b:
        first = (c.source.strip().splitlines() or [""])[0][:60]
        cells.append({"cell": i, "seconds": (when(b) - when(a)).total_seconds(), "source": first})
print(json.dumps({"seconds": total, "cells_s": sum(c["seconds"] for c in cells),
                  "slowest": sorted(cells, key=lambda c: -c["seconds"])[:3]}))
"""


def notebook_runs(notebook: str, python: Path, kernel: str, env: dict, cache: Path) -> dict:
    """The notebook run top to bottom in a fresh kernel (nbclient, as JupyterLab's Run All): once
    with an empty cache folder (no checked tables, no model results, no chart drawings), then again
    with the cache that run left (a second session of the same analyst)."""
    out = {}
    shutil.rmtree(cache, ignore_errors=True)
    for key in ("no_cache", "cache_present"):
        run = measure(
            [
                str(python),
                "-c",
                _NOTEBOOK_RUN,
                str(TREE / "notebooks" / f"{notebook}.ipynb"),
                kernel,
            ],
            cwd=TREE / "notebooks",
            env={**env, "XDG_CACHE_HOME": str(cache)},
        )
        if not run.ok:
            out[key] = {"error": run.last_line()}
            continue
        result = json.loads(run.stdout.strip().splitlines()[-1])
        result["wall_s"] = run.seconds  # with the kernel's start and the client's imports
        result["peak_pss_mb"] = run.peak_pss_mb
        out[key] = result
        slow = result["slowest"][0] if result["slowest"] else {"seconds": 0, "source": ""}
        say(
            f"  {notebook}, {key.replace('_', ' ')}: {result['seconds']:.1f} s from kernel start "
            f"({result['cells_s']:.1f} s in cells), slowest cell {slow['seconds']:.1f} s "
            f"({slow['source']}), peak {run.peak_pss_mb:.0f} MB PSS"
        )
    out["method"] = (
        f"{python} runs nbclient.NotebookClient(kernel {kernel!r}).execute() on notebooks/"
        f"{notebook}.ipynb with its default parameters: seconds = from the kernel's start to the "
        "last cell's reply; cells_s = the sum of the cells' own times (nbclient's timing "
        "metadata); first with an empty XDG_CACHE_HOME, then with the cache the first run left"
    )
    return out


# --- the goals of issues 17 and 28 ---------------------------------------------------------------


def goals(routes: list[Route], per: list[dict]) -> dict:
    """The numbers issue 17 asks for, computed from this run (reported, never enforced)."""
    by = {r.key: r for r in routes}
    hand, cold, noop = by.get("hand"), by.get("ours_cold"), by.get("ours_noop")

    def median(key: str) -> float | None:
        values = [p[key] for p in per if p.get(key) is not None]
        return statistics.median(values) if values else None

    out: dict = {
        "median_hand_s": median("hand_s"),
        "median_ours_cold_s": median("ours_cold_s"),
        "median_ours_warm_s": median("ours_warm_s"),
    }
    if hand and cold and hand.seconds and cold.seconds:
        out["hand_over_ours_cold"] = hand.seconds / cold.seconds  # goal: >= 3
    if out["median_hand_s"] and out["median_ours_cold_s"] is not None:
        out["median_ours_cold_over_hand"] = out["median_ours_cold_s"] / out["median_hand_s"]
    if out["median_hand_s"] and out["median_ours_warm_s"] is not None:
        out["median_ours_warm_over_hand"] = out["median_ours_warm_s"] / out["median_hand_s"]
    if noop:
        out["noop_s"] = noop.seconds  # goal: < 1
    if hand and cold and hand.output_mb:
        out["output_ours_over_hand"] = (cold.output_mb or 0) / hand.output_mb  # goal: < 1.2
    # issue 28: every report at most 0.5x its own hand-route time (the maximum), peak PSS <= 1 GB
    ratios = [
        (p["ours_cold_s"] / p["hand_s"], p["report"])
        for p in per
        if p.get("ours_cold_s") is not None and p.get("hand_s")
    ]
    if ratios:
        out["max_ours_cold_over_hand"], out["max_ratio_report"] = max(ratios)
    if cold and cold.peak_pss_mb:
        out["peak_pss_cold_gb"] = cold.peak_pss_mb / 1024  # goal: <= 1.0
    return out


def notebook_goals(g: dict, breakdown_result: dict, runs: dict) -> None:
    """Issue 28: the briefing warm in a worker (<= 3 s), the notebook in a fresh kernel with the
    cache present (<= 5 s) and with none (<= 2x today's warm briefing)."""
    if breakdown_result.get("report") == "briefing" and "render_seconds" in breakdown_result:
        g["briefing_warm_worker_s"] = breakdown_result["render_seconds"]
    for key in ("cache_present", "no_cache"):
        if "seconds" in runs.get(key, {}):
            g[f"briefing_notebook_{key}_s"] = runs[key]["seconds"]
            g[f"briefing_notebook_{key}_slowest_cell_s"] = (runs[key]["slowest"] or [{}])[0].get(
                "seconds"
            )


def goals_text(g: dict) -> str:
    def f(key: str, spec: str = ".2f") -> str:
        return "-" if g.get(key) is None else format(g[key], spec)

    return (
        f"goals: hand / ours cold = {f('hand_over_ours_cold')}x (>= 5); per-report ours cold / "
        f"hand: median {f('median_ours_cold_over_hand')}, maximum "
        f"{f('max_ours_cold_over_hand')} ({g.get('max_ratio_report', '-')}) (<= 0.5); warm / "
        f"hand median {f('median_ours_warm_over_hand')}; no-op {f('noop_s')} s (< 1); output "
        f"ours / hand = {f('output_ours_over_hand')} (< 1.2); peak PSS of the cold publication "
        f"{f('peak_pss_cold_gb')} GB (<= 1.0)\n"
        f"briefing: warm in a worker {f('briefing_warm_worker_s', '.1f')} s (<= 3); the notebook "
        f"top to bottom in a fresh kernel, cache present {f('briefing_notebook_cache_present_s', '.1f')} s "
        f"(<= 5), no cache {f('briefing_notebook_no_cache_s', '.1f')} s (<= 2x today's warm "
        f"briefing; issue 28 measured the whole notebook at 25.7 s); slowest cell "
        f"{f('briefing_notebook_cache_present_slowest_cell_s', '.1f')} s with the cache, "
        f"{f('briefing_notebook_no_cache_slowest_cell_s', '.1f')} s without"
    )


# --- tables --------------------------------------------------------------------------------------


def _fmt(value, spec: str = ".1f", missing: str = "-") -> str:
    return missing if value is None else format(value, spec)


def route_table(routes: list[Route]) -> str:
    head = [
        "route",
        "seconds",
        "vs hand",
        "peak MB (PSS)",
        "peak MB (RSS)",
        "CPU s",
        "output MB",
        "status",
    ]
    rows = [
        [
            r.label,
            _fmt(r.seconds),
            _fmt(r.ratio_vs_hand, ".2f") + ("x" if r.ratio_vs_hand is not None else ""),
            _fmt(r.peak_pss_mb, ".0f"),
            _fmt(r.peak_rss_mb, ".0f"),
            _fmt(r.cpu_seconds),
            _fmt(r.output_mb, ".1f"),
            r.status + (f": {r.note}" if r.note and r.status != "ok" else ""),
        ]
        for r in routes
    ]
    return _table(head, rows, right=range(1, 7))


def report_table(rows: list[dict]) -> str:
    head = [
        "report",
        "ours cold s",
        "ours warm s",
        "hand s",
        "warm/hand",
        "papermill s",
        "nbconvert s",
        "pdf s",
    ]
    body = [
        [
            r["report"],
            _fmt(r.get("ours_cold_s")),
            _fmt(r.get("ours_warm_s")),
            _fmt(r.get("hand_s")),
            _fmt(r.get("ratio"), ".2f"),
            _fmt(r.get("papermill_s")),
            _fmt(r.get("nbconvert_s")),
            _fmt(r.get("pdf_s")),
        ]
        for r in rows
    ]
    return _table(head, body, right=range(1, 8))


def _table(head: list[str], rows: list[list[str]], right) -> str:
    right = set(right)
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=False)]

    def line(cells):
        return "  ".join(
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=False))
        ).rstrip()

    return "\n".join([line(head), line(["-" * w for w in widths]), *(line(r) for r in rows)])


# --- main ----------------------------------------------------------------------------------------


def pick_quick(jobs: list[publication.Job], n: int = 3) -> list[publication.Job]:
    """n reports of n different notebooks, in publication order."""
    seen, out = set(), []
    for job in jobs:
        if job.notebook not in seen:
            seen.add(job.notebook)
            out.append(job)
        if len(out) == n:
            break
    return out


def machine_info() -> dict:
    chromium = ""
    try:
        chromium = subprocess.run(
            [publish._chromium(), "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (publish.RenderError, OSError, subprocess.TimeoutExpired):
        pass
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "chromium": chromium,
        "load_average_before": list(os.getloadavg()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tools/bench.py", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--quick", action="store_true", help="benchmark only 3 reports (of 3 different notebooks)"
    )
    parser.add_argument(
        "--skip-myst", action="store_true", help="do not try Jupyter Book 2 (mystmd)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="--jobs for `evbrief render --all` (default: one per core)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder with every route's output"
    )
    parser.add_argument(
        "--live-tree",
        action="store_true",
        help="run from the working tree itself, not from a snapshot of lib/, notebooks/, data/",
    )
    parser.add_argument(
        "--hand-env",
        type=Path,
        default=None,
        help="virtual environment for the hand-scripted route (default: .venv, the render environment); "
        "`make bench` passes .venv-lab, JupyterLab's environment, as an analyst's would be",
    )
    parser.add_argument(
        "--inline-bundle",
        action="store_true",
        help="render ours with the chart library inlined in every page (self-contained files) "
        "instead of --shared-bundle, the site CI publishes",
    )
    args = parser.parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be at least 1")

    all_jobs = publication.jobs()
    jobs = pick_quick(all_jobs) if args.quick else all_jobs
    stems = [j.stem for j in jobs] if args.quick else None
    global TREE
    tmp = Path(tempfile.mkdtemp(prefix="evbrief-bench-"))
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    # fresh for the cold run, then warm for every later route
    env["XDG_CACHE_HOME"] = str(tmp / "cache")
    if not args.live_tree:
        # the package is installed editable by a path in a .pth file; PYTHONPATH comes first, so
        # every child (CLI, workers, kernels) imports the snapshot and reads its notebooks and data
        TREE = snapshot(tmp / "tree")
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(TREE / "lib"), env.get("PYTHONPATH")])
        )
    env.pop("EVBRIEF_RENDER_DATE", None)
    info = machine_info()
    say(
        f"{len(jobs)} reports, temp folder {tmp}, {info['cpus']} cores, "
        f"load {info['load_average_before'][0]:.2f}"
        f"{', --quick' if args.quick else ''}"
    )
    jobs_flag = ["--jobs", str(args.jobs)] if args.jobs else []
    # ours renders the site as CI publishes it: one shared chart bundle beside the pages
    jobs_flag += [] if args.inline_bundle else ["--shared-bundle"]
    routes: list[Route] = []
    per: dict[str, dict] = {j.stem: {"report": j.stem} for j in jobs}
    result: dict = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "jobs": args.jobs or os.cpu_count(),
        "reports": [j.stem for j in jobs],
        "tree": "snapshot of lib/, notebooks/, data/ and the shared inputs, taken at the start"
        if not args.live_tree
        else "the working tree (--live-tree)",
        "machine": info,
        "temp_folder": str(tmp),
        "bundle": "inline" if args.inline_bundle else "shared",
    }
    hashes: dict[str, tuple[str, str]] = {}
    try:
        out = tmp / "ours"
        for key, label, flags in (
            ("ours_cold", "ours, cold (fresh folder and cache)", ["--force"]),
            ("ours_warm", "ours, warm (--force again)", ["--force"]),
            ("ours_noop", "ours, no-op (nothing changed)", []),
        ):
            say(f"{label}: evbrief render --all {' '.join(flags + jobs_flag)} --out {out}")
            before = tree_hash()
            run = ours([*flags, *jobs_flag, "--out", str(out)], stems, env)
            hashes[key] = (before, tree_hash())
            rows, counts = parse_summary(run.stderr)
            route = Route(
                key,
                label,
                seconds=run.seconds,
                peak_pss_mb=run.peak_pss_mb,
                peak_rss_mb=run.peak_rss_mb,
                pss_at_peak_mb=run.pss_at_peak_mb,
                cpu_seconds=run.cpu_seconds,
                output_mb=None if key == "ours_noop" else output_mb(out),
                command=" ".join(
                    ["evbrief", "render", "--all", *flags, *jobs_flag, "--out", "TMP/ours"]
                ),
            )
            if not run.ok:
                route.status, route.note = f"exit {run.returncode}", run.last_line()
            if counts:
                rendered, skipped, failed = counts
                route.note = (
                    route.note or f"{rendered} rendered, {skipped} skipped, {failed} failed"
                )
                if key == "ours_noop" and (rendered or failed or skipped != len(jobs)):
                    route.status = f"did not skip everything ({rendered} rendered)"
                    if len({*hashes["ours_warm"], *hashes["ours_noop"]}) > 1:
                        route.status += ": lib/ or data/ was edited during the bench"
            for stem, row in rows.items():
                if stem in per and key != "ours_noop":
                    per[stem][f"{key}_s"] = row["seconds"]
                    if row["status"] == "failed":
                        per[stem][f"{key}_status"] = f"failed: {row['message']}"
            routes.append(route)
            (tmp / f"{key}.stderr.log").write_text(run.stderr, encoding="utf-8")
            say(
                f"  {run.seconds:.1f} s, peak {run.peak_pss_mb:.0f} MB PSS, "
                f"{route.status}: {route.note}"
            )

        say(f"hand-scripted route, {len(jobs)} reports one after another")
        # the hand route starts from empty caches too (chart drawings, chart bundle), as our cold run did;
        # otherwise it would reuse what our runs drew
        env = {**env, "XDG_CACHE_HOME": str(tmp / "hand-cache")}
        if args.hand_env:
            # the analyst's environment: its own python runs papermill, nbconvert and the kernel
            # (ipykernel's native "python3"); evbrief is importable from the tree being measured
            hand_env = dict(env)
            hand_env["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(TREE / "lib"), env.get("PYTHONPATH")])
            )
            hand_env["PATH"] = f"{args.hand_env.resolve() / 'bin'}{os.pathsep}{env.get('PATH', '')}"
            hand, hand_rows = hand_route(
                jobs, tmp / "hand", hand_env, args.hand_env.resolve() / "bin", "python3"
            )
        else:
            hand, hand_rows = hand_route(jobs, tmp / "hand", env)
        routes.append(hand)
        for row in hand_rows:
            p = per[row["report"]]
            p["hand_s"] = row["total_s"]
            p.update({k: row.get(k) for k in ("papermill_s", "nbconvert_s", "pdf_s")})
            if row["status"] != "ok":
                p["hand_status"] = row["status"]
        say(f"  {hand.seconds:.1f} s, peak {hand.peak_pss_mb:.0f} MB PSS")

        if args.skip_myst:
            routes.append(
                Route(
                    "myst",
                    "Jupyter Book 2 (mystmd, myst build --html)",
                    status="skipped",
                    note="--skip-myst",
                )
            )
        else:
            say(
                "Jupyter Book 2: npm install mystmd, myst build --html over the executed "
                "notebooks of the hand route"
            )
            myst, detail = myst_route(
                [tmp / "hand" / f"{j.stem}.ipynb" for j in jobs], tmp / "myst", env
            )
            routes.append(myst)
            result["myst"] = detail
            say(f"  {myst.status}: {myst.note}")

        first = next((j for j in jobs if j.stem == "briefing"), jobs[0])
        say(f"where the time goes: {first.stem} rendered with publish.render in a warm worker")
        # the cache of our runs is warm: the model's results are there, as in a worker's second report
        result["breakdown"] = breakdown(first, tmp / "breakdown", env)
        say(
            "the briefing notebook in a fresh kernel, as in JupyterLab: no cache, then cache present"
        )
        # `make lab` runs the notebooks on the project's kernel (evbrief, from .venv)
        python, kernel = Path(sys.executable), publish._kernel_name()
        result["notebook"] = notebook_runs("briefing", python, kernel, env, tmp / "lab-cache")
    finally:
        info["load_average_after"] = list(os.getloadavg())
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    hand_s = next((r.seconds for r in routes if r.key == "hand"), None)
    for r in routes:
        if hand_s and r.seconds is not None and (r.status == "ok" or r.key != "myst"):
            r.ratio_vs_hand = r.seconds / hand_s
    for p in per.values():
        if p.get("ours_warm_s") is not None and p.get("hand_s"):
            p["ratio"] = p["ours_warm_s"] / p["hand_s"]
    result["goals"] = goals(routes, list(per.values()))
    notebook_goals(result["goals"], result.get("breakdown", {}), result.get("notebook", {}))

    per_rows = list(per.values())
    text = "\n".join(
        [
            f"evbrief bench, {result['started']}: {len(jobs)} reports, "
            f"--jobs {result['jobs']} for ours, "
            f"{info['cpus']} cores, load average {info['load_average_before'][0]:.2f} before / "
            f"{info['load_average_after'][0]:.2f} after",
            "",
            route_table(routes),
            "",
            "vs hand = route seconds / hand-scripted seconds (below 1 is faster). Peak MB: the "
            "route's process tree, PSS summed (RSS summed beside it); CPU s: "
            "getrusage(RUSAGE_CHILDREN) delta. Output MB: .html + .pdf + .js "
            "written (ours includes index.html, data.html and the shared chart bundle).",
            "",
            report_table(per_rows),
            "",
            "ours s: the report's wall time in its worker (summary table of `render --all`), "
            "while other workers ran; "
            "hand s: papermill + nbconvert + pdf, one at a time.",
            "",
            result["breakdown"].get("line")
            or f"breakdown failed: {result['breakdown'].get('error')}",
            "",
            "what holds memory at the cold run's peak (PSS by kind of process, MB): "
            + ", ".join(
                f"{k} {v}"
                for k, v in (
                    next((r.pss_at_peak_mb for r in routes if r.key == "ours_cold"), None) or {}
                ).items()
            ),
            "",
            goals_text(result["goals"]),
        ]
    )
    result["routes"] = [asdict(r) for r in routes]
    result["per_report"] = per_rows
    result["methods"] = {
        "wall": "time.perf_counter around each subprocess",
        "memory": "psutil: sum of PSS (and of RSS) over the subprocess and all its descendants, "
        "polled every 50 ms; peak of the sums. The hand route's peak is the largest of its "
        "steps' peaks (they run one at a time)",
        "cpu": "delta of resource.getrusage(RUSAGE_CHILDREN) ru_utime + ru_stime",
        "ours_per_report": "parsed from the summary table `evbrief render --all` prints to stderr "
        "(0.1 s resolution)",
        "quick": "ours runs evbrief.publishing.cli.main in a child with publication.jobs() filtered to the "
        "chosen reports",
        "cache": "XDG_CACHE_HOME is a fresh folder for the cold run, reused by every later route",
        "units": "MB = 2**20 bytes",
    }
    result["tables"] = text
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "bench.json").write_text(
        json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8"
    )
    (OUT_DIR / "bench.txt").write_text(text + "\n", encoding="utf-8")
    print()
    print(text)
    print(
        f"\nwritten: {OUT_DIR / 'bench.json'}, {OUT_DIR / 'bench.txt'}"
        + (f"; outputs kept in {tmp}" if args.keep else "")
    )
    broken = [r for r in routes if r.key.startswith("ours") and r.status.startswith("exit")]
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
