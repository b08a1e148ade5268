"""What a report depends on, hashed with the standard library alone.

`render --all` compares these hashes with the ones recorded in reports/manifest.json to decide what
to render again. When nothing changed, that decision is the whole run, so it must cost milliseconds:
hashing the library's files and the tables takes a few tens of milliseconds, where importing pandas
to read the tables took about a second. Nothing here imports more than the standard library.

The one input that needs the data read is a parameter's default that follows it (end_year: the
latest year in ev_sales). The manifest therefore records each report's checked parameters with a
hash of everything the check reads (check_key): the notebook, the given values, the library (with
scenarios.toml and the lock file) and every table. A change to any of them is a new key, and the
parameters are checked again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from evbrief import PROJECT_ROOT

#: Files outside lib/ that every report depends on (scenario settings, package versions).
SHARED_INPUTS = ("scenarios.toml", "asks.toml", "requirements.lock", "pyproject.toml")
LIBRARY = Path(__file__).parents[1]  # lib/evbrief: every stage
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
PACKAGE_FILE = "datapackage.json"


def data_folder() -> Path:
    """The data folder, by evbrief.data.tables.data_dir's rule (a test holds them equal), without pandas."""
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
    # the data text in other languages (data/locale/<code>.toml) is read by the language layer, not as a table
    # by name within the data folder, so a copy of the same data (EVBRIEF_DATA_DIR) is the same library
    h = hashlib.sha256(hash_files(files + [PROJECT_ROOT / f for f in SHARED_INPUTS]).encode())
    for path in sorted((data_folder() / "locale").glob("*.toml")):
        h.update(f"locale/{path.name}".encode() + path.read_bytes())
    return h.hexdigest()


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


# --- what checking a report's parameters reads ----------------------------------------------------


def check_key(notebook: Path, given: dict, lib: str, digests: dict[str, str]) -> str:
    """A hash of everything parameters.check reads for one report: the notebook (its defaults), the
    given values, the library (its rules, scenarios.toml, the lock file) and every table (end_year
    follows ev_sales; the key takes all tables, so no rule's reading of the data is missed).

    The manifest records it with the checked parameters; a re-render whose key is the same uses
    them instead of checking again, which would import pandas and load ev_sales.
    """
    given_json = json.dumps(given, sort_keys=True, default=repr)
    h = hashlib.sha256(f"{notebook.name}\0{given_json}\0{lib}\0".encode())
    h.update(notebook.read_bytes())
    h.update(data_hash(None, digests).encode())
    return h.hexdigest()
