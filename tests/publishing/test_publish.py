"""The briefing renders: executed by papermill, exported to offline HTML and to a PDF with its charts."""

from __future__ import annotations

import json
import re

from evbrief.document import charts
from evbrief.publishing import publish
from pypdf import PdfReader

from tests import pdfcheck
from tests.conftest import file_of


def test_parameters_reach_the_notebook(rendered):
    nb = json.loads(file_of(rendered, ".ipynb").read_text())
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and "THA" in "".join(injected[0]["source"])
    assert rendered.parameters["focus"] == "THA" and rendered.parameters["start_year"] == 2017


def test_html_has_no_network_references(rendered):
    page = file_of(rendered, ".html").read_text()
    assert not re.search(
        r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", page, flags=re.I
    )
    assert not re.search(r"@import|url\([\"']?(https?:)?//", page)
    assert "require.js" not in page and "mathjax" not in page.lower()


def test_html_inlines_the_chart_library_and_every_spec(rendered):
    page = file_of(rendered, ".html").read_text()
    assert "window.vegaEmbed" in page  # the bundle itself, inlined
    specs = re.findall(r'<script (?=[^>]*class="evb-spec")[^>]*>(.*?)</script>', page, flags=re.S)
    figures = re.findall(r'<figure class="evb-figure"', page)
    assert len(specs) == len(figures) >= 2
    for spec in specs:
        assert "vega-lite" in json.loads(spec)["$schema"]
    assert page.count("<svg") >= len(figures)  # a static fallback per chart


def test_html_has_title_block_and_no_code(rendered):
    page = file_of(rendered, ".html").read_text()
    assert "Japan–ASEAN automotive strategy" in page and "Thailand" in page
    assert (
        "notebook.start(" not in page
        and "from evbrief import" not in page.split("<main>")[1].split("<script>")[0]
    )
    assert 'class="toc"' in page and "<li><a href=" in page


def test_pdf_has_title_and_a_computed_figure(rendered):
    pdf = file_of(rendered, ".pdf")
    claims = json.loads(file_of(rendered, ".claims.json").read_text())["claims"]
    text = pdfcheck.text(pdf)
    assert "Japan–ASEAN automotive strategy" in text
    share = next(
        c for c in claims if c["detail"]["kind"] == "ev_share" and c["detail"]["area"] == "THA"
    )
    assert f"{share['display']} of new cars sold in Thailand" in " ".join(text.split())


def test_pdf_is_a4_with_page_numbers(rendered):
    reader = PdfReader(file_of(rendered, ".pdf"))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width - 595) < 3 and abs(height - 842) < 3
    n = len(reader.pages)
    assert f"Page 1 of {n}" in (reader.pages[0].extract_text() or "")
    assert f"Page {n} of {n}" in (reader.pages[-1].extract_text() or "")


def test_pdf_draws_the_charts(rendered):
    """Chart titles are in the text layer, and the China line's colour is on the page."""
    pdf = file_of(rendered, ".pdf")
    pages = pdfcheck.page_texts(pdf)
    chart_page = next(i for i, t in enumerate(pages, 1) if "Electric share of new-car sales" in t)
    # at 100 dpi: a chart printed smaller to fit its page (publishing/fit.py) still shows its line
    _, _, raster = pdfcheck.pixels(pdf, chart_page, dpi=100)
    red = tuple(int(charts.AREA_COLOURS["CHN"][i : i + 2], 16) for i in (1, 3, 5))
    assert pdfcheck.count_colour(raster, red) > 100


def test_index_links_the_report(rendered):
    index = (file_of(rendered, ".html").parent / "index.html").read_text()
    assert f'href="{rendered.stem}.html"' in index and f'href="{rendered.stem}.pdf"' in index


def test_rendering_twice_gives_the_same_html_but_the_render_date(tmp_path, monkeypatch):
    from evbrief.publishing import publish

    pages = []
    for i, day in enumerate(("2026-01-01", "2026-02-02")):
        monkeypatch.setenv("EVBRIEF_RENDER_DATE", day)
        result = publish.render(
            "funding", {"edition": "test"}, formats=("html",), out_dir=tmp_path / str(i)
        )
        pages.append(file_of(result, ".html").read_text())
    assert pages[0] != pages[1]
    assert pages[0].replace("2026-01-01", "DATE") == pages[1].replace("2026-02-02", "DATE")


def test_chart_drawings_are_cached_by_content(tmp_path, monkeypatch):
    import altair as alt
    import pandas as pd
    from evbrief.document import report

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    spec = (
        alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]}))
        .mark_line()
        .encode(x="x", y="y")
        .to_dict()
    )
    first = report.static_svg(spec)
    assert (
        first.startswith("<svg") and len(list((tmp_path / "evbrief" / "svg").rglob("*.svg"))) == 1
    )
    cached = next((tmp_path / "evbrief" / "svg").rglob("*.svg"))
    cached.write_text("<svg>from the cache</svg>")
    assert report.static_svg(spec) == "<svg>from the cache</svg>"
    spec["mark"] = {"type": "point"}
    assert (
        report.static_svg(spec).startswith("<svg")
        and len(list((tmp_path / "evbrief" / "svg").rglob("*.svg"))) == 2
    )


def test_contents_name_headings_without_their_anchor_marks() -> None:
    # nbconvert ends every heading with <a class="anchor-link">&#182;</a>; the contents listed
    # "The public money¶" until the link was dropped by its element, not by its character
    body = (
        '<h2 id="The-public-money">The public money<a class="anchor-link" '
        'href="#The-public-money">&#182;</a></h2><h3 id="A-&amp;-B">A &amp; B<a class="anchor-link" '
        'href="#A-&amp;-B">&#182;</a></h3>'
    )
    toc = publish._toc(body)
    assert '<a href="#The-public-money">The public money</a>' in toc
    assert '<a href="#A-&amp;-B">A &amp; B</a>' in toc
    assert "182" not in toc and "¶" not in toc
