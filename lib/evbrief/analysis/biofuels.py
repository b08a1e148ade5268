"""Facts on biofuels: each member's blend in force on a date, and production and consumption.

A member's blend on a date is the newest nationwide blend that took effect by then: rows reported in
force, and rows set by regulation for a date that has passed (planned), unless a postponement of the same
blend and date is on record. A temporary blend past its end date, with no newer blend on record, leaves
the date without a known blend (None) rather than a guessed one. Grades merely on sale (available), pilots, announcements and regional blends
are not mandates. The date is always given by the caller (a report's edition), so that a report renders the
same tomorrow as today.

Functions return Claims (or None where the data have no figure); they never compose sentences.
"""

from __future__ import annotations

import pandas as pd

from evbrief.core.claims import Claim, Register
from evbrief.data import tables as data

MANDATE_STATUSES = ("in_force", "planned")


def _day(date: str) -> str:
    """A date as precise as its source, as the first day it covers: 2020 -> 2020-01-01."""
    parts = date.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def mandate_row(area: str, fuel: str, as_of: str) -> pd.Series | None:
    """The nationwide blend of one fuel in force on `as_of` (YYYY-MM-DD), or None."""
    md = data.load("biofuel_mandates")
    md = md[(md["area"] == area) & (md["fuel"] == fuel) & md["effective_date"].notna()]
    md = md.assign(day=md["effective_date"].map(_day))
    postponed = {
        (r.blend_pct, r.effective_date) for r in md[md["status"] == "postponed"].itertuples()
    }
    candidates = md[
        md["status"].isin(MANDATE_STATUSES)
        & md["nationwide"].fillna(False).astype(bool)
        & (md["day"] <= as_of)
    ]
    pairs = zip(candidates["blend_pct"], candidates["effective_date"], strict=True)
    candidates = candidates[[pair not in postponed for pair in pairs]]
    if candidates.empty:
        return None
    newest = candidates.sort_values(["day", "blend_pct"]).iloc[-1]
    ended = pd.notna(newest["end_date"]) and newest["end_date"] < as_of  # full dates only
    return None if ended else newest  # a temporary blend that ended with no successor on record


def mandate_claim(reg: Register, area: str, fuel: str, as_of: str) -> Claim | None:
    row = mandate_row(area, fuel, as_of)
    if row is None:
        return None
    return reg.claim(
        "biofuel_mandate",
        float(row["blend_pct"]),
        "percent",
        "biofuel_mandates",
        area=area,
        fuel=fuel,
        as_of=as_of,
        effective_date=row["effective_date"],
    )


def volume_claim(reg: Register, area: str, year: int, measure: str, unit: str) -> Claim | None:
    """Production or consumption of one area and year, in one of the Review's units."""
    bf = data.load("biofuels")
    rows = bf[
        (bf["area"] == area)
        & (bf["year"] == year)
        & (bf["measure"] == measure)
        & (bf["unit"] == unit)
    ]
    if rows.empty:
        return None
    return reg.claim(
        "biofuel_volume",
        float(rows["value"].iloc[0]),
        unit,
        "biofuels",
        area=area,
        year=year,
        measure=measure,
        in_unit=unit,
    )


def facts(reg: Register, areas: tuple[str, ...], as_of: str, year: int) -> dict:
    """Each area's ethanol and biodiesel blend on `as_of`, and its production and consumption (PJ)."""
    return {
        area: {
            "ethanol": mandate_claim(reg, area, "ethanol", as_of),
            "biodiesel": mandate_claim(reg, area, "biodiesel", as_of),
            "production_pj": volume_claim(reg, area, year, "production", "PJ"),
            "consumption_pj": volume_claim(reg, area, year, "consumption", "PJ"),
        }
        for area in areas
    }


def latest_year() -> int:
    """The newest year of the Energy Institute's biofuel series."""
    return int(data.load("biofuels")["year"].max())
