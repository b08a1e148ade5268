"""The electric fleet beyond cars, from the IEA: two- and three-wheelers, buses, trucks and vans, public
charging points and electric light vehicles per point, and the fleet's electricity use and oil displaced.

Pure functions of the derived tables (ev_modes_iea, ev_charging_iea, ev_energy_iea). A value IEA does not
publish is None; nothing is estimated. Public charging points are the three power classes IEA publishes
(slow up to 22 kW, fast to 150 kW, ultra-fast above), which do not overlap, so their sum is all public points.
"""

from __future__ import annotations

import pandas as pd

from evbrief.data import tables as data

TWO_WHEELERS = "two_three_wheelers"
CHARGER_CLASSES = ("slow_points", "fast_points", "ultra_fast_points")


def mode_series(area: str, mode: str, column: str, powertrain: str = "EV") -> pd.Series:
    """One column of ev_modes_iea by year for an area and mode, observed years only."""
    m = data.load("ev_modes_iea")
    rows = m[(m["area"] == area) & (m["mode"] == mode) & (m["powertrain"] == powertrain)]
    rows = rows[rows[column].notna()]
    return rows.set_index(rows["year"].astype(int))[column].astype(float).sort_index()


def latest_mode(
    area: str, mode: str, column: str, end_year: int, powertrain: str = "EV"
) -> tuple[int, float] | None:
    s = mode_series(area, mode, column, powertrain)
    s = s[s.index <= end_year]
    return None if s.empty else (int(s.index[-1]), float(s.iloc[-1]))


def two_wheeler_table(areas, years) -> pd.DataFrame:
    """area, year, sales, sales_share_pct of electric two- and three-wheelers for the areas and years."""
    m = data.load("ev_modes_iea")
    rows = m[
        m["area"].isin(list(areas))
        & (m["mode"] == TWO_WHEELERS)
        & (m["powertrain"] == "EV")
        & m["year"].isin(list(years))
    ]
    return rows[["area", "year", "sales", "sales_share_pct"]].reset_index(drop=True)


def charging_row(area: str, end_year: int) -> dict | None:
    """The newest year up to end_year with charging points for the area, with their sum."""
    c = data.load("ev_charging_iea")
    rows = c[(c["area"] == area) & (c["year"] <= end_year)]
    rows = rows[rows[list(CHARGER_CLASSES)].notna().any(axis=1)]
    if rows.empty:
        return None
    row = rows.sort_values("year").iloc[-1]
    classes = [k for k in CHARGER_CLASSES if pd.notna(row[k])]
    ratio = row["ldvs_per_charging_point"]
    return {
        "area": area,
        "year": int(row["year"]),
        "classes": classes,
        "points": int(sum(int(row[k]) for k in classes)),
        "fast": int(sum(int(row[k]) for k in classes if k != "slow_points")),
        "ldvs_per_point": None if pd.isna(ratio) else float(ratio),
    }


def charging_table(areas, end_year: int) -> pd.DataFrame:
    """area, year, slow, fast, ultra-fast, total public points, and light EVs per point (newest year)."""
    c = data.load("ev_charging_iea")
    out = []
    for area in areas:
        r = charging_row(area, end_year)
        if r is None:
            continue
        row = c[(c["area"] == area) & (c["year"] == r["year"])].iloc[0]
        out.append(
            {
                "area": area,
                "year": r["year"],
                **{k: row[k] for k in CHARGER_CLASSES},
                "points": r["points"],
                "ldvs_per_charging_point": r["ldvs_per_point"],
            }
        )
    return pd.DataFrame(out)
