"""Build vehicle_market (new-vehicle sales and production) from OICA's statistics.

Read from the tidy CSVs of the `oica` R package (J. P. Helveston), which joined OICA's sheets with
UN M49 codes. Its 2023 production rows are corrupt (thousands separators mis-parsed: China 2023 = 30)
and are dropped here rather than repaired: a repaired number would be one we made up.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from evbrief.data.sources.common import area_map

LAST_GOOD_PRODUCTION_YEAR = 2022
TYPES = {"pc": "passenger", "pv": "passenger", "cv": "commercial"}
COLUMNS = ["area", "year", "measure", "vehicle_type", "units", "source_id"]


def build_vehicle_market(folder: Path, source_id: str) -> pd.DataFrame:
    names = area_map("oica")
    frames = []
    sales = pd.read_csv(folder / "sales_country.csv", usecols=["year", "country", "type", "n"])
    world = pd.read_csv(folder / "sales_region.csv")
    world = world[world["region"] == "All Countries/Regions"].rename(columns={"region": "country"})
    frames.append(pd.concat([sales, world]).assign(measure="sales"))
    prod = pd.read_csv(folder / "production.csv", usecols=["year", "country", "type", "n"])
    frames.append(prod[prod["year"] <= LAST_GOOD_PRODUCTION_YEAR].assign(measure="production"))
    rows = pd.concat(frames)
    rows = rows[rows["country"].isin(names)]
    rows["units"] = pd.to_numeric(rows["n"], errors="coerce")
    rows = rows.dropna(subset=["units"])  # OICA's "NA": not published, left out
    rows["area"] = rows["country"].map(names)
    rows["vehicle_type"] = rows["type"].map(TYPES)
    rows["units"] = rows["units"].astype("int64")
    rows["source_id"] = source_id
    rows = rows.sort_values(["area", "measure", "vehicle_type", "year"])
    return rows[COLUMNS].reset_index(drop=True)
