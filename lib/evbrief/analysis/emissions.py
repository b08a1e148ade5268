"""Life-cycle greenhouse-gas emissions per km of ICE, biofuel-blend ICE, HEV, PHEV and BEV cars.

Why: the strategy's "decarbonised production" pillar and Japan's many-pathways argument both turn
on one question: on a member's grid, and from when, does a battery car emit less over its life than
a hybrid? The answer depends on the grid, so the model is a few published parameters combined with
each member's grid carbon intensity (data/grid_intensity.csv). Every parameter is a cited row of
data/lifecycle_parameters.csv (row ids below); every assumption is named as one here. The module
returns numbers, tables and Claims; the notebooks word them.

Model, per vehicle-km, grams CO2-equivalent (g):

Real-world energy use
    E_ICE = C · F_ICE / 100 · H_petrol      MJ/km     C = 7.2 Lge/100 km, ASEAN-5 new cars 2015
                                                       (LC12); F_ICE = 1.24 (LC15); H = 32 MJ/L (LC25)
    E_HEV = E_ICE · (1 − s)                 MJ/km     s = 30% real-world hybrid saving (LC19)
    e_BEV = W · F_BEV / 100                 kWh/km    W = 15.6 kWh/100 km WLTP, BYD Atto 3 (LC14),
                                                       at the plug: WLTP includes charging losses
                                                       (LC18); F_BEV = 1.34 (LC16)
    PHEV: a share u = 45% of km on electricity at e_BEV, the rest on fuel at E_HEV (LC20).
          Assumption: charge-depleting driving uses a BEV's energy, charge-sustaining a HEV's.
    Diesel ICE: the same MJ/km as petrol. Assumption (ICCT 2025 finds the two on par, 234-235 g/km).

Fuel-cycle (well-to-wheel) intensity of a blend, g/MJ
    x      = v·H_bio / (v·H_bio + (1 − v)·H_fossil)    energy share of a v (volume) blend
    CI_bio = CI_fossil · (1 − saving) + ILUC            ILUC only if land-use change is counted
    CI     = (1 − x) · CI_fossil + x · CI_bio
    CI_fossil = 83.8 (LC24). Ethanol: sugarcane saving 71% (LC31), ILUC sugars 13 (LC33), H 23.5
    (LC26). Biodiesel: palm-oil saving 36% (LC29), ILUC oil crops 55 (LC32), H 33.3 (LC28); diesel
    H 38.6 (LC27).

Use phase
    U = E · CI + e · g      g: grid intensity (g/kWh) averaged over the car's life (18.1 years,
                            LC62, which supersedes LC23) on a grid path; years after the path's end keep its last value
                            (assumption). ICCT averages the grid over the lifetime in the same way
                            (V09).

Production, spread over the lifetime distance L = 187,000 km (LC22)
    b(g_p) = b_avg + k · (g_p − g_CHN) / 1000          kg per kWh of battery made on grid g_p
             b_avg = 100 (LC04), taken as made on China's grid (China makes over three quarters of
             batteries, LC08; assumption); k = 57.5 kWh of factory electricity per kWh of cells,
             the midpoint of the published 50-65 (LC06, LC07; a stated interpolation).
    M = (V · 10^6 + B · b(g_p) · 10^3) / L             V = 7 t vehicle body (LC01, a blog: see
                                                       BLOG_ONLY), B battery kWh:
                                                       BEV 60.5 (LC09), PHEV 11 (LC11), HEV 1.3
                                                       (LC10). The body's own grid is not modelled.
Total = M + U.

Crossover: a BEV beats a HEV where M_BEV + e_BEV · g < M_HEV + U_HEV, i.e. below
    g* = (M_HEV + U_HEV − M_BEV) / e_BEV
and "from when" is the first purchase year whose lifetime-average grid on the path is below g*.

Hybrid on the member's ethanol blend (HEV_BLEND): the HEV's MJ/km at the blend's CI; the BEV-HEV
threshold can be taken against it (crossover_grid(hev_fuels=...)): what biofuels do for a hybrid.

Grid paths to 2035 (held, trend and halved_2035 are assumptions, labelled "assumption"; a plan
path is labelled "plan", a benchmark "benchmark"):
    held         the latest observed intensity, unchanged
    trend        the member's own least-squares trend over its last ten observed years, continued
                 from the latest value (floored at zero)
    halved_2035  a straight line from the latest value to half of it in 2035
    paris_1p5    a published benchmark, not a government target, where one is cited: Thailand's
                 1.5°C-compatible power pathway (Climate Analytics): at most 180 gCO2/kWh in 2030
                 (LC49) and zero by 2040 (LC50), joined by straight lines from the latest value
                 (a stated interpolation; the benchmark counts direct CO2, the grid table
                 life-cycle CO2e). Areas without a cited benchmark have no such path.
    plan         the member's published power development plan, where it gives shares of generation
                 or supply for a plan year and an observed base year: the observed intensity of the
                 base year times the plan's fossil share over the base year's (fossil-share scaling;
                 no emission factor per fuel is used, none being held from a primary source), joined
                 by straight lines (data/grid_plans.csv; Thailand's draft PDP 2024 only). Plans given
                 as capacity shares are shown as published, never converted (plan_overview).
No member's government target is published as gCO2/kWh in a source we hold, so none is used.

Ranges and the verdict
    Every uncertain input has a published low, central and high row (RANGES); the rest are fixed
    with a stated reason (FIXED). comparison_band draws the inputs (triangular, independent: an
    assumption) and gives a verdict on a battery car against a hybrid only where the band of the
    difference (5th-95th percentile, widened to the central run) lies on one side of zero; otherwise
    "too_close". Production and use are returned apart (production_table, comparison_band). A row
    read by the model may come from a blog, forum or wiki only where it is the sole source found:
    BLOG_ONLY lists those, with what each moves; unflagged_blog_rows finds any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from evbrief.data import tables as data

PATHWAYS = ("ICE", "ICE_BLEND", "ICE_DIESEL_BLEND", "HEV", "HEV_BLEND", "PHEV", "BEV")
PATHWAY_LABELS = {
    "ICE": "Petrol car",
    "ICE_BLEND": "Petrol car on the ethanol blend",
    "ICE_DIESEL_BLEND": "Diesel car on the biodiesel blend",
    "HEV": "Hybrid (HEV)",
    "HEV_BLEND": "Hybrid on the ethanol blend",
    "PHEV": "Plug-in hybrid (PHEV)",
    "BEV": "Battery-electric (BEV)",
}
SCENARIOS = {
    "held": "latest observed grid intensity held to 2035 (assumption)",
    "trend": "the member's 10-year trend continued to 2035 (assumption)",
    "plan": "the member's published power development plan, its fossil share scaled (where convertible)",
    "halved_2035": "grid intensity halved by 2035 in a straight line (assumption)",
    "paris_1p5": "a published 1.5°C-compatible power pathway (benchmark, where cited)",
}
# Published benchmark paths: area -> ((year row, value row), ...) waypoints in lifecycle_parameters.
# A waypoint row holds a value for a fixed year (LC49: 2030) or the year the value reaches zero.
PUBLISHED_PATHS = {"THA": (("2030", "LC49"), ("LC50", "0"))}
PATH_END = 2035
TREND_YEARS = 10
REFERENCE_BATTERY_GRID = "CHN"  # where the average battery figure is taken to be made

# Blends with a cited row in lifecycle_parameters (area -> {"ethanol_pct" | "biodiesel_pct": row id}).
# Members not listed have no cited blend here; their blend rows are left out, not guessed.
BLEND_ROWS = {
    "IDN": {"biodiesel_pct": "LC44"},
    "THA": {"ethanol_pct": "LC47", "biodiesel_pct": "LC46"},
}


# --- parameters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameters:
    """The model's inputs, each read from its row of data/lifecycle_parameters.csv."""

    ice_test_l_per_100km: float
    real_world_ice: float
    petrol_mj_per_l: float
    hev_saving_pct: float
    bev_test_kwh_per_100km: float
    real_world_bev: float
    phev_utility_pct: float
    vehicle_t: float
    battery_kg_per_kwh: float
    cell_kwh_per_kwh_low: float
    cell_kwh_per_kwh_high: float
    battery_kwh: dict[str, float]
    lifetime_km: float
    lifetime_years: float
    fossil_g_per_mj: float
    ethanol_mj_per_l: float
    diesel_mj_per_l: float
    biodiesel_mj_per_l: float
    ethanol_saving_pct: float
    palm_saving_pct: float
    iluc_sugars: float
    iluc_oil_crops: float
    rows: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def cell_kwh_per_kwh(self) -> float:
        """Midpoint of the published range of cell-factory electricity (a stated interpolation)."""
        return (self.cell_kwh_per_kwh_low + self.cell_kwh_per_kwh_high) / 2


ROW_OF = {
    "ice_test_l_per_100km": "LC12",
    "real_world_ice": "LC15",
    "petrol_mj_per_l": "LC25",
    "hev_saving_pct": "LC19",
    "bev_test_kwh_per_100km": "LC14",
    "real_world_bev": "LC16",
    "phev_utility_pct": "LC20",
    "vehicle_t": "LC01",
    "battery_kg_per_kwh": "LC04",
    "cell_kwh_per_kwh_low": "LC06",
    "cell_kwh_per_kwh_high": "LC07",
    "lifetime_km": "LC22",
    "lifetime_years": "LC62",
    "fossil_g_per_mj": "LC24",
    "ethanol_mj_per_l": "LC26",
    "diesel_mj_per_l": "LC27",
    "biodiesel_mj_per_l": "LC28",
    "ethanol_saving_pct": "LC31",
    "palm_saving_pct": "LC29",
    "iluc_sugars": "LC33",
    "iluc_oil_crops": "LC32",
}
BATTERY_ROWS = {"HEV": "LC10", "PHEV": "LC11", "BEV": "LC09"}


def parameter_rows(path=None) -> pd.DataFrame:
    return data.load("lifecycle_parameters", path)


def load_parameters(path=None) -> Parameters:
    """The model's inputs from the table; a missing input row is an error, never a default."""
    rows = parameter_rows(path).set_index("row_id")
    values = {rid: float(v) for rid, v in rows["value"].dropna().items()}
    missing = [rid for rid in [*ROW_OF.values(), *BATTERY_ROWS.values()] if rid not in values]
    if missing:
        raise ValueError(f"lifecycle_parameters.csv lacks the model's input rows {missing}")
    kwargs = {name: values[rid] for name, rid in ROW_OF.items()}
    battery = {"ICE": 0.0} | {pw: values[rid] for pw, rid in BATTERY_ROWS.items()}
    return Parameters(**kwargs, battery_kwh=battery, rows=values)


# --- energy, fuel and production -------------------------------------------------------------


def fuel_mj_per_km(p: Parameters, pathway: str) -> float:
    """Real-world fuel energy per km (MJ); a PHEV's is for the km it drives on fuel."""
    ice = p.ice_test_l_per_100km * p.real_world_ice / 100 * p.petrol_mj_per_l
    if pathway in ("ICE", "ICE_BLEND", "ICE_DIESEL_BLEND"):
        return ice
    if pathway in ("HEV", "HEV_BLEND", "PHEV"):
        return ice * (1 - p.hev_saving_pct / 100)
    return 0.0


def electricity_kwh_per_km(p: Parameters) -> float:
    """Real-world electricity per km at the plug (WLTP already includes charging losses)."""
    return p.bev_test_kwh_per_100km * p.real_world_bev / 100


def blend_intensity(
    p: Parameters, fuel: str = "petrol", bio_pct: float = 0.0, land_use_change: bool = True
) -> float:
    """Well-to-wheel gCO2e per MJ of petrol with bio_pct % ethanol, or diesel with bio_pct % FAME.

    Ethanol is taken as sugarcane ethanol, biodiesel as palm-oil biodiesel: the feedstocks of the
    region's blends. The volume share becomes an energy share through the fuels' energy content.
    """
    if not 0 <= bio_pct <= 100:
        raise ValueError(f"bio_pct must be a percentage, got {bio_pct}")
    if fuel == "petrol":
        h_fossil, h_bio = p.petrol_mj_per_l, p.ethanol_mj_per_l
        saving, iluc = p.ethanol_saving_pct, p.iluc_sugars
    elif fuel == "diesel":
        h_fossil, h_bio = p.diesel_mj_per_l, p.biodiesel_mj_per_l
        saving, iluc = p.palm_saving_pct, p.iluc_oil_crops
    else:
        raise ValueError(f"fuel must be 'petrol' or 'diesel', got {fuel!r}")
    v = bio_pct / 100
    x = v * h_bio / (v * h_bio + (1 - v) * h_fossil) if v else 0.0
    ci_bio = p.fossil_g_per_mj * (1 - saving / 100) + (iluc if land_use_change else 0.0)
    return (1 - x) * p.fossil_g_per_mj + x * ci_bio


def battery_kg_per_kwh(p: Parameters, plant_grid: float | None, reference_grid: float) -> float:
    """Battery production emissions per kWh when the cells are made on a grid of plant_grid g/kWh.

    The published average (b_avg) is taken as made on the reference (China's) grid; a cleaner or
    dirtier factory grid moves only the factory's own electricity, k kWh per kWh of cells.
    """
    if plant_grid is None:
        return p.battery_kg_per_kwh
    return p.battery_kg_per_kwh + p.cell_kwh_per_kwh * (plant_grid - reference_grid) / 1000


def production_g_per_km(
    p: Parameters,
    pathway: str,
    *,
    plant_grid: float | None = None,
    reference_grid: float = 0.0,
    extra_battery_t: float = 0.0,
) -> float:
    """Vehicle body plus battery, per km of the car's life."""
    battery_kwh = p.battery_kwh[pathway.removesuffix("_BLEND").removesuffix("_DIESEL")]
    kg = battery_kwh * battery_kg_per_kwh(p, plant_grid, reference_grid)
    extra = extra_battery_t * 1e6 if battery_kwh else 0.0
    return (p.vehicle_t * 1e6 + kg * 1e3 + extra) / p.lifetime_km


@dataclass(frozen=True)
class Fuels:
    """What the combustion cars burn: the member's blends (percent by volume)."""

    ethanol_pct: float = 0.0
    biodiesel_pct: float = 0.0
    land_use_change: bool = True


def per_km(
    p: Parameters,
    pathway: str,
    grid: float,
    *,
    fuels: Fuels = Fuels(),
    plant_grid: float | None = None,
    reference_grid: float = 0.0,
    extra_battery_t: float = 0.0,
) -> dict[str, float]:
    """Life-cycle gCO2e per km of one pathway on a grid of `grid` g/kWh: production, fuel,
    electricity and total."""
    if pathway not in PATHWAYS:
        raise ValueError(f"unknown pathway {pathway!r}; one of {PATHWAYS}")
    if pathway in ("ICE_BLEND", "HEV_BLEND"):
        ci = blend_intensity(p, "petrol", fuels.ethanol_pct, fuels.land_use_change)
    elif pathway == "ICE_DIESEL_BLEND":
        ci = blend_intensity(p, "diesel", fuels.biodiesel_pct, fuels.land_use_change)
    else:
        ci = p.fossil_g_per_mj  # ICE, HEV and PHEV on fossil petrol
    u = p.phev_utility_pct / 100
    fuel_share = {"PHEV": 1 - u, "BEV": 0.0}.get(pathway, 1.0)
    elec_share = {"PHEV": u, "BEV": 1.0}.get(pathway, 0.0)
    fuel = fuel_share * fuel_mj_per_km(p, pathway) * ci
    electricity = elec_share * electricity_kwh_per_km(p) * grid
    production = production_g_per_km(
        p,
        pathway,
        plant_grid=plant_grid,
        reference_grid=reference_grid,
        extra_battery_t=extra_battery_t,
    )
    return {
        "production": production,
        "fuel": fuel,
        "electricity": electricity,
        "total": production + fuel + electricity,
    }


def crossover_grid(
    p: Parameters,
    *,
    hev_fuels: Fuels | None = None,
    plant_grid: float | None = None,
    reference_grid: float = 0.0,
    extra_battery_t: float = 0.0,
) -> float:
    """The grid intensity (g/kWh, lifetime average) below which a BEV emits less than a HEV
    (on fossil petrol, or on the ethanol blend of `hev_fuels`).

    Negative would mean the BEV's extra production alone outweighs the hybrid's fuel: never.
    """
    kw = {"plant_grid": plant_grid, "reference_grid": reference_grid}
    if hev_fuels is not None:
        hev = per_km(p, "HEV_BLEND", 0.0, fuels=hev_fuels, **kw)["total"]
    else:
        hev = per_km(p, "HEV", 0.0, **kw)["total"]
    bev_production = production_g_per_km(p, "BEV", extra_battery_t=extra_battery_t, **kw)
    return (hev - bev_production) / electricity_kwh_per_km(p)


# --- grids --------------------------------------------------------------------------------------


def grid_table(path=None) -> pd.DataFrame:
    return data.load("grid_intensity", path)


def latest_grid(area: str, grid: pd.DataFrame | None = None) -> tuple[int, float] | None:
    """(year, gCO2/kWh) of the latest observation for an area; None if the table has none."""
    grid = grid_table() if grid is None else grid
    rows = grid[grid["area"] == area].dropna(subset=["gco2_per_kwh"])
    if rows.empty:
        return None
    last = rows.loc[rows["year"].idxmax()]
    return int(last["year"]), float(last["gco2_per_kwh"])


def trend_slope(area: str, grid: pd.DataFrame | None = None, years: int = TREND_YEARS) -> float:
    """Least-squares change per year over the area's last `years` observations (g/kWh/yr)."""
    grid = grid_table() if grid is None else grid
    rows = grid[grid["area"] == area].sort_values("year").tail(years)
    if len(rows) < 2:
        raise ValueError(f"{area}: fewer than two observed years of grid intensity")
    x = rows["year"].astype(float).to_numpy()
    y = rows["gco2_per_kwh"].astype(float).to_numpy()
    return float(np.polyfit(x, y, 1)[0])


def published_waypoints(area: str, rows: dict[str, float] | None = None) -> list[tuple[int, float]]:
    """(year, gCO2/kWh) points of the area's cited benchmark path; empty if none is cited."""
    if area not in PUBLISHED_PATHS:
        return []
    rows = load_parameters().rows if rows is None else rows

    def resolve(ref: str) -> float:
        return float(ref) if ref.replace(".", "").isdigit() else rows[ref]

    return [(int(resolve(y)), resolve(v)) for y, v in PUBLISHED_PATHS[area]]


def has_path(area: str, scenario: str) -> bool:
    if scenario == "plan":
        return bool(plan_waypoints(area))
    return scenario != "paris_1p5" or area in PUBLISHED_PATHS


# --- the members' published power development plans ---------------------------------------------
#
# Conversion rule (fossil-share scaling). A plan row is used only where it gives a share of
# generation or of electricity supply (never of capacity or of capacity additions, which say nothing
# of kWh) for the renewable and the nuclear-and-new sources of the whole mix, in a year of the plan
# and in an observed base year the plan itself states. Fossil share f = 100 − the stated non-fossil
# shares. The plan's intensity in year Y is the member's observed intensity in the base year
# (data/grid_intensity.csv) times f_Y / f_base, joined to the latest observation by straight lines.
# No emission factor per fuel is used: none was found in a primary source we hold (IPCC AR5 Annex III
# was read only in wikis). What the rule assumes: each fossil kWh keeps the base year's mean
# intensity. A plan that moves from coal to gas (Thailand's: coal 20% to 7%, gas 57% to 41%) makes
# fossil kWh cleaner, so the rule overstates the plan's intensity and dates the crossover late, not
# early. Plans given only as capacity (Indonesia's RUPTL, Vietnam's PDP8, Malaysia's NETR) are shown
# as their shares and not converted.
PLAN_BASES = ("generation", "electricity_supply")
PLAN_STATUSES = ("adopted", "draft")
NON_FOSSIL = ("renewable", "nuclear_and_new", "nuclear")


def plan_table(path=None) -> pd.DataFrame:
    return data.load("grid_plans", path)


def plan_shares(area: str, plans: pd.DataFrame | None = None) -> pd.DataFrame:
    """The plan's non-fossil share of the mix by year (observed base year and plan years), on a
    generation or supply basis only: year, non_fossil_pct, plan, plan_status, basis, rows."""
    plans = plan_table() if plans is None else plans
    rows = plans[
        (plans["area"] == area)
        & (plans["measure"] == "share_of_mix")
        & plans["basis"].isin(PLAN_BASES)
        & plans["technology"].isin(NON_FOSSIL)
        & plans["plan_status"].isin((*PLAN_STATUSES, "observed"))
    ]
    out = []
    for year, g in rows.groupby("year"):
        status = "observed" if (g["plan_status"] == "observed").all() else g["plan_status"].iloc[0]
        out.append(
            {
                "year": int(year),
                "non_fossil_pct": float(g["value"].astype(float).sum()),
                "plan": g["plan"].iloc[0],
                "plan_status": status,
                "basis": g["basis"].iloc[0],
                "rows": ";".join(g["row_id"]),
            }
        )
    return pd.DataFrame(out)


def plan_waypoints(
    area: str, plans: pd.DataFrame | None = None, grid: pd.DataFrame | None = None
) -> list[tuple[int, float]]:
    """(year, gCO2/kWh) of the member's plan by fossil-share scaling; empty where not convertible."""
    shares = plan_shares(area, plans)
    if shares.empty or not (shares["plan_status"] == "observed").any():
        return []
    grid = grid_table() if grid is None else grid
    base = shares[shares["plan_status"] == "observed"].iloc[-1]
    observed = grid[(grid["area"] == area) & (grid["year"] == base["year"])]["gco2_per_kwh"]
    if observed.empty:
        return []
    g_base, f_base = float(observed.iloc[0]), 100 - base["non_fossil_pct"]
    ahead = shares[(shares["plan_status"] != "observed") & (shares["year"] > base["year"])]
    return [(int(r.year), g_base * (100 - r.non_fossil_pct) / f_base) for r in ahead.itertuples()]


def plan_status(area: str) -> str | None:
    """'adopted' or 'draft' for the plan behind the member's plan path; None without one."""
    shares = plan_shares(area)
    ahead = shares[shares["plan_status"] != "observed"] if not shares.empty else shares
    return None if ahead.empty or not plan_waypoints(area) else str(ahead["plan_status"].iloc[-1])


def plan_overview(areas, plans: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every member's plan rows as published (shares and capacities), with whether the plan path
    converts them: area, plan, plan_status, year, measure, basis, technology, value, unit,
    converted (True where the row enters the plan path), row_id."""
    plans = plan_table() if plans is None else plans
    rows = plans[plans["area"].isin(list(areas))].copy()
    used = set()
    for a in areas:
        if plan_waypoints(a, plans):
            for r in plan_shares(a, plans)["rows"]:
                used.update(r.split(";"))
    rows["converted"] = rows["row_id"].isin(used)
    cols = ["area", "plan", "plan_status", "year", "measure", "basis", "technology", "value"]
    return rows[[*cols, "unit", "converted", "row_id"]].reset_index(drop=True)


def grid_path(
    area: str,
    scenario: str = "trend",
    grid: pd.DataFrame | None = None,
    end: int = PATH_END,
    waypoints: list[tuple[int, float]] | None = None,
) -> pd.DataFrame:
    """Observed years, then the scenario's path to `end`: year, gco2_per_kwh, basis."""
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown grid scenario {scenario!r}; one of {list(SCENARIOS)}")
    grid = grid_table() if grid is None else grid
    if scenario == "paris_1p5":
        waypoints = published_waypoints(area) if waypoints is None else waypoints
        if not waypoints:
            raise ValueError(f"no published benchmark path is cited for {area!r}")
    if scenario == "plan":
        waypoints = plan_waypoints(area, grid=grid) if waypoints is None else waypoints
        if not waypoints:
            raise ValueError(f"no convertible power development plan is held for {area!r}")
    latest = latest_grid(area, grid)
    if latest is None:
        raise ValueError(f"no grid intensity for {area!r}")
    year0, g0 = latest
    observed = grid[grid["area"] == area].sort_values("year")
    rows = [
        (int(y), float(g), "observed")
        for y, g in zip(observed["year"], observed["gco2_per_kwh"], strict=True)
    ]
    slope = trend_slope(area, grid) if scenario == "trend" else 0.0
    for y in range(year0 + 1, end + 1):
        if scenario == "held":
            g = g0
        elif scenario == "trend":
            g = max(0.0, g0 + slope * (y - year0))
        elif scenario in ("paris_1p5", "plan"):
            xs, ys = zip(*[(year0, g0), *sorted(waypoints)], strict=True)
            g = float(np.interp(y, xs, ys))  # held at the last waypoint beyond it
        else:  # halved_2035
            g = g0 * (1 - 0.5 * (y - year0) / (end - year0)) if end > year0 else g0 / 2
        basis = {"paris_1p5": "benchmark", "plan": "plan"}.get(scenario, "assumption")
        rows.append((y, g, basis))
    out = pd.DataFrame(rows, columns=["year", "gco2_per_kwh", "basis"])
    out.insert(0, "area", area)
    out["scenario"] = scenario
    return out


def car_grid(
    path: pd.DataFrame, year: int, lifetime_years: float, basis: str = "lifetime"
) -> float:
    """The grid a car bought in `year` runs on: the path's mean over its life, or that year's.

    Years after the path's last year keep its last value (assumption); a purchase year before the
    path's first year is an error.
    """
    series = path.set_index("year")["gco2_per_kwh"].astype(float)
    if year < series.index.min():
        raise ValueError(f"no grid intensity before {series.index.min()}")
    if basis == "purchase":
        return float(series.get(year, series.iloc[-1]))
    if basis != "lifetime":
        raise ValueError(f"basis must be 'lifetime' or 'purchase', got {basis!r}")
    span = range(year, year + max(1, round(lifetime_years)))
    return float(np.mean([series.get(y, series.iloc[-1]) for y in span]))


# --- the tables the notebooks show -----------------------------------------------------------------


def member_fuels(area: str, p: Parameters, land_use_change: bool = True) -> Fuels | None:
    """The member's cited blends, or None where this table cites none."""
    cited = BLEND_ROWS.get(area)
    if not cited:
        return None
    values = {k: p.rows[rid] for k, rid in cited.items()}
    return Fuels(**values, land_use_change=land_use_change)


def pathway_table(
    areas,
    year: int | None = None,
    scenario: str = "held",
    *,
    basis: str = "lifetime",
    land_use_change: bool = True,
    p: Parameters | None = None,
    grid: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """gCO2e/km of every pathway for a car bought in `year` (default: each area's latest observed
    year) on each area's grid path. Blend rows appear only for members with a cited blend.

    Columns: area, year, scenario, basis, grid_gco2_per_kwh, pathway, label, production, fuel,
    electricity, total.
    """
    p = p or load_parameters()
    grid = grid_table() if grid is None else grid
    rows = []
    for area in areas:
        latest = latest_grid(area, grid)
        if latest is None or not has_path(area, scenario):
            continue
        buy = latest[0] if year is None else year
        g = car_grid(grid_path(area, scenario, grid), buy, p.lifetime_years, basis)
        fuels = member_fuels(area, p, land_use_change)
        for pathway in PATHWAYS:
            if pathway.endswith("BLEND") and (
                fuels is None
                or not (fuels.biodiesel_pct if pathway == "ICE_DIESEL_BLEND" else fuels.ethanol_pct)
            ):
                continue
            parts = per_km(p, pathway, g, fuels=fuels or Fuels())
            rows.append(
                {
                    "area": area,
                    "year": buy,
                    "scenario": scenario,
                    "basis": basis,
                    "grid_gco2_per_kwh": g,
                    "pathway": pathway,
                    "label": PATHWAY_LABELS[pathway],
                    **parts,
                }
            )
    return pd.DataFrame(rows)


def wide_table(t: pd.DataFrame) -> pd.DataFrame:
    """One row per member: its grid and each pathway's total gCO2e/km (for rep.table).

    Columns carry short labels; a pathway a member has no cited blend for shows as missing."""
    from evbrief.data import countries

    wide = t.pivot_table(
        index=["area", "year", "grid_gco2_per_kwh"], columns="label", values="total"
    )
    wide = wide[[PATHWAY_LABELS[p] for p in PATHWAYS if PATHWAY_LABELS[p] in wide.columns]]
    wide = wide.reset_index().sort_values("grid_gco2_per_kwh")
    wide.insert(0, "Member", wide.pop("area").map(countries.name))
    wide.columns.name = None  # the pivot's "label" would show as a header cell of its own
    return wide.rename(
        columns={
            "year": "Purchase year",
            "grid_gco2_per_kwh": "Grid over the car's life (gCO2e/kWh)",
        }
    ).reset_index(drop=True)


def lifecycle_value(
    area: str,
    year: int,
    pathway: str,
    scenario: str = "held",
    basis: str = "lifetime",
    land_use_change: bool = True,
) -> float | None:
    """Total gCO2e/km of one pathway for one member and purchase year; None where not covered."""
    t = pathway_table([area], year, scenario, basis=basis, land_use_change=land_use_change)
    rows = t[t["pathway"] == pathway] if not t.empty else t
    return float(rows["total"].iloc[0]) if len(rows) == 1 else None


def crossover_year(
    area: str,
    scenario: str = "trend",
    *,
    basis: str = "lifetime",
    hev_fuels: Fuels | None = None,
    p: Parameters | None = None,
    grid: pd.DataFrame | None = None,
    end: int = PATH_END,
) -> int | None:
    """First purchase year, from the latest observed one to `end`, in which a BEV bought that year
    beats a HEV (on fossil petrol, or on `hev_fuels`) over its life on the member's grid path;
    None if not by `end`."""
    p = p or load_parameters()
    grid = grid_table() if grid is None else grid
    threshold = crossover_grid(p, hev_fuels=hev_fuels)
    path = grid_path(area, scenario, grid, end)
    start = latest_grid(area, grid)[0]
    for y in range(start, end + 1):
        if car_grid(path, y, p.lifetime_years, basis) < threshold:
            return y
    return None


def crossover_table(
    areas,
    scenario: str = "trend",
    *,
    basis: str = "lifetime",
    hev_fuels: Fuels | None = None,
    p: Parameters | None = None,
    grid: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Where and from when a BEV beats a HEV (on fossil petrol, or on `hev_fuels`), per member.

    Columns: area, latest_year, grid_latest (observed), crossover_gco2_per_kwh (the threshold),
    grid_car_now (lifetime-average grid of a car bought in the latest year), bev_beats_hev_now,
    crossover_year (first purchase year on the path; <NA> if not by 2035), scenario, basis.
    """
    p = p or load_parameters()
    grid = grid_table() if grid is None else grid
    threshold = crossover_grid(p, hev_fuels=hev_fuels)
    rows = []
    for area in areas:
        latest = latest_grid(area, grid)
        if latest is None or not has_path(area, scenario):
            continue
        path = grid_path(area, scenario, grid)
        now = car_grid(path, latest[0], p.lifetime_years, basis)
        rows.append(
            {
                "area": area,
                "latest_year": latest[0],
                "grid_latest": latest[1],
                "crossover_gco2_per_kwh": threshold,
                "grid_car_now": now,
                "bev_beats_hev_now": now < threshold,
                "crossover_year": crossover_year(
                    area, scenario, basis=basis, hev_fuels=hev_fuels, p=p, grid=grid
                ),
                "scenario": scenario,
                "basis": basis,
            }
        )
    out = pd.DataFrame(rows)
    if not out.empty:
        out["crossover_year"] = out["crossover_year"].astype("Int64")
    return out


def crossover_years(areas, scenarios=tuple(SCENARIOS), *, basis: str = "lifetime") -> pd.DataFrame:
    """The crossover year of each member under each grid path, in one long table (areas without a
    cited benchmark have no paris_1p5 row). Columns as crossover_table."""
    p = load_parameters()
    grid = grid_table()
    frames = [crossover_table(areas, s, basis=basis, p=p, grid=grid) for s in scenarios]
    return pd.concat([f for f in frames if not f.empty], ignore_index=True)


def battery_plant_table(
    plant_areas, *, p: Parameters | None = None, grid: pd.DataFrame | None = None
) -> pd.DataFrame:
    """What the grid behind a battery plant adds to each kWh and to one BEV pack.

    Columns: area, year, grid_gco2_per_kwh, battery_kg_per_kwh, bev_pack_t (for the BEV's pack),
    vs_reference_t (against the same pack made on China's grid).
    """
    p = p or load_parameters()
    grid = grid_table() if grid is None else grid
    ref = latest_grid(REFERENCE_BATTERY_GRID, grid)[1]
    rows = []
    for area in plant_areas:
        latest = latest_grid(area, grid)
        if latest is None:
            continue
        kg = battery_kg_per_kwh(p, latest[1], ref)
        pack = p.battery_kwh["BEV"]
        rows.append(
            {
                "area": area,
                "year": latest[0],
                "grid_gco2_per_kwh": latest[1],
                "battery_kg_per_kwh": kg,
                "bev_pack_t": kg * pack / 1000,
                "vs_reference_t": (kg - p.battery_kg_per_kwh) * pack / 1000,
            }
        )
    return pd.DataFrame(rows)


NICKEL_ROUTES = {
    # route: (row of its intensity, row of the comparison), tCO2e per t of nickel
    "coal_vs_hydro_low": ("LC36", "LC35"),
    "coal_vs_hydro_high": ("LC37", "LC35"),
    "indonesia_vs_global": ("LC38", "LC39"),
}


def nickel_table(p: Parameters | None = None) -> pd.DataFrame:
    """What Indonesian nickel made with captive coal adds to one nickel-rich battery.

    extra_t = (route − comparison) tCO2e/t × nickel per battery (t). Applies to nickel-rich (NMC,
    NCA) packs only: an LFP pack such as the BYD Atto 3's holds no nickel (LC43).
    """
    p = p or load_parameters()
    nickel_t = p.rows["LC42"] / 1000
    rows = []
    for route, (hi, lo) in NICKEL_ROUTES.items():
        rows.append(
            {
                "route": route,
                "nickel_kg_per_battery": p.rows["LC42"],
                "route_t_per_t": p.rows[hi],
                "comparison_t_per_t": p.rows[lo],
                "extra_t_per_battery": (p.rows[hi] - p.rows[lo]) * nickel_t,
                "rows": f"{hi}-{lo};LC42",
            }
        )
    return pd.DataFrame(rows)


def biofuel_table(p: Parameters | None = None, blends=(0, 10, 20, 35, 40)) -> pd.DataFrame:
    """Well-to-wheel intensity of petrol and diesel blends, with and without land-use change, and
    the change against the fossil fuel (what biofuels can and cannot do per km)."""
    p = p or load_parameters()
    rows = []
    for fuel in ("petrol", "diesel"):
        for pct in blends:
            for luc in (False, True):
                ci = blend_intensity(p, fuel, pct, luc)
                rows.append(
                    {
                        "fuel": fuel,
                        "bio_pct": pct,
                        "land_use_change": luc,
                        "g_per_mj": ci,
                        "change_pct": 100 * (ci / p.fossil_g_per_mj - 1),
                    }
                )
    return pd.DataFrame(rows)


# --- ranges: each uncertain input's low, central and high published value ---------------------------
#
# Row ids of the low, central and high value of each uncertain input. Where no published value lies
# on one side of the central one, that end equals the central value (a one-sided range: the real-world
# factors, whose central is the low end of the review's range; the vehicle body, for which no primary
# figure below the blog's 7 t was found). The hybrid's high saving is NREL's fuel-economy gain of 45%
# (LC73) turned into a fuel saving: 1 − 1/(1 + 0.45) = 31.0%.
RANGES = {
    "ice_test_l_per_100km": ("LC75", "LC12", "LC74"),
    "real_world_ice": ("LC15", "LC15", "LC53"),
    "hev_saving_pct": ("LC55", "LC19", "LC73"),
    "real_world_bev": ("LC16", "LC16", "LC54"),
    "phev_utility_pct": ("LC20", "LC20", "LC76"),
    "vehicle_t": ("LC01", "LC01", "LC02"),
    "battery_kg_per_kwh": ("LC65", "LC04", "LC52"),
    "lifetime_km": ("LC61", "LC22", "LC60"),
    "lifetime_years": ("LC63", "LC62", "LC64"),
    "palm_saving_pct": ("LC30", "LC29", "LC29"),
}
GAIN_ROWS = {"LC73"}  # a fuel-economy gain (%), turned into a fuel saving (%)
# Inputs the band holds fixed, each with the reason it has no range.
FIXED = {
    "petrol_mj_per_l": "a physical property of the fuel (energy content)",
    "ethanol_mj_per_l": "a physical property of the fuel (energy content)",
    "diesel_mj_per_l": "a physical property of the fuel (energy content)",
    "biodiesel_mj_per_l": "a physical property of the fuel (energy content; low end of 33.3-35.7)",
    "bev_test_kwh_per_100km": "the type-approval value of the modelled car (BYD Atto 3)",
    "battery_kwh": "the specification of the modelled cars",
    "fossil_g_per_mj": "a legal comparator (EU Renewable Energy Directive)",
    "ethanol_saving_pct": "a legal typical value (EU Renewable Energy Directive, Annex V)",
    "iluc_sugars": "a legal estimate (its 90% range, 4-17, is not entered as rows)",
    "iluc_oil_crops": "a legal estimate (its 90% range, 33-66, is not entered as rows)",
    "cell_kwh_per_kwh_low": "the low end of one published range whose midpoint the model uses",
    "cell_kwh_per_kwh_high": "the high end of one published range whose midpoint the model uses",
}
# The rule on blogs: no input, range end or validation row may rest on a blog, forum, wiki or personal
# page (source_kind "blog"), except where it is the only source found for an input after a search of
# primary sources; then it is listed here with what it moves, and the pathways report says so.
BLOG_ONLY = {
    # row: what it moves (the notebook words it): every_pathway (the same for every car, so it
    # cancels out of the battery car against hybrid verdict), hybrid_battery (under 1 g/km of the
    # hybrid's production), combustion_fuel (every combustion car's fuel), blends (the blends only)
    "LC01": "every_pathway",
    "LC10": "hybrid_battery",
    "LC25": "combustion_fuel",
    "LC26": "blends",
    "LC27": "blends",
    "LC28": "blends",
    "LC31": "blends",
}
BLOG = "blog"
DRAWS = 2000
SEED = 20231
BAND = (5, 95)  # the percentiles that bound the band


def _value(rows: dict[str, float], rid: str) -> float:
    v = rows[rid]
    return 100 * (1 - 1 / (1 + v / 100)) if rid in GAIN_ROWS else v


def parameter_ranges(p: Parameters | None = None) -> pd.DataFrame:
    """Every model input with its low, central and high value and their rows, or the reason it is
    fixed: field, low, central, high, rows, fixed_reason, source_kinds (of its rows)."""
    p = p or load_parameters()
    kinds = parameter_rows().set_index("row_id")["source_kind"]
    out = []
    for name in Parameters.__dataclass_fields__:
        if name == "rows":
            continue
        if name in RANGES:
            rids = RANGES[name]
            lo, mid, hi = (_value(p.rows, r) for r in rids)
            out.append(
                {
                    "field": name,
                    "low": lo,
                    "central": mid,
                    "high": hi,
                    "rows": "-".join(dict.fromkeys(rids)),
                    "fixed_reason": None,
                    "source_kinds": ";".join(sorted({kinds[r] for r in rids})),
                }
            )
        else:
            value = getattr(p, name)
            rid = ROW_OF.get(name)
            out.append(
                {
                    "field": name,
                    "low": None if isinstance(value, dict) else value,
                    "central": None if isinstance(value, dict) else value,
                    "high": None if isinstance(value, dict) else value,
                    "rows": rid or ";".join(BATTERY_ROWS.values()),
                    "fixed_reason": FIXED.get(name),
                    "source_kinds": kinds[rid] if rid else "",
                }
            )
    return pd.DataFrame(out)


def blog_inputs() -> pd.DataFrame:
    """The rows the model reads that rest on a blog, forum or wiki, with what each moves
    (BLOG_ONLY): row_id, parameter, value, unit, source_id, what."""
    rows = parameter_rows()
    read = set(ROW_OF.values()) | set(BATTERY_ROWS.values())
    read |= {r for rids in RANGES.values() for r in rids}
    hit = rows[rows["row_id"].isin(read) & (rows["source_kind"] == BLOG)].copy()
    hit["what"] = hit["row_id"].map(BLOG_ONLY)
    return hit[["row_id", "parameter", "value", "unit", "source_id", "what"]].reset_index(drop=True)


def read_rows() -> set[str]:
    """Every row id the model reads: inputs, range ends, blends, nickel, benchmark waypoints and
    the published comparisons it is tested against."""
    read = set(ROW_OF.values()) | set(BATTERY_ROWS.values())
    read |= {r for rids in RANGES.values() for r in rids}
    read |= {rid for rows in BLEND_ROWS.values() for rid in rows.values()}
    read |= {rid for pair in NICKEL_ROUTES.values() for rid in pair} | {"LC42"}
    read |= {ref for points in PUBLISHED_PATHS.values() for pt in points for ref in pt}
    read |= {rid for comp in COMPARISONS.values() for rid in comp.rows}
    return {r for r in read if r[:2] in ("LC", "V0", "V1")}


def unflagged_blog_rows(rows: pd.DataFrame | None = None) -> list[str]:
    """Rows the model reads whose source is a blog, forum or wiki and that BLOG_ONLY does not list
    (the rule: none), and BLOG_ONLY entries that are no longer blog rows (stale flags)."""
    rows = parameter_rows() if rows is None else rows
    kind = rows.set_index("row_id")["source_kind"]
    read = read_rows() & set(kind.index)
    bad = sorted(r for r in read if kind[r] == BLOG and r not in BLOG_ONLY)
    stale = sorted(r for r in BLOG_ONLY if r not in kind.index or kind[r] != BLOG)
    return bad + stale


def unranged_fields(ranges=None, fixed=None) -> list[str]:
    """Model inputs with neither a low-central-high range nor a stated reason to be fixed, or with
    both, or with a range whose ends are out of order or equal at both sides (the rule: none)."""
    ranges = RANGES if ranges is None else ranges
    fixed = FIXED if fixed is None else fixed
    p = load_parameters()
    out = []
    for name in Parameters.__dataclass_fields__:
        if name == "rows":
            continue
        if (name in ranges) == (name in fixed):
            out.append(name)
        elif name in ranges:
            lo, mid, hi = (_value(p.rows, r) for r in ranges[name])
            if not lo <= mid <= hi or lo == hi:
                out.append(name)
    return out


def _triangular(rng, low: float, mode: float, high: float, n: int) -> np.ndarray:
    if high <= low:
        return np.full(n, float(mode))
    return rng.triangular(low, mode, high, n)


def draw_parameters(p: Parameters, draws: int = DRAWS, seed: int = SEED) -> Parameters:
    """Parameters whose uncertain inputs are arrays of `draws` values, each drawn independently
    from a triangular distribution on its low, central and high value (an assumption: the inputs
    are taken as independent). Deterministic for a seed."""
    rng = np.random.default_rng(seed)
    changes = {}
    for name, rids in RANGES.items():
        lo, mid, hi = (_value(p.rows, r) for r in rids)
        changes[name] = _triangular(rng, lo, mid, hi, draws)
    return replace(p, **changes)


def _car_grids(path: pd.DataFrame, year: int, lifetimes: np.ndarray, basis: str) -> np.ndarray:
    """car_grid for each drawn lifetime (years rounded, as car_grid rounds them)."""
    whole = np.maximum(1, np.round(np.asarray(lifetimes, dtype=float))).astype(int)
    means = {n: car_grid(path, year, n, basis) for n in np.unique(whole)}
    return np.array([means[n] for n in whole])


def comparison_band(
    area: str,
    scenario: str = "trend",
    year: int | None = None,
    *,
    subject: str = "BEV",
    versus: str = "HEV",
    basis: str = "lifetime",
    draws: int = DRAWS,
    seed: int = SEED,
    p: Parameters | None = None,
    grid: pd.DataFrame | None = None,
) -> dict | None:
    """A battery car (subject) against a hybrid (versus) for a car bought in `year` (default: the
    latest observed) on the member's grid path, on the central parameters and as a band.

    The band: every uncertain input drawn from its published range (draw_parameters), the 5th to
    95th percentile of subject − versus (g/km), widened to include the central run. verdict is "subject_lower" or "versus_lower" only
    when the whole band lies on one side of zero, else "too_close". Production and use are kept
    apart: production is the same on every grid, use carries the grid. None where the member has
    no grid or no such path."""
    p = p or load_parameters()
    grid = grid_table() if grid is None else grid
    latest = latest_grid(area, grid)
    if latest is None or not has_path(area, scenario):
        return None
    year = latest[0] if year is None else year
    path = grid_path(area, scenario, grid)
    g = car_grid(path, year, p.lifetime_years, basis)
    a, b = per_km(p, subject, g), per_km(p, versus, g)
    q = draw_parameters(p, draws, seed)
    gq = _car_grids(path, year, q.lifetime_years, basis)
    aq, bq = per_km(q, subject, gq), per_km(q, versus, gq)
    diff = aq["total"] - bq["total"]
    # the band: the draws' 5th to 95th percentile, widened to the central run where it falls
    # outside (several central values sit at one end of their range)
    central = a["total"] - b["total"]
    lo, hi = np.percentile(diff, BAND)
    lo, hi = min(lo, central), max(hi, central)
    verdict = "subject_lower" if hi < 0 else "versus_lower" if lo > 0 else "too_close"

    def use(parts):
        return parts["fuel"] + parts["electricity"]

    return {
        "area": area,
        "scenario": scenario,
        "year": year,
        "subject": subject,
        "versus": versus,
        "grid_gco2_per_kwh": g,
        "subject_total": a["total"],
        "versus_total": b["total"],
        "subject_production": a["production"],
        "versus_production": b["production"],
        "subject_use": use(a),
        "versus_use": use(b),
        "difference": a["total"] - b["total"],
        "difference_low": float(lo),
        "difference_high": float(hi),
        "subject_low": float(min(np.percentile(aq["total"], BAND[0]), a["total"])),
        "subject_high": float(max(np.percentile(aq["total"], BAND[1]), a["total"])),
        "versus_low": float(min(np.percentile(bq["total"], BAND[0]), b["total"])),
        "versus_high": float(max(np.percentile(bq["total"], BAND[1]), b["total"])),
        "margin_pct": 100 * (1 - a["total"] / b["total"]),
        "verdict": verdict,
        "central_verdict": "subject_lower" if a["total"] < b["total"] else "versus_lower",
        "draws": draws,
    }


def band_table(areas, scenario: str = "trend", **kw) -> pd.DataFrame:
    """comparison_band for each member that has a grid and the path (one row each)."""
    rows = [comparison_band(a, scenario, **kw) for a in areas]
    return pd.DataFrame([r for r in rows if r is not None])


def production_table(p: Parameters | None = None) -> pd.DataFrame:
    """Production emissions per car, apart from use: pathway, vehicle_t, battery_t, total_t (on the
    central parameters; the battery made on China's grid), with the battery's low and high
    (published range of kg per kWh). A factory's own grid: battery_plant_table."""
    p = p or load_parameters()
    lo, _, hi = (_value(p.rows, r) for r in RANGES["battery_kg_per_kwh"])
    rows = []
    for pathway in ("ICE", "HEV", "PHEV", "BEV"):
        kwh = p.battery_kwh[pathway]
        rows.append(
            {
                "pathway": pathway,
                "label": PATHWAY_LABELS[pathway],
                "vehicle_t": p.vehicle_t,
                "battery_kwh": kwh,
                "battery_t": kwh * p.battery_kg_per_kwh / 1000,
                "battery_low_t": kwh * lo / 1000,
                "battery_high_t": kwh * hi / 1000,
                "total_t": p.vehicle_t + kwh * p.battery_kg_per_kwh / 1000,
            }
        )
    return pd.DataFrame(rows)


# --- sensitivity: each input moved to another published value ---------------------------------------

SENSITIVITIES = {
    # name: (Parameters field, row holding the alternative published value)
    "vehicle body of a compact SUV (14 t)": ("vehicle_t", "LC02"),
    "battery at the review's 25% quantile": ("battery_kg_per_kwh", "LC51"),
    "battery at the review's median": ("battery_kg_per_kwh", "LC05"),
    "battery at the review's 75% quantile": ("battery_kg_per_kwh", "LC52"),
    "high real-world factor, combustion cars": ("real_world_ice", "LC53"),
    "high real-world factor, BEV": ("real_world_bev", "LC54"),
    "hybrid saving 23% (Honda CR-V)": ("hev_saving_pct", "LC55"),
    "lifetime 200,000 km (electric cars)": ("lifetime_km", "LC56"),
}


def sensitivity_table(p: Parameters | None = None) -> pd.DataFrame:
    """The BEV-beats-HEV threshold (g/kWh) when one input takes another published value.

    Columns: change, field, row, value, crossover_gco2_per_kwh, shift (against the central case).
    """
    p = p or load_parameters()
    central = crossover_grid(p)
    rows = []
    for name, (fld, rid) in SENSITIVITIES.items():
        changed = replace(p, **{fld: p.rows[rid]})
        g = crossover_grid(changed)
        rows.append(
            {
                "change": name,
                "field": fld,
                "row": rid,
                "value": p.rows[rid],
                "crossover_gco2_per_kwh": g,
                "shift": g - central,
            }
        )
    return pd.DataFrame(rows)


# --- the published comparisons the model is held to ------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One published BEV-versus-combustion result and how the model reproduces it."""

    rows: tuple[str, ...]  # validation row ids: (low, high) or (single,)
    area: str
    year: int  # purchase year of the published cars
    scenario: str  # the grid the study used: a lifetime path ("trend") or today's ("held")
    versus: str = "ICE"  # the car the BEV (or HEV) is compared with
    subject: str = "BEV"


COMPARISONS = {
    "icct2021_china": Comparison(("V01a", "V01b"), "CHN", 2021, "trend"),
    "icct2021_india": Comparison(("V02a", "V02b"), "IND", 2021, "trend"),
    "icct2021_europe": Comparison(("V03a", "V03b"), "EU27", 2021, "trend"),
    "icct2021_usa": Comparison(("V04a", "V04b"), "USA", 2021, "trend"),
    "icct2025_europe": Comparison(("V05",), "EU27", 2025, "trend"),
    "icct2025_hybrid": Comparison(("V06",), "EU27", 2025, "trend", subject="HEV"),
    "greet2023_china": Comparison(("V07b", "V07a"), "CHN", 2021, "held"),
}


def reduction_pct(
    comparison: Comparison, p: Parameters | None = None, grid: pd.DataFrame | None = None
) -> float:
    """The model's % by which `subject` emits less than `versus` for the comparison's cars."""
    p = p or load_parameters()
    grid = grid_table() if grid is None else grid
    path = grid_path(comparison.area, comparison.scenario, grid)
    g = car_grid(path, comparison.year, p.lifetime_years, "lifetime")
    subject = per_km(p, comparison.subject, g)["total"]
    versus = per_km(p, comparison.versus, g)["total"]
    return 100 * (1 - subject / versus)


def validation_table(p: Parameters | None = None) -> pd.DataFrame:
    """Each published comparison beside the model's value: published_low/high, model, gap_pp
    (0 inside the published range, else the distance to its nearer end)."""
    p = p or load_parameters()
    params = parameter_rows().set_index("row_id")
    rows = []
    for name, comp in COMPARISONS.items():
        published = [float(params.at[r, "value"]) for r in comp.rows]
        lo, hi = min(published), max(published)
        model = reduction_pct(comp, p)
        gap = 0.0 if lo <= model <= hi else min(abs(model - lo), abs(model - hi))
        rows.append(
            {
                "comparison": name,
                "area": comp.area,
                "published_low": lo,
                "published_high": hi,
                "model": model,
                "gap_pp": gap,
                "rows": ";".join(comp.rows),
            }
        )
    return pd.DataFrame(rows)


# --- claims -------------------------------------------------------------------------------------


def lifecycle_claim(rep, area: str, year: int, pathway: str, scenario: str = "held"):
    """A pathway's life-cycle gCO2e/km for a car bought in `year`, as a claim."""
    return rep.claims.claim(
        "lifecycle_gkm",
        lifecycle_value(area, year, pathway, scenario),
        "gCO2e/km",
        "lifecycle_parameters",
        area=area,
        year=year,
        pathway=pathway,
        scenario=scenario,
    )


def crossover_grid_claim(rep):
    """The grid intensity below which a BEV beats a HEV, as a claim."""
    return rep.claims.claim(
        "crossover_grid", crossover_grid(load_parameters()), "gCO2e/kWh", "lifecycle_parameters"
    )


def crossover_year_claim(rep, area: str, scenario: str = "trend"):
    """The first purchase year in which a BEV beats a HEV on the member's path, as a claim.

    Raises (through the register) when the crossover is not reached by 2035: say so in words.
    """
    return rep.claims.claim(
        "crossover_year",
        crossover_year(area, scenario),
        "year",
        "grid_intensity",
        area=area,
        scenario=scenario,
    )


def grid_claim(rep, area: str, year: int | None = None):
    """An area's grid carbon intensity (latest observed year by default), as a claim."""
    grid = grid_table()
    if year is None:
        latest = latest_grid(area, grid)
        year = latest[0] if latest else None
    rows = grid[(grid["area"] == area) & (grid["year"] == year)]
    value = float(rows["gco2_per_kwh"].iloc[0]) if len(rows) == 1 else None
    return rep.claims.claim(
        "grid_intensity", value, "gCO2e/kWh", "grid_intensity", area=area, year=year
    )


def parameter_claim(rep, row_id: str):
    """A cited life-cycle figure (its unit as published), as a claim."""
    rows = parameter_rows().set_index("row_id")
    value = rows.at[row_id, "value"] if row_id in rows.index else None
    unit = str(rows.at[row_id, "unit"]) if row_id in rows.index else ""
    value = None if value is None or pd.isna(value) else float(value)
    return rep.claims.claim("lifecycle_parameter", value, unit, "lifecycle_parameters", id=row_id)


def reduction_claim(rep, area: str, year: int, subject: str, versus: str, scenario: str = "held"):
    """By how much (%) `subject` emits less than `versus` over its life (negative: more)."""
    a = lifecycle_value(area, year, subject, scenario)
    b = lifecycle_value(area, year, versus, scenario)
    value = 100 * (1 - a / b) if a is not None and b else None
    return rep.claims.claim(
        "lifecycle_reduction",
        value,
        "percent",
        "lifecycle_parameters",
        area=area,
        year=year,
        subject=subject,
        versus=versus,
        scenario=scenario,
    )


def nickel_claim(rep, route: str):
    """What a nickel route adds to one nickel-rich battery (tCO2e), as a claim."""
    t = nickel_table().set_index("route")
    value = float(t.at[route, "extra_t_per_battery"]) if route in t.index else None
    return rep.claims.claim(
        "nickel_extra", value, "tCO2e per battery", "lifecycle_parameters", route=route
    )


def battery_plant_claim(rep, area: str):
    """What making the BEV's pack on the area's grid adds against China's grid (tCO2e)."""
    t = battery_plant_table([area]).set_index("area")
    value = float(t.at[area, "vs_reference_t"]) if area in t.index else None
    return rep.claims.claim(
        "battery_plant_extra", value, "tCO2e per pack", "grid_intensity", area=area
    )


def blend_change_claim(rep, fuel: str, bio_pct: float, land_use_change: bool = True):
    """How much (%) a blend changes the fuel's well-to-wheel emissions per MJ against fossil."""
    p = load_parameters()
    value = 100 * (blend_intensity(p, fuel, bio_pct, land_use_change) / p.fossil_g_per_mj - 1)
    return rep.claims.claim(
        "blend_change",
        value,
        "percent",
        "lifecycle_parameters",
        fuel=fuel,
        bio_pct=bio_pct,
        land_use_change=land_use_change,
    )


BAND_ENDS = {
    # which: what the claim holds, from comparison_band (g/km; the battery car's saving is the
    # hybrid's total less the battery car's, negative where the battery car emits more)
    "saving_low": lambda b: -b["difference_high"],
    "saving_high": lambda b: -b["difference_low"],
    "excess_high": lambda b: b["difference_high"],
    "excess_low": lambda b: b["difference_low"],
    "saving_central": lambda b: -b["difference"],
    "excess_central": lambda b: b["difference"],
}


def band_claim(rep, area: str, scenario: str, which: str, year: int | None = None):
    """One end of the band as a claim (g/km; see BAND_ENDS), with the draws and seed it used."""
    b = comparison_band(area, scenario, year)
    return rep.claims.claim(
        "lifecycle_band",
        None if b is None else BAND_ENDS[which](b),
        "gCO2e/km",
        "lifecycle_parameters",
        area=area,
        scenario=scenario,
        year=None if b is None else b["year"],
        which=which,
        draws=DRAWS,
        seed=SEED,
    )


def production_claim(rep, pathway: str, column: str = "total_t"):
    """A car's production emissions (tCO2e; column total_t, battery_t, battery_low_t or
    battery_high_t of production_table), on the central parameters."""
    t = production_table().set_index("pathway")
    value = float(t.at[pathway, column]) if pathway in t.index else None
    return rep.claims.claim(
        "production_t", value, "tCO2e", "lifecycle_parameters", pathway=pathway, column=column
    )


def grid_path_value(area: str, scenario: str, year: int) -> float | None:
    """The grid intensity on the member's path in `year` (None where the path is not defined)."""
    if latest_grid(area) is None or not has_path(area, scenario):
        return None
    path = grid_path(area, scenario).set_index("year")["gco2_per_kwh"]
    return float(path.get(year)) if year in path.index else None


def grid_path_claim(rep, area: str, scenario: str, year: int = PATH_END):
    """The grid intensity on the member's path in `year`, as a claim."""
    return rep.claims.claim(
        "grid_path",
        grid_path_value(area, scenario, year),
        "gCO2e/kWh",
        "grid_plans" if scenario == "plan" else "grid_intensity",
        area=area,
        scenario=scenario,
        year=year,
    )


def band_crossover_year(area: str, scenario: str = "trend", end: int = PATH_END) -> int | None:
    """The first purchase year, from the latest observed one to `end`, in which the whole band
    puts the battery car below the hybrid on the member's grid path (None if not by `end`, or if
    the path is not defined). On the central parameters the year is crossover_year's or earlier."""
    latest = latest_grid(area)
    if latest is None or not has_path(area, scenario):
        return None
    for y in range(latest[0], end + 1):
        if comparison_band(area, scenario, y)["verdict"] == "subject_lower":
            return y
    return None


def band_crossover_claim(rep, area: str, scenario: str = "trend"):
    """band_crossover_year as a claim (raises where not reached by 2035: say so in words)."""
    return rep.claims.claim(
        "band_crossover_year",
        band_crossover_year(area, scenario),
        "year",
        "lifecycle_parameters",
        area=area,
        scenario=scenario,
        draws=DRAWS,
        seed=SEED,
    )


def range_claim(rep, name: str, end: str):
    """One end ("low", "central" or "high") of a model input's published range, as a claim, in the
    unit of its row (the hybrid's high saving is converted from a fuel-economy gain: GAIN_ROWS)."""
    rid = RANGES[name][("low", "central", "high").index(end)] if name in RANGES else None
    rows = parameter_rows().set_index("row_id")
    unit = "percent" if rid in GAIN_ROWS else str(rows.at[rid, "unit"]) if rid else ""
    value = _value(load_parameters().rows, rid) if rid else None
    return rep.claims.claim(
        "parameter_range", value, unit, "lifecycle_parameters", field=name, end=end, row=rid
    )
