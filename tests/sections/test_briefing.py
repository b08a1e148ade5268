"""The briefing as its readers use it: page 1 for the meeting, editions written from the member's side,
periods stated as the data give them, and at most eight pages before the annex."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from evbrief.data import countries
from evbrief.sections import competition

from tests import pdfcheck
from tests.publishing import test_claims

EDITIONS = {"briefing": None, "briefing-tha": "THA", "briefing-idn": "IDN"}
CONTEXT_AREAS = {
    "CHN",
    "JPN",
    "WLD",
    "SEA",
    "KOR",
    "USA",
    "EU27",
    "IND",
}  # comparators, not members


class _Sections(HTMLParser):
    """The text of each h2/h3 section of the page and of each list item, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[tuple[str, list[str]]] = []
        self._heading: str | None = None
        self._item: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3"):
            self._heading = ""
        elif tag == "li" and self.sections:
            self._item = ""

    def handle_endtag(self, tag):
        if tag in ("h2", "h3") and self._heading is not None:
            self.sections.append((self._heading.replace("¶", "").strip(), []))
            self._heading = None
        elif tag == "li" and self._item is not None:
            self.sections[-1][1].append(test_claims.collapse(self._item))
            self._item = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading += data
        if self._item is not None:
            self._item += data


def items_under(page: str, heading: str) -> list[str]:
    parser = _Sections()
    parser.feed(page)
    return next((items for title, items in parser.sections if title == heading), [])


def claims_of(stem: str, folder: Path) -> list[dict]:
    return json.loads((folder / f"{stem}.claims.json").read_text(encoding="utf-8"))["claims"]


@pytest.mark.parametrize(
    "stem", ["briefing"]
)  # the member editions: tests/sections/test_member_editions.py
def test_every_ask_and_offer_cites_claims(publication_dir: Path, stem: str) -> None:
    page = (publication_dir / f"{stem}.html").read_text(encoding="utf-8")
    items = items_under(page, "What Japan brings, and its gaps")
    assert len(items) >= 3, (
        f"{stem}: Japan's offers and gaps need 3 or more items, found {len(items)}"
    )
    sentences = [
        test_claims.sentence_text(s)
        for c in claims_of(stem, publication_dir)
        for s in [c["sentence"], *c.get("also", [])]
    ]
    for item in items:
        backed = [s for s in sentences if s and s in item]
        assert backed, f"{stem}: an ask or offer states no computed fact: {item[:120]!r}"
        assert re.search(r"\[\d", item), f"{stem}: an ask or offer cites no source: {item[:120]!r}"


def _areas(detail: dict) -> set[str]:
    found = set()
    for key in ("area", "areas", "numerator", "denominator"):
        value = detail.get(key)
        if isinstance(value, str) and value.isupper() and len(value) <= 4:
            found.add(value)
        elif isinstance(value, list):
            found |= {v for v in value if isinstance(v, str)}
    return found


def other_member_sentences(claims: list[dict], focus: str) -> list[str]:
    """Sentences whose facts all concern ASEAN members other than the focus (comparators aside)."""
    by_sentence: dict[str, set[str]] = {}
    for c in claims:
        by_sentence.setdefault(c["sentence"], set()).update(_areas(c["detail"]))
    return [
        s
        for s, areas in by_sentence.items()
        if areas
        and areas <= set(countries.ASEAN) - {focus} | CONTEXT_AREAS
        and areas & (set(countries.ASEAN) - {focus})
        and not areas & ({focus} | {"SEA"})
    ]


@pytest.mark.parametrize("stem,focus", [("briefing-tha", "THA"), ("briefing-idn", "IDN")])
def test_country_editions_speak_of_their_own_member(publication_dir: Path, stem, focus) -> None:
    stray = other_member_sentences(claims_of(stem, publication_dir), focus)
    assert not stray, f"{stem}: paragraphs about another member:\n  " + "\n  ".join(stray)


def test_a_paragraph_about_another_member_is_caught() -> None:
    claims = [
        {"sentence": "Indonesia mined 59% of the world's nickel.", "detail": {"areas": ["IDN"]}},
        {"sentence": "Thailand sold 23% as plug-ins, China 53%.", "detail": {"area": "THA"}},
        {"sentence": "Thailand sold 23% as plug-ins, China 53%.", "detail": {"area": "CHN"}},
    ]
    assert other_member_sentences(claims, "THA") == ["Indonesia mined 59% of the world's nickel."]


# --- periods as the data give them ---------------------------------------------------------------


def period_problems(claims: list[dict]) -> list[str]:
    """A share of part of a year must say which part; a full-year figure must not claim a part."""
    problems = []
    for c in claims:
        d = c["detail"]
        period = d.get("period")
        if (
            d.get("kind") not in ("origin_share", "electrified_share", "plug_in_share")
            or not period
        ):
            continue
        label = competition.PERIODS.get(period, period)
        sentence = test_claims.sentence_text(c["sentence"])
        if period not in ("CY",) and label not in sentence and period not in sentence:
            problems.append(f"{c['name']}: period {period} ({label}) not stated in {sentence!r}")
    return problems


@pytest.mark.parametrize("stem", EDITIONS)
def test_every_partial_period_is_stated(publication_dir: Path, stem: str) -> None:
    problems = period_problems(claims_of(stem, publication_dir))
    assert not problems, "\n".join(problems)


def test_a_first_half_quoted_as_a_year_is_caught() -> None:
    claims = [
        {
            "name": "origin_share:IDN",
            "sentence": "Chinese brands took 93% of battery-electric sales in Indonesia in 2025.",
            "detail": {"kind": "origin_share", "period": "H1"},
        }
    ]
    assert period_problems(claims)


# --- length --------------------------------------------------------------------------------------


def pages_before_annex(pdf: Path) -> int:
    """The number of the page on which the annex begins: content pages, a shared last page counted."""
    pages = pdfcheck.poppler_text(pdf, "-layout").split("\f")
    for number, text in enumerate(pages, 1):
        if re.search(r"^\s*Annex", text, flags=re.M):
            return number
    return len(pages)


@pytest.mark.parametrize("stem", EDITIONS)
def test_the_briefing_fits_ten_pages_before_its_annex(publication_dir: Path, stem: str) -> None:
    # ten since the December 2026 edition: page 1 is the summary for the meeting (findings, positions,
    # deliverables) and the record, prices, two-wheelers and the emissions band were added
    pages = pages_before_annex(publication_dir / f"{stem}.pdf")
    assert pages <= 10, f"{stem}.pdf has {pages} pages before the annex"


def test_page_one_holds_the_summary_for_the_meeting(publication_dir: Path) -> None:
    first = pdfcheck.poppler_text(publication_dir / "briefing.pdf", "-l", "1")
    for part in ("Summary for the meeting", "Three findings", "The position Japan could take"):
        assert part in first, f"{part!r} is not on page 1"


def test_the_lead_market_is_computed_from_the_data() -> None:
    """The region's lead market (where positions are argued from) comes from the data, never a code."""
    from evbrief import PROJECT_ROOT
    from evbrief.document.context import Context
    from evbrief.sections import strategy

    assert strategy.lead_market(Context()) == "THA"  # the largest market with hybrid brand figures
    assert strategy.lead_market(Context(focus="IDN")) == "IDN"
    written = [
        p.name
        for p in [
            *PROJECT_ROOT.glob("notebooks/*.ipynb"),
            *PROJECT_ROOT.glob("lib/evbrief/**/*.py"),
        ]
        if '"THA" if ctx.is_region' in p.read_text(encoding="utf-8").replace('\\"', '"')
    ]
    assert not written, written
