"""Who is winning ASEAN's car markets: Japanese versus Chinese (and other) brands."""

from __future__ import annotations

import pandas as pd

from evbrief.analysis import metrics
from evbrief.core import language
from evbrief.core.claims import Facts
from evbrief.core.language import t
from evbrief.data import countries
from evbrief.data import tables as data
from evbrief.document import charts
from evbrief.document.context import Context
from evbrief.document.report import Report

# The segment in which each market's origin shares are published (Singapore's are of new cars).
MAIN_SEGMENT = {
    "THA": "all_vehicles",
    "IDN": "all_vehicles",
    "SGP": "passenger_cars",
    "MYS": "passenger_cars",
    "PHL": "all_vehicles",
    "VNM": "all_vehicles",
}


SEGMENTS = {
    "all_vehicles": "all vehicles",
    "passenger_cars": "passenger cars",
    "electric_cars": "electric cars",
    "bev": "battery-electric cars",
}
PERIODS = {
    "CY": "full year",
    "FY": "fiscal year",
    "H1": "first half",
    "Q1": "first quarter",
    "YTD-Nov": "January–November",
    "Jan-Nov": "January–November",
    "Jan-Oct": "January–October",
    "Jan-Sep": "January–September",
    "Jan-Aug": "January–August",
    "Jan-Jun": "January–June",
    "Jan-Jul": "January–July",
    "Jan-May": "January–May",
    "Jan-Apr": "January–April",
    "Jan-Feb": "January–February",
    "Jan": "January",
    "Apr": "April",
    "Dec": "December",
}


def markets(ctx: Context) -> list[str]:
    """Markets with at least two published origin shares, the focus first."""
    bs = data.load("brand_shares")
    found = [
        a
        for a in MAIN_SEGMENT
        if len(metrics.origin_shares(bs, a, MAIN_SEGMENT[a], tuple(charts.ORIGIN_COLOURS))) >= 2
    ]
    if not ctx.is_region:
        found = [a for a in found if a == ctx.focus] or []
    return found


def origin_claim(rep: Report, row: pd.Series, area: str):
    return rep.claims.claim(
        "origin_share",
        float(row["share_pct"]),
        "percent",
        "brand_shares",
        area=area,
        year=int(row["year"]),
        period=row["period"],
        segment=row["segment"],
        group=row["group"],
        source_id=row["source_id"],
    )


def when(row: pd.Series) -> str:
    """The period of a published share, named before its year so that a month or part of a year is never
    read as the year: "2024", "December 2025", "January–July 2025", "H1 2025"; "2025年12月"."""
    period = row["period"]
    return language.period(
        int(row["year"]), None if period == "CY" else PERIODS.get(period, period)
    )


def origin_facts(rep: Report, area: str) -> Facts:
    """The earliest and latest published share of Japanese, Chinese and domestic brands in one market.

    Per origin: `first` and `last` (Claims; first is None with a single figure) and their periods;
    `groups` lists the origins with any figure, empty where nothing is published for the market.
    """
    bs = data.load("brand_shares")
    segment = MAIN_SEGMENT.get(area, "all_vehicles")
    rows = metrics.origin_shares(bs, area, segment, ("japanese", "chinese", "domestic"))
    facts = Facts(market=countries.name(area), groups=[], japanese_losing=None)
    if rows.empty:
        return facts
    facts["cite"] = rep.source(
        ("brand_shares", sorted(set(rows["source_id"].str.split(";").explode())))
    )
    for group in ("japanese", "chinese", "domestic"):
        g = rows[rows["group"] == group]
        if g.empty:
            continue
        last = g.iloc[-1]
        first = g.iloc[0] if len(g) >= 2 else None
        facts["groups"].append(group)
        facts[group] = Facts(
            origin=t(group.capitalize()),
            first=origin_claim(rep, first, area) if first is not None else None,
            first_when=when(first) if first is not None else None,
            last=origin_claim(rep, last, area),
            last_when=when(last),
        )
    j = rows[rows["group"] == "japanese"]
    facts["japanese_losing"] = bool(
        len(j) >= 2 and j["share_pct"].iloc[-1] < j["share_pct"].iloc[0]
    )
    facts["charted"] = len(rows) >= 2
    return facts


def origin_figure(
    rep: Report, area: str, *, title: str, alt_text: str, caption: str | None = None
) -> None:
    """Brand-origin shares of one market by year, as published."""
    bs = data.load("brand_shares")
    segment = MAIN_SEGMENT.get(area, "all_vehicles")
    rows = metrics.origin_shares(bs, area, segment, ("japanese", "chinese", "domestic"))
    subtitle = (
        t("Share of new-car sales by brand origin, %, as published")
        if segment == "passenger_cars"
        else t("Share of new-vehicle sales by brand origin, %, as published")
    )
    chart = charts.origin_trend(
        rows, title=title, subtitle=subtitle, source_line=rep.source_line("brand_shares")
    )
    rep.figure(chart, table="brand_shares", alt_text=alt_text, caption=caption)


def electric_facts(rep: Report, ctx: Context) -> Facts:
    """The newest published Chinese share of the electric segment among the focus members.

    published is False where no share of the electric segment is published; china is None where no
    Chinese origin share is.
    """
    rows = metrics.electric_origin_shares(data.load("brand_shares"))
    rows = rows[rows["area"].isin(ctx.members)]
    china = rows[(rows["group_type"] == "origin") & (rows["group"] == "chinese")]
    facts = Facts(focus=ctx.focus_name, published=not rows.empty, china=None)
    if not china.empty:
        top = china.sort_values("year", ascending=False).iloc[0]
        facts.update(
            china=origin_claim(rep, top, top["area"]),
            bev_only=top["segment"] == "bev",
            market=countries.name(top["area"]),
            area=top["area"],
            when=when(top),
            cite=rep.source(("brand_shares", top["source_id"].split(";"))),
        )
    return facts


def electric_table(rep: Report, ctx: Context, *, caption: str, rows_shown: int = 14) -> None:
    """Published shares of the electric segment by origin or brand, newest per market."""
    rows = metrics.electric_origin_shares(data.load("brand_shares"))
    rows = rows[rows["area"].isin(ctx.members)]
    if rows.empty:
        return
    table = rows[["area", "year", "period", "segment", "group_type", "group", "share_pct"]].copy()
    table["area"] = table["area"].map(countries.name)
    table["period"] = table["period"].map(lambda p: t(PERIODS.get(p, p)))
    table["segment"] = table["segment"].map(lambda s: t(SEGMENTS[s]))
    table["group"] = [
        t(g.capitalize() + " brands") if kind == "origin" else g
        for kind, g in zip(table["group_type"], table["group"], strict=True)
    ]
    table = table.drop(columns="group_type")
    table.columns = [t(c) for c in ("Market", "Year", "Period", "Segment", "Brands", "Share (%)")]
    rep.table(table.head(rows_shown), caption=caption, table="brand_shares")


def brand_movers(rep: Report, area: str, *, caption: str) -> pd.DataFrame | None:
    """The brands whose share moved most between two full years; caption may use {market}, {y0}, {y1}."""
    bs = data.load("brand_shares")
    rows = bs[
        (bs["area"] == area)
        & (bs["group_type"] == "brand")
        & (bs["period"] == "CY")
        & (bs["segment"] == MAIN_SEGMENT.get(area, "all_vehicles"))
        & bs["share_pct"].notna()
    ]
    if rows.empty:
        return None
    per_year = rows.groupby("year")["group"].nunique()
    years = sorted(int(y) for y in per_year[per_year >= 5].index)
    if len(years) < 2:
        return None
    y0, y1 = years[0], years[-1]
    a = (
        rows[rows["year"] == y0]
        .drop_duplicates("group")
        .set_index("group")["share_pct"]
        .astype(float)
    )
    b = (
        rows[rows["year"] == y1]
        .drop_duplicates("group")
        .set_index("group")["share_pct"]
        .astype(float)
    )
    brands = sorted(set(a.index) | set(b.index))
    change = pd.DataFrame(
        {
            t("Brand"): brands,
            f"{y0} (%)": [a.get(x) for x in brands],
            f"{y1} (%)": [b.get(x) for x in brands],
        }
    )
    moved = t("Change (points)")
    change[moved] = change[f"{y1} (%)"].fillna(0) - change[f"{y0} (%)"].fillna(0)
    change = change.reindex(change[moved].abs().sort_values(ascending=False).index).head(8)
    rep.table(
        change,
        caption=caption.format(market=countries.name(area), y0=y0, y1=y1),
        table="brand_shares",
    )
    return change
