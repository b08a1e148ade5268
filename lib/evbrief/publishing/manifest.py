"""reports/manifest.json: what was rendered, from which inputs. Read by the publisher, the index and the
editions archive alike, so that none of them needs another's module to know what a folder holds."""

from __future__ import annotations

import json
from pathlib import Path

MANIFEST = "manifest.json"


def read(out_dir: Path) -> dict:
    """The manifest of a published folder; an empty one where none was written yet."""
    try:
        return json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {"reports": {}}
