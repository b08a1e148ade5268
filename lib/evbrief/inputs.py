"""What a report depends on, hashed with the standard library alone.

`render --all` compares these hashes with the ones recorded in reports/manifest.json to decide what
to render again. When nothing changed, that decision is the whole run, so it must cost milliseconds:
hashing the library's files and the tables takes a few tens of milliseconds, where importing pandas
to read the tables took about a second. Nothing here imports more than the standard library.

The one input that needs the data read is a parameter's default that follows it (end_year: the
latest year in ev_sales). The checked parameters are therefore cached, outside reports/, under a
hash of everything the check reads: the notebook, the given values, the library (with
scenarios.toml and the lock file) and every table. A change to any of them is a new key, so a
cached value is never stale.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from . import PROJECT_ROOT

#: Files outside lib/ that every report depends on (scenario settings, package versions).
SHARED_INPUTS = ("scenarios.toml", "requirements.lock", "pyproject.toml")
LIBRARY = Path(__file__).parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
PACKAGE_FILE = "datapackage.json"


def data_folder() -> Path:
    """The data folder, by evbrief.data.data_dir's rule (a test holds them equal), without pandas."""
    return Path(os.environ.get("EVBRIEF_DATA_DIR") or DEFAULT_DATA_DIR)


def hash_files(files: Iterable[Path]) -> str:
    """One hash of the files' names (relative to the project) and bytes; a missing file counts too."""
    h = hashlib.sha256()
    for file in sorted((Path(f) for f in files), key=str):
        name = file.relative_to(PROJECT_ROOT) if file.is_relative_to(PROJECT_ROOT) else file
        h.update(str(name).encode())
        try:
            h.update(file.read_bytes())
        except FileNotFoundError:
            h.update(b"<missing>")
    return h.hexdigest()


def library_hash() -> str:
    """lib/evbrief (code, templates, catalogues, assets) and the shared inputs."""
    # bench.py measures renders and takes no part in them: editing it must not re-render the publication
    files = [
        p
        for p in LIBRARY.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.name != "bench.py"
    ]
    return hash_files(files + [PROJECT_ROOT / f for f in SHARED_INPUTS])


def table_digests(folder: Path | None = None) -> dict[str, str]:
    """Per table of datapackage.json: a hash of its entry (schema, sources) and its file's bytes.

    Computed once per run and handed to data_hash for every report, so that each file is read once.
    """
    folder = Path(folder or data_folder())
    package = json.loads((folder / PACKAGE_FILE).read_text(encoding="utf-8"))
    digests = {}
    for res in package["resources"]:
        h = hashlib.sha256(json.dumps(res, sort_keys=True).encode() + b"\0")
        try:
            h.update((folder / res["path"]).read_bytes())
        except FileNotFoundError:
            h.update(b"<missing>")
        digests[res["name"]] = h.hexdigest()
    return digests


def data_hash(tables: list[str] | None, digests: dict[str, str] | None = None) -> str:
    """The data a report read: its tables' files and their entries in datapackage.json (all, if unknown)."""
    digests = table_digests() if digests is None else digests
    names = sorted(tables) if tables else sorted(digests)
    h = hashlib.sha256()
    for name in names:
        h.update(f"{name}\0{digests.get(name, '<missing>')}\0".encode())
    return h.hexdigest()


def inputs_hash(
    notebook: Path,
    formats: Iterable[str],
    checked: dict,
    tables: list[str] | None,
    lib: str,
    bundle: str = "inline",
    digests: dict[str, str] | None = None,
) -> str:
    """Everything one report's files depend on: notebook, settings, library, the data it read."""
    h = hashlib.sha256()
    h.update(Path(notebook).read_bytes())
    settings = {"parameters": checked, "formats": list(formats)}
    if bundle != "inline":  # the page differs; inline keeps the hashes it always had
        settings["bundle"] = bundle
    h.update(json.dumps(settings, sort_keys=True, default=str).encode())
    h.update(lib.encode())
    h.update(data_hash(tables, digests).encode())
    return h.hexdigest()


# --- checked parameters, cached by what the check reads ------------------------------------------


def _cache_dir() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "evbrief" / "parameters"


def _canonical(values: dict) -> str:
    """The parameters as inputs_hash sees them."""
    return json.dumps(values, sort_keys=True, default=str)


def checked_parameters(
    notebook: Path,
    given: dict,
    check: Callable[[], dict],
    lib: str,
    digests: dict[str, str],
) -> dict:
    """check() (the notebook's parameters, checked), or what it returned before for the same inputs.

    The key holds the notebook's bytes, the given values, the library hash and every table's
    digest: everything parameters.check reads (its defaults, its rules, scenarios.toml, ev_sales).
    A check that fails raises, as before, and is not cached.
    """
    try:
        given_json = json.dumps(given, sort_keys=True)
    except (TypeError, ValueError):  # a value JSON cannot hold exactly: no cache
        return check()
    h = hashlib.sha256(f"{notebook.name}\0{given_json}\0{lib}\0".encode())
    h.update(notebook.read_bytes())
    h.update(data_hash(None, digests).encode())
    file = _cache_dir() / f"{h.hexdigest()}.json"
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    checked = check()
    text = _canonical(checked)
    if _canonical(json.loads(text)) != text:  # would not come back the same: do not keep it
        return checked
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, file)
    except OSError:
        pass  # a read-only cache only costs time
    return checked
