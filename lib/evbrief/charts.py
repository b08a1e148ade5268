"""The house chart style and one builder per kind of chart.

Every chart carries what a reader needs to trust it (a title that states the finding, a subtitle with
unit and coverage, a source line, alt text) and the same colour for the same country or brand origin
everywhere. Colours come from Paul Tol's colour-blind-safe "vibrant" and "muted" schemes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from . import countries, language
from .language import t

FONT = "DejaVu Sans"  # installed by `make` and measured the same by vl-convert and Chromium
FONTS = {
    "ja": "Noto Sans CJK JP"
}  # Japanese editions: Debian's fonts-noto-cjk, also installed by `make`

AREA_COLOURS = {
    "CHN": "#CC3311",
    "JPN": "#0077BB",
    "WLD": "#555555",
    "SEA": "#000000",
    "THA": "#EE7733",
    "IDN": "#009988",
    "VNM": "#EE3377",
    "MYS": "#33BBEE",
    "PHL": "#882255",
    "SGP": "#999933",
    "KHM": "#DDAA33",
    "LAO": "#117733",
    "BRN": "#DDCC77",
    "MMR": "#332288",
    "KOR": "#44AA99",
    "IND": "#88CCEE",
    "USA": "#BBBBBB",
    "EU27": "#6699CC",
}

ORIGIN_COLOURS = {
    "japanese": "#0077BB",
    "chinese": "#CC3311",
    "korean": "#44AA99",
    "european": "#6699CC",
    "american": "#BBBBBB",
    "domestic": "#EE7733",
    "other": "#DDDDDD",
}

POWERTRAIN_COLOURS = {"BEV": "#0077BB", "PHEV": "#88CCEE"}

WIDTH = 560
HEIGHT = 280


def theme() -> dict:
    return {
        "config": {
            "font": FONTS.get(language.current(), FONT),
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": HEIGHT},
            "title": {
                "anchor": "start",
                "fontSize": 15,
                "fontWeight": "bold",
                "subtitleFontSize": 12,
                "subtitleColor": "#444444",
                "offset": 12,
                "limit": WIDTH + 120,
            },
            "axis": {
                "labelFontSize": 11,
                "titleFontSize": 11,
                "titleFontWeight": "normal",
                "titleColor": "#333333",
                "gridColor": "#e6e6e6",
                "domainColor": "#888888",
                "tickColor": "#888888",
            },
            "legend": {
                "labelFontSize": 11,
                "titleFontSize": 11,
                "titleFontWeight": "normal",
                "orient": "right",
                "labelLimit": 260,
            },
            "line": {"strokeWidth": 2.2},
            "point": {"size": 36, "filled": True},
            "background": "white",
            "padding": {"left": 6, "right": 12, "top": 6, "bottom": 6},
        }
    }


@alt.theme.register("evbrief", enable=True)
def _evbrief_theme() -> alt.theme.ThemeConfig:
    return theme()


@dataclass
class Figure:
    """A chart and what the report says about it (caption, source line, alt text)."""

    chart: alt.TopLevelMixin
    title: str
    subtitle: str
    sources: list[str]  # source ids, resolved to the reference list by the report
    source_line: str
    alt_text: str
    data: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)


def _colour(domain: list[str], colours: dict[str, str], labels: dict[str, str] | None = None):
    labels = labels or {}
    return alt.Scale(
        domain=[labels.get(d, d) for d in domain], range=[colours.get(d, "#999999") for d in domain]
    )


def _finish(chart, title: str, subtitle: str, source_line: str) -> alt.TopLevelMixin:
    """Title and subtitle on top, the source line underneath, inside the chart itself."""
    body = chart.properties(title=alt.TitleParams(text=title, subtitle=[subtitle]))
    return alt.vconcat(body, spacing=4).properties(
        title=alt.TitleParams(
            text=source_line,
            orient="bottom",
            anchor="start",
            fontSize=10,
            fontWeight="normal",
            color="#555555",
            offset=10,
            limit=WIDTH + 120,
        )
    )


def share_trajectories(
    ev: pd.DataFrame,
    areas: list[str],
    *,
    title: str,
    subtitle: str,
    source_line: str,
    highlight: str | None = None,
) -> alt.TopLevelMixin:
    """Electric-car sales share over time, one line per area (ev: area, year, sales_share_pct)."""
    rows = ev[ev["area"].isin(areas)].dropna(subset=["sales_share_pct"]).copy()
    rows["Area"] = rows["area"].map(countries.name)
    rows["year"] = rows["year"].astype(int)
    rows["sales_share_pct"] = rows["sales_share_pct"].astype(float)
    present = [a for a in areas if a in set(rows["area"])]
    names = {a: countries.name(a) for a in present}
    colour = alt.Color(
        "Area:N",
        scale=_colour(present, AREA_COLOURS, names),
        sort=[names[a] for a in present],
        legend=alt.Legend(title=None),
    )
    width = alt.condition(alt.datum.area == (highlight or ""), alt.value(3.5), alt.value(2))
    base = alt.Chart(rows).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("sales_share_pct:Q", title=t("Share of new cars sold (%)")),
        color=colour,
        tooltip=[
            alt.Tooltip("Area:N", title=t("Market")),
            alt.Tooltip("year:O", title=t("Year")),
            alt.Tooltip("sales_share_pct:Q", title=t("Electric share (%)"), format=".1f"),
        ],
    )
    chart = (
        base.mark_line(point=True).encode(strokeWidth=width).properties(width=WIDTH, height=HEIGHT)
    )
    return _finish(chart, title, subtitle, source_line)


def latest_share_bars(
    latest: pd.DataFrame, *, title: str, subtitle: str, source_line: str
) -> alt.TopLevelMixin:
    """Latest electric-car sales share per area, sorted (latest: area, year, sales_share_pct)."""
    rows = latest.copy()
    rows["Area"] = rows["area"].map(countries.name) + " (" + rows["year"].astype(str) + ")"
    rows["sales_share_pct"] = rows["sales_share_pct"].astype(float)
    rows["colour"] = rows["area"].map(lambda a: AREA_COLOURS.get(a, "#999999"))
    chart = (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            y=alt.Y("Area:N", sort="-x", title=None),
            x=alt.X("sales_share_pct:Q", title=t("Share of new cars sold (%)")),
            color=alt.Color("colour:N", scale=None, legend=None),
            tooltip=[
                alt.Tooltip("Area:N", title=t("Market")),
                alt.Tooltip("sales_share_pct:Q", title=t("Electric share (%)"), format=".1f"),
            ],
        )
        .properties(width=WIDTH, height=max(120, 22 * len(rows)))
    )
    labels = chart.mark_text(align="left", dx=3, fontSize=10, color="#333333").encode(
        text=alt.Text("sales_share_pct:Q", format=".1f"), color=alt.value("#333333")
    )
    return _finish(chart + labels, title, subtitle, source_line)


def powertrain_mix(
    mix: pd.DataFrame, *, title: str, subtitle: str, source_line: str
) -> alt.TopLevelMixin:
    """BEV and PHEV shares of electric-car sales per area (mix: area, powertrain, share_pct, year)."""
    rows = mix.copy()
    rows["Area"] = rows["area"].map(countries.name) + " (" + rows["year"].astype(str) + ")"
    rows["share_pct"] = rows["share_pct"].astype(float)
    chart = (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            y=alt.Y("Area:N", title=None, sort=alt.SortField("bev_share", order="descending")),
            x=alt.X(
                "share_pct:Q",
                title=t("Share of electric-car sales (%)"),
                stack="zero",
                scale=alt.Scale(domain=[0, 100]),
            ),
            color=alt.Color(
                "powertrain:N",
                title=None,
                scale=alt.Scale(
                    domain=list(POWERTRAIN_COLOURS), range=list(POWERTRAIN_COLOURS.values())
                ),
            ),
            order=alt.Order("powertrain:N"),
            tooltip=[
                "Area:N",
                "powertrain:N",
                alt.Tooltip("share_pct:Q", title=t("Share (%)"), format=".0f"),
            ],
        )
        .properties(width=WIDTH, height=max(120, 22 * rows["Area"].nunique()))
    )
    return _finish(chart, title, subtitle, source_line)


def origin_trend(
    rows: pd.DataFrame, *, title: str, subtitle: str, source_line: str
) -> alt.TopLevelMixin:
    """Brand-origin shares over time (rows: year, group, share_pct, full_year, period, source_id)."""
    rows = rows.copy()
    rows["Origin"] = rows["group"].map(lambda g: t(g.capitalize()))
    rows["Figure"] = rows["full_year"].map({True: t("full year"), False: t("year to date")})
    present = [g for g in ORIGIN_COLOURS if g in set(rows["group"])]
    colour = alt.Color(
        "Origin:N",
        scale=alt.Scale(
            domain=[g.capitalize() for g in present], range=[ORIGIN_COLOURS[g] for g in present]
        ),
        legend=alt.Legend(title=t("Brand origin")),
    )
    base = alt.Chart(rows).encode(
        x=alt.X(
            "year:Q",
            title=None,
            axis=alt.Axis(format="d", tickMinStep=1),
            scale=alt.Scale(zero=False),
        ),
        y=alt.Y(
            "share_pct:Q",
            title=t("Share of new-vehicle sales (%)"),
            scale=alt.Scale(domain=[0, 100]),
        ),
        color=colour,
        tooltip=[
            alt.Tooltip("Origin:N", title=t("Origin")),
            alt.Tooltip("year:O", title=t("Year")),
            alt.Tooltip("period:N", title=t("Period")),
            alt.Tooltip("share_pct:Q", title=t("Share (%)"), format=".1f"),
            alt.Tooltip("source_id:N", title=t("Source")),
        ],
    )
    lines = base.mark_line(strokeDash=[4, 3], strokeWidth=1.5)
    points = base.mark_point(size=70, filled=True).encode(
        shape=alt.Shape(
            "Figure:N",
            scale=alt.Scale(domain=["full year", "year to date"], range=["circle", "triangle"]),
            legend=alt.Legend(title=t("Figure")),
        )
    )
    labels = base.mark_text(dy=-11, fontSize=10).encode(text=alt.Text("share_pct:Q", format=".0f"))
    return _finish(
        (lines + points + labels).properties(width=WIDTH - 60, height=HEIGHT - 40),
        title,
        subtitle,
        source_line,
    )


# Where a country's circles sit on the map: its capital (lon, lat), a cartographic anchor rather than
# a plant location (the plant register has no coordinates). Country centroids fell on Borneo for both
# Malaysia and Indonesia, far from where their plants are.
CAPITALS = {
    "BRN": (114.94, 4.90),
    "KHM": (104.92, 11.56),
    "IDN": (106.85, -6.21),
    "LAO": (102.63, 17.97),
    "MYS": (101.69, 3.14),
    "MMR": (96.13, 19.76),
    "PHL": (120.98, 14.60),
    "SGP": (103.82, 1.35),
    "THA": (100.50, 13.75),
    "VNM": (105.85, 21.03),
}


def plant_map(
    geo: dict, counts: pd.DataFrame, *, title: str, subtitle: str, source_line: str
) -> dict:
    """ASEAN map: one circle per host country and brand origin, sized by the number of plants."""
    centres = CAPITALS
    rows = counts.groupby(["area", "origin"], as_index=False)["plants"].sum()
    origins = [o for o in ORIGIN_COLOURS if o in set(rows["origin"])]
    # the circles of one country sit side by side, so that no origin hides another
    rows["slot"] = (
        rows.groupby("area").cumcount()
        - (rows.groupby("area")["origin"].transform("count") - 1) / 2
    )
    rows["lon"] = [
        centres[a][0] + slot * 1.4 for a, slot in zip(rows["area"], rows["slot"], strict=True)
    ]
    rows["lat"] = [centres[a][1] for a in rows["area"]]
    rows["Country"] = rows["area"].map(countries.name)
    rows["Origin"] = rows["origin"].map(lambda g: t(g.capitalize()))
    # the boundaries enter the spec as a named dataset after it is built: passing them through altair
    # would validate and copy every coordinate (seconds per render)
    shapes = alt.Chart(alt.Data(name="asean_boundaries")).mark_geoshape(
        fill="#eeeeee", stroke="#999999", strokeWidth=0.6
    )
    circles = (
        alt.Chart(rows)
        .mark_circle(opacity=0.85, stroke="white", strokeWidth=1)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size(
                "plants:Q",
                title=t("Plants"),
                scale=alt.Scale(range=[60, 900]),
                legend=alt.Legend(values=[1, 3, 6, 10]),
            ),
            color=alt.Color(
                "Origin:N",
                scale=alt.Scale(
                    domain=[o.capitalize() for o in origins],
                    range=[ORIGIN_COLOURS[o] for o in origins],
                ),
                legend=alt.Legend(title=t("Company origin")),
            ),
            tooltip=[
                alt.Tooltip("Country:N", title=t("Country")),
                alt.Tooltip("Origin:N", title=t("Origin")),
                alt.Tooltip("plants:Q", title=t("Plants")),
            ],
        )
    )
    labels = (
        alt.Chart(
            pd.DataFrame(
                [
                    {"lon": c[0], "lat": c[1] - 1.9, "name": countries.name(a)}
                    for a, c in centres.items()
                    if a in set(rows["area"])
                ]
            )
        )
        .mark_text(fontSize=10, color="#333333")
        .encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
    )
    chart = (shapes + circles + labels).properties(width=WIDTH, height=HEIGHT + 60)
    spec = _finish(chart, title, subtitle, source_line).to_dict(validate=False)
    # fit the projection to the region's bounding box, set after building for the same reason
    lons = [p[0] for f in geo["features"] for poly in f["geometry"]["coordinates"] for p in poly[0]]
    lats = [p[1] for f in geo["features"] for poly in f["geometry"]["coordinates"] for p in poly[0]]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    box = {
        "type": "Feature",
        "properties": {},
        "geometry": {
            "type": "Polygon",
            "coordinates": [
                [[west, south], [west, north], [east, north], [east, south], [west, south]]
            ],
        },
    }
    spec["vconcat"][0]["projection"] = {"type": "mercator", "fit": box}
    spec.setdefault("datasets", {})["asean_boundaries"] = geo["features"]
    return spec


def stacked_bars(
    rows: pd.DataFrame,
    *,
    y: str,
    x: str,
    colour: str,
    palette: dict[str, str],
    x_title: str,
    title: str,
    subtitle: str,
    source_line: str,
    x_format: str = ",.0f",
    domain=None,
) -> alt.TopLevelMixin:
    """Horizontal bars split by a coloured category (origin, country group, powertrain)."""
    present = [k for k in palette if k in set(rows[colour])]
    x_scale = alt.Scale(domain=domain) if domain else alt.Undefined
    chart = (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            y=alt.Y(
                f"{y}:N",
                title=None,
                sort=alt.EncodingSortField(field=x, op="sum", order="descending"),
            ),
            x=alt.X(f"{x}:Q", title=x_title, stack="zero", scale=x_scale),
            color=alt.Color(
                f"{colour}:N",
                title=None,
                scale=alt.Scale(domain=present, range=[palette[k] for k in present]),
            ),
            order=alt.Order("order:Q") if "order" in rows.columns else alt.Undefined,
            tooltip=[
                alt.Tooltip(f"{y}:N", title=t(y)),
                alt.Tooltip(f"{colour}:N", title=t(colour)),
                alt.Tooltip(f"{x}:Q", title=x_title, format=x_format),
            ],
        )
        .properties(width=WIDTH - 80, height=max(110, 26 * rows[y].nunique()))
    )
    return _finish(chart, title, subtitle, source_line)


def simple_bars(
    rows: pd.DataFrame,
    *,
    y: str,
    x: str,
    x_title: str,
    title: str,
    subtitle: str,
    source_line: str,
    colour_field: str | None = None,
    palette: dict[str, str] | None = None,
    x_format: str = ",.1f",
) -> alt.TopLevelMixin:
    rows = rows.copy()
    if colour_field and palette:
        rows["_colour"] = rows[colour_field].map(lambda k: palette.get(k, "#999999"))
    else:
        rows["_colour"] = "#0077BB"
    bars = (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            y=alt.Y(f"{y}:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)),
            x=alt.X(f"{x}:Q", title=x_title),
            color=alt.Color("_colour:N", scale=None, legend=None),
            tooltip=[
                alt.Tooltip(f"{y}:N", title=None),
                alt.Tooltip(f"{x}:Q", title=x_title, format=x_format),
            ],
        )
        .properties(width=WIDTH - 160, height=max(110, 24 * len(rows)))
    )
    text = bars.mark_text(align="left", dx=3, fontSize=10, color="#333333").encode(
        text=alt.Text(f"{x}:Q", format=x_format), color=alt.value("#333333")
    )
    return _finish(bars + text, title, subtitle, source_line)


POLICY_COLOURS = {
    "incentive": "#0077BB",
    "tariff": "#EE7733",
    "local_content": "#009988",
    "target": "#AA4499",
    "export_ban": "#CC3311",
    "meeting": "#555555",
    "regulation": "#DDAA33",
    "offset_obligation": "#33BBEE",
    "trade": "#EE3377",
    "partnership": "#BBBBBB",
}


def timeline(
    rows: pd.DataFrame, *, title: str, subtitle: str, source_line: str
) -> alt.TopLevelMixin:
    """Dated policies and meetings per country (rows: area, when (datetime), policy_type, title)."""
    rows = rows.copy()
    rows["Country"] = rows["area"].map(
        lambda a: t("Japan–ASEAN") if a == "JPN" else countries.name(a)
    )
    rows["when"] = rows["when"].dt.strftime("%Y-%m-%d")
    present = [k for k in POLICY_COLOURS if k in set(rows["policy_type"])]
    chart = (
        alt.Chart(rows)
        .mark_point(filled=True, size=90, opacity=0.85)
        .encode(
            x=alt.X("when:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y("Country:N", title=None),
            color=alt.Color(
                "policy_type:N",
                title=t("Kind"),
                scale=alt.Scale(domain=present, range=[POLICY_COLOURS[k] for k in present]),
            ),
            shape=alt.Shape("policy_type:N", title=t("Kind"), scale=alt.Scale(domain=present)),
            tooltip=[
                alt.Tooltip("Country:N", title=t("Country")),
                alt.Tooltip("when:T", title=t("Date"), format="%Y-%m"),
                "policy_type:N",
                "title:N",
            ],
        )
        .properties(width=WIDTH - 40, height=max(100, 30 * rows["Country"].nunique()))
    )
    return _finish(chart, title, subtitle, source_line)


def trend_line(
    rows: pd.DataFrame,
    *,
    x: str,
    y: str,
    y_title: str,
    title: str,
    subtitle: str,
    source_line: str,
    colour: str | None = None,
    palette: dict[str, str] | None = None,
    y_format: str = ",.0f",
) -> alt.TopLevelMixin:
    enc = {
        "x": alt.X(f"{x}:O", title=None, axis=alt.Axis(labelAngle=0)),
        "y": alt.Y(f"{y}:Q", title=y_title),
        "tooltip": [
            alt.Tooltip(f"{x}:O", title=t("Year")),
            alt.Tooltip(f"{y}:Q", title=y_title, format=y_format),
        ],
    }
    if colour:
        present = [k for k in (palette or {}) if k in set(rows[colour])]
        enc["color"] = alt.Color(
            f"{colour}:N",
            title=None,
            scale=alt.Scale(domain=present, range=[palette[k] for k in present])
            if palette
            else alt.Undefined,
        )
        enc["tooltip"].insert(0, f"{colour}:N")
    chart = (
        alt.Chart(rows)
        .mark_line(point=True)
        .encode(**enc)
        .properties(width=WIDTH - 60, height=HEIGHT - 60)
    )
    return _finish(chart, title, subtitle, source_line)


PARAMETER_LABELS = {
    "competition.chinese_price_trend_pct": "Chinese price trend (%/yr)",
    "competition.pass_through": "Cost cuts passed to prices",
    "competition.price_elasticity": "Price sensitivity",
    "competition.battery_share_of_cost": "Battery share of car cost",
    "adoption.ceiling_pct": "Ceiling of electric share",
    "adoption.speed_multiplier": "Speed of adoption",
    "competition.cost_cut_full_year": "Year Japan's cost cuts are complete",
    "competition.cost_cut_start": "Year Japan's cost cuts start",
    "competition.new_model_year": "First year of Japan's new electric models",
    "competition.pre_launch_penalty": "Handicap of Japanese brands before the new models",
    "competition.local_assembly_bonus": "Advantage of local assembly for Japanese brands",
    "competition.tariff_on_chinese_pct": "Tariff on Chinese cars (%)",
    "competition.japanese_base_share_pct": "Japanese share of electric sales in the base year (%)",
    "competition.chinese_default_share_pct": "Chinese share of electric sales where unpublished (%)",
    "competition.other_price_trend_pct": "Other brands' price trend (%/yr)",
    "competition.battery_cost_cut_pct": "Japan's battery cost cut (%)",
    "competition.production_cost_cut_pct": "Japan's production cost cut (%)",
    "competition.japanese_hev_share_pct": "Japanese share of hybrid sales (%)",
    "adoption.own_speed_weight": "Weight of a market's own speed",
    "adoption.headroom": "Headroom above the latest share",
    "adoption.min_share": "Smallest share used",
}

SCENARIO_COLOURS = {
    "Stated policies": "#555555",
    "The Japan–ASEAN strategy delivered": "#0077BB",
    "China accelerates": "#CC3311",
    "Observed": "#000000",
    "IEA STEPS": "#999933",
    "IEA CPS": "#DDAA33",
}


def scenario_lines(
    rows: pd.DataFrame,
    *,
    y_title: str,
    title: str,
    subtitle: str,
    source_line: str,
    benchmarks: pd.DataFrame | None = None,
) -> alt.TopLevelMixin:
    """Observed history and each scenario's path (rows: year, value, series); IEA points as benchmarks."""
    present = [
        k
        for k in SCENARIO_COLOURS
        if k in set(rows["series"]) | set(getattr(benchmarks, "series", []))
    ]
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=present, range=[SCENARIO_COLOURS[k] for k in present]),
    )
    lines = (
        alt.Chart(rows)
        .mark_line(point=alt.OverlayMarkDef(size=18))
        .encode(
            x=alt.X(
                "year:O", title=None, axis=alt.Axis(labelAngle=0, values=list(range(2015, 2036, 5)))
            ),
            y=alt.Y("value:Q", title=y_title),
            color=colour,
            strokeDash=alt.condition(
                alt.datum.series == "Observed", alt.value([1, 0]), alt.value([5, 3])
            ),
            tooltip=["series:N", "year:O", alt.Tooltip("value:Q", format=".1f")],
        )
    )
    layers = lines
    if benchmarks is not None and not benchmarks.empty:
        layers = lines + alt.Chart(benchmarks).mark_point(
            shape="diamond", size=110, filled=True
        ).encode(
            x="year:O",
            y="value:Q",
            color=colour,
            tooltip=["series:N", "year:O", alt.Tooltip("value:Q", format=".0f")],
        )
    return _finish(
        layers.properties(width=WIDTH - 60, height=HEIGHT - 40), title, subtitle, source_line
    )


def fan_chart(
    bands: pd.DataFrame,
    history: pd.DataFrame,
    *,
    y_title: str,
    title: str,
    subtitle: str,
    source_line: str,
) -> alt.TopLevelMixin:
    """Median and 50%/90% bands of a sampled projection (bands: year, p5, p25, p50, p75, p95)."""
    axis = alt.Axis(labelAngle=0, values=list(range(2015, 2036, 5)))
    base = alt.Chart(bands).encode(x=alt.X("year:O", title=None, axis=axis))
    outer = base.mark_area(opacity=0.18, color="#0077BB").encode(
        y=alt.Y("p5:Q", title=y_title),
        y2="p95:Q",
        tooltip=[alt.Tooltip("p5:Q", format=".1f"), alt.Tooltip("p95:Q", format=".1f")],
    )
    inner = base.mark_area(opacity=0.35, color="#0077BB").encode(y="p25:Q", y2="p75:Q")
    median = base.mark_line(color="#0077BB").encode(
        y="p50:Q", tooltip=["year:O", alt.Tooltip("p50:Q", format=".1f")]
    )
    hist = (
        alt.Chart(history)
        .mark_line(color="#000000", point=True)
        .encode(x=alt.X("year:O", axis=axis), y="value:Q")
    )
    return _finish(
        (outer + inner + median + hist).properties(width=WIDTH - 60, height=HEIGHT - 40),
        title,
        subtitle,
        source_line,
    )


def tornado_chart(
    rows: pd.DataFrame, *, x_title: str, title: str, subtitle: str, source_line: str
) -> alt.TopLevelMixin:
    """Outcome at each end of each uncertain parameter's range (rows: parameter, at_low, at_high, central)."""
    long = pd.concat(
        [
            rows.assign(end="low end of range", value=rows["at_low"]),
            rows.assign(end="high end of range", value=rows["at_high"]),
        ]
    )
    long["parameter"] = long["parameter"].map(PARAMETER_LABELS).fillna(long["parameter"])
    order = [
        PARAMETER_LABELS.get(p, p) for p in rows.sort_values("swing", ascending=False)["parameter"]
    ]
    bars = (
        alt.Chart(long)
        .mark_bar(opacity=0.85)
        .encode(
            y=alt.Y("parameter:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("value:Q", title=x_title, scale=alt.Scale(zero=False)),
            x2=alt.X2("central:Q"),
            color=alt.Color(
                "end:N",
                title=None,
                scale=alt.Scale(
                    domain=["low end of range", "high end of range"], range=["#88CCEE", "#0077BB"]
                ),
            ),
            tooltip=["parameter:N", "end:N", alt.Tooltip("value:Q", format=".2f")],
        )
    )
    rule = alt.Chart(rows.head(1)).mark_rule(color="#333333").encode(x="central:Q")
    return _finish(
        (bars + rule).properties(width=WIDTH - 200, height=max(100, 28 * len(rows))),
        title,
        subtitle,
        source_line,
    )


# Pathways from most to least fossil; Tol "vibrant" colours, the BEV in the house blue.
PATHWAY_COLOURS = {
    "Petrol car": "#555555",
    "Diesel car on the biodiesel blend": "#CC3311",
    "Petrol car on the ethanol blend": "#EE7733",
    "Hybrid (HEV)": "#009988",
    "Hybrid on the ethanol blend": "#117733",
    "Plug-in hybrid (PHEV)": "#33BBEE",
    "Battery-electric (BEV)": "#0077BB",
}


def pathway_dots(
    rows: pd.DataFrame, *, x_title: str, title: str, subtitle: str, source_line: str
) -> alt.TopLevelMixin:
    """Life-cycle gCO2e/km of each pathway on each member's grid, one row per member
    (rows: area, year, grid_gco2_per_kwh, label, total, production, fuel, electricity).

    A dot per pathway on a shared axis makes the ranking within a member, and where the BEV dot
    falls left of the hybrid's, readable at a glance."""
    rows = rows.copy()
    rows["Area"] = (
        rows["area"].map(countries.name)
        + " ("
        + rows["grid_gco2_per_kwh"].round().astype(int).astype(str)
        + " g/kWh)"
    )
    present = [k for k in PATHWAY_COLOURS if k in set(rows["label"])]
    order = rows.groupby("Area")["grid_gco2_per_kwh"].first().sort_values().index.tolist()
    base = alt.Chart(rows).encode(
        y=alt.Y("Area:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)),
        x=alt.X("total:Q", title=x_title, scale=alt.Scale(zero=True), axis=alt.Axis(tickCount=8)),
    )
    rule = base.mark_rule(color="#cccccc").encode(x="min(total):Q", x2="max(total):Q")
    dots = base.mark_point(size=90, filled=True, opacity=0.95).encode(
        color=alt.Color(
            "label:N",
            title=None,
            scale=alt.Scale(domain=present, range=[PATHWAY_COLOURS[k] for k in present]),
            legend=alt.Legend(orient="bottom", columns=3),
        ),
        shape=alt.Shape("label:N", title=None, scale=alt.Scale(domain=present), legend=None),
        tooltip=[
            "Area:N",
            "label:N",
            alt.Tooltip("total:Q", title="Total (g/km)", format=".0f"),
            alt.Tooltip("production:Q", title="Production (g/km)", format=".0f"),
            alt.Tooltip("fuel:Q", title="Fuel (g/km)", format=".0f"),
            alt.Tooltip("electricity:Q", title="Electricity (g/km)", format=".0f"),
        ],
    )
    chart = (rule + dots).properties(width=WIDTH - 60, height=max(120, 30 * len(order)))
    return _finish(chart, title, subtitle, source_line)


def grid_paths(
    rows: pd.DataFrame,
    threshold: float,
    *,
    y_title: str,
    threshold_label: str,
    title: str,
    subtitle: str,
    source_line: str,
    first_year: int = 2015,
) -> alt.TopLevelMixin:
    """Each member's grid intensity, observed then on a stated path (dashed), against the
    intensity below which a BEV beats a HEV (rows: area, year, gco2_per_kwh, basis)."""
    rows = rows[rows["year"] >= first_year].copy()
    rows["Area"] = rows["area"].map(countries.name)
    areas = list(dict.fromkeys(rows["area"]))
    names = [countries.name(a) for a in areas]
    colour = alt.Color(
        "Area:N",
        title=None,
        scale=alt.Scale(domain=names, range=[AREA_COLOURS.get(a, "#999999") for a in areas]),
    )
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", labelAngle=0))
    y = alt.Y("gco2_per_kwh:Q", title=y_title, scale=alt.Scale(zero=True))
    tip = ["Area:N", "year:Q", alt.Tooltip("gco2_per_kwh:Q", format=".0f"), "basis:N"]
    observed = (
        alt.Chart(rows[rows["basis"] == "observed"])
        .mark_line()
        .encode(x=x, y=y, color=colour, tooltip=tip)
    )
    # the path starts at the last observed point so the two lines join
    last = rows[rows["basis"] == "observed"].sort_values("year").groupby("area").tail(1)
    path = pd.concat([last, rows[rows["basis"] != "observed"]])
    assumed = (
        alt.Chart(path)
        .mark_line(strokeDash=[5, 3])
        .encode(x=x, y=y, color=colour, detail="Area:N", tooltip=tip)
    )
    line = pd.DataFrame({"y": [threshold], "label": [threshold_label]})
    rule = alt.Chart(line).mark_rule(color="#000000", strokeWidth=1.5).encode(y="y:Q")
    text = (
        alt.Chart(line)
        .mark_text(align="left", dy=-7, fontSize=10, color="#000000")
        .encode(y="y:Q", x=alt.value(4), text="label:N")
    )
    chart = (observed + assumed + rule + text).properties(width=WIDTH - 60, height=HEIGHT)
    return _finish(chart, title, subtitle, source_line)
