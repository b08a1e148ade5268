"""The projections of lib/evbrief/scenarios.py: the logistic fit, the adoption curves, the origin split,
the named scenarios, parameter checking (in Python and at the command line) and the back-test."""

from __future__ import annotations

import copy
import subprocess
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from evbrief import PROJECT_ROOT, countries, scenarios
from evbrief.scenarios import ORIGINS, ScenarioError
from hypothesis import given, settings
from hypothesis import strategies as st

VENV_PYTHON = PROJECT_ROOT / ".venv" / "bin" / "python"
EV_SALES_CSV = PROJECT_ROOT / "data" / "ev_sales.csv"
YEARS = np.arange(2020, scenarios.HORIZON + 1)
FAST = settings(max_examples=50, deadline=None)


def _logistic(years, ceiling, speed, midpoint):
    return ceiling / (1 + np.exp(-speed * (np.asarray(years, dtype=float) - midpoint)))


def _valid_parameter_names() -> list[str]:
    defaults = scenarios.spec()["defaults"]
    return sorted(f"{s}.{f}" for s in defaults for f in defaults[s] if not f.endswith("_range"))


# --- the logistic fit -----------------------------------------------------------------------------

CURVES = [  # (ceiling K %, speed r per year, midpoint t0)
    (60.0, 0.6, 2026.0),
    (85.0, 0.35, 2030.0),
    (40.0, 1.2, 2024.0),
    (100.0, 0.9, 2028.5),
    (25.0, 0.25, 2020.0),
    (70.0, 0.5, 2033.0),
]


def _window(ceiling, speed, midpoint, low=1e-3, high=0.99):
    """Years 2005-2040 where the curve is strictly inside (low K, high K), so the fit's clipping never bites."""
    years = np.arange(2005, 2041, dtype=float)
    shares = _logistic(years, ceiling, speed, midpoint)
    keep = (shares > low * ceiling) & (shares < high * ceiling)
    return years[keep], shares[keep]


@pytest.mark.parametrize("ceiling,speed,midpoint", CURVES)
def test_fit_logistic_recovers_exact_curve(ceiling, speed, midpoint):
    years, shares = _window(ceiling, speed, midpoint)
    assert len(years) >= 5
    r, t0 = scenarios.fit_logistic(years, shares, ceiling)
    assert r == pytest.approx(speed, rel=1e-6)
    assert t0 == pytest.approx(midpoint, abs=1e-5)


@pytest.mark.parametrize("ceiling,speed,midpoint", CURVES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fit_logistic_recovers_noisy_curve(ceiling, speed, midpoint, seed):
    years, shares = _window(ceiling, speed, midpoint, low=0.02, high=0.9)
    assert len(years) >= 5
    rng = np.random.default_rng(seed)
    noisy = shares * (1 + rng.normal(0.0, 0.01, size=shares.shape))  # 1% relative noise
    r, t0 = scenarios.fit_logistic(years, noisy, ceiling)
    assert r == pytest.approx(speed, rel=0.05)
    assert t0 == pytest.approx(midpoint, abs=0.25)


@FAST
@given(ceiling=st.floats(20, 100), speed=st.floats(0.15, 1.5), midpoint=st.floats(2015, 2035))
def test_fit_logistic_recovers_any_exact_curve(ceiling, speed, midpoint):
    years, shares = _window(ceiling, speed, midpoint)
    r, t0 = scenarios.fit_logistic(years, shares, ceiling)
    assert r == pytest.approx(speed, rel=1e-6)
    assert t0 == pytest.approx(midpoint, abs=1e-5)


# --- adoption curves ------------------------------------------------------------------------------


def test_short_history_borrows_prior_speed_and_is_anchored():
    p = scenarios.parameters("stated_policies")
    a = p["adoption"]
    assert a["min_points"] == 4 and a["min_share"] == 0.5
    # 2019-2021 are below min_share and ignored; three usable points < min_points
    series = pd.Series({2019: 0.1, 2020: 0.2, 2021: 0.3, 2023: 1.0, 2024: 2.5, 2025: 4.0})
    curve = scenarios.adoption_curve(series, "XXX", p, prior_speed=0.45)
    assert curve is not None
    assert curve.fitted is False
    assert curve.points == 3
    assert curve.speed == pytest.approx(0.45 * a["speed_multiplier"])
    assert curve.ceiling == pytest.approx(a["ceiling_pct"])
    assert float(curve.at(2025)) == pytest.approx(
        4.0, rel=1e-9
    )  # passes through its latest observation


def test_short_history_speed_multiplier_applies_to_prior():
    p = scenarios.parameters("strategy_delivered")  # speed_multiplier 1.1
    series = pd.Series({2024: 3.0, 2025: 9.0})
    curve = scenarios.adoption_curve(series, "XXX", p, prior_speed=0.5)
    assert curve.fitted is False
    assert curve.speed == pytest.approx(0.5 * 1.1)
    assert float(curve.at(2025)) == pytest.approx(9.0, rel=1e-9)


def test_short_history_without_prior_gives_no_curve():
    p = scenarios.parameters("stated_policies")
    assert (
        scenarios.adoption_curve(pd.Series({2024: 3.0, 2025: 9.0}), "XXX", p, prior_speed=None)
        is None
    )
    assert (
        scenarios.adoption_curve(pd.Series({2024: 0.1, 2025: 0.2}), "XXX", p, prior_speed=0.5)
        is None
    )


def test_long_history_is_fitted_and_anchored():
    p = scenarios.parameters("stated_policies")
    years = np.arange(
        2019, 2026
    )  # all at or above min_share 0.5 (2019: 60/(1+e^4.5) x 1.05 = 0.69)
    series = pd.Series(_logistic(years, 60, 0.5, 2028) * 1.05, index=years)
    curve = scenarios.adoption_curve(series, "XXX", p, prior_speed=5.0)
    assert curve.fitted is True
    assert curve.points == len(years)
    assert curve.speed != pytest.approx(5.0)
    assert float(curve.at(2025)) == pytest.approx(float(series[2025]), rel=1e-9)


def test_ceiling_keeps_headroom_above_latest_share():
    p = scenarios.parameters("stated_policies")  # ceiling 60, headroom 1.25
    curve = scenarios.adoption_curve(pd.Series({2024: 50.0, 2025: 70.0}), "XXX", p, prior_speed=0.5)
    assert curve.ceiling == pytest.approx(87.5)  # 70 x 1.25
    assert float(curve.at(2025)) == pytest.approx(70.0)


def test_real_markets_with_short_history_are_flagged_and_anchored():
    p = scenarios.parameters("stated_policies")
    ev = pd.read_csv(EV_SALES_CSV)
    ev = ev[(ev["powertrain"] == "EV") & ev["sales_share_pct"].notna()]
    cs = scenarios.curves(p)
    for area, curve in cs.items():
        rows = ev[ev["area"] == area].sort_values("year")
        usable = rows[rows["sales_share_pct"] >= p["adoption"]["min_share"]]
        assert curve.points == len(usable)
        if len(usable) < p["adoption"]["min_points"]:
            assert curve.fitted is False, area
        last = usable.iloc[-1]
        assert float(curve.at(int(last["year"]))) == pytest.approx(
            float(last["sales_share_pct"]), rel=1e-9
        ), area


# --- the origin split -----------------------------------------------------------------------------

competition_values = st.fixed_dictionaries(
    {
        "price_elasticity": st.floats(0.5, 4.0),
        "pass_through": st.floats(0.0, 1.0),
        "battery_share_of_cost": st.floats(0.0, 1.0),
        "chinese_price_trend_pct": st.floats(-15.0, 5.0),
        "other_price_trend_pct": st.floats(-5.0, 5.0),
        "battery_cost_cut_pct": st.floats(0.0, 60.0),
        "production_cost_cut_pct": st.floats(0.0, 60.0),
        "japanese_base_share_pct": st.floats(0.0, 60.0),
        "chinese_default_share_pct": st.floats(0.0, 100.0),
        "pre_launch_penalty": st.floats(0.0, 1.0),
        "local_assembly_bonus": st.floats(0.0, 1.0),
    }
)
# PHL and VNM have no published Chinese share (the default base share is used); THA, IDN, MYS have one
AREAS = st.sampled_from(["PHL", "VNM", "THA", "IDN", "MYS", "SEA"])


def _with(competition: dict, scenario: str = "stated_policies", tariff: float = 0.0) -> dict:
    p = copy.deepcopy(scenarios.parameters(scenario))
    p["competition"].update(competition)
    p["competition"]["tariff_on_chinese_pct"] = {"default": tariff}
    return p


@FAST
@given(
    c=competition_values,
    area=AREAS,
    tariff=st.floats(0.0, 50.0),
    scenario=st.sampled_from(scenarios.names()),
)
def test_origin_split_sums_to_one_and_stays_in_unit_interval(c, area, tariff, scenario):
    split = scenarios.origin_split(YEARS, area, _with(c, scenario, tariff))
    assert set(split) == set(ORIGINS)
    stacked = np.vstack([split[o] for o in ORIGINS])
    assert stacked.shape == (3, len(YEARS))
    assert np.all(np.isfinite(stacked))
    assert np.all(stacked >= 0) and np.all(stacked <= 1)
    np.testing.assert_allclose(stacked.sum(axis=0), 1.0, atol=1e-12)


def test_origin_split_reproduces_base_shares_in_base_year():
    p = scenarios.parameters("stated_policies")
    base_year = p["competition"]["base_year"]
    for area in ("PHL", "THA"):
        split = scenarios.origin_split(np.array([base_year]), area, p)
        base = scenarios.base_shares(area, p)
        for o in ORIGINS:
            assert split[o][0] == pytest.approx(base[o], rel=1e-9)


LEVERS = ["battery_cost_cut_pct", "production_cost_cut_pct", "pass_through"]
LEVER_RANGE = {
    "battery_cost_cut_pct": (0.0, 60.0),
    "production_cost_cut_pct": (0.0, 60.0),
    "pass_through": (0.0, 1.0),
}


@st.composite
def lever_pairs(draw):
    lever = draw(st.sampled_from(LEVERS))
    low, high = LEVER_RANGE[lever]
    a, b = draw(st.floats(low, high)), draw(st.floats(low, high))
    return lever, min(a, b), max(a, b)


@FAST
@given(c=competition_values, area=AREAS, pair=lever_pairs())
def test_bigger_japanese_cost_cut_never_lowers_japanese_share(c, area, pair):
    lever, small, big = pair
    p_small = _with({**c, lever: small})
    p_big = _with({**c, lever: big})
    j_small = scenarios.origin_split(YEARS, area, p_small)["japanese"]
    j_big = scenarios.origin_split(YEARS, area, p_big)["japanese"]
    assert np.all(j_big >= j_small - 1e-12), (lever, small, big, j_small, j_big)


@FAST
@given(
    c=competition_values,
    area=AREAS,
    pair=lever_pairs(),
    start=st.integers(2020, 2032),
    full=st.integers(2024, 2035),
    new_model=st.integers(2024, 2032),
)
def test_bigger_cost_cut_never_lowers_japanese_share_with_any_ramp(
    c, area, pair, start, full, new_model
):
    """The same over the projected years (base year to 2035), for any timing of the ramp and the new models."""
    lever, small, big = pair
    timing = {"cost_cut_start": start, "cost_cut_full_year": full, "new_model_year": new_model}
    years = np.arange(
        scenarios.parameters("stated_policies")["competition"]["base_year"], scenarios.HORIZON + 1
    )
    j_small = scenarios.origin_split(years, area, _with({**c, **timing, lever: small}))["japanese"]
    j_big = scenarios.origin_split(years, area, _with({**c, **timing, lever: big}))["japanese"]
    assert np.all(j_big >= j_small - 1e-12), (lever, small, big, j_small, j_big)


# --- named scenarios ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", scenarios.names())
def test_project_every_named_scenario(name):
    df = scenarios.project(name)
    assert not df.empty
    assert set(df["scenario"]) == {name}
    assert df["year"].min() == scenarios.parameters(name)["competition"]["base_year"]
    assert df["year"].max() == scenarios.HORIZON
    assert df["ev_share_pct"].between(0, 100).all()
    for area, g in df.groupby("area"):
        values = g.sort_values("year")["ev_share_pct"].to_numpy()
        assert np.all(np.diff(values) >= 0), area
    total = df["japanese_share_pct"] + df["chinese_share_pct"] + df["other_share_pct"]
    np.testing.assert_allclose(total.to_numpy(), 100.0, atol=1e-9)
    for o in ORIGINS:
        assert df[f"{o}_share_pct"].between(0, 100).all()


def test_named_scenarios_are_the_three_of_the_file():
    assert scenarios.names() == ["stated_policies", "strategy_delivered", "china_accelerates"]


def test_unknown_scenario_lists_every_valid_name():
    with pytest.raises(ScenarioError) as info:
        scenarios.parameters("nosuch")
    message = str(info.value)
    assert "nosuch" in message
    for name in scenarios.names():
        assert name in message
    with pytest.raises(ScenarioError):
        scenarios.project("nosuch")


@pytest.mark.parametrize(
    "overrides",
    [
        {"competition.colour": 1},
        {"competition": {"colour": 1}},
        {"nosection.ceiling_pct": 1},
        {"adoption": 1},
    ],
)
def test_unknown_override_lists_valid_parameters(overrides):
    with pytest.raises(ScenarioError) as info:
        scenarios.parameters("stated_policies", overrides)
    message = str(info.value)
    for key in _valid_parameter_names():
        assert key in message
    assert "_range" not in message


def test_known_override_is_applied():
    p = scenarios.parameters(
        "strategy_delivered", {"competition.pass_through": 0.3, "adoption": {"ceiling_pct": 77}}
    )
    assert p["competition"]["pass_through"] == 0.3
    assert p["adoption"]["ceiling_pct"] == 77
    assert p["adoption"]["speed_multiplier"] == 1.1  # the scenario's own change kept


def _cli(tmp_path: Path, *params: str) -> tuple[subprocess.CompletedProcess, float]:
    out = tmp_path / "out"
    started = time.perf_counter()
    proc = subprocess.run(
        [str(VENV_PYTHON), "-m", "evbrief.cli", "render", "scenarios", *params, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT_ROOT,
    )
    return proc, time.perf_counter() - started


def test_cli_unknown_scenario(tmp_path):
    proc, seconds = _cli(tmp_path, "-p", "scenario", "nosuch")
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "nosuch" in lines[0]
    for name in scenarios.names():
        assert name in lines[0]
    assert seconds < 10
    assert list(tmp_path.iterdir()) == []


def test_cli_unknown_override(tmp_path):
    proc, seconds = _cli(tmp_path, "-p", "overrides", '{"competition.nosuch": 1}')
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "competition.nosuch" in lines[0]
    for key in _valid_parameter_names():
        assert key in lines[0]
    assert seconds < 10
    assert list(tmp_path.iterdir()) == []


# --- back-test ------------------------------------------------------------------------------------


def test_backtest_compares_with_observed_rows_after_fit_year():
    bt = scenarios.backtest(fit_until=2022)
    assert not bt.empty
    assert (bt["year"] > 2022).all()
    np.testing.assert_allclose(bt["error_pp"], bt["projected_pct"] - bt["observed_pct"], atol=1e-12)

    csv = pd.read_csv(EV_SALES_CSV)
    csv = csv[(csv["powertrain"] == "EV") & csv["sales_share_pct"].notna()]
    observed = {(r.area, int(r.year)): float(r.sales_share_pct) for r in csv.itertuples()}
    for row in bt.itertuples():
        assert row.observed_pct == pytest.approx(observed[(row.area, row.year)], abs=1e-12), (
            row.area,
            row.year,
        )
    # every later observation of every back-tested area is there, once
    for area in bt["area"].unique():
        expected = sorted(y for (a, y) in observed if a == area and y > 2022)
        assert sorted(bt.loc[bt["area"] == area, "year"]) == expected, area
    assert not bt.duplicated(["area", "year"]).any()
    assert "SEA" in set(bt["area"])
    assert set(bt["area"]) - {"SEA"} <= set(countries.ASEAN)


def test_backtest_fits_only_on_history_up_to_fit_year():
    """The back-tested curve of a market passes through its last observation at or before fit_until."""
    p = scenarios.parameters("stated_policies")
    early = scenarios.curves(p, end_year=2022)
    csv = pd.read_csv(EV_SALES_CSV)
    csv = csv[(csv["powertrain"] == "EV") & csv["sales_share_pct"].notna() & (csv["year"] <= 2022)]
    for area, curve in early.items():
        rows = csv[
            (csv["area"] == area) & (csv["sales_share_pct"] >= p["adoption"]["min_share"])
        ].sort_values("year")
        last = rows.iloc[-1]
        assert float(curve.at(int(last["year"]))) == pytest.approx(
            float(last["sales_share_pct"]), rel=1e-9
        ), area


# --- ceiling --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", scenarios.names())
def test_bigger_ceiling_never_lowers_2035_share(name):
    previous = None
    for ceiling in range(30, 101, 5):
        df = scenarios.project(name, {"adoption.ceiling_pct": ceiling})
        now = df[df["year"] == 2035].set_index("area")["ev_share_pct"]
        if previous is not None:
            assert set(now.index) == set(previous.index)
            for area in now.index:
                assert now[area] >= previous[area] - 1e-9, (
                    name,
                    ceiling,
                    area,
                    previous[area],
                    now[area],
                )
        previous = now


@settings(
    max_examples=20, deadline=None
)  # two full projections per example; the grid above is finer
@given(a=st.floats(20, 100), b=st.floats(20, 100), name=st.sampled_from(scenarios.names()))
def test_bigger_ceiling_never_lowers_2035_share_random(a, b, name):
    low, high = min(a, b), max(a, b)
    at = {}
    for ceiling in (low, high):
        df = scenarios.project(name, {"adoption.ceiling_pct": ceiling})
        at[ceiling] = df[df["year"] == 2035].set_index("area")["ev_share_pct"]
    for area in at[low].index:
        assert at[high][area] >= at[low][area] - 1e-9, (area, low, high)
