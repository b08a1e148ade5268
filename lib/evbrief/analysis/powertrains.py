"""The market by powertrain (ICE, HEV, PHEV, BEV) and the Japanese makers' share inside each.

Base year (the latest year of IEA data), shares of new-car sales:
- BEV and PHEV: IEA (ev_sales): electric share e x BEV (PHEV) sales / EV sales.
- HEV: data/powertrain_sales.csv, where it holds a full-year row for the market (published figures); the
  table may be absent, and then the hybrid share is unknown (None): no figure is assumed.
- ICE: the rest.

Japanese share of each part, and its path:
- whole market J_all: the latest published origin share of all vehicles (data/brand_shares.csv).
- plug-in (BEV + PHEV) J_ev(t): the brand split of lib/evbrief/scenarios.py (its base is a stated assumption).
- the rest (ICE + HEV) J_np: Assumption: the whole-market share of the base year net of the plug-in part,
  J_np = (J_all - J_ev(T) e(T)) / (1 - e(T)), held constant.
- projected whole market: J_all(t) = J_np (1 - e(t)) + J_ev(t) e(t), with e(t) the adoption path.
- electrified (HEV + PHEV + BEV): (J_hev h + J_ev(t) e(t)) / (h + e(t)), with h the hybrid share of the base
  year held constant (Assumption) and J_hev = competition.japanese_hev_share_pct (Assumption); None where h
  is unknown.
"""

from __future__ import annotations

import pandas as pd

from evbrief.analysis import metrics
from evbrief.data import tables as data

POWERTRAINS = ("ice", "hev", "phev", "bev")


def powertrain_table() -> pd.DataFrame | None:
    """data/powertrain_sales.csv where it exists (it is compiled separately); None otherwise."""
    try:
        return data.load("powertrain_sales")
    except (KeyError, FileNotFoundError, data.DataError):
        return None


def hybrid_share(area: str, year: int | None = None) -> tuple[float, int] | None:
    """The latest published full-year HEV share of car sales (%), and its year; None if unpublished.

    A row's share_pct is used as published; without one, the share is computed from units where the same
    source gives all four powertrains (ICE, HEV, PHEV, BEV) of that market and year."""
    table = powertrain_table()
    if table is None:
        return None
    rows = table[(table["area"] == area) & (table["period"].astype(str) == "CY")]
    if year is not None:
        rows = rows[rows["year"] <= year]
    found = {}
    for (y, _source), g in rows.groupby(["year", "source_id"]):
        hev = g[g["powertrain"] == "hev"]
        if hev.empty:
            continue
        if hev["share_pct"].notna().any():
            found[int(y)] = float(hev["share_pct"].dropna().iloc[0])
            continue
        units = g[g["powertrain"].isin(POWERTRAINS)].groupby("powertrain")["units"].sum()
        if set(units.index) == set(POWERTRAINS) and units.sum() > 0:
            found.setdefault(int(y), float(100 * units["hev"] / units.sum()))
    if not found:
        return None
    latest = max(found)
    return found[latest], latest


def japanese_whole_market(area: str) -> pd.Series | None:
    """The latest published Japanese share of all vehicle sales (a brand_shares row)."""
    return metrics.latest_origin_share(data.load("brand_shares"), area, "japanese")


def japanese_paths(
    years, ev_share, japanese_ev_share, base_year: int, area: str, japanese_hev_pct: float
) -> pd.DataFrame | None:
    """Japanese share of the whole market and of the electrified market by year (%), from the adoption
    path e(t) and the Japanese share of the plug-in market J_ev(t) (both %, aligned with `years`)."""
    published = japanese_whole_market(area)
    if published is None:
        return None
    frame = pd.DataFrame(
        {"year": list(years), "ev": list(ev_share), "jp_ev": list(japanese_ev_share)}
    )
    base = frame[frame["year"] == base_year].iloc[0]
    e0, jev0 = base["ev"] / 100, base["jp_ev"] / 100
    j_all = float(published["share_pct"]) / 100
    j_np = min(1.0, max(0.0, (j_all - jev0 * e0) / (1 - e0)))
    e = frame["ev"] / 100
    frame["japanese_whole_pct"] = 100 * (j_np * (1 - e) + frame["jp_ev"] / 100 * e)
    hyb = hybrid_share(area, base_year)
    if hyb is None:
        frame["japanese_electrified_pct"] = None
    else:
        h = hyb[0] / 100
        frame["japanese_electrified_pct"] = (
            100 * (japanese_hev_pct / 100 * h + frame["jp_ev"] / 100 * e) / (h + e)
        )
    frame["published_year"] = int(published["year"])
    frame["published_source"] = published["source_id"]
    return frame
