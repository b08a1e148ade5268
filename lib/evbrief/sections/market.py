"""The size of the car markets: new-vehicle sales and production (OICA)."""

from __future__ import annotations

import pandas as pd

from evbrief.core.claims import Facts
from evbrief.core.language import t
from evbrief.data import countries
from evbrief.data import tables as data
from evbrief.document import charts
from evbrief.document.report import Report


def sales_totals() -> pd.DataFrame:
    vm = data.load("vehicle_market")
    sales = vm[vm["measure"] == "sales"]
    return sales.groupby(["area", "year"], as_index=False)["units"].sum()


def member_facts(rep: Report, area: str, start_year: int) -> Facts:
    """The member's latest new-vehicle sales and its peak; sales is None where OICA publishes none.

    ends_early says whether the member's series stops before OICA's latest year.
    """
    sales = sales_totals()
    rows = sales[(sales["area"] == area) & (sales["year"] >= start_year - 5)]
    facts = Facts(market=countries.name(area), sales=None, cite=rep.source("vehicle_market"))
    if rows.empty:
        return facts
    last = rows.iloc[-1]
    peak = rows.loc[rows["units"].idxmax()]

    def units(row):
        return rep.claims.claim(
            "vehicle_sales_sum",
            int(row["units"]),
            "vehicles",
            "vehicle_market",
            areas=[area],
            year=int(row["year"]),
        )

    facts.update(
        sales=units(last),
        year=int(last["year"]),
        peak=units(peak) if int(peak["year"]) != int(last["year"]) else None,
        peak_year=int(peak["year"]),
        ends_early=int(last["year"]) < int(sales["year"].max()),
    )
    return facts


def member_figure(
    rep: Report,
    area: str,
    start_year: int,
    *,
    title: str,
    alt_text: str,
    caption: str | None = None,
) -> None:
    sales = sales_totals()
    rows = sales[(sales["area"] == area) & (sales["year"] >= start_year - 5)]
    rows = rows.assign(Market=countries.name(area))
    chart = charts.trend_line(
        rows,
        x="year",
        y="units",
        y_title=t("New vehicles sold"),
        title=title,
        subtitle=t("Passenger and commercial vehicles, units per year"),
        source_line=rep.source_line("vehicle_market"),
    )
    rep.figure(chart, table="vehicle_market", alt_text=alt_text, caption=caption)


def lead_market(ctx) -> str:
    """The market a position is argued from: the focus, or the region's largest market with both
    electrified and brand-origin figures (Thailand in the data as shipped), else its largest market."""
    if not ctx.is_region:
        return ctx.focus
    sales = sales_totals()
    sales = sales[sales["area"].isin(list(ctx.members))]
    bs = data.load("brand_shares")
    with_brands = set(bs.loc[bs["segment"] == "hev", "area"])
    latest = sales[sales["year"] == sales.groupby("area")["year"].transform("max")]
    ranked = latest[latest["area"].isin(with_brands)].sort_values("units", ascending=False)
    if ranked.empty:
        ranked = latest.sort_values("units", ascending=False)
    return str(ranked["area"].iloc[0])
