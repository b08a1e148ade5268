"""Build the battery-mineral tables from the IEA critical-minerals extract and OWID's shares."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from evbrief.data.sources.common import area_map

IEA_COLUMNS = ["mineral", "stage", "area", "year", "basis", "value_kt", "source_id"]
OWID_COLUMNS = ["mineral", "area", "year", "share_pct", "source_id"]
LAST_OBSERVED = 2024  # later years in the IEA extract are its base-case projections


def build_mineral_supply(file: Path, source_id: str) -> pd.DataFrame:
    names = area_map("iea_minerals")
    raw = pd.read_csv(file)
    unknown = sorted(set(raw["Country"]) - set(names))
    if unknown:
        raise ValueError(f"{file.name}: countries missing from data/area_names.csv: {unknown}")
    out = pd.DataFrame(
        {
            "mineral": raw["Mineral"].str.lower().str.replace(" ", "_"),
            "stage": raw["Stage"]
            .str.lower()
            .str.replace(r"[ ()]+", "_", regex=True)
            .str.strip("_"),
            "area": raw["Country"].map(names),
            "year": raw["Year"].astype(int),
            "value_kt": raw["Value_kt"].astype(float),
        }
    )
    out["basis"] = out["year"].map(lambda y: "observed" if y <= LAST_OBSERVED else "projection")
    out["source_id"] = source_id
    return out[IEA_COLUMNS].sort_values(["mineral", "stage", "year", "area"]).reset_index(drop=True)


def build_mineral_shares(folder: Path, source_id: str) -> pd.DataFrame:
    frames = []
    for mineral in ("nickel", "cobalt"):
        raw = pd.read_csv(folder / f"{mineral}-production-as-a-share-of-the-global-total.csv")
        value = raw.columns[-1]
        raw = raw[raw["Year"] >= 2020]
        code = raw["Code"].where(raw["Code"].notna(), raw["Entity"].map({"Other": "ROW"}))
        code = code.replace({"OWID_WRL": "WLD"})
        frames.append(
            pd.DataFrame(
                {"mineral": mineral, "area": code, "year": raw["Year"], "share_pct": raw[value]}
            )
        )
    out = pd.concat(frames).dropna(subset=["area"])
    out["source_id"] = source_id
    return out[OWID_COLUMNS].sort_values(["mineral", "year", "area"]).reset_index(drop=True)
