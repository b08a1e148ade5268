"""The house chart style and one builder per kind of chart.

Every chart carries what a reader needs to trust it (a title that states the finding, a subtitle with
unit and coverage, a source line, alt text) and the same colour for the same country or brand origin
everywhere. Colours come from Paul Tol's colour-blind-safe "vibrant" and "muted" schemes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from . import countries

FONT = "DejaVu Sans"  # installed by `make` and measured the same by vl-convert and Chromium

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
    "LAO": "#AA4499",
    "BRN": "#117733",
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
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": HEIGHT},
            "title": {"anchor": "start", "fontSize": 15, "fontWeight": "bold", "subtitleFontSize": 12,
                      "subtitleColor": "#444444", "offset": 12, "limit": WIDTH + 120},
            "axis": {"labelFontSize": 11, "titleFontSize": 11, "titleFontWeight": "normal",
                     "titleColor": "#333333", "gridColor": "#e6e6e6", "domainColor": "#888888",
                     "tickColor": "#888888"},
            "legend": {"labelFontSize": 11, "titleFontSize": 11, "titleFontWeight": "normal",
                       "orient": "right", "labelLimit": 160},
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
    return alt.Scale(domain=[labels.get(d, d) for d in domain], range=[colours.get(d, "#999999") for d in domain])


def _finish(chart, title: str, subtitle: str, source_line: str) -> alt.TopLevelMixin:
    """Title and subtitle on top, the source line underneath, inside the chart itself."""
    body = chart.properties(title=alt.TitleParams(text=title, subtitle=[subtitle]))
    return alt.vconcat(body, spacing=4).properties(
        title=alt.TitleParams(
            text=source_line, orient="bottom", anchor="start", fontSize=10, fontWeight="normal",
            color="#555555", offset=10, limit=WIDTH + 120,
        )
    )


def share_trajectories(
    ev: pd.DataFrame, areas: list[str], *, title: str, subtitle: str, source_line: str, highlight: str | None = None
) -> alt.TopLevelMixin:
    """Electric-car sales share over time, one line per area (ev: area, year, sales_share_pct)."""
    rows = ev[ev["area"].isin(areas)].dropna(subset=["sales_share_pct"]).copy()
    rows["Area"] = rows["area"].map(countries.name)
    rows["year"] = rows["year"].astype(int)
    rows["sales_share_pct"] = rows["sales_share_pct"].astype(float)
    present = [a for a in areas if a in set(rows["area"])]
    names = {a: countries.name(a) for a in present}
    colour = alt.Color("Area:N", scale=_colour(present, AREA_COLOURS, names), sort=[names[a] for a in present],
                       legend=alt.Legend(title=None))
    width = alt.condition(alt.datum.area == (highlight or ""), alt.value(3.5), alt.value(2))
    base = alt.Chart(rows).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("sales_share_pct:Q", title="Share of new cars sold (%)"),
        color=colour,
        tooltip=[alt.Tooltip("Area:N"), alt.Tooltip("year:O", title="Year"),
                 alt.Tooltip("sales_share_pct:Q", title="Electric share (%)", format=".1f")],
    )
    chart = base.mark_line(point=True).encode(strokeWidth=width).properties(width=WIDTH, height=HEIGHT)
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
            x=alt.X("sales_share_pct:Q", title="Share of new cars sold (%)"),
            color=alt.Color("colour:N", scale=None, legend=None),
            tooltip=[alt.Tooltip("Area:N"), alt.Tooltip("sales_share_pct:Q", title="Electric share (%)", format=".1f")],
        )
        .properties(width=WIDTH, height=max(120, 22 * len(rows)))
    )
    labels = chart.mark_text(align="left", dx=3, fontSize=10, color="#333333").encode(
        text=alt.Text("sales_share_pct:Q", format=".1f"), color=alt.value("#333333")
    )
    return _finish(chart + labels, title, subtitle, source_line)


def powertrain_mix(mix: pd.DataFrame, *, title: str, subtitle: str, source_line: str) -> alt.TopLevelMixin:
    """BEV and PHEV shares of electric-car sales per area (mix: area, powertrain, share_pct, year)."""
    rows = mix.copy()
    rows["Area"] = rows["area"].map(countries.name) + " (" + rows["year"].astype(str) + ")"
    rows["share_pct"] = rows["share_pct"].astype(float)
    chart = (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            y=alt.Y("Area:N", title=None, sort=alt.SortField("bev_share", order="descending")),
            x=alt.X("share_pct:Q", title="Share of electric-car sales (%)", stack="zero", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("powertrain:N", title=None, scale=alt.Scale(domain=list(POWERTRAIN_COLOURS),
                            range=list(POWERTRAIN_COLOURS.values()))),
            order=alt.Order("powertrain:N"),
            tooltip=["Area:N", "powertrain:N", alt.Tooltip("share_pct:Q", title="Share (%)", format=".0f")],
        )
        .properties(width=WIDTH, height=max(120, 22 * rows["Area"].nunique()))
    )
    return _finish(chart, title, subtitle, source_line)
