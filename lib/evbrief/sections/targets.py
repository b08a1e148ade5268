"""Each member's outlook against its own evidence: the ceiling its path rises to and what sets it,
its published targets beside its path, and a rise faster than any market has seen.

Facts for the notebooks (claims, names, booleans); the rules are in evbrief.analysis.scenarios
(ceilings_from_targets, ceiling_table, target_distance, rise_flags) and the ceilings themselves in
scenarios.toml (adoption.ceiling_by_market, with the rule in its comments).
"""

from __future__ import annotations

import pandas as pd

from evbrief.analysis import scenarios
from evbrief.core.claims import Facts
from evbrief.data import countries
from evbrief.document.report import Report


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
