"""The size of the car markets: new-vehicle sales and production (OICA)."""

from __future__ import annotations

import pandas as pd

from evbrief.core import language
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


def scale_facts(rep: Report) -> Facts:
    """ASEAN's reporting members against China in the latest year OICA covers."""
    sales = sales_totals()
    last_year = int(sales[sales["area"].isin(countries.ASEAN)]["year"].max())
    latest = sales[sales["year"] == last_year]
    reporting = sorted(latest[latest["area"].isin(countries.ASEAN)]["area"])
    asean_total = int(latest[latest["area"].isin(reporting)]["units"].sum())
    china_units = int(latest.loc[latest["area"] == "CHN", "units"].sum())
    claim = rep.claims.claim
    return Facts(
        members=len(reporting),
        year=last_year,
        names=language.join([countries.name(x) for x in reporting]),
        asean=claim(
            "vehicle_sales_sum",
            asean_total,
            "vehicles",
            "vehicle_market",
            areas=reporting,
            year=last_year,
        ),
        china=claim(
            "vehicle_sales_sum",
            china_units,
            "vehicles",
            "vehicle_market",
            areas=["CHN"],
            year=last_year,
        ),
        ratio=claim(
            "vehicle_sales_ratio",
            china_units / asean_total,
            "times",
            "vehicle_market",
            numerator=["CHN"],
            denominator=reporting,
            year=last_year,
        ),
        cite=rep.source("vehicle_market"),
    )


def scale_table(rep: Report, *, caption: str) -> None:
    """New-vehicle sales of the members, China and Japan; caption may use {year}."""
    sales = sales_totals()
    last_year = int(sales[sales["area"].isin(countries.ASEAN)]["year"].max())
    latest = sales[sales["year"] == last_year]
    table = latest[latest["area"].isin([*countries.ASEAN, "CHN", "JPN"])].copy()
    table["Market"] = table["area"].map(countries.name)
    table = table.sort_values("units", ascending=False)[["Market", "units"]]
    table.columns = [t("Market"), t("New vehicles sold, {year}").format(year=last_year)]
    rep.table(table, caption=caption.format(year=last_year), table="vehicle_market", decimals=0)


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
