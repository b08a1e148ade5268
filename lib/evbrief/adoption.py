"""Electric-car adoption: how fast each market electrifies against China, Japan and the world."""

from __future__ import annotations

import pandas as pd

from . import charts, countries, data, metrics
from .context import REGION_AREA, Context
from .report import Report

COMPARATORS = [REGION_AREA, "CHN", "JPN", "WLD"]


def load(ctx: Context) -> pd.DataFrame:
    ev = data.load("ev_sales")
    return ev[(ev["year"] >= ctx.start_year) & (ev["year"] <= ctx.end_year)]


def share_claim(rep: Report, ev: pd.DataFrame, area: str, end_year: int):
    point = metrics.latest_share(ev, area, end_year)
    if point is None:
        return None, None
    return rep.claims.claim(
        "ev_share", point.value, "percent", "ev_sales", area=area, year=point.year
    ), point


def years_behind_claim(rep: Report, ev: pd.DataFrame, area: str, end_year: int):
    """Years since China first reached the area's latest share, as a claim (None when not behind)."""
    gap = metrics.years_behind(ev, area, "CHN", end_year)
    if not gap or gap["leader_year"] is None or gap["years"] <= 0:
        return None, gap
    claim = rep.claims.claim(
        "years_behind", gap["years"], "years", "ev_sales", area=area, leader="CHN", year=gap["year"]
    )
    return claim, gap


def chart_areas(ev: pd.DataFrame, ctx: Context) -> list[str]:
    """The focus, China, Japan, the world; for the region, its four leading members too."""
    if not ctx.is_region:
        return [ctx.focus, *COMPARATORS]
    latest = metrics.latest_shares(ev, metrics.members_with_data(ev), ctx.end_year)
    top = list(latest.sort_values("sales_share_pct", ascending=False)["area"][:4])
    return [REGION_AREA, *top, "CHN", "JPN", "WLD"]


def overview(rep: Report, ctx: Context) -> None:
    """Where the focus stands against the regional leader, Japan and the world, in one paragraph."""
    ev = load(ctx)
    cite = rep.cite("ev_sales")
    latest = metrics.latest_shares(ev, metrics.members_with_data(ev), ctx.end_year)
    lead = metrics.leader(latest)
    lead_c = rep.claims.claim(
        "ev_share", lead.value, "percent", "ev_sales", area=lead.area, year=lead.year
    )
    japan_c, japan = share_claim(rep, ev, "JPN", ctx.end_year)
    world_c, world = share_claim(rep, ev, "WLD", ctx.end_year)
    focus_c, focus = (
        share_claim(rep, ev, ctx.focus, ctx.end_year) if not ctx.is_region else (None, None)
    )
    if ctx.is_region or focus is None:
        text = rep.say(
            "Among ASEAN members, {lead} has the highest electric share of new-car sales ({l} in {ly}). "
            "Japan, home of the carmakers that dominate the region, sold {j} of its new cars as electric in {jy}, "
            "against {w} worldwide {cite}.",
            lead=countries.name(lead.area),
            l=lead_c,
            ly=lead.year,
            j=japan_c,
            jy=japan.year,
            w=world_c,
            cite=cite,
        )
        if not ctx.is_region:
            text += " " + rep.say(
                "IEA publishes no electric-car share for {name}.", name=ctx.focus_name
            )
    else:
        text = rep.say(
            "Electric cars were {f} of new cars sold in {name} in {y}, against {w} worldwide and {j} in "
            "Japan, home of the carmakers that dominate the region {cite}.",
            f=focus_c,
            name=ctx.focus_name,
            y=focus.year,
            w=world_c,
            j=japan_c,
            cite=cite,
        )
        if focus.area != lead.area:
            text += " " + rep.say(
                "The ASEAN leader, {lead}, stood at {l} in {ly}.",
                lead=countries.name(lead.area),
                l=lead_c,
                ly=lead.year,
            )
        else:
            text += " " + rep.say("That is the highest share in ASEAN.")
    rep.markdown(text)


def trajectory_figure(rep: Report, ctx: Context) -> None:
    ev = load(ctx)
    areas = chart_areas(ev, ctx)
    focus = metrics.latest_share(ev, ctx.focus_area, ctx.end_year)
    china = metrics.latest_share(ev, "CHN", ctx.end_year)
    if focus is None:
        title = f"No electric-car share is published for {ctx.focus_name}"
    elif focus.value < china.value:
        title = f"{ctx.focus_name} is electrifying, from a lower base than China"
    else:
        title = f"{ctx.focus_name} has caught up with China's electric share"
    chart = charts.share_trajectories(
        ev,
        areas,
        title=title,
        subtitle=f"Electric share of new-car sales, %, {ctx.start_year}–{ctx.end_year}",
        source_line=rep.source_line("ev_sales"),
        highlight=ctx.focus_area,
    )
    rep.figure(
        chart,
        table="ev_sales",
        alt_text=(
            f"Line chart of the electric share of new-car sales, {ctx.start_year}–{ctx.end_year}, for "
            + ", ".join(countries.name(a) for a in areas if a in set(ev["area"]))
            + "."
        ),
    )


def latest_figure(rep: Report, ctx: Context) -> None:
    ev = load(ctx)
    latest = metrics.latest_shares(
        ev, [*metrics.members_with_data(ev), "CHN", "JPN", "WLD"], ctx.end_year
    )
    lead = metrics.leader(latest[latest["area"].isin(countries.ASEAN)])
    china = float(latest.loc[latest["area"] == "CHN", "sales_share_pct"].iloc[0])
    below_half = int(
        (latest[latest["area"].isin(countries.ASEAN)]["sales_share_pct"] < china / 2).sum()
    )
    members = int(latest["area"].isin(countries.ASEAN).sum())
    chart = charts.latest_share_bars(
        latest,
        title=f"{countries.name(lead.area)} leads ASEAN; {below_half} of {members} members are below half China's share",
        subtitle="Electric share of new-car sales in the latest year published, %",
        source_line=rep.source_line("ev_sales"),
    )
    rep.figure(
        chart,
        table="ev_sales",
        alt_text="Bar chart of each market's latest electric share of new-car sales.",
    )


def mix_figure(rep: Report, ctx: Context) -> None:
    ev = load(ctx)
    mix = metrics.powertrain_mix(
        ev, [*metrics.members_with_data(ev), "CHN", "JPN", "WLD"], ctx.end_year
    )
    if mix.empty:
        rep.markdown(
            rep.say("IEA splits no electric-car sales into BEV and PHEV for these markets.")
        )
        return
    bev = mix[mix["powertrain"] == "BEV"].set_index("area")["share_pct"]
    members = bev[bev.index.isin(countries.ASEAN)]
    mostly = int((members > 50).sum())
    chart = charts.powertrain_mix(
        mix,
        title=f"Battery-electric cars are most electric sales in {mostly} of {len(members)} ASEAN markets",
        subtitle="BEV and PHEV shares of electric-car sales (BEV + PHEV), latest year, %",
        source_line=rep.source_line("ev_sales"),
    )
    rep.figure(
        chart,
        table="ev_sales",
        alt_text="Stacked bars of BEV and PHEV shares of electric-car sales per market.",
    )


def years_behind_table(rep: Report, ctx: Context) -> pd.DataFrame:
    """Each member's latest share and the year China was at the same level."""
    ev = load(ctx)
    rows = []
    for area in metrics.members_with_data(ev):
        gap = metrics.years_behind(data.load("ev_sales"), area, "CHN", ctx.end_year)
        rows.append(
            {
                "Market": countries.name(area),
                "Latest year": gap["year"],
                "Electric share (%)": gap["share"],
                "China reached it in": gap["leader_year"]
                if gap["leader_year"] is not None
                else "not yet",
                "Years behind China": gap["years"] if gap["leader_year"] is not None else 0,
            }
        )
    table = pd.DataFrame(rows).sort_values("Years behind China")
    rep.table(
        table,
        caption="Years behind China: the year China's electric share first reached each member's latest share.",
        table="ev_sales",
    )
    return table


def growth_paragraph(rep: Report, ctx: Context) -> None:
    ev = load(ctx)
    point = metrics.latest_share(ev, ctx.focus_area, ctx.end_year)
    if point is None:
        return
    series = metrics.share_series(ev, ctx.focus_area, ctx.start_year, point.year)
    earlier = [y for y in series.index if y <= point.year - 2]
    if not earlier:
        return
    y0 = int(earlier[-1])
    mult = metrics.growth_multiple(ev, ctx.focus_area, y0, point.year)
    parts = []
    if mult:
        m = rep.claims.claim(
            "ev_sales_growth",
            mult,
            "times",
            "ev_sales",
            area=ctx.focus_area,
            from_year=y0,
            to_year=point.year,
        )
        parts.append(
            rep.say(
                "Electric-car sales in {name} in {y1} were {m} their {y0} level.",
                name=ctx.focus_name,
                y1=point.year,
                m=m,
                y0=y0,
            )
        )
    yrs, behind = years_behind_claim(rep, data.load("ev_sales"), ctx.focus_area, ctx.end_year)
    if yrs is not None:
        parts.append(
            rep.say(
                "China's share first reached {name}'s latest level in {ly}, {y} earlier.",
                name=ctx.focus_name,
                ly=behind["leader_year"],
                y=yrs,
            )
        )
    if parts:
        rep.markdown(" ".join(parts) + " " + rep.cite("ev_sales"))
