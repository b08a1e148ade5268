"""The size of the car markets: new-vehicle sales and production (OICA)."""

from __future__ import annotations

import pandas as pd

from . import charts, countries, data
from .context import Context
from .report import Report


def sales_totals() -> pd.DataFrame:
    vm = data.load("vehicle_market")
    sales = vm[vm["measure"] == "sales"]
    return sales.groupby(["area", "year"], as_index=False)["units"].sum()


def region_scale(rep: Report, ctx: Context) -> None:
    """ASEAN's reporting members against China and Japan in the latest year OICA covers."""
    sales = sales_totals()
    members = sales[sales["area"].isin(countries.ASEAN)]
    last_year = int(members["year"].max())
    latest = sales[sales["year"] == last_year]
    reporting = sorted(latest[latest["area"].isin(countries.ASEAN)]["area"])
    asean_total = int(latest[latest["area"].isin(reporting)]["units"].sum())
    china_units = int(latest.loc[latest["area"] == "CHN", "units"].sum())
    a = rep.claims.claim(
        "vehicle_sales_sum",
        asean_total,
        "vehicles",
        "vehicle_market",
        areas=reporting,
        year=last_year,
    )
    c = rep.claims.claim(
        "vehicle_sales_sum",
        china_units,
        "vehicles",
        "vehicle_market",
        areas=["CHN"],
        year=last_year,
    )
    r = rep.claims.claim(
        "vehicle_sales_ratio",
        china_units / asean_total,
        "times",
        "vehicle_market",
        numerator=["CHN"],
        denominator=reporting,
        year=last_year,
    )
    rep.markdown(
        rep.say(
            "The prize is large but not China-sized: the {n} ASEAN members that OICA reports for {y} ({names}) sold {a} new "
            "vehicles, while China sold {c}, {r} as many {cite}.",
            n=len(reporting),
            y=last_year,
            names=", ".join(countries.name(x) for x in reporting),
            a=a,
            c=c,
            r=r,
            cite=rep.cite("vehicle_market"),
        )
    )
    table = latest[latest["area"].isin([*countries.ASEAN, "CHN", "JPN"])].copy()
    table["Market"] = table["area"].map(countries.name)
    table = table.sort_values("units", ascending=False)[["Market", "units"]]
    table.columns = ["Market", f"New vehicles sold, {last_year}"]
    rep.table(
        table,
        caption=f"New-vehicle sales (passenger and commercial), {last_year}.",
        table="vehicle_market",
        decimals=0,
    )


def member_trend(rep: Report, area: str, start_year: int) -> None:
    sales = sales_totals()
    rows = sales[(sales["area"] == area) & (sales["year"] >= start_year - 5)]
    if rows.empty:
        rep.markdown(
            rep.say("OICA publishes no new-vehicle sales for {name}.", name=countries.name(area))
        )
        return
    last = rows.iloc[-1]
    peak = rows.loc[rows["units"].idxmax()]
    s_last = rep.claims.claim(
        "vehicle_sales_sum",
        int(last["units"]),
        "vehicles",
        "vehicle_market",
        areas=[area],
        year=int(last["year"]),
    )
    s_peak = rep.claims.claim(
        "vehicle_sales_sum",
        int(peak["units"]),
        "vehicles",
        "vehicle_market",
        areas=[area],
        year=int(peak["year"]),
    )
    text = rep.say(
        "{name} bought {s} new vehicles in {y}",
        name=countries.name(area),
        s=s_last,
        y=int(last["year"]),
    )
    if int(peak["year"]) != int(last["year"]):
        text += rep.say(", against a peak of {p} in {py}", p=s_peak, py=int(peak["year"]))
    rep.markdown(text + " " + rep.cite("vehicle_market") + ".")
    if int(last["year"]) < int(sales["year"].max()):
        rep.markdown(
            rep.say(
                "OICA's series for {name} ends in {y}; later years are not published.",
                name=countries.name(area),
                y=int(last["year"]),
            )
        )
    rows = rows.assign(Market=countries.name(area))
    chart = charts.trend_line(
        rows,
        x="year",
        y="units",
        y_title="New vehicles sold",
        title=f"{countries.name(area)}: new-vehicle sales",
        subtitle="Passenger and commercial vehicles, units per year",
        source_line=rep.source_line("vehicle_market"),
    )
    rep.figure(
        chart,
        table="vehicle_market",
        alt_text=f"Line chart of new-vehicle sales in {countries.name(area)} by year.",
    )
