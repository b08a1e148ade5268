"""The outlook against the members' own evidence: a ceiling per member from its published targets
(the rule of scenarios.toml), each path beside its member's targets, and a path that rises faster
than any market has flagged.

The targets come from the members' targets table where this edition's data hold it; the rule is also
held to a fixture of ten rows copied from the research file (tests/fixtures/member_targets_sample.csv)
so that it is tested in any clone.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from evbrief.analysis import forecast, scenarios

SAMPLE = Path(__file__).parents[1] / "fixtures" / "member_targets_sample.csv"


@pytest.fixture(scope="module")
def sample_targets() -> pd.DataFrame:
    return pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def projection() -> pd.DataFrame:
    return scenarios.project("stated_policies")


def own_ceilings() -> dict[str, float]:
    return scenarios.parameters("stated_policies")["adoption"]["ceiling_by_market"]


# --- the ceilings ------------------------------------------------------------------------------------


def test_the_ceilings_follow_the_stated_rule(sample_targets):
    """Malaysia's NETR sets 80% by 2050 (MT18); Vietnam's Decision 876 ends fossil-fuel cars by 2040
    (MT24); Singapore's goals count hybrids, Thailand's 30@30 counts production, Indonesia's 20% by
    2025 was announced, not adopted: those set none."""
    derived = scenarios.ceilings_from_targets(sample_targets)
    assert derived == {"MYS": (80.0, "MT18"), "VNM": (100.0, "MT24")}
    assert own_ceilings() == {a: v for a, (v, _) in derived.items()}


def test_the_ceilings_follow_the_rule_on_this_editions_targets():
    targets = scenarios.member_targets()
    if targets is None:
        pytest.skip("this edition's data hold no members' targets table")
    derived = scenarios.ceilings_from_targets(targets)
    assert own_ceilings() == {a: v for a, (v, _) in derived.items()}


def test_a_scope_with_hybrids_is_no_plug_in_share():
    assert not scenarios.counts_hybrids("xEVs (EVs, plug-in hybrids, range-extended EVs)")
    assert scenarios.counts_hybrids("cleaner-energy includes electric, hybrid and hydrogen cars")
    assert scenarios.counts_hybrids("all vehicles to run on cleaner energy (hybrids and EVs count)")


def test_a_members_own_ceiling_enters_its_path():
    a = scenarios.parameters("stated_policies")["adoption"]
    assert forecast.market_ceiling(a, "MYS") == 80.0
    assert forecast.market_ceiling(a, "THA") == a["ceiling_pct"]
    paths = scenarios.curves(scenarios.parameters("stated_policies"))
    assert paths["MYS"].ceiling == 80.0 and paths["THA"].ceiling == a["ceiling_pct"]


def test_the_2035_values_are_not_one_ceiling_unless_the_facts_say_so(projection):
    table = scenarios.ceiling_table("stated_policies", spread=False)
    assert not scenarios.common_ceiling_unsaid(projection, table)
    end = projection[(projection["year"] == 2035) & (projection["area"] != "SEA")]
    assert end["ev_share_pct"].max() - end["ev_share_pct"].min() > 10
    # every member on the common ceiling is said to be on it, with the value of scenarios.toml
    common = table[table["basis"] == "common"]
    assert not common.empty and (common["ceiling_pct"] == 60.0).all()
    assert common["swing_pp"].gt(0).all()  # its sensitivity is measured


def test_the_common_ceiling_rule_fails_when_the_facts_do_not_say_it():
    flat = pd.DataFrame(
        {"area": ["THA", "IDN", "MYS"], "year": 2035, "ev_share_pct": [60.0, 59.8, 60.1]}
    )
    said = pd.DataFrame({"area": ["THA", "IDN", "MYS"], "basis": ["common"] * 3})
    unsaid = said.assign(basis=["common", "common", "own"])
    assert not scenarios.common_ceiling_unsaid(flat, said)
    assert scenarios.common_ceiling_unsaid(flat, unsaid)


# --- the paths against the targets and against the fastest rise ---------------------------------


def test_each_path_is_set_beside_its_members_comparable_targets(projection, sample_targets):
    t = scenarios.target_distance(projection, sample_targets).set_index("target_id")
    by = projection.set_index(["area", "year"])["ev_share_pct"]
    # Malaysia's xEV 20% of new sales by 2030: comparable, the distance is the path less the target
    assert t.at["MT16", "comparable"]
    assert t.at["MT16", "distance_pp"] == pytest.approx(by[("MYS", 2030)] - 20.0)
    # Indonesia's 20% by 2025 against the observed 2025 share the path starts from
    assert t.at["MT07", "distance_pp"] == pytest.approx(by[("IDN", 2025)] - 20.0)
    # not set beside the path, each with its reason
    assert t.at["MT01", "reason"] == "zev_share_of_production_pct"
    assert t.at["MT32", "reason"] == "counts_hybrids"
    assert t.at["MT18", "reason"] == "after_horizon"
    assert t.at["MT22", "reason"] == "ev_fleet_share_pct"
    # the target values are the table's
    rows = sample_targets.set_index("target_id")
    assert t.at["MT16", "target_pct"] == float(rows.at["MT16", "value"])


def test_the_fastest_published_rise_is_the_datas():
    obs = forecast.shares()
    rises = [(s[y + 3] - v, a, y) for a, s in obs.items() for y, v in s.items() if y + 3 in s]
    best = max(rises)
    fast = scenarios.fastest_rise(obs)
    assert (fast["rise_pp"], fast["area"], fast["start"]) == best
    # China's 2020-2023 rise is in the data and no faster than the fastest
    assert obs["CHN"][2023] - obs["CHN"][2020] <= fast["rise_pp"]


def test_a_path_rising_faster_than_any_market_is_flagged():
    fast = scenarios.fastest_rise()["rise_pp"]
    years = range(2025, 2036)
    steep = pd.DataFrame(
        {"area": "XXX", "year": years, "ev_share_pct": [min(90, 5 + 20 * i) for i in range(11)]}
    )
    gentle = pd.DataFrame(
        {"area": "YYY", "year": years, "ev_share_pct": [5 + 2 * i for i in range(11)]}
    )
    flags = scenarios.rise_flags(pd.concat([steep, gentle])).set_index("area")
    assert flags.at["XXX", "faster"] and flags.at["XXX", "rise_pp"] == pytest.approx(60.0)
    assert not flags.at["YYY", "faster"] and flags.at["YYY", "rise_pp"] < fast
