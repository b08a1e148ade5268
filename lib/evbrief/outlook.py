"""The outlook to 2035: scenario paths, their differences, uncertainty and the back-test, as report sections."""

from __future__ import annotations

import pandas as pd

from . import charts, countries, data, metrics, scenarios
from .context import REGION_AREA, Context
from .report import Report

YEARS = (2030, 2035)


def area_for(ctx: Context) -> str:
    """The focus, or the region where the focus has no electric-car data to project."""
    curves = scenarios.curves(scenarios.parameters("stated_policies"))
    return ctx.focus_area if ctx.focus_area in curves else REGION_AREA


def all_scenarios(overrides: dict | None = None) -> pd.DataFrame:
    return pd.concat(
        [scenarios.project(n, overrides) for n in scenarios.names()], ignore_index=True
    )


def value(proj: pd.DataFrame, scenario: str, area: str, year: int, column: str) -> float:
    row = proj[(proj["scenario"] == scenario) & (proj["area"] == area) & (proj["year"] == year)]
    return float(row[column].iloc[0])


def claim(rep: Report, proj: pd.DataFrame, scenario: str, area: str, year: int, column: str):
    return rep.claims.claim(
        "scenario",
        value(proj, scenario, area, year, column),
        "percent",
        "scenarios",
        scenario=scenario,
        area=area,
        year=year,
        column=column,
    )


def describe(rep: Report) -> None:
    lines = []
    for name in scenarios.names():
        lines.append(
            f"- **{scenarios.label(name)}** (`{name}`): {scenarios.spec()['scenario'][name].get('description', '')}"
        )
    rep.markdown("\n".join(lines))


def headline(rep: Report, ctx: Context, overrides: dict | None = None) -> pd.DataFrame:
    """The chosen scenario in 2030 and 2035, and the gap between the strategy and China's acceleration."""
    proj = all_scenarios(overrides)
    area = area_for(ctx)
    name = countries.name(area) if area != REGION_AREA else "Southeast Asia"
    s = ctx.scenario
    ev30, ev35 = (claim(rep, proj, s, area, y, "ev_share_pct") for y in YEARS)
    jp30, jp35 = (claim(rep, proj, s, area, y, "japanese_share_pct") for y in YEARS)
    text = [
        rep.say(
            "Under **{label}**, electric cars reach {a} of new-car sales in {name} by {y0} and {b} by {y1}; "
            "Japanese brands would hold {c} of that electric market in {y0} and {d} in {y1}.",
            label=scenarios.label(s),
            a=ev30,
            name=name,
            y0=YEARS[0],
            b=ev35,
            y1=YEARS[1],
            c=jp30,
            d=jp35,
        )
    ]
    diffs = []
    for year in YEARS:
        gap = value(proj, "strategy_delivered", area, year, "japanese_share_pct") - value(
            proj, "china_accelerates", area, year, "japanese_share_pct"
        )
        diffs.append(
            rep.claims.claim(
                "scenario_gap",
                gap,
                "percentage points",
                "scenarios",
                a="strategy_delivered",
                b="china_accelerates",
                area=area,
                year=year,
                column="japanese_share_pct",
            )
        )
    text.append(
        rep.say(
            "Between the strategy delivered and China accelerating, the Japanese share of the electric market "
            "differs by {g0} in {y0} and {g1} in {y1}.",
            g0=diffs[0],
            y0=YEARS[0],
            g1=diffs[1],
            y1=YEARS[1],
        )
    )
    if scenarios.published_chinese_ev_share(area) is None:
        p = scenarios.parameters(s, overrides)["competition"]
        cn = rep.claims.claim(
            "scenario_parameter",
            p["chinese_default_share_pct"],
            "percent",
            "scenarios.toml",
            scenario=s,
            section="competition",
            field="chinese_default_share_pct",
        )
        jp = rep.claims.claim(
            "scenario_parameter",
            p["japanese_base_share_pct"],
            "percent",
            "scenarios.toml",
            scenario=s,
            section="competition",
            field="japanese_base_share_pct",
        )
        text.append(
            rep.say(
                "No source we hold gives {name}'s electric-car sales by brand origin, so its starting split is "
                "the stated assumption of scenarios.toml ({cn} Chinese, {jp} Japanese): read its brand shares "
                "as illustrative.",
                name=name,
                cn=cn,
                jp=jp,
            )
        )
    else:
        jp = rep.claims.claim(
            "scenario_parameter",
            scenarios.parameters(s, overrides)["competition"]["japanese_base_share_pct"],
            "percent",
            "scenarios.toml",
            scenario=s,
            section="competition",
            field="japanese_base_share_pct",
        )
        text.append(
            rep.say(
                "The Japanese starting share of electric sales ({jp}) is an assumption: no source publishes it.",
                jp=jp,
            )
        )
    if area != ctx.focus_area:
        text.append(
            rep.say(
                "{focus} has no electric-car series to project, so the region stands in.",
                focus=ctx.focus_name,
            )
        )
    rep.markdown(" ".join(text))
    table = proj[(proj["area"] == area) & proj["year"].isin(YEARS)].copy()
    table["Scenario"] = table["scenario"].map(scenarios.label)
    table = table[
        [
            "Scenario",
            "year",
            "ev_share_pct",
            "japanese_share_pct",
            "chinese_share_pct",
            "other_share_pct",
        ]
    ]
    table.columns = [
        "Scenario",
        "Year",
        "Electric share of car sales (%)",
        "Japanese (% of electric)",
        "Chinese (% of electric)",
        "Other (% of electric)",
    ]
    rep.table(
        table,
        caption=f"{name}: scenario outcomes in {YEARS[0]} and {YEARS[1]}.",
        table=["ev_sales", "brand_shares"],
    )
    return proj


def paths_figures(rep: Report, ctx: Context, proj: pd.DataFrame) -> None:
    area = area_for(ctx)
    name = countries.name(area) if area != REGION_AREA else "Southeast Asia"
    ev = data.load("ev_sales")
    hist = metrics.share_series(ev, area, 2015).reset_index()
    hist.columns = ["year", "value"]
    rows = [hist.assign(series="Observed")]
    for s in scenarios.names():
        p = proj[(proj["scenario"] == s) & (proj["area"] == area)]
        rows.append(
            pd.DataFrame(
                {"year": p["year"], "value": p["ev_share_pct"], "series": scenarios.label(s)}
            )
        )
    outlook = data.load("ev_outlook_iea")
    bench = outlook[outlook["area"] == area]
    bench = pd.DataFrame(
        {
            "year": bench["year"].astype(int),
            "value": bench["sales_share_pct"].astype(float),
            "series": "IEA " + bench["scenario"].astype(str),
        }
    )
    chart = charts.scenario_lines(
        pd.concat(rows),
        y_title="Electric share of new-car sales (%)",
        benchmarks=bench,
        title=f"{name}: electric cars become the majority of sales in every scenario",
        subtitle="Observed and projected electric share of new-car sales, %; diamonds: IEA's 2035 projections",
        source_line=rep.source_line("ev_sales") + " Projections: evbrief scenarios.toml.",
    )
    rep.figure(
        chart,
        table=["ev_sales", "ev_outlook_iea"],
        alt_text=f"Observed and projected electric share of car sales in {name} under each scenario.",
    )
    rows = [
        pd.DataFrame(
            {
                "year": proj.loc[(proj.scenario == s) & (proj.area == area), "year"],
                "value": proj.loc[(proj.scenario == s) & (proj.area == area), "japanese_share_pct"],
                "series": scenarios.label(s),
            }
        )
        for s in scenarios.names()
    ]
    chart = charts.scenario_lines(
        pd.concat(rows),
        y_title="Japanese share of electric-car sales (%)",
        title=f"{name}: Japan's electric share depends on cost cuts reaching prices",
        subtitle="Projected share of Japanese brands in electric-car sales, %",
        source_line="Source: evbrief scenarios (scenarios.toml), base shares from the brand-share table.",
    )
    rep.figure(
        chart,
        table="brand_shares",
        alt_text=f"Projected Japanese share of electric-car sales in {name} by scenario.",
    )


def uncertainty(rep: Report, ctx: Context, draws: int = 200) -> None:
    area = area_for(ctx)
    name = countries.name(area) if area != REGION_AREA else "Southeast Asia"
    samples = scenarios.sample(ctx.scenario, draws=draws, area=area)
    bands = scenarios.fan(samples, "ev_share_pct")
    ev = data.load("ev_sales")
    hist = metrics.share_series(ev, area, 2015).reset_index()
    hist.columns = ["year", "value"]
    b35 = bands[bands["year"] == 2035].iloc[0]
    lo, hi = (
        rep.claims.claim(
            "scenario_band",
            b35[q],
            "percent",
            "scenarios",
            scenario=ctx.scenario,
            area=area,
            year=2035,
            q=q,
            draws=draws,
        )
        for q in ("p5", "p95")
    )
    rep.markdown(
        rep.say(
            "Sampling the uncertain parameters over their stated ranges ({n} draws), the electric share in "
            "{name} in 2035 lies between {lo} and {hi} in nine draws out of ten.",
            n=draws,
            name=name,
            lo=lo,
            hi=hi,
        )
    )
    chart = charts.fan_chart(
        bands,
        hist,
        y_title="Electric share of new-car sales (%)",
        title=f"{name}: the ceiling, not the speed, is the big unknown",
        subtitle=f"{scenarios.label(ctx.scenario)}: median, 50% and 90% bands of {draws} draws; black: observed",
        source_line=rep.source_line("ev_sales") + " Ranges: scenarios.toml.",
    )
    rep.figure(
        chart,
        table="ev_sales",
        alt_text=f"Fan chart of the projected electric share in {name} to 2035.",
    )
    tor = scenarios.tornado(ctx.scenario, area=area, column="japanese_share_pct")
    tor = tor[tor["swing"] > 1e-9]
    top = tor.iloc[0]
    sw = rep.claims.claim(
        "tornado_swing",
        top["swing"],
        "percentage points",
        "scenarios",
        scenario=ctx.scenario,
        area=area,
        parameter=top["parameter"],
        year=2035,
    )
    rep.markdown(
        rep.say(
            "Of the uncertain parameters, {p} moves the 2035 Japanese share of electric sales most: by {s} "
            "between the ends of its range.",
            p=charts.PARAMETER_LABELS.get(top["parameter"], top["parameter"]).lower(),
            s=sw,
        )
    )
    chart = charts.tornado_chart(
        tor,
        x_title="Japanese share of electric-car sales in 2035 (%)",
        title="What moves Japan's 2035 electric share most",
        subtitle=f"{scenarios.label(ctx.scenario)}, {name}: each parameter at the ends of its range",
        source_line="Source: evbrief scenarios (scenarios.toml).",
    )
    rep.figure(
        chart,
        table="brand_shares",
        alt_text="Tornado chart of the Japanese share in 2035 at the ends of each parameter's range.",
    )


def backtest(rep: Report, ctx: Context, fit_until: int = 2022) -> pd.DataFrame:
    bt = scenarios.backtest(ctx.scenario, fit_until)
    summary = scenarios.backtest_summary(bt)
    print(
        f"Back-test: S-curves fitted on data up to {fit_until}, projected {fit_until + 1}-{int(bt['year'].max())}"
    )
    print(summary.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    worst = summary.iloc[-1]
    mae = rep.claims.claim(
        "backtest_mae",
        float(summary["mean_abs_error_pp"].mean()),
        "percentage points",
        "ev_sales",
        scenario=ctx.scenario,
        fit_until=fit_until,
    )
    w = rep.claims.claim(
        "backtest_mae",
        float(worst["mean_abs_error_pp"]),
        "percentage points",
        "ev_sales",
        scenario=ctx.scenario,
        fit_until=fit_until,
        area=worst["area"],
    )
    rep.markdown(
        rep.say(
            "Fitted on the years up to {y} and projected forward, the curves missed the observed shares by {m} on average, "
            "most for {name} ({w}). The errors are mostly negative: the markets electrified faster than their own early "
            "history implied, so these projections are more likely too low than too high.",
            y=fit_until,
            m=mae,
            name=worst["name"],
            w=w,
        )
    )
    shown = summary.rename(
        columns={
            "name": "Market",
            "fitted": "Own fit",
            "years": "Years tested",
            "mean_abs_error_pp": "Mean absolute error (pp)",
            "bias_pp": "Bias (pp)",
        }
    ).drop(columns="area")
    rep.table(
        shown,
        caption=f"Back-test: fitted up to {fit_until}, errors on the later observed years.",
        table="ev_sales",
        decimals=2,
    )
    rep.attach("scenarios-backtest.csv", bt)
    return bt
