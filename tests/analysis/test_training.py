"""Workforce and training facts: hand-worked arithmetic, None where a member has no count, and the same
values as the independent recomputation of tests/publishing/test_claims.py."""

from __future__ import annotations

import pytest
from evbrief.analysis import training
from evbrief.core.claims import Register

from tests.publishing import test_claims


@pytest.fixture
def facts() -> dict:
    return training.facts(Register())


def test_no_budget_is_divided_by_one_members_workforce(facts):
    # regression (issue 22): "¥202,899 each" divided the Global South budget by Thailand's 690,000 workers,
    # a ratio of aggregates of different coverage; the facts hold the budget and the counts apart
    assert "per_worker" not in facts and not hasattr(training, "budget_per_worker_claim")
    assert facts["budget"].scope["area"] == "Global South"
    assert facts["workforce"]["THA"]["automotive_industry"].value == 690_000


def test_workforce_takes_the_newest_count_of_the_scope(facts):
    # Indonesia's vehicle makers: 38,000 (2021, 2024) and 69,390 (2025); the newest is 2025
    claim = facts["workforce"]["IDN"]["vehicle_assembly"]
    assert claim.detail["year"] == 2025 and claim.value == 69_390


def test_the_training_pledge_is_scoped_as_its_source_words_it(facts):
    # regression (issue 22): T03 is 100,000 digital professionals in AI and semiconductors, not industrial workers
    t03 = facts["targets"]["T03"]
    assert t03.scope["sector"] == "digital" and t03.scope["area"] == "SEA"
    assert t03.period.startswith("5 years from 2024-05")


def test_counts_of_different_scope_stay_apart(facts):
    # the Philippines 2013: 8,000 assemblers, 68,000 parts workers, 340,000 in trade and repair
    phl = facts["workforce"]["PHL"]
    assert {s: c.value for s, c in phl.items()} == {
        "vehicle_assembly": 8000,
        "auto_parts": 68000,
        "allied_trade_and_repair": 340000,
    }


def test_ecosystem_count_keeps_its_year(facts):
    # Malaysia 2019: over 700,000 in the automotive and mobility sectors
    claim = facts["workforce"]["MYS"]["automotive_value_chain"]
    assert claim.value == 700_000 and claim.detail["year"] == 2019


def test_members_without_a_count_are_none(facts):
    for area in ("SGP", "KHM", "LAO", "MMR", "BRN"):
        assert facts["workforce"][area] is None


def test_programme_targets_are_the_published_numbers(facts):
    # Abe, 2018: 80,000 specialists in five years; Kishida, 2024: 100,000 digital professionals
    assert facts["targets"]["T01"].value == 80_000 and facts["targets"]["T01"].unit == "persons"
    assert facts["targets"]["T03"].value == 100_000
    # JICA soft loan to Thailand: 2.7 billion baht
    assert facts["targets"]["T05"].display == "THB 2.7 billion"


def test_every_fact_agrees_with_the_independent_recomputation(facts):
    claims = [facts["budget"], *facts["targets"].values()]
    for by_scope in facts["workforce"].values():
        claims += list((by_scope or {}).values())
    assert claims
    for c in claims:
        expected, tol, notes = test_claims.recompute({"detail": c.detail}, {})
        assert not notes, (c.name, notes)
        assert test_claims.agrees(c.value, expected, tol), (c.name, c.value, expected)
