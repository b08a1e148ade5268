"""Biofuels (derived from the Energy Institute's Review) and blending mandates: the builder, the shipped
values against independently read spot values, and the rules that keep the mandate and workforce tables
honest."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from evbrief import PROJECT_ROOT
from evbrief.data import tables as data
from evbrief.data.sources import ei

from tests.conftest import REFERENCE

FIXTURE = Path(__file__).parents[1] / "fixtures" / "ei_biofuels"


def test_builder_keeps_the_named_areas_in_both_units():
    out = ei.build_biofuels(FIXTURE, "ei-test")
    # the fixture holds brazil, indonesia, thailand and total_world for 2024; brazil has no code in
    # data/area_names.csv (source ei), so it is left out
    assert set(out["area"]) == {"IDN", "THA", "WLD"}
    assert len(out) == 3 * 2 * 2  # three areas x production/consumption x two units
    idn = out[(out.area == "IDN") & (out.measure == "production")].set_index("unit")["value"]
    assert idn["PJ"] == pytest.approx(458.62946) and idn["kboe/d"] == pytest.approx(204.77523)
    assert set(out["source_id"]) == {"ei-test"}


def test_shipped_table_matches_the_spot_values_read_from_the_review():
    # ../shared/data/reference/SOURCES.md, section 9, production 2024 (PJ), rounded to 0.1 there
    spot = {"IDN": 458.6, "THA": 87.8, "CHN": 237.5, "WLD": 5128.3}
    with open(PROJECT_ROOT / "data" / "biofuels.csv", newline="", encoding="utf-8") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if r["year"] == "2024" and r["measure"] == "production" and r["unit"] == "PJ"
        ]
    shipped = {r["area"]: float(r["value"]) for r in rows}
    for area, value in spot.items():
        assert shipped[area] == pytest.approx(value, abs=0.05), area


def test_units_agree_with_each_other():
    # one kboe/d for a year is 365 x 1,000 barrels of oil equivalent x ~6.1 GJ = ~2.2 PJ; the EI's
    # own conversion must hold that ratio (within 2%, leap years and rounding) for every nonzero row
    bf = data.load("biofuels")
    wide = bf.pivot_table(index=["area", "year", "measure"], columns="unit", values="value")
    wide = wide[(wide["kboe/d"] > 1) & (wide["PJ"] > 1)]
    ratio = (wide["PJ"] / wide["kboe/d"]).astype(float)
    assert ratio.between(2.2 * 0.98, 2.28 * 1.02).all(), ratio.describe()


@pytest.mark.skipif(
    not REFERENCE.exists(), reason="../shared/data/reference is not beside this clone"
)
def test_builder_reproduces_the_shipped_table():
    built = ei.build_biofuels(REFERENCE / "ei_biofuels", "ei-statistical-review-2025")
    shipped = pd.read_csv(PROJECT_ROOT / "data" / "biofuels.csv")
    pd.testing.assert_frame_equal(built.reset_index(drop=True), shipped, check_dtype=False)


def test_mandates_cover_every_member_with_a_programme():
    md = data.load("biofuel_mandates")
    assert {"IDN", "THA", "MYS", "PHL", "VNM"} <= set(md["area"])
    # Indonesia's newest biodiesel blend in force is B40 (from 1 January 2025)
    idn = md[(md.area == "IDN") & (md.fuel == "biodiesel") & (md.status == "in_force")]
    assert idn.sort_values("effective_date").iloc[-1]["blend_pct"] == 40


def _edit(folder: Path, name: str, edit) -> None:
    file = folder / f"{name}.csv"
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    edit(frame).to_csv(file, index=False)


def test_a_blend_over_100_percent_is_reported(data_copy):
    def edit(f):
        f.loc[0, "blend_pct"] = "140"
        return f

    _edit(data_copy, "biofuel_mandates", edit)
    problems = [p for p in data.validate(data_copy) if p.file.endswith("biofuel_mandates.csv")]
    assert [(p.row, p.column, p.rule) for p in problems] == [(2, "blend_pct", "range")]


def test_a_planned_blend_without_its_date_is_reported(data_copy):
    def edit(f):
        i = f.index[f["status"] == "planned"][0]
        f.loc[i, "effective_date"] = ""
        return f

    _edit(data_copy, "biofuel_mandates", edit)
    assert [p.rule for p in data.validate(data_copy)] == ["dated-status"]


def test_assemblers_cannot_outnumber_the_industry(data_copy):
    def edit(f):
        # Indonesia 2024 (one source): 38,000 assemblers within 1.5 million; make it 2 million
        i = f.index[
            (f["area"] == "IDN") & (f["year"] == "2024") & (f["scope"] == "vehicle_assembly")
        ]
        f.loc[i, "workers"] = "2000000"
        return f

    _edit(data_copy, "auto_workforce", edit)
    assert [p.rule for p in data.validate(data_copy)] == ["part-exceeds-whole"]


# --- the blend in force on a date (evbrief.analysis.biofuels) ----------------------------------------------


def _blend(area: str, fuel: str, as_of: str) -> float | None:
    from evbrief.analysis import biofuels
    from evbrief.core.claims import Register

    claim = biofuels.mandate_claim(Register(), area, fuel, as_of)
    return None if claim is None else claim.value


@pytest.mark.parametrize(
    ("area", "fuel", "as_of", "blend"),
    [
        # Indonesia: B35 from 1 Feb 2023, B40 from 1 Jan 2025; B50 only announced, then postponed
        ("IDN", "biodiesel", "2024-12-31", 35),
        ("IDN", "biodiesel", "2026-11-29", 40),
        # Indonesia has no nationwide ethanol blend: E5 is a pilot, E10 an announcement for 2027
        ("IDN", "ethanol", "2026-11-29", None),
        # Thailand: B10 primary from January 2020; only B7 from December 2021; temporary B5 5 Feb to
        # 31 Mar 2022; B7 from 1 May 2024
        ("THA", "biodiesel", "2021-06-30", 10),
        ("THA", "biodiesel", "2022-01-15", 7),
        ("THA", "biodiesel", "2022-03-01", 5),
        ("THA", "biodiesel", "2023-06-30", None),  # B5 ended, no blend on record until May 2024
        ("THA", "biodiesel", "2024-05-01", 7),
        # B7 cut to B5 from 21 November 2024; a return to B7 is only announced (no date)
        ("THA", "biodiesel", "2025-06-30", 5),
        # Malaysia: B10 from 1 Feb 2019; B20 only in Langkawi, Labuan, Sarawak (not nationwide)
        ("MYS", "biodiesel", "2026-11-29", 10),
        # the Philippines: B3 from 1 Oct 2024; B4 (1 Oct 2025) was suspended, so B3 still holds
        ("PHL", "biodiesel", "2025-12-31", 3),
        ("PHL", "ethanol", "2026-11-29", 10),
        # Vietnam: E5 from 2018; E10 from 1 June 2026 (the January date was postponed)
        ("VNM", "ethanol", "2026-03-01", 5),
        ("VNM", "ethanol", "2026-06-01", 10),
        ("VNM", "biodiesel", "2026-11-29", None),
    ],
)
def test_blend_in_force_on_a_date(area, fuel, as_of, blend):
    assert _blend(area, fuel, as_of) == blend


def test_biofuel_facts_agree_with_the_independent_recomputation():
    from evbrief.analysis import biofuels
    from evbrief.core.claims import Register

    from tests.publishing import test_claims

    facts = biofuels.facts(
        Register(), ("IDN", "THA", "MYS", "PHL", "VNM", "CHN"), "2026-11-29", 2024
    )
    claims = [c for by_kind in facts.values() for c in by_kind.values() if c is not None]
    # five members with at least one blend, and production/consumption for IDN, THA and CHN
    assert len(claims) >= 5 + 3 * 2
    assert facts["MYS"]["production_pj"] is None  # the Review does not publish Malaysia
    assert facts["IDN"]["production_pj"].value == pytest.approx(458.62946)
    for c in claims:
        expected, tol, notes = test_claims.recompute({"detail": c.detail}, {})
        assert not notes, (c.name, notes)
        assert test_claims.agrees(c.value, expected, tol), (c.name, c.value, expected)


def test_indonesian_consumption_rises_in_each_year_a_higher_blend_took_effect():
    # two independent sources: the mandates compiled from news and ministry pages, and the Energy
    # Institute's consumption series. Each step up of Indonesia's nationwide biodiesel blend (B2.5 in
    # 2008, B20 for all sectors in 2018, B30 in 2020, B35 in 2023) should show as more biofuel consumed
    # than the year before (e.g. 2019: 94.3 kboe/d, 2020: 123.5).
    md = data.load("biofuel_mandates")
    steps = md[
        (md.area == "IDN")
        & (md.fuel == "biodiesel")
        & (md.status == "in_force")
        & md.nationwide.astype(bool)
    ]
    years = sorted({int(str(d)[:4]) for d in steps["effective_date"].dropna()})
    bf = data.load("biofuels")
    use = bf[(bf.area == "IDN") & (bf.measure == "consumption") & (bf.unit == "kboe/d")]
    use = use.set_index("year")["value"].astype(float)
    covered = [y for y in years if y in use.index and y - 1 in use.index]
    assert covered == [2008, 2018, 2020, 2023]
    for year in covered:
        assert use[year] > use[year - 1], year
