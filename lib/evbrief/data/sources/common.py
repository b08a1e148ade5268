"""Helpers shared by the builders: name mapping and safe writing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from evbrief import PROJECT_ROOT

AREA_NAMES = PROJECT_ROOT / "data" / "area_names.csv"


def area_map(source: str) -> dict[str, str]:
    """Source spelling -> area code, from the one mapping file (never ad-hoc string edits)."""
    names = pd.read_csv(AREA_NAMES, dtype=str)
    names = names[names["source"] == source]
    return dict(zip(names["source_name"], names["area"], strict=True))


def write_csv_atomic(frame: pd.DataFrame, path: Path) -> None:
    """Write beside the target and rename, so a crash never leaves half a table in data/."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        frame.to_csv(tmp, index=False, lineterminator="\n")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
