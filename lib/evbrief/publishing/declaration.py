"""publication.toml: which reports the publication declares. Read by the publisher (to name a single
render after the report it replaces) and by the publication runner, so neither imports the other."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from evbrief import PROJECT_ROOT

PUBLICATION_FILE = PROJECT_ROOT / "publication.toml"
FORMATS = ("html", "pdf")


class PublicationError(ValueError):
    """publication.toml is malformed or names something that does not exist."""


@dataclass
class Job:
    stem: str
    notebook: str
    parameters: dict = field(default_factory=dict)
    formats: tuple[str, ...] = FORMATS


def jobs(path: Path | None = None) -> list[Job]:
    path = path or PUBLICATION_FILE
    try:
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PublicationError(f"{path.name}: cannot be read ({exc})") from None
    out, seen = [], set()
    for i, entry in enumerate(spec.get("report", []), 1):
        missing = [k for k in ("stem", "notebook") if k not in entry]
        if missing:
            raise PublicationError(f"{path.name}: report #{i} has no {missing[0]!r}")
        if entry["stem"] in seen:
            raise PublicationError(f"{path.name}: report stem {entry['stem']!r} appears twice")
        seen.add(entry["stem"])
        out.append(
            Job(
                entry["stem"],
                entry["notebook"],
                dict(entry.get("parameters", {})),
                tuple(entry.get("formats", FORMATS)),
            )
        )
    return out
