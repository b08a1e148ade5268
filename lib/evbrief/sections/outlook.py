"""The outlook to 2035: scenario paths, their differences, uncertainty and the forecast skill.

The facts functions (changes, skill, market_facts) return Claims, names and tables, None where the data
do not give a figure; the notebooks word them (report.md). headline, uncertainty and the figures remain for
the briefing until it words its own outlook.
"""

from __future__ import annotations

import pandas as pd

from evbrief.analysis import forecast, metrics, powertrains, scenarios
from evbrief.core.claims import as_shown
from evbrief.core.language import t
from evbrief.data import countries
from evbrief.data import tables as data
from evbrief.document import charts
from evbrief.document.context import REGION_AREA, Context
from evbrief.document.report import Report

YEARS = (2030, 2035)


def area_for(ctx: Context) -> str:
    """The focus, or the region where the focus has no electric-car data to project."""
    if isinstance(ctx, str):
        return ctx
    curves = scenarios.curves(scenarios.parameters("stated_policies"))
    return ctx.focus_area if ctx.focus_area in curves else REGION_AREA


def all_scenarios(overrides: dict | None = None) -> pd.DataFrame:
    scenarios.prepare(overrides=overrides, draws=None)
    return pd.concat(
        [scenarios.project(n, overrides) for n in scenarios.names()], ignore_index=True
    )


def projected(proj: pd.DataFrame, area: str) -> bool:
    """Whether the projection holds the market: an edition of the data may lack its series."""
    return not proj.empty and bool((proj["area"] == area).any())


def value(proj: pd.DataFrame, scenario: str, area: str, year: int, column: str) -> float | None:
    """The projected value, or None where the market is not projected."""
    row = proj[(proj["scenario"] == scenario) & (proj["area"] == area) & (proj["year"] == year)]
    return None if row.empty or pd.isna(row[column].iloc[0]) else float(row[column].iloc[0])


def claim(rep: Report, proj: pd.DataFrame, scenario: str, area: str, year: int, column: str):
    """The projected value as a claim, None where the market is not projected."""
    v = value(proj, scenario, area, year, column)
    if v is None:
        return None
    return rep.claims.claim(
        "scenario",
        v,
        "percent",
        "scenarios",
        scenario=scenario,
        area=area,
        year=year,
        column=column,
    )


def majority_title(name: str, paths: pd.DataFrame) -> str:
    """The paths chart's title, from what the paths show in their last year (rows: year, value,
    series): a title never says "every scenario" unless every scenario's path does it."""
    end = paths[paths["year"] == paths["year"].max()]
    if len(end) and (end["value"] > 50).all():
        title = "{name}: electric cars become the majority of sales in every scenario"
    elif len(end) and (end["value"] > 50).any():
        title = "{name}: electric cars become the majority of sales in some scenarios, not all"
    else:
        title = "{name}: electric cars stay a minority of sales in every scenario"
    return t(title).format(name=name)


def paths_figures(rep: Report, ctx: Context, proj: pd.DataFrame) -> None:
    """The observed and projected electric share, and the Japanese share, of the market; no figure
    where the data give the market no projection."""
    area = area_for(ctx)
    if not projected(proj, area):
        return
    name = area_name(area)
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
    paths = pd.concat(rows)
    title = majority_title(name, paths)
    chart = charts.scenario_lines(
        paths,
        y_title=t("Electric share of new-car sales (%)"),
        benchmarks=bench,
        colours=scenarios.colours(),
        title=title,
        subtitle=t(
            "Observed and projected electric share of new-car sales, %; diamonds: IEA's 2035 projections"
        ),
        source_line=rep.source_line("ev_sales") + " " + projections_note(),
    )
    rep.figure(
        chart,
        table=["ev_sales", "ev_outlook_iea"],
        alt_text=t(
            "Observed and projected electric share of car sales in {name} under each scenario."
        ).format(name=name),
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
        y_title=t("Japanese share of electric-car sales (%)"),
        colours=scenarios.colours(),
        title=t("{name}: Japan's electric share depends on cost cuts reaching prices").format(
            name=name
        ),
        subtitle=t("Projected share of Japanese brands in electric-car sales, %"),
        source_line=rep.source_line("brand_shares") + " " + projections_note(),
    )
    rep.figure(
        chart,
        table="brand_shares",
        alt_text=t("Projected Japanese share of electric-car sales in {name} by scenario.").format(
            name=name
        ),
    )


def projections_note() -> str:
    """The source line's words for the projections: the model that draws them."""
    return t("Projections: {model}.").format(model=t(charts.MODEL_SOURCE))


def uncertainty_facts(
    rep: Report, ctx: Context, draws: int = scenarios.DRAWS, overrides: dict | None = None
) -> dict:
    """The 2035 band of the electric share (claims), and the parameter that moves the Japanese share
    of electric sales most, with its swing (a label and a claim). low and high are None where the data
    give the market no projection."""
    area = area_for(ctx)
    samples = scenarios.sample(ctx.scenario, draws=draws, area=area, overrides=overrides)
    bands = None if samples is None else scenarios.fan(samples, "ev_share_pct").set_index("year")
    low, high = (
        None
        if bands is None
        else rep.claims.claim(
            "scenario_band",
            bands.loc[2035, q],
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
    tor = scenarios.tornado(
        ctx.scenario, area=area, column="japanese_share_pct", overrides=overrides
    )
    tor = tor[tor["swing"] > 1e-9]
    top = tor.iloc[0] if not tor.empty else None
    return {
        "area": area,
        "name": area_name(area),
        "draws": draws,
        "low": low,
        "high": high,
        "top_parameter": None if top is None else scenarios.parameter_label(top["parameter"]),
        "top_swing": None
        if top is None
        else rep.claims.claim(
            "tornado_swing",
            top["swing"],
            "percentage points",
            "scenarios",
            scenario=ctx.scenario,
            area=area,
            parameter=top["parameter"],
            year=2035,
        ),
    }


def fan_figure(
    rep: Report,
    ctx: Context,
    draws: int = scenarios.DRAWS,
    overrides: dict | None = None,
    *,
    caption: str | None = None,
) -> None:
    """The fan chart of the electric share; no figure where the data give the market no projection."""
    area = area_for(ctx)
    name = area_name(area)
    samples = scenarios.sample(ctx.scenario, draws=draws, area=area, overrides=overrides)
    if samples is None:
        return
    bands = scenarios.fan(samples, "ev_share_pct")
    hist = metrics.share_series(data.load("ev_sales"), area, 2015).reset_index()
    hist.columns = ["year", "value"]
    chart = charts.fan_chart(
        bands,
        hist,
        y_title=t("Electric share of new-car sales (%)"),
        title=t("{name}: the ceiling, not the speed, is the big unknown").format(name=name),
        subtitle=t(
            "{scenario}: median, 50% and 90% bands of {draws} draws; black: observed"
        ).format(scenario=t(scenarios.label(ctx.scenario)), draws=draws),
        source_line=rep.source_line("ev_sales")
        + " "
        + t("Ranges: {model}; speed errors: its back-test.").format(model=t(charts.MODEL_SOURCE)),
    )
    rep.figure(
        chart,
        table="ev_sales",
        alt_text=t("Fan chart of the projected electric share in {name} to 2035.").format(
            name=name
        ),
        caption=caption,
    )


def tornado_figure(
    rep: Report,
    ctx: Context,
    overrides: dict | None = None,
    *,
    alt_text: str,
    caption: str | None = None,
) -> None:
    area = area_for(ctx)
    tor = scenarios.tornado(
        ctx.scenario, area=area, column="japanese_share_pct", overrides=overrides
    )
    tor = tor[tor["swing"] > 1e-9]
    chart = charts.tornado_chart(
        tor,
        x_title=t("Japanese share of electric-car sales in 2035 (%)"),
        title=t("What moves Japan's 2035 electric share most"),
        subtitle=t("{scenario}, {name}: each parameter at the ends of its range").format(
            scenario=t(scenarios.label(ctx.scenario)), name=area_name(area)
        ),
        source_line=f"{t('Source:')} {t(charts.MODEL_SOURCE)}.",
    )
    rep.figure(chart, table="brand_shares", alt_text=alt_text, caption=caption)


# --- facts for the notebooks ----------------------------------------------------------------------


def area_name(area: str) -> str:
    """The market's name in the report's language (the region is IEA's Southeast Asia aggregate)."""
    return countries.name(area)


def changes(name: str, overrides: dict | None = None) -> pd.DataFrame:
    """Every parameter the scenario or the overrides set away from the defaults: parameter, label,
    default, value and by ("scenario" or "override"), values as scenarios.toml writes them."""
    defaults = scenarios.spec()["defaults"]
    final = scenarios.parameters(name, overrides)
    rows = []
    for key, source in scenarios.set_by(name, overrides).items():
        section, _, field = key.partition(".")
        rows.append(
            {
                "parameter": key,
                "label": scenarios.parameter_label(key),
                "default": defaults[section][field],
                "value": final[section][field],
                "by": source,
            }
        )
    return pd.DataFrame(
        rows, columns=["parameter", "label", "default", "value", "by"], dtype=object
    )


def parameter(rep: Report, name: str, key: str, overrides: dict | None = None):
    """A scenario parameter as a claim (a stated assumption or a sourced value of scenarios.toml)."""
    section, _, field = key.partition(".")
    value = scenarios.parameters(name, overrides)[section][field]
    unit = "percent" if field.endswith("_pct") else "fraction"
    detail = dict(scenario=name, section=section, field=field)
    if scenarios.set_by(name, overrides).get(key) == "override":
        detail["override"] = True
    return rep.claims.claim("scenario_parameter", value, unit, "scenarios.toml", **detail)


def skill(rep: Report, scenario: str = "stated_policies") -> dict:
    """The rolling-origin back-test as facts: the chosen model's and each baseline's MAE over all
    markets and horizons, the interval's coverage, the best baseline, and the comparison with IEA."""
    s = scenarios.skill(scenario)
    table = s["table"]
    overall = forecast.overall_mae(table)

    def mae(method: str, scope: str = "backtest"):
        value = overall[method] if scope == "backtest" else _iea_mae(s["iea"], method)
        if value is None:
            return None
        return rep.claims.claim(
            "skill_mae",
            value,
            "percentage points",
            "ev_sales",
            scenario=scenario,
            method=method,
            scope=scope,
        )

    best = min(forecast.BASELINES, key=overall.get)
    coverage = rep.claims.claim(
        "interval_coverage",
        100 * float(s["covered"]["covered"].mean()),
        "percent",
        "ev_sales",
        scenario=scenario,
    )
    iea = s["iea"]
    return {
        "model": forecast.MODEL_DESCRIPTION,
        "model_mae": mae(forecast.MODEL),
        "baselines": {forecast.label(m): mae(m) for m in forecast.BASELINES},
        "best_baseline": forecast.label(best),
        "best_baseline_mae": mae(best),
        "beats_every_baseline": all(
            overall[forecast.MODEL] < overall[m] for m in forecast.BASELINES
        ),
        "coverage": coverage,
        "observations": int((s["backtest"]["method"] == forecast.MODEL).sum()),
        "origins": f"{min(forecast.ORIGINS)}–{max(forecast.ORIGINS)}",
        "iea_markets": ", ".join(area_name(a) for a in sorted(iea["area"].unique())) or None,
        "iea_cells": int((iea["method"] == forecast.IEA).sum()) if not iea.empty else 0,
        "iea_mae": mae(forecast.IEA, "iea") if not iea.empty else None,
        "model_mae_on_iea": mae(forecast.MODEL, "iea") if not iea.empty else None,
        "model_beats_iea": (
            None if iea.empty else _iea_mae(iea, forecast.MODEL) < _iea_mae(iea, forecast.IEA)
        ),
        "own_weight": scenarios.parameters(scenario)["adoption"]["own_speed_weight"],
    }


def _iea_mae(iea: pd.DataFrame, method: str) -> float | None:
    rows = iea[iea["method"] == method]
    return None if rows.empty else float(rows["error_pp"].abs().mean())


def skill_table(rep: Report, scenario: str = "stated_policies", *, caption: str) -> pd.DataFrame:
    """The skill table: MAE and bias per method and horizon, and the chosen model's interval coverage.

    The caption may name the origin years as {first} and {last}."""
    s = scenarios.skill(scenario)
    t = s["table"].copy()
    t["Method"] = t["method"].map(forecast.label)
    t["Horizon (years)"] = t["horizon"].astype(str).replace({"all": "1–3"})
    t["90% interval coverage (%)"] = [
        None if pd.isna(c) else 100 * c for c in t.get("coverage", [None] * len(t))
    ]
    shown = t[["Method", "Horizon (years)", "n", "mae_pp", "bias_pp", "90% interval coverage (%)"]]
    shown = shown.rename(columns={"n": "Projections", "mae_pp": "MAE (pp)", "bias_pp": "Bias (pp)"})
    rep.table(
        shown,
        caption=caption.format(first=min(forecast.ORIGINS), last=max(forecast.ORIGINS)),
        table="ev_sales",
        decimals=1,
    )
    rep.attach("backtest.csv", s["backtest"])  # written beside the report as <stem>-backtest.csv
    return shown


def weights_table(rep: Report, scenario: str = "stated_policies") -> pd.DataFrame:
    w = scenarios.skill(scenario)["weights"].rename(
        columns={"own_speed_weight": "Weight of the market's own speed", "mae_pp": "MAE (pp)"}
    )
    rep.table(
        w, caption="Choosing the pooling: back-test error by weight.", table="ev_sales", decimals=2
    )
    return w


def iea_table(rep: Report, scenario: str = "stated_policies", *, caption: str) -> pd.DataFrame:
    iea = scenarios.skill(scenario)["iea"].copy()
    if iea.empty:
        return iea
    iea["Market"] = iea["area"].map(area_name)
    iea["Method"] = iea["method"].map(forecast.label)
    iea["origin"] = iea["origin"].astype(str)
    shown = iea[["Market", "origin", "year", "Method", "projected_pct", "observed_pct", "error_pp"]]
    shown = shown.rename(
        columns={
            "origin": "Data to",
            "year": "Year",
            "projected_pct": "Projected (%)",
            "observed_pct": "Observed (%)",
            "error_pp": "Error (pp)",
        }
    )
    rep.table(
        shown,
        caption=caption,
        table=["ev_projections_iea", "ev_sales"],
        decimals=1,
        differences={"Error (pp)": ("Projected (%)", "Observed (%)")},
    )
    return shown


def market_facts(
    rep: Report,
    where: Context | str,
    scenario: str | None = None,
    overrides: dict | None = None,
    draws: int = scenarios.DRAWS,
) -> dict:
    """One market's outlook as facts: for each year of YEARS, the electric share and the Japanese shares
    (of electric cars, of the whole market, of the electrified market) with the ends of the 90% band.
    Each year's facts are None where the data give the market no projection (an edition of the data
    without its electric-car series); the name, the label and the published figures remain.

    `where` is a Context (its focus, or the region where the focus has no data) or an area code."""
    area = area_for(where) if isinstance(where, Context) else where
    name = scenario or (where.scenario if isinstance(where, Context) else "stated_policies")
    proj = scenarios.project(name, overrides)
    bands = scenarios.sample(name, draws=draws, area=area, overrides=overrides)
    columns = {
        "ev": "ev_share_pct",
        "japanese_ev": "japanese_share_pct",
        "japanese_whole": "japanese_whole_pct",
        "japanese_electrified": "japanese_electrified_pct",
    }
    out = {"area": area, "name": area_name(area), "scenario": name, "label": scenarios.label(name)}
    for year in YEARS:
        row = proj[(proj["area"] == area) & (proj["year"] == year)]
        if bands is None or row.empty:
            out[year] = None
            continue
        facts = {}
        for key, column in columns.items():
            v = row[column].iloc[0]
            if v is None or pd.isna(v):
                facts[key] = facts[f"{key}_low"] = facts[f"{key}_high"] = None
                continue
            detail = dict(scenario=name, area=area, year=year, column=column)
            facts[key] = rep.claims.claim("scenario", float(v), "percent", "scenarios", **detail)
            values = bands.loc[bands["year"] == year, column].astype(float)
            for end, q in (("low", "p5"), ("high", "p95")):
                facts[f"{key}_{end}"] = rep.claims.claim(
                    "scenario_band",
                    float(values.quantile(0.05 if end == "low" else 0.95)),
                    "percent",
                    "scenarios",
                    **detail,
                    q=q,
                    draws=draws,
                )
        out[year] = facts
    published = powertrains.japanese_whole_market(area)
    out["japanese_published"] = (
        None
        if published is None
        else rep.claims.claim(
            "origin_share",
            float(published["share_pct"]),
            "percent",
            "brand_shares",
            area=area,
            year=int(published["year"]),
            period=published["period"],
            segment="all_vehicles",
            group="japanese",
            source_id=published["source_id"],
        )
    )
    out["japanese_published_year"] = None if published is None else int(published["year"])
    out["hybrid_share_published"] = powertrains.hybrid_share(area) is not None
    out["ceiling"] = rep.claims.claim(
        "scenario_parameter",
        scenarios.parameters(name, overrides)["adoption"]["ceiling_pct"],
        "percent",
        "scenarios.toml",
        scenario=name,
        section="adoption",
        field="ceiling_pct",
    )
    return out


GAP = ("strategy_delivered", "china_accelerates")
GAP_PLACES = 1  # the decimals of the table that shows the two paths


def gaps(rep: Report, where: Context | str, proj: pd.DataFrame) -> dict:
    """The Japanese share of electric sales under the strategy delivered minus under China
    accelerating, in each year of YEARS (claims, percentage points; None where the market is not
    projected).

    Each is the difference of the two shares as gap_table prints them, so the text and the table agree.
    `proj` is all_scenarios(overrides), computed once by the caller for the gaps, table and figures."""
    area = area_for(where) if isinstance(where, Context) else where
    a, b = GAP
    out = {}
    for year in YEARS:
        if not projected(proj, area):
            out[year] = None
            continue
        shares = [value(proj, s, area, year, "japanese_share_pct") for s in GAP]
        out[year] = rep.claims.claim(
            "scenario_gap",
            as_shown(shares[0], GAP_PLACES) - as_shown(shares[1], GAP_PLACES),
            "percentage points",
            "scenarios",
            a=a,
            b=b,
            area=area,
            year=year,
            column="japanese_share_pct",
            places=GAP_PLACES,
        )
    return out


def gap_table(
    rep: Report, where: Context | str, proj: pd.DataFrame, *, caption: str
) -> pd.DataFrame | None:
    """The two paths whose difference the text quotes, and the difference, year by year (None,
    and no table, where the market is not projected)."""
    area = area_for(where) if isinstance(where, Context) else where
    if not projected(proj, area):
        return None
    columns = [f"{scenarios.label(s)} (%)" for s in GAP]
    shown = pd.DataFrame(
        {
            "Year": list(YEARS),
            **{
                col: [value(proj, s, area, y, "japanese_share_pct") for y in YEARS]
                for col, s in zip(columns, GAP, strict=True)
            },
            "Difference (pp)": [None] * len(YEARS),
        }
    )
    rep.table(
        shown,
        caption=caption,
        table=["ev_sales", "brand_shares"],
        decimals=GAP_PLACES,
        differences={"Difference (pp)": (columns[0], columns[1])},
    )
    return shown


def market_facts_all(
    rep: Report, where: Context | str, overrides: dict | None = None, draws: int = scenarios.DRAWS
) -> dict[str, dict]:
    """market_facts for every named scenario, by scenario name."""
    scenarios.prepare(overrides=overrides, draws=draws)
    return {n: market_facts(rep, where, n, overrides, draws) for n in scenarios.names()}


def markets_table(rep: Report, scenario: str, overrides: dict | None = None) -> pd.DataFrame:
    """Every projected market in 2030 and 2035: where it starts, its speed, and where it ends."""
    p = scenarios.parameters(scenario, overrides)
    proj = scenarios.project(scenario, overrides)
    rows = []
    for area, curve in scenarios.curves(p).items():
        at = proj[proj["area"] == area].set_index("year")
        rows.append(
            {
                "Market": area_name(area),
                f"Electric share {curve.origin} (%)": curve.level,
                "Own speed (logit/yr)": curve.own_speed,
                "Speed used (logit/yr)": curve.speed,
                "Ceiling (%)": curve.ceiling,
                "2030 (%)": at.loc[2030, "ev_share_pct"],
                "2035 (%)": at.loc[2035, "ev_share_pct"],
                "Japanese, whole market 2035 (%)": at.loc[2035, "japanese_whole_pct"],
            }
        )
    table = pd.DataFrame(rows)
    rep.table(
        table,
        caption=f"{scenarios.label(scenario)}: each market from its own latest share and speed.",
        table=["ev_sales", "brand_shares"],
        decimals=2,
    )
    return table
