"""The English and Japanese regional briefings are the same paper: the same sections in the same order,
the same figures and tables, and the same claims (kinds and values) in each section; the Japanese PDF
follows Japanese line breaking and number forms, and writes no Latin word outside the allowed list.
Also: every tracked option's date falls after the edition's date."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from evbrief.publishing import publish

from tests import pdfcheck
from tests.core import test_language
from tests.publishing import test_claims

EDITIONS = ("briefing", "briefing_ja")


@pytest.fixture(scope="module")
def editions_dir(tmp_path_factory) -> Path:
    """The two regional editions, rendered once for this module."""
    out = tmp_path_factory.mktemp("same-paper")
    for name in EDITIONS:
        publish.render(name, {}, formats=("html", "pdf"), out_dir=out)
    return out


def outline(page: str, claims: list[dict]) -> list[dict]:
    """Per h2 section, in order: its figure and table ids, and the (kind, value) of the claims whose
    sentence it holds (a claim is placed where the reader first meets it)."""
    chunks = re.split(r'(?=<h2 id=")', page)[1:]
    sections = []
    for chunk in chunks:
        parser = test_claims._Text()
        parser.feed(chunk)
        parser.close()
        sections.append(
            {
                "figures": re.findall(r'<figure[^>]*id="(figure-\d+)"', chunk),
                "tables": re.findall(r'id="(table-\d+)-caption"', chunk),
                "text": test_claims.collapse("".join(parser.parts).replace("\xa0", " ")),
                "claims": Counter(),
            }
        )
    unplaced = Counter()
    for c in claims:
        key = (c["detail"]["kind"], round(float(c["value"]), 6))
        sentence = test_claims.sentence_text(c["sentence"])
        home = next((s for s in sections if sentence and sentence in s["text"]), None)
        (home["claims"] if home else unplaced)[key] += 1
    for s in sections:
        del s["text"]
    return sections + [{"figures": [], "tables": [], "claims": unplaced}]


def differences(english: list[dict], japanese: list[dict]) -> list[str]:
    """Where two outlines differ, section by section (numbered from 1; the last is the unplaced claims)."""
    if len(english) != len(japanese):
        return [f"{len(english) - 1} sections in English, {len(japanese) - 1} in Japanese"]
    found = []
    for n, (e, j) in enumerate(zip(english, japanese, strict=True), 1):
        for part in ("figures", "tables"):
            if e[part] != j[part]:
                found.append(f"section {n}: {part} {e[part]} against {j[part]}")
        if e["claims"] != j["claims"]:
            only_e = sorted((e["claims"] - j["claims"]).elements())
            only_j = sorted((j["claims"] - e["claims"]).elements())
            found.append(f"section {n}: claims only in English {only_e}, only in Japanese {only_j}")
    return found


def read(folder: Path, stem: str) -> tuple[str, list[dict]]:
    page = (folder / f"{stem}.html").read_text(encoding="utf-8")
    claims = json.loads((folder / f"{stem}.claims.json").read_text(encoding="utf-8"))["claims"]
    return page, claims


@pytest.mark.render
def test_the_japanese_edition_is_the_same_paper(editions_dir: Path) -> None:
    english, japanese = (outline(*read(editions_dir, stem)) for stem in EDITIONS)
    problems = differences(english, japanese)
    assert not problems, "\n".join(problems)


def test_a_missing_figure_or_claim_is_found() -> None:
    def page(with_figure: bool) -> str:
        fig = '<figure class="evb-figure" id="figure-2"></figure>' if with_figure else ""
        return f'<h2 id="a">A</h2><p>Shares were 18% in 2025.</p><h2 id="b">B</h2>{fig}<p>X 3.</p>'

    claims = [{"detail": {"kind": "ev_share"}, "value": 18, "sentence": "Shares were 18% in 2025."}]
    same = outline(page(True), claims)
    assert not differences(same, outline(page(True), claims))
    assert differences(same, outline(page(False), claims)) == [
        "section 2: figures ['figure-2'] against []"
    ]
    moved = [{**claims[0], "sentence": "X 3."}]
    assert differences(same, outline(page(True), moved))


# --- the Japanese PDF ----------------------------------------------------------------------------

# no line may start with these (JIS X 4051 line-start prohibitions, the common set)
LINE_START = "ー、。，．）」』】〕！？：；・ゃゅょっぁぃぅぇぉャュョッァィゥェォ々ゝゞヽヾ"
# Latin words the Japanese edition may print: acronyms (all capitals), units, and names kept as written
ALLOWED = {
    "evbrief",
    "kWh",
    "km",
    "GWh",
    "gCO2e",
    "CO2e",
    "CO2",
    "g-CO2e",
    "tCO2e",
    "Toyota",
    "Honda",
    "BYD",
    "raBit",
    "Huayou",
    "Vale",
    "Sumitomo",
    "Metal",
    "Mining",
    "PT",
    "Indonesia",
    "https",
    "http",
    "www",
}


def line_start_problems(text: str) -> list[str]:
    """Lines that start with a character Japanese typesetting keeps off a line's start.

    Two readings of pdftotext are not lines of the page: a chart's rotated axis title reads backwards
    ("）%（率比..."), and punctuation that follows a closing bracket ("）。", "）：") is set closer by
    Chromium's text-spacing-trim, which pdftotext reads as a new line although the page shows one line
    (checked on the PNG of page 2). In a table, pdftotext may set another column's cell ("会合・",
    "決定") between the bracket and its punctuation, so the bracket is looked for in the three lines
    before (checked on the PNG of page 2, December 2026)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [
        line
        for n, line in enumerate(lines)
        if line[0] in LINE_START
        and not line.startswith("）%（")
        and not (
            line[0] in "。、：" and any(b.endswith(("）", "」")) for b in lines[max(0, n - 3) : n])
        )
    ]


def latin_problems(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z0-9\-]*", text)
    return sorted(
        {w for w in words if w not in ALLOWED and not re.fullmatch(r"[A-Z0-9\-]{2,}[a-z]?", w)}
    )


def reader_text(pdf: Path) -> str:
    """What a Japanese reader reads: the pages before the reference list (its entries are citations in
    the source's own language) without the title block's parameter line."""
    text = pdfcheck.poppler_text(pdf)
    text = text.split("出典一覧")[0] if "出典一覧" in text else text
    return "\n".join(
        line for line in text.splitlines() if not line.startswith(("パラメータ", "focus ="))
    )


@pytest.mark.render
def test_the_japanese_pdf_breaks_lines_and_writes_numbers_the_japanese_way(
    editions_dir: Path,
) -> None:
    text = reader_text(editions_dir / "briefing_ja.pdf")
    assert not line_start_problems(text), line_start_problems(text)[:10]
    assert not test_language.japanese_number_problems(text)


@pytest.mark.render
def test_the_japanese_pdf_writes_no_latin_word_outside_the_list(editions_dir: Path) -> None:
    found = latin_problems(reader_text(editions_dir / "briefing_ja.pdf"))
    assert not found, found


def test_a_forbidden_line_start_and_a_stray_word_are_found() -> None:
    assert line_start_problems("パートナ\nーシップ\nインドネシア\n、と\n（表）\n。次") == [
        "ーシップ",
        "、と",
    ]
    # a table's other column between the bracket and its full stop; four lines on, it is a line start
    assert line_start_problems("（表）\n会合・\n決定\n。次") == []
    assert line_start_problems("（表）\n会合・\n決定\n本文\n。次") == ["。次"]
    assert latin_problems("電動車はBEVとPHEVとHEV、約554 g-CO2e/kWh") == []
    assert latin_problems("Plug-in share of new-car sales") == [
        "Plug-in",
        "new-car",
        "of",
        "sales",
        "share",
    ]


# --- options that can be tracked -----------------------------------------------------------------


def late_options(options: list, edition: dt.date) -> list[str]:
    return [o["key"] for o in options if not o["by_date"] > edition]


@pytest.mark.parametrize("edition", ["", "2026-12", "2027-06-30"])
def test_every_option_date_is_after_the_edition(edition: str) -> None:
    from evbrief.document.context import Context
    from evbrief.document.report import Report
    from evbrief.sections import strategy

    rep = Report("briefing", {"edition": edition}, "t")
    ctx = Context(focus="ASEAN", start_year=2015, end_year=2025, scenario="stated_policies")
    options = strategy.watch_facts(rep, ctx)
    assert len(options) >= 3
    assert not late_options(options, strategy.edition_date(rep))


def test_an_option_dated_before_the_edition_is_found() -> None:
    options = [
        {"key": "prices", "by_date": dt.date(2026, 12, 31)},
        {"key": "nickel", "by_date": dt.date(2026, 1, 1)},
    ]
    assert late_options(options, dt.date(2026, 12, 4)) == ["nickel"]
