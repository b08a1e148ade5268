"""Writing files so that a reader never sees half of one: write beside the target, then rename.

A file whose bytes would not change is left alone (same bytes, same mtime), so that a re-render
that changes nothing changes nothing a deploy step or a make rule could see.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def write_bytes_atomic(path: Path, content: bytes) -> bool:
    """Write `content` to `path` unless it already holds exactly that; True when it was written."""
    path = Path(path)
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(content)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return True


def write_text_atomic(path: Path, text: str) -> bool:
    return write_bytes_atomic(path, text.encode("utf-8"))


def copy_if_changed(source: Path, target: Path) -> bool:
    """A copy of `source` at `target`, written only when the bytes differ."""
    return write_bytes_atomic(target, Path(source).read_bytes())
