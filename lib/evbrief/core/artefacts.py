"""Computed results kept on disk, shared by every process that needs them: each report's kernel,
each render worker, a JupyterLab kernel.

An artefact is any picklable result (the model's Monte Carlo draws, its back-test, its projections)
stored under a key that hashes everything the result depends on; the caller names those inputs
(digests of the data files read, of the settings and of the code, and the arguments). A change of
any input is a new key, so an entry is never stale; old entries are simply not read again.

The cache folder is $XDG_CACHE_HOME/evbrief/model (~/.cache/evbrief/model), beside the checked
tables (evbrief.data.tables keeps those in .../tables). Each entry is one file:

    b"evbrief-artefact 1\\n" + sha256(payload) as hex + b"\\n" + payload (a pickle)

written to a temporary file in the same folder and moved into place with os.replace, so a reader
sees the old entry, the new one or none, never half of one; two processes computing the same entry
each move a complete file into place, and the last one stays. An entry that cannot be read, whose
checksum does not match or that does not unpickle is computed again and replaced: never trusted.
A read-only or full cache folder only costs time. Entries not written for KEEP_SECONDS go.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

MAGIC = b"evbrief-artefact 1\n"
#: Entries not written again for this long are removed when another is written (each edit of the
#: data or the model's code leaves the old entries behind, about a megabyte a set).
KEEP_SECONDS = 30 * 24 * 3600
#: Results kept in this process as well, by key (a kernel asks for the same draws several times).
MEMORY_ENTRIES = 64

MISSING = object()  # what read() returns for no entry or a damaged one (None is a valid result)

_MEMORY: OrderedDict[str, object] = OrderedDict()
_DIGESTS: dict[tuple, str] = {}


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "evbrief" / "model"


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes ("missing" for none), hashed once per change of its stat."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError:
        return "missing"
    stamp = (str(path.resolve()), st.st_mtime_ns, st.st_size, st.st_ino)
    if stamp not in _DIGESTS:
        _DIGESTS[stamp] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _DIGESTS[stamp]


def files_digest(files: Iterable[Path]) -> str:
    """One digest of several files, by name and content."""
    h = hashlib.sha256()
    for f in files:
        h.update(f"{Path(f).name}\0{file_digest(f)}\0".encode())
    return h.hexdigest()


def key(kind: str, inputs: dict) -> str:
    """The entry's name: the kind of result and a hash of every input, as canonical JSON."""
    text = json.dumps(inputs, sort_keys=True, default=str, separators=(",", ":"))
    return f"{kind}-{hashlib.sha256(text.encode()).hexdigest()[:40]}"


def path_of(name: str) -> Path:
    return cache_dir() / f"{name}.pickle"


def read(name: str):
    """The stored result, or MISSING where there is none or it is damaged (bad checksum, bad pickle)."""
    try:
        blob = path_of(name).read_bytes()
    except OSError:
        return MISSING
    head = len(MAGIC) + 65
    if len(blob) < head or not blob.startswith(MAGIC) or blob[head - 1 : head] != b"\n":
        return MISSING
    checksum, payload = blob[len(MAGIC) : head - 1], blob[head:]
    if hashlib.sha256(payload).hexdigest().encode() != checksum:
        return MISSING
    try:
        stored = pickle.loads(payload)  # our own folder, and the checksum matches what we wrote
    except Exception:
        return MISSING
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == name):
        return MISSING  # another entry's bytes under this name
    return stored[1]


def write(name: str, value) -> bool:
    """Store a result: a temporary file in the cache folder, then moved into place. False if the
    folder cannot be written (the result is then simply not kept)."""
    payload = pickle.dumps((name, value), protocol=pickle.HIGHEST_PROTOCOL)
    blob = MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    target = path_of(name)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(blob)
        os.replace(tmp, target)
    except OSError:
        return False
    finally:
        tmp.unlink(missing_ok=True)
    _prune(target.parent)
    return True


def _prune(folder: Path) -> None:
    """Remove entries older than KEEP_SECONDS (and temporary files a killed writer left)."""
    cutoff = time.time() - KEEP_SECONDS
    for entry in folder.iterdir():
        try:
            if entry.stat().st_mtime < cutoff:
                entry.unlink()
        except OSError:
            pass  # another process removed or replaced it


def cached(name: str, compute: Callable[[], object]):
    """The result stored under `name`, computed (and stored) when it is missing or damaged.

    Callers receive the object itself; a mutable result must be copied by the caller before it is
    handed on (the same object is kept in memory for the next call in this process)."""
    if name in _MEMORY:
        _MEMORY.move_to_end(name)
        return _MEMORY[name]
    value = read(name)
    if value is MISSING:
        value = compute()
        write(name, value)
    _MEMORY[name] = value
    while len(_MEMORY) > MEMORY_ENTRIES:
        _MEMORY.popitem(last=False)
    return value


def present(name: str) -> bool:
    """Whether a result is at hand without computing it (in this process or on disk)."""
    return name in _MEMORY or path_of(name).exists()


def forget_memory() -> None:
    """Drop the in-process copies (tests; a kernel reads the disk entries again)."""
    _MEMORY.clear()
