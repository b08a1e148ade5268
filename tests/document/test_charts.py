"""The charts a reader can read: at most eight colours, no line across missing years, source lines
wrapped rather than cut, map names clear of the circles, captions apart from alt text."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest
from evbrief.core import language
from evbrief.document import charts
from evbrief.document.report import Report


def _spec(chart) -> dict:
    return chart if isinstance(chart, dict) else chart.to_dict(validate=False)


def _walk(node):
    """Every dict in a spec, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _colour_scales(spec: dict) -> list[dict]:
    return [
        d["color"]["scale"]
        for d in _walk(spec)
        if isinstance(d.get("color"), dict) and isinstance(d["color"].get("scale"), dict)
    ]


def _rows(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


@pytest.fixture
def english():
    before = language.current()
    language.use("en")
    yield
    language.use(before)


# --- at most eight colours, the rest grouped as "other" --------------------------------------------


def test_top_keys_keeps_seven_and_leaves_out_the_rest_beyond_eight():
    keys = [f"k{i}" for i in range(10)]
    kept, left_out = charts.top_keys(keys)
    # 10 keys > 8 colours: 7 named keys, and the 8th colour is "other"
    assert kept == keys[:7] and left_out == keys[7:]
    assert charts.top_keys(keys[:8]) == (keys[:8], [])  # eight fit without an "other"


def test_group_other_sums_the_smallest_into_other_per_bar():
    # two bars, ten producers; producer i has share i + 1 on bar A and 1 on bar B
    rows = pd.DataFrame(
        [{"bar": "A", "who": f"p{i}", "share": i + 1.0} for i in range(10)]
        + [{"bar": "B", "who": f"p{i}", "share": 1.0} for i in range(10)]
    )
    out = charts.group_other(rows, "who", "share", "Other", by=["bar"])
    # totals by producer: p_i has i + 2, so p9..p3 are the seven largest; p0, p1, p2 are grouped
    assert set(out["who"]) == {f"p{i}" for i in range(3, 10)} | {"Other"}
    other = out[out["who"] == "Other"].set_index("bar")["share"]
    assert other["A"] == 1 + 2 + 3  # p0, p1, p2 on bar A
    assert other["B"] == 3  # one each on bar B
    # nothing is lost: each bar adds up as before (A: 1 + ... + 10 = 55, B: 10)
    assert out.groupby("bar")["share"].sum().to_dict() == {"A": 55.0, "B": 10.0}


def test_group_other_keeps_what_it_is_told_to_keep_and_adds_to_an_existing_other():
    rows = pd.DataFrame(
        [{"bar": "A", "who": f"p{i}", "share": 10.0 - i} for i in range(9)]
        + [{"bar": "A", "who": "Other", "share": 5.0}]
    )
    out = charts.group_other(rows, "who", "share", "Other", by=["bar"], keep=["p8"])
    # kept: p8 (told), then the six largest p0..p5; p6 (4) and p7 (3) join Other (5)
    assert set(out["who"]) == {"p8", "p0", "p1", "p2", "p3", "p4", "p5", "Other"}
    assert out.loc[out["who"] == "Other", "share"].tolist() == [4 + 3 + 5]


def test_colours_are_distinct_even_where_two_keys_own_the_same_colour():
    own = {"a": "#0077BB", "b": "#0077BB", "c": "#CC3311"}
    got = charts.colours(["a", "b", "c", "Other"], own, other="Other")
    assert got[0] == "#0077BB" and got[2] == "#CC3311" and got[3] == charts.OTHER_COLOUR
    assert got[1] not in {"#0077BB", "#CC3311", charts.OTHER_COLOUR}
    assert len(set(got)) == 4


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* of an sRGB colour (D65), for the colour difference a reader perceives."""
    srgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (((v + 0.055) / 1.055) ** 2.4 if v > 0.04045 else v / 12.92 for v in srgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(v: float) -> float:
        return v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_the_palette_is_eight_distinct_colours_with_no_near_twins():
    assert len(charts.PALETTE) == charts.MAX_COLOURS == 8
    shown = [*charts.PALETTE, charts.OTHER_COLOUR, *charts.NEUTRALS]
    # the teals the issue found, #009988 against #44AA99, differ by ΔE 8: a near twin
    assert math.dist(_lab("#009988"), _lab("#44AA99")) < 20
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            if a != b:
                assert math.dist(_lab(a), _lab(b)) > 20, (a, b)


def test_stacked_bars_draw_at_most_eight_colours(english):
    rows = pd.DataFrame(
        [
            {"Mineral": m, "Producer": f"Country {i}", "share": 5.0 + i}
            for m in "XY"
            for i in range(12)
        ]
    )
    spec = _spec(
        charts.stacked_bars(
            rows,
            y="Mineral",
            x="share",
            colour="Producer",
            palette={},
            x_title="Share",
            title="t",
            subtitle="s",
            source_line="Source: s.",
        )
    )
    (scale,) = _colour_scales(spec)
    assert len(scale["domain"]) == 8 and scale["domain"][-1] == "Other"
    assert len(set(scale["range"])) == 8
    # each bar still adds up: 12 × 5 + (0 + 1 + ... + 11) = 126
    drawn = pd.DataFrame(_rows(spec))
    assert drawn.groupby("Mineral")["share"].sum().tolist() == [126.0, 126.0]


def test_other_is_worded_in_the_report_language():
    rows = pd.DataFrame([{"Country": "A", "Origin": f"p{i}", "v": 1.0 + i} for i in range(9)])
    before = language.current()
    language.use("ja")
    try:
        spec = _spec(
            charts.stacked_bars(
                rows,
                y="Country",
                x="v",
                colour="Origin",
                palette={},
                x_title="x",
                title="t",
                subtitle="s",
                source_line="s",
            )
        )
    finally:
        language.use(before)
    (scale,) = _colour_scales(spec)
    assert scale["domain"][-1] == language.t("Other", "ja") != "Other"


def test_share_lines_are_not_summed_but_the_ones_left_out_are_named(english):
    areas = ["SEA", "VNM", "SGP", "LAO", "THA", "IDN", "PHL", "MYS", "CHN", "JPN"]
    ev = pd.DataFrame(
        [{"area": a, "year": 2024, "sales_share_pct": 1.0 + i} for i, a in enumerate(areas)]
    )
    spec = _spec(charts.share_trajectories(ev, areas, title="t", subtitle="s", source_line="s"))
    scale, labels = _colour_scales(spec)  # the lines and the names at their ends
    assert scale == labels
    assert len(scale["domain"]) == 7  # seven lines; no "other" line for shares
    assert {r["area"] for r in _rows(spec)} == set(areas[:7])
    assert charts.top_keys(areas)[1] == ["MYS", "CHN", "JPN"]


# --- no line across years without data -------------------------------------------------------------


def test_a_series_with_a_gap_has_two_segments():
    rows = pd.DataFrame(
        {
            "group": ["a", "a", "a", "a", "b", "b"],
            "year": [2010, 2022, 2023, 2024, 2022, 2024],
        }
    )
    seg = charts.segments(rows, "group")
    # a: 2010 alone, then 2022–2024; b: 2022 and 2024 are not adjacent either
    assert seg[0] != seg[1] == seg[2] == seg[3]
    assert seg[4] != seg[5]
    assert seg.nunique() == 4
    # a concatenation repeats index labels: the runs are found by position all the same
    twice = pd.concat([rows.iloc[:4], rows.iloc[4:].set_axis([0, 1])])
    assert charts.segments(twice, "group").tolist() == seg.tolist()


def test_the_origin_chart_breaks_its_line_at_missing_years(english):
    rows = pd.DataFrame(
        {
            "year": [2010, 2022, 2023],
            "group": ["japanese"] * 3,
            "share_pct": [92.0, 85.0, 78.0],
            "full_year": [True, True, True],
            "period": ["2010", "2022", "2023"],
            "source_id": ["s"] * 3,
        }
    )
    spec = _spec(charts.origin_trend(rows, title="t", subtitle="s", source_line="s"))
    lines = [
        d
        for d in _walk(spec)
        if d.get("mark", {}) == {"type": "line"}
        or (isinstance(d.get("mark"), dict) and d["mark"].get("type") == "line")
    ]
    assert lines and all(
        d.get("encoding", {}).get("detail", {}).get("field") == "segment" for d in lines
    )
    segments = {r["year"]: r["segment"] for r in _rows(spec)}
    assert segments[2010] != segments[2022] == segments[2023]
    # years on a continuous axis: 2010 is not drawn next to 2022
    assert all(
        d["x"]["type"] == "quantitative" for d in _walk(spec) if "x" in d and "field" in d["x"]
    )


def test_trend_line_shows_a_lone_year_as_a_point_off_the_line(english):
    rows = pd.DataFrame({"year": [2015, 2017, 2018], "units": [1.0, 2.0, 3.0]})
    spec = _spec(
        charts.trend_line(
            rows, x="year", y="units", y_title="u", title="t", subtitle="s", source_line="s"
        )
    )
    marks = [d["mark"] for d in _walk(spec) if isinstance(d.get("mark"), dict)]
    assert any(m.get("type") == "line" and m.get("point") for m in marks)
    assert len({r["segment"] for r in _rows(spec)}) == 2


# --- source lines wrapped, never cut ---------------------------------------------------------------

LONG_SOURCE = (
    "Source: Asian Fleet / afma.org.au (2025); Asia Business ASEAN statistics "
    "(ashu-aseanstatistics.com) (2025); AsiaInfoNet (citing paultan) (2024); Bangkok Post (2025), "
    "Publisher's terms; and 74 more (see Sources)."
)


def test_a_long_source_line_is_wrapped_not_cut(english):
    rows = pd.DataFrame({"year": [2020, 2021], "units": [1.0, 2.0]})
    spec = _spec(
        charts.trend_line(
            rows, x="year", y="units", y_title="u", title="t", subtitle="s", source_line=LONG_SOURCE
        )
    )
    source = spec["title"]
    lines = source["text"]
    assert isinstance(lines, list) and len(lines) >= 2
    assert " ".join(lines).split() == LONG_SOURCE.split()  # every word, in order
    assert not source.get("limit")  # and Vega is not told to cut them
    assert all(len(line) <= charts.SOURCE_COLUMNS for line in lines)
    assert "…" not in json.dumps(spec, ensure_ascii=False)


def test_wrap_breaks_japanese_text_between_characters_without_losing_any():
    text = "出典：" + "日本自動車工業会の統計" * 12
    lines = charts.wrap(text, 40)
    assert "".join(lines) == text
    assert all(sum(2 for _ in line) <= 40 for line in lines)


# --- the map: names clear of the circles -----------------------------------------------------------


def test_map_circles_of_a_country_touch_but_do_not_overlap_and_the_name_is_beyond_them():
    counts = pd.DataFrame(
        {
            "area": ["THA", "THA", "THA", "IDN"],
            "origin": ["japanese", "chinese", "korean", "chinese"],
            "plants": [10, 5, 1, 4],
        }
    )
    ppd = 10.0  # pixels per degree of longitude
    circles, names = charts.map_rows(counts, ppd)
    for area in ("THA", "IDN"):
        row = circles[circles["area"] == area].sort_values("lon")
        radius = (row["size"] / math.pi) ** 0.5
        gaps = [
            abs(b - a) * ppd - (ra + rb)
            for a, b, ra, rb in zip(row["lon"], row["lon"][1:], radius, radius[1:], strict=False)
        ]
        assert all(g >= charts.MAP_GAP - 1e-9 for g in gaps)
        name = names.set_index("area").loc[area]
        # the name starts beyond the outer edge of the outermost circle, on the row's side
        if name["direction"] > 0:
            assert name["lon"] * ppd >= (row["lon"].iloc[-1]) * ppd + radius.iloc[-1]
        else:
            assert name["lon"] * ppd <= (row["lon"].iloc[0]) * ppd - radius.iloc[0]
    # Thailand's row runs west from Bangkok (100.50°E): the first circle sits on the capital
    first = circles[(circles["area"] == "THA")].iloc[0]
    assert first["lon"] == pytest.approx(charts.CAPITALS["THA"][0])


# --- the caption says what to notice; the alt text describes the chart ------------------------------


def test_a_figure_prints_its_caption_and_keeps_the_alt_text_for_screen_readers(monkeypatch):
    shown = []
    monkeypatch.setattr(
        "evbrief.document.report.display", lambda data, **kw: shown.append((data, kw))
    )
    monkeypatch.setattr("evbrief.document.report.static_svg", lambda spec: "<svg/>")
    monkeypatch.setattr(Report, "cite", lambda self, tables: "[1]")
    rep = Report("r", {}, "t")
    chart = charts.trend_line(
        pd.DataFrame({"year": [2020], "v": [1.0]}),
        x="year",
        y="v",
        y_title="v",
        title="t",
        subtitle="s",
        source_line="s",
    )
    rep.figure(
        chart, table="ev_sales", alt_text="Line chart of v.", caption="Sales doubled in ASEAN\\_X."
    )
    data, kw = shown[-1]
    meta = kw["metadata"]["evbrief"]
    assert meta["alt"] == "Line chart of v."
    assert meta["caption"] == "Sales doubled in ASEAN_X."  # a Markdown escape is not printed
    assert "Sales doubled" in data["text/plain"]


def test_the_grid_chart_keeps_eight_lines_and_names_the_members_it_leaves_out():
    from evbrief.analysis import emissions
    from evbrief.data import countries
    from evbrief.sections import market, pathways

    shown = pathways.grid_chart_areas(countries.ASEAN, "trend")
    charted = [
        a
        for a in countries.ASEAN
        if emissions.latest_grid(a) is not None and emissions.has_path(a, "trend")
    ]
    assert len(shown.drawn) <= charts.MAX_COLOURS
    left = [a for a in charted if a not in shown.drawn]
    if left:
        # every member not drawn is named, and none is a larger car market than one drawn
        named = re.split(r", | and ", shown.left_out)
        assert sorted(named) == sorted(countries.name(a) for a in left)
        sales = market.sales_totals().sort_values("year").groupby("area")["units"].last()
        assert max(sales.get(a, 0) for a in left) <= min(sales.get(a, 0) for a in shown.drawn)
    else:
        assert shown.left_out is None


def test_a_table_caption_is_its_first_header_row_so_print_keeps_it_with_the_rows(monkeypatch):
    shown = []
    monkeypatch.setattr("evbrief.document.report.display", lambda data, **kw: shown.append(data))
    monkeypatch.setattr(Report, "cite", lambda self, tables: "[2]")
    rep = Report("r", {}, "t")
    frame = pd.DataFrame({"Market": [f"m{i}" for i in range(8)], "Share": [1.0] * 8})
    rep.table(frame, caption="Shares <by> market.", table="ev_sales")
    page = shown[-1]["text/html"]
    thead = page.split("<thead>")[1].split("</thead>")[0]
    first_row = thead.split("</tr>")[0]
    assert 'class="evb-caption"' in first_row and 'colspan="2"' in first_row
    assert "Table 1. Shares &lt;by&gt; market. Source: [2]" in first_row
    assert "<caption>" not in page
    assert 'class="dataframe evb-table long"' in page  # 8 rows > LONG_TABLE: may break in print


def test_year_columns_are_told_from_columns_per_year() -> None:
    from evbrief.document.report import is_year_column

    assert is_year_column("Year") and is_year_column("Latest year") and is_year_column("Start year")
    assert not is_year_column("Vehicle capacity (per year)")
    assert not is_year_column("Years behind China")


def test_a_missing_date_reads_undated_not_na() -> None:
    # a policy with no date in the data (Vietnam's 2030 target) printed as "<NA>" in a table
    import pandas as pd
    from evbrief.core import language

    frame = pd.DataFrame({"date": ["2025-03-01", None]}).astype({"date": "string"})
    assert [language.date(v, "en") for v in frame["date"]] == ["Mar 2025", "undated"]
    assert language.date(frame["date"].iloc[1], "ja") == "日付なし"


def test_a_long_bar_label_is_wrapped_not_cut() -> None:
    # a company and project name longer than one axis line goes on to a second line, whole
    import pandas as pd
    from evbrief.document import charts

    name = "Hyundai Motor Manufacturing Indonesia and LG Energy Solution battery joint venture"
    rows = pd.DataFrame({"who": [name, "BYD"], "usd": [1.1, 1.0]})
    spec = charts.simple_bars(
        rows, y="who", x="usd", x_title="US$ bn", title="t", subtitle="s", source_line="src"
    ).to_dict()
    lines = charts.wrap_label(name).split(charts.LINE_BREAK)
    assert len(lines) > 1 and all(len(line) <= charts.LABEL_WIDTH for line in lines)
    assert " ".join(lines) == name
    assert "split(datum.label" in json.dumps(spec)


# --- colours a reader can tell apart --------------------------------------------------------------------


def _lab(colour: str) -> tuple[float, float, float]:
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in rgb]
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(v):
        return v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def colour_difference(one: str, two: str) -> float:
    """CIEDE2000 between two colours (Sharma, Wu and Dalal's formulation)."""
    (l1, a1, b1), (l2, a2, b2) = _lab(one), _lab(two)
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_l, d_c = l2 - l1, c2 - c1
    d_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_bar, c_bar = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_bar = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_bar = (h1 + h2) / 2
    else:
        h_bar = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    tt = (
        1
        - 0.17 * math.cos(math.radians(h_bar - 30))
        + 0.24 * math.cos(math.radians(2 * h_bar))
        + 0.32 * math.cos(math.radians(3 * h_bar + 6))
        - 0.20 * math.cos(math.radians(4 * h_bar - 63))
    )
    theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(c_bar**7 / (c_bar**7 + 25**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_bar, 1 + 0.015 * c_bar * tt
    r_t = -math.sin(math.radians(2 * theta)) * r_c
    return math.sqrt(
        (d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)
    )


def _too_close(colours) -> list[tuple[str, str, float]]:
    colours = sorted(set(colours))
    return [
        (a, b, round(colour_difference(a, b), 1))
        for i, a in enumerate(colours)
        for b in colours[i + 1 :]
        if colour_difference(a, b) < charts.MIN_DIFFERENCE
    ]


def test_the_difference_is_cie_de2000():
    # Sharma, Wu and Dalal (2005), table 1, pair 1 (in Lab there; here the colours nearest to it)
    assert colour_difference("#000000", "#FFFFFF") == pytest.approx(100, abs=0.1)
    assert colour_difference("#CC3311", "#CC3311") == 0


@pytest.mark.parametrize(
    "name",
    ["AREA_COLOURS", "ORIGIN_COLOURS", "POLICY_COLOURS", "PATHWAY_COLOURS", "BENCHMARK_COLOURS"],
)
def test_colours_that_may_share_a_chart_are_told_apart(name):
    """A chart's colours are its keys' own and, for keys without one, the palette's."""
    own = getattr(charts, name)
    assert _too_close([*own.values(), *charts.PALETTE, charts.OTHER_COLOUR]) == []


def test_the_rule_finds_thailand_orange_beside_china_red():
    assert _too_close(["#EE7733", "#CC3311"])  # the colours the briefing drew them in


def test_each_line_is_named_at_its_end_and_labels_do_not_overlap():
    ev = pd.DataFrame(
        [
            {"area": a, "year": y, "sales_share_pct": v + (y - 2020)}
            for a, v in (("VNM", 36.0), ("SGP", 36.5), ("LAO", 35.8), ("CHN", 48.0))
            for y in range(2020, 2026)
        ]
    )
    spec = _spec(
        charts.share_trajectories(
            ev, ["CHN", "VNM", "SGP", "LAO"], title="t", subtitle="s", source_line="s"
        )
    )
    layer = spec["vconcat"][0]["layer"]
    labels = next(part for part in layer if part["mark"]["type"] == "text")
    values = spec["datasets"][labels["data"]["name"]]
    assert sorted(v["Area"] for v in values) == ["China", "Laos", "Singapore", "Vietnam"]
    heights = sorted(v["label_y"] for v in values)
    gap = max(ev["sales_share_pct"]) * charts.LABEL_GAP_PX / charts.HEIGHT
    assert all(b - a >= gap - 1e-9 for a, b in zip(heights, heights[1:], strict=False))
