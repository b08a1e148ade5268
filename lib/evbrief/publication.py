"""The publication declared in publication.toml, rendered as a whole with one progress display."""

from __future__ import annotations

import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import PROJECT_ROOT, publish

PUBLICATION_FILE = PROJECT_ROOT / "publication.toml"


@dataclass
class Job:
    stem: str
    notebook: str
    parameters: dict = field(default_factory=dict)
    formats: tuple[str, ...] = publish.FORMATS


def jobs(path: Path = PUBLICATION_FILE) -> list[Job]:
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for entry in spec.get("report", []):
        out.append(Job(entry["stem"], entry["notebook"], dict(entry.get("parameters", {})),
                       tuple(entry.get("formats", publish.FORMATS))))
    return out


def render_all(formats: tuple[str, ...] | None = None, out_dir: Path | None = None) -> int:
    """Render every declared report; a failure is reported and the others still render."""
    from tqdm import tqdm

    planned = jobs()
    # parameters are checked for every report before any kernel starts
    for job in planned:
        try:
            publish.check_parameters(job.notebook, job.parameters)
        except publish.RenderError as exc:
            print(f"evbrief: error: publication.toml, report {job.stem!r}: {exc}", file=sys.stderr)
            return 2
    rows, failed = [], 0
    bar = tqdm(planned, desc="rendering", unit="report", file=sys.stderr, dynamic_ncols=True)
    for job in bar:
        bar.set_postfix_str(job.stem)
        started = time.perf_counter()
        try:
            publish.render(job.notebook, job.parameters, formats=formats or job.formats, out_dir=out_dir,
                           stem=job.stem)
            rows.append((job.stem, time.perf_counter() - started, "ok"))
        except publish.RenderError as exc:
            failed += 1
            rows.append((job.stem, time.perf_counter() - started, f"FAILED: {exc}"))
    bar.close()
    from .catalogue import write_catalogue

    target = out_dir or publish.REPORTS_DIR
    write_catalogue(target)
    publish.write_index(target)
    width = max(len(r[0]) for r in rows) if rows else 6
    print(f"\n{'report':<{width}}  seconds  status", file=sys.stderr)
    for stem, seconds, status in rows:
        print(f"{stem:<{width}}  {seconds:7.1f}  {status}", file=sys.stderr)
    return 1 if failed else 0
