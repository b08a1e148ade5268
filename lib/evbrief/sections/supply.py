"""Where the plants and the battery minerals are, and who owns them."""

from __future__ import annotations

import pandas as pd

from evbrief.analysis import metrics
from evbrief.core.claims import Facts
from evbrief.core.language import t
from evbrief.data import countries
from evbrief.data import tables as data
from evbrief.data.sources import boundaries
from evbrief.document import charts
from evbrief.document.context import Context
from evbrief.document.report import Report

MINERALS = {
    "nickel": "Nickel",
    "cobalt": "Cobalt",
    "lithium": "Lithium",
    "graphite_natural": "Graphite (natural)",
    "manganese": "Manganese",
}
# ASEAN producers and China in their house colours; other producers take the palette's free colours
PRODUCER_COLOURS = {a: charts.AREA_COLOURS[a] for a in ("IDN", "PHL", "MYS", "VNM", "CHN")}
TYPES = {
    "vehicle_assembly": "vehicle assembly",
    "motorcycle_assembly": "motorcycle assembly",
    "battery_cells": "battery cells",
    "battery_pack": "battery packs",
    "battery_materials": "battery materials",
}


def plants_count_claim(
    rep: Report,
    plants: pd.DataFrame,
    areas,
    origin: str = "all",
    plant_type: str = "all",
    statuses=metrics.ACTIVE,
):
    """How many plants on record (operating, being built or announced; or, given `statuses`, in
    those states) match, as a claim."""
    rows = plants[plants["area"].isin(list(areas)) & plants["status"].isin(statuses)]
    if origin != "all":
        rows = rows[rows["origin"] == origin]
    if plant_type != "all":
        rows = rows[rows["plant_type"] == plant_type]
    return rep.claims.claim(
        "plants_count",
        len(rows),
        "count",
        "plants",
        areas=list(areas),
        origin=origin,
        plant_type=plant_type,
        **({} if tuple(statuses) == metrics.ACTIVE else {"statuses": list(statuses)}),
    )


def mineral_share_claim(
    rep: Report, mu: pd.DataFrame, mineral: str, areas, year: int, measure: str = "mine_production"
):
    """The share (%) of the world total that a group of countries holds, as a claim."""
    shares = metrics.mineral_shares(mu, mineral, measure, year)
    return rep.claims.claim(
        "mineral_group_share",
        metrics.group_share(shares, list(areas)),
        "percent",
        "minerals_usgs",
        mineral=mineral,
        measure=measure,
        year=year,
        areas=list(areas),
    )


def _plants(ctx: Context) -> pd.DataFrame:
    plants = data.load("plants")
    return plants[plants["area"].isin(ctx.members)]


def plants_facts(rep: Report, ctx: Context) -> Facts:
    """Plants on record in the focus, by origin; total is None where the register has none.

    hosts and hosts_chinese count the members with any plant and with a Chinese-owned one.
    """
    plants = _plants(ctx)
    if plants.empty:
        return Facts(focus=ctx.focus_name, total=None)
    counts = metrics.plant_counts(plants)
    hosts = counts.groupby("area")["origin"].apply(set)
    return Facts(
        focus=ctx.focus_name,
        total=plants_count_claim(rep, plants, ctx.members),
        chinese=plants_count_claim(rep, plants, ctx.members, "chinese"),
        japanese=plants_count_claim(rep, plants, ctx.members, "japanese"),
        hosts=len(hosts),
        hosts_chinese=int(sum("chinese" in o for o in hosts)),
        has_capacity=not metrics.capacity_totals(plants, "vehicles_per_year").empty,
        cite=rep.source(("plants", sorted(set(plants["source_id"].str.split(";").explode())))),
    )


def plants_map(
    rep: Report, ctx: Context, *, title: str, alt_text: str, caption: str | None = None
) -> None:
    chart = charts.plant_map(
        boundaries.load(),
        metrics.plant_counts(_plants(ctx)),
        title=title,
        subtitle=t(
            "Plants operating, under construction or announced, by host country and company origin"
        ),
        source_line=rep.source_line("plants"),
    )
    rep.figure(chart, table="plants", alt_text=alt_text, caption=caption)


def capacity_figure(
    rep: Report, ctx: Context, *, title: str, alt_text: str, caption: str | None = None
) -> None:
    cap = metrics.capacity_totals(_plants(ctx), "vehicles_per_year")
    cap = cap.assign(
        Country=cap["area"].map(countries.name),
        Origin=cap["origin"].map(lambda o: t(o.capitalize())),
    )
    chart = charts.stacked_bars(
        cap,
        y="Country",
        x="capacity",
        colour="Origin",
        palette={t(k.capitalize()): v for k, v in charts.ORIGIN_COLOURS.items()},
        x_title=t("Announced capacity (vehicles per year)"),
        title=title,
        subtitle=t("Vehicle-assembly plants with a published capacity, by company origin"),
        source_line=rep.source_line("plants"),
    )
    rep.figure(chart, table="plants", alt_text=alt_text, caption=caption)


def plants_table(rep: Report, ctx: Context, *, caption: str) -> None:
    table = (
        _plants(ctx)
        .sort_values(["area", "plant_type", "company"])[
            [
                "company",
                "origin",
                "area",
                "plant_type",
                "capacity",
                "capacity_unit",
                "start_year",
                "status",
            ]
        ]
        .copy()
    )
    table["area"] = table["area"].map(countries.name)
    table["origin"] = table["origin"].map(lambda o: t(o.capitalize()))
    table["plant_type"] = table["plant_type"].map(lambda p: t(TYPES[p]))
    table["capacity_unit"] = (
        table["capacity_unit"].fillna("").map(lambda u: t(u.replace("_", " ")) if u else "")
    )
    table["status"] = table["status"].map(lambda v: t(v.replace("_", " ")))
    table.columns = [
        t(c)
        for c in ("Company", "Origin", "Country", "Type", "Capacity", "Unit", "Start", "Status")
    ]
    start = t("Start")
    table[start] = table[start].map(lambda v: "" if pd.isna(v) else str(int(v)))
    rep.table(table, caption=caption, table="plants", decimals=0)


def mineral_facts(rep: Report, ctx: Context, year: int = 2024) -> Facts:
    """ASEAN's and Indonesia's share of nickel, China's of graphite, ASEAN's of lithium.

    lithium is None where USGS names no ASEAN member among lithium miners; focus_listed says
    whether USGS lists the focus member at all.
    """
    mu = data.load("minerals_usgs")
    lithium = mineral_share_claim(rep, mu, "lithium", countries.ASEAN, year)
    return Facts(
        year=year,
        focus=ctx.focus_name,
        nickel_asean=mineral_share_claim(rep, mu, "nickel", countries.ASEAN, year),
        nickel_idn=mineral_share_claim(rep, mu, "nickel", ["IDN"], year),
        graphite_china=mineral_share_claim(rep, mu, "graphite_natural", ["CHN"], year),
        lithium=lithium if lithium.value >= 0.05 else None,
        focus_listed=ctx.is_region
        or not mu[(mu["area"] == ctx.focus) & (mu["year"] == year)].empty,
        cite=rep.source("minerals_usgs"),
    )


def minerals_figure(
    rep: Report, *, title: str, alt_text: str, caption: str | None = None, year: int = 2024
) -> None:
    """One bar per mineral: ASEAN producers, China, each mineral's largest producers, the rest.

    The rest is "other countries", 100 minus the named shares (USGS world totals are rounded, so the
    listed countries need not add up to the total).
    """
    mu = data.load("minerals_usgs")
    other = t("Other countries")
    bars = []
    for mineral, label in MINERALS.items():
        shares = metrics.mineral_shares(mu, mineral, "mine_production", year)
        named = shares[shares["area"] != "ROW"]
        keep = set(named["area"][:2]) | (set(named["area"]) & set(PRODUCER_COLOURS))
        for _, r in named[named["area"].isin(keep)].iterrows():
            bars.append(
                {
                    "Mineral": t(label),
                    "Producer": countries.name(r["area"]),
                    "share": float(r["share_pct"]),
                }
            )
        rest = 100 - float(named.loc[named["area"].isin(keep), "share_pct"].sum())
        bars.append({"Mineral": t(label), "Producer": other, "share": max(0.0, rest)})
    bars = pd.DataFrame(bars)
    palette = {countries.name(a): c for a, c in PRODUCER_COLOURS.items()}
    # beyond eight colours the chart keeps the ASEAN producers and China with a twentieth of a
    # mineral or more, then the largest producers by their shares summed over the minerals; the rest
    # join "other countries"
    largest = bars.groupby("Producer")["share"].max()
    keep = [n for n in palette if largest.get(n, 0) >= 5]
    chart = charts.stacked_bars(
        bars,
        y="Mineral",
        x="share",
        colour="Producer",
        palette=palette,
        x_title=t("Share of world mine production (%)"),
        x_format=".1f",
        domain=[0, max(100.0, float(bars.groupby("Mineral")["share"].sum().max()))],
        title=title,
        subtitle=t(
            "Share of world mine production by producing country, {year} (USGS estimates), %"
        ).format(year=year),
        source_line=rep.source_line("minerals_usgs"),
        other=other,
        keep=keep,
    )
    rep.figure(chart, table="minerals_usgs", alt_text=alt_text, caption=caption)


def minerals_table(rep: Report, *, caption: str, year: int = 2024) -> None:
    """ASEAN's and China's shares of production and reserves, and the HHI; caption may use {year}."""
    mu = data.load("minerals_usgs")
    rows = []
    for mineral, label in MINERALS.items():
        for measure in ("mine_production", "reserves"):
            shares = metrics.mineral_shares(mu, mineral, measure, year)
            if shares.empty:
                continue
            top = (
                shares.iloc[0]["area"]
                if shares.iloc[0]["area"] != "ROW"
                else shares.iloc[1]["area"]
            )
            rows.append(
                {
                    t("Mineral"): t(label),
                    t("Measure"): t(measure.replace("_", " ")),
                    t("ASEAN (%)"): metrics.group_share(shares, countries.ASEAN),
                    t("China (%)"): metrics.group_share(shares, ["CHN"]),
                    t("Largest producer"): countries.name(top),
                    "HHI": round(metrics.hhi(shares)) if measure == "mine_production" else None,
                }
            )
    table = pd.DataFrame(rows)
    table["HHI"] = table["HHI"].astype("Int64")
    rep.table(table, caption=caption.format(year=year), table="minerals_usgs")
