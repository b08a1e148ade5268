"""Build the ev_sales table from an IEA Global EV Data Explorer release, in its published layout.

Accepts the workbook (sheet `GEVO_EV_<year>`), the CSV export of that sheet, or the CSV that IEA's
API serves per region; all share the columns region[_country], category, parameter, mode,
powertrain, year, unit, value. Only historical car data are kept: projections are IEA's scenarios,
not observations, and mixing them in would blur what was measured.
"""

from __future__ import annotations

import re
import tempfile
import urllib.request
from pathlib import Path

import pandas as pd

from evbrief.data.sources.common import area_map

REQUIRED = ["category", "parameter", "mode", "powertrain", "year", "unit", "value"]
PARAMETERS = {
    "EV sales": "sales",
    "EV stock": "stock",
    "EV sales share": "sales_share_pct",
    "EV stock share": "stock_share_pct",
}
POWERTRAINS = ["EV", "BEV", "PHEV"]  # EV is IEA's total (BEV + PHEV + FCEV), never a sum we make
COLUMNS = [
    "area",
    "year",
    "powertrain",
    "sales",
    "stock",
    "sales_share_pct",
    "stock_share_pct",
    "source_id",
]


class SourceFormatError(ValueError):
    """The file is not an IEA EV data release in a layout we know."""


def fetch(location: str) -> Path:
    """A local path for a file or URL; a URL is downloaded only because the user asked for it."""
    if re.match(r"https?://", location):
        suffix = ".xlsx" if location.lower().endswith(".xlsx") else ".csv"
        tmp = Path(tempfile.mkdtemp(prefix="evbrief-")) / f"download{suffix}"
        try:
            with urllib.request.urlopen(location, timeout=60) as response:  # noqa: S310 (user-given URL)
                tmp.write_bytes(response.read())
        except (OSError, ValueError) as exc:  # URLError and timeouts are OSErrors
            reason = getattr(exc, "reason", exc)
            raise FileNotFoundError(
                f"{location}: could not be downloaded ({reason}); download it by hand and pass the file"
            ) from None
        return tmp
    path = Path(location).expanduser()
    if not path.exists():
        raise FileNotFoundError(f"{location}: no such file")
    return path


def read_release(path: Path) -> tuple[pd.DataFrame, int | None]:
    """The release's long table and its edition year (None when the file does not say)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheets = pd.ExcelFile(path, engine="openpyxl").sheet_names
        data_sheets = [s for s in sheets if re.fullmatch(r"GEVO_EV_\d{4}", s)]
        if not data_sheets:
            raise SourceFormatError(
                f"{path.name}: no sheet named GEVO_EV_<year> (sheets: {', '.join(sheets)})"
            )
        edition = int(data_sheets[0][-4:])
        table = pd.read_excel(path, sheet_name=data_sheets[0], engine="openpyxl")
    else:
        try:
            table = pd.read_csv(path)
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            reason = " ".join(str(exc).split())  # pandas' message may run over lines: one line
            raise SourceFormatError(f"{path.name}: cannot be read as CSV ({reason})") from None
        found = re.search(r"(20\d\d)", path.name)
        edition = int(found.group(1)) if found else None
    table = table.rename(columns={"region_country": "region"})
    missing = [c for c in ["region", *REQUIRED] if c not in table.columns]
    if missing:
        raise SourceFormatError(
            f"{path.name}: not an IEA Global EV data layout; missing column(s) {', '.join(missing)}"
        )
    return table, edition


def build_ev_sales(table: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """Historical car sales, stock and shares for ASEAN members, comparators and aggregates."""
    names = area_map("iea")
    keep = (
        (table["category"] == "Historical")
        & (table["mode"] == "Cars")
        & table["parameter"].isin(PARAMETERS)
        & table["powertrain"].isin(POWERTRAINS)
        & table["region"].isin(names)
    )
    rows = table[keep].copy()
    if rows.empty:
        raise SourceFormatError(
            "no historical car rows for the areas we track (check the file is IEA's EV data)"
        )
    rows["area"] = rows["region"].map(names)
    rows["measure"] = rows["parameter"].map(PARAMETERS)
    rows["year"] = rows["year"].astype(int)
    rows["value"] = pd.to_numeric(rows["value"], errors="raise")
    dup = rows.duplicated(["area", "year", "powertrain", "measure"])
    if dup.any():
        raise SourceFormatError(
            f"{int(dup.sum())} duplicate (region, year, powertrain, parameter) rows"
        )
    wide = rows.pivot(
        index=["area", "year", "powertrain"], columns="measure", values="value"
    ).reset_index()
    for col in PARAMETERS.values():
        if col not in wide.columns:
            wide[col] = pd.NA
    for col in ("sales", "stock"):
        # IEA rounds to two significant figures; counts are whole vehicles.
        wide[col] = wide[col].round().astype("Int64")
    wide["source_id"] = source_id
    order = {p: i for i, p in enumerate(POWERTRAINS)}
    wide = wide.sort_values(
        ["area", "year", "powertrain"], key=lambda s: s.map(order) if s.name == "powertrain" else s
    )
    return wide[COLUMNS].reset_index(drop=True)


def build_ev_outlook(table: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """IEA's projected electric share of car sales (its scenarios), kept apart from the observations."""
    names = area_map("iea")
    keep = (
        table["category"].astype(str).str.startswith("Projection")
        & (table["mode"] == "Cars")
        & (table["parameter"] == "EV sales share")
        & (table["powertrain"] == "EV")
        & table["region"].isin(names)
    )
    rows = table[keep]
    return (
        pd.DataFrame(
            {
                "area": rows["region"].map(names),
                "year": rows["year"].astype(int),
                "scenario": rows["category"].str.replace("Projection-", "", regex=False),
                "sales_share_pct": pd.to_numeric(rows["value"]),
                "source_id": source_id,
            }
        )
        .sort_values(["area", "scenario", "year"])
        .reset_index(drop=True)
    )


PROJECTION_COLUMNS = ["area", "edition", "year", "scenario", "sales_share_pct", "source_id"]


def build_ev_projections(
    editions: dict[int, pd.DataFrame], source_ids: dict[int, str]
) -> pd.DataFrame:
    """IEA's earlier STEPS projections of the electric share of car sales, by the edition that made them.

    Only years after an edition's last historical year are projections (an edition of year E holds data
    to E-1; its STEPS rows for earlier years repeat history). These are what the back-test scores IEA
    on: a projection published before the year it projects.
    """
    names = area_map("iea")
    frames = []
    for edition, table in editions.items():
        keep = (
            (table["category"] == "Projection-STEPS")
            & (table["mode"] == "Cars")
            & (table["parameter"] == "EV sales share")
            & (table["powertrain"] == "EV")
            & table["region"].isin(names)
            & (table["year"].astype(int) >= edition)
        )
        rows = table[keep]
        frames.append(
            pd.DataFrame(
                {
                    "area": rows["region"].map(names),
                    "edition": edition,
                    "year": rows["year"].astype(int),
                    "scenario": "STEPS",
                    "sales_share_pct": pd.to_numeric(rows["value"]),
                    "source_id": source_ids[edition],
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    if out.duplicated(["area", "edition", "year", "scenario"]).any():
        raise SourceFormatError("duplicate projection rows for one area, edition and year")
    return out.sort_values(["area", "edition", "year"]).reset_index(drop=True)[PROJECTION_COLUMNS]
