"""Car prices as the IEA publishes them: battery against combustion cars by size class, and the gap's trend.

The gap is the battery car's sales-weighted mean sticker price (2025 USD) over the combustion car's of the
same size class, area and year, minus one, in percent: 3 means the battery car costs 3% more, -10 that it
costs 10% less. Sticker prices include taxes and exclude purchase subsidies (IEA's definition), so a
subsidy a member pays is not in the gap. Only years in which IEA publishes both means are compared;
a year without one of them is absent, never filled.
"""

from __future__ import annotations

import pandas as pd

from evbrief.data import tables as data

SIZE_CLASSES = ("all", "city", "medium", "large", "small_suv_pickup", "large_suv_pickup")
PARITY_BAND_PCT = 5.0  # within ±5% the two means are read as at parity (IEA rounds to 2 figures)


def prices(area: str | None = None) -> pd.DataFrame:
    p = data.load("car_prices_iea")
    return p if area is None else p[p["area"] == area]


def areas_with_gap(areas) -> list[str]:
    """The areas, in the order given, for which IEA publishes a BEV and an ICEV mean in some year."""
    return [a for a in areas if not gap_series(a).empty]


def gap_series(area: str, size_class: str = "all", end_year: int | None = None) -> pd.DataFrame:
    """year, bev_usd, icev_usd, gap_pct for the years with both means, oldest first."""
    p = prices(area)
    p = p[(p["size_class"] == size_class) & p["price_mean_usd"].notna()]
    if end_year is not None:
        p = p[p["year"] <= end_year]
    wide = p.pivot(index="year", columns="powertrain", values="price_mean_usd")
    if not {"BEV", "ICEV"} <= set(wide.columns):
        return pd.DataFrame(columns=["year", "bev_usd", "icev_usd", "gap_pct"])
    wide = wide[["BEV", "ICEV"]].dropna().astype(float)
    out = pd.DataFrame(
        {
            "year": wide.index.astype(int),
            "bev_usd": wide["BEV"].to_numpy(),
            "icev_usd": wide["ICEV"].to_numpy(),
        }
    )
    out["gap_pct"] = (out["bev_usd"] / out["icev_usd"] - 1) * 100
    return out.sort_values("year").reset_index(drop=True)


def latest_gap(area: str, size_class: str = "all", end_year: int | None = None) -> dict | None:
    """The newest year's gap with its first published year for the trend (None where IEA has none)."""
    s = gap_series(area, size_class, end_year)
    if s.empty:
        return None
    last, first = s.iloc[-1], s.iloc[0]
    return {
        "area": area,
        "size_class": size_class,
        "year": int(last["year"]),
        "bev_usd": float(last["bev_usd"]),
        "icev_usd": float(last["icev_usd"]),
        "gap_pct": float(last["gap_pct"]),
        "first_year": int(first["year"]),
        "first_gap_pct": float(first["gap_pct"]),
        "at_parity": abs(float(last["gap_pct"])) <= PARITY_BAND_PCT,
    }


def gap_by_size(area: str, end_year: int | None = None) -> pd.DataFrame:
    """Each size class's newest gap: size_class, year, bev_usd, icev_usd, gap_pct."""
    rows = [latest_gap(area, s, end_year) for s in SIZE_CLASSES]
    return pd.DataFrame([r for r in rows if r is not None])


def parity_rows(areas, end_year: int | None = None) -> pd.DataFrame:
    """For a chart: area, size_class, year, powertrain (BEV/ICEV), price_usd, each area's newest year."""
    out = []
    for area in areas:
        for r in gap_by_size(area, end_year).to_dict("records"):
            for pt, col in (("BEV", "bev_usd"), ("ICEV", "icev_usd")):
                out.append(
                    {
                        "area": area,
                        "size_class": r["size_class"],
                        "year": r["year"],
                        "powertrain": pt,
                        "price_usd": r[col],
                    }
                )
    return pd.DataFrame(out)
