"""Build biofuels (production and consumption by country) from the Energy Institute's Statistical Review.

Read from the open-numbers DDF extract (`geo, year, <indicator>`), one file per measure and unit. The
Review names only Indonesia and Thailand among ASEAN members; the others sit inside its "Other Asia
Pacific" total and are not split out here (a split would be one we made up). Values keep the Review's
units: thousand barrels of oil equivalent per day and petajoules, side by side, never converted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from evbrief.data.sources.common import area_map

COLUMNS = ["area", "year", "measure", "unit", "value", "source_id"]
FILES = {
    ("production", "kboe/d"): "biofuels_production_kboed_biofuel.csv",
    ("production", "PJ"): "biofuels_production_petajoules_biofuel.csv",
    ("consumption", "kboe/d"): "biofuels_consumption_kboed_biofuel.csv",
    ("consumption", "PJ"): "biofuels_consumption_petajoules_biofuel.csv",
}


def build_biofuels(folder: Path, source_id: str) -> pd.DataFrame:
    """Rows for the areas named in data/area_names.csv (source `ei`); other geos are left out."""
    names = area_map("ei")
    frames = []
    for (measure, unit), file in FILES.items():
        raw = pd.read_csv(folder / file)
        value = raw.columns[-1]
        rows = raw[raw["geo"].isin(names)]
        frames.append(
            pd.DataFrame(
                {
                    "area": rows["geo"].map(names),
                    "year": rows["year"].astype(int),
                    "measure": measure,
                    "unit": unit,
                    "value": rows[value].astype(float).round(5),
                }
            )
        )
    out = pd.concat(frames)
    out["source_id"] = source_id
    out = out.sort_values(["area", "measure", "unit", "year"])
    return out[COLUMNS].reset_index(drop=True)
