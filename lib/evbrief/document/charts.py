"""The house chart style and one builder per kind of chart.

Every chart carries what a reader needs to trust it (a title that states the finding, a subtitle with
unit and coverage, a source line, alt text) and the same colour for the same country or brand origin
everywhere. Colours come from Paul Tol's colour-blind-safe "vibrant" and "muted" schemes.
"""

from __future__ import annotations

import math
import re
import textwrap
import unicodedata
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from evbrief.core import language
from evbrief.core.language import t
from evbrief.data import countries

FONT = "DejaVu Sans"  # installed by `make` and measured the same by vl-convert and Chromium
# another language's face is its locale's [layout] font (Japanese: Debian's fonts-noto-cjk, installed by `make`)

# Eight colours a reader tells apart, in print and with the common colour-vision deficiencies: Paul
# Tol's "vibrant" scheme with its grey swapped for wine, plus the house ochre. A chart draws at most
# MAX_COLOURS categories; the rest are grouped as "other" in OTHER_COLOUR.
# No two of these, nor of the area colours below, closer than MIN_DIFFERENCE (CIEDE2000): orange
# left the palette, being too near red beside China (tests/document/test_charts.py measures them).
PALETTE = (
    "#0077BB",  # blue
    "#CC3311",  # red
    "#DDAA33",  # ochre
    "#009988",  # teal
    "#EE3377",  # magenta
    "#33BBEE",  # cyan
    "#332288",  # indigo
    "#882255",  # wine
)
NEUTRALS = (
    "#000000",
    "#555555",
    "#BBBBBB",
)  # region, world, other: greys that no hue is mistaken for
OTHER_COLOUR = "#BBBBBB"
MIN_DIFFERENCE = 20  # CIEDE2000 between any two colours that may share a chart
MAX_COLOURS = 8

AREA_COLOURS = {
    "CHN": "#CC3311",
    "JPN": "#0077BB",
    "WLD": "#555555",
    "SEA": "#000000",
    "THA": "#DDAA33",
    "IDN": "#009988",
    "VNM": "#EE3377",
    "MYS": "#33BBEE",
    "PHL": "#882255",
    "SGP": "#332288",
}

ORIGIN_COLOURS = {
    "japanese": "#0077BB",
    "chinese": "#CC3311",
    "korean": "#009988",
    "european": "#33BBEE",
    "american": "#882255",
    "domestic": "#DDAA33",
    "other": "#BBBBBB",
}

COMPARATOR_COLOURS = {a: AREA_COLOURS[a] for a in ("CHN", "JPN", "WLD", "SEA")}
MEMBER_COLOUR = "#009988"

POWERTRAIN_COLOURS = {"BEV": "#0077BB", "PHEV": "#33BBEE"}


def colours(
    keys: list[str], own: dict[str, str] | None = None, other: str | None = None
) -> list[str]:
    """One colour per key, no two alike: a key's own colour (a country's, an origin's) where no
    earlier key took it, else the first palette colour still free; `other` is grey.

    Keeps the same country in the same colour across charts where it can, without ever drawing two
    categories of one chart in one colour.
    """
    own = own or {}
    chosen: list[str | None] = []
    used: set[str] = set()
    # beyond MAX_COLOURS keys, the ones after the first MAX_COLOURS - 1 are drawn as "other"
    room = MAX_COLOURS - 1 if len(keys) > MAX_COLOURS else MAX_COLOURS
    for i, key in enumerate(keys):
        colour = OTHER_COLOUR if key == other or i >= room else own.get(key)
        if colour is not None and colour in used and colour != OTHER_COLOUR:
            colour = None
        chosen.append(colour)
        used.update([colour] if colour else [])
    spare = iter([c for c in PALETTE if c not in used])
    return [c or next(spare, OTHER_COLOUR) for c in chosen]


def colour_scale(keys: list[str], own: dict[str, str] | None = None, other: str | None = None):
    return alt.Scale(domain=list(keys), range=colours(list(keys), own, other))


def ranked(rows: pd.DataFrame, key: str, measure: str, keep=()) -> list[str]:
    """The values of `key`, those in `keep` first, then by the total of `measure`, largest first
    (ties by name, so the order never depends on the row order)."""
    totals = rows.groupby(key)[measure].sum()
    rest = sorted(
        (k for k in totals.index if k not in keep), key=lambda k: (-float(totals[k]), str(k))
    )
    return [k for k in keep if k in totals.index] + rest


def top_keys(ordered: list[str], limit: int = MAX_COLOURS, other: str | None = None):
    """The keys a chart draws in colour and the keys it leaves out, from keys in order of relevance.

    With more than `limit` keys, the first limit - 1 are kept so that "other" is the limit-th colour;
    the `other` key itself, if present, is never counted as left out.
    """
    keys = [k for k in ordered if k != other]
    has_other = other is not None and other in ordered
    room = limit - 1 if has_other or len(keys) > limit else limit
    return keys[:room], keys[room:]


def group_other(
    rows: pd.DataFrame,
    key: str,
    measure: str,
    other: str,
    *,
    by: list[str] | tuple[str, ...] = (),
    keep=(),
    limit: int = MAX_COLOURS,
) -> pd.DataFrame:
    """At most `limit` values of `key`: `keep`, then the largest by the total of `measure`; the rest
    become one `other` row per `by` group with their `measure` summed.

    Only for measures that add up within a `by` group (shares of one total, capacities, counts); for
    series that do not (shares of different totals), keep the top keys with top_keys and say which
    were left out.
    """
    kept, dropped = top_keys(ranked(rows, key, measure, keep), limit, other)
    if not dropped:
        return rows
    rest = rows[~rows[key].isin(kept)]
    summed = (
        rest.groupby(list(by), as_index=False, sort=False)[measure].sum()
        if by
        else (pd.DataFrame({measure: [rest[measure].sum()]}))
    )
    summed[key] = other
    return pd.concat([rows[rows[key].isin(kept)], summed], ignore_index=True)


def segments(rows: pd.DataFrame, key: str | None, x: str = "year") -> pd.Series:
    """A label per contiguous run of years within each series, for a line's `detail`: a line breaks
    where a year is missing instead of joining the years on either side of the gap."""
    keys = [str(k) for k in rows[key]] if key else [""] * len(rows)
    years = [int(y) for y in rows[x]]
    # by position, not by index label: the frames charted are often concatenations
    order = sorted(range(len(rows)), key=lambda i: (keys[i], years[i]))
    labels = [""] * len(rows)
    previous, run = None, 0
    for i in order:
        if previous is not None and (keys[i] != keys[previous] or years[i] - years[previous] > 1):
            run += 1
        labels[i] = f"{keys[i]}·{run}"
        previous = i
    return pd.Series(labels, index=rows.index, dtype=str)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns, broken between words, never cut: a wide (East Asian)
    character counts two columns, and a run without spaces wider than a line breaks between
    characters."""

    def cols(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)

    lines, line = [], ""
    for word in text.split():
        while cols(word) > width:  # a long unspaced run (Japanese text, a URL)
            room = width - cols(line) - (1 if line else 0)
            cut = 0
            while cut < len(word) and cols(word[: cut + 1]) <= room:
                cut += 1
            if cut == 0 and line:
                lines.append(line)
                line = ""
                continue
            cut = max(cut, 1)
            lines.append((line + " " if line else "") + word[:cut])
            line, word = "", word[cut:]
        if line and cols(line) + 1 + cols(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines or [""]


WIDTH = 560
HEIGHT = 280


def theme() -> dict:
    return {
        "config": {
            "font": language.here().layout.get("font", FONT),
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": HEIGHT},
            "title": {
                "anchor": "start",
                "fontSize": 15,
                "fontWeight": "bold",
                "subtitleFontSize": 12,
                "subtitleColor": "#444444",
                "offset": 12,
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


# How many columns (a wide character counts two) fit on a line of the title, the subtitle and the
# source line: measured on the narrowest charts in DejaVu Sans at the sizes the theme sets.
TITLE_COLUMNS = 70
SUBTITLE_COLUMNS = 88
SOURCE_COLUMNS = 104
LINE_LABEL_COLUMNS = 20  # a reference line's name beside the plot


def _finish(chart, title: str, subtitle: str, source_line: str) -> alt.TopLevelMixin:
    """Title and subtitle on top, the source line underneath, inside the chart itself.

    Long text is wrapped onto several lines (Vega takes a list of lines), never cut: a source line
    that ends in "…" does not say whose data the chart shows.
    """
    body = chart.properties(
        title=alt.TitleParams(
            text=wrap(title, TITLE_COLUMNS), subtitle=wrap(subtitle, SUBTITLE_COLUMNS), limit=0
        )
    )
    return alt.vconcat(body, spacing=4).properties(
        title=alt.TitleParams(
            text=wrap(source_line, SOURCE_COLUMNS),
            orient="bottom",
            anchor="start",
            fontSize=10,
            fontWeight="normal",
            color="#555555",
            offset=10,
            limit=0,
        )
    )


def _share_rows(frame: pd.DataFrame, areas) -> tuple[pd.DataFrame, list[str]]:
    """The rows of a share-over-time chart (area, year, sales_share_pct): at most MAX_COLOURS areas in
    the order given, typed, split into segments at missing years; and the areas drawn."""
    areas = top_keys(list(areas))[0]
    rows = frame[frame["area"].isin(areas)].dropna(subset=["sales_share_pct"]).copy()
    rows["Area"] = rows["area"].map(countries.name)
    rows["year"] = rows["year"].astype(int)
    rows["sales_share_pct"] = rows["sales_share_pct"].astype(float)
    rows["segment"] = segments(rows, "area")
    return rows, [a for a in areas if a in set(rows["area"])]


def share_trajectories(
    ev: pd.DataFrame,
    areas: list[str],
    *,
    title: str,
    subtitle: str,
    source_line: str,
    highlight: str | None = None,
) -> alt.TopLevelMixin:
    """Electric-car sales share over time, one line per area (ev: area, year, sales_share_pct).

    Shares of different markets do not add up, so there is no "other" line: at most MAX_COLOURS
    areas are drawn, in the order given (trajectory_areas says which were left out). A line breaks
    where a year is missing.
    """
    rows, present = _share_rows(ev, areas)
    names = {a: countries.name(a) for a in present}
    colour = alt.Color(
        "Area:N",
        scale=alt.Scale(domain=[names[a] for a in present], range=colours(present, AREA_COLOURS)),
        sort=[names[a] for a in present],
        legend=None,  # each line is named at its end
    )
    width = alt.condition(alt.datum.area == (highlight or ""), alt.value(3.5), alt.value(2))
    base = alt.Chart(rows).encode(
        x=_year_axis(),
        y=alt.Y("sales_share_pct:Q", title=t("Share of new cars sold (%)")),
        color=colour,
        detail="segment:N",
        tooltip=[
            alt.Tooltip("Area:N", title=t("Market")),
            alt.Tooltip("year:Q", title=t("Year"), format="d"),
            alt.Tooltip("sales_share_pct:Q", title=t("Electric share (%)"), format=".1f"),
        ],
    )
    lines = base.mark_line(point=True).encode(strokeWidth=width)
    chart = alt.layer(lines, _end_labels(rows, colour)).properties(width=WIDTH, height=HEIGHT)
    return _finish(chart, title, subtitle, source_line)


LABEL_GAP_PX = 12  # the height of a line-end label: closer labels are moved apart


def _end_labels(rows: pd.DataFrame, colour: alt.Color) -> alt.Chart:
    """Each line's name at its last point, in its colour, moved apart where two would overlap: the
    reader matches a line to its market by its name, not by telling two colours apart."""
    ends = rows.sort_values("year").groupby("area").tail(1).sort_values("sales_share_pct")
    gap = max(float(rows["sales_share_pct"].max()), 1.0) * LABEL_GAP_PX / HEIGHT
    placed, last = [], float("-inf")
    for value in ends["sales_share_pct"]:
        last = max(float(value), last + gap)
        placed.append(last)
    ends = ends.assign(label_y=placed)
    return (
        alt.Chart(ends)
        .mark_text(align="left", dx=6, fontSize=10)
        .encode(
            x=alt.X("year:Q"),
            y=alt.Y("label_y:Q", title=t("Share of new cars sold (%)")),
            text="Area:N",
            color=colour,
        )
    )


def _year_axis(field: str = "year") -> alt.X:
    """Years on a continuous axis: a year without data keeps its place (an ordinal axis would
    drop it and set 2010 beside 2022)."""
    return alt.X(
        f"{field}:Q",
        title=None,
        axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0, labelOverlap=True),
        scale=alt.Scale(zero=False, nice=False, padding=10),
    )


def latest_share_bars(
    latest: pd.DataFrame, *, title: str, subtitle: str, source_line: str
) -> alt.TopLevelMixin:
    """Latest electric-car sales share per area, sorted (latest: area, year, sales_share_pct)."""
    rows = latest.copy()
    rows["Area"] = rows["area"].map(countries.name) + " (" + rows["year"].astype(str) + ")"
    rows["sales_share_pct"] = rows["sales_share_pct"].astype(float)
    # the bars are named on the axis: colour marks only the comparators, members share one colour
    rows["colour"] = rows["area"].map(lambda a: COMPARATOR_COLOURS.get(a, MEMBER_COLOUR))
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
    full, to_date = t("full year"), t("year to date")
    rows["Figure"] = rows["full_year"].map({True: full, False: to_date})
    rows["segment"] = segments(rows, "group")
    present = [g for g in ORIGIN_COLOURS if g in set(rows["group"])]
    colour = alt.Color(
        "Origin:N",
        scale=alt.Scale(
            domain=[t(g.capitalize()) for g in present], range=colours(present, ORIGIN_COLOURS)
        ),
        legend=alt.Legend(title=t("Brand origin")),
    )
    base = alt.Chart(rows).encode(
        x=_year_axis(),
        y=alt.Y(
            "share_pct:Q",
            title=t("Share of new-vehicle sales (%)"),
            scale=alt.Scale(domain=[0, 100]),
        ),
        color=colour,
        tooltip=[
            alt.Tooltip("Origin:N", title=t("Origin")),
            alt.Tooltip("year:Q", title=t("Year"), format="d"),
            alt.Tooltip("period:N", title=t("Period")),
            alt.Tooltip("share_pct:Q", title=t("Share (%)"), format=".1f"),
            alt.Tooltip("source_id:N", title=t("Source")),
        ],
    )
    # consecutive published years are joined; a gap in the years breaks the line
    lines = base.mark_line(strokeDash=[4, 3], strokeWidth=1.5).encode(detail="segment:N")
    points = base.mark_point(size=70, filled=True).encode(
        shape=alt.Shape(
            "Figure:N",
            scale=alt.Scale(domain=[full, to_date], range=["circle", "triangle"]),
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
# Which way a country's row of circles runs from its capital, towards open sea or away from its
# neighbours' rows: +1 east, -1 west. The name stands at the far end of the row, clear of the marks.
ROW_DIRECTION = {
    "BRN": 1,
    "KHM": 1,
    "IDN": 1,
    "LAO": 1,
    "MYS": -1,
    "MMR": -1,
    "PHL": 1,
    "SGP": 1,
    "THA": -1,
    "VNM": 1,
}
MAP_SIZES = (40, 640)  # circle area in px² for no plant and for the most plants of one origin
# the view, in px: the region's box is taller than wide in Mercator, so a wider view would only add
# empty margin beside the map (and push the figure off a printed page)
MAP_VIEW = (470, 310)
MAP_GAP = 3  # px between the circles of a row, and between a row and its name


def _pixels_per_degree(box: tuple[float, float, float, float], width: int, height: int) -> float:
    """Pixels per degree of longitude when a Mercator projection fits the box into the view: the
    smaller of the two fits, as Vega's projection.fit uses."""
    west, east, south, north = box

    def mercator_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    k = min(width / math.radians(east - west), height / (mercator_y(north) - mercator_y(south)))
    return k * math.pi / 180


def map_rows(counts: pd.DataFrame, pixels_per_degree: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Where each circle and each country name sits: the circles of a country in a row that starts
    at its capital, touching but not overlapping, and the name beyond the last circle.

    counts: area, origin, plants. Returns the circles (area, origin, plants, size, lon, lat) and the
    names (area, lon, lat, direction).
    """
    rows = counts.groupby(["area", "origin"], as_index=False)["plants"].sum()
    order = {o: i for i, o in enumerate(ORIGIN_COLOURS)}
    rows = rows.sort_values(
        ["area", "origin"], key=lambda c: c.map(order) if c.name == "origin" else c
    )
    most = max(float(rows["plants"].max()), 1.0) if not rows.empty else 1.0
    low, high = MAP_SIZES
    rows["size"] = low + (high - low) * rows["plants"] / most
    radius = (rows["size"] / math.pi) ** 0.5
    lons, names = [], []
    for area, group in radius.groupby(rows["area"], sort=False):
        lon, lat = CAPITALS[area]
        way = ROW_DIRECTION.get(area, 1)
        at = -float(group.iloc[0])  # px from the capital to the row's near edge
        for r in group:
            lons.append(lon + way * (at + r) / pixels_per_degree)
            at += 2 * r + MAP_GAP
        names.append(
            {"area": area, "lon": lon + way * at / pixels_per_degree, "lat": lat, "direction": way}
        )
    rows["lon"] = lons
    rows["lat"] = [CAPITALS[a][1] for a in rows["area"]]
    return rows.reset_index(drop=True), pd.DataFrame(names)


def plant_map(
    geo: dict, counts: pd.DataFrame, *, title: str, subtitle: str, source_line: str
) -> dict:
    """ASEAN map: one circle per host country and company origin, sized by the number of plants;
    each country's circles in a row from its capital, named at the row's end."""
    lons = [p[0] for f in geo["features"] for poly in f["geometry"]["coordinates"] for p in poly[0]]
    lats = [p[1] for f in geo["features"] for poly in f["geometry"]["coordinates"] for p in poly[0]]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    width, height = MAP_VIEW
    rows, names = map_rows(counts, _pixels_per_degree((west, east, south, north), width, height))
    rows["Country"] = rows["area"].map(countries.name)
    rows["Origin"] = rows["origin"].map(lambda g: t(g.capitalize()))
    names["name"] = names["area"].map(countries.name)
    origins = [o for o in ORIGIN_COLOURS if o in set(rows["origin"])]
    # the boundaries enter the spec as a named dataset after it is built: passing them through altair
    # would validate and copy every coordinate (seconds per render)
    shapes = alt.Chart(alt.Data(name="asean_boundaries")).mark_geoshape(
        fill="#eeeeee", stroke="#999999", strokeWidth=0.6
    )
    circles = (
        alt.Chart(rows)
        .mark_circle(opacity=0.9, stroke="white", strokeWidth=1)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size(
                "size:Q",
                title=t("Plants"),
                scale=None,
                legend=None,
            ),
            color=alt.Color(
                "Origin:N",
                scale=alt.Scale(
                    domain=[t(o.capitalize()) for o in origins],
                    range=colours(origins, ORIGIN_COLOURS, "other"),
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
    # the names sit beyond the last circle of their row: left-aligned east of it, right-aligned west
    labels = [
        alt.Chart(names[names["direction"] == way])
        .mark_text(fontSize=10, color="#333333", align=align, baseline="middle", dx=way * MAP_GAP)
        .encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
        for way, align in ((1, "left"), (-1, "right"))
    ]
    key = _size_key(float(rows["plants"].max()) if not rows.empty else 1.0)
    chart = alt.layer(shapes, circles, *labels).properties(width=width, height=height)
    spec = _finish(chart, title, subtitle, source_line).to_dict(validate=False)
    # fit the projection to the region's bounding box, set after building for the same reason
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
    spec["vconcat"][0]["layer"].append(key)
    spec.setdefault("datasets", {})["asean_boundaries"] = geo["features"]
    return spec


def _size_key(most: float) -> dict:
    """A legend of circle sizes drawn as marks in the map's corner (the circles are sized in pixels,
    so Vega's own size legend, which needs a scale, cannot show them)."""
    low, high = MAP_SIZES
    values = [v for v in (1, 3, 6, 10, 20) if v <= most] or [1]
    x, rows = 12.0, []
    for v in values:
        size = low + (high - low) * v / max(most, 1.0)
        r = (size / math.pi) ** 0.5
        rows.append({"x": x + r, "size": size, "label": str(v), "r": r})
        x += 2 * r + 14
    return {
        "data": {"values": rows},
        "layer": [
            {
                "mark": {"type": "circle", "color": "#777777", "opacity": 0.8},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "scale": None},
                    "y": {"value": MAP_VIEW[1] - 24},
                    "size": {"field": "size", "type": "quantitative", "scale": None},
                },
            },
            {
                "mark": {"type": "text", "fontSize": 10, "color": "#333333", "dy": 0},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "scale": None},
                    "y": {"value": MAP_VIEW[1] - 4},
                    "text": {"field": "label", "type": "nominal"},
                },
            },
            {
                "mark": {"type": "text", "fontSize": 10, "color": "#333333", "align": "left"},
                "data": {"values": [{"t": t("Plants")}]},
                "encoding": {
                    "x": {"value": 4},
                    "y": {"value": MAP_VIEW[1] - 48},
                    "text": {"field": "t", "type": "nominal"},
                },
            },
        ],
    }


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
    other: str | None = None,
    keep=(),
) -> alt.TopLevelMixin:
    """Horizontal bars split by a coloured category (origin, country group, powertrain).

    The parts of a bar add up, so beyond MAX_COLOURS categories the smallest (by their total over
    all bars) are summed into `other` ("Other" unless the caller names it); `keep` are never grouped.
    Categories stack in the palette's order, with `other` last.
    """
    other = other or t("Other")
    rows = group_other(rows, colour, x, other, by=[y], keep=keep)
    present = [k for k in palette if k in set(rows[colour]) and k != other]
    present += sorted(k for k in set(rows[colour]) if k not in present and k != other)
    present += [other] if other in set(rows[colour]) else []
    rows = rows.assign(order=rows[colour].map({k: i for i, k in enumerate(present)}))
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
                scale=colour_scale(present, palette, other),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip(f"{y}:N", title=t(y)),
                alt.Tooltip(f"{colour}:N", title=t(colour)),
                alt.Tooltip(f"{x}:Q", title=x_title, format=x_format),
            ],
        )
        .properties(width=WIDTH - 80, height=max(110, 26 * rows[y].nunique()))
    )
    return _finish(chart, title, subtitle, source_line)


LINE_BREAK = "|"  # in an axis label, where the label goes on to its next line
LABEL_WIDTH = 40  # characters in one line of an axis label (about 250 pixels at 10 pt)


def wrap_label(label: str, width: int = LABEL_WIDTH) -> str:
    """A long category name in lines of at most `width` characters, joined by LINE_BREAK."""
    return LINE_BREAK.join(textwrap.wrap(str(label), width)) or str(label)


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
    legend_labels: dict[str, str] | None = None,
) -> alt.TopLevelMixin:
    """One bar per row, sorted; coloured by `colour_field` where a palette is given, with a legend
    naming each colour by `legend_labels` (every colour a chart draws is named)."""
    rows = rows.copy()
    rows = rows.assign(**{y: rows[y].map(wrap_label)})
    # each extra line of a wrapped label adds to the height, so a long list still fits its page
    extra_lines = int(rows[y].str.count(re.escape(LINE_BREAK)).sum())
    colour = alt.value("#0077BB")
    if colour_field and palette:
        keys = [k for k in palette if k in set(rows[colour_field])]
        keys += sorted(k for k in set(rows[colour_field]) if k not in keys)
        labels = legend_labels or {}
        rows["_key"] = rows[colour_field].map(lambda k: labels.get(k, k))
        colour = alt.Color(
            "_key:N",
            title=None,
            scale=alt.Scale(
                domain=[labels.get(k, k) for k in keys], range=colours(keys, palette, "other")
            ),
            legend=alt.Legend(orient="bottom", direction="horizontal"),
        )
    bars = (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            y=alt.Y(
                f"{y}:N",
                title=None,
                # an explicit order: a sort by the x field is dropped where layers differ in colour
                sort=list(dict.fromkeys(rows.sort_values(x, ascending=False)[y])),
                # a long name is wrapped on to a second line rather than cut with an ellipsis
                axis=alt.Axis(labelLimit=260, labelExpr=f"split(datum.label, '{LINE_BREAK}')"),
            ),
            x=alt.X(f"{x}:Q", title=x_title),
            color=colour,
            tooltip=[
                alt.Tooltip(f"{y}:N", title=None),
                alt.Tooltip(f"{x}:Q", title=x_title, format=x_format),
            ],
        )
        .properties(width=WIDTH - 160, height=max(110, 24 * len(rows) + 12 * extra_lines))
    )
    text = bars.mark_text(align="left", dx=3, fontSize=10, color="#333333").encode(
        text=alt.Text(f"{x}:Q", format=x_format), color=alt.value("#333333")
    )
    return _finish(bars + text, title, subtitle, source_line)


POLICY_COLOURS = {
    "incentive": "#0077BB",
    "tariff": "#332288",
    "local_content": "#009988",
    "target": "#882255",
    "export_ban": "#CC3311",
    "meeting": "#555555",
    "regulation": "#DDAA33",
    "offset_obligation": "#33BBEE",
    "trade": "#EE3377",
    "partnership": "#000000",
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
    # beyond MAX_COLOURS kinds, the rarest (by number of events) are drawn as one "other" kind
    other = t("Other")
    kept, _ = top_keys(ranked(rows.assign(n=1), "policy_type", "n"))
    rows["policy_type"] = rows["policy_type"].where(rows["policy_type"].isin(kept), other)
    present = [k for k in POLICY_COLOURS if k in kept]
    present += [k for k in kept if k not in present]
    present += [other] if other in set(rows["policy_type"]) else []
    chart = (
        alt.Chart(rows)
        .mark_point(filled=True, size=90, opacity=0.85)
        .encode(
            x=alt.X("when:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y("Country:N", title=None),
            color=alt.Color(
                "policy_type:N",
                title=t("Kind"),
                scale=colour_scale(present, POLICY_COLOURS, other),
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
    """A yearly series, one line per `colour` value (at most MAX_COLOURS, in the order given):
    a line breaks where a year is missing, and a year on its own shows as a point."""
    rows = rows.dropna(subset=[y]).copy()
    if colour:
        keys = list(dict.fromkeys(rows[colour]))
        rows = rows[rows[colour].isin(top_keys(keys)[0])]
    rows["segment"] = segments(rows, colour, x)
    enc = {
        "x": _year_axis(x),
        "y": alt.Y(f"{y}:Q", title=y_title),
        "detail": alt.Detail("segment:N"),
        "tooltip": [
            alt.Tooltip(f"{x}:Q", title=t("Year"), format="d"),
            alt.Tooltip(f"{y}:Q", title=y_title, format=y_format),
        ],
    }
    if colour:
        present = [k for k in (palette or {}) if k in set(rows[colour])]
        present += [k for k in dict.fromkeys(rows[colour]) if k not in present]
        enc["color"] = alt.Color(f"{colour}:N", title=None, scale=colour_scale(present, palette))
        enc["tooltip"].insert(0, f"{colour}:N")
    chart = (
        alt.Chart(rows)
        .mark_line(point=True)
        .encode(**enc)
        .properties(width=WIDTH - 60, height=HEIGHT - 60)
    )
    return _finish(chart, title, subtitle, source_line)


#: the scenario projections' source line names the model, never its file (a label: ja.toml words it)
MODEL_SOURCE = "evbrief scenario model (assumptions stated in this report)"


#: the series a scenario chart draws beside the scenarios (whose colours are in scenarios.toml)
BENCHMARK_COLOURS = {
    "Observed": "#000000",
    "IEA STEPS": "#882255",
    "IEA CPS": "#DDAA33",
}


def scenario_lines(
    rows: pd.DataFrame,
    *,
    y_title: str,
    title: str,
    subtitle: str,
    source_line: str,
    colours: dict[str, str],
    benchmarks: pd.DataFrame | None = None,
) -> alt.TopLevelMixin:
    """Observed history and each scenario's path (rows: year, value, series); IEA points as benchmarks.

    `colours` gives each scenario's colour by its label (scenarios.colours(): scenarios.toml holds
    them); a series with no colour is an error, so a new scenario never draws an unlabelled line."""
    palette = {**colours, **BENCHMARK_COLOURS}
    drawn = set(rows["series"]) | set(getattr(benchmarks, "series", []))
    missing = sorted(drawn - set(palette))
    if missing:
        raise ValueError(
            f"no colour for {', '.join(missing)}: give each scenario a colour in scenarios.toml"
        )
    present = [k for k in palette if k in drawn]
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=present, range=[palette[k] for k in present]),
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


class MeasureError(ValueError):
    """A target that measures something else than the path it would be drawn beside."""


def path_band_chart(
    bands: pd.DataFrame,
    path: pd.DataFrame,
    history: pd.DataFrame,
    targets: pd.DataFrame,
    *,
    measure: str,
    ceiling: float,
    ceiling_label: str,
    path_label: str,
    target_label: str,
    y_title: str,
    title: str,
    subtitle: str,
    source_line: str,
) -> alt.TopLevelMixin:
    """One market's path to 2035 (path: year, value) with its 50% and 90% bands (bands: year, p5,
    p25, p75, p95), the observed share (history: year, value), the ceiling the path rises toward
    (a dashed line named by ceiling_label) and the market's own targets (targets: target_id, year,
    value, measure) as diamonds named by target_label ({value} and {year} filled in), the name to
    the diamond's left, where the path is still low.

    Only a target of the path's own measure is drawn: a target of another measure (a share of
    production beside a share of sales) raises MeasureError, so it is set apart in words, never
    drawn as if the two were one scale."""
    other = targets[targets["measure"] != measure] if len(targets) else targets
    if len(other):
        r = other.iloc[0]
        raise MeasureError(
            f"target {r['target_id']} measures {r['measure']}, not {measure}: set it apart in the "
            "text, not on this path"
        )
    width, height = WIDTH - 130, HEIGHT - 140
    x = alt.X(
        "year:Q",
        title=None,
        axis=alt.Axis(format="d", labelAngle=0, values=list(range(2015, 2036, 5))),
        scale=alt.Scale(domain=[2015, 2035]),
    )
    y_scale = alt.Scale(domain=[0, 100])
    band = alt.Chart(bands)
    outer = band.mark_area(opacity=0.18, color="#0077BB").encode(
        x=x,
        y=alt.Y("p5:Q", title=y_title, scale=y_scale),
        y2="p95:Q",
        tooltip=["year:Q", alt.Tooltip("p5:Q", format=".1f"), alt.Tooltip("p95:Q", format=".1f")],
    )
    inner = band.mark_area(opacity=0.32, color="#0077BB").encode(
        x=x, y=alt.Y("p25:Q", scale=y_scale), y2="p75:Q"
    )
    y = alt.Y("value:Q", scale=y_scale)
    line = (
        alt.Chart(path)
        .mark_line(color="#0077BB")
        .encode(x=x, y=y, tooltip=["year:Q", alt.Tooltip("value:Q", format=".1f")])
    )
    seen = (
        alt.Chart(history)
        .mark_line(color="#000000", point=alt.OverlayMarkDef(size=14))
        .encode(x=x, y=y, tooltip=["year:Q", alt.Tooltip("value:Q", format=".1f")])
    )
    # the ceiling: a dashed line with its name above it, at the left where the path is still low
    top = pd.DataFrame({"value": [ceiling], "label": [ceiling_label]})
    rule = (
        alt.Chart(top)
        .mark_rule(color="#555555", strokeDash=[4, 3], strokeWidth=1.2)
        .encode(y=alt.Y("value:Q", scale=y_scale))
    )
    rule_text = (
        alt.Chart(top)
        .mark_text(align="left", baseline="bottom", dx=2, dy=-3, fontSize=10, color="#333333")
        .encode(x=alt.value(0), y=alt.Y("value:Q", scale=y_scale), text="label:N")
    )
    # the path's name at its right end, outside the plot
    end = path.sort_values("year").tail(1).assign(label=path_label)
    end_text = (
        alt.Chart(end)
        .mark_text(align="left", baseline="middle", dx=6, fontSize=10, color="#0077BB")
        .encode(x=x, y=y, text="label:N")
    )
    layers = [outer, inner, rule, rule_text, line, seen, end_text]
    if len(targets):
        marks = targets.assign(
            label=[
                target_label.format(value=f"{v:.0f}", year=int(yr))
                for v, yr in zip(targets["value"], targets["year"], strict=True)
            ]
        )
        layers.append(
            alt.Chart(marks)
            .mark_point(shape="diamond", size=110, filled=True, color="#CC3311")
            .encode(x=x, y=y, tooltip=["target_id:N", "year:Q", "value:Q"])
        )
        # a white halo under the name keeps it legible where it crosses the path or the band
        for style in (
            {"stroke": "white", "strokeWidth": 3, "color": "white"},
            {"color": "#CC3311"},
        ):
            layers.append(
                alt.Chart(marks)
                .mark_text(align="right", baseline="middle", dx=-9, fontSize=10, **style)
                .encode(x=x, y=y, text="label:N")
            )
    chart = alt.layer(*layers).properties(width=width, height=height)
    return _finish(chart, title, subtitle, source_line)


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
    from evbrief.analysis.scenarios import parameter_label

    long["parameter"] = long["parameter"].map(parameter_label)
    order = [parameter_label(p) for p in rows.sort_values("swing", ascending=False)["parameter"]]
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
                    domain=["low end of range", "high end of range"], range=["#33BBEE", "#0077BB"]
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
    "Petrol car on the ethanol blend": "#882255",
    "Hybrid (HEV)": "#009988",
    "Hybrid on the ethanol blend": "#DDAA33",
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
    # grids of different members do not add up: at most MAX_COLOURS lines, in the order given
    # (grid_figure's caller says which were left out)
    areas = top_keys(list(dict.fromkeys(rows["area"])))[0]
    rows = rows[rows["area"].isin(areas)]
    rows["Area"] = rows["area"].map(countries.name)
    rows["segment"] = segments(rows, "area") + rows["basis"].eq("observed").map(
        {True: "", False: "·path"}
    )
    names = [countries.name(a) for a in areas]
    colour = alt.Color(
        "Area:N",
        title=None,
        scale=alt.Scale(domain=names, range=colours(areas, AREA_COLOURS)),
        legend=alt.Legend(orient="bottom", columns=4),
    )
    x = alt.X("year:Q", title=None, axis=alt.Axis(format="d", labelAngle=0))
    y = alt.Y("gco2_per_kwh:Q", title=y_title, scale=alt.Scale(zero=True))
    tip = ["Area:N", "year:Q", alt.Tooltip("gco2_per_kwh:Q", format=".0f"), "basis:N"]
    observed = (
        alt.Chart(rows[rows["basis"] == "observed"])
        .mark_line(point=alt.OverlayMarkDef(size=12))
        .encode(x=x, y=y, color=colour, detail="segment:N", tooltip=tip)
    )
    # the path starts at the last observed point so the two lines join
    last = rows[rows["basis"] == "observed"].sort_values("year").groupby("area").tail(1)
    path = pd.concat([last, rows[rows["basis"] != "observed"]])
    assumed = (
        alt.Chart(path)
        .mark_line(strokeDash=[5, 3])
        .encode(x=x, y=y, color=colour, detail="Area:N", tooltip=tip)
    )
    # the line's name stands outside the plot, at its right end, where no grid line runs through it;
    # the legend goes underneath to make room
    width = WIDTH - 140
    line = pd.DataFrame(
        {"y": [threshold], "label": ["\n".join(wrap(threshold_label, LINE_LABEL_COLUMNS))]}
    )
    rule = alt.Chart(line).mark_rule(color="#000000", strokeWidth=1.5).encode(y="y:Q")
    text = (
        alt.Chart(line)
        .mark_text(
            align="left", baseline="middle", dx=6, fontSize=10, color="#000000", lineBreak="\n"
        )
        .encode(y="y:Q", x=alt.value(width), text="label:N")
    )
    chart = (observed + assumed + rule + text).properties(width=width, height=HEIGHT)
    return _finish(chart, title, subtitle, source_line)


# --- prices and shares beyond cars (issue 29) -------------------------------------------------------

PRICE_COLOURS = {"BEV": POWERTRAIN_COLOURS["BEV"], "ICEV": "#555555"}


def price_parity(
    rows: pd.DataFrame,
    *,
    labels: dict[str, str],
    x_title: str,
    title: str,
    subtitle: str,
    source_line: str,
) -> alt.TopLevelMixin:
    """The battery car's mean price beside the combustion car's, one row per market and size class
    (rows: area, size_class, year, powertrain BEV/ICEV, price_usd; labels: powertrain -> legend name).

    A rule joins the two dots of a row, so its length is the gap and which dot is right says which car
    costs more. A log axis keeps city cars and large SUVs on one chart."""
    rows = rows.copy()
    rows["Row"] = (
        rows["area"].map(countries.name)
        + " · "
        + rows["size_class"].map(lambda s: t(s.replace("_", " ")))
        + " ("
        + rows["year"].astype(int).astype(str)
        + ")"
    )
    rows["Car"] = rows["powertrain"].map(labels)
    order = list(dict.fromkeys(rows["Row"]))
    keys = [k for k in PRICE_COLOURS if k in set(rows["powertrain"])]
    base = alt.Chart(rows).encode(
        y=alt.Y("Row:N", title=None, sort=order, axis=alt.Axis(labelLimit=300)),
        x=alt.X(
            "price_usd:Q", title=x_title, scale=alt.Scale(type="log"), axis=alt.Axis(format="$,.0f")
        ),
    )
    rule = base.mark_rule(color="#cccccc", strokeWidth=2).encode(
        x="min(price_usd):Q", x2="max(price_usd):Q"
    )
    dots = base.mark_point(size=90, filled=True, opacity=0.95).encode(
        color=alt.Color(
            "Car:N",
            title=None,
            scale=alt.Scale(
                domain=[labels[k] for k in keys], range=[PRICE_COLOURS[k] for k in keys]
            ),
            legend=alt.Legend(orient="bottom"),
        ),
        shape=alt.Shape("Car:N", title=None, legend=None),
        tooltip=["Row:N", "Car:N", alt.Tooltip("price_usd:Q", format="$,.0f")],
    )
    chart = (rule + dots).properties(width=WIDTH - 120, height=max(120, 22 * len(order)))
    return _finish(chart, title, subtitle, source_line)


def share_lines(
    rows: pd.DataFrame,
    areas: list[str],
    *,
    y_title: str,
    title: str,
    subtitle: str,
    source_line: str,
    highlight: str | None = None,
) -> alt.TopLevelMixin:
    """A share (%) over time, one line per area (rows: area, year, sales_share_pct), for a segment
    other than new cars: the y title says which. At most MAX_COLOURS areas, in the order given; a
    line breaks where a year is missing."""
    rows, present = _share_rows(rows, areas)
    names = [countries.name(a) for a in present]
    width = alt.condition(alt.datum.area == (highlight or ""), alt.value(3.5), alt.value(2))
    chart = (
        alt.Chart(rows)
        .mark_line(point=True)
        .encode(
            x=_year_axis(),
            y=alt.Y("sales_share_pct:Q", title=y_title),
            color=alt.Color(
                "Area:N",
                scale=alt.Scale(domain=names, range=colours(present, AREA_COLOURS)),
                sort=names,
                legend=alt.Legend(title=None),
            ),
            detail="segment:N",
            strokeWidth=width,
            tooltip=[
                alt.Tooltip("Area:N", title=t("Market")),
                alt.Tooltip("year:Q", title=t("Year"), format="d"),
                alt.Tooltip("sales_share_pct:Q", title=y_title, format=".1f"),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )
    return _finish(chart, title, subtitle, source_line)


def promise_bars(
    rows: pd.DataFrame,
    *,
    statuses: list[str],
    palette: dict[str, str],
    x_title: str,
    title: str,
    subtitle: str,
    source_line: str,
) -> alt.TopLevelMixin:
    """Promises per actor origin, stacked by what is on record now (rows: origin, status, count),
    statuses in the order given and coloured by the palette (status -> colour)."""
    present = [s for s in statuses if s in set(rows["status"])]
    order = list(rows.groupby("origin")["count"].sum().sort_values(ascending=False).index)
    rows = rows.assign(_order=rows["status"].map({s: i for i, s in enumerate(present)}))
    chart = (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            y=alt.Y("origin:N", title=None, sort=order, axis=alt.Axis(labelLimit=200)),
            x=alt.X("count:Q", title=x_title, axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "status:N",
                title=None,
                scale=alt.Scale(domain=present, range=[palette[s] for s in present]),
                legend=alt.Legend(orient="bottom", columns=4),
            ),
            order=alt.Order("_order:Q"),
            tooltip=["origin:N", "status:N", "count:Q"],
        )
        .properties(width=WIDTH - 140, height=max(110, 28 * len(order)))
    )
    return _finish(chart, title, subtitle, source_line)
