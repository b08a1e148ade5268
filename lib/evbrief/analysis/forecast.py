"""Forecast skill: rolling-origin back-tests of the adoption model against simple baselines and IEA.

Every method sees only the electric shares s(a, t) (% of new-car sales, data/ev_sales.csv) observed up to
an origin year T and projects T + h. Shares under `min_share` are left out (noise around zero).

Baselines
- last value:     s(T + h) = s(T)
- linear trend:   least-squares line through the last `window` + 1 observations, continued from s(T)
- constant growth: s(T + h) = s(T) g^h, g = (s(T) / s(T - k))^(1/k) over the same observations (<= 100%)
- pooled logistic: z = logit(s / K); every market's speed is the median over ALL markets with data of
  their least-squares slopes of z on the year (last `window` + 1 observations); z(T + h) = z(T) + r h

The chosen model (regional momentum, see `chosen`): a logistic anchored on the market's latest share,
    z_a(t) = ln(s / (K_a - s)),   z_a(T + h) = z_a(T) + r_a h,   s = K_a / (1 + e^-z)
    r_a = w m_a + (1 - w) mean_{j in peers} m_j,   m_j = (z_j(t_j) - z_j(t_j')) / (t_j - t_j')
where m_j is peer j's latest speed (its last two usable observations t_j' < t_j <= T), the peers are the
ASEAN members, the region and China (the paths the region follows), w is the weight of the market's own
speed (partial pooling; w = 0 pools fully) and K_a = max(K_a', headroom x s_a(T)), K_a' the market's own
ceiling where its published targets set one (adoption.ceiling_by_market), else the common K. The candidates for w are
scored on the same back-test; the scenarios use the best (scenarios.toml, adoption.own_speed_weight).

Interval. The errors of the chosen model in logit units per year of horizon, u = (z_hat - z_obs) / h,
are pooled over the back-test; the 90% interval is z_hat -+ q h with q the 90% quantile of |u|. Its
coverage is measured honestly: for held-out observations of one origin, q comes from the other origins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evbrief.analysis import metrics
from evbrief.data import countries
from evbrief.data import tables as data

ORIGINS = (2020, 2021, 2022, 2023)
HORIZONS = (1, 2, 3)
PEERS_EXTRA = ("SEA", "CHN")  # besides the ASEAN members: the region and the market it follows
INTERVAL = 0.90
OWN_WEIGHTS = (
    0.0,
    0.25,
    0.5,
    0.75,
    1.0,
)  # candidate weights of a market's own speed, scored by the back-test

BASELINES = {
    "last": "Last observed value",
    "linear": "Linear trend",
    "growth": "Constant growth rate",
    "pooled_logistic": "Logistic, speed pooled across all markets",
}
MODEL = "regional_momentum"
MODEL_LABEL = "Logistic, regional momentum (chosen)"
MODEL_DESCRIPTION = "logistic curve whose speed is pooled partly with the neighbours' recent pace"
IEA = "iea_steps"
IEA_LABEL = "IEA STEPS, earlier editions"


def label(method: str) -> str:
    return {**BASELINES, MODEL: MODEL_LABEL, IEA: IEA_LABEL}.get(method, method)


# --- the observations -----------------------------------------------------------------------------


Obs = dict[str, dict[int, float]]  # area -> {year: electric share of car sales, %}


def shares(ev: pd.DataFrame | None = None) -> Obs:
    """Every area's electric share of car sales by year (%), from the IEA table."""
    ev = data.load("ev_sales") if ev is None else ev
    out = {}
    for a in sorted(ev["area"].unique()):
        series = metrics.share_series(ev, a).dropna()
        out[a] = {int(y): float(v) for y, v in series.sort_index().items()}
    return out


def history(series: dict[int, float], origin: int, min_share: float) -> list[tuple[int, float]]:
    """The usable observations up to the origin, oldest first."""
    return [(y, v) for y, v in sorted(series.items()) if y <= origin and v >= min_share]


def projected_areas(obs: Obs) -> list[str]:
    """The markets the outlook projects: the region and every ASEAN member with data."""
    return ["SEA", *(a for a in countries.ASEAN if obs.get(a))]


def peers(obs: Obs) -> list[str]:
    return [*(a for a in countries.ASEAN if a in obs), *(a for a in PEERS_EXTRA if a in obs)]


# --- the logistic ---------------------------------------------------------------------------------


def ceiling_for(latest: float, ceiling: float, headroom: float) -> float:
    return float(min(100.0, max(ceiling, latest * headroom)))


def market_ceiling(a: dict, area: str) -> float:
    """The ceiling K of one market before headroom: its own (adoption.ceiling_by_market, set from the
    member's published targets and policies by the rule in scenarios.toml) or the common one."""
    return float((a.get("ceiling_by_market") or {}).get(area, a["ceiling_pct"]))


def logit(share: float, ceiling: float) -> float:
    s = min(max(share, 1e-6), ceiling * 0.999)
    return math.log(s / (ceiling - s))


def inverse(z, ceiling: float):
    return ceiling / (1 + np.exp(-np.asarray(z, dtype=float)))


def latest_speed(h: list[tuple[int, float]], ceiling: float, headroom: float) -> float | None:
    """The speed (logit units per year) between a market's last two usable observations."""
    if len(h) < 2:
        return None
    k = ceiling_for(h[-1][1], ceiling, headroom)
    (t0, s0), (t1, s1) = h[-2:]
    return (logit(s1, k) - logit(s0, k)) / (t1 - t0)


def regional_speed(obs: Obs, origin: int, a: dict) -> tuple[float | None, dict[str, float]]:
    """The mean of the peers' latest speeds at the origin, and each peer's speed."""
    speeds = {}
    for j in peers(obs):
        h = history(obs[j], origin, a["min_share"])
        m = latest_speed(h, market_ceiling(a, j), a["headroom"])
        if m is not None:
            speeds[j] = m
    return (float(np.mean(list(speeds.values()))) if speeds else None), speeds


@dataclass(frozen=True)
class Path:
    """A market's projection from an origin: s(T + h) = K / (1 + exp(-(z0 + speed h)))."""

    area: str
    origin: int
    level: float  # s(T), %
    ceiling: float  # K_a, %
    speed: float  # logit units per year
    own_speed: float | None
    pooled_speed: float

    @property
    def z0(self) -> float:
        return logit(self.level, self.ceiling)

    def at(self, years) -> np.ndarray:
        h = np.asarray(years, dtype=float) - self.origin
        return inverse(self.z0 + self.speed * h, self.ceiling)

    def band(self, years, q: float) -> tuple[np.ndarray, np.ndarray]:
        """The ends of the interval for a half-width of q logit units per year of horizon."""
        h = np.maximum(np.asarray(years, dtype=float) - self.origin, 0)
        z = self.z0 + self.speed * h
        return inverse(z - q * h, self.ceiling), inverse(z + q * h, self.ceiling)


def chosen(
    obs: Obs, area: str, origin: int, a: dict, own_weight: float | None = None
) -> Path | None:
    """The chosen model's path for one market from an origin (None without a usable observation)."""
    h = history(obs.get(area, {}), origin, a["min_share"])
    pooled, speeds = regional_speed(obs, origin, a)
    if not h or pooled is None:
        return None
    w = a["own_speed_weight"] if own_weight is None else own_weight
    own = speeds.get(area, latest_speed(h, market_ceiling(a, area), a["headroom"]))
    speed = pooled if own is None else w * own + (1 - w) * pooled
    level = h[-1][1]
    return Path(
        area,
        h[-1][0],
        level,
        ceiling_for(level, market_ceiling(a, area), a["headroom"]),
        speed * a.get("speed_multiplier", 1.0),
        own,
        pooled,
    )


@dataclass(frozen=True)
class Paths:
    """Many draws of one market's path from an origin: the ceiling and the speed are arrays, one value
    per draw (chosen() evaluated for each draw's ceiling at once)."""

    area: str
    origin: int
    level: float
    ceiling: np.ndarray  # K_a per draw, %
    speed: np.ndarray  # logit units per year, per draw

    def at(self, years) -> np.ndarray:
        """The shares (%), one row per draw and one column per year."""
        h = np.asarray(years, dtype=float)[None, :] - self.origin
        k = self.ceiling[:, None]
        return k / (
            1 + np.exp(-(logits(self.level, self.ceiling)[:, None] + self.speed[:, None] * h))
        )


def logits(share, ceiling) -> np.ndarray:
    """logit() for arrays of ceilings (and shares)."""
    ceiling = np.asarray(ceiling, dtype=float)
    s = np.minimum(np.maximum(share, 1e-6), ceiling * 0.999)
    return np.log(s / (ceiling - s))


def _speeds(h: list[tuple[int, float]], ceiling: np.ndarray, headroom: float) -> np.ndarray | None:
    """latest_speed() for an array of regional ceilings."""
    if len(h) < 2:
        return None
    k = np.minimum(100.0, np.maximum(ceiling, h[-1][1] * headroom))
    (t0, s0), (t1, s1) = h[-2:]
    return (logits(s1, k) - logits(s0, k)) / (t1 - t0)


def market_ceilings(a: dict, area: str) -> np.ndarray:
    """market_ceiling() for many draws: a market's own ceiling (fixed by its targets) in every draw,
    else the draws of the common ceiling a["ceiling_pct"] (an array)."""
    ceiling = np.atleast_1d(np.asarray(a["ceiling_pct"], dtype=float))
    own = (a.get("ceiling_by_market") or {}).get(area)
    return ceiling if own is None else np.full_like(ceiling, float(own))


def pooled_speeds(obs: Obs, origin: int, a: dict) -> dict[str, np.ndarray]:
    """Each peer's latest speed, for every draw of the ceilings (market_ceilings)."""
    out = {}
    for j in peers(obs):
        m = _speeds(history(obs[j], origin, a["min_share"]), market_ceilings(a, j), a["headroom"])
        if m is not None:
            out[j] = m
    return out


def chosen_many(
    obs: Obs, area: str, origin: int, a: dict, speeds: dict[str, np.ndarray] | None = None
) -> Paths | None:
    """chosen() for many draws at once: a["ceiling_pct"] is an array with one ceiling per draw (the
    headroom, the own-speed weight and the speed multiplier may be such arrays too; min_share, which
    chooses the observations, may not).

    `speeds` (pooled_speeds for the same parameters) may be passed in: every market shares them."""
    ceiling = market_ceilings(a, area)
    speeds = pooled_speeds(obs, origin, a) if speeds is None else speeds
    h = history(obs.get(area, {}), origin, a["min_share"])
    if not h or not speeds:
        return None
    pooled = np.mean(np.vstack(list(speeds.values())), axis=0)
    own = speeds.get(area)
    if own is None:
        own = _speeds(h, ceiling, a["headroom"])
    w = a["own_speed_weight"]
    speed = pooled if own is None else w * own + (1 - w) * pooled
    level = h[-1][1]
    return Paths(
        area,
        h[-1][0],
        level,
        np.minimum(100.0, np.maximum(ceiling, level * a["headroom"])),
        speed * a.get("speed_multiplier", 1.0),
    )


# --- the baselines --------------------------------------------------------------------------------


def _slope(years, values) -> float:
    """The least-squares slope of values on years."""
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    return float(((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum())


def baseline(method: str, obs: Obs, area: str, origin: int, horizon: int, a: dict):
    """One baseline's projection of `area` for origin + horizon (None where it cannot project)."""
    h = history(obs[area], origin, a["min_share"])
    if len(h) < 2:
        return None
    last_year, last = h[-1]
    ahead = origin + horizon - last_year
    w = h[-(a["backtest_window"] + 1) :]
    if method == "last":
        return last
    if method == "linear":
        slope = _slope([y for y, _ in w], [v for _, v in w])
        return float(min(100.0, max(0.0, last + slope * ahead)))
    if method == "growth":
        span = w[-1][0] - w[0][0]
        g = (w[-1][1] / w[0][1]) ** (1 / span)
        return float(min(100.0, last * g**ahead))
    if method == "pooled_logistic":
        slopes = []
        for series in obs.values():
            hj = history(series, origin, a["min_share"])[-(a["backtest_window"] + 1) :]
            if len(hj) < 2:
                continue
            k = ceiling_for(hj[-1][1], a["ceiling_pct"], a["headroom"])
            slopes.append(_slope([y for y, _ in hj], [logit(v, k) for _, v in hj]))
        k = ceiling_for(last, a["ceiling_pct"], a["headroom"])
        return float(inverse(logit(last, k) + float(np.median(slopes)) * ahead, k))
    raise ValueError(f"unknown baseline {method!r}")


# --- the rolling-origin back-test -----------------------------------------------------------------


def backtest(
    a: dict,
    obs: Obs | None = None,
    areas: list[str] | None = None,
    origins=ORIGINS,
    horizons=HORIZONS,
    own_weight: float | None = None,
) -> pd.DataFrame:
    """One row per method, market, origin and horizon with an observation: projected, observed, error.

    The chosen model's rows also carry z_error_per_year, its error in logit units per year of horizon."""
    obs = shares() if obs is None else obs
    areas = projected_areas(obs) if areas is None else areas
    rows = []
    for origin in origins:
        for area in areas:
            if area not in obs or len(history(obs[area], origin, a["min_share"])) < 2:
                continue  # every method needs two observations: one comparison set for all
            path = chosen(obs, area, origin, a, own_weight)
            for horizon in horizons:
                year = origin + horizon
                if year not in obs[area]:
                    continue
                observed = float(obs[area][year])
                base = {"area": area, "origin": origin, "horizon": horizon, "year": year}
                for method in BASELINES:
                    value = baseline(method, obs, area, origin, horizon, a)
                    rows.append(
                        {**base, "method": method, "projected_pct": value, "observed_pct": observed}
                    )
                value = float(path.at(year))
                z_err = (path.z0 + path.speed * (year - path.origin)) - logit(
                    observed, path.ceiling
                )
                rows.append(
                    {
                        **base,
                        "method": MODEL,
                        "projected_pct": value,
                        "observed_pct": observed,
                        "z_error_per_year": z_err / (year - path.origin),
                    }
                )
    out = pd.DataFrame(rows)
    out["error_pp"] = out["projected_pct"] - out["observed_pct"]
    return out


def interval_halfwidth(bt: pd.DataFrame, level: float = INTERVAL) -> float:
    """q: the `level` quantile of the chosen model's |error| in logit units per year of horizon."""
    u = bt.loc[bt["method"] == MODEL, "z_error_per_year"].abs().to_numpy(dtype=float)
    return float(np.quantile(u, level))


def with_intervals(bt: pd.DataFrame, a: dict, obs: Obs) -> pd.DataFrame:
    """The chosen model's rows with their 90% interval, each calibrated on the OTHER origins' errors."""
    rows = bt[bt["method"] == MODEL].copy()
    lows, highs = [], []
    for r in rows.itertuples():
        q = interval_halfwidth(bt[bt["origin"] != r.origin])
        path = chosen(obs, r.area, r.origin, a)
        lo, hi = path.band([r.year], q)
        lows.append(float(lo[0]))
        highs.append(float(hi[0]))
    rows["low_pct"], rows["high_pct"] = lows, highs
    rows["covered"] = (rows["observed_pct"] >= rows["low_pct"]) & (
        rows["observed_pct"] <= rows["high_pct"]
    )
    return rows


def skill_table(bt: pd.DataFrame, covered: pd.DataFrame | None = None) -> pd.DataFrame:
    """MAE and bias (pp) per method and horizon and over all horizons; coverage for the chosen model."""
    rows = []
    for method, g in bt.groupby("method", sort=False):
        for horizon, gh in [*g.groupby("horizon"), ("all", g)]:
            rows.append(
                {
                    "method": method,
                    "horizon": horizon,
                    "n": len(gh),
                    "mae_pp": float(gh["error_pp"].abs().mean()),
                    "bias_pp": float(gh["error_pp"].mean()),
                }
            )
    table = pd.DataFrame(rows)
    if covered is not None:
        cov = {h: float(g["covered"].mean()) for h, g in covered.groupby("horizon")}
        cov["all"] = float(covered["covered"].mean())
        table["coverage"] = [
            cov.get(r.horizon) if r.method == MODEL else None for r in table.itertuples()
        ]
    return table


def overall_mae(table: pd.DataFrame) -> dict[str, float]:
    rows = table[table["horizon"] == "all"]
    return dict(zip(rows["method"], rows["mae_pp"], strict=True))


def weight_choice(a: dict, obs: Obs | None = None) -> pd.DataFrame:
    """MAE over all markets and horizons of each candidate weight of a market's own speed."""
    obs = shares() if obs is None else obs
    rows = []
    for w in OWN_WEIGHTS:
        bt = backtest(a, obs, own_weight=w)
        m = bt[bt["method"] == MODEL]
        rows.append({"own_speed_weight": w, "mae_pp": float(m["error_pp"].abs().mean())})
    return pd.DataFrame(rows)


# --- IEA's earlier projections --------------------------------------------------------------------


def iea_comparison(a: dict, obs: Obs | None = None) -> pd.DataFrame:
    """IEA's STEPS projections of years now observed, beside the chosen model and the baselines, each
    projecting from the same origin (the edition's last year of data) the same market and year."""
    obs = shares() if obs is None else obs
    proj = data.load("ev_projections_iea")
    rows = []
    for r in proj.itertuples():
        year, origin = int(r.year), int(r.edition) - 1
        if r.area not in obs or year not in obs[r.area]:
            continue
        observed = float(obs[r.area][year])
        base = {"area": r.area, "origin": origin, "horizon": year - origin, "year": year}
        rows.append(
            {
                **base,
                "method": IEA,
                "projected_pct": float(r.sales_share_pct),
                "observed_pct": observed,
            }
        )
        path = chosen(obs, r.area, origin, a)
        if path is not None:
            rows.append(
                {
                    **base,
                    "method": MODEL,
                    "projected_pct": float(path.at(year)),
                    "observed_pct": observed,
                }
            )
        for method in BASELINES:
            value = baseline(method, obs, r.area, origin, year - origin, a)
            if value is not None:
                rows.append(
                    {**base, "method": method, "projected_pct": value, "observed_pct": observed}
                )
    # named columns even without a row: an edition of the data may observe none of the projected years
    columns = ["area", "origin", "horizon", "year", "method", "projected_pct", "observed_pct"]
    out = pd.DataFrame(rows, columns=columns)
    out["error_pp"] = out["projected_pct"] - out["observed_pct"]
    return out
