"""Who is winning ASEAN's car markets: Japanese versus Chinese (and other) brands."""

from __future__ import annotations

import pandas as pd

from . import charts, countries, data, metrics
from .context import Context
from .report import Report

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
PERIODS = {"CY": "full year", "FY": "fiscal year", "H1": "first half", "YTD-Nov": "to November"}


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


def japanese_vs_chinese(rep: Report, area: str) -> None:
    """The latest Japanese and Chinese shares in one market against the earliest published."""
    bs = data.load("brand_shares")
    segment = MAIN_SEGMENT.get(area, "all_vehicles")
    rows = metrics.origin_shares(bs, area, segment, ("japanese", "chinese", "domestic"))
    if rows.empty:
        rep.markdown(
            rep.say(
                "No share of {name}'s market by brand origin has been published in the sources we hold.",
                name=countries.name(area),
            )
        )
        return
    cite = rep.cite("brand_shares", sorted(set(rows["source_id"].str.split(";").explode())))
    sentences = []
    for group in ("japanese", "chinese", "domestic"):
        g = rows[rows["group"] == group]
        if g.empty:
            continue
        last = g.iloc[-1]
        c_last = origin_claim(rep, last, area)
        when = f"{int(last['year'])}" + ("" if last["period"] == "CY" else f" ({last['period']})")
        if len(g) >= 2:
            first = g.iloc[0]
            c_first = origin_claim(rep, first, area)
            sentences.append(
                rep.say(
                    "{origin} brands held {a} of {name}'s sales in {y0} and {b} in {y1}.",
                    origin=group.capitalize(),
                    a=c_first,
                    name=countries.name(area),
                    y0=int(first["year"]),
                    b=c_last,
                    y1=when,
                )
            )
        else:
            sentences.append(
                rep.say(
                    "{origin} brands held {b} of {name}'s sales in {y1}.",
                    origin=group.capitalize(),
                    b=c_last,
                    name=countries.name(area),
                    y1=when,
                )
            )
    rep.markdown(" ".join(sentences) + f" {cite}")
    if len(rows) >= 2:
        j = rows[rows["group"] == "japanese"]
        trend = (
            "losing ground"
            if len(j) >= 2 and j["share_pct"].iloc[-1] < j["share_pct"].iloc[0]
            else "holding"
        )
        chart = charts.origin_trend(
            rows,
            title=f"{countries.name(area)}: Japanese brands are {trend}",
            subtitle=f"Share of {'new-car' if segment == 'passenger_cars' else 'new-vehicle'} sales by brand origin, %, as published",
            source_line=rep.source_line("brand_shares"),
        )
        rep.figure(
            chart,
            table="brand_shares",
            alt_text=f"Brand-origin shares of {countries.name(area)}'s market by year.",
        )


def electric_segment(rep: Report, ctx: Context, rows_shown: int = 14) -> None:
    """Published shares of the electric segment by origin or brand, newest per market."""
    bs = data.load("brand_shares")
    rows = metrics.electric_origin_shares(bs)
    rows = rows[rows["area"].isin(ctx.members)]
    if rows.empty:
        rep.markdown(
            rep.say(
                "No share of {name}'s electric-car sales by brand or origin is published in our sources.",
                name=ctx.focus_name,
            )
        )
        return
    china = rows[(rows["group_type"] == "origin") & (rows["group"] == "chinese")]
    if not china.empty:
        top = china.sort_values("year", ascending=False).iloc[0]
        c = origin_claim(rep, top, top["area"])
        rep.markdown(
            rep.say(
                "In the electric segment Chinese brands lead: they held {c} of {seg} in {name} in {y} {cite}.",
                c=c,
                seg="battery-electric car sales"
                if top["segment"] == "bev"
                else "electric-car sales",
                name=countries.name(top["area"]),
                y=f"{int(top['year'])}" + ("" if top["period"] == "CY" else f" ({top['period']})"),
                cite=rep.cite("brand_shares", top["source_id"].split(";")),
            )
        )
    table = rows[["area", "year", "period", "segment", "group_type", "group", "share_pct"]].copy()
    table["area"] = table["area"].map(countries.name)
    table["period"] = table["period"].map(lambda p: PERIODS.get(p, p))
    table["segment"] = table["segment"].map(SEGMENTS)
    table["group"] = [
        g.capitalize() + " brands" if t == "origin" else g
        for t, g in zip(table["group_type"], table["group"], strict=True)
    ]
    table = table.drop(columns="group_type")
    table.columns = ["Market", "Year", "Period", "Segment", "Brands", "Share (%)"]
    rep.table(
        table.head(rows_shown),
        caption="Published shares of the electric segment (newest first per market).",
        table="brand_shares",
    )


def brand_movers(rep: Report, area: str) -> pd.DataFrame | None:
    """The brands whose share moved most between the two most distant full years one source family covers."""
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
            "Brand": brands,
            f"{y0} (%)": [a.get(x) for x in brands],
            f"{y1} (%)": [b.get(x) for x in brands],
        }
    )
    change["Change (points)"] = change[f"{y1} (%)"].fillna(0) - change[f"{y0} (%)"].fillna(0)
    change = change.reindex(
        change["Change (points)"].abs().sort_values(ascending=False).index
    ).head(8)
    rep.table(
        change,
        caption=(
            f"{countries.name(area)}: the brands whose share of new-vehicle sales moved most, "
            f"{y0} to {y1} (a brand missing from a year's table counts as 0)."
        ),
        table="brand_shares",
    )
    return change
