"""Each member's outlook against its own evidence: the ceiling its path rises to and what sets it,
its published targets beside its path, and a rise faster than any market has seen.

Facts for the notebooks (claims, names, booleans); the rules are in evbrief.analysis.scenarios
(ceilings_from_targets, ceiling_table, target_distance, rise_flags) and the ceilings themselves in
scenarios.toml (adoption.ceiling_by_market, with the rule in its comments).
"""

from __future__ import annotations

import pandas as pd

from evbrief.analysis import forecast, scenarios
from evbrief.core.claims import Facts
from evbrief.data import countries
from evbrief.data import tables as data
from evbrief.document.report import Report
from evbrief.sections import outlook


def _pct(rep: Report, kind: str, value, dataset: str, **detail):
    return (
        None
        if value is None or pd.isna(value)
        else rep.claims.claim(kind, float(value), "percent", dataset, **detail)
    )


def _pp(rep: Report, kind: str, value, dataset: str, **detail):
    return (
        None
        if value is None or pd.isna(value)
        else rep.claims.claim(kind, float(value), "percentage points", dataset, **detail)
    )


def ceiling_facts(
    rep: Report,
    area: str,
    scenario: str = "stated_policies",
    targets: pd.DataFrame | None = None,
    overrides: dict | None = None,
    draws: int = scenarios.DRAWS,
    table: pd.DataFrame | None = None,
) -> Facts | None:
    """The ceiling of one member's path: ceiling (claim), own (True where the member's published
    targets set it), target (the target's own words, where a targets frame is given), and for the
    common ceiling, an assumption, its sensitivity: swing (the 2035 share between the ends of the
    ceiling's range) and band (the width of the 2035 90% band), both in points. None where the
    member has no path."""
    table = scenarios.ceiling_table(scenario, targets, overrides, draws) if table is None else table
    row = table[table["area"] == area]
    if row.empty:
        return None
    r = row.iloc[0]
    text = None
    if targets is not None and isinstance(r["target_id"], str):
        text = targets.set_index("target_id").at[r["target_id"], "target"]
    own = r["basis"] == "own"
    p = scenarios.parameters(scenario, overrides)["adoption"]
    return Facts(
        market=countries.name(area),
        own=bool(own),
        target_id=r["target_id"] if isinstance(r["target_id"], str) else None,
        target=text,
        ceiling=rep.claims.claim(
            "scenario_parameter",
            float(r["ceiling_pct"]),
            "percent",
            "scenarios.toml",
            scenario=scenario,
            section="adoption",
            field="ceiling_by_market" if own else "ceiling_pct",
            **({"key": area} if own else {}),
        ),
        low=None
        if own
        else _pct(
            rep,
            "scenario_parameter",
            p["ceiling_pct_range"][0],
            "scenarios.toml",
            scenario=scenario,
            section="adoption",
            field="ceiling_pct_range",
            key=0,
        ),
        high=None
        if own
        else _pct(
            rep,
            "scenario_parameter",
            p["ceiling_pct_range"][1],
            "scenarios.toml",
            scenario=scenario,
            section="adoption",
            field="ceiling_pct_range",
            key=1,
        ),
        swing=None
        if own
        else _pp(rep, "ceiling_swing", r["swing_pp"], "scenarios", scenario=scenario, area=area),
        band=None
        if own
        else _pp(
            rep,
            "ceiling_band",
            r["band_pp"],
            "scenarios",
            scenario=scenario,
            area=area,
            draws=draws,
        ),
        cite=rep.source("member_targets") if text is not None else None,
    )


def target_facts(
    rep: Report, projection: pd.DataFrame, area: str, targets: pd.DataFrame, scenario: str
) -> Facts:
    """One member's published targets against its path: `beside`, a list of Facts for the targets
    that measure what the path measures (target, year, target_pct, path_pct and distance_pp
    claims, and whether the path falls short), and `apart`, the member's other vehicle targets by
    reason (production, vehicles on the road, hybrids counted, after 2035)."""
    d = scenarios.target_distance(projection, targets)
    d = d[d["area"] == area]
    beside = []
    for r in d[d["comparable"]].itertuples():
        detail = dict(scenario=scenario, area=area, year=int(r.target_year), column="ev_share_pct")
        beside.append(
            Facts(
                target=r.target,
                year=int(r.target_year),
                status=r.status,
                target_pct=rep.claims.claim(
                    "member_target", r.target_pct, "percent", "member_targets", id=r.target_id
                ),
                path_pct=rep.claims.claim("scenario", r.path_pct, "percent", "scenarios", **detail),
                distance_pp=rep.claims.claim(
                    "target_distance",
                    abs(r.distance_pp),
                    "percentage points",
                    "member_targets",
                    id=r.target_id,
                    scenario=scenario,
                ),
                short=bool(r.distance_pp < 0),
                cite=rep.source("member_targets"),
            )
        )
    vehicles = (
        "counts_hybrids",
        "after_horizon",
        "zev_share_of_production_pct",
        "ev_production_units",
        "ev_fleet_share_pct",
        "ev_stock_units",
        "ice_phase_out",
    )
    apart = {
        reason: list(g["target"]) for reason, g in d[d["reason"].isin(vehicles)].groupby("reason")
    }
    return Facts(
        market=countries.name(area), beside=beside, apart=apart, cite=rep.source("member_targets")
    )


def rise_facts(rep: Report, projection: pd.DataFrame, area: str, scenario: str) -> Facts | None:
    """The steepest three-year rise of one member's path against the fastest published rise of any
    market: rise, fastest (claims, points), start and end of each, the fastest market's name, and
    faster (True where the path rises faster than any market has)."""
    flags = scenarios.rise_flags(projection)
    row = flags[flags["area"] == area]
    if row.empty:
        return None
    r = row.iloc[0]
    return Facts(
        market=countries.name(area),
        faster=bool(r["faster"]),
        rise=rep.claims.claim(
            "path_rise",
            float(r["rise_pp"]),
            "percentage points",
            "scenarios",
            scenario=scenario,
            area=area,
            years=scenarios.RISE_YEARS,
        ),
        start=int(r["start"]),
        end=int(r["end"]),
        fastest=rep.claims.claim(
            "fastest_rise",
            float(r["fastest_pp"]),
            "percentage points",
            "ev_sales",
            years=scenarios.RISE_YEARS,
        ),
        fastest_market=countries.name(r["fastest_area"]),
        fastest_start=int(r["fastest_start"]),
        fastest_end=int(r["fastest_end"]),
        cite=rep.source("ev_sales"),
    )


def iea_outlook_facts(rep: Report, area: str, after: int) -> Facts | None:
    """The IEA's own stated-policies share for the market, for the first outlook year after the data
    (iea, a claim; year; cite): the published outlook a reader sets the model's path against. None
    where the IEA publishes none for the market."""
    iea = data.load("ev_outlook_iea")
    rows = iea[(iea["area"] == area) & (iea["scenario"] == "STEPS") & (iea["year"] > after)]
    if rows.empty:
        return None
    r = rows.sort_values("year").iloc[0]
    return Facts(
        iea=rep.claims.claim(
            "iea_outlook",
            float(r["sales_share_pct"]),
            "percent",
            "ev_outlook_iea",
            area=area,
            year=int(r["year"]),
            scenario="STEPS",
        ),
        year=int(r["year"]),
        cite=rep.source("ev_outlook_iea"),
    )


def path_target_figure(
    rep: Report,
    areas,
    scenario: str,
    *,
    targets: pd.DataFrame | None,
    draws: int,
    overrides: dict | None = None,
    title: str,
    subtitle: str,
    alt_text: str,
    y_title: str,
    caption: str | None = None,
):
    """Each member's path (line), its 90% band (area) and its published targets that measure what
    the path measures (diamonds), one small panel per member, in one figure."""
    import altair as alt

    from evbrief.document import charts

    projection = scenarios.project(scenario, overrides)
    obs = scenarios.observations()
    distance = scenarios.target_distance(projection, targets) if targets is not None else None
    rows = []
    for area in areas:
        s = scenarios.sample(scenario, draws, area=area, overrides=overrides)
        if s is None:
            continue
        name = countries.name(area)
        for r in scenarios.fan(s, "ev_share_pct").itertuples():
            rows.append({"Member": name, "kind": "band", "year": r.year, "p5": r.p5, "p95": r.p95})
        for r in projection[projection["area"] == area].itertuples():
            rows.append({"Member": name, "kind": "path", "year": r.year, "value": r.ev_share_pct})
        for y, v in obs.get(area, {}).items():
            if y >= 2018:
                rows.append({"Member": name, "kind": "observed", "year": y, "value": v})
        if distance is not None:
            d = distance[(distance["area"] == area) & distance["comparable"]]
            for r in d.itertuples():
                rows.append(
                    {"Member": name, "kind": "target", "year": r.target_year, "value": r.target_pct}
                )
    if not rows:
        return None
    rows = pd.DataFrame(rows)
    order = list(dict.fromkeys(rows["Member"]))
    x = alt.X(
        "year:Q",
        title=None,
        axis=alt.Axis(format="d", labelAngle=0, values=list(range(2020, 2036, 5))),
        scale=alt.Scale(domain=[2018, 2035]),
    )
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(domain=[0, 100]))
    base = alt.Chart()  # the data is the facet's, so each panel draws its own member

    def only(kind):
        return alt.datum.kind == kind

    band = (
        base.transform_filter(only("band"))
        .mark_area(opacity=0.22, color="#0077BB")
        .encode(x=x, y=alt.Y("p5:Q", title=y_title, scale=alt.Scale(domain=[0, 100])), y2="p95:Q")
    )
    line = (
        base.transform_filter(only("path"))
        .mark_line(color="#0077BB")
        .encode(x=x, y=y, tooltip=["Member:N", "year:Q", alt.Tooltip("value:Q", format=".1f")])
    )
    seen = (
        base.transform_filter(only("observed"))
        .mark_line(color="#000000", point=alt.OverlayMarkDef(size=10))
        .encode(x=x, y=y)
    )
    target = (
        base.transform_filter(only("target"))
        .mark_point(shape="diamond", size=90, filled=True, color="#CC3311")
        .encode(x=x, y=y, tooltip=["Member:N", "year:Q", "value:Q"])
    )
    layered = alt.layer(band, line, seen, target).properties(width=150, height=110)
    chart = layered.facet(facet=alt.Facet("Member:N", title=None, sort=order), columns=3, data=rows)
    tables = ["ev_sales", "member_targets"] if distance is not None else ["ev_sales"]
    chart = charts._finish(chart, title, subtitle, rep.source_line(*tables))
    return rep.figure(chart, table=tables, alt_text=alt_text, caption=caption)


def region_ceiling_facts(rep: Report, scenario: str = "stated_policies") -> Facts:
    """The common ceiling the region's path and every member without a target of its own rise
    towards: an assumption of the model (scenarios.toml adoption.ceiling_pct), never a finding."""
    p = scenarios.parameters(scenario)["adoption"]
    return Facts(
        ceiling=rep.claims.claim(
            "scenario_parameter",
            float(p["ceiling_pct"]),
            "percent",
            "scenarios.toml",
            scenario=scenario,
            section="adoption",
            field="ceiling_pct",
        ).about(evidence="assumed", assumptions=["adoption.ceiling_pct"]),
        own=sorted((p.get("ceiling_by_market") or {}).keys()),
    )


# --- one market's outlook in a briefing: its path, its band, its ceiling and its own targets --------

#: the member's targets of another share, which a reader could take for the sales share the path
#: measures: named apart in the outlook sentence, never drawn beside the path (a count of vehicles
#: built or in use is not mistaken for a share, and the targets table measures it)
OTHER_MEASURES = ("zev_share_of_production_pct", "ev_fleet_share_pct", "counts_hybrids")


def outlook_rows(
    area: str,
    scenario: str,
    targets: pd.DataFrame | None,
    draws: int = scenarios.DRAWS,
    overrides: dict | None = None,
) -> dict[str, pd.DataFrame | float | bool] | None:
    """What the briefing's outlook figure draws, straight from the model: bands (year, p5, p25,
    p75, p95 of the draws' electric share), path (year, value: the scenario's central path),
    history (year, value: observed since 2015), targets (target_id, year, value, measure: the
    member's own targets that measure the path's share, adopted or announced, within the horizon),
    ceiling (%) and own (True where the member's own target sets it). None where the data give the
    market no path."""
    s = scenarios.sample(scenario, draws, area=area, overrides=overrides)
    projection = scenarios.project(scenario, overrides)
    p = projection[projection["area"] == area]
    if s is None or p.empty:
        return None
    bands = scenarios.fan(s, "ev_share_pct")[["year", "p5", "p25", "p75", "p95"]]
    path = pd.DataFrame({"year": p["year"].astype(int), "value": p["ev_share_pct"].astype(float)})
    obs = scenarios.observations().get(area, {})
    history = pd.DataFrame(
        [{"year": int(y), "value": float(v)} for y, v in sorted(obs.items()) if y >= 2015]
    )
    drawn = pd.DataFrame(columns=["target_id", "year", "value", "measure", "source_id"])
    if targets is not None:
        d = scenarios.target_distance(projection, targets)
        d = d[(d["area"] == area) & d["comparable"]] if len(d) else d
        if len(d):
            ids = targets.set_index("target_id")["source_id"]
            drawn = pd.DataFrame(
                {
                    "target_id": d["target_id"],
                    "year": d["target_year"].astype(int),
                    "value": d["target_pct"].astype(float),
                    "measure": d["measure"],
                    "source_id": [ids[i] for i in d["target_id"]],
                }
            )
    a = scenarios.parameters(scenario, overrides)["adoption"]
    return {
        "bands": bands.reset_index(drop=True),
        "path": path.reset_index(drop=True),
        "history": history,
        "targets": drawn.reset_index(drop=True),
        "ceiling": float(forecast.market_ceiling(a, area)),
        "own": area in (a.get("ceiling_by_market") or {}),
    }


def outlook_facts(
    rep: Report,
    area: str,
    scenario: str,
    targets: pd.DataFrame | None = None,
    draws: int = scenarios.DRAWS,
    overrides: dict | None = None,
) -> Facts | None:
    """One market's outlook against its own evidence, for a briefing's outlook sentence: market,
    path30 and path35 (claims), low and high (the 2035 90% band), ceiling (a claim, marked an
    assumption where it is the common one), own (True where the member's own target sets it),
    ceiling_target (that target's words), beside (Facts of target_facts for each target of the
    same measure, with passed: True where its year is observed already), apart (reason -> the member's targets of another share, which the figure does
    not draw: a share of production, of vehicles in use, or one that counts hybrids), rise
    (rise_facts) and cite. None where the data give the market no path."""
    rows = outlook_rows(area, scenario, targets, draws, overrides)
    if rows is None:
        return None
    projection = scenarios.project(scenario, overrides)

    def path(year):
        return outlook.claim(
            rep, projection.assign(scenario=scenario), scenario, area, year, "ev_share_pct"
        )

    s = scenarios.sample(scenario, draws, area=area, overrides=overrides)
    end = s.loc[s["year"] == scenarios.HORIZON, "ev_share_pct"].astype(float)
    low, high = (
        rep.claims.claim(
            "scenario_band",
            float(end.quantile(q)),
            "percent",
            "scenarios",
            scenario=scenario,
            area=area,
            year=scenarios.HORIZON,
            column="ev_share_pct",
            q=name,
            draws=draws,
        )
        for q, name in ((0.05, "p5"), (0.95, "p95"))
    )
    own = rows["ceiling"] if rows["own"] else None
    ceiling = rep.claims.claim(
        "scenario_parameter",
        rows["ceiling"],
        "percent",
        "scenarios.toml",
        scenario=scenario,
        section="adoption",
        field="ceiling_by_market" if own is not None else "ceiling_pct",
        **({"key": area} if own is not None else {}),
    )
    if own is None:
        ceiling.about(evidence="assumed", assumptions=["adoption.ceiling_pct"])
    ceiling_target = None
    if own is not None and targets is not None:
        derived = scenarios.ceilings_from_targets(targets)
        if area in derived:
            ceiling_target = targets.set_index("target_id").at[derived[area][1], "target"]
    beside, apart = [], {}
    if targets is not None and area != "SEA":
        tf = target_facts(rep, projection, area, targets, scenario)
        last = int(rows["history"]["year"].max()) if len(rows["history"]) else None
        # a target whose year the data already cover is set against the observed share the
        # path starts from, not against a projection
        beside = [Facts(**b, passed=last is not None and b.year <= last) for b in tf.beside]
        apart = {k: v for k, v in tf.apart.items() if k in OTHER_MEASURES}
    return Facts(
        market=countries.name(area),
        area=area,
        path30=path(2030),
        path35=path(scenarios.HORIZON),
        low=low,
        high=high,
        ceiling=ceiling,
        own=own is not None,
        ceiling_target=ceiling_target,
        beside=beside,
        apart=apart,
        rise=rise_facts(rep, projection, area, scenario),
        iea=iea_outlook_facts(rep, area, after=int(rows["history"]["year"].max() or 0)),
        cite=rep.source("ev_sales"),
        targets_cite=rep.source("member_targets") if beside or apart else None,
    )


def outlook_figure(
    rep: Report,
    area: str,
    scenario: str,
    targets: pd.DataFrame | None = None,
    draws: int = scenarios.DRAWS,
    overrides: dict | None = None,
    *,
    title: str,
    subtitle: str,
    alt_text: str,
    caption: str | None = None,
) -> int | None:
    """The briefing's one outlook figure: the market's central path to 2035 with its 50% and 90%
    bands, the ceiling it rises toward (labelled the member's own or the common assumption) and the
    member's own targets of the same share as diamonds with their year. No figure where the data
    give the market no path."""
    from evbrief.core.language import t
    from evbrief.document import charts

    rows = outlook_rows(area, scenario, targets, draws, overrides)
    if rows is None:
        return None
    ceiling_label = (
        t("ceiling {value}%: set by the member's own target")
        if rows["own"]
        else t("ceiling {value}%: an assumption common to the region")
    ).format(value=f"{rows['ceiling']:.0f}")
    drawn = rows["targets"]
    ids = sorted({i for s in drawn["source_id"] for i in str(s).split(";") if i})
    specs = ["ev_sales"] + ([("member_targets", ids)] if ids else [])
    chart = charts.path_band_chart(
        rows["bands"],
        rows["path"],
        rows["history"],
        drawn,
        measure=scenarios.SALES_SHARE,
        ceiling=rows["ceiling"],
        ceiling_label=ceiling_label,
        path_label=t(scenarios.label(scenario)),
        target_label=t("target {value}% by {year}"),
        y_title=t("Plug-in share of sales (%)"),
        title=title,
        subtitle=subtitle,
        source_line=rep.source_line(*specs)
        + " "
        + t("Projections: {model}.").format(model=t(charts.MODEL_SOURCE)),
    )
    tables = ["ev_sales", "member_targets"] if ids else ["ev_sales"]
    return rep.figure(chart, table=tables, alt_text=alt_text, caption=caption)
