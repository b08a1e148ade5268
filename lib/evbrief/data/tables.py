"""Load the sourced tables of data/ as typed DataFrames, checked against data/datapackage.json.

The checks live next to the loading (as in owid/etl): a table that breaks its schema never reaches a
chart. Every problem names the file, the row (the line number in the CSV, header = line 1), the column
and the rule, so the person who edited the file can go straight to it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

from evbrief import PROJECT_ROOT
from evbrief.data.countries import AGGREGATES

DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
PACKAGE_FILE = "datapackage.json"

# Codes that are not ISO countries but may appear in an `area` column.
EXTRA_AREAS = set(AGGREGATES) | {"ROW"}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # CSV line number (header is line 1); None for a whole-file problem
    column: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.rule}: {self.message}"


class DataError(ValueError):
    """A table broke a rule of its schema; `problems` lists every place."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n  ".join(str(p) for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} data problem(s):\n  {shown}{more}")


def data_dir(path: str | os.PathLike | None = None) -> Path:
    return Path(path or os.environ.get("EVBRIEF_DATA_DIR") or DEFAULT_DATA_DIR)


def read_package(path: str | os.PathLike | None = None) -> dict:
    """The parsed datapackage.json; a clear error if it is missing or not JSON."""
    file = data_dir(path) / PACKAGE_FILE
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(
            [Problem(str(file), None, None, "missing-file", "no datapackage.json")]
        ) from None
    except json.JSONDecodeError as exc:
        raise DataError([Problem(str(file), exc.lineno, None, "invalid-json", exc.msg)]) from None


_PACKAGES: dict[tuple, dict] = {}


def _shared_package(path: str | os.PathLike | None = None) -> dict:
    """datapackage.json parsed once per change of the file, for the read-only lookups of every
    load and citation (a report cites sources hundreds of times; each parse costs ~10 ms).
    Callers must not change it; read_package gives a private copy."""
    file = data_dir(path) / PACKAGE_FILE
    try:
        stat = file.stat()
    except OSError:
        return read_package(path)  # raises the usual DataError
    key = (str(file.resolve()), stat.st_mtime_ns, stat.st_size, stat.st_ino)
    if key not in _PACKAGES:
        _PACKAGES[key] = read_package(path)
    return _PACKAGES[key]


def resource(name: str, package: dict) -> dict:
    for res in package.get("resources", []):
        if res.get("name") == name:
            return res
    names = ", ".join(r.get("name", "?") for r in package.get("resources", []))
    raise KeyError(f"no table named {name!r} in datapackage.json. Tables: {names}")


def table_names(path: str | os.PathLike | None = None) -> list[str]:
    return [r["name"] for r in read_package(path).get("resources", [])]


def sources(name: str, path: str | os.PathLike | None = None) -> dict[str, dict]:
    """The sources of a table by id: what a chart's source line and the reference list cite."""
    res = resource(name, _shared_package(path))
    return {s["id"]: s for s in res.get("sources", [])}


#: Tables loaded in this process: a report records them, so that it re-renders when one of them changes.
LOADED: set[str] = set()


def load(
    name: str, path: str | os.PathLike | None = None, *, history: bool = False
) -> pd.DataFrame:
    """A table as a typed DataFrame; raises DataError naming every broken rule.

    The rows a later row replaces (`superseded_by` set) are left out: what a report reads is the
    current evidence. `history=True` gives every row, superseded ones included.
    """
    LOADED.add(name)
    folder = data_dir(path).resolve()
    package = _shared_package(folder)
    frame, problems = checked_table(resource(name, package), folder, package)
    if problems:
        raise DataError(problems)
    if not history and "superseded_by" in frame.columns:
        frame = frame[frame["superseded_by"].isna()]
    return frame.copy()


# --- checked tables, cached by content -----------------------------------------------------------
#
# Parsing and checking every table costs about two seconds, and every process that renders needs
# them: the CLI validating before a render, each kernel, the catalogue. A checked table (its typed
# frame and its problems) is therefore kept in memory and in a cache folder, under a hash of
# everything the result depends on: the CSV's bytes, its entry in datapackage.json (schema, sources),
# the folder name shown in messages, and the checking code and the versions of pandas and pycountry.
# A change to any of them is a new key; nothing is ever stale, and unchanged tables are checked once.

_CHECKED: dict[str, tuple[pd.DataFrame, list[Problem]]] = {}
_CHECKERS = ("tables.py", "rules.py", "countries.py", "dates.py")


@lru_cache(maxsize=1)
def _checker_version() -> bytes:
    h = hashlib.sha256(f"{pd.__version__} {pycountry.__version__}".encode())
    for name in _CHECKERS:
        h.update((Path(__file__).parent / name).read_bytes())
    return h.digest()


def _table_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "evbrief" / "tables"


def checked_table(res: dict, folder: Path, package: dict) -> tuple[pd.DataFrame, list[Problem]]:
    """check_table, parsed and checked once per change of the table's bytes, schema or checks."""
    try:
        raw = (folder / res.get("path", "")).read_bytes()
    except OSError:  # missing or unreadable: check_table says which, at no cost
        return check_table(res, folder, package)
    h = hashlib.sha256(_checker_version())
    from evbrief.data.dates import today  # the clock rules refuse dates after today

    h.update(today().isoformat().encode())
    h.update(json.dumps(res, sort_keys=True, default=str).encode())
    h.update(folder.name.encode() + b"\0" + raw)
    key = h.hexdigest()
    if key in _CHECKED:
        return _CHECKED[key]
    file = _table_cache() / f"{key}.pickle"
    try:
        result = pickle.loads(file.read_bytes())  # our own cache folder, written below
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        result = check_table(res, folder, package, raw)
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            tmp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, file)
        except OSError:
            pass  # a read-only cache only costs time
    _CHECKED[key] = result
    return result


def validate(path: str | os.PathLike | None = None) -> list[Problem]:
    """Every problem in every table of a data folder (empty when all is well)."""
    folder = data_dir(path)
    try:
        package = read_package(folder)
    except DataError as exc:
        return exc.problems
    problems = check_package(package, folder)
    for res in package.get("resources", []):
        problems += checked_table(res, folder, package)[1]
    return problems


# --- package-level rules ------------------------------------------------------------------------


def check_package(package: dict, folder: Path) -> list[Problem]:
    file = str(folder / PACKAGE_FILE)
    problems = []
    for res in package.get("resources", []):
        name = res.get("name", "?")
        for key in ("name", "path", "title", "schema", "sources", "licenses"):
            if not res.get(key):
                problems.append(Problem(file, None, name, "resource-metadata", f"missing {key!r}"))
        for field in res.get("schema", {}).get("fields", []):
            if field.get("type") in ("number", "integer") and not field.get("unit"):
                if field["name"] not in res.get("schema", {}).get("unitless", []):
                    problems.append(
                        Problem(
                            file,
                            None,
                            f"{name}.{field['name']}",
                            "unit",
                            "numeric field has no unit",
                        )
                    )
            if not field.get("description"):
                problems.append(
                    Problem(
                        file,
                        None,
                        f"{name}.{field['name']}",
                        "description",
                        "field has no description",
                    )
                )
        for src in res.get("sources", []):
            sid = src.get("id", "?")
            if not src.get("id"):
                problems.append(Problem(file, None, name, "source", "a source has no id"))
            if not (src.get("path") or src.get("title")):
                problems.append(
                    Problem(file, None, f"{name}:{sid}", "source", "no URL or document title")
                )
            for key in ("publisher", "year"):
                if not src.get(key):
                    problems.append(Problem(file, None, f"{name}:{sid}", "source", f"no {key}"))
            if not src.get("licenses"):
                problems.append(Problem(file, None, f"{name}:{sid}", "source", "no licence"))
    return problems


# --- table-level rules --------------------------------------------------------------------------

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def read_records(
    file: Path, shown: str, raw_bytes: bytes | None = None
) -> tuple[pd.DataFrame | None, np.ndarray, list[Problem]]:
    """The records of a CSV as text, read as the CSV standard (RFC 4180) says, with their lines.

    A quoted cell may hold line breaks (\\r, \\n or \\r\\n), so a record may span several lines:
    each record carries the line it starts on, which is what an editor shows. An unquoted line
    break ends the record, so a record cut in two has too few cells, and is refused at its own
    line instead of being padded with empty cells. Returns (None, [], problems) when the file
    cannot be read as CSV at all.
    """
    records, lines, problems = [], [], []
    if raw_bytes is not None:
        try:
            source = io.StringIO(raw_bytes.decode("utf-8"), newline="")
        except UnicodeDecodeError as exc:
            return (
                None,
                np.array([]),
                [Problem(shown, None, None, "not-csv", f"cannot be read as CSV ({exc})")],
            )
    else:
        source = open(file, encoding="utf-8", newline="")  # noqa: SIM115 (closed by the with below)
    with source as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                return None, np.array([]), [Problem(shown, None, None, "not-csv", "empty file")]
            width = len(header)
            start = reader.line_num + 1
            for record in reader:
                if record:  # a blank line holds no record
                    if len(record) == width:
                        records.append(record)
                        lines.append(start)
                    else:
                        problems.append(
                            Problem(
                                shown,
                                start,
                                None,
                                "cells",
                                f"{len(record)} cell(s) where the header has {width}; a line "
                                "break or a comma inside a cell must be within double quotes",
                            )
                        )
                start = reader.line_num + 1
        except (csv.Error, UnicodeDecodeError) as exc:
            where = (reader.line_num or None) if isinstance(exc, csv.Error) else None
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return (
                None,
                np.array([]),
                [Problem(shown, where, None, "not-csv", f"cannot be read as CSV ({first})")],
            )
    seen = set()
    for col in header:
        if col in seen:
            problems.append(Problem(shown, 1, col, "duplicate-column", "the header names it twice"))
        seen.add(col)
    if len(seen) < width:
        return None, np.array([]), problems
    frame = pd.DataFrame(records, columns=header, dtype=str)
    return frame, np.array(lines, dtype=int), problems


def check_table(
    res: dict, folder: Path, package: dict, raw_bytes: bytes | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse one CSV by its schema and apply every rule; returns the typed frame and the problems.

    `raw_bytes`, when given, are the file's content already read (so that a cache key and the
    parse see the same bytes).
    """
    file = folder / res.get("path", "")
    shown = str(Path(folder.name) / res.get("path", "")) if folder.name else str(file)
    schema = res.get("schema", {})
    fields = schema.get("fields", [])
    names = [f["name"] for f in fields]
    try:
        raw, line, problems = read_records(file, shown, raw_bytes)
    except FileNotFoundError:
        return pd.DataFrame(), [Problem(shown, None, None, "missing-file", "file not found")]
    if raw is None:
        return pd.DataFrame(), problems

    missing = [n for n in names if n not in raw.columns]
    extra = [c for c in raw.columns if c not in names]
    for col in missing:
        problems.append(Problem(shown, 1, col, "missing-column", "the schema requires this column"))
    for col in extra:
        problems.append(
            Problem(
                shown, 1, col, "extra-column", f"not in the schema; columns are {', '.join(names)}"
            )
        )
    if missing:
        return pd.DataFrame(), problems

    frame = pd.DataFrame(index=raw.index)
    for field in fields:
        col, kind = field["name"], field.get("type", "string")
        text = raw[col].str.strip()
        empty = text == ""
        cons = field.get("constraints", {})
        if cons.get("required"):
            for i in raw.index[empty]:
                problems.append(Problem(shown, int(line[i]), col, "required", "value is missing"))
        if kind in ("number", "integer", "year"):
            values = pd.to_numeric(text.where(~empty), errors="coerce").astype("float64")
            bad = ~empty & (values.isna() | ~np.isfinite(values.fillna(0)))
            if kind in ("integer", "year"):
                # whole numbers only, and small enough to be stored exactly
                bad |= ~empty & values.notna() & ((values % 1 != 0) | (values.abs() > 2**53))
            for i in raw.index[bad]:
                problems.append(
                    Problem(shown, int(line[i]), col, "type", f"{raw.at[i, col]!r} is not a {kind}")
                )
            values = values.where(~bad)
            frame[col] = (
                values.astype("Int64") if kind in ("integer", "year") else values.astype("Float64")
            )
        elif kind == "boolean":
            low = text.str.lower()
            bad = ~empty & ~low.isin(_TRUE | _FALSE)
            for i in raw.index[bad]:
                problems.append(
                    Problem(
                        shown, int(line[i]), col, "type", f"{raw.at[i, col]!r} is not true/false"
                    )
                )
            frame[col] = low.map(
                lambda v: True if v in _TRUE else (False if v in _FALSE else pd.NA)
            ).astype("boolean")
        elif kind == "date":
            values = pd.to_datetime(text.where(~empty), errors="coerce", format="ISO8601")
            bad = ~empty & values.isna()
            for i in raw.index[bad]:
                problems.append(
                    Problem(shown, int(line[i]), col, "type", f"{raw.at[i, col]!r} is not a date")
                )
            frame[col] = values
        else:
            frame[col] = text.where(~empty).astype("string")
        problems += _constraints(shown, line, col, frame[col], cons)

    problems += _primary_key(shown, line, frame, schema.get("primaryKey", []))
    problems += _foreign_keys(shown, line, frame, res)
    from evbrief.data.rules import table_rules

    problems += [Problem(shown, *p) for p in table_rules(res["name"], frame, line, res)]
    return frame, problems


def _constraints(shown, line, col, values: pd.Series, cons: dict) -> list[Problem]:
    problems = []
    present = values.notna()
    if "enum" in cons:
        allowed = set(cons["enum"])
        bad = present & ~values.astype("string").isin(allowed)
        for i in values.index[bad]:
            problems.append(
                Problem(
                    shown, int(line[i]), col, "enum", f"{values[i]!r} not one of {sorted(allowed)}"
                )
            )
    for key, op, word in (("minimum", "lt", "below"), ("maximum", "gt", "above")):
        if key in cons:
            bad = present & getattr(values, op)(cons[key]).fillna(False)
            for i in values.index[bad]:
                problems.append(
                    Problem(
                        shown,
                        int(line[i]),
                        col,
                        "range",
                        f"{values[i]} is {word} the {key} {cons[key]}",
                    )
                )
    if "pattern" in cons:
        bad = present & ~values.astype("string").str.fullmatch(cons["pattern"]).fillna(False)
        for i in values.index[bad]:
            problems.append(
                Problem(
                    shown,
                    int(line[i]),
                    col,
                    "pattern",
                    f"{values[i]!r} does not match {cons['pattern']}",
                )
            )
    if cons.get("unique"):
        dup = present & values.duplicated(keep="first")
        for i in values.index[dup]:
            problems.append(
                Problem(shown, int(line[i]), col, "unique", f"{values[i]!r} appears twice")
            )
    return problems


def _primary_key(shown, line, frame, key: list[str] | str) -> list[Problem]:
    key = [key] if isinstance(key, str) else list(key)
    if not key:
        return []
    dup = frame.duplicated(subset=key, keep="first")
    return [
        Problem(
            shown,
            int(line[i]),
            ",".join(key),
            "primary-key",
            "duplicate key " + ", ".join(f"{k}={frame.at[i, k]}" for k in key),
        )
        for i in frame.index[dup]
    ]


@lru_cache(maxsize=1)
def _iso3() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


def _foreign_keys(shown, line, frame, res: dict) -> list[Problem]:
    problems = []
    if "source_id" in frame.columns:
        ids = {s.get("id") for s in res.get("sources", [])}
        # a row may cite several sources, separated by ';'
        cited = frame["source_id"].fillna("").str.split(";")
        bad = frame["source_id"].notna() & ~cited.map(
            lambda parts: all(p.strip() in ids for p in parts)
        )
        for i in frame.index[bad]:
            problems.append(
                Problem(
                    shown,
                    int(line[i]),
                    "source_id",
                    "source",
                    f"{frame.at[i, 'source_id']!r} is not described in this table's sources in datapackage.json",
                )
            )
        for i in frame.index[frame["source_id"].isna()]:
            problems.append(
                Problem(shown, int(line[i]), "source_id", "source", "row has no source")
            )
    for col in res.get("schema", {}).get("areaFields", []):
        valid = _iso3() | EXTRA_AREAS
        bad = frame[col].notna() & ~frame[col].isin(valid)
        for i in frame.index[bad]:
            problems.append(
                Problem(
                    shown,
                    int(line[i]),
                    col,
                    "area",
                    f"{frame.at[i, col]!r} is not an ISO3 code or known aggregate",
                )
            )
    return problems
