"""Where the plants and the battery minerals are, and who owns them."""

from __future__ import annotations

import pandas as pd

from . import charts, countries, data, metrics
from .context import Context
from .report import Report
from .sources import boundaries

MINERALS = {
    "nickel": "Nickel",
    "cobalt": "Cobalt",
    "lithium": "Lithium",
    "graphite_natural": "Graphite (natural)",
    "manganese": "Manganese",
}
# ASEAN producers in their house colours, then the big producers elsewhere in muted tones
PRODUCER_COLOURS = {a: charts.AREA_COLOURS[a] for a in ("IDN", "PHL", "MYS", "VNM", "CHN")} | {
    "AUS": "#BBBBBB",
    "COD": "#999933",
    "CHL": "#DDCC77",
    "ZAF": "#44AA99",
    "GAB": "#88CCEE",
    "MOZ": "#882255",
    "ARG": "#332288",
}
TYPES = {
    "vehicle_assembly": "vehicle assembly",
    "battery_cells": "battery cells",
    "battery_pack": "battery packs",
    "battery_materials": "battery materials",
}


def plants_count_claim(
    rep: Report, plants: pd.DataFrame, areas, origin: str = "all", plant_type: str = "all"
):
    """How many plants on record (operating, being built or announced) match, as a claim."""
    rows = plants[plants["area"].isin(list(areas)) & plants["status"].isin(metrics.ACTIVE)]
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


def plants_overview(rep: Report, ctx: Context, table: bool = True) -> None:
    plants = data.load("plants")
    plants = plants[plants["area"].isin(ctx.members)]
    if plants.empty:
        rep.markdown(
            rep.say(
                "Our sources record no vehicle or battery plant in {name}.", name=ctx.focus_name
            )
        )
        return
    counts = metrics.plant_counts(plants)
    cite = rep.cite("plants", sorted(set(plants["source_id"].str.split(";").explode())))
    total = plants_count_claim(rep, plants, ctx.members)
    chinese = plants_count_claim(rep, plants, ctx.members, "chinese")
    japanese = plants_count_claim(rep, plants, ctx.members, "japanese")
    rep.markdown(
        rep.say(
            "Our plant register lists {t} vehicle, battery and battery-material plants in {name} that are operating, being "
            "built or announced: {c} of them by Chinese companies and {j} by Japanese ones {cite}. The register covers the "
            "projects that the press and company releases we cite describe; it is not a census.",
            t=total,
            name=ctx.focus_name,
            c=chinese,
            j=japanese,
            cite=cite,
        )
    )
    if ctx.is_region:
        hosts = counts.groupby("area")["origin"].apply(set)
        with_chinese = int(sum("chinese" in o for o in hosts))
        chart = charts.plant_map(
            boundaries.load(),
            counts,
            title=f"Chinese companies have plants in {with_chinese} of the {len(hosts)} members with plants on record",
            subtitle="Plants operating, under construction or announced, by host country and company origin",
            source_line=rep.source_line("plants"),
        )
        rep.figure(
            chart,
            table="plants",
            alt_text="Map of ASEAN with circles per country sized by the number of plants, coloured by company origin.",
        )
    cap = metrics.capacity_totals(plants, "vehicles_per_year")
    if not cap.empty:
        cap = cap.assign(
            Country=cap["area"].map(countries.name), Origin=cap["origin"].str.capitalize()
        )
        chart = charts.stacked_bars(
            cap,
            y="Country",
            x="capacity",
            colour="Origin",
            palette={k.capitalize(): v for k, v in charts.ORIGIN_COLOURS.items()},
            x_title="Announced capacity (vehicles per year)",
            title="Announced vehicle capacity of the plants on record",
            subtitle="Vehicle-assembly plants with a published capacity, by company origin",
            source_line=rep.source_line("plants"),
        )
        rep.figure(
            chart,
            table="plants",
            alt_text="Stacked bars of announced vehicle-assembly capacity per country by company origin.",
        )
    if not table:
        return
    table = plants.sort_values(["area", "plant_type", "company"])[
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
    ].copy()
    table["area"] = table["area"].map(countries.name)
    table["plant_type"] = table["plant_type"].map(TYPES)
    table["capacity_unit"] = table["capacity_unit"].fillna("").str.replace("_", " ")
    table.columns = ["Company", "Origin", "Country", "Type", "Capacity", "Unit", "Start", "Status"]
    table["Start"] = table["Start"].map(lambda v: "" if pd.isna(v) else str(int(v)))
    rep.table(
        table,
        caption="Plants on record (capacity as announced; blank where not published).",
        table="plants",
        decimals=0,
    )


def mineral_overview(rep: Report, ctx: Context, year: int = 2024) -> None:
    mu = data.load("minerals_usgs")
    rows = []
    for mineral, label in MINERALS.items():
        for measure in ("mine_production", "reserves"):
            shares = metrics.mineral_shares(mu, mineral, measure, year)
            if shares.empty:
                continue
            rows.append(
                {
                    "Mineral": label,
                    "Measure": measure.replace("_", " "),
                    "ASEAN (%)": metrics.group_share(shares, countries.ASEAN),
                    "China (%)": metrics.group_share(shares, ["CHN"]),
                    "Largest producer": countries.name(shares.iloc[0]["area"])
                    if shares.iloc[0]["area"] != "ROW"
                    else countries.name(shares.iloc[1]["area"]),
                    "HHI": round(metrics.hhi(shares)) if measure == "mine_production" else None,
                }
            )
    table = pd.DataFrame(rows)
    table["HHI"] = table["HHI"].astype("Int64")
    cite = rep.cite("minerals_usgs")
    n_asean = mineral_share_claim(rep, mu, "nickel", countries.ASEAN, year)
    n_idn = mineral_share_claim(rep, mu, "nickel", ["IDN"], year)
    g_chn = mineral_share_claim(rep, mu, "graphite_natural", ["CHN"], year)
    l_asean = mineral_share_claim(rep, mu, "lithium", countries.ASEAN, year)
    rep.markdown(
        rep.say(
            "ASEAN's strength is nickel: its members mined {na} of the world's nickel in {y}, Indonesia alone {ni}. "
            "China mined {gc} of natural graphite {cite}.",
            na=n_asean,
            y=year,
            ni=n_idn,
            gc=g_chn,
            cite=cite,
        )
        + " "
        + (
            rep.say("USGS names no ASEAN member among the world's lithium miners.")
            if l_asean.value < 0.05
            else rep.say("ASEAN members mined {la} of the world's lithium.", la=l_asean)
        )
    )
    if not ctx.is_region:
        local = mu[(mu["area"] == ctx.focus) & (mu["year"] == year)]
        if local.empty:
            rep.markdown(
                rep.say(
                    "USGS lists no production or reserves of these five minerals for {name}.",
                    name=ctx.focus_name,
                )
            )
    # one bar per mineral: ASEAN producers, China, and each mineral's largest producers by name; the
    # rest is "other countries", 100 minus the named shares (USGS world totals are rounded, so the
    # listed countries need not add up to the total)
    bars = []
    for mineral, label in MINERALS.items():
        shares = metrics.mineral_shares(mu, mineral, "mine_production", year)
        named = shares[shares["area"] != "ROW"]
        keep = set(named["area"][:2]) | (set(named["area"]) & set(PRODUCER_COLOURS))
        for _, r in named[named["area"].isin(keep)].iterrows():
            bars.append(
                {
                    "Mineral": label,
                    "Producer": countries.name(r["area"]),
                    "share": float(r["share_pct"]),
                }
            )
        rest = 100 - float(named.loc[named["area"].isin(keep), "share_pct"].sum())
        bars.append({"Mineral": label, "Producer": "Other countries", "share": max(0.0, rest)})
    bars = pd.DataFrame(bars)
    palette = {countries.name(a): c for a, c in PRODUCER_COLOURS.items()}
    for producer in bars["Producer"]:
        if producer != "Other countries":
            palette.setdefault(producer, "#777777")
    palette = {k: v for k, v in palette.items() if k in set(bars["Producer"])} | {
        "Other countries": "#E6E6E6"
    }
    bars["order"] = bars["Producer"].map({k: i for i, k in enumerate(palette)})
    chart = charts.stacked_bars(
        bars,
        y="Mineral",
        x="share",
        colour="Producer",
        palette=palette,
        x_title="Share of world mine production (%)",
        x_format=".1f",
        domain=[0, max(100.0, float(bars.groupby("Mineral")["share"].sum().max()))],
        title="Indonesia dominates nickel; China dominates graphite",
        subtitle=f"Share of world mine production by producing country, {year} (USGS estimates), %",
        source_line=rep.source_line("minerals_usgs"),
    )
    rep.figure(
        chart,
        table="minerals_usgs",
        alt_text="Stacked bars per mineral of the share of world mine production by country.",
    )
    rep.table(
        table,
        caption=(
            f"ASEAN's and China's shares of world mine production and reserves, {year}, and the "
            "Herfindahl–Hirschman index of mine production (0–10,000; above 2,500 is highly concentrated)."
        ),
        table="minerals_usgs",
    )
