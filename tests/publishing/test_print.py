"""The printed publication as its readers get it: bookmarks, title and language in every briefing PDF."""

from __future__ import annotations

import html
import re

import pytest
from pypdf import PdfReader


def _outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles += _outline_titles(item) if isinstance(item, list) else [item.title]
    return titles


def _sections(page: str) -> list[str]:
    """The h2 headings of a report page (its top-level sections), without the contents list's own."""
    found = re.findall(r'<h2 id="[^"]+"[^>]*>(.*?)</h2>', page, flags=re.S)
    names = [
        html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="anchor-link".*?</a>', "", h)))
        for h in found
    ]
    return [n.replace("¶", "").strip() for n in names]


@pytest.mark.parametrize("stem", ["briefing", "briefing_ja"])
def test_a_briefing_pdf_has_bookmarks_title_language_and_tags(publication_dir, stem):
    page = (publication_dir / f"{stem}.html").read_text(encoding="utf-8")
    pdf = PdfReader(publication_dir / f"{stem}.pdf")
    bookmarks = _outline_titles(pdf.outline)
    sections = _sections(page)
    assert len(sections) >= 5, sections
    missing = [s for s in sections if s not in bookmarks]
    assert not missing, f"{stem}.pdf has no bookmark for {missing}"
    title = html.unescape(re.search(r"<title>(.*?)</title>", page, flags=re.S).group(1))
    assert pdf.metadata.title == title
    lang = re.search(r'<html lang="([^"]+)"', page).group(1)
    root = pdf.trailer["/Root"]
    assert root.get("/Lang") == lang
    assert root["/MarkInfo"]["/Marked"]  # tagged: the structure a screen reader follows


def test_the_cover_words_the_parameters_as_a_reader_reads_them():
    from evbrief.publishing.scope import scope

    given = {"focus": "THA", "scenario": "stated_policies", "start_year": 2015, "end_year": 2025}
    assert scope({**given, "edition": ""}) == (
        "Focus: Thailand · Scenario: stated policies · 2015–2025"
    )
    assert scope(given, "ja") == "対象地域：タイ · シナリオ：公表政策 · 2015〜2025年"
    assert scope({"country": "IDN", "end_year": 2025}) == "Country: Indonesia · to 2025"


@pytest.mark.parametrize("stem", ["briefing-tha", "briefing_ja", "scenarios", "country-idn"])
def test_no_cover_and_no_chart_source_prints_a_file_or_a_parameter_name(publication_dir, stem):
    from tests import pdfcheck

    pdf = publication_dir / f"{stem}.pdf"
    cover = pdfcheck.poppler_text(pdf, "-l", "1").split("\f")[0]
    first_section = pdfcheck.outline(pdf)[1][0]  # the first heading after the title
    cover = cover.split(first_section.split()[0])[0]
    sources = [
        line
        for line in pdfcheck.poppler_text(pdf).splitlines()
        if line.startswith(("Source:", "出典：", "Ranges:", "Projections:"))
    ]
    assert "Scope" in cover or "対象範囲" in cover
    for text in [cover, *sources]:
        for code in ("focus =", "scenario =", "start_year", "stated_policies", ".toml", ".csv"):
            assert code not in text, (stem, code, text)
