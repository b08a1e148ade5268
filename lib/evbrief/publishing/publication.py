"""The publication declared in publication.toml: rendered in parallel, incrementally, in shards.

A manifest in reports/ records, per report, a hash of everything it depends on (notebook, parameters,
formats, the data tables it read, the library and templates, scenarios.toml, the lock file; hashed
by evbrief.publishing.inputs), so a re-render skips what did not change. Reports render in worker processes,
one per core by default.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from evbrief.publishing import inputs, publish
from evbrief.publishing.declaration import Job, PublicationError, jobs

SHARED_INPUTS = inputs.SHARED_INPUTS


@dataclass
class Outcome:
    stem: str
    status: str  # rendered, skipped, failed
    seconds: float = 0.0
    message: str = ""
    timings: dict = field(default_factory=dict)


def shard(planned: list[Job], spec: str | None) -> list[Job]:
    """The K-th of N parts of the publication: every N-th report in the declared order, from the K-th.

    Dealt round-robin so that the heavy reports, declared together, land on different runners; the
    split is stable for a given publication.toml.
    """
    if not spec:
        return planned
    try:
        k, n = (int(x) for x in spec.split("/"))
        assert 1 <= k <= n
    except (ValueError, AssertionError):
        raise PublicationError(
            f"--shard must be K/N with 1 <= K <= N, e.g. 1/4; got {spec!r}"
        ) from None
    return [job for i, job in enumerate(planned) if i % n == k - 1]


# --- what a report depends on (hashed in evbrief.publishing.inputs, with the standard library alone) ---------


def library_hash() -> str:
    return inputs.library_hash()


def data_hash(tables: list[str] | None) -> str:
    """The data a report read: its tables' files and their entries in datapackage.json (all, if unknown)."""
    return inputs.data_hash(tables)


def inputs_hash(
    job: Job,
    checked: dict,
    tables: list[str] | None,
    lib: str,
    bundle: str = "inline",
    digests: dict[str, str] | None = None,
) -> str:
    return inputs.inputs_hash(
        publish.notebook_path(job.notebook), job.formats, checked, tables, lib, bundle, digests
    )


def up_to_date(
    job: Job,
    checked: dict,
    out_dir: Path,
    manifest: dict,
    lib: str,
    bundle: str = "inline",
    digests: dict[str, str] | None = None,
) -> bool:
    entry = manifest["reports"].get(job.stem)
    if not entry or "inputs" not in entry:
        return False
    if not all((out_dir / f).exists() for f in entry["files"]):
        return False
    return entry["inputs"] == inputs_hash(job, checked, entry.get("tables"), lib, bundle, digests)


def checked_parameters(
    planned: list[Job], manifest: dict, lib: str, digests: dict[str, str]
) -> tuple[dict[str, dict], dict[str, str]]:
    """Every report's checked parameters, and the key of what their check read (inputs.check_key).

    A report whose manifest entry was checked under the same key keeps the parameters recorded
    there; the others are checked (raises publish.RenderError for a bad value).
    """
    checked, keys = {}, {}
    for job in planned:
        keys[job.stem] = inputs.check_key(
            publish.notebook_path(job.notebook), job.parameters, lib, digests
        )
        entry = manifest["reports"].get(job.stem, {})
        if entry.get("checked_with") == keys[job.stem] and "parameters" in entry:
            checked[job.stem] = entry["parameters"]
        else:
            try:
                checked[job.stem] = publish.check_parameters(job.notebook, job.parameters)
            except publish.RenderError as exc:
                raise publish.RenderError(f"report {job.stem!r}: {exc}") from None
    return checked, keys


# --- rendering -----------------------------------------------------------------------------------


def _terminate_on_sigterm() -> None:
    """SIGTERM raises KeyboardInterrupt, so the same clean-up runs as for Ctrl-C (staging removed, kernel stopped)."""

    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, handler)


def _worker_init(pdf: bool = False) -> None:
    from evbrief.document import drawing
    from evbrief.publishing import kernels

    _terminate_on_sigterm()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # this worker's warm kernel template and browser start now, while the first report is set up
    if kernels.enabled():
        kernels.server()
        drawing.service()
    if pdf:
        publish.start_browser()


def _render_one(
    job: Job,
    out_dir: str,
    lib: str,
    bundle: str = "inline",
    check_key: str = "",
    digests: dict[str, str] | None = None,
) -> Outcome:
    """Render one report and record what it was made from.

    `digests` are the tables' digests taken before the render: a table edited while the report
    renders then no longer matches the record, and the next run renders the report again."""
    started = time.perf_counter()
    try:
        result = publish.render(
            job.notebook,
            job.parameters,
            formats=job.formats,
            out_dir=Path(out_dir),
            stem=job.stem,
            bundle=bundle,
        )
    except publish.RenderError as exc:
        return Outcome(job.stem, "failed", time.perf_counter() - started, str(exc))
    except Exception as exc:  # a bug should fail one report, not the publication
        return Outcome(
            job.stem,
            "failed",
            time.perf_counter() - started,
            f"notebook {job.notebook}: {type(exc).__name__}: {exc}",
        )
    checked = result.parameters
    tables = result.tables
    publish.update_manifest(
        Path(out_dir),
        job.stem,
        # check_key: what the parameters' check read, taken before the render (the data may change
        # during it; then the next run checks again rather than trust parameters of other data)
        {
            "inputs": inputs_hash(job, checked, tables, lib, bundle, digests),
            "tables": tables,
            "checked_with": check_key,
        },
    )
    return Outcome(job.stem, "rendered", time.perf_counter() - started, timings=result.timings)


def _with(job: Job, parameters: dict) -> Job:
    declared = publish.declared_parameters(job.notebook)
    extra = {k: v for k, v in parameters.items() if k in declared}
    return Job(job.stem, job.notebook, {**job.parameters, **extra}, job.formats)


def render_all(
    formats: tuple[str, ...] | None = None,
    out_dir: Path | None = None,
    jobs_n: int | None = None,
    force: bool = False,
    shard_spec: str | None = None,
    quiet: bool = False,
    parameters: dict | None = None,
    bundle: str = "inline",
) -> tuple[int, list[Outcome]]:
    """Render the publication; returns the exit status and one outcome per report.

    bundle="shared" writes the chart library once, beside the pages (a lighter site); "inline"
    puts it in every page, so that each is a single self-contained file.

    When nothing changed, this runs on the standard library alone: the decision reads hashes
    (evbrief.publishing.inputs) and pandas, nbformat, papermill and the chart library are imported only when
    a report or the data catalogue is to be written.
    """
    out_dir = Path(out_dir or publish.REPORTS_DIR)
    try:
        planned = shard(jobs(), shard_spec)
    except PublicationError as exc:
        print(f"evbrief: error: {exc}", file=sys.stderr)
        return 2, []
    if formats:
        planned = [Job(j.stem, j.notebook, j.parameters, formats) for j in planned]
    if parameters:  # e.g. the edition label, for every notebook that declares it
        planned = [_with(j, parameters) for j in planned]
    lib = library_hash()
    try:
        digests = inputs.table_digests()
    except (OSError, ValueError, KeyError) as exc:
        print(
            f"evbrief: error: {inputs.data_folder() / inputs.PACKAGE_FILE} cannot be read "
            f"({type(exc).__name__}: {exc}). Run `evbrief data validate`",
            file=sys.stderr,
        )
        return 1, []
    manifest = publish.read_manifest(out_dir)
    try:  # every report's parameters are checked before any kernel starts
        checked, keys = checked_parameters(planned, manifest, lib, digests)
    except publish.RenderError as exc:
        print(f"evbrief: error: publication.toml, {exc}", file=sys.stderr)
        return 2, []
    out_dir.mkdir(parents=True, exist_ok=True)
    publish.record_order(
        out_dir, [j.stem for j in jobs()]
    )  # the whole publication's, not a shard's
    todo = [
        j
        for j in planned
        if force or not up_to_date(j, checked[j.stem], out_dir, manifest, lib, bundle, digests)
    ]
    outcomes = [Outcome(j.stem, "skipped") for j in planned if j not in todo]
    if todo:
        if _data_problems():
            return 1, []
        interrupted = _render_todo(
            todo, out_dir, lib, bundle, keys, digests, jobs_n, quiet, outcomes
        )
        if interrupted:
            return interrupted, outcomes
    update_catalogue(out_dir, lib, digests)
    publish.write_index(out_dir)
    order = {j.stem: i for i, j in enumerate(planned)}
    outcomes.sort(key=lambda o: order.get(o.stem, 0))
    if not quiet:
        summary(outcomes)
    return (1 if any(o.status == "failed" for o in outcomes) else 0), outcomes


def _data_problems() -> int:
    """1 (and the first problem on stderr) when the data do not validate, else 0."""
    from evbrief.data import tables as data

    problems = data.validate()
    if problems:
        print(
            f"evbrief: error: the data do not validate ({len(problems)} problem(s)); first: {problems[0]}. "
            "Run `evbrief data validate` for all",
            file=sys.stderr,
        )
        return 1
    return 0


def _render_todo(
    todo: list[Job],
    out_dir: Path,
    lib: str,
    bundle: str,
    keys: dict[str, str],
    digests: dict[str, str],
    jobs_n: int | None,
    quiet: bool,
    outcomes: list[Outcome],
) -> int:
    """Render `todo` in worker processes, appending their outcomes; 130 when interrupted, else 0."""
    import concurrent.futures as cf
    import multiprocessing

    import papermill  # noqa: F401  imported once here, inherited by every forked worker
    from tqdm import tqdm

    from evbrief.publishing.exporter import exporter

    publish.vega_bundle()  # build the cached bundle once, before the workers need it
    exporter()  # the HTML template, compiled once here for every worker
    workers = max(1, min(jobs_n or os.cpu_count() or 1, len(todo)))
    bar = tqdm(
        total=len(todo),
        desc="rendering",
        unit="report",
        file=sys.stderr,
        disable=quiet,
        dynamic_ncols=True,
    )
    _terminate_on_sigterm()
    pool = cf.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_worker_init,
        initargs=(any("pdf" in j.formats for j in todo),),
    )
    try:
        futures = {
            pool.submit(_render_one, j, str(out_dir), lib, bundle, keys[j.stem], digests): j
            for j in todo
        }
        for future in cf.as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            bar.set_postfix_str(f"{outcome.stem} {outcome.status}")
            bar.update()
    except KeyboardInterrupt:
        bar.close()
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()  # SIGTERM: each worker cleans up its staging folder and kernel
        pool.shutdown(wait=True, cancel_futures=True)
        print("evbrief: interrupted; reports/ holds only complete reports", file=sys.stderr)
        return 130
    finally:
        pool.shutdown(wait=True)
    bar.close()
    return 0


def update_catalogue(out_dir: Path, lib: str | None = None, digests: dict | None = None) -> None:
    """data.html and the CSV copies, written again only when the data or the library changed, or
    one of its files is missing; the manifest records what they were made from."""
    lib = lib or library_hash()
    digests = inputs.table_digests() if digests is None else digests
    made_from = hashlib.sha256(f"{lib}\0{inputs.data_hash(None, digests)}".encode()).hexdigest()
    entry = publish.read_manifest(out_dir).get("catalogue") or {}
    if entry.get("inputs") == made_from and all(
        (out_dir / f).exists() for f in entry.get("files", ["data.html"])
    ):
        return
    from evbrief.data import tables as data
    from evbrief.publishing.catalogue import write_catalogue

    write_catalogue(out_dir)
    package = data.read_package()
    files = ["data.html", f"data/{data.PACKAGE_FILE}"]
    files += [f"data/{res['path']}" for res in package["resources"]]
    publish.set_manifest(out_dir, "catalogue", {"inputs": made_from, "files": sorted(files)})


def summary(outcomes: list[Outcome]) -> None:
    width = max([len(o.stem) for o in outcomes] + [6])
    print(f"\n{'report':<{width}}  seconds  status", file=sys.stderr)
    for o in outcomes:
        status = o.status + (f": {o.message}" if o.message else "")
        print(f"{o.stem:<{width}}  {o.seconds:7.1f}  {status}", file=sys.stderr)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("rendered", "skipped", "failed")}
    print(
        f"{counts['rendered']} rendered, {counts['skipped']} skipped, {counts['failed']} failed",
        file=sys.stderr,
    )


def assemble(shards: list[Path], out_dir: Path) -> int:
    """Merge shard folders (CI artifacts) into one publication with one manifest and index."""
    out_dir.mkdir(parents=True, exist_ok=True)
    merged = publish.read_manifest(out_dir)
    for folder in shards:
        manifest = publish.read_manifest(folder)
        if not manifest["reports"]:
            raise PublicationError(
                f"{folder}: no manifest.json with reports; is it a shard's reports folder?"
            )
        for stem, entry in manifest["reports"].items():
            for rel in entry["files"]:
                target = out_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(folder / rel, target)
            merged["reports"][stem] = entry
    try:
        merged["order"] = [j.stem for j in jobs()]
    except PublicationError:
        merged.setdefault("order", [])
    publish.write_manifest(out_dir, merged)
    update_catalogue(out_dir)
    publish.write_index(out_dir)
    return len(merged["reports"])
