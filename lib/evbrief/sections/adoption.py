"""Electric-car adoption: how fast each market electrifies against China, Japan and the world."""

from __future__ import annotations

import pandas as pd

from evbrief.analysis import metrics
from evbrief.core import language
from evbrief.core.claims import Facts
from evbrief.core.language import t
from evbrief.data import countries
from evbrief.data import tables as data
from evbrief.document import charts
from evbrief.document.context import REGION_AREA, Context
from evbrief.document.report import Report

COMPARATORS = [REGION_AREA, "CHN", "JPN", "WLD"]


def load(ctx: Context) -> pd.DataFrame:
    ev = data.load("ev_sales")
    return ev[(ev["year"] >= ctx.start_year) & (ev["year"] <= ctx.end_year)]


#: what every member is set against in the adoption charts: China, Japan and the world
BENCHMARKS = ("CHN", "JPN", "WLD")


def compared(ev: pd.DataFrame) -> list[str]:
    """The members the IEA publishes, then the benchmarks, in the order the charts show them."""
    return [*metrics.members_with_data(ev), *BENCHMARKS]


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


def overview_facts(rep: Report, ctx: Context) -> Facts:
    """Where the focus stands against the regional leader, Japan and the world.

    focus_share is None where the IEA publishes no series for the focus (Brunei, Myanmar) or the
    focus is the region; focus_is_lead says whether the focus is the ASEAN leader.
    """
    ev = load(ctx)
    latest = metrics.latest_shares(ev, metrics.members_with_data(ev), ctx.end_year)
    lead = metrics.leader(latest)
    japan_c, japan = share_claim(rep, ev, "JPN", ctx.end_year)
    world_c, world = share_claim(rep, ev, "WLD", ctx.end_year)
    focus_c, focus = (
        share_claim(rep, ev, ctx.focus, ctx.end_year) if not ctx.is_region else (None, None)
    )
    return Facts(
        focus=ctx.focus_name,
        focus_share=focus_c,
        focus_year=focus.year if focus else None,
        focus_is_lead=bool(focus and focus.area == lead.area),
        lead=countries.name(lead.area),
        lead_share=rep.claims.claim(
            "ev_share", lead.value, "percent", "ev_sales", area=lead.area, year=lead.year
        ),
        lead_year=lead.year,
        japan_share=japan_c,
        japan_year=japan.year,
        world_share=world_c,
        world_year=world.year,
        cite=rep.source("ev_sales"),
    )


def trajectory_facts(ctx: Context) -> Facts:
    """Whether the focus has a series, and whether it is above China's latest share."""
    ev = load(ctx)
    focus = metrics.latest_share(ev, ctx.focus_area, ctx.end_year)
    china = metrics.latest_share(ev, "CHN", ctx.end_year)
    drawn, left_out = charts.top_keys(chart_areas(ev, ctx))
    return Facts(
        focus=ctx.focus_name,
        has_series=focus is not None,
        caught_up=bool(focus and focus.value >= china.value),
        start=ctx.start_year,
        end=ctx.end_year,
        areas=", ".join(countries.name(a) for a in drawn if a in set(ev["area"])),
        # shares of different markets do not add up into an "other" line: the ones not drawn are named
        left_out=language.join([countries.name(a) for a in left_out]) if left_out else None,
    )


def trajectory_figure(
    rep: Report, ctx: Context, *, title: str, alt_text: str, caption: str | None = None
) -> None:
    ev = load(ctx)
    chart = charts.share_trajectories(
        ev,
        chart_areas(ev, ctx),
        title=title,
        subtitle=t("Electric share of new-car sales, %, {start}–{end}").format(
            start=ctx.start_year, end=ctx.end_year
        ),
        source_line=rep.source_line("ev_sales"),
        highlight=ctx.focus_area,
    )
    rep.figure(chart, table="ev_sales", alt_text=alt_text, caption=caption)


def latest_facts(ctx: Context) -> Facts:
    """The ASEAN leader and how many members sell electric cars at under half China's share."""
    ev = load(ctx)
    latest = metrics.latest_shares(ev, compared(ev), ctx.end_year)
    members = latest[latest["area"].isin(countries.ASEAN)]
    china = float(latest.loc[latest["area"] == "CHN", "sales_share_pct"].iloc[0])
    return Facts(
        lead=countries.name(metrics.leader(members).area),
        below_half=int((members["sales_share_pct"] < china / 2).sum()),
        members=len(members),
    )


def latest_figure(
    rep: Report, ctx: Context, *, title: str, alt_text: str, caption: str | None = None
) -> None:
    ev = load(ctx)
    latest = metrics.latest_shares(ev, compared(ev), ctx.end_year)
    chart = charts.latest_share_bars(
        latest,
        title=title,
        subtitle=t("Electric share of new-car sales in the latest year published, %"),
        source_line=rep.source_line("ev_sales"),
    )
    rep.figure(chart, table="ev_sales", alt_text=alt_text, caption=caption)


def mix_facts(ctx: Context) -> Facts:
    """How many ASEAN markets sell more battery-electric than plug-in hybrid cars (None: no split)."""
    ev = load(ctx)
    mix = metrics.powertrain_mix(ev, compared(ev), ctx.end_year)
    if mix.empty:
        return Facts(mostly_bev=None, members=0)
    bev = mix[mix["powertrain"] == "BEV"].set_index("area")["share_pct"]
    members = bev[bev.index.isin(countries.ASEAN)]
    return Facts(mostly_bev=int((members > 50).sum()), members=len(members))


def mix_figure(
    rep: Report, ctx: Context, *, title: str, alt_text: str, caption: str | None = None
) -> None:
    ev = load(ctx)
    mix = metrics.powertrain_mix(ev, compared(ev), ctx.end_year)
    chart = charts.powertrain_mix(
        mix,
        title=title,
        subtitle=t("BEV and PHEV shares of electric-car sales (BEV + PHEV), latest year, %"),
        source_line=rep.source_line("ev_sales"),
    )
    rep.figure(chart, table="ev_sales", alt_text=alt_text, caption=caption)


def years_behind_table(rep: Report, ctx: Context, *, caption: str) -> pd.DataFrame:
    """Each member's latest share and the year China was at the same level."""
    ev = load(ctx)
    rows = []
    for area in metrics.members_with_data(ev):
        gap = metrics.years_behind(data.load("ev_sales"), area, "CHN", ctx.end_year)
        rows.append(
            {
                t("Market"): countries.name(area),
                t("Latest year"): gap["year"],
                t("Electric share (%)"): gap["share"],
                t("China reached it in"): gap["leader_year"]
                if gap["leader_year"] is not None
                else t("not yet"),
                t("Years behind China"): gap["years"] if gap["leader_year"] is not None else 0,
            }
        )
    table = pd.DataFrame(rows).sort_values(t("Years behind China"))
    rep.table(table, caption=caption, table="ev_sales", years=(t("China reached it in"),))
    return table


def growth_facts(rep: Report, ctx: Context) -> Facts:
    """How many times electric sales grew over the last years, and how many years China is ahead.

    growth is None when the focus has no series or fewer than three years of it; behind is None when
    the focus is not behind China.
    """
    ev = load(ctx)
    point = metrics.latest_share(ev, ctx.focus_area, ctx.end_year)
    facts = Facts(
        focus=ctx.focus_name,
        growth=None,
        from_year=None,
        to_year=None,
        behind=None,
        china_year=None,
        cite=rep.source("ev_sales"),
    )
    if point is None:
        return facts
    series = metrics.share_series(ev, ctx.focus_area, ctx.start_year, point.year)
    earlier = [y for y in series.index if y <= point.year - 2]
    if earlier:
        y0 = int(earlier[-1])
        mult = metrics.growth_multiple(ev, ctx.focus_area, y0, point.year)
        if mult:
            facts.update(
                growth=rep.claims.claim(
                    "ev_sales_growth",
                    mult,
                    "times",
                    "ev_sales",
                    area=ctx.focus_area,
                    from_year=y0,
                    to_year=point.year,
                ),
                from_year=y0,
                to_year=point.year,
            )
    yrs, behind = years_behind_claim(rep, data.load("ev_sales"), ctx.focus_area, ctx.end_year)
    if yrs is not None:
        facts.update(behind=yrs, china_year=behind["leader_year"])
    return facts
