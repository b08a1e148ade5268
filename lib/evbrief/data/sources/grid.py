"""Build the carbon intensity of each member's electricity from OWID's Ember/Energy Institute series."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from evbrief.data.countries import ASEAN

COLUMNS = ["area", "year", "gco2_per_kwh", "source_id"]
COMPARATORS = ("CHN", "JPN", "IND", "USA")
# OWID leaves the code of its aggregates blank (or writes its own); the entity name says which it is.
AGGREGATE_CODES = {"World": "WLD", "European Union (27)": "EU27", "ASEAN (Ember)": "SEA"}
FIRST_YEAR = 2000


def build_grid_intensity(file: Path, source_id: str) -> pd.DataFrame:
    """Life-cycle gCO2e per kWh generated, per area and year, for ASEAN and its comparators.

    Kept as published (rounded to 0.1 g, far below the source's own precision); a year the
    source does not publish for an area is absent, never filled in.
    """
    raw = pd.read_csv(file)
    value = raw.columns[-1]
    if "gCO2/kWh" not in value:
        raise ValueError(f"{file.name}: expected a gCO2/kWh column, found {value!r}")
    code = raw["Entity"].map(AGGREGATE_CODES).fillna(raw["Code"])
    wanted = set(ASEAN) | set(COMPARATORS) | set(AGGREGATE_CODES.values())
    keep = code.isin(wanted) & (raw["Year"] >= FIRST_YEAR) & raw[value].notna()
    out = pd.DataFrame(
        {
            "area": code[keep],
            "year": raw.loc[keep, "Year"].astype(int),
            "gco2_per_kwh": raw.loc[keep, value].astype(float).round(1),
            "source_id": source_id,
        }
    )
    missing = wanted - set(out["area"])
    if missing:
        raise ValueError(f"{file.name}: no rows for {sorted(missing)}")
    return out[COLUMNS].sort_values(["area", "year"]).reset_index(drop=True)
