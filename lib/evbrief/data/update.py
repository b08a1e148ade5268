"""`evbrief data update`: rebuild a table from a newer release of its source, checked before it lands.

A refresh is the step most likely to lose data without anyone noticing: an older edition, or one
that covers fewer countries, validates as well as the current one. So the incoming table is
compared with the current one first (rows, areas and years added and removed, values revised), the
difference is shown, and an update that would remove anything, or that comes from an older
edition, is refused unless the user says --allow-removals. Re-importing the current file writes
nothing. Provenance notes are kept: a new edition records the previous one's note beside its own.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evbrief.core.files import write_text_atomic
from evbrief.data import tables as data
from evbrief.data.sources import iea
from evbrief.data.sources.common import write_csv_atomic


class UpdateError(ValueError):
    """The new release cannot replace the table; the shipped table is left as it was."""


SUPPORTED = ("ev_sales",)


@dataclass
class Revision:
    key: tuple
    column: str
    old: float
    new: float

    @property
    def change(self) -> float:
        """Relative change (new / old - 1); infinite from zero."""
        return self.new / self.old - 1 if self.old else float("inf")

    def __str__(self) -> str:
        where = " ".join(str(k) for k in self.key)
        pct = f"{self.change:+.1%}" if self.old else "from 0"
        return f"{where} {self.column}: {self.old:,.6g} -> {self.new:,.6g} ({pct})"


@dataclass
class TableDiff:
    """What replacing one version of a table by another would change."""

    table: str
    old_rows: int
    new_rows: int
    rows_added: int = 0
    rows_removed: int = 0
    areas_added: list[str] = field(default_factory=list)
    areas_removed: list[str] = field(default_factory=list)
    years_added: list[int] = field(default_factory=list)
    years_removed: list[int] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)  # largest relative change first
    old_edition: int | None = None
    new_edition: int | None = None

    @property
    def removes(self) -> bool:
        return bool(self.rows_removed or self.areas_removed or self.years_removed)

    @property
    def older(self) -> bool:
        return None not in (self.old_edition, self.new_edition) and (
            self.new_edition < self.old_edition
        )

    @property
    def unchanged(self) -> bool:
        return not (self.rows_added or self.removes or self.revisions)

    def lines(self, largest: int = 5) -> list[str]:
        """The difference in a few lines, for the terminal."""
        from evbrief.data.countries import known_codes, name

        def areas(codes):
            return ", ".join(f"{name(c)} ({c})" if c in known_codes() else c for c in codes)

        edition = ""
        if self.old_edition or self.new_edition:
            edition = f" (edition {self.old_edition} -> {self.new_edition}"
            edition += ", an OLDER edition)" if self.older else ")"
        out = [
            f"{self.table}: {self.old_rows} -> {self.new_rows} rows{edition}: "
            f"{self.rows_added} added, {self.rows_removed} removed, "
            f"{len(self.revisions)} value(s) revised"
        ]
        if self.areas_added:
            out.append(f"  areas added: {areas(self.areas_added)}")
        if self.areas_removed:
            out.append(f"  areas removed: {areas(self.areas_removed)}")
        if self.years_added:
            out.append(f"  years added: {', '.join(map(str, self.years_added))}")
        if self.years_removed:
            out.append(f"  years removed: {', '.join(map(str, self.years_removed))}")
        if self.revisions:
            out.append(f"  largest revisions of {len(self.revisions)}:")
            out += [f"    {r}" for r in self.revisions[:largest]]
        return out


def _key_columns(res: dict) -> list[str]:
    key = res.get("schema", {}).get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def _value_columns(res: dict) -> list[str]:
    return [
        f["name"]
        for f in res.get("schema", {}).get("fields", [])
        if f.get("type") in ("number", "integer") and f["name"] not in _key_columns(res)
    ]


def compare(res: dict, old: pd.DataFrame, new: pd.DataFrame) -> TableDiff:
    """The difference between two versions of a table, matched row by row on its primary key."""
    key, values = _key_columns(res), _value_columns(res)
    diff = TableDiff(res["name"], len(old), len(new))
    if "area" in old.columns:
        before, after = set(old["area"].dropna()), set(new["area"].dropna())
        diff.areas_added, diff.areas_removed = sorted(after - before), sorted(before - after)
    if "year" in old.columns:
        before = {int(y) for y in old["year"].dropna()}
        after = {int(y) for y in new["year"].dropna()}
        diff.years_added, diff.years_removed = sorted(after - before), sorted(before - after)
    merged = old[key + values].merge(
        new[key + values], on=key, how="outer", suffixes=("_old", "_new"), indicator=True
    )
    diff.rows_added = int((merged["_merge"] == "right_only").sum())
    diff.rows_removed = int((merged["_merge"] == "left_only").sum())
    both = merged[merged["_merge"] == "both"]
    for col in values:
        a = both[f"{col}_old"].astype("Float64")
        b = both[f"{col}_new"].astype("Float64")
        moved = (a.notna() & b.notna() & (a != b)).fillna(False)
        for i in both.index[moved]:
            diff.revisions.append(
                Revision(tuple(both.at[i, k] for k in key), col, float(a.at[i]), float(b.at[i]))
            )
    diff.revisions.sort(key=lambda r: (-abs(r.change), r.key, r.column))
    return diff


def _edition_of(source: dict) -> int | None:
    found = re.search(r"(\d{4})$", str(source.get("id", "")))
    return int(found.group(1)) if found else None


def _sources(old: dict, edition: int, location: str) -> list[dict]:
    """The table's source entry for `edition`, keeping every note it had before.

    The same edition keeps its entry as it is. A new edition gets its own entry, and the one it
    replaces is kept under `previous_editions` with its note, so no caveat is ever lost.
    """
    if _edition_of(old) == edition:
        return [old]
    previous = old.pop("previous_editions", [])
    kept = {k: old[k] for k in ("id", "title", "year", "path", "note") if k in old}
    return [
        {
            **old,
            "id": f"iea-gevo-{edition}",
            "title": f"Global EV Data Explorer {edition} (data of the Global EV Outlook {edition})",
            "year": edition,
            "path": f"https://www.iea.org/reports/global-ev-outlook-{edition}",
            "attribution": f"IEA ({edition}), Global EV Outlook {edition}, "
            f"https://www.iea.org/reports/global-ev-outlook-{edition}, Licence: CC BY 4.0",
            "note": "IEA rounds to two significant figures.",
            "imported": {
                "from": Path(location).name,
                "on": os.environ.get("EVBRIEF_RENDER_DATE") or dt.date.today().isoformat(),
            },
            "previous_editions": [*previous, kept],
        }
    ]


@dataclass
class Outcome:
    diff: TableDiff
    written: bool
    message: str


def update_table(
    table: str,
    location: str,
    edition: int | None = None,
    data_dir=None,
    allow_removals: bool = False,
    dry_run: bool = False,
) -> str:
    """Compare, then replace (unless refused or a dry run); returns the report for the terminal."""
    return refresh(table, location, edition, data_dir, allow_removals, dry_run).message


def refresh(
    table: str,
    location: str,
    edition: int | None = None,
    data_dir=None,
    allow_removals: bool = False,
    dry_run: bool = False,
) -> Outcome:
    if table not in SUPPORTED:
        raise UpdateError(f"no updater for table {table!r}. Supported: {', '.join(SUPPORTED)}")
    folder = data.data_dir(data_dir)
    path = iea.fetch(location)
    try:
        release, found = iea.read_release(path)
    except iea.SourceFormatError as exc:
        raise UpdateError(str(exc)) from None
    edition = edition or found
    if edition is None:
        raise UpdateError(
            f"{path.name}: cannot tell the edition year from the file; give --edition YEAR"
        )
    source_id = f"iea-gevo-{edition}"
    try:
        frame = iea.build_ev_sales(release, source_id)
    except iea.SourceFormatError as exc:
        raise UpdateError(str(exc)) from None

    package = data.read_package(folder)
    res = data.resource(table, package)
    current = json.loads(json.dumps(res["sources"][0]))
    res["sources"] = _sources(json.loads(json.dumps(current)), edition, location)
    package_text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"

    # check the new table in a scratch copy of the folder before anything in data/ changes
    with tempfile.TemporaryDirectory(prefix="evbrief-update-") as scratch:
        scratch = Path(scratch)
        for file in folder.iterdir():
            if file.is_file():
                shutil.copy2(file, scratch / file.name)
        write_csv_atomic(frame, scratch / res["path"])
        (scratch / data.PACKAGE_FILE).write_text(package_text, encoding="utf-8")
        problems = [p for p in data.validate(scratch) if res["path"] in p.file or table in p.file]
        if problems:
            raise UpdateError(f"the rebuilt {table} does not validate: {problems[0]}")
        try:
            old = data.load(table, folder)
        except data.DataError:
            old = data.load(table, scratch).iloc[0:0]  # the current table is broken: all is new
        diff = compare(res, old, data.load(table, scratch))
        diff.old_edition, diff.new_edition = _edition_of(current), edition
        lines = diff.lines()
        unchanged = (
            diff.unchanged
            and (scratch / res["path"]).read_bytes() == (folder / res["path"]).read_bytes()
        )
        if unchanged and res["sources"] == [current]:
            return Outcome(diff, False, "\n".join([*lines, "already up to date: nothing written"]))
        if (diff.removes or diff.older) and not allow_removals:
            lost = []
            if diff.areas_removed:
                lost.append(f"{len(diff.areas_removed)} area(s)")
            if diff.years_removed:
                lost.append(f"year(s) {', '.join(map(str, diff.years_removed))}")
            if diff.rows_removed:
                lost.append(f"{diff.rows_removed} row(s)")
            why = f"it would remove {', '.join(lost)}" if lost else ""
            if diff.older:
                why += (" and " if why else "") + (
                    f"edition {edition} is older than the current {diff.old_edition}"
                )
            raise UpdateError(
                "\n".join(
                    [
                        *lines,
                        f"refused: {why}. Nothing was written; "
                        "give --allow-removals to accept the loss",
                    ]
                )
            )
        if dry_run:
            return Outcome(diff, False, "\n".join([*lines, "dry run: nothing written"]))
        write_csv_atomic(frame, folder / res["path"])
        write_text_atomic(folder / data.PACKAGE_FILE, package_text)
    years = f"{int(frame['year'].min())}-{int(frame['year'].max())}"
    done = (
        f"{table}: {len(frame)} rows, {frame['area'].nunique()} areas, {years}, "
        f"from IEA edition {edition}"
    )
    return Outcome(diff, True, "\n".join([*lines, done]))
