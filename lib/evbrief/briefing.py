"""The sections of the policy briefing: each computes its numbers, registers them, and shows them.

The notebook calls these in order; keeping them here means each section is tested without a kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import charts, countries, data, metrics
from .countries import REGION
from .report import Report

REGION_AREA = "SEA"  # IEA's Southeast Asia aggregate stands for the region


@dataclass
class Context:
    focus: str  # "ASEAN" or a member's ISO3 code
    start_year: int
    end_year: int

    @property
    def focus_area(self) -> str:
        return REGION_AREA if self.focus == REGION else self.focus

    @property
    def focus_name(self) -> str:
        return "Southeast Asia" if self.focus == REGION else countries.name(self.focus)


def start(focus: str, start_year: int, end_year: int, edition: str = "", scenario: str | None = None) -> tuple[Report, Context]:
    """Check the parameters (same rules as the CLI) and open the report."""
    from . import parameters

    declared = {"focus": focus, "start_year": start_year, "end_year": end_year}
    checked = parameters.check("briefing", declared, {})
    ctx = Context(checked["focus"], checked["start_year"], checked["end_year"])
    params = {"focus": ctx.focus, "start_year": ctx.start_year, "end_year": ctx.end_year}
    if scenario:
        params["scenario"] = scenario
    if edition:
        params["edition"] = edition
    where = "ASEAN" if ctx.focus == REGION else ctx.focus_name
    report = Report(
        "briefing",
        params,
        title=f"Japan, ASEAN and China's electric-vehicle lead: {where}",
        subtitle="A policy briefing on the Japan–ASEAN automotive strategy, from sourced data",
    )
    return report, ctx


def comparison_areas(ev: pd.DataFrame, ctx: Context) -> list[str]:
    """Areas in the trajectory chart: the focus, China, Japan, the world (and members for the region)."""
    if ctx.focus == REGION:
        members = metrics.members_with_data(ev)
        latest = metrics.latest_shares(ev, members, ctx.end_year).sort_values("sales_share_pct", ascending=False)
        top = list(latest["area"][:4])  # the four leading members keep the chart readable
        return [REGION_AREA, *top, "CHN", "JPN", "WLD"]
    return [ctx.focus, REGION_AREA, "CHN", "JPN", "WLD"]


def key_messages(rep: Report, ctx: Context) -> None:
    ev = data.load("ev_sales")
    focus = metrics.latest_share(ev, ctx.focus_area, ctx.end_year)
    china = metrics.latest_share(ev, "CHN", ctx.end_year)
    cite = rep.cite("ev_sales")
    lines = []
    if focus is None:
        lines.append(rep.say("IEA publishes no electric-car sales share for {name} {cite}; the briefing "
                             "uses the regional figures instead.", name=ctx.focus_name, cite=cite))
    else:
        f_share = rep.claims.claim(f"ev_share_{ctx.focus_area}_{focus.year}", focus.value, "percent", "ev_sales",
                                   area=ctx.focus_area, year=focus.year)
        c_share = rep.claims.claim(f"ev_share_CHN_{china.year}", china.value, "percent", "ev_sales",
                                   area="CHN", year=china.year)
        lines.append(rep.say("- Electric cars were {f} of new cars sold in {name} in {year}, against {c} in China {cite}.",
                             f=f_share, name=ctx.focus_name, year=focus.year, c=c_share, cite=cite))
        behind = metrics.years_behind(ev, ctx.focus_area, "CHN", ctx.end_year)
        if behind and behind["leader_year"] is not None and behind["years"] > 0:
            yrs = rep.claims.claim(f"years_behind_CHN_{ctx.focus_area}", behind["years"], "years", "ev_sales",
                                   area=ctx.focus_area, leader="CHN", year=behind["year"])
            lines.append(rep.say("- China passed that share in {ly}: {name} is about {y} behind China's path.",
                                 ly=behind["leader_year"], name=ctx.focus_name, y=yrs))
        first = metrics.share_series(ev, ctx.focus_area, ctx.start_year, ctx.end_year)
        earlier = first.index[first.index <= focus.year - 2]
        if len(earlier):
            y0 = int(earlier[-1])
            mult = metrics.growth_multiple(ev, ctx.focus_area, y0, focus.year)
            if mult:
                m = rep.claims.claim(f"ev_sales_growth_{ctx.focus_area}_{y0}_{focus.year}", mult, "times",
                                     "ev_sales", area=ctx.focus_area, from_year=y0, to_year=focus.year)
                lines.append(rep.say("- Electric-car sales in {name} were {m} their {y0} level in {y1}.",
                                     name=ctx.focus_name, m=m, y0=y0, y1=focus.year))
    missing = metrics.members_without_data(ev)
    if missing:
        lines.append(rep.say("- IEA's data cover {n} of the {total} ASEAN members; {names} are not covered.",
                             n=len(countries.ASEAN) - len(missing), total=len(countries.ASEAN), names=" and ".join(countries.name(c) for c in missing)))
    rep.markdown("\n".join(lines))


def adoption(rep: Report, ctx: Context) -> None:
    ev = data.load("ev_sales")
    ev = ev[(ev["year"] >= ctx.start_year) & (ev["year"] <= ctx.end_year)]
    cite = rep.cite("ev_sales")
    areas = comparison_areas(ev, ctx)
    latest = metrics.latest_shares(ev, metrics.members_with_data(ev) + [REGION_AREA, "CHN", "JPN", "WLD"], ctx.end_year)
    lead = metrics.leader(latest[latest["area"].isin(countries.ASEAN)])
    japan = metrics.latest_share(ev, "JPN", ctx.end_year)
    world = metrics.latest_share(ev, "WLD", ctx.end_year)
    l_claim = rep.claims.claim(f"ev_share_{lead.area}_{lead.year}", lead.value, "percent", "ev_sales",
                               area=lead.area, year=lead.year)
    j_claim = rep.claims.claim(f"ev_share_JPN_{japan.year}", japan.value, "percent", "ev_sales", area="JPN", year=japan.year)
    w_claim = rep.claims.claim(f"ev_share_WLD_{world.year}", world.value, "percent", "ev_sales", area="WLD", year=world.year)
    rep.markdown(rep.say(
        "Among ASEAN members, {lead} has the highest electric share of new-car sales ({l} in {ly}). "
        "Japan, home of the region's dominant carmakers, sold {j} of its new cars as electric in {jy}, "
        "against {w} worldwide {cite}.",
        lead=countries.name(lead.area), l=l_claim, ly=lead.year, j=j_claim, jy=japan.year, w=w_claim, cite=cite,
    ))
    source_line = "Source: IEA (2026), Global EV Outlook 2026 data, CC BY 4.0. Electric = BEV + PHEV (+ FCEV)."
    focus_point = metrics.latest_share(ev, ctx.focus_area, ctx.end_year)
    title = (f"{ctx.focus_name} is electrifying, from a lower base than China"
             if focus_point and focus_point.value < (metrics.latest_share(ev, "CHN", ctx.end_year).value)
             else f"{ctx.focus_name} is electrifying fast")
    chart = charts.share_trajectories(
        ev, areas, title=title,
        subtitle=f"Electric share of new-car sales, %, {ctx.start_year}–{ctx.end_year}",
        source_line=source_line, highlight=ctx.focus_area,
    )
    rep.figure(chart, table="ev_sales", alt_text=(
        f"Line chart of the electric share of new-car sales from {ctx.start_year} to {ctx.end_year} for "
        + ", ".join(countries.name(a) for a in areas) + "."))
    bars = latest[~latest["area"].isin(["SEA"])]
    chart = charts.latest_share_bars(
        bars, title=f"{countries.name(lead.area)} leads ASEAN; most members are far behind China",
        subtitle="Electric share of new-car sales in the latest year published, %",
        source_line=source_line,
    )
    rep.figure(chart, table="ev_sales", alt_text="Bar chart of each area's latest electric share of new-car sales.")
    mix = metrics.powertrain_mix(ev, [*metrics.members_with_data(ev), "CHN", "JPN", "WLD"])
    if not mix.empty:
        chart = charts.powertrain_mix(
            mix, title="Battery-electric cars dominate most ASEAN markets' electric sales",
            subtitle="BEV and PHEV shares of electric-car sales, latest year, %", source_line=source_line,
        )
        rep.figure(chart, table="ev_sales", alt_text="Stacked bars of BEV and PHEV shares of electric-car sales per area.")


def market_scale(rep: Report, ctx: Context) -> None:
    vm = data.load("vehicle_market")
    sales = vm[vm["measure"] == "sales"].groupby(["area", "year"], as_index=False)["units"].sum()
    cite = rep.cite("vehicle_market")
    members = [c for c in countries.ASEAN if c in set(sales["area"])]
    last_year = int(sales[sales["area"].isin(members)]["year"].max())
    latest = sales[(sales["year"] == last_year)]
    asean_total = latest[latest["area"].isin(countries.ASEAN)]["units"].sum()
    reporting = sorted(latest[latest["area"].isin(countries.ASEAN)]["area"])
    china_units = latest.loc[latest["area"] == "CHN", "units"].sum()
    a = rep.claims.claim(f"vehicle_sales_asean{len(reporting)}_{last_year}", asean_total, "vehicles", "vehicle_market",
                         areas=reporting, year=last_year)
    c = rep.claims.claim(f"vehicle_sales_CHN_{last_year}", china_units, "vehicles", "vehicle_market", area="CHN", year=last_year)
    ratio = rep.claims.claim(f"vehicle_sales_ratio_CHN_asean_{last_year}", china_units / asean_total, "times",
                             "vehicle_market", year=last_year)
    rep.markdown(rep.say(
        "The prize is large but not China-sized: the {n} ASEAN members that OICA reports for {y} ({names}) "
        "sold {a} new vehicles, while China sold {c}, {r} as many {cite}.",
        n=len(reporting), y=last_year, names=", ".join(countries.name(x) for x in reporting), a=a, c=c, r=ratio,
        cite=cite,
    ))
    table = latest[latest["area"].isin([*countries.ASEAN, "CHN", "JPN"])].copy()
    table["Market"] = table["area"].map(countries.name)
    table = table.sort_values("units", ascending=False)[["Market", "units"]].rename(columns={"units": f"New vehicles sold, {last_year}"})
    rep.table(table, caption=f"New-vehicle sales (passenger and commercial), {last_year}.", table="vehicle_market", decimals=0)


def limits(rep: Report) -> None:
    ev = data.load("ev_sales")
    vm = data.load("vehicle_market")
    ev_source = next(iter(data.sources("ev_sales").values()))
    sales = vm[vm["measure"] == "sales"]
    last = sales.groupby("area")["year"].max()
    newest = int(last.max())
    stopped = [c for c in countries.ASEAN if c in last.index and last[c] < newest]
    lines = [
        rep.say("- The electric-car figures are IEA's, rounded to two significant figures {cite}. The {y} workbook "
                "is marked as a first version for peer review, so later releases may revise them.",
                y=ev_source["year"], cite=rep.cite("ev_sales")),
        rep.say("- Southeast Asia is IEA's own aggregate. {names} have no electric-car data.",
                names=" and ".join(countries.name(c) for c in metrics.members_without_data(ev))),
    ]
    if stopped:
        lines.append(rep.say(
            "- OICA's sales series end in {y} for {names}, so regional vehicle totals after that year cover fewer "
            "members {cite}.", y=int(last[stopped].max()), names=", ".join(countries.name(c) for c in stopped),
            cite=rep.cite("vehicle_market")))
    rep.markdown("\n".join(lines))
