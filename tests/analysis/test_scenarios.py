"""The projections of lib/evbrief/scenarios.py and forecast.py: the skill table recomputed from the data
(the chosen model against the baselines, the interval's coverage, a held-back year), the origin split, the
named scenarios and parameter checking (in Python and at the command line)."""

from __future__ import annotations

import copy
import csv
import math
import subprocess
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from evbrief import PROJECT_ROOT
from evbrief.analysis import forecast, scenarios
from evbrief.analysis.scenarios import ORIGINS, ScenarioError
from evbrief.data import countries
from hypothesis import given, settings
from hypothesis import strategies as st

VENV_PYTHON = PROJECT_ROOT / ".venv" / "bin" / "python"
EV_SALES_CSV = PROJECT_ROOT / "data" / "ev_sales.csv"
YEARS = np.arange(2020, scenarios.HORIZON + 1)
FAST = settings(max_examples=50, deadline=None)


def _valid_parameter_names() -> list[str]:
    defaults = scenarios.spec()["defaults"]
    return sorted(f"{s}.{f}" for s in defaults for f in defaults[s] if not f.endswith("_range"))


# --- the adoption model (lib/evbrief/forecast.py) ------------------------------------------------


def _csv_shares(until: int | None = None) -> dict[str, dict[int, float]]:
    """The electric share of car sales by area and year, read with the csv module."""
    out: dict[str, dict[int, float]] = {}
    with open(EV_SALES_CSV, newline="") as f:
        for r in csv.DictReader(f):
            if r["powertrain"] == "EV" and r["sales_share_pct"]:
                if until is None or int(r["year"]) <= until:
                    out.setdefault(r["area"], {})[int(r["year"])] = float(r["sales_share_pct"])
    return out


def _z(share: float, ceiling: float) -> float:
    share = min(max(share, 1e-6), ceiling * 0.999)
    return math.log(share / (ceiling - share))


def _usable(series: dict[int, float], origin: int, a: dict) -> list[tuple[int, float]]:
    return [(y, v) for y, v in sorted(series.items()) if y <= origin and v >= a["min_share"]]


def _ceiling(latest: float, a: dict, area: str) -> float:
    own = a.get("ceiling_by_market", {}).get(area, a["ceiling_pct"])  # the member's, else common
    return min(100.0, max(own, a["headroom"] * latest))


def _speed(h: list[tuple[int, float]], a: dict, area: str) -> float | None:
    if len(h) < 2:
        return None
    k = _ceiling(h[-1][1], a, area)
    (t0, s0), (t1, s1) = h[-2:]
    return (_z(s1, k) - _z(s0, k)) / (t1 - t0)


PEERS = [*countries.ASEAN, "SEA", "CHN"]


def _model(obs, area: str, origin: int, year: int, a: dict) -> float:
    """The chosen model written out from its docstring: s = K / (1 + exp(-(z(T) + r (t - T))))."""
    speeds = [
        m for j in PEERS if j in obs if (m := _speed(_usable(obs[j], origin, a), a, j)) is not None
    ]
    h = _usable(obs[area], origin, a)
    own = _speed(h, a, area)
    w = a["own_speed_weight"]
    r = sum(speeds) / len(speeds) if own is None else w * own + (1 - w) * sum(speeds) / len(speeds)
    r *= a["speed_multiplier"]
    (t, level), k = h[-1], _ceiling(h[-1][1], a, area)
    return k / (1 + math.exp(-(_z(level, k) + r * (year - t))))


def _baselines(h: list[tuple[int, float]], ahead: int, a: dict) -> dict[str, float]:
    w = h[-(a["backtest_window"] + 1) :]
    xs, ys = [y for y, _ in w], [v for _, v in w]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    growth = (ys[-1] / ys[0]) ** (1 / (xs[-1] - xs[0]))
    return {
        "last": ys[-1],
        "linear": min(100.0, max(0.0, ys[-1] + slope * ahead)),
        "growth": min(100.0, ys[-1] * growth**ahead),
    }


def _skill_from_csv(a: dict) -> dict[str, list[float]]:
    """Errors (pp) of the chosen model and the three naive baselines over every projected market,
    origin 2020-2023 and horizon 1-3, recomputed from the CSV."""
    obs = _csv_shares()
    areas = ["SEA", *(c for c in countries.ASEAN if c in obs)]
    errors: dict[str, list[float]] = {"model": [], "last": [], "linear": [], "growth": []}
    for origin in (2020, 2021, 2022, 2023):
        for area in areas:
            h = _usable(obs[area], origin, a)
            if len(h) < 2:
                continue
            for horizon in (1, 2, 3):
                year = origin + horizon
                if year not in obs[area]:
                    continue
                actual = obs[area][year]
                errors["model"].append(_model(obs, area, origin, year, a) - actual)
                for name, value in _baselines(h, year - h[-1][0], a).items():
                    errors[name].append(value - actual)
    return errors


def _mae(values: list[float]) -> float:
    return sum(abs(v) for v in values) / len(values)


def test_skill_table_recomputed_from_the_data():
    a = scenarios.parameters("stated_policies")["adoption"]
    mine = _skill_from_csv(a)
    table = scenarios.skill("stated_policies")["table"]
    overall = table[table["horizon"] == "all"].set_index("method")
    assert int(overall.loc[forecast.MODEL, "n"]) == len(mine["model"]) > 30
    assert overall.loc[forecast.MODEL, "mae_pp"] == pytest.approx(_mae(mine["model"]), rel=1e-9)
    for name in ("last", "linear", "growth"):
        assert overall.loc[name, "mae_pp"] == pytest.approx(_mae(mine[name]), rel=1e-9), name
        assert overall.loc[name, "bias_pp"] == pytest.approx(
            sum(mine[name]) / len(mine[name]), rel=1e-9
        )


def test_chosen_model_beats_every_baseline_over_all_markets_and_horizons():
    a = scenarios.parameters("stated_policies")["adoption"]
    mine = _skill_from_csv(a)
    for name in ("last", "linear", "growth"):
        assert _mae(mine["model"]) < _mae(mine[name]), name
    overall = forecast.overall_mae(scenarios.skill("stated_policies")["table"])
    for name in forecast.BASELINES:  # the pooled logistic too
        assert overall[forecast.MODEL] < overall[name], name


def test_ninety_percent_interval_covers_at_least_eighty_percent():
    covered = scenarios.skill("stated_policies")["covered"]
    inside = (covered["observed_pct"] >= covered["low_pct"]) & (
        covered["observed_pct"] <= covered["high_pct"]
    )
    assert len(covered) > 30
    assert inside.mean() >= 0.80
    assert (covered["low_pct"] <= covered["projected_pct"]).all()
    assert (covered["projected_pct"] <= covered["high_pct"]).all()


def test_own_speed_weight_is_the_one_the_backtest_scores_best():
    weights = scenarios.skill("stated_policies")["weights"]
    best = weights.sort_values("mae_pp").iloc[0]["own_speed_weight"]
    assert scenarios.parameters("stated_policies")["adoption"]["own_speed_weight"] == best


def test_holding_back_the_latest_year_projects_it_within_the_reported_error():
    """Fit on data to 2024 only (back-test and interval included) and project 2025."""
    a = scenarios.parameters("stated_policies")["adoption"]
    before, full = _csv_shares(until=2024), _csv_shares()
    bt = forecast.backtest(a, before)
    assert bt["year"].max() <= 2024
    q = forecast.interval_halfwidth(bt)
    errors, inside = [], []
    for area in forecast.projected_areas(before):
        path = forecast.chosen(before, area, 2024, a)
        projected = float(path.at([2025])[0])
        assert projected == pytest.approx(_model(before, area, 2024, 2025, a), rel=1e-9)
        low, high = path.band([2025], q)
        errors.append(projected - full[area][2025])
        inside.append(low[0] <= full[area][2025] <= high[0])
    reported = forecast.overall_mae(scenarios.skill("stated_policies")["table"])[forecast.MODEL]
    assert _mae(errors) <= reported
    assert sum(inside) / len(inside) >= 0.80


def test_iea_projections_are_scored_on_observed_years_only():
    iea = scenarios.skill("stated_policies")["iea"]
    rows = iea[iea["method"] == forecast.IEA]
    assert not rows.empty
    obs = _csv_shares()
    with open(PROJECT_ROOT / "data" / "ev_projections_iea.csv", newline="") as f:
        published = {
            (r["area"], int(r["year"])): float(r["sales_share_pct"])
            for r in csv.DictReader(f)
            if int(r["edition"]) == 2024
        }
    for r in rows.itertuples():
        assert r.observed_pct == obs[r.area][r.year]
        assert r.projected_pct == published[(r.area, r.year)]
        assert r.origin < r.year


def test_paths_are_anchored_on_the_latest_observation():
    p = scenarios.parameters("stated_policies")
    obs = _csv_shares()
    for area, curve in scenarios.curves(p).items():
        last_year, last = _usable(obs[area], 2025, p["adoption"])[-1]
        assert float(curve.at([last_year])[0]) == pytest.approx(last, rel=1e-9), area
        assert float(curve.at([2030])[0]) == pytest.approx(
            _model(obs, area, 2025, 2030, p["adoption"]), rel=1e-9
        )


def test_override_is_named_in_the_title_and_the_text(tmp_path):
    from evbrief.sections import outlook

    changed = outlook.changes("stated_policies", {"competition.pass_through": 1.0})
    row = changed.set_index("parameter").loc["competition.pass_through"]
    assert row["value"] == 1.0 and row["default"] == 0.5 and row["by"] == "override"
    description = scenarios.spec()["scenario"]["stated_policies"]["description"]
    assert "half" not in description.lower()


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
        [
            str(VENV_PYTHON),
            "-m",
            "evbrief.publishing.cli",
            "render",
            "scenarios",
            *params,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT_ROOT,
    )
    return proc, time.perf_counter() - started


def test_cli_unknown_scenario(tmp_path):
    proc, _ = _cli(tmp_path, "-p", "scenario", "nosuch")
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "nosuch" in lines[0]
    for name in scenarios.names():
        assert name in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_cli_unknown_override(tmp_path):
    proc, _ = _cli(tmp_path, "-p", "overrides", '{"competition.nosuch": 1}')
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "competition.nosuch" in lines[0] and "Did you mean" in lines[0]
    named = [key for key in _valid_parameter_names() if key in lines[0]]
    assert 1 <= len(named) <= 3, "the closest few valid keys, not all of them"
    assert list(tmp_path.iterdir()) == []


# --- ceiling --------------------------------------------------------------------------------------

# A bigger regional ceiling slows the pooled speed a little (a share near its ceiling moves more in logit
# units than the same share under a higher one), so a market whose own ceiling is set by its headroom, not
# by the regional one, can end a few hundredths of a point lower: SGP in 2030 loses 0.04 pp between
# ceilings 30 and 35. The tolerance allows that pooling effect and nothing of the size of a real reversal.
POOLING_TOLERANCE_PP = 0.1
# A member whose own targets set its ceiling (adoption.ceiling_by_market) feels the regional ceiling only
# through its neighbours' pooled speed: its 2035 share may move either way, by little (Malaysia, on its
# own 80%, loses 0.10 pp between regional ceilings of 20 and 56).
OWN_CEILING_DRIFT_PP = 1.0


def _own(name: str) -> set[str]:
    return set(scenarios.parameters(name)["adoption"].get("ceiling_by_market", {}))


@pytest.mark.parametrize("name", scenarios.names())
def test_bigger_ceiling_never_lowers_2035_share(name):
    previous = None
    for ceiling in range(30, 101, 5):
        df = scenarios.project(name, {"adoption.ceiling_pct": ceiling})
        now = df[df["year"] == 2035].set_index("area")["ev_share_pct"]
        if previous is not None:
            assert set(now.index) == set(previous.index)
            for area in now.index:
                if area in _own(name):
                    assert abs(now[area] - previous[area]) <= OWN_CEILING_DRIFT_PP, (name, area)
                    continue
                assert now[area] >= previous[area] - POOLING_TOLERANCE_PP, (
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
        if area in _own(name):
            assert abs(at[high][area] - at[low][area]) <= OWN_CEILING_DRIFT_PP, (area, low, high)
            continue
        assert at[high][area] >= at[low][area] - POOLING_TOLERANCE_PP, (area, low, high)


# --- the facts the briefings quote ----------------------------------------------------------------


@pytest.mark.parametrize("area", ["THA", "IDN", "SEA"])
def test_market_facts_quote_the_market_own_outlook(area):
    from evbrief.document.report import Report
    from evbrief.sections import outlook

    rep = Report("test", {}, title="test")
    facts = outlook.market_facts(rep, area, "stated_policies", draws=40)
    proj = scenarios.project("stated_policies")
    for year in (2030, 2035):
        row = proj[(proj["area"] == area) & (proj["year"] == year)].iloc[0]
        f = facts[year]
        assert f["ev"].value == pytest.approx(row["ev_share_pct"])
        assert f["japanese_ev"].value == pytest.approx(row["japanese_share_pct"])
        assert f["ev_low"].value <= f["ev_high"].value
        assert f["ev"].detail["area"] == area
    if area == "SEA":  # no published Japanese share of the region's whole market: no figure
        assert facts[2035]["japanese_whole"] is None
    else:
        # the whole-market share mixes the published non-plug-in share with the plug-in share:
        # it lies between the Japanese share of electric sales and the published whole-market share
        whole = facts[2035]["japanese_whole"].value
        assert facts[2035]["japanese_ev"].value <= whole <= facts["japanese_published"].value


def test_a_region_without_its_series_has_no_outlook_and_no_error(data_copy, monkeypatch):
    """The GEVO 2025 data have no Southeast Asia: the facts say so (None), nothing raises, and no draw
    computed on the data before the refresh is reused (the caches follow the data)."""
    from evbrief.data import update
    from evbrief.document.context import Context
    from evbrief.document.report import Report
    from evbrief.sections import outlook

    monkeypatch.setenv("EVBRIEF_DATA_DIR", str(data_copy))
    assert scenarios.sample("stated_policies", draws=20, area="SEA") is not None
    sample_2025 = PROJECT_ROOT / "tests/fixtures/EVDataExplorer2025-sample.csv"
    update.update_table("ev_sales", str(sample_2025), data_dir=data_copy, allow_removals=True)

    assert scenarios.sample("stated_policies", draws=20, area="SEA") is None
    rep = Report("test", {}, title="test")
    ctx = Context(focus="ASEAN", scenario="stated_policies")
    facts = outlook.market_facts(rep, ctx, draws=20)
    assert facts["name"] == "Southeast Asia" and facts[2030] is None and facts[2035] is None
    assert outlook.gaps(rep, ctx, outlook.all_scenarios()) == {2030: None, 2035: None}
    u = outlook.uncertainty_facts(rep, ctx, draws=20)
    assert u["low"] is None and u["high"] is None
    assert u["top_parameter"] is not None  # the price model does not need the adoption series
    figures = rep.figure_count
    outlook.fan_figure(rep, ctx, draws=20)
    outlook.paths_figures(rep, ctx, outlook.all_scenarios())
    assert rep.figure_count == figures  # no chart of a series the data do not hold
    # the members the edition holds are still projected, each from its own series
    assert {"THA", "IDN", "VNM"} <= set(outlook.all_scenarios()["area"])


def test_members_start_from_their_own_history():
    p = scenarios.parameters("stated_policies")
    paths = scenarios.curves(p)
    obs = _csv_shares()
    # different starting shares and own speeds give different 2030 shares
    at_2030 = {a: float(c.at([2030])[0]) for a, c in paths.items()}
    assert max(at_2030.values()) - min(at_2030.values()) > 5
    for area, curve in paths.items():
        assert curve.level == _usable(obs[area], 2025, p["adoption"])[-1][1]


def test_one_number_of_draws_for_the_publication():
    """The scenarios notebook's default number of draws is the library's, which the briefing uses."""
    import json

    nb = json.loads((PROJECT_ROOT / "notebooks" / "scenarios.ipynb").read_text())
    cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    assert f"draws = {scenarios.DRAWS} " in "".join(cell["source"])


def test_powertrain_base_tolerates_a_missing_table_and_uses_a_published_one(monkeypatch):
    from evbrief.analysis import powertrains

    monkeypatch.setattr(powertrains, "powertrain_table", lambda: None)
    assert powertrains.hybrid_share("THA") is None
    table = pd.DataFrame(
        {
            "area": ["THA"] * 4,
            "year": [2025] * 4,
            "period": ["CY"] * 4,
            "powertrain": ["ice", "hev", "phev", "bev"],
            "units": [500, 200, 50, 250],
            "share_pct": [None] * 4,
            "source_id": ["s"] * 4,
        }
    )
    monkeypatch.setattr(powertrains, "powertrain_table", lambda: table)
    assert powertrains.hybrid_share("THA") == (20.0, 2025)  # 200 / (500+200+50+250)
    # electrified: (J_hev h + J_ev e) / (h + e); with h 20%, e 30%, J_hev 80%, J_ev 10%:
    # (0.8 x 0.2 + 0.1 x 0.3) / 0.5 = 0.38
    paths = powertrains.japanese_paths([2025], [30.0], [10.0], 2025, "THA", 80.0)
    assert paths["japanese_electrified_pct"].iloc[0] == pytest.approx(38.0)


def test_scenarios_report_states_skill_and_iea_comparison(publication_dir):
    """The published report carries the skill table, the model's and every baseline's error, the
    interval's coverage (at least 80%) and IEA's error on the projections it made."""
    import json

    page = (publication_dir / "scenarios.html").read_text(encoding="utf-8")
    assert "Rolling-origin back-test" in page
    claims = json.loads((publication_dir / "scenarios.claims.json").read_text())["claims"]
    mae = {
        (c["detail"]["method"], c["detail"]["scope"]): c["value"]
        for c in claims
        if c["detail"]["kind"] == "skill_mae"
    }
    model = mae[(forecast.MODEL, "backtest")]
    for method in forecast.BASELINES:
        assert model < mae[(method, "backtest")], method
    assert (forecast.IEA, "iea") in mae and (forecast.MODEL, "iea") in mae
    coverage = [c["value"] for c in claims if c["detail"]["kind"] == "interval_coverage"]
    assert coverage and coverage[0] >= 80


# --- the draws, computed at once ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "area", "overrides"),
    [
        ("stated_policies", "THA", None),  # published Japanese whole-market share: whole column
        ("china_accelerates", "SEA", None),
        ("strategy_delivered", "VNM", {"competition.pass_through": 0.8}),
    ],
)
def test_the_draws_are_the_model_run_once_per_draw(name, area, overrides):
    """The draws, computed for every draw and market at once with numpy, are the scalar model run
    draw by draw: forecast.chosen, origin_split and powertrains.japanese_paths, on the same random
    numbers (each range, then a speed error and its sign, per draw)."""
    from evbrief.analysis import powertrains

    draws = 12
    got = scenarios.sample(name, draws=draws, area=area, overrides=overrides)
    p = scenarios.parameters(name, overrides)
    fixed = scenarios.set_by(name, overrides)
    ranges = [v for k, v in scenarios.uncertain(p).items() if k not in fixed]
    obs = scenarios.observations()
    origin = max(max(s) for s in obs.values() if s)
    errors = scenarios.calibration(p)
    rng = np.random.default_rng(20351)
    years = np.arange(p["competition"]["base_year"], scenarios.HORIZON + 1)
    for d in range(draws):
        q = copy.deepcopy(p)
        for section, field, low, high in ranges:
            q[section][field] = float(rng.uniform(low, high))
        error = float(rng.choice(errors)) * (1 if rng.random() < 0.5 else -1)
        path = forecast.chosen(obs, area, origin, q["adoption"])
        ev = forecast.inverse(path.z0 + (path.speed + error) * (years - path.origin), path.ceiling)
        japanese = scenarios.origin_split(years, area, q)["japanese"] * 100
        rows = got[got["draw"] == d].sort_values("year")
        np.testing.assert_allclose(rows["ev_share_pct"], ev, rtol=1e-9)
        np.testing.assert_allclose(rows["japanese_share_pct"], japanese, rtol=1e-9)
        whole = powertrains.japanese_paths(
            years,
            ev,
            japanese,
            q["competition"]["base_year"],
            area,
            q["competition"]["japanese_hev_share_pct"],
        )
        if whole is None:
            assert rows["japanese_whole_pct"].isna().all()
        else:
            np.testing.assert_allclose(
                rows["japanese_whole_pct"].astype(float), whole["japanese_whole_pct"], rtol=1e-9
            )


def test_a_range_on_a_parameter_that_chooses_years_is_refused(tmp_path, monkeypatch):
    """min_share chooses the observations a path starts from: one value for all draws, so a range on
    it is refused with one line naming it, not drawn into a wrong fan."""
    from evbrief.core import artefacts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    artefacts.forget_memory()
    edited = copy.deepcopy(scenarios.spec())
    edited["defaults"]["adoption"]["min_share_range"] = [0.1, 1.0]
    monkeypatch.setattr(scenarios, "spec", lambda path=None: edited)
    with pytest.raises(ScenarioError, match="adoption.min_share cannot have a range"):
        scenarios.sample("stated_policies", draws=5)
    artefacts.forget_memory()
