"""Derived indicators: shares, growth, years behind China. Pure functions of loaded tables."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evbrief.data.countries import ASEAN


@dataclass(frozen=True)
class Point:
    """One observed value with the year it belongs to."""

    area: str
    year: int
    value: float


def ev_totals(ev: pd.DataFrame) -> pd.DataFrame:
    """The EV-total rows (all electric powertrains), where IEA gives the sales share."""
    return ev[ev["powertrain"] == "EV"].copy()


def share_series(
    ev: pd.DataFrame, area: str, start_year: int | None = None, end_year: int | None = None
) -> pd.Series:
    """Electric-car sales share (%) by year for one area, observed years only."""
    rows = ev_totals(ev)
    rows = rows[(rows["area"] == area) & rows["sales_share_pct"].notna()]
    if start_year is not None:
        rows = rows[rows["year"] >= start_year]
    if end_year is not None:
        rows = rows[rows["year"] <= end_year]
    return rows.set_index(rows["year"].astype(int))["sales_share_pct"].astype(float).sort_index()


def latest_share(ev: pd.DataFrame, area: str, end_year: int | None = None) -> Point | None:
    series = share_series(ev, area, end_year=end_year)
    if series.empty:
        return None
    return Point(area, int(series.index[-1]), float(series.iloc[-1]))


def share_in(ev: pd.DataFrame, area: str, year: int) -> float | None:
    series = share_series(ev, area)
    return float(series[year]) if year in series.index else None


def latest_shares(ev: pd.DataFrame, areas: list[str], end_year: int | None = None) -> pd.DataFrame:
    """area, year, sales_share_pct: each area's latest observed share up to end_year."""
    points = [latest_share(ev, a, end_year) for a in areas]
    return pd.DataFrame(
        [
            {"area": p.area, "year": p.year, "sales_share_pct": p.value}
            for p in points
            if p is not None
        ]
    )


def sales_in(ev: pd.DataFrame, area: str, year: int, powertrain: str = "EV") -> int | None:
    rows = ev[(ev["area"] == area) & (ev["year"] == year) & (ev["powertrain"] == powertrain)]
    if rows.empty or pd.isna(rows["sales"].iloc[0]):
        return None
    return int(rows["sales"].iloc[0])


def growth_multiple(ev: pd.DataFrame, area: str, from_year: int, to_year: int) -> float | None:
    """How many times larger electric-car sales were in to_year than in from_year."""
    first, last = sales_in(ev, area, from_year), sales_in(ev, area, to_year)
    if not first or last is None:
        return None
    return last / first


def year_reached(series: pd.Series, level: float) -> int | None:
    """First year a share series reached a level (None if it never did)."""
    reached = series[series >= level]
    return int(reached.index[0]) if not reached.empty else None


def years_behind(
    ev: pd.DataFrame, area: str, leader: str = "CHN", end_year: int | None = None
) -> dict | None:
    """How many years ago the leader was where the area is now.

    'Years behind China' = latest year of the area - the first year China's share reached the
    area's latest share. Zero or negative means the area is at or above China's path.
    """
    point = latest_share(ev, area, end_year)
    if point is None:
        return None
    reached = year_reached(share_series(ev, leader, end_year=end_year), point.value)
    if reached is None:
        return {
            "area": area,
            "year": point.year,
            "share": point.value,
            "leader_year": None,
            "years": 0,
        }
    return {
        "area": area,
        "year": point.year,
        "share": point.value,
        "leader_year": reached,
        "years": point.year - reached,
    }


def powertrain_mix(ev: pd.DataFrame, areas: list[str], year: int | None = None) -> pd.DataFrame:
    """BEV and PHEV as % of BEV+PHEV sales in each area's latest year (or a given year)."""
    rows = ev[ev["area"].isin(areas) & ev["powertrain"].isin(["BEV", "PHEV"]) & ev["sales"].notna()]
    out = []
    for area, group in rows.groupby("area"):
        years = sorted(set(group["year"].astype(int)))
        chosen = year if year in years else (years[-1] if years else None)
        if chosen is None:
            continue
        g = group[group["year"] == chosen].set_index("powertrain")["sales"].astype(float)
        total = g.sum()
        if total <= 0:
            continue
        bev = g.get("BEV", 0.0) / total * 100
        for powertrain in ("BEV", "PHEV"):
            out.append(
                {
                    "area": area,
                    "year": chosen,
                    "powertrain": powertrain,
                    "share_pct": g.get(powertrain, 0.0) / total * 100,
                    "bev_share": bev,
                }
            )
    return pd.DataFrame(out)


def members_with_data(ev: pd.DataFrame) -> list[str]:
    covered = set(ev_totals(ev).dropna(subset=["sales_share_pct"])["area"])
    return [c for c in ASEAN if c in covered]


def members_without_data(ev: pd.DataFrame) -> list[str]:
    return [c for c in ASEAN if c not in members_with_data(ev)]


def leader(latest: pd.DataFrame) -> Point:
    row = latest.sort_values("sales_share_pct", ascending=False).iloc[0]
    return Point(row["area"], int(row["year"]), float(row["sales_share_pct"]))


# --- brand origin -------------------------------------------------------------------------------

FULL_YEAR = "CY"
NEAR_FULL = ("Jan-Sep", "Jan-Oct", "Jan-Nov", "YTD-Nov")


def origin_shares(
    bs: pd.DataFrame, area: str, segment: str = "all_vehicles", groups=("japanese", "chinese")
) -> pd.DataFrame:
    """Published origin shares for one market: full years, and year-to-date figures of nine months or more.

    Where several sources give the same figure, the first row in the table is kept (the conflicts are
    listed in data/NOTES.md); a year-to-date figure is used only for a year with no full-year figure.
    """
    rows = bs[
        (bs["area"] == area)
        & (bs["segment"] == segment)
        & (bs["group_type"] == "origin")
        & bs["group"].isin(groups)
        & bs["share_pct"].notna()
        & bs["period"].isin((FULL_YEAR, *NEAR_FULL))
    ].copy()
    rows["full_year"] = rows["period"] == FULL_YEAR
    rows = rows.sort_values(["group", "year", "full_year"], ascending=[True, True, False])
    rows = rows.drop_duplicates(["group", "year"], keep="first")
    rows["year"] = rows["year"].astype(int)
    rows["share_pct"] = rows["share_pct"].astype(float)
    return rows.reset_index(drop=True)


def latest_origin_share(
    bs: pd.DataFrame, area: str, group: str, segment: str = "all_vehicles"
) -> pd.Series | None:
    rows = origin_shares(bs, area, segment, (group,))
    return None if rows.empty else rows.iloc[-1]


def electric_origin_shares(bs: pd.DataFrame) -> pd.DataFrame:
    """Every published origin or brand share of the electric segment, latest first per market."""
    rows = bs[bs["segment"].isin(["electric_cars", "bev"]) & bs["share_pct"].notna()].copy()
    rows["year"] = rows["year"].astype(int)
    return rows.sort_values(["area", "year"], ascending=[True, False]).reset_index(drop=True)


# --- plants ---------------------------------------------------------------------------------------

ACTIVE = ("operating", "under_construction", "announced")
STOPPED = ("closed", "consolidated", "suspended")  # plants that no longer build: not capacity


def plant_counts(plants: pd.DataFrame) -> pd.DataFrame:
    """Plants not cancelled, by host country, origin and type."""
    live = plants[plants["status"].isin(ACTIVE)]
    return (
        live.groupby(["area", "origin", "plant_type"], as_index=False)
        .size()
        .rename(columns={"size": "plants"})
    )


def capacity_totals(plants: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Announced capacity of plants not cancelled, by country and origin, for one capacity unit."""
    live = plants[
        plants["status"].isin(ACTIVE)
        & (plants["capacity_unit"] == unit)
        & plants["capacity"].notna()
    ]
    return live.groupby(["area", "origin"], as_index=False)["capacity"].sum()


# --- minerals -------------------------------------------------------------------------------------


def mineral_table(mu: pd.DataFrame, mineral: str, measure: str, year: int) -> pd.DataFrame:
    rows = mu[(mu["mineral"] == mineral) & (mu["measure"] == measure) & (mu["year"] == year)]
    return rows[["area", "value", "unit", "lower_bound"]].reset_index(drop=True)


def mineral_shares(mu: pd.DataFrame, mineral: str, measure: str, year: int) -> pd.DataFrame:
    """Each country's share (%) of the USGS world total; 'ROW' is USGS's 'other countries'."""
    rows = mineral_table(mu, mineral, measure, year)
    world = rows.loc[rows["area"] == "WLD", "value"]
    if world.empty:
        return pd.DataFrame(columns=["area", "share_pct"])
    out = rows[rows["area"] != "WLD"].copy()
    out["share_pct"] = out["value"].astype(float) / float(world.iloc[0]) * 100
    return (
        out[["area", "share_pct", "value", "unit"]]
        .sort_values("share_pct", ascending=False)
        .reset_index(drop=True)
    )


def group_share(shares: pd.DataFrame, areas) -> float:
    return float(shares.loc[shares["area"].isin(list(areas)), "share_pct"].sum())


def hhi(shares: pd.DataFrame) -> float:
    """Herfindahl-Hirschman index of named producers (0-10,000).

    'Other countries' is left out: it is many small producers, not one, so counting it as one would
    overstate concentration. The index is therefore a slight underestimate.
    """
    named = shares[shares["area"] != "ROW"]["share_pct"].astype(float)
    return float((named**2).sum())


# --- money ----------------------------------------------------------------------------------------


def usd_rate(
    currency: str, year: int, fx: pd.DataFrame, fx_wb: pd.DataFrame
) -> tuple[float, str] | None:
    """Units of the currency per dollar in a year, and the table it came from."""
    if currency == "USD":
        return 1.0, ""
    for table, name in ((fx, "fx_rates"), (fx_wb, "fx_worldbank")):
        row = table[(table["currency"] == currency) & (table["year"] == year)]
        if not row.empty:
            return float(row["per_usd"].iloc[0]), name
    return None
