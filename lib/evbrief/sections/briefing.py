"""The facts behind the briefing's own sections: key messages, policy options, limits.

The rest comes from the analysis modules, so the briefing and the analysis notebooks state the same
numbers the same way; the notebook words every sentence.
"""

from __future__ import annotations

from evbrief.analysis import metrics
from evbrief.core.claims import Facts
from evbrief.data import clock, countries
from evbrief.data import tables as data
from evbrief.document.context import REGION_AREA, Context
from evbrief.document.report import Report
from evbrief.sections import adoption, competition, supply

# how the options name a scenario parameter in a sentence (the charts use shorter labels)
PARAMETER_PHRASES = {
    "competition.chinese_price_trend_pct": "Chinese price trend",
    "competition.pass_through": "share of cost cuts passed to prices",
    "competition.price_elasticity": "buyers' price sensitivity",
    "competition.battery_share_of_cost": "battery share of car cost",
    "adoption.ceiling_pct": "ceiling of the electric share",
    "adoption.speed_multiplier": "speed of adoption",
}


def adoption_facts(rep: Report, ctx: Context) -> Facts:
    """The focus market's electric share against China's, and how many years China is ahead.

    `stand_in` is True where the focus has no IEA series and the region stands in for it.
    """
    ev = data.load("ev_sales")
    focus = metrics.latest_share(ev, ctx.focus_area, ctx.end_year)
    stand_in = focus is None
    if stand_in:
        focus = metrics.latest_share(ev, REGION_AREA, ctx.end_year)
    if focus is None:  # an edition of the data without the region's series
        return Facts(focus=ctx.focus_name, share=None, cite=rep.source("ev_sales"))
    share, _ = adoption.share_claim(rep, ev, focus.area, ctx.end_year)
    china, _ = adoption.share_claim(rep, ev, "CHN", ctx.end_year)
    behind, _ = adoption.years_behind_claim(rep, ev, focus.area, ctx.end_year)
    return Facts(
        focus=ctx.focus_name,
        stand_in=stand_in,
        market=countries.name(focus.area),
        share=share,
        year=focus.year,
        china=china,
        behind=behind,
        cite=rep.source("ev_sales"),
    )


def minerals_facts(rep: Report) -> Facts:
    """ASEAN's share of world nickel mining and Chinese control of Indonesia's processing plants."""
    mu = data.load("minerals_usgs")
    year = int(mu["year"].max())
    plants = data.load("plants")
    return Facts(
        nickel=supply.mineral_share_claim(rep, mu, "nickel", countries.ASEAN, year),
        year=year,
        chinese=supply.plants_count_claim(rep, plants, ["IDN"], "chinese", "battery_materials"),
        total=supply.plants_count_claim(rep, plants, ["IDN"], "all", "battery_materials"),
        cite=rep.source("minerals_usgs", "plants"),
    )


def limits_facts(rep: Report) -> Facts:
    """What each table can and cannot say, for the limits section."""
    ev = data.load("ev_sales")
    vm = data.load("vehicle_market")
    last = vm[vm["measure"] == "sales"].groupby("area")["year"].max()
    stopped = [c for c in countries.ASEAN if c in last.index and last[c] < int(last.max())]
    from evbrief.core.language import join

    return Facts(
        ev_year=next(iter(data.sources("ev_sales").values()))["year"],
        ev_cite=rep.source("ev_sales"),
        ev_missing=join([countries.name(c) for c in metrics.members_without_data(ev)]),
        brands_cite=rep.source("brand_shares"),
        plants_cite=rep.source("plants"),
        fx_cite=rep.source("fx_rates", "fx_worldbank"),
        oica_stopped=join([countries.name(c) for c in stopped]) if stopped else None,
        oica_last=int(last[stopped].max()) if stopped else None,
        oica_cite=rep.source("vehicle_market"),
    )


def options_facts(rep: Report, ctx: Context) -> Facts:
    """The figures behind the policy options: the focus share, plant counts, Indonesian nickel, the
    scenario parameters that move the Japanese share most, and the indicators to watch."""
    from evbrief.analysis import scenarios
    from evbrief.core.language import t

    ev = data.load("ev_sales")
    share, focus = adoption.share_claim(rep, ev, ctx.focus_area, ctx.end_year)
    if focus is None:
        share, focus = adoption.share_claim(rep, ev, REGION_AREA, ctx.end_year)
    plants = data.load("plants")
    members = list(ctx.members)
    cancelled = plants[
        (plants["origin"] == "japanese")
        & (plants["status"] == "cancelled")
        & (plants["plant_type"] == "battery_materials")
    ]
    policies = data.load("policies")
    ban = policies[(policies["area"] == "IDN") & (policies["policy_type"] == "export_ban")].dropna(
        subset=["date"]
    )
    bs = data.load("brand_shares")
    from evbrief.sections.market import lead_market

    lead = lead_market(ctx)
    j = metrics.latest_origin_share(
        bs, lead, "japanese", competition.MAIN_SEGMENT.get(lead, "all_vehicles")
    )
    movers = scenarios.tornado(ctx.scenario, column="japanese_share_pct")
    movers = movers[movers["swing"] > 1e-9]
    top = [t(PARAMETER_PHRASES.get(p, p)) for p in movers["parameter"][:2]]
    return Facts(
        market=countries.name(focus.area),
        share=share,
        year=focus.year,
        ev_cite=rep.source("ev_sales"),
        focus=ctx.focus_name,
        chinese_plants=supply.plants_count_claim(rep, plants, members, "chinese"),
        japanese_plants=supply.plants_count_claim(rep, plants, members, "japanese"),
        idn_japanese=supply.plants_count_claim(
            rep, plants, ["IDN"], "japanese", "battery_materials"
        ),
        cancelled=cancelled.iloc[0]["company"] if not cancelled.empty else None,
        ban_year=str(ban.iloc[0]["date"])[:4] if not ban.empty else None,
        plants_cite=rep.source("plants"),
        movers=top,
        lead=countries.name(lead),
        japan=competition.origin_claim(rep, j, lead) if j is not None else None,
        japan_year=int(j["year"]) if j is not None else None,
    )


def evidence_checked(rep: Report):
    """The latest day a data row quoted so far in the report was confirmed against its source
    (a date, or None when the report quotes no compiled row): the annex's "evidence checked to"."""
    return clock.evidence_checked(rep.claims)
