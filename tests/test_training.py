"""Workforce and training facts: hand-worked arithmetic, None where a member has no count, and the same
values as the independent recomputation of tests/test_claims.py."""

from __future__ import annotations

import math

import pytest
from evbrief.analysis import training
from evbrief.core.claims import Register

from . import test_claims


@pytest.fixture
def facts() -> dict:
    return training.facts(Register())


def test_budget_per_thai_worker_is_worked_by_hand(facts):
    # C01 = ¥140,000,000,000; Thailand's automotive industry: 690,000 workers (The Nation, 2025)
    # 140,000,000,000 / 690,000 = 202,898.55...
    claim = facts["per_worker"]["THA"]["automotive_industry"]
    assert math.isclose(claim.value, 202_898.55, rel_tol=1e-6)
    assert claim.unit == "JPY" and claim.display == "¥202,899"


def test_per_worker_takes_the_newest_count_of_the_scope(facts):
    # Indonesia's vehicle makers: 38,000 (2021, 2024) and 69,390 (2025); the newest is 2025
    # 140,000,000,000 / 69,390 = 2,017,581.78...
    claim = facts["per_worker"]["IDN"]["vehicle_assembly"]
    assert claim.detail["year"] == 2025
    assert math.isclose(claim.value, 2_017_581.78, rel_tol=1e-6)


def test_counts_of_different_scope_stay_apart(facts):
    # the Philippines 2013: 8,000 assemblers, 68,000 parts workers, 340,000 in trade and repair
    phl = facts["workforce"]["PHL"]
    assert {s: c.value for s, c in phl.items()} == {
        "vehicle_assembly": 8000,
        "auto_parts": 68000,
        "allied_trade_and_repair": 340000,
    }
    # 140e9 / 8,000 = 17,500,000 yen per assembly worker
    assert facts["per_worker"]["PHL"]["vehicle_assembly"].value == 17_500_000


def test_ecosystem_count_gives_a_round_figure(facts):
    # Malaysia 2019: over 700,000 in the automotive and mobility sectors; 140e9 / 700,000 = 200,000
    claim = facts["per_worker"]["MYS"]["automotive_value_chain"]
    assert claim.value == 200_000 and claim.detail["year"] == 2019


def test_members_without_a_count_are_none(facts):
    for area in ("SGP", "KHM", "LAO", "MMR", "BRN"):
        assert facts["workforce"][area] is None
        assert facts["per_worker"][area] is None


def test_per_worker_claims_carry_what_the_budget_is(facts):
    claim = facts["per_worker"]["THA"]["automotive_industry"]
    assert claim.detail["budget"] == "C01"
    assert "not-earmarked" in claim.detail["basis"] and "not-earmarked" in facts["budget_basis"]
    assert facts["budget"].value == 140_000_000_000


def test_programme_targets_are_the_published_numbers(facts):
    # Abe, 2018: 80,000 specialists in five years; Kishida, 2024: 100,000 digital professionals
    assert facts["targets"]["T01"].value == 80_000 and facts["targets"]["T01"].unit == "persons"
    assert facts["targets"]["T03"].value == 100_000
    # JICA soft loan to Thailand: 2.7 billion baht
    assert facts["targets"]["T05"].display == "THB 2.7 billion"


def test_every_fact_agrees_with_the_independent_recomputation(facts):
    claims = [facts["budget"], *facts["targets"].values()]
    for by_scope in [*facts["workforce"].values(), *facts["per_worker"].values()]:
        claims += list((by_scope or {}).values())
    assert claims
    for c in claims:
        expected, tol, notes = test_claims.recompute({"detail": c.detail}, {})
        assert not notes, (c.name, notes)
        assert test_claims.agrees(c.value, expected, tol), (c.name, c.value, expected)


def test_recomputation_flags_a_budget_claim_without_its_basis(facts):
    detail = dict(facts["per_worker"]["THA"]["automotive_industry"].detail, basis="")
    _, _, notes = test_claims.recompute({"detail": detail}, {})
    assert any("not earmarked" in n for n in notes)
