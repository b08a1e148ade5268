"""Projections to 2035: electric-car adoption per market, the split of the market by powertrain, and a
price-driven split of the electric market between Japanese, Chinese and other brands, under the named
scenarios of scenarios.toml.

Adoption (equations in lib/evbrief/forecast.py, which also back-tests them). Each market follows a logistic
anchored on its latest share s(T):  s(t) = K_a / (1 + exp(-(z(T) + r_a (t - T)))),  z = ln(s / (K_a - s)),
K_a = max(K, headroom x s(T)). The speed r_a = m x [w m_a + (1 - w) mean_j m_j] pools the latest speeds m_j
of the ASEAN members, the region and China (w = adoption.own_speed_weight, chosen by the rolling-origin
back-test; m = the scenario's speed_multiplier). Uncertainty: the back-test's errors per year of horizon,
in logit units, are resampled with a random sign (so the 90% band is the one whose coverage the back-test
measured), together with the stated ranges of scenarios.toml.

Competition. Each origin o gets a utility U_o = a_o - beta * ln(P_o(t)) [- penalty before Japan's new
models]; its share of electric-car sales is exp(U_o) / sum exp(U). The constants a_o are set so that the
base year reproduces the base shares; prices then move with the levers: Japanese battery and production
cost cuts (ramped in linearly), the Chinese price trend, and tariffs on Chinese cars.

Powertrains (lib/evbrief/powertrains.py). The electric share splits into BEV and PHEV at the market's
latest published ratio (IEA); hybrids (HEV) and the Japanese share inside each powertrain come from
published figures where they exist and from stated assumptions otherwise.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import math
import re
import tomllib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from evbrief import PACKAGE_DIR, PROJECT_ROOT
from evbrief.analysis import forecast, metrics, powertrains
from evbrief.core import artefacts, progress
from evbrief.data import tables as data

SCENARIO_FILE = PROJECT_ROOT / "scenarios.toml"
ORIGINS = ("japanese", "chinese", "other")
HORIZON = 2035
DRAWS = (
    200  # Monte Carlo draws: one number for every report of the publication (scenarios, briefings)
)


# Values outside these bounds make no sense (a share above one, a ceiling above 100%).
BOUNDS = {
    "ceiling_pct": (1, 100),
    "speed_multiplier": (0.01, 10),
    "headroom": (1, 5),
    "min_share": (0, 50),
    "own_speed_weight": (0, 1),
    "backtest_window": (1, 10),
    "base_year": (2015, 2035),
    "japanese_base_share_pct": (0, 100),
    "japanese_hev_share_pct": (0, 100),
    "chinese_default_share_pct": (0, 100),
    "price_elasticity": (0, 20),
    "battery_share_of_cost": (0, 1),
    "battery_cost_cut_pct": (0, 100),
    "production_cost_cut_pct": (0, 100),
    "pass_through": (0, 1),
    "cost_cut_start": (2015, 2040),
    "cost_cut_full_year": (2015, 2045),
    "new_model_year": (2015, 2040),
    "chinese_price_trend_pct": (-50, 50),
    "other_price_trend_pct": (-50, 50),
}


class ScenarioError(ValueError):
    """An unknown scenario or parameter, or a value out of its range."""


# --- the scenario file ----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _read(path: str, mtime: float) -> dict:
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{Path(path).name}: not valid TOML ({exc})") from None


def spec(path: Path = SCENARIO_FILE) -> dict:
    return _read(str(path), path.stat().st_mtime)


def names(path: Path = SCENARIO_FILE) -> list[str]:
    return list(spec(path).get("scenario", {}))


def parameters(name: str, overrides: dict | None = None, path: Path = SCENARIO_FILE) -> dict:
    """The full parameter set of a scenario: defaults, the scenario's changes, then user overrides."""
    s = spec(path)
    if name not in s.get("scenario", {}):
        raise ScenarioError(f"unknown scenario {name!r}. Valid: {', '.join(names(path))}")
    params = copy.deepcopy(s["defaults"])
    for key, value in s["scenario"][name].items():
        if key in DESCRIPTIVE:
            continue
        _set(params, key, value, f"scenario {name}")
    for key, value in (overrides or {}).items():
        _set(params, key, value, "override")
    return params


def _set(params: dict, key: str, value, where: str) -> None:
    section, _, field = key.partition(".")
    if not field and isinstance(value, dict):
        for k, v in value.items():
            _set(params, f"{section}.{k}", v, where)
        return
    if section not in params or field not in params[section] or field.endswith("_range"):
        valid = sorted(f"{s}.{f}" for s in params for f in params[s] if not f.endswith("_range"))
        raise ScenarioError(f"{where}: unknown parameter {key!r}. Valid: {', '.join(valid)}")
    old = params[section][field]
    if isinstance(old, dict):
        if not isinstance(value, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()
        ):
            raise ScenarioError(
                f"{where}: {key} must be a table of numbers by market, e.g. {{default = 0, THA = 10}}"
            )
        value = {**old, **value}
    elif isinstance(old, bool):
        if not isinstance(value, bool):
            raise ScenarioError(f"{where}: {key} must be true or false, not {value!r}")
    elif isinstance(old, int | float):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ScenarioError(f"{where}: {key} must be a number, not {value!r}")
        low, high = BOUNDS.get(field, (-math.inf, math.inf))
        if not low <= value <= high:
            raise ScenarioError(f"{where}: {key} = {value} is out of range: choose {low} to {high}")
    params[section][field] = value


def set_by(name: str, overrides: dict | None = None) -> dict[str, str]:
    """The parameters a scenario or the overrides set, each with "scenario" or "override"."""
    out = {k: "scenario" for k in spec()["scenario"][name] if k not in DESCRIPTIVE}
    for key, value in (overrides or {}).items():
        if "." not in key and isinstance(value, dict):
            out.update({f"{key}.{k}": "override" for k in value})
        else:
            out[key] = "override"
    return out


def label(name: str) -> str:
    return spec()["scenario"][name].get("label", name)


#: what a scenario's table says about it rather than sets: its name for readers, what it means, its colour
DESCRIPTIVE = ("label", "description", "colour")


def colour(name: str) -> str:
    """A scenario's colour in every chart (scenarios.toml); a scenario without one is refused."""
    value = spec()["scenario"][name].get("colour")
    if not isinstance(value, str) or not value.startswith("#"):
        raise ScenarioError(
            f'scenario {name} has no colour: add colour = "#rrggbb" to [scenario.{name}] in scenarios.toml'
        )
    return value


def colours() -> dict[str, str]:
    """Each scenario's colour by its label, for the charts."""
    return {label(n): colour(n) for n in names()}


def parameter_label(key: str) -> str:
    """How charts and tables name a parameter ("adoption.ceiling_pct" -> "Ceiling of electric share")."""
    return spec().get("parameter_labels", {}).get(key, key)


# --- adoption -------------------------------------------------------------------------------------

Curve = forecast.Path


def observations(end_year: int | None = None) -> forecast.Obs:
    return copy.deepcopy(_observations(end_year, _data_key()))


@lru_cache(maxsize=8)
def _observations(end_year: int | None, _data: tuple) -> forecast.Obs:
    ev = data.load("ev_sales")
    if end_year is not None:
        ev = ev[ev["year"] <= end_year]
    return forecast.shares(ev)


def curves(
    p: dict, end_year: int | None = None, areas: list[str] | None = None
) -> dict[str, Curve]:
    """One path per ASEAN member with data, plus the region (IEA's Southeast Asia aggregate)."""
    adoption = json.dumps(p["adoption"], sort_keys=True)
    wanted = None if areas is None else tuple(areas)
    return dict(_curves(adoption, end_year, wanted, _data_key()))


@lru_cache(maxsize=64)
def _curves(adoption: str, end_year: int | None, areas: tuple | None, _data: tuple):
    p = {"adoption": json.loads(adoption)}
    obs = _observations(end_year, _data)
    origin = end_year if end_year is not None else max(max(s) for s in obs.values() if s)
    wanted = forecast.projected_areas(obs) if areas is None else ["SEA", *areas]
    out = {}
    for area in dict.fromkeys(wanted):
        path = forecast.chosen(obs, area, origin, p["adoption"])
        if path is not None:
            out[area] = path
    return out


def _data_key() -> tuple:
    """The data folder and the digests of the tables the model reads: the in-process caches below
    hold results of one vintage of the data, never of a folder refreshed or swapped since (a
    long-lived kernel after `data update`, or one process rendering two editions)."""
    return (str(data.data_dir().resolve()), *sorted(model_inputs()["tables"].items()))


@lru_cache(maxsize=8)
def _calibration(adoption: tuple, _data: tuple) -> np.ndarray:
    a = {k: dict(v) if k == "ceiling_by_market" else v for k, v in adoption}
    bt = forecast.backtest(a)
    return bt.loc[bt["method"] == forecast.MODEL, "z_error_per_year"].abs().to_numpy(dtype=float)


def calibration(p: dict) -> np.ndarray:
    """The chosen model's back-test errors, |logit units per year of horizon|, for these parameters."""
    a = {k: v for k, v in p["adoption"].items() if not k.endswith("_range")}
    return _calibration(_hashable(a), _data_key())


def _hashable(a: dict) -> tuple:
    """The adoption parameters as a cache key; a table by market (the ceilings) as sorted pairs."""
    return tuple(
        sorted((k, tuple(sorted(v.items())) if isinstance(v, dict) else v) for k, v in a.items())
    )


# --- competition ----------------------------------------------------------------------------------


def base_shares(area: str, p: dict) -> dict[str, float]:
    """Shares of the electric market in the base year: the published Chinese and Japanese shares where
    there are some (data/brand_shares.csv), the stated assumptions of scenarios.toml otherwise, and the rest
    to other brands."""
    c = p["competition"]
    published = published_ev_share(area, "chinese")
    chinese = (published if published is not None else c["chinese_default_share_pct"]) / 100
    published = published_ev_share(area, "japanese")
    japanese = (published if published is not None else c["japanese_base_share_pct"]) / 100
    other = max(0.0, 1 - chinese - japanese)
    total = chinese + japanese + other
    return {"japanese": japanese / total, "chinese": chinese / total, "other": other / total}


def published_ev_share(area: str, origin: str) -> float | None:
    """The latest published share (%) of an origin's brands in a market's electric-car (or BEV) sales."""
    folder = data.data_dir().resolve()
    shares = _published_ev_shares(folder, _data_key())
    return shares.get((area, origin))


@lru_cache(maxsize=4)
def _published_ev_shares(folder: Path, _data: tuple) -> dict[tuple[str, str], float]:
    rows = metrics.electric_origin_shares(data.load("brand_shares", folder))
    rows = rows[rows["group_type"] == "origin"]
    return {
        key: float(group.iloc[0]["share_pct"]) for key, group in rows.groupby(["area", "group"])
    }


def prices(years: np.ndarray, p: dict, area: str) -> dict[str, np.ndarray]:
    """Price index of each origin's electric cars relative to its own base-year price (base year = 1)."""
    c = p["competition"]
    base = c["base_year"]
    t = years - base
    ramp = np.clip(
        (years - c["cost_cut_start"])
        / np.maximum(1, c["cost_cut_full_year"] - c["cost_cut_start"]),
        0,
        1,
    )
    cut = (
        c["battery_share_of_cost"] * c["battery_cost_cut_pct"] / 100
        + (1 - c["battery_share_of_cost"]) * c["production_cost_cut_pct"] / 100
    ) * c["pass_through"]
    japanese = 1 - cut * ramp
    tariff = c["tariff_on_chinese_pct"].get(area, c["tariff_on_chinese_pct"]["default"]) / 100
    chinese = (1 + c["chinese_price_trend_pct"] / 100) ** t * np.where(
        years > base, 1 + tariff, 1.0
    )
    other = (1 + c["other_price_trend_pct"] / 100) ** t
    return {"japanese": japanese, "chinese": chinese, "other": other}


def origin_split(years: np.ndarray, area: str, p: dict) -> dict[str, np.ndarray]:
    """Shares (0-1) of each origin in the electric market, summing to one in every year.

    A parameter of the competition may be an array of shape (draws, 1): the shares are then one row
    per draw and one column per year (the Monte Carlo draws, computed at once)."""
    c = p["competition"]
    base = base_shares(area, p)
    price = prices(years, p, area)
    base_idx = {o: prices(np.array([c["base_year"]]), p, area)[o][..., :1] for o in ORIGINS}
    beta = c["price_elasticity"]
    # constants that reproduce the base shares at base prices
    const = {o: math.log(max(base[o], 1e-9)) + beta * np.log(base_idx[o]) for o in ORIGINS}
    utility = {o: const[o] - beta * np.log(price[o]) for o in ORIGINS}
    late = years < c["new_model_year"]
    utility["japanese"] = utility["japanese"] - np.where(
        late & (years > c["base_year"]), c["pre_launch_penalty"], 0.0
    )
    utility["japanese"] = utility["japanese"] + np.where(
        years >= c["new_model_year"], c["local_assembly_bonus"], 0.0
    )
    stacked = np.stack(np.broadcast_arrays(*(utility[o] for o in ORIGINS)))
    stacked = stacked - stacked.max(axis=0)
    expu = np.exp(stacked)
    shares = expu / expu.sum(axis=0)
    return {o: shares[i] for i, o in enumerate(ORIGINS)}


# --- the model's results, kept on disk ---------------------------------------------------------
#
# The projections, the Monte Carlo draws, the tornado and the back-test are computed once per change
# of what they depend on and kept in the cache folder (evbrief.core.artefacts), where every report's
# kernel, every render worker and a JupyterLab kernel read them: the digests of the tables read, of
# scenarios.toml and of the model's code, and the arguments (scenario, overrides, draws, seed, ...).

#: The tables the model reads, and its code: a change of any of them is a new entry.
MODEL_TABLES = ("ev_sales", "brand_shares", "powertrain_sales", "ev_projections_iea")
MODEL_CODE = (
    "analysis/scenarios.py",
    "analysis/forecast.py",
    "analysis/powertrains.py",
    "analysis/metrics.py",
    "data/countries.py",
    "data/tables.py",
    "core/artefacts.py",
)


def model_inputs() -> dict:
    """What every result of the model depends on besides its arguments, as digests.

    Worked out once per change of the files' stat (a report asks for it a few dozen times)."""
    folder = data.data_dir().resolve()
    try:
        package = data._shared_package(folder)
    except data.DataError:
        package = {}
    paths = {}
    for name in MODEL_TABLES:
        try:
            paths[name] = folder / data.resource(name, package).get("path", "")
        except KeyError:
            paths[name] = None
    files = [
        folder / data.PACKAGE_FILE,
        SCENARIO_FILE,
        *(PACKAGE_DIR / f for f in MODEL_CODE),
        *(f for f in paths.values() if f is not None),
    ]
    stamp = (str(folder), tuple(_stat(f) for f in files))
    if stamp not in _INPUTS:
        tables = {}
        for name, path in paths.items():
            if path is None:
                tables[name] = "absent"
                continue
            entry = json.dumps(data.resource(name, package), sort_keys=True, default=str)
            tables[name] = f"{artefacts.file_digest(path)}:{entry}"
        _INPUTS[stamp] = {
            "tables": tables,
            "scenarios": artefacts.file_digest(SCENARIO_FILE),
            "code": artefacts.files_digest(PACKAGE_DIR / f for f in MODEL_CODE),
            "versions": [np.__version__, pd.__version__],
        }
    return copy.deepcopy(_INPUTS[stamp])


_INPUTS: dict[tuple, dict] = {}


def _stat(path: Path) -> tuple:
    try:
        st = path.stat()
    except OSError:
        return (str(path), 0)
    return (str(path), st.st_mtime_ns, st.st_size, st.st_ino)


def _key(kind: str, **arguments) -> str:
    return artefacts.key(kind, {"model": model_inputs(), **arguments})


def _overrides_json(overrides: dict | None) -> str:
    return json.dumps(overrides or {}, sort_keys=True)


def project(name: str, overrides: dict | None = None, end_year: int | None = None) -> pd.DataFrame:
    """area, year, ev_share_pct, japanese/chinese/other share of the electric market (%)."""
    parameters(name, overrides)  # an unknown name or a bad value says so before any cache
    key = _projection_key(name, overrides, end_year)
    return artefacts.cached(key, lambda: _project(name, overrides, end_year)).copy()


def _projection_key(name: str, overrides: dict | None, end_year: int | None = None) -> str:
    return _key("projection", scenario=name, overrides=_overrides_json(overrides), end=end_year)


def _project(name: str, overrides: dict | None, end_year: int | None) -> pd.DataFrame:
    p = parameters(name, overrides)
    out = []
    years = np.arange(p["competition"]["base_year"], HORIZON + 1)
    for area, curve in curves(p, end_year).items():
        split = origin_split(years, area, p)
        ev = curve.at(years)
        whole = japanese_whole(years, ev, split["japanese"] * 100, area, p)
        for i, year in enumerate(years):
            out.append(
                {
                    "area": area,
                    "year": int(year),
                    "ev_share_pct": float(ev[i]),
                    **{f"{o}_share_pct": float(split[o][i] * 100) for o in ORIGINS},
                    **whole[i],
                    "scenario": name,
                }
            )
    return pd.DataFrame(out)


def _column(values: np.ndarray | None, length: int | None = None):
    """A column of floats, or of None where the figure is not known (no published share)."""
    if values is None:
        return pd.Series([None] * length, dtype=object) if length else None
    flat = values.ravel()
    if np.isnan(flat).any():
        return pd.Series([None if np.isnan(v) else float(v) for v in flat], dtype=object)
    return flat


def _japanese(years, ev, japanese_ev, area: str, p: dict):
    """The Japanese share of the whole market and of the electrified market (%), one row per draw
    and one column per year, or None where the data give none: the equations of
    evbrief.analysis.powertrains.japanese_paths (a test holds the two equal), on arrays."""
    c = p["competition"]
    published = powertrains.japanese_whole_market(area)
    if published is None:
        return None, None
    base = int(np.flatnonzero(np.asarray(years) == c["base_year"])[0])
    e0, jev0 = ev[:, base : base + 1] / 100, japanese_ev[:, base : base + 1] / 100
    j_all = float(published["share_pct"]) / 100
    j_np = np.minimum(1.0, np.maximum(0.0, (j_all - jev0 * e0) / (1 - e0)))
    e = ev / 100
    whole = 100 * (j_np * (1 - e) + japanese_ev / 100 * e)
    hyb = powertrains.hybrid_share(area, c["base_year"])
    if hyb is None:
        return whole, None
    h = hyb[0] / 100
    electrified = 100 * (c["japanese_hev_share_pct"] / 100 * h + japanese_ev / 100 * e) / (h + e)
    return whole, electrified


def japanese_whole(years, ev, japanese_ev, area: str, p: dict) -> list[dict]:
    """Per year, the Japanese share of the whole market and of the electrified market (%, or None)."""
    whole, electrified = _japanese(
        np.asarray(years), np.asarray(ev)[None, :], np.asarray(japanese_ev)[None, :], area, p
    )

    def value(a, i):
        return None if a is None or np.isnan(a[0, i]) else float(a[0, i])

    return [
        {"japanese_whole_pct": value(whole, i), "japanese_electrified_pct": value(electrified, i)}
        for i in range(len(years))
    ]


def uncertain(p: dict) -> dict[str, tuple[str, str, float, float]]:
    """The parameters sampled for the fan chart, with their stated ranges (low, high)."""
    out = {}
    for section, fields in p.items():
        for key, value in fields.items():
            if key.endswith("_range"):
                name = key[: -len("_range")]
                out[f"{section}.{name}"] = (section, name, float(value[0]), float(value[1]))
    return out


def sample(
    name: str,
    draws: int = DRAWS,
    seed: int = 20351,
    area: str = "SEA",
    overrides: dict | None = None,
) -> pd.DataFrame | None:
    """Monte Carlo: the stated ranges (uniform) and the back-test's speed errors (resampled, random sign);
    one row per draw and year. Deterministic for a seed; the reports share one draw per market.

    The draws of every projected market are computed at once and kept (draws_by_area); None where the
    data give the market no path to project (an edition without its series)."""
    by_area = draws_by_area(name, draws, seed, overrides)
    if area not in by_area:  # a market the outlook does not project: its own entry
        by_area = draws_by_area(name, draws, seed, overrides, areas=(area,))
    rows = by_area[area]
    return None if rows is None else rows.copy()


def draws_by_area(
    name: str,
    draws: int = DRAWS,
    seed: int = 20351,
    overrides: dict | None = None,
    areas: tuple[str, ...] | None = None,
) -> dict[str, pd.DataFrame | None]:
    """The draws of each market (every projected one unless `areas` names some), from the cache
    folder or computed (the same stream of random numbers serves every market, as one seed per call
    always did). Callers must copy a frame before changing it."""
    parameters(name, overrides)
    key = _draws_key(name, draws, seed, overrides, areas)
    return artefacts.cached(key, lambda: _draws(name, draws, seed, overrides, areas))


def _draws_key(name, draws, seed=20351, overrides=None, areas=None) -> str:
    o = _overrides_json(overrides)
    return _key("draws", scenario=name, draws=draws, seed=seed, overrides=o, areas=areas)


def prepare(
    which: list[str] | None = None, overrides: dict | None = None, draws: int | None = DRAWS
) -> None:
    """Have the projections and draws (none with draws=None) of these scenarios (all, by default)
    at hand: read from the cache folder, or computed once, with a progress bar in JupyterLab while
    they are computed."""
    steps = [
        (kind, n)
        for n in which or names()
        for kind, key in (
            ("projection", _projection_key(n, overrides)),
            ("draws", None if draws is None else _draws_key(n, draws, overrides=overrides)),
        )
        if key is not None and not artefacts.present(key)
    ]
    for kind, n in progress.bar(
        steps, desc="evbrief: computing the scenarios (kept for next time)"
    ):
        if kind == "projection":
            project(n, overrides)
        else:
            draws_by_area(n, draws, overrides=overrides)


def _draws(name, draws, seed, overrides, areas) -> dict[str, pd.DataFrame | None]:
    rng = np.random.default_rng(seed)
    p = parameters(name, overrides)
    fixed = set_by(name, overrides)  # what the scenario or the user states is not sampled
    ranges = {k: v for k, v in uncertain(p).items() if k not in fixed}
    fixed_only = sorted(set(ranges) & NOT_SAMPLED)
    if fixed_only:
        raise ScenarioError(
            f"{SCENARIO_FILE.name}: {fixed_only[0]} cannot have a range (it sets which years the "
            f"model reads); remove {fixed_only[0]}_range"
        )
    obs = observations()
    origin = max(max(s) for s in obs.values() if s)
    areas = forecast.projected_areas(obs) if areas is None else list(areas)
    errors = calibration(p)
    # the random numbers in the order the draws have always taken them: per draw, each range,
    # then a speed error and its sign
    values = np.empty((draws, len(ranges)))
    error = np.empty(draws)
    for d in range(draws):
        for i, (_section, _field, low, high) in enumerate(ranges.values()):
            values[d, i] = rng.uniform(low, high)
        error[d] = float(rng.choice(errors)) * (1 if rng.random() < 0.5 else -1)
    q = copy.deepcopy(p)  # every sampled parameter an array: one value per draw
    for i, (section, field, _low, _high) in enumerate(ranges.values()):
        q[section][field] = values[:, i : i + 1]
    # the adoption model takes one value per draw (a flat array), the price model a column
    a = {k: v.ravel() if isinstance(v, np.ndarray) else v for k, v in q["adoption"].items()}
    a["ceiling_pct"] = np.broadcast_to(np.ravel(a["ceiling_pct"]), (draws,))
    speeds = forecast.pooled_speeds(obs, origin, a)
    years = np.arange(p["competition"]["base_year"], HORIZON + 1)
    out = {}
    for area in areas:
        paths = forecast.chosen_many(obs, area, origin, a, speeds)
        if paths is None:
            out[area] = None
            continue
        paths = dataclasses.replace(paths, speed=paths.speed + error)
        ev = paths.at(years)
        japanese = np.broadcast_to(origin_split(years, area, q)["japanese"] * 100, ev.shape)
        whole, electrified = _japanese(years, ev, japanese, area, q)
        n = draws * len(years)
        frame = pd.DataFrame(
            {
                "draw": np.repeat(np.arange(draws), len(years)),
                "year": np.tile(years.astype(int), draws),
                "ev_share_pct": ev.ravel(),
                "japanese_share_pct": japanese.ravel(),
            }
        )
        frame["japanese_whole_pct"] = _column(whole, n)
        frame["japanese_electrified_pct"] = _column(electrified, n)
        out[area] = frame
    return out


#: Parameters that choose years or observations: one value for every draw, never a range.
NOT_SAMPLED = frozenset({"adoption.min_share", "adoption.backtest_window", "competition.base_year"})


def fan(samples: pd.DataFrame, column: str) -> pd.DataFrame:
    q = samples.groupby("year")[column].quantile([0.05, 0.25, 0.5, 0.75, 0.95]).unstack()
    q.columns = ["p5", "p25", "p50", "p75", "p95"]
    return q.reset_index()


def tornado(
    name: str,
    area: str = "SEA",
    year: int = HORIZON,
    column: str = "japanese_share_pct",
    overrides: dict | None = None,
) -> pd.DataFrame:
    """How far each uncertain parameter, at the ends of its range, moves the outcome in `year`."""
    parameters(name, overrides)
    key = _key(
        "tornado",
        scenario=name,
        area=area,
        year=year,
        column=column,
        overrides=_overrides_json(overrides),
    )
    return artefacts.cached(key, lambda: _tornado(name, area, year, column, overrides)).copy()


def _tornado(name, area, year, column, overrides) -> pd.DataFrame:
    p = parameters(name, overrides)
    central = _outcome(p, area, year, column)
    rows = []
    for key, (section, field, low, high) in uncertain(p).items():
        values = []
        for bound in (low, high):
            q = copy.deepcopy(p)
            q[section][field] = bound
            values.append(_outcome(q, area, year, column))
        rows.append(
            {
                "parameter": key,
                "low_value": low,
                "high_value": high,
                "at_low": values[0],
                "at_high": values[1],
                "swing": abs(values[1] - values[0]),
                "central": central,
            }
        )
    return pd.DataFrame(rows).sort_values("swing", ascending=False).reset_index(drop=True)


def _outcome(p: dict, area: str, year: int, column: str) -> float:
    if column == "ev_share_pct":
        return float(curves(p, areas=[] if area == "SEA" else [area])[area].at(year))
    return float(origin_split(np.array([year]), area, p)[column.replace("_share_pct", "")][0] * 100)


# --- back-test ------------------------------------------------------------------------------------


def _skill(a: dict) -> dict[str, pd.DataFrame]:
    obs = forecast.shares()
    bt = forecast.backtest(a, obs)
    covered = forecast.with_intervals(bt, a, obs)
    return {
        "backtest": bt,
        "covered": covered,
        "table": forecast.skill_table(bt, covered),
        "weights": forecast.weight_choice(a, obs),
        "iea": forecast.iea_comparison(a, obs),
    }


def skill(name: str = "stated_policies") -> dict[str, pd.DataFrame]:
    """The rolling-origin back-test of a scenario's adoption parameters: every row, the intervals,
    the skill table, the scores of the candidate own-speed weights and the comparison with IEA.

    Kept in the cache folder by the adoption parameters it scores (scenarios that share them share
    it)."""
    a = {k: v for k, v in parameters(name)["adoption"].items() if not k.endswith("_range")}
    result = artefacts.cached(_key("skill", adoption=a), lambda: _skill(a))
    return {k: v.copy() for k, v in result.items()}


# --- members' ceilings, targets and the pace of the paths ------------------------------------------
#
# The ceilings: scenarios.toml, adoption.ceiling_by_market, by the rule stated there and applied by
# ceilings_from_targets. The targets are data (the members' targets table); the functions below take
# the table as a frame and return facts, so the reports and the tests read the same rule.

SALES_SHARE = "ev_sales_share_pct"
PHASE_OUT = "ice_phase_out"
COMPARABLE_STATUSES = ("adopted", "announced")
RISE_YEARS = 3  # the window of the fastest published rise (the example: China 2020-2023)


def counts_hybrids(scope: str) -> bool:
    """Whether a target's scope counts hybrids other than plug-in hybrids (then it is not a plug-in
    share, the measure the outlook projects)."""
    return bool(re.search(r"(?<!plug-in )\bhybrids?\b", str(scope), flags=re.IGNORECASE))


def member_targets() -> pd.DataFrame | None:
    """The members' targets table, or None where this edition's data hold none."""
    try:
        return data.load("member_targets")
    except (KeyError, FileNotFoundError, ValueError):
        return None


def ceilings_from_targets(targets: pd.DataFrame) -> dict[str, tuple[float, str]]:
    """The rule of scenarios.toml (adoption.ceiling_by_market) applied to the targets table:
    area -> (ceiling %, id of the target that sets it)."""
    t = targets[targets["status"] == "adopted"].copy()
    t["target_year"] = pd.to_numeric(t["target_year"], errors="coerce")
    out = {}
    shares = t[(t["measure"] == SALES_SHARE) & ~t["scope"].map(counts_hybrids)]
    for area, g in shares.sort_values("target_year").groupby("area"):
        last = g.iloc[-1]
        out[area] = (float(last["value"]), str(last["target_id"]))
    ends = t[(t["measure"] == PHASE_OUT) & ~t["scope"].map(counts_hybrids)]
    for area, g in ends.sort_values("target_year").groupby("area"):
        if area not in out:
            out[area] = (100.0, str(g.iloc[0]["target_id"]))
    return out


def _share_2035(p: dict, area: str, ceiling: float) -> float:
    q = copy.deepcopy(p)
    q["adoption"]["ceiling_pct"] = ceiling
    return float(curves(q, areas=[area])[area].at(HORIZON))


def ceiling_table(
    name: str = "stated_policies",
    targets: pd.DataFrame | None = None,
    overrides: dict | None = None,
    draws: int = DRAWS,
    spread: bool = True,
) -> pd.DataFrame:
    """Each projected member's ceiling and what sets it: area, ceiling_pct, basis ("own" where its
    published targets set it, else "common", the assumed regional ceiling), target_id (where a
    targets frame is given), and for a common ceiling its sensitivity: swing_pp (the 2035 share
    with the common ceiling at the ends of its range), band_pp (the width of the 2035 90% band)
    and share_of_spread (swing over band width; band and share only with `spread`, which samples)."""
    p = parameters(name, overrides)
    a = p["adoption"]
    own = a.get("ceiling_by_market") or {}
    derived = ceilings_from_targets(targets) if targets is not None else {}
    low, high = a.get("ceiling_pct_range", (a["ceiling_pct"], a["ceiling_pct"]))
    rows = []
    for area in curves(p):
        if area == "SEA":
            continue
        row = {
            "area": area,
            "ceiling_pct": forecast.market_ceiling(a, area),
            "basis": "own" if area in own else "common",
            "target_id": derived.get(area, (None, None))[1],
            "swing_pp": None,
            "band_pp": None,
            "share_of_spread": None,
        }
        if area not in own:
            swing = abs(_share_2035(p, area, high) - _share_2035(p, area, low))
            s = sample(name, draws, area=area, overrides=overrides) if spread else None
            band = None
            if s is not None:
                v = s.loc[s["year"] == HORIZON, "ev_share_pct"]
                band = float(v.quantile(0.95) - v.quantile(0.05))
            row.update(
                swing_pp=swing,
                band_pp=band,
                share_of_spread=swing / band if band else None,
            )
        rows.append(row)
    return pd.DataFrame(rows)


def fastest_rise(obs: forecast.Obs | None = None, years: int = RISE_YEARS) -> dict:
    """The fastest published rise of the electric share over `years` years in any market of the
    data: area, start, end, from_pct, to_pct, rise_pp."""
    obs = observations() if obs is None else obs
    best = None
    for area, series in obs.items():
        for y, v in series.items():
            if y + years in series:
                rise = series[y + years] - v
                if best is None or rise > best["rise_pp"]:
                    best = {
                        "area": area,
                        "start": y,
                        "end": y + years,
                        "from_pct": v,
                        "to_pct": series[y + years],
                        "rise_pp": rise,
                    }
    return best


def rise_flags(projection: pd.DataFrame, obs: forecast.Obs | None = None) -> pd.DataFrame:
    """Each projected market's steepest rise over RISE_YEARS years on its path (the observed base
    year included), against the fastest published rise of any market: area, start, end, rise_pp,
    fastest_pp, fastest_area, fastest_start, fastest_end, faster (True where the path rises faster
    than any market has)."""
    fast = fastest_rise(obs)
    rows = []
    for area, g in projection.groupby("area", sort=False):
        s = g.set_index("year")["ev_share_pct"]
        steps = [(y, s[y + RISE_YEARS] - s[y]) for y in s.index if y + RISE_YEARS in s.index]
        if not steps:
            continue
        y, rise = max(steps, key=lambda x: x[1])
        rows.append(
            {
                "area": area,
                "start": int(y),
                "end": int(y) + RISE_YEARS,
                "rise_pp": float(rise),
                "fastest_pp": fast["rise_pp"],
                "fastest_area": fast["area"],
                "fastest_start": fast["start"],
                "fastest_end": fast["end"],
                "faster": bool(rise > fast["rise_pp"]),
            }
        )
    return pd.DataFrame(rows)


def target_distance(projection: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Each member's path against its own published targets: area, target_id, target, measure,
    target_year, target_pct, path_pct (the path's value in the target year), distance_pp (path less
    target), status, comparable and reason (why a target is not set beside the path: it counts
    production, vehicles on the road or hybrids, or falls after 2035)."""
    years = set(projection["year"])
    rows = []
    for r in targets.itertuples():
        if r.area not in set(projection["area"]):
            continue
        year = pd.to_numeric(r.target_year, errors="coerce")
        reason = None
        if r.measure != SALES_SHARE:
            reason = r.measure
        elif counts_hybrids(r.scope):
            reason = "counts_hybrids"
        elif r.status not in COMPARABLE_STATUSES:
            reason = f"status_{r.status}"
        elif pd.isna(year) or int(year) not in years:
            reason = "after_horizon" if not pd.isna(year) and year > HORIZON else "outside_path"
        path = None
        if reason is None:
            g = projection[(projection["area"] == r.area) & (projection["year"] == int(year))]
            path = float(g["ev_share_pct"].iloc[0])
        value = pd.to_numeric(r.value, errors="coerce")
        rows.append(
            {
                "area": r.area,
                "target_id": r.target_id,
                "target": r.target,
                "measure": r.measure,
                "target_year": None if pd.isna(year) else int(year),
                "target_pct": float(value)
                if r.measure == SALES_SHARE and not pd.isna(value)
                else None,
                "path_pct": path,
                "distance_pp": None if path is None else path - float(value),
                "status": r.status,
                "comparable": reason is None,
                "reason": reason,
            }
        )
    return pd.DataFrame(rows)


def common_ceiling_unsaid(
    projection: pd.DataFrame, table: pd.DataFrame, tol_pp: float = 1.0
) -> bool:
    """True where every member reaches one common 2035 value (within tol_pp) although the ceiling
    table does not say that the ceiling is common to them all: the failure of issue 23."""
    end = projection[(projection["year"] == HORIZON) & (projection["area"] != "SEA")][
        "ev_share_pct"
    ]
    same = len(end) > 1 and float(end.max() - end.min()) <= tol_pp
    return bool(same and not (table["basis"] == "common").all())
