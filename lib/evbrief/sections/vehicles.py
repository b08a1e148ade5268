"""Prices, two-wheelers and charging for a report's sections: the IEA series beyond car sales, as Facts.

The briefings call `price_gap_for(rep, ctx)` ("the price gap for the focus") and
`two_wheeler_share_for(rep, ctx)` ("the two-wheeler electric share"); the pathways report and the
country profiles use the rest. A fact IEA does not publish is None, so the notebook words its absence:
IEA publishes car prices for three members only and none for the region.
"""

from __future__ import annotations

import pandas as pd

from evbrief.analysis import fleet, prices
from evbrief.core.claims import Facts
from evbrief.core.language import t
from evbrief.data import countries
from evbrief.document import charts
from evbrief.document.context import REGION_AREA, Context
from evbrief.document.report import Report

COMPARATORS = ("CHN", "JPN")  # IEA publishes no world or regional price; for shares the world too
SIZE_WORDS = {
    "all": "all cars",
    "city": "city cars",
    "medium": "medium cars",
    "large": "large cars",
    "small_suv_pickup": "small SUVs and pick-ups",
    "large_suv_pickup": "large SUVs and pick-ups",
}

SIZE_LABELS = {
    "all": "all cars",
    "city": "city car",
    "medium": "medium car",
    "large": "large car",
    "small_suv_pickup": "small SUV/pick-up",
    "large_suv_pickup": "large SUV/pick-up",
}


# --- prices -------------------------------------------------------------------------------------


def price_claim(rep: Report, area: str, year: int, size_class: str, powertrain: str, value):
    return rep.claims.claim(
        "car_price",
        value,
        "2025 USD",
        "car_prices_iea",
        area=area,
        year=year,
        size_class=size_class,
        powertrain=powertrain,
        stat="mean",
    )


def gap_claim(rep: Report, area: str, year: int, size_class: str, gap_pct: float):
    """How far apart the two means are, in percent of the combustion car's (the sign is in the detail)."""
    return rep.claims.claim(
        "car_price_gap_pct",
        abs(gap_pct),
        "percent",
        "car_prices_iea",
        area=area,
        year=year,
        size_class=size_class,
        bev_dearer=gap_pct > 0,
    )


def price_gap_facts(rep: Report, area: str, end_year: int, size_class: str = "all") -> Facts:
    """The battery car's mean price against the combustion car's, newest year and first year.

    gap is None where IEA publishes no pair of means for the area; dearer says whether the battery
    car costs more, at_parity whether the two are within prices.PARITY_BAND_PCT; first_gap is None
    when the newest year is the only one (no trend)."""
    g = prices.latest_gap(area, size_class, end_year)
    base = Facts(market=countries.name(area), size=t(SIZE_WORDS[size_class]), gap=None)
    if g is None:
        return base
    first = None
    if g["first_year"] != g["year"]:
        first = gap_claim(rep, area, g["first_year"], size_class, g["first_gap_pct"])
    return Facts(
        base,
        year=g["year"],
        bev=price_claim(rep, area, g["year"], size_class, "BEV", g["bev_usd"]),
        icev=price_claim(rep, area, g["year"], size_class, "ICEV", g["icev_usd"]),
        gap=gap_claim(rep, area, g["year"], size_class, g["gap_pct"]),
        dearer=g["gap_pct"] > 0,
        at_parity=g["at_parity"],
        first_year=g["first_year"],
        first_gap=first,
        first_dearer=g["first_gap_pct"] > 0,
        narrowed=abs(g["gap_pct"]) < abs(g["first_gap_pct"]),
        band=prices.PARITY_BAND_PCT,
        cite=rep.source("car_prices_iea"),
    )


def price_gap_for(rep: Report, ctx: Context) -> Facts:
    """The price gap for the briefing's focus (all cars, newest year); gap None for the region and
    for a member IEA publishes no prices for, with `published` naming the members it does."""
    published = [countries.name(a) for a in prices.areas_with_gap(countries.ASEAN)]
    if ctx.is_region:
        return Facts(market=ctx.focus_name, gap=None, published=published)
    return Facts(price_gap_facts(rep, ctx.focus, ctx.end_year), published=published)


def price_table(areas, end_year: int) -> pd.DataFrame:
    """Each area's newest mean prices by size class, battery against combustion, and the gap."""
    rows = []
    for area in areas:
        for r in prices.gap_by_size(area, end_year).to_dict("records"):
            rows.append(
                {
                    t("Market"): countries.name(area),
                    t("Size class"): t(SIZE_WORDS[r["size_class"]]),
                    t("Year"): r["year"],
                    t("Battery car (2025 $)"): r["bev_usd"],
                    t("Combustion car (2025 $)"): r["icev_usd"],
                    t("Gap (%)"): r["gap_pct"],
                }
            )
    return pd.DataFrame(rows)


def price_figure(
    rep: Report,
    areas,
    end_year: int,
    *,
    title: str,
    subtitle: str,
    alt_text: str,
    caption: str | None = None,
) -> bool:
    """The parity chart (battery against combustion car by size class); False where none is published."""
    rows = prices.parity_rows(areas, end_year)
    if rows.empty:
        return False
    rows["size_class"] = rows["size_class"].map(lambda c: t(SIZE_LABELS[c]))
    chart = charts.price_parity(
        rows,
        labels={"BEV": t("Battery-electric car"), "ICEV": t("Combustion car")},
        x_title=t("Mean sticker price, 2025 US dollars (log scale)"),
        title=title,
        subtitle=subtitle,
        source_line=rep.source_line("car_prices_iea"),
    )
    rep.figure(chart, table="car_prices_iea", alt_text=alt_text, caption=caption)
    return True


# --- two- and three-wheelers --------------------------------------------------------------------


def two_wheeler_facts(rep: Report, area: str, end_year: int, since: int | None = None) -> Facts:
    """The electric share of new two- and three-wheelers, newest year (share None where IEA has none);
    first is the share in `since` (or the first year IEA publishes) for the trend."""
    base = Facts(market=countries.name(area), share=None)
    latest = fleet.latest_mode(area, fleet.TWO_WHEELERS, "sales_share_pct", end_year)
    if latest is None:
        return base
    year, share = latest
    series = fleet.mode_series(area, fleet.TWO_WHEELERS, "sales_share_pct")
    series = series[series.index <= end_year]
    start = since if since is not None and since in series.index else int(series.index[0])
    sales = fleet.latest_mode(area, fleet.TWO_WHEELERS, "sales", year)
    return Facts(
        base,
        year=year,
        share=_mode_claim(rep, "ev_mode_share", area, year, share, "percent"),
        sales=(
            _mode_claim(rep, "ev_mode_sales", area, sales[0], sales[1], "vehicles")
            if sales and sales[0] == year
            else None
        ),
        first_year=start if start != year else None,
        first=(
            _mode_claim(rep, "ev_mode_share", area, start, float(series[start]), "percent")
            if start != year
            else None
        ),
        cite=rep.source("ev_modes_iea"),
    )


def _mode_claim(rep: Report, kind: str, area: str, year: int, value, unit: str):
    return rep.claims.claim(
        kind,
        value,
        unit,
        "ev_modes_iea",
        area=area,
        year=year,
        mode=fleet.TWO_WHEELERS,
        powertrain="EV",
    )


def two_wheeler_share_for(rep: Report, ctx: Context) -> Facts:
    """The two-wheeler electric share for the briefing's focus (the region: IEA's Southeast Asia)."""
    return two_wheeler_facts(rep, ctx.focus_area, ctx.end_year)


def two_wheeler_table(areas, end_year: int, years: int = 5) -> pd.DataFrame:
    """Electric share of new two- and three-wheelers (%) by area (rows) and year (columns)."""
    span = range(end_year - years + 1, end_year + 1)
    rows = fleet.two_wheeler_table(areas, span)
    if rows.empty:
        return pd.DataFrame()
    wide = rows.pivot(index="area", columns="year", values="sales_share_pct")
    wide = wide.reindex([a for a in areas if a in wide.index])
    wide.index = [countries.name(a) for a in wide.index]
    wide.columns = [str(c) for c in wide.columns]
    return wide.rename_axis(t("Market")).reset_index()


def two_wheeler_figure(
    rep: Report,
    areas,
    start_year: int,
    end_year: int,
    *,
    title: str,
    alt_text: str,
    caption: str | None = None,
    highlight: str | None = None,
) -> bool:
    rows = fleet.two_wheeler_table(areas, range(start_year, end_year + 1))
    if rows.empty:
        return False
    chart = charts.share_lines(
        rows,
        list(areas),
        y_title=t("Share of new two- and three-wheelers sold (%)"),
        title=title,
        subtitle=t("Electric share of new two- and three-wheeler sales, %, {start}–{end}").format(
            start=start_year, end=end_year
        ),
        source_line=rep.source_line("ev_modes_iea"),
        highlight=highlight,
    )
    rep.figure(chart, table="ev_modes_iea", alt_text=alt_text, caption=caption)
    return True


def two_wheeler_areas(areas) -> list[str]:
    """The five areas with the largest newest share, then the region, China and Japan."""
    latest = {}
    for a in areas:
        got = fleet.latest_mode(a, fleet.TWO_WHEELERS, "sales_share_pct", 9999)
        if got is not None:
            latest[a] = got[1]
    members = sorted(latest, key=lambda a: -latest[a])
    # the region and China always drawn: at most five members beside them, the largest shares first
    return [*members[:5], REGION_AREA, *COMPARATORS]


# --- charging -----------------------------------------------------------------------------------


def charging_facts(rep: Report, area: str, end_year: int) -> Facts:
    """Public charging points (all power classes) and light EVs per point; points None where IEA
    publishes none for the area."""
    r = fleet.charging_row(area, end_year)
    base = Facts(market=countries.name(area), points=None)
    if r is None:
        return base
    detail = dict(area=area, year=r["year"])
    return Facts(
        base,
        year=r["year"],
        points=rep.claims.claim(
            "charging_points",
            r["points"],
            "charging points",
            "ev_charging_iea",
            **detail,
            classes=r["classes"],
        ),
        fast=rep.claims.claim(
            "charging_points",
            r["fast"],
            "charging points",
            "ev_charging_iea",
            **detail,
            classes=[c for c in r["classes"] if c != "slow_points"],
        ),
        per_point=(
            rep.claims.claim(
                "ldvs_per_charging_point",
                r["ldvs_per_point"],
                "vehicles per charging point",
                "ev_charging_iea",
                **detail,
            )
            if r["ldvs_per_point"] is not None
            else None
        ),
        cite=rep.source("ev_charging_iea"),
    )


def charging_for(rep: Report, ctx: Context) -> Facts:
    """Public charging for the briefing's focus (the region: IEA's Southeast Asia), with China's
    vehicles per point beside it only when the IEA gives both for the same year."""
    focus = charging_facts(rep, ctx.focus_area, ctx.end_year)
    china = charging_facts(rep, "CHN", ctx.end_year)
    same = focus.points is not None and china.points is not None and china.year == focus.year
    return Facts(focus, china=china.per_point if same else None)


def charging_table(areas, end_year: int) -> pd.DataFrame:
    rows = fleet.charging_table(areas, end_year)
    if rows.empty:
        return rows
    return pd.DataFrame(
        {
            t("Market"): rows["area"].map(countries.name),
            t("Year"): rows["year"],
            t("Slow (≤22 kW)"): rows["slow_points"],
            t("Fast (22–150 kW)"): rows["fast_points"],
            t("Ultra-fast (>150 kW)"): rows["ultra_fast_points"],
            t("All public points"): rows["points"],
            t("Electric light vehicles per point"): rows["ldvs_per_charging_point"],
        }
    )
