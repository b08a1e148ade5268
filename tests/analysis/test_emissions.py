"""The emissions model: its arithmetic worked by hand, its inputs traced to cited rows, and the
published life-cycle comparisons it reproduces.

The hand-worked tests use a Parameters object written out here (the published values of
data/lifecycle_parameters.csv at the time of writing), so the arithmetic is checked independently
of later edits to the table; a separate test checks that the loader reads exactly those rows.
"""

from __future__ import annotations

import csv
from dataclasses import replace

import pandas as pd
import pytest
from evbrief import PROJECT_ROOT
from evbrief.analysis import emissions
from evbrief.data.countries import ASEAN
from evbrief.data.sources import grid as grid_source
from evbrief.document import charts

from tests.conftest import REFERENCE

TABLE = PROJECT_ROOT / "data" / "lifecycle_parameters.csv"

# The published inputs, as in lifecycle_parameters.csv (row ids in emissions.ROW_OF).
P = emissions.Parameters(
    ice_test_l_per_100km=7.2,  # LC12
    real_world_ice=1.24,  # LC15
    petrol_mj_per_l=32.0,  # LC25
    hev_saving_pct=30.0,  # LC19
    bev_test_kwh_per_100km=15.6,  # LC14
    real_world_bev=1.34,  # LC16
    phev_utility_pct=45.0,  # LC20
    vehicle_t=7.0,  # LC01
    battery_kg_per_kwh=100.0,  # LC04
    cell_kwh_per_kwh_low=50.0,  # LC06
    cell_kwh_per_kwh_high=65.0,  # LC07
    battery_kwh={"ICE": 0.0, "HEV": 1.3, "PHEV": 11.0, "BEV": 60.5},  # LC10, LC11, LC09
    lifetime_km=187_000.0,  # LC22
    lifetime_years=18.1,  # LC62 (supersedes LC23, 18.7 from a magazine)
    fossil_g_per_mj=83.8,  # LC24
    ethanol_mj_per_l=23.5,  # LC26
    diesel_mj_per_l=38.6,  # LC27
    biodiesel_mj_per_l=33.3,  # LC28
    ethanol_saving_pct=71.0,  # LC31
    palm_saving_pct=36.0,  # LC29
    iluc_sugars=13.0,  # LC33
    iluc_oil_crops=55.0,  # LC32
)

# Published comparisons: the model must fall within this many percentage points of the published
# range (0 inside it). The studies differ from the model in vehicle segment, fuel-consumption data
# and grid accounting (ICCT uses stated-policy grid paths, the model its own trend path), so a
# narrower band would test those differences, not the arithmetic.
TOLERANCE_PP = 10.0


def csv_rows() -> dict[str, dict]:
    with open(TABLE, newline="", encoding="utf-8") as f:
        return {r["row_id"]: r for r in csv.DictReader(f)}


# --- the inputs come from cited rows ------------------------------------------------------------


def test_loader_reads_the_cited_rows():
    rows = csv_rows()
    loaded = emissions.load_parameters()
    for name, rid in emissions.ROW_OF.items():
        assert rows[rid]["role"] == "input", rid
        assert rows[rid]["quote"].strip() and rows[rid]["url"].startswith("http"), rid
        assert getattr(loaded, name) == pytest.approx(float(rows[rid]["value"])), name
    for pathway, rid in emissions.BATTERY_ROWS.items():
        assert loaded.battery_kwh[pathway] == pytest.approx(float(rows[rid]["value"]))
    # the hand-worked tests below use the same values
    assert loaded == replace(P, rows=loaded.rows)


def test_every_input_row_is_read_and_every_read_row_is_an_input():
    """role=input means the model reads the row; the rest is context or validation."""
    read = set(emissions.ROW_OF.values()) | set(emissions.BATTERY_ROWS.values())
    read |= {rid for rows in emissions.BLEND_ROWS.values() for rid in rows.values()}
    read |= {rid for pair in emissions.NICKEL_ROUTES.values() for rid in pair} | {"LC42"}
    read |= {ref for points in emissions.PUBLISHED_PATHS.values() for p in points for ref in p}
    read |= {rid for rows in emissions.RANGES.values() for rid in rows}
    read = {rid for rid in read if rid.startswith("LC")}
    inputs = {rid for rid, r in csv_rows().items() if r["role"] == "input"}
    assert read == inputs


def test_a_missing_input_row_is_an_error(data_copy):
    path = data_copy / "lifecycle_parameters.csv"
    kept = [line for line in path.read_text().splitlines(True) if not line.startswith("LC22,")]
    path.write_text("".join(kept))
    with pytest.raises(ValueError, match="LC22"):
        emissions.load_parameters(data_copy)


# --- energy and fuel, by hand -------------------------------------------------------------------


def test_energy_per_km_by_hand():
    # ICE: 7.2 L/100 km x 1.24 = 8.928 L/100 km = 0.08928 L/km; x 32 MJ/L = 2.85696 MJ/km
    assert emissions.fuel_mj_per_km(P, "ICE") == pytest.approx(2.85696)
    # HEV: 30% less fuel: 2.85696 x 0.7 = 1.999872 MJ/km
    assert emissions.fuel_mj_per_km(P, "HEV") == pytest.approx(1.999872)
    # BEV: 15.6 kWh/100 km x 1.34 = 20.904 kWh/100 km = 0.20904 kWh/km (at the plug)
    assert emissions.electricity_kwh_per_km(P) == pytest.approx(0.20904)


def test_blend_intensity_by_hand():
    # E10 petrol: energy share x = 0.1*23.5 / (0.1*23.5 + 0.9*32) = 2.35 / 31.15 = 0.0754414
    # ethanol 83.8*(1-0.71) + 13 = 24.302 + 13 = 37.302 g/MJ
    # blend 83.8 - 0.0754414*(83.8-37.302) = 83.8 - 3.50786 = 80.29214
    assert emissions.blend_intensity(P, "petrol", 10) == pytest.approx(80.29214, abs=1e-4)
    # without land-use change the ethanol is 24.302: 83.8 - 0.0754414*59.498 = 79.31145
    assert emissions.blend_intensity(P, "petrol", 10, land_use_change=False) == pytest.approx(
        79.31145, abs=1e-4
    )
    # B35 diesel: x = 0.35*33.3 / (0.35*33.3 + 0.65*38.6) = 11.655 / 36.745 = 0.3171860
    # palm biodiesel 83.8*0.64 + 55 = 53.632 + 55 = 108.632 g/MJ, worse than the fossil 83.8
    # blend 83.8 + 0.3171860*(108.632-83.8) = 83.8 + 7.87636 = 91.67636
    assert emissions.blend_intensity(P, "diesel", 35) == pytest.approx(91.67636, abs=1e-4)
    # and 83.8 - 0.3171860*(83.8-53.632) = 83.8 - 9.56887 = 74.23113 without land-use change
    assert emissions.blend_intensity(P, "diesel", 35, land_use_change=False) == pytest.approx(
        74.23113, abs=1e-4
    )
    assert emissions.blend_intensity(P, "petrol", 0) == 83.8
    with pytest.raises(ValueError):
        emissions.blend_intensity(P, "petrol", 120)


# --- per km, by hand ----------------------------------------------------------------------------


def test_per_km_by_hand():
    # production per km: body 7 t = 7,000,000 g over 187,000 km = 37.43316 g/km
    # ICE fuel: 2.85696 MJ/km x 83.8 g/MJ = 239.41325 g/km; total 276.84641
    ice = emissions.per_km(P, "ICE", 500.0)
    assert ice["production"] == pytest.approx(37.43316, abs=1e-4)
    assert ice["fuel"] == pytest.approx(239.41325, abs=1e-4)
    assert ice["electricity"] == 0
    assert ice["total"] == pytest.approx(276.84641, abs=1e-4)
    # HEV: battery 1.3 kWh x 100 kg = 130 kg; (7,000,000 + 130,000) / 187,000 = 38.12834 g/km
    # fuel 239.41325 x 0.7 = 167.58927; total 205.71761 (no grid term)
    hev = emissions.per_km(P, "HEV", 500.0)
    assert hev["production"] == pytest.approx(38.12834, abs=1e-4)
    assert hev["total"] == pytest.approx(205.71761, abs=1e-4)
    # BEV on a 500 g/kWh grid: battery 60.5 x 100 kg = 6,050 kg;
    # (7,000,000 + 6,050,000) / 187,000 = 69.78610 g/km; electricity 0.20904 x 500 = 104.52
    bev = emissions.per_km(P, "BEV", 500.0)
    assert bev["production"] == pytest.approx(69.78610, abs=1e-4)
    assert bev["electricity"] == pytest.approx(104.52)
    assert bev["total"] == pytest.approx(174.30610, abs=1e-4)
    # PHEV: 11 kWh x 100 kg = 1,100 kg -> 8,100,000 / 187,000 = 43.31551 g/km
    # 55% of km on fuel at the HEV's rate: 0.55 x 167.58927 = 92.17410
    # 45% on electricity at the BEV's rate: 0.45 x 104.52 = 47.034; total 182.52361
    phev = emissions.per_km(P, "PHEV", 500.0)
    assert phev["production"] == pytest.approx(43.31551, abs=1e-4)
    assert phev["fuel"] == pytest.approx(92.17410, abs=1e-4)
    assert phev["electricity"] == pytest.approx(47.034)
    assert phev["total"] == pytest.approx(182.52361, abs=1e-4)
    # E20 petrol car: x = 0.2*23.5/(0.2*23.5 + 0.8*32) = 4.7/30.3 = 0.1551155;
    # 83.8 - 0.1551155*46.498 = 76.58741 g/MJ; x 2.85696 = 218.80770; total 256.24086
    e20 = emissions.per_km(P, "ICE_BLEND", 500.0, fuels=emissions.Fuels(ethanol_pct=20))
    assert e20["total"] == pytest.approx(256.24086, abs=1e-3)


def test_a_hybrid_on_ethanol_by_hand():
    # E10 hybrid: 1.999872 MJ/km x 80.29214 g/MJ = 160.57400 g/km, + production 38.12834
    # = 198.70234; the BEV beats it below (198.70234 - 69.78610) / 0.20904 = 616.70615 g/kWh,
    # 33.56 g/kWh lower than against a hybrid on fossil petrol
    e10 = emissions.Fuels(ethanol_pct=10)
    hev = emissions.per_km(P, "HEV_BLEND", 0.0, fuels=e10)
    assert hev["total"] == pytest.approx(198.70234, abs=1e-3)
    assert emissions.crossover_grid(P, hev_fuels=e10) == pytest.approx(616.70615, abs=1e-3)


def test_the_bev_grows_with_the_grid_and_nothing_else_does():
    # only the electricity term moves: 0.20904 g per km for each g/kWh
    for pathway in ("ICE", "HEV"):
        assert (
            emissions.per_km(P, pathway, 900.0)["total"]
            == emissions.per_km(P, pathway, 100.0)["total"]
        )
    bev = emissions.per_km(P, "BEV", 900.0)["total"] - emissions.per_km(P, "BEV", 100.0)["total"]
    assert bev == pytest.approx(0.20904 * 800)


def test_crossover_grid_by_hand():
    # BEV = HEV where 69.78610 + 0.20904 g = 205.71761 -> g = 135.93151 / 0.20904 = 650.26555
    g = emissions.crossover_grid(P)
    assert g == pytest.approx(650.26555, abs=1e-3)
    at = emissions.per_km(P, "BEV", g)["total"]
    assert at == pytest.approx(emissions.per_km(P, "HEV", g)["total"])
    # a battery made on a grid 200 g/kWh dirtier than China's adds 57.5 x 0.2 = 11.5 kg/kWh,
    # x 60.5 kWh = 695.75 kg -> 3.72059 g/km to the BEV (0.0115 x 1.3 kWh to the HEV: 0.07995 g/km)
    # g* falls by (3.72059 - 0.07995) / 0.20904 = 17.41597 g/kWh
    dirtier = emissions.crossover_grid(P, plant_grid=700.0, reference_grid=500.0)
    assert g - dirtier == pytest.approx(17.41597, abs=1e-3)


def test_sensitivity_by_hand():
    t = emissions.sensitivity_table().set_index("row")
    # battery at 175 kg/kWh: BEV production (7,000,000 + 60.5 x 175,000) / 187,000 = 94.05080;
    # HEV (7,000,000 + 1.3 x 175,000) / 187,000 = 38.64973, + fuel 167.58927 = 206.23900;
    # g* = (206.23900 - 94.05080) / 0.20904 = 112.18820 / 0.20904 = 536.68296
    assert t.at["LC52", "crossover_gco2_per_kwh"] == pytest.approx(536.68296, abs=1e-3)
    # the body is common to both cars: it moves no threshold
    assert t.at["LC02", "shift"] == pytest.approx(0.0, abs=1e-9)
    # a less frugal hybrid (23% saving) raises the threshold: fuel 239.41325 x 0.77 = 184.34820,
    # + 38.12834 = 222.47654; (222.47654 - 69.78610) / 0.20904 = 152.69044 / 0.20904 = 730.43648
    assert t.at["LC55", "crossover_gco2_per_kwh"] == pytest.approx(730.43648, abs=1e-3)


# --- manufacturing: the plant's grid and the nickel --------------------------------------------


def test_battery_plant_grid_by_hand():
    # cells made on 600 g/kWh where the average is made on 500: 100 + 57.5 x 100/1000 = 105.75
    assert emissions.battery_kg_per_kwh(P, 600.0, 500.0) == pytest.approx(105.75)
    # on a clean 100 g/kWh grid: 100 - 57.5 x 0.4 = 77.0 kg/kWh
    assert emissions.battery_kg_per_kwh(P, 100.0, 500.0) == pytest.approx(77.0)
    assert emissions.battery_kg_per_kwh(P, None, 500.0) == 100.0


def test_battery_plant_table_against_china():
    grid = pd.DataFrame(
        {
            "area": ["CHN", "THA", "IDN"],
            "year": [2024, 2024, 2023],
            "gco2_per_kwh": [560.0, 550.0, 680.0],
        }
    )
    t = emissions.battery_plant_table(["THA", "IDN", "CHN"], p=P, grid=grid).set_index("area")
    # Indonesia: 100 + 57.5 x (680-560)/1000 = 106.9 kg/kWh; pack 60.5 kWh -> 6.46745 t,
    # 0.41745 t more than on China's grid; Thailand: 100 - 57.5 x 0.01 = 99.425 -> -0.0347875 t
    assert t.at["IDN", "battery_kg_per_kwh"] == pytest.approx(106.9)
    assert t.at["IDN", "bev_pack_t"] == pytest.approx(6.46745)
    assert t.at["IDN", "vs_reference_t"] == pytest.approx(0.41745)
    assert t.at["THA", "vs_reference_t"] == pytest.approx(-0.0347875)
    assert t.at["CHN", "vs_reference_t"] == 0


def test_nickel_by_hand():
    t = emissions.nickel_table().set_index("route")
    # 50 kg of nickel = 0.05 t; coal-powered 57-70 t/t against hydro-powered 29 t/t:
    # (57-29) x 0.05 = 1.4 t and (70-29) x 0.05 = 2.05 t more per battery;
    # Indonesia's industry 58.6 against the global 48: 10.6 x 0.05 = 0.53 t
    assert t.at["coal_vs_hydro_low", "extra_t_per_battery"] == pytest.approx(1.4)
    assert t.at["coal_vs_hydro_high", "extra_t_per_battery"] == pytest.approx(2.05)
    assert t.at["indonesia_vs_global", "extra_t_per_battery"] == pytest.approx(0.53)


# --- grid paths and the crossover year ------------------------------------------------------------


def synthetic_grid(start: float, step: float, area: str = "THA") -> pd.DataFrame:
    """Ten observed years 2015-2024, changing by `step` a year and ending at `start` in 2024."""
    years = list(range(2015, 2025))
    return pd.DataFrame(
        {"area": area, "year": years, "gco2_per_kwh": [start + step * (y - 2024) for y in years]}
    )


def test_grid_paths_by_hand():
    grid = synthetic_grid(555.0, -5.0)  # 600 in 2015 falling 5 a year to 555 in 2024
    held = emissions.grid_path("THA", "held", grid).set_index("year")
    trend = emissions.grid_path("THA", "trend", grid).set_index("year")
    halved = emissions.grid_path("THA", "halved_2035", grid).set_index("year")
    assert held.at[2035, "gco2_per_kwh"] == 555.0
    # trend: 555 - 5 x 11 = 500 in 2035
    assert trend.at[2035, "gco2_per_kwh"] == pytest.approx(500.0)
    # halved: 555 x (1 - 0.5 x 6/11) = 403.63636 in 2030, 277.5 in 2035
    assert halved.at[2030, "gco2_per_kwh"] == pytest.approx(403.63636, abs=1e-4)
    assert halved.at[2035, "gco2_per_kwh"] == pytest.approx(277.5)
    assert set(trend.loc[2025:, "basis"]) == {"assumption"}
    assert set(trend.loc[:2024, "basis"]) == {"observed"}
    # a car bought in 2024 lives 19 years (18.7 rounded), 2024-2042; the path ends in 2035 and
    # is held there: (555+550+...+500) = 527.5 x 12 = 6,330, + 7 x 500 = 3,500 -> 9,830/19 = 517.36842
    path = emissions.grid_path("THA", "trend", grid)
    assert emissions.car_grid(path, 2024, 18.7) == pytest.approx(517.36842, abs=1e-4)
    assert emissions.car_grid(path, 2024, 18.7, basis="purchase") == 555.0


def test_published_benchmark_path_by_hand():
    grid = synthetic_grid(555.0, -5.0)
    points = [(2030, 180.0), (2040, 0.0)]  # LC49 and LC50: 180 g/kWh in 2030, zero by 2040
    path = emissions.grid_path("THA", "paris_1p5", grid, waypoints=points).set_index("year")
    # straight lines: 2027 is half way from 555 (2024) to 180 (2030): 367.5; 2035 is half way
    # from 180 (2030) to 0 (2040): 90
    assert path.at[2027, "gco2_per_kwh"] == pytest.approx(367.5)
    assert path.at[2035, "gco2_per_kwh"] == pytest.approx(90.0)
    assert set(path.loc[2025:, "basis"]) == {"benchmark"}
    # the cited path exists for Thailand only; elsewhere there is none, not a guess
    assert emissions.published_waypoints("THA") == points
    with pytest.raises(ValueError, match="no published"):
        emissions.grid_path("IDN", "paris_1p5")
    assert emissions.crossover_table(["IDN"], "paris_1p5").empty


def test_crossover_year_by_hand():
    grid = synthetic_grid(700.0, -5.0)  # 745 in 2015 to 700 in 2024, above g* = 650.27
    # on the purchase-year grid: 700 - 5n < 650.27 first at n = 10 -> 2034
    assert emissions.crossover_year("THA", "trend", basis="purchase", p=P, grid=grid) == 2034
    # lifetime average: a 2029 car sees 675..645 (7 years, mean 660) then 12 years at 645:
    # (4,620 + 7,740)/19 = 650.526 > 650.27; a 2030 car: (3,945 + 8,385)/19 = 648.947 < 650.27
    assert emissions.crossover_year("THA", "trend", p=P, grid=grid) == 2030
    # halved: 700 x (1 - 0.5 n/11) < 650.27 first at n = 2 (636.36) -> 2026 on the purchase grid
    assert emissions.crossover_year("THA", "halved_2035", basis="purchase", p=P, grid=grid) == 2026
    # held at 700: never by 2035
    assert emissions.crossover_year("THA", "held", p=P, grid=grid) is None
    t = emissions.crossover_table(["THA"], "held", p=P, grid=grid)
    assert not t.at[0, "bev_beats_hev_now"] and pd.isna(t.at[0, "crossover_year"])


def test_crossover_on_the_members_grids():
    # the threshold is 650.27 g/kWh (test_crossover_grid_by_hand); Laos's grid (232 g/kWh in 2023)
    # is far below it, Brunei's (893 g/kWh) far above: held flat, Brunei never gets there
    t = emissions.crossover_years(["LAO", "BRN", "THA"]).set_index(["area", "scenario"])
    assert t.at[("LAO", "held"), "bev_beats_hev_now"]
    assert t.at[("LAO", "held"), "crossover_year"] == 2023
    assert not t.at[("BRN", "held"), "bev_beats_hev_now"]
    assert pd.isna(t.at[("BRN", "held"), "crossover_year"])
    # halved by 2035: 892.7 (2023) falls in a straight line to 446.35 (2035), then held; a car
    # bought in 2023 lives 18 years (18.1 rounded), 2023-2040: 13 years averaging
    # (892.7 + 446.35)/2 = 669.525, then 5 at 446.35 -> (8,703.8 + 2,231.75)/18 = 607.53 < 650.27:
    # on that path it beats a HEV already
    assert t.at[("BRN", "halved_2035"), "grid_car_now"] == pytest.approx(607.53, abs=0.01)
    assert t.at[("BRN", "halved_2035"), "crossover_year"] == 2023
    assert ("THA", "paris_1p5") in t.index and ("LAO", "paris_1p5") not in t.index


def test_pathway_table_covers_members_and_cites_blends():
    t = emissions.pathway_table(ASEAN)
    assert set(t["area"]) == set(ASEAN)  # every member has a grid
    # blends only where a blend is cited: Indonesia's B35, Thailand's E10 (petrol car and
    # hybrid) and B7
    blends = t[t["pathway"].str.endswith("BLEND")]
    assert set(zip(blends["area"], blends["pathway"], strict=True)) == {
        ("IDN", "ICE_DIESEL_BLEND"),
        ("THA", "ICE_BLEND"),
        ("THA", "HEV_BLEND"),
        ("THA", "ICE_DIESEL_BLEND"),
    }
    assert emissions.lifecycle_value("VNM", 2024, "ICE_BLEND") is None
    wide = emissions.wide_table(t)
    assert len(wide) == len(ASEAN) and wide["Battery-electric (BEV)"].notna().all()
    assert wide["Petrol car on the ethanol blend"].notna().sum() == 1  # Thailand only
    assert wide["Hybrid on the ethanol blend"].notna().sum() == 1
    # the components add up
    assert (t["production"] + t["fuel"] + t["electricity"] - t["total"]).abs().max() < 1e-9


# --- the published comparisons ---------------------------------------------------------------------


def test_published_targets_are_cited_rows():
    rows = csv_rows()
    for comp in emissions.COMPARISONS.values():
        for rid in comp.rows:
            assert rows[rid]["role"] == "validation", rid
            assert rows[rid]["quote"].strip() and rows[rid]["value"], rid


def test_the_model_reproduces_published_comparisons():
    """At least three published life-cycle comparisons within TOLERANCE_PP of the published range.

    Hand check of one (ICCT 2021, India): India's grid falls 5.23 g/kWh a year over 2015-2024
    (least squares) from 708.3 in 2024; a car bought in 2021 sees 2021-2024 as observed, then the
    path to 2035, held to 2039: a lifetime average of 678.05 g/kWh. The BEV emits
    69.786 + 0.20904 x 678.05 = 211.53 g/km against the petrol car's 276.85: 23.6% lower, inside
    ICCT's 19-34%.
    """
    v = emissions.validation_table().set_index("comparison")
    reproduced = v[v["gap_pp"] <= TOLERANCE_PP]
    assert len(reproduced) >= 3, v
    # the grid brackets: China's and India's comparisons (which bracket ASEAN's grids) hold
    for name in ("icct2021_china", "icct2021_india", "icct2025_hybrid"):
        assert v.at[name, "gap_pp"] <= TOLERANCE_PP, v.loc[name]
    india = v.at["icct2021_india", "model"]
    assert 19 <= india <= 34
    # and the ranking of grids is ICCT's: Europe > USA > China > India
    order = v.loc[
        ["icct2021_europe", "icct2021_usa", "icct2021_china", "icct2021_india"], "model"
    ].tolist()
    assert order == sorted(order, reverse=True)


def test_known_disagreement_with_argonne_china():
    """Argonne's GREET study finds BEVs only 5-22% below petrol cars on China's grid; the model,
    with a smaller LFP-era battery footprint, puts a 2021 car on China's 2021 grid further below.
    This records the disagreement (see data/NOTES.md) rather than hiding it: if the model moves
    inside the published range, revisit the note."""
    v = emissions.validation_table().set_index("comparison")
    assert v.at["greet2023_china", "model"] > v.at["greet2023_china", "published_high"]


def test_known_disagreement_on_production_with_icct_2025():
    """ICCT 2025 puts a BEV's production about 40% above a petrol car's; the model's is
    (7 + 6.05) / 7 - 1 = 86% above: its 7 t body is a midsize US car of 2015 and its battery
    100 kg/kWh. The share of production in the totals is therefore larger than ICCT's, which makes
    the model's BEV look worse, not better; recorded, not tuned (see data/NOTES.md)."""
    rows = csv_rows()
    published = float(rows["V10"]["value"])
    model = 100 * (
        emissions.production_g_per_km(P, "BEV") / emissions.production_g_per_km(P, "ICE") - 1
    )
    assert model == pytest.approx(86.42857, abs=1e-4)  # 6.05 / 7 = 0.8642857
    assert model - published > TOLERANCE_PP


# --- the grid table's builder ----------------------------------------------------------------------


def owid_file(tmp_path, extra_rows=()):
    """An OWID-shaped file: every wanted country by code, the aggregates by OWID's own names."""
    entities = [(f"Name of {c}", c) for c in (*ASEAN, *grid_source.COMPARATORS)]
    entities += [("World", "OWID_WRL"), ("European Union (27)", ""), ("ASEAN (Ember)", "")]
    lines = ["Entity,Code,Year,Carbon intensity of electricity - gCO2/kWh"]
    for entity, code in entities:
        lines += [f"{entity},{code},1999,500", f"{entity},{code},2023,480.04"]
    path = tmp_path / "owid.csv"
    path.write_text("\n".join([*lines, *extra_rows]) + "\n")
    return path


def test_grid_builder_keeps_members_maps_aggregates_and_drops_the_rest(tmp_path):
    path = owid_file(tmp_path, ["Germany,DEU,2023,380.0", "Thailand,THA,2024,"])
    out = grid_source.build_grid_intensity(path, "src")
    assert set(out["area"]) == set(ASEAN) | set(grid_source.COMPARATORS) | {"WLD", "EU27", "SEA"}
    assert "DEU" not in set(out["area"])
    assert out["year"].min() == 2023  # 1999 is before FIRST_YEAR; the empty 2024 value is dropped
    assert out["gco2_per_kwh"].iloc[0] == 480.0  # rounded to 0.1 g
    with pytest.raises(ValueError, match="gCO2/kWh"):
        bad = tmp_path / "bad.csv"
        bad.write_text("Entity,Code,Year,Share\nThailand,THA,2023,1\n")
        grid_source.build_grid_intensity(bad, "src")


@pytest.mark.skipif(
    not REFERENCE.exists(), reason="../shared/data/reference is not beside this clone"
)
def test_committed_grid_table_is_the_derived_one():
    fresh = grid_source.build_grid_intensity(
        REFERENCE / "owid-carbon-intensity-electricity.csv", "owid-ember-ei-carbon-intensity"
    )
    committed = pd.read_csv(PROJECT_ROOT / "data" / "grid_intensity.csv")
    pd.testing.assert_frame_equal(fresh.reset_index(drop=True), committed, check_dtype=False)


# --- the charts -------------------------------------------------------------------------------------


def test_charts_carry_title_source_and_every_pathway():
    t = emissions.pathway_table(["THA", "IDN"])
    spec = charts.pathway_dots(
        t, x_title="gCO2e per km", title="Title", subtitle="Sub", source_line="Source: X"
    ).to_dict()
    text = str(spec)
    assert "Title" in text and "Source: X" in text
    for label in set(t["label"]):
        assert label in text
    paths = pd.concat([emissions.grid_path(a, "trend") for a in ("THA", "IDN")])
    spec = charts.grid_paths(
        paths,
        650.0,
        y_title="g/kWh",
        threshold_label="BEV beats HEV below",
        title="T2",
        subtitle="S2",
        source_line="Source: Y",
    ).to_dict()
    assert "BEV beats HEV below" in str(spec) and "Source: Y" in str(spec)


# --- primary sources and ranges ----------------------------------------------------------------------


def test_no_read_row_rests_on_a_blog_unless_flagged():
    """Rule: a row the model reads (input, range end, validation) may come from a blog, forum or
    wiki only where it is the sole source found for its input; then emissions.BLOG_ONLY lists it
    with what it moves, and the pathways report names it (blog_inputs)."""
    assert emissions.unflagged_blog_rows() == []
    kinds = {r["source_kind"] for r in csv_rows().values()}
    assert kinds <= {
        "agency",
        "peer_reviewed",
        "manufacturer_lca",
        "industry_survey",
        "press",
        "blog",
    }
    # the flagged rows are few and none of them sets a range end the verdict turns on
    assert set(emissions.BLOG_ONLY) == set(emissions.blog_inputs()["row_id"])
    verdict_inputs = ("battery_kg_per_kwh", "hev_saving_pct", "lifetime_km", "lifetime_years")
    for name in verdict_inputs:
        assert not set(emissions.RANGES[name]) & set(emissions.BLOG_ONLY), name
    # the report says so: the pathways notebook words the flagged rows
    notebook = (PROJECT_ROOT / "notebooks" / "pathways.ipynb").read_text()
    assert "emissions.blog_inputs()" in notebook


def test_the_blog_rule_fails_on_an_unflagged_blog_row():
    rows = emissions.parameter_rows().copy()
    rows.loc[rows["row_id"] == "LC19", "source_kind"] = "blog"  # the hybrid's central saving
    assert emissions.unflagged_blog_rows(rows) == ["LC19"]
    rows.loc[rows["row_id"] == "LC01", "source_kind"] = "press"  # a flag left behind
    assert emissions.unflagged_blog_rows(rows) == ["LC19", "LC01"]


def test_every_parameter_has_a_range_or_a_stated_reason():
    assert emissions.unranged_fields() == []
    t = emissions.parameter_ranges().set_index("field")
    ranged = t[t["fixed_reason"].isna()]
    assert (ranged["low"] < ranged["high"]).all()
    assert ((ranged["low"] <= ranged["central"]) & (ranged["central"] <= ranged["high"])).all()
    # what the battery car against hybrid verdict turns on has a range
    for name in ("battery_kg_per_kwh", "hev_saving_pct", "lifetime_km", "lifetime_years"):
        assert name in ranged.index, name
    # the hybrid's high saving is NREL's 45% fuel-economy gain as a saving: 1 - 1/1.45 = 31.03%
    assert t.at["hev_saving_pct", "high"] == pytest.approx(31.0345, abs=1e-4)


def test_the_range_rule_fails_on_a_missing_or_collapsed_range():
    ranges = {k: v for k, v in emissions.RANGES.items() if k != "lifetime_km"}
    assert emissions.unranged_fields(ranges=ranges) == ["lifetime_km"]
    collapsed = {**emissions.RANGES, "lifetime_km": ("LC22", "LC22", "LC22")}
    assert emissions.unranged_fields(ranges=collapsed) == ["lifetime_km"]
    both = {**emissions.FIXED, "lifetime_km": "no reason"}
    assert emissions.unranged_fields(fixed=both) == ["lifetime_km"]


# --- the band and the verdict ------------------------------------------------------------------------


def test_a_verdict_only_outside_the_band():
    """A grid far below the threshold (650 g/kWh) gives the battery car the verdict, one far above
    the hybrid; near it the band crosses zero and the verdict is 'too close to call'."""
    verdicts = {}
    for g in (100.0, 650.0, 1200.0):
        b = emissions.comparison_band("THA", "held", grid=synthetic_grid(g, 0.0), draws=500)
        verdicts[g] = b["verdict"]
        # the band holds the central run (widened to it where the draws fall to one side)
        assert b["difference_low"] <= b["difference"] <= b["difference_high"]
        assert b["subject_low"] <= b["subject_total"] <= b["subject_high"]
        # production and use are returned apart and add up to the totals
        assert b["subject_production"] + b["subject_use"] == pytest.approx(b["subject_total"])
    assert verdicts == {100.0: "subject_lower", 650.0: "too_close", 1200.0: "versus_lower"}


def test_the_band_is_reproducible_and_production_does_not_depend_on_the_grid():
    a = emissions.comparison_band("THA", "trend", draws=300, seed=1)
    b = emissions.comparison_band("THA", "trend", draws=300, seed=1)
    assert a == b
    low = emissions.comparison_band("THA", "held", grid=synthetic_grid(100.0, 0.0), draws=10)
    high = emissions.comparison_band("THA", "held", grid=synthetic_grid(900.0, 0.0), draws=10)
    assert low["subject_production"] == high["subject_production"]
    assert low["subject_use"] < high["subject_use"]
    t = emissions.production_table().set_index("pathway")
    # 7 t body + 60.5 kWh x 100 kg/kWh = 13.05 t; the battery's range 61-175 kg/kWh
    assert t.at["BEV", "total_t"] == pytest.approx(13.05)
    assert t.at["BEV", "battery_low_t"] == pytest.approx(3.6905)
    assert t.at["BEV", "battery_high_t"] == pytest.approx(10.5875)


def test_indonesias_band_crosses_and_gives_no_verdict():
    """Issue 23: Indonesia's central margin was about 3%: inside the band, no verdict."""
    b = emissions.comparison_band("IDN", "trend")
    assert b["verdict"] == "too_close"
    assert b["difference_low"] < 0 < b["difference_high"]


# --- the members' power development plans -------------------------------------------------------


def test_plan_path_by_hand():
    """Thailand's draft PDP 2024: renewables 20% in 2023 (GP41) to 51% plus 1% nuclear and new
    energy in 2037 (GP24, GP27). Fossil share 80% -> 48%; Thailand's 2023 grid 549.8 g/kWh x 48/80
    = 329.88 g/kWh in 2037, joined by a straight line to 554.5 in 2024: 2035 is 11/13 of the way,
    554.5 - 224.62 x 11/13 = 364.437."""
    assert emissions.plan_waypoints("THA") == [(2037, pytest.approx(329.88))]
    path = emissions.grid_path("THA", "plan").set_index("year")
    assert path.at[2035, "gco2_per_kwh"] == pytest.approx(364.4369, abs=1e-3)
    assert set(path.loc[2025:, "basis"]) == {"plan"}
    assert emissions.plan_status("THA") == "draft"
    # capacity shares are never converted; a base year of unstated basis is not either
    for area in ("IDN", "VNM", "MYS", "PHL"):
        assert emissions.plan_waypoints(area) == [], area
        assert not emissions.has_path(area, "plan")
    shown = emissions.plan_overview(["IDN", "THA"])
    assert shown[shown["area"] == "IDN"]["converted"].sum() == 0
    assert set(shown[shown["converted"]]["row_id"]) == {"GP24", "GP27", "GP41"}
    # the crossover year is given for the trend and the plan side by side
    t = emissions.crossover_years(["THA"]).set_index("scenario")
    assert {"trend", "plan"} <= set(t.index)
