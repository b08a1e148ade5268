"""The pathways Japan argues for, measured: hybrids in the sales mix, emissions per km by pathway and
grid, and the biofuel blends each member mandates.

The electrified share counts full hybrids (HEV), plug-in hybrids (PHEV) and battery cars (BEV); the
plug-in share counts PHEV and BEV only, as the IEA's electric-car share does. A share is taken from
one source's rows for one market, year, scope and measure: as the source published it (an xEV share)
or as the parts over the total that the same source gives. Sources are never mixed in one figure.
"""

from __future__ import annotations

import pandas as pd

from evbrief.analysis import biofuels, emissions
from evbrief.core import language
from evbrief.core.claims import Facts
from evbrief.core.language import t
from evbrief.data import countries
from evbrief.data import tables as data
from evbrief.document.report import Report

ELECTRIFIED = ("HEV", "hybrid", "PHEV", "BEV")
PLUG_IN = ("PHEV", "BEV")
#: a split that counts these four counts every car: its sum is the total where none is published
EVERY_POWERTRAIN = ("ICE", "HEV", "PHEV", "BEV")
# what a share counts, as an adjective for "sales"
SCOPES = {
    "passenger_cars": "passenger-car",
    "all_vehicles": "new-vehicle",
    "light_vehicles": "light-vehicle",
}
# a full year, else a period of at least half a year from January, stated as the source states it
PERIODS = {
    "CY": 12,
    "H1": 6,
    "Jan-Jun": 6,
    "Jan-Jul": 7,
    "Jan-Aug": 8,
    "Jan-Sep": 9,
    "Jan-Oct": 10,
    "Jan-Nov": 11,
}


def _groups(area: str) -> pd.DataFrame:
    ps = data.load("powertrain_sales")
    return ps[(ps["area"] == area) & ps["period"].isin(PERIODS)]


def _share(
    rows: pd.DataFrame, parts: tuple[str, ...], published: str | None
) -> tuple[float, str] | None:
    """(share %, how) from one source's rows: a published share of `published`, else parts / total."""
    if published:
        pub = rows[(rows["powertrain"] == published) & rows["share_pct"].notna()]
        if len(pub) == 1:
            return float(pub["share_pct"].iloc[0]), "published"
    total = rows[(rows["powertrain"] == "total") & rows["units"].notna()]
    got = rows[rows["powertrain"].isin(parts) & rows["units"].notna()]
    present = set(got["powertrain"])
    if parts == ELECTRIFIED:
        complete = "BEV" in present and bool(present & {"HEV", "hybrid"})
    else:
        complete = {"BEV", "PHEV"} <= present
    if len(total) == 1 and complete:
        return float(got["units"].sum()) / float(total["units"].iloc[0]) * 100, "parts"
    # no total published, but every powertrain counted (combustion, hybrid, plug-in hybrid, battery):
    # the total is their sum (Thailand's passenger cars of 2025)
    every = rows[rows["powertrain"].isin(EVERY_POWERTRAIN) & rows["units"].notna()]
    if total.empty and complete and set(every["powertrain"]) == set(EVERY_POWERTRAIN):
        return float(got["units"].sum()) / float(every["units"].sum()) * 100, "sum of powertrains"
    if published and len(total) == 1:
        units = rows[(rows["powertrain"] == published) & rows["units"].notna()]
        if len(units) == 1:
            return float(units["units"].iloc[0]) / float(total["units"].iloc[0]) * 100, "units"
    return None


def latest_share(area: str, which: str) -> dict | None:
    """The newest full-year electrified ("xEV") or plug-in share of one market, from one source."""
    parts, published = (ELECTRIFIED, "xEV") if which == "electrified" else (PLUG_IN, None)
    rows = _groups(area)
    keys = ["year", "period", "scope", "measure", "source_id"]
    found = []
    for key, group in rows.groupby(keys):
        share = _share(group, parts, published)
        if share is not None:
            found.append({**dict(zip(keys, key, strict=True)), "share": share[0], "how": share[1]})
    if not found:
        return None
    # newest year; within it the longest period, passenger cars before all vehicles (the IEA's scope)
    found.sort(
        key=lambda f: (
            -int(f["year"]),
            -PERIODS[f["period"]],
            f["scope"] != "passenger_cars",
            f["source_id"],
        )
    )
    return found[0]


def _share_claim(rep: Report, area: str, which: str):
    found = latest_share(area, which)
    if found is None:
        return None, None
    claim = rep.claims.claim(
        f"{which}_share",
        found["share"],
        "percent",
        "powertrain_sales",
        area=area,
        year=int(found["year"]),
        period=found["period"],
        scope=found["scope"],
        measure=found["measure"],
        source_id=found["source_id"],
    )
    return claim, found


def hybrid_origin(area: str) -> pd.Series | None:
    """The newest published Japanese share of a market's hybrid sales (any period, as published)."""
    bs = data.load("brand_shares")
    rows = bs[
        (bs["area"] == area)
        & (bs["segment"] == "hev")
        & (bs["group_type"] == "origin")
        & (bs["group"] == "japanese")
        & bs["share_pct"].notna()
    ]
    if rows.empty:
        return None
    return rows.sort_values("year").iloc[-1]


def powertrain_facts(rep: Report, area: str) -> Facts:
    """Electrified (with hybrids) and plug-in shares of new sales, and Japan's share of hybrids.

    Each is None where no source publishes it; scope and measure say what was counted.
    """
    from evbrief.sections.competition import origin_claim, when

    electrified, e = _share_claim(rep, area, "electrified")
    plug_in, p = _share_claim(rep, area, "plug_in")
    japanese = hybrid_origin(area)
    ids = {f["source_id"] for f in (e, p) if f}
    if japanese is not None:
        ids |= set(japanese["source_id"].split(";"))
    return Facts(
        market=countries.name(area),
        electrified=electrified,
        electrified_when=when(pd.Series(e)) if e else None,
        electrified_scope=t(SCOPES.get(e["scope"], e["scope"])) if e else None,
        passenger_only=bool(e and e["scope"] == "passenger_cars"),
        plug_in=plug_in,
        plug_in_when=when(pd.Series(p)) if p else None,
        japanese_hybrids=origin_claim(rep, japanese, area) if japanese is not None else None,
        japanese_when=when(japanese) if japanese is not None else None,
        cite=rep.source(
            *(
                ("powertrain_sales", [i])
                for i in sorted(ids)
                if i in data.sources("powertrain_sales")
            ),
            *(("brand_shares", [i]) for i in sorted(ids) if i in data.sources("brand_shares")),
        ),
    )


def emissions_facts(rep: Report, area: str, scenario: str = "trend") -> Facts:
    """A battery car against a hybrid on the member's grid: life-cycle gCO2e/km of a car bought in
    the latest year of grid data, the grid threshold below which the battery car wins, and the first
    year it wins on the grid path `scenario` (the member's own trend by default; None if not by 2035
    or if the path is not defined for the member)."""
    latest = emissions.latest_grid(area)
    if latest is None:
        return Facts(market=countries.name(area), bev=None)
    year = latest[0]
    crossover = emissions.has_path(area, scenario) and emissions.crossover_year(area, scenario)
    return Facts(
        market=countries.name(area),
        year=year,
        grid=emissions.grid_claim(rep, area, year),
        bev=emissions.lifecycle_claim(rep, area, year, "BEV", "held"),
        hev=emissions.lifecycle_claim(rep, area, year, "HEV", "held"),
        threshold=emissions.crossover_grid_claim(rep),
        bev_wins=emissions.lifecycle_value(area, year, "BEV", "held")
        < emissions.lifecycle_value(area, year, "HEV", "held"),
        crossover=emissions.crossover_year_claim(rep, area, scenario) if crossover else None,
        band=band_facts(rep, area, scenario),
        plan=plan_facts(rep, area),
        production=production_facts(rep, area),
        cite=rep.source("grid_intensity", "lifecycle_parameters"),
    )


def band_facts(rep: Report, area: str, scenario: str = "trend") -> Facts | None:
    """A battery car against a hybrid on the member's grid path, as a band: the battery car's
    saving (g/km, negative where it emits more) on the central parameters and at the band's ends,
    and the verdict: "bev" or "hev" only where the whole band lies on one side, else "too_close".

    Every result holds on a condition the prose must state: the grid path (`scenario`: "if the grid
    follows its own trend", "if the grid follows its power development plan") and, on the plan
    path, the plan's status ("draft" where it is not adopted). None where the member has no such
    path."""
    b = emissions.comparison_band(area, scenario)
    if b is None:
        return None
    verdict = {"subject_lower": "bev", "versus_lower": "hev", "too_close": "too_close"}
    status = emissions.plan_status(area) if scenario == "plan" else None
    return Facts(
        market=countries.name(area),
        scenario=scenario,
        year=b["year"],
        verdict=verdict[b["verdict"]],
        central_verdict=verdict[b["central_verdict"]],
        saving=emissions.band_claim(rep, area, scenario, "saving_central"),
        saving_low=emissions.band_claim(rep, area, scenario, "saving_low"),
        saving_high=emissions.band_claim(rep, area, scenario, "saving_high"),
        excess_high=emissions.band_claim(rep, area, scenario, "excess_high"),
        excess_low=emissions.band_claim(rep, area, scenario, "excess_low"),
        excess_central=emissions.band_claim(rep, area, scenario, "excess_central"),
        plan_status=status,
        cite=rep.source("grid_intensity", "lifecycle_parameters")
        if scenario != "plan"
        else rep.source("grid_intensity", "grid_plans", "lifecycle_parameters"),
    )


def plan_facts(rep: Report, area: str) -> Facts | None:
    """The member's published power development plan beside its trend: the plan's name and status,
    the grid in 2035 on each path and the first year a battery car beats a hybrid on each (None
    where not by 2035). `converted` is False where the plan gives only capacity shares (then the
    plan's rows are shown, not turned into gCO2/kWh), and the whole is None where no plan is held."""
    plans = emissions.plan_table()
    rows = plans[(plans["area"] == area) & (plans["plan_status"] != "observed")]
    if rows.empty or emissions.latest_grid(area) is None:
        return None
    converted = emissions.has_path(area, "plan")
    current = rows[rows["plan_status"].isin(emissions.PLAN_STATUSES)]
    named = (current if not current.empty else rows)["plan"].iloc[0]
    shares = current[current["measure"].str.startswith("share_of")]

    def year(scenario):
        y = emissions.crossover_year(area, scenario)
        return emissions.crossover_year_claim(rep, area, scenario) if y is not None else None

    return Facts(
        market=countries.name(area),
        plan=named,
        status=emissions.plan_status(area)
        if converted
        else current["plan_status"].iloc[0]
        if not current.empty
        else rows["plan_status"].iloc[0],
        converted=converted,
        # shares of generation or supply for the plan's years, though its base year's are not
        generation_shares=bool(shares["basis"].isin(emissions.PLAN_BASES).any()),
        bases=sorted(set(shares["basis"])),  # the bases of its shares, as grid_plans codes them
        trend_2035=emissions.grid_path_claim(rep, area, "trend"),
        plan_2035=emissions.grid_path_claim(rep, area, "plan") if converted else None,
        trend_year=year("trend"),
        plan_year=year("plan") if converted else None,
        cite=rep.source("grid_plans"),
    )


def production_facts(rep: Report, area: str) -> Facts:
    """Production apart from use, for the decarbonised-production pillar: a battery car's and a
    hybrid's production emissions per car (central), the battery's published range, and what the
    member's grid adds to a battery pack made there against China's (None without a grid)."""
    plant = emissions.latest_grid(area) is not None and area != emissions.REFERENCE_BATTERY_GRID
    return Facts(
        market=countries.name(area),
        bev_t=emissions.production_claim(rep, "BEV"),
        hev_t=emissions.production_claim(rep, "HEV"),
        battery_t=emissions.production_claim(rep, "BEV", "battery_t"),
        battery_low_t=emissions.production_claim(rep, "BEV", "battery_low_t"),
        battery_high_t=emissions.production_claim(rep, "BEV", "battery_high_t"),
        plant_extra=emissions.battery_plant_claim(rep, area) if plant else None,
        grid=emissions.grid_claim(rep, area) if emissions.latest_grid(area) else None,
        cite=rep.source("lifecycle_parameters", "grid_intensity"),
    )


def mandate_facts(rep: Report, area: str, as_of: str) -> Facts:
    """The ethanol and biodiesel blends in force in a member on a date (None where none is)."""
    return Facts(
        market=countries.name(area),
        as_of=as_of,
        year=int(as_of[:4]),
        ethanol=biofuels.mandate_claim(rep.claims, area, "ethanol", as_of),
        biodiesel=biofuels.mandate_claim(rep.claims, area, "biodiesel", as_of),
        cite=rep.source("biofuel_mandates"),
    )


# --- the tables and figures of the pathways report -------------------------------------------------


def powertrain_table(areas) -> pd.DataFrame:
    """Per member with any figure: the newest electrified and plug-in shares (each from one source,
    with its period and scope) and the newest published Japanese share of hybrids."""
    from evbrief.sections.competition import when

    rows = []
    for area in areas:
        e, p, j = (
            latest_share(area, "electrified"),
            latest_share(area, "plug_in"),
            hybrid_origin(area),
        )
        if e is None and p is None and j is None:
            continue
        rows.append(
            {
                "Member": countries.name(area),
                "Electrified share (%)": e["share"] if e else None,
                "Electrified: period": when(pd.Series(e)) if e else "–",
                "Scope": t(SCOPES.get(e["scope"], e["scope"])) if e else "–",
                "Plug-in share (%)": p["share"] if p else None,
                "Plug-in: period": when(pd.Series(p)) if p else "–",
                "Japanese share of hybrids (%)": float(j["share_pct"]) if j is not None else None,
            }
        )
    return pd.DataFrame(rows)


def mandate_table(areas, years, day: str = "12-31") -> pd.DataFrame:
    """Each member's nationwide blend (%) of each fuel in force at the end of each year.

    One row per member and fuel with any blend on record; a year without a blend in force is
    missing (shown as a dash), never a guess.
    """
    rows = []
    for area in areas:
        for fuel in ("ethanol", "biodiesel"):
            found = {}
            for year in years:
                row = biofuels.mandate_row(area, fuel, f"{year}-{day}")
                found[str(year)] = float(row["blend_pct"]) if row is not None else None
            if any(v is not None for v in found.values()):
                rows.append({"Member": countries.name(area), "Fuel": t(fuel), **found})
    return pd.DataFrame(rows)


def blend_table(blends=(0, 5, 10, 20, 35, 40)) -> pd.DataFrame:
    """Well-to-wheel gCO2e per MJ of petrol-ethanol and diesel-biodiesel blends, without and with
    indirect land-use change, and the change against the fossil fuel."""
    t_ = emissions.biofuel_table(blends=blends)
    wide = t_.pivot_table(
        index=["fuel", "bio_pct"], columns="land_use_change", values=["g_per_mj", "change_pct"]
    )
    out = pd.DataFrame(
        {
            "Fuel": [t(f) for f, _ in wide.index],
            "Biofuel (% by volume)": [int(b) for _, b in wide.index],
            "gCO2e/MJ, no land-use change": wide[("g_per_mj", False)].to_numpy(),
            "Change (%)": wide[("change_pct", False)].to_numpy(),
            "gCO2e/MJ, with land-use change": wide[("g_per_mj", True)].to_numpy(),
            "Change with land-use change (%)": wide[("change_pct", True)].to_numpy(),
        }
    )
    return out.sort_values(["Fuel", "Biofuel (% by volume)"], ascending=[False, True])


def crossover_wide(areas, missing: str) -> pd.DataFrame:
    """Per member: the grid threshold test today and the first year a BEV beats a HEV on each grid
    path (`missing` where not by 2035, blank where a path is not defined for the member)."""
    long = emissions.crossover_years(areas)
    order = [s for s in emissions.SCENARIOS if s in set(long["scenario"])]
    labels = {
        "held": "Grid held",
        "trend": "Own trend",
        "plan": "Own plan",
        "halved_2035": "Halved by 2035",
        "paris_1p5": "1.5°C benchmark",
    }
    rows = []
    for area, group in long.groupby("area", sort=False):
        by = group.set_index("scenario")
        row = {
            "Member": countries.name(area),
            "Grid, latest (gCO2e/kWh)": float(by["grid_latest"].iloc[0]),
            "Latest year": int(by["latest_year"].iloc[0]),
        }
        for s in order:
            if s in by.index:
                y = by.at[s, "crossover_year"]
                row[labels[s]] = missing if pd.isna(y) else str(int(y))
            else:
                row[labels[s]] = ""
        # the year the whole band clears, on the paths a member's own evidence sets
        for s in ("trend", "plan"):
            if s in by.index:
                y = emissions.band_crossover_year(area, s)
                row[labels[s] + ", whole band"] = missing if y is None else str(y)
            elif s in order:
                row[labels[s] + ", whole band"] = ""
        rows.append(row)
    return pd.DataFrame(rows).sort_values("Grid, latest (gCO2e/kWh)").reset_index(drop=True)


def pathway_figure(
    rep: Report,
    areas,
    scenario: str,
    *,
    title: str,
    subtitle: str,
    alt_text: str,
    caption: str | None = None,
):
    """Life-cycle gCO2e/km of each pathway on each member's grid, a car bought in the latest year."""
    from evbrief.document import charts

    rows = emissions.pathway_table(areas, scenario=scenario)
    chart = charts.pathway_dots(
        rows,
        x_title=t("Life-cycle gCO2e per km"),
        title=title,
        subtitle=subtitle,
        source_line=rep.source_line("grid_intensity", "lifecycle_parameters"),
    )
    return rep.figure(
        chart, table=["grid_intensity", "lifecycle_parameters"], alt_text=alt_text, caption=caption
    )


def grid_chart_areas(areas, scenario: str) -> Facts:
    """The members whose grid the chart draws, and those it leaves out (None if none).

    Grids of different members do not add up into an "other" line, so beyond eight lines the chart
    keeps the largest car markets (new vehicles sold in the latest year OICA publishes for each) and
    the notebook names the rest.
    """
    from evbrief.document import charts
    from evbrief.sections import market

    charted = [
        a for a in areas if emissions.latest_grid(a) is not None and emissions.has_path(a, scenario)
    ]
    sales = market.sales_totals().sort_values("year").groupby("area")["units"].last()
    ranked = sorted(charted, key=lambda a: (-float(sales.get(a, 0.0)), a))
    drawn, left_out = charts.top_keys(ranked)
    return Facts(
        drawn=[a for a in charted if a in drawn],
        left_out=language.join([countries.name(a) for a in left_out]) if left_out else None,
    )


def grid_figure(
    rep: Report,
    areas,
    scenario: str,
    *,
    title: str,
    subtitle: str,
    alt_text: str,
    line: str,
    caption: str | None = None,
):
    """Each member's grid, observed then on the stated path, against the BEV-beats-HEV line."""
    from evbrief.document import charts

    paths = pd.concat(
        [emissions.grid_path(a, scenario) for a in grid_chart_areas(areas, scenario).drawn]
    )
    chart = charts.grid_paths(
        paths,
        emissions.crossover_grid(emissions.load_parameters()),
        y_title=t("Grid gCO2e per kWh"),
        threshold_label=line,
        title=title,
        subtitle=subtitle,
        source_line=rep.source_line("grid_intensity", "lifecycle_parameters"),
    )
    return rep.figure(
        chart, table=["grid_intensity", "lifecycle_parameters"], alt_text=alt_text, caption=caption
    )


def band_figure(
    rep: Report,
    areas,
    scenarios=("trend", "plan"),
    *,
    title: str,
    subtitle: str,
    alt_text: str,
    labels: dict[str, str],
    axis: str,
    caption: str | None = None,
):
    """Per member and grid path, the battery car's life-cycle saving against a hybrid (g/km): the
    central run as a dot, the band as a bar, against zero. A bar that crosses zero is no verdict.
    `labels` names each grid path in the legend."""
    import altair as alt

    from evbrief.document import charts

    tables = [emissions.band_table(areas, s) for s in scenarios]
    rows = pd.concat([b for b in tables if not b.empty])
    rows = rows.assign(
        Member=rows["area"].map(countries.name),
        Path=rows["scenario"].map(labels),
        saving=-rows["difference"],
        low=-rows["difference_high"],
        high=-rows["difference_low"],
    )
    order = rows[rows["scenario"] == scenarios[0]].sort_values("saving")["Member"].tolist()
    present = [labels[s] for s in scenarios if s in set(rows["scenario"])]
    colour = alt.Color(
        "Path:N",
        title=None,
        scale=alt.Scale(domain=present, range=["#0077BB", "#EE7733", "#009988"][: len(present)]),
        legend=alt.Legend(orient="bottom"),
    )
    y = alt.Y("Member:N", title=None, sort=order, axis=alt.Axis(labelLimit=200))
    offset = alt.YOffset("Path:N", sort=present)
    x = alt.X("low:Q", title=axis, axis=alt.Axis(tickCount=8))
    tip = [
        "Member:N",
        "Path:N",
        alt.Tooltip("saving:Q", title="Central (g/km)", format=".0f"),
        alt.Tooltip("low:Q", title="Band, low (g/km)", format=".0f"),
        alt.Tooltip("high:Q", title="Band, high (g/km)", format=".0f"),
    ]
    base = alt.Chart(rows)
    bars = base.mark_bar(height=7, opacity=0.55).encode(
        y=y, yOffset=offset, x=x, x2="high:Q", color=colour, tooltip=tip
    )
    dots = base.mark_point(filled=True, size=45, color="#000000").encode(
        y=y, yOffset=offset, x="saving:Q", tooltip=tip
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#000000").encode(x="x:Q")
    height = max(120, 36 * len(order))
    chart = (bars + dots + zero).properties(width=charts.WIDTH - 60, height=height)
    return _plan_figure(rep, chart, title, subtitle, alt_text, caption)


def plan_figure(
    rep: Report,
    area: str,
    *,
    title: str,
    subtitle: str,
    alt_text: str,
    labels: dict[str, str],
    line: str,
    caption: str | None = None,
):
    """One member's grid, observed, then on its own trend and on its plan (dashed), against the
    intensity below which a battery car beats a hybrid on the central parameters.
    `labels` names observed, trend and plan in the legend."""
    import altair as alt

    from evbrief.document import charts

    trend = emissions.grid_path(area, "trend")
    plan = emissions.grid_path(area, "plan")
    observed = trend[trend["basis"] == "observed"]
    last = observed.tail(1)
    rows = pd.concat(
        [
            observed.assign(series=labels["observed"]),
            pd.concat([last, trend[trend["basis"] != "observed"]]).assign(series=labels["trend"]),
            pd.concat([last, plan[plan["basis"] != "observed"]]).assign(series=labels["plan"]),
        ]
    )
    rows = rows[rows["year"] >= 2015]
    present = [labels[k] for k in ("observed", "trend", "plan")]
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=present, range=["#000000", "#0077BB", "#EE7733"]),
        legend=alt.Legend(orient="bottom"),
    )
    lines = (
        alt.Chart(rows)
        .mark_line(point=alt.OverlayMarkDef(size=12))
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", labelAngle=0)),
            y=alt.Y("gco2_per_kwh:Q", title=t("Grid gCO2e per kWh"), scale=alt.Scale(zero=True)),
            color=colour,
            strokeDash=alt.condition(
                alt.datum.basis == "observed", alt.value([1, 0]), alt.value([5, 3])
            ),
            tooltip=["series:N", "year:Q", alt.Tooltip("gco2_per_kwh:Q", format=".0f")],
        )
    )
    threshold = emissions.crossover_grid(emissions.load_parameters())
    width = charts.WIDTH - 140
    label = pd.DataFrame({"y": [threshold], "label": ["\n".join(charts.wrap(line, 18))]})
    rule = alt.Chart(label).mark_rule(color="#555555", strokeDash=[2, 2]).encode(y="y:Q")
    text = (
        alt.Chart(label)
        .mark_text(align="left", baseline="middle", dx=6, fontSize=10, lineBreak="\n")
        .encode(y="y:Q", x=alt.value(width), text="label:N")
    )
    chart = (lines + rule + text).properties(width=width, height=charts.HEIGHT)
    return _plan_figure(rep, chart, title, subtitle, alt_text, caption)


def plan_table(areas) -> pd.DataFrame:
    """The members' plan shares as published, for the report: member, plan (short name), status,
    year, what (measure and basis), technology, value and unit, and whether the plan path converts
    the row (capacities and counts are in data/grid_plans.csv)."""
    t_ = emissions.plan_overview(areas)
    t_ = t_[t_["measure"].str.startswith("share_of")]
    if t_.empty:
        return t_
    return pd.DataFrame(
        {
            "Member": t_["area"].map(countries.name),
            "Plan": t_["plan"].str.split(" (", n=1, regex=False).str[0],
            "Status": t_["plan_status"],
            "Year": t_["year"].astype(int),
            "Measure": t_["measure"].str.replace("_", " "),
            "Basis": t_["basis"].str.replace("_", " "),
            "Source": t_["technology"].str.replace("_", " "),
            "Value": t_["value"].astype(float),
            "Unit": t_["unit"],
            "In the plan path": t_["converted"].map({True: "yes", False: "no"}),
        }
    )


PLAN_TABLES = ("grid_intensity", "grid_plans", "lifecycle_parameters")


def _plan_figure(rep: Report, chart, title, subtitle, alt_text, caption):
    """A figure on the grid paths and the life-cycle model: its title block and source line."""
    from evbrief.document import charts

    chart = charts._finish(chart, title, subtitle, rep.source_line(*PLAN_TABLES))
    return rep.figure(chart, table=list(PLAN_TABLES), alt_text=alt_text, caption=caption)
