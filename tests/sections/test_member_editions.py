"""The member editions (notebooks/member_briefing): written from the member's side of the table.

Each edition of publication.toml on that notebook must speak only of its own member: every claim that
names an area is about the focus member, or its sentence says the fact is regional. Its pages print no
"None", no unfilled template and no empty count, and page 1 states the member's target with the
distance to it and names the partners' dated offers that the record holds (at least three where the
record holds three). The partner record is counted here from the CSV files, not through evbrief.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from evbrief import PROJECT_ROOT

from tests import pdfcheck
from tests.publishing import test_claims

PARTNER_NAMES = {
    "JPN": "Japan",
    "CHN": "China",
    "KOR": "South Korea",
    "EU27": "European Union",
    "USA": "United States",
}
ORIGINS = {
    "japanese": "JPN",
    "chinese": "CHN",
    "korean": "KOR",
    "european": "EU27",
    "american": "USA",
}


def member_editions() -> dict[str, str]:
    with open(PROJECT_ROOT / "publication.toml", "rb") as f:
        reports = tomllib.load(f)["report"]
    return {
        r["stem"]: r["parameters"]["focus"] for r in reports if r["notebook"] == "member_briefing"
    }


EDITIONS = member_editions()


def test_the_five_member_editions_are_declared() -> None:
    assert EDITIONS == {
        "briefing-tha": "THA",
        "briefing-idn": "IDN",
        "briefing-vnm": "VNM",
        "briefing-mys": "MYS",
        "briefing-phl": "PHL",
    }


def claim_areas(detail: dict) -> set[str]:
    found = set()
    for key in ("area", "areas"):
        value = detail.get(key)
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, list):
            found |= {v for v in value if isinstance(v, str)}
    return found


def foreign_claims(claims: list[dict], focus: str) -> list[str]:
    """Claims about another area than the focus whose sentence does not say they are regional."""
    return [
        f"{c['name']}: {c['sentence'][:140]!r}"
        for c in claims
        if claim_areas(c["detail"]) - {focus} and "regional" not in c["sentence"].lower()
    ]


def test_a_claim_about_another_member_is_caught() -> None:
    claims = [
        {"name": "a", "sentence": "Thailand built 1.5 million.", "detail": {"area": "THA"}},
        {"name": "b", "sentence": "Indonesia mined 59% of nickel.", "detail": {"areas": ["IDN"]}},
        {"name": "c", "sentence": "Japan took 10 steps (regional).", "detail": {"area": "JPN"}},
        {"name": "d", "sentence": "Southeast Asia sold 8%.", "detail": {"area": "SEA"}},
    ]
    found = foreign_claims(claims, "THA")
    assert [f.split(":")[0] for f in found] == ["b", "d"]


@pytest.mark.parametrize("stem", EDITIONS)
def test_every_claim_is_about_the_member_or_labelled_regional(publication_dir: Path, stem) -> None:
    claims = json.loads((publication_dir / f"{stem}.claims.json").read_text(encoding="utf-8"))[
        "claims"
    ]
    assert claims, f"{stem} registers no claims"
    stray = foreign_claims(claims, EDITIONS[stem])
    assert not stray, (
        f"{stem}: claims about another area, not labelled regional:\n  " + "\n  ".join(stray)
    )


BROKEN = (
    (r"\bNone\b", "None"),
    (r"\bnan\b|<NA>|NaT", "a missing value"),
    (r"\{[a-z_]+\}", "an unfilled template"),
    (r"\(\s*\)|:\s*[.;]|\b(?:of|on record:)\s*[.;]", "an empty count or list"),
)


def page_problems(text: str) -> list[str]:
    return [
        f"{what}: …{text[max(0, m.start() - 60) : m.end() + 60]}…"
        for pattern, what in BROKEN
        for m in re.finditer(pattern, text)
    ]


def test_a_broken_page_is_caught() -> None:
    assert page_problems("We built None vehicles; plants on record: .")
    assert page_problems("Offers {offer} were made ()")
    assert not page_problems("We built 1.5 million vehicles in 2025 [1].")


@pytest.mark.parametrize("stem", EDITIONS)
def test_pages_print_no_none_and_no_empty_count(publication_dir: Path, stem) -> None:
    text = test_claims.page_text(publication_dir / f"{stem}.html")
    problems = page_problems(text.split(" Sources ")[0])
    assert not problems, f"{stem}:\n  " + "\n  ".join(problems)
    assert (publication_dir / f"{stem}.pdf").stat().st_size > 10_000


def dated_partners(focus: str) -> set[str]:
    """Partners with a dated offer or plant in the member, or a dated regional offer (from the CSVs)."""
    found = {
        r["partner"]
        for r in test_claims.table("partners")
        if r["partner"] in PARTNER_NAMES and r["target_area"] in (focus, "SEA") and r["year"]
    }
    found |= {
        ORIGINS[p["origin"]]
        for p in test_claims.table("plants")
        if p["area"] == focus
        and p["origin"] in ORIGINS
        and p["status"] in test_claims.ACTIVE
        and (p["start_year"] or p["status_as_of"] or p["announced_year"])
    }
    return found


@pytest.mark.parametrize("stem", EDITIONS)
def test_page_one_states_the_target_and_the_partners_offers(publication_dir: Path, stem) -> None:
    focus = EDITIONS[stem]
    first = " ".join(pdfcheck.poppler_text(publication_dir / f"{stem}.pdf", "-l", "1").split())
    assert "Our target" in first, f"{stem}: page 1 states no target"
    claims = json.loads((publication_dir / f"{stem}.claims.json").read_text(encoding="utf-8"))[
        "claims"
    ]
    targets = [c for c in claims if c["detail"]["kind"] == "member_target"]
    gaps = [c for c in claims if c["detail"]["kind"] == "target_gap"]
    if gaps:  # a target an indicator of ours measures: its distance is on page 1
        assert " ".join(gaps[0]["sentence"].split())[:60] in first.replace("**", ""), stem
    else:
        assert "distance is not stated" in first or "was found" in first, stem
    assert targets or "No published target" in first, stem
    expected = dated_partners(focus)
    named = {
        p
        for p, name in PARTNER_NAMES.items()
        if re.search(re.escape(name) + r", (?:[A-Z][a-z]{2} )?\d{4}", first)
    }
    assert named >= expected, f"{stem}: page 1 leaves out {sorted(expected - named)}"
    assert len(named) >= min(3, len(expected)), f"{stem}: page 1 names {sorted(named)}"
    # a partner without a dated offer is named as such, never left unsaid
    unsaid = [
        name
        for p, name in PARTNER_NAMES.items()
        if p not in named and not re.search(r"No dated offer of [^.]*" + re.escape(name), first)
    ]
    assert not unsaid, f"{stem}: page 1 does not say that {unsaid} made no dated offer"


@pytest.mark.parametrize("stem", ["briefing-tha", "briefing-idn"])
def test_thailand_and_indonesia_name_three_partners_on_page_one(publication_dir, stem) -> None:
    assert len(dated_partners(EDITIONS[stem])) >= 3
    first = " ".join(pdfcheck.poppler_text(publication_dir / f"{stem}.pdf", "-l", "1").split())
    named = [n for n in PARTNER_NAMES.values() if re.search(re.escape(n) + r", \S+", first)]
    assert len(named) >= 3, f"{stem}: page 1 names {named}"


def test_a_region_focus_is_refused() -> None:
    from evbrief.document.context import Context
    from evbrief.sections import member

    with pytest.raises(member.NotAMember, match="set focus to a member"):
        member.require_member(Context(focus="ASEAN"))


# --- like with like (issue 22): a target by its own measure, one value per figure -------------------

#: the indicator (claim kind) that may measure each kind of target
MEASURED_BY = {
    "zev_share_of_production_pct": {"production_share"},
    "ev_production_units": {"member_production"},
    "ev_fleet_share_pct": {"ev_stock_share"},
    "ev_sales_share_pct": {"ev_share"},
    "ev_stock_units": {"ev_stock"},
}


def mismeasured(claims: list[dict]) -> list[str]:
    """Target gaps whose indicator does not measure what the target measures (30@30, a share of all
    zero-emission vehicles built, measured by battery-electric passenger cars)."""
    measure = {r["target_id"]: r["measure"] for r in test_claims.table("member_targets")}
    wrong = []
    for c in claims:
        d = c["detail"]
        if d["kind"] != "target_gap":
            continue
        kind = measure[d["id"]]
        if d["indicator"] not in MEASURED_BY.get(kind, set()) or (
            d["indicator"] == "production_share" and d.get("part_scope") != "all_vehicles"
        ):
            wrong.append(
                f"{d['id']} ({kind}) measured by {d['indicator']} {d.get('part_scope', '')}"
            )
    return wrong


def test_a_target_measured_by_passenger_cars_is_caught() -> None:
    zev = next(r for r in test_claims.table("member_targets") if r["measure"].startswith("zev_"))
    claim = {"kind": "target_gap", "id": zev["target_id"], "indicator": "production_share"}
    assert mismeasured([{"detail": {**claim, "part_scope": "passenger_cars"}}])
    assert not mismeasured([{"detail": {**claim, "part_scope": "all_vehicles"}}])


@pytest.mark.parametrize("stem", EDITIONS)
def test_a_target_is_measured_only_by_its_own_measure(publication_dir: Path, stem) -> None:
    claims = json.loads((publication_dir / f"{stem}.claims.json").read_text(encoding="utf-8"))[
        "claims"
    ]
    assert not mismeasured(claims), stem


FIGURE = ("area", "year", "period", "measure", "vehicle_scope", "powertrain")


def two_values(claims: list[dict]) -> list[str]:
    """Figures of member_production quoted with two different values in one edition."""
    seen: dict[tuple, set] = {}
    for c in claims:
        d = c["detail"]
        if d["kind"] == "member_production":
            seen.setdefault(tuple(d[k] for k in FIGURE), set()).add(c["value"])
    return [f"{key}: {sorted(v)}" for key, v in seen.items() if len(v) > 1]


def test_two_values_of_one_figure_are_caught() -> None:
    d = dict(
        zip(FIGURE, ("THA", 2025, "CY", "exports", "all_vehicles", "total"), strict=True),
        kind="member_production",
    )
    assert two_values([{"detail": d, "value": 935750}, {"detail": d, "value": 956230}])
    assert not two_values([{"detail": d, "value": 935750}, {"detail": d, "value": 935750}])


@pytest.mark.parametrize("stem", EDITIONS)
def test_one_figure_has_one_value(publication_dir: Path, stem) -> None:
    claims = json.loads((publication_dir / f"{stem}.claims.json").read_text(encoding="utf-8"))[
        "claims"
    ]
    # a value set aside by the source rank is quoted only in the sentence that says it was set aside
    quoted = [c for c in claims if "We quote the first" not in c["sentence"]]
    assert not two_values(quoted), stem
