"""One ASEAN member on one page: market, adoption, brands, plants, policies and minerals."""

from __future__ import annotations

import pandas as pd

from . import adoption, competition, countries, data, market, metrics, supply
from .context import Context
from .report import Report


def start(
    country: str, start_year: int = 2015, end_year: int = 2025, edition: str = ""
) -> tuple[Report, Context]:
    from . import parameters

    checked = parameters.check(
        "country_profile", {"country": country, "start_year": start_year, "end_year": end_year}, {}
    )
    ctx = Context(
        focus=checked["country"], start_year=checked["start_year"], end_year=checked["end_year"]
    )
    params = {"country": ctx.focus, "start_year": ctx.start_year, "end_year": ctx.end_year}
    if edition:
        params["edition"] = edition
    rep = Report(
        "country_profile",
        params,
        title=f"Country profile: {ctx.focus_name}",
        subtitle="Cars, electrification, brands, plants, policies and minerals, from sourced data",
    )
    return rep, ctx


def market_section(rep: Report, ctx: Context) -> None:
    market.member_trend(rep, ctx.focus, ctx.start_year)


def adoption_section(rep: Report, ctx: Context) -> None:
    ev = adoption.load(ctx)
    if metrics.latest_share(ev, ctx.focus, ctx.end_year) is None:
        rep.markdown(
            rep.say(
                "The IEA publishes no electric-car sales for {name}, so its electrification cannot be "
                "measured from the data we hold.",
                name=ctx.focus_name,
            )
        )
        return
    adoption.overview(rep, ctx)
    adoption.growth_paragraph(rep, ctx)
    adoption.trajectory_figure(rep, ctx)


def brands_section(rep: Report, ctx: Context) -> None:
    competition.japanese_vs_chinese(rep, ctx.focus)
    competition.electric_segment(rep, ctx)
    competition.brand_movers(rep, ctx.focus)


def plants_section(rep: Report, ctx: Context) -> None:
    supply.plants_overview(rep, ctx)


def policies_section(rep: Report, ctx: Context) -> None:
    po = data.load("policies")
    rows = po[po["area"] == ctx.focus].copy()
    if rows.empty:
        rep.markdown(
            rep.say(
                "Our policy timeline holds no electric-vehicle policy for {name}.",
                name=ctx.focus_name,
            )
        )
        return
    rows = rows.sort_values("date", na_position="last")
    table = rows[["date", "policy_type", "title"]].fillna({"date": "undated"})
    table.columns = ["Date", "Kind", "Policy"]
    rep.table(
        table,
        caption=f"Electric-vehicle policies in {ctx.focus_name}, as reported.",
        table="policies",
    )


def minerals_section(rep: Report, ctx: Context, year: int = 2024) -> None:
    mu = data.load("minerals_usgs")
    local = mu[(mu["area"] == ctx.focus) & (mu["year"] == year)]
    if local.empty:
        rep.markdown(
            rep.say(
                "USGS lists {name} as neither a producer nor a holder of reserves of nickel, cobalt, "
                "lithium, natural graphite or manganese.",
                name=ctx.focus_name,
            )
        )
        return
    rows = []
    for (mineral, measure), _ in local.groupby(["mineral", "measure"]):
        shares = metrics.mineral_shares(mu, mineral, measure, year)
        share = metrics.group_share(shares, [ctx.focus])
        rows.append(
            {
                "Mineral": supply.MINERALS[mineral],
                "Measure": measure.replace("_", " "),
                "World share (%)": share,
            }
        )
    top = max(rows, key=lambda r: r["World share (%)"])
    mineral_key = next(k for k, v in supply.MINERALS.items() if v == top["Mineral"])
    c = supply.mineral_share_claim(
        rep, mu, mineral_key, [ctx.focus], year, top["Measure"].replace(" ", "_")
    )
    rep.markdown(
        rep.say(
            "{name}'s largest stake in battery minerals is {m} {meas}: {c} of the world total in {y} {cite}.",
            name=ctx.focus_name,
            m=top["Mineral"].lower(),
            meas=top["Measure"],
            c=c,
            y=year,
            cite=rep.cite("minerals_usgs"),
        )
    )
    rep.table(
        pd.DataFrame(rows),
        caption=f"{ctx.focus_name}'s share of world mine production and reserves, {year} (USGS).",
        table="minerals_usgs",
    )


def all_members() -> list[str]:
    return list(countries.ASEAN)
