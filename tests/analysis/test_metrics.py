"""lib/evbrief/metrics.py against numbers worked out by hand from the CSV files in data/.

Every expected value below was read off the CSV rows named in its comment and computed by hand (the
arithmetic is in the comment); none is an output of the code under test.
"""

from __future__ import annotations

import pandas as pd
import pytest
from evbrief.analysis import metrics
from evbrief.data import tables as data


@pytest.fixture(scope="module")
def ev() -> pd.DataFrame:
    return data.load("ev_sales")


@pytest.fixture(scope="module")
def usgs() -> pd.DataFrame:
    return data.load("minerals_usgs")


@pytest.fixture(scope="module")
def plants() -> pd.DataFrame:
    return data.load("plants")


@pytest.fixture(scope="module")
def bs() -> pd.DataFrame:
    return data.load("brand_shares")


@pytest.fixture(scope="module")
def fx() -> tuple[pd.DataFrame, pd.DataFrame]:
    return data.load("fx_rates"), data.load("fx_worldbank")


def _ev(rows) -> pd.DataFrame:
    """A small ev_sales-like table: (area, year, powertrain, sales, sales_share_pct)."""
    return pd.DataFrame(rows, columns=["area", "year", "powertrain", "sales", "sales_share_pct"])


# --- electric-car shares --------------------------------------------------------------------------


def test_latest_share_thailand(ev):
    # ev_sales.csv: THA,2025,EV,140000,370000,23.0,... -> latest year 2025, 23.0%
    point = metrics.latest_share(ev, "THA")
    assert (point.area, point.year) == ("THA", 2025)
    assert point.value == pytest.approx(23.0)


def test_latest_share_with_end_year(ev):
    # ev_sales.csv: THA,2022,EV,21000,56000,2.3 -> latest up to 2022 is 2.3%
    point = metrics.latest_share(ev, "THA", end_year=2022)
    assert point.year == 2022
    assert point.value == pytest.approx(2.3)
    # VNM,2025,EV,180000,280000,40.0
    assert metrics.latest_share(ev, "VNM").value == pytest.approx(40.0)


def test_latest_share_none_for_member_without_data(ev):
    # Brunei and Myanmar have no rows in ev_sales.csv
    assert metrics.latest_share(ev, "BRN") is None
    assert metrics.latest_share(ev, "MMR") is None


def test_share_series_thailand_window(ev):
    # THA EV rows: 2021 1.2, 2022 2.3, 2023 11.0, 2024 13.0
    s = metrics.share_series(ev, "THA", start_year=2021, end_year=2024)
    assert list(s.index) == [2021, 2022, 2023, 2024]
    assert list(s.values) == pytest.approx([1.2, 2.3, 11.0, 13.0])


def test_share_series_skips_years_without_a_share(ev):
    # VNM,2019,EV,,3,, and VNM,2020,EV,,3,, have no sales share; the others do:
    # 2018 0.0016, 2021 0.042, 2022 2.6, 2023 10.0, 2024 19.0, 2025 40.0
    s = metrics.share_series(ev, "VNM")
    assert list(s.index) == [2018, 2021, 2022, 2023, 2024, 2025]
    assert list(s.values) == pytest.approx([0.0016, 0.042, 2.6, 10.0, 19.0, 40.0])
    assert metrics.share_in(ev, "VNM", 2019) is None
    assert metrics.share_in(ev, "VNM", 2024) == pytest.approx(19.0)


def test_share_series_uses_only_ev_total_rows(ev):
    # SEA EV rows 2023-2025: 5.2, 8.4, 18.0 (BEV/PHEV rows carry no share)
    s = metrics.share_series(ev, "SEA", start_year=2023)
    assert list(s.values) == pytest.approx([5.2, 8.4, 18.0])


# --- years behind China ---------------------------------------------------------------------------


def test_years_behind_thailand(ev):
    # Thailand's latest share: 23.0% in 2025. China: 2021 16.0 (< 23), 2022 29.0 (>= 23) -> first year 2022.
    # Years behind = 2025 - 2022 = 3
    out = metrics.years_behind(ev, "THA")
    assert out["year"] == 2025
    assert out["share"] == pytest.approx(23.0)
    assert out["leader_year"] == 2022
    assert out["years"] == 3


@pytest.mark.parametrize(
    "area,latest,leader_year,years",
    [
        (
            "SGP",
            37.0,
            2023,
            2,
        ),  # SGP 2025 37.0; CHN 2022 29.0 < 37, 2023 38.0 >= 37 -> 2025 - 2023 = 2
        (
            "VNM",
            40.0,
            2024,
            1,
        ),  # VNM 2025 40.0; CHN 2023 38.0 < 40, 2024 48.0 >= 40 -> 2025 - 2024 = 1
        (
            "IDN",
            15.0,
            2021,
            4,
        ),  # IDN 2025 15.0; CHN 2020 5.7 < 15, 2021 16.0 >= 15 -> 2025 - 2021 = 4
        ("MYS", 7.0, 2021, 4),  # MYS 2025 7.0; CHN 2020 5.7 < 7, 2021 16.0 >= 7 -> 2025 - 2021 = 4
        ("PHL", 10.0, 2021, 4),  # PHL 2025 10.0; CHN 2021 16.0 first >= 10 -> 4
    ],
)
def test_years_behind_other_members(ev, area, latest, leader_year, years):
    out = metrics.years_behind(ev, area)
    assert out["share"] == pytest.approx(latest)
    assert out["leader_year"] == leader_year
    assert out["years"] == years


def test_years_behind_with_end_year(ev):
    # Up to 2022: THA 2022 2.3%; CHN 2016 1.5 < 2.3, 2017 2.4 >= 2.3 -> 2022 - 2017 = 5
    out = metrics.years_behind(ev, "THA", end_year=2022)
    assert (out["year"], out["leader_year"], out["years"]) == (2022, 2017, 5)


def test_years_behind_leader_never_reached():
    ev = _ev(
        [
            ("AAA", 2024, "EV", 100, 30.0),
            ("AAA", 2025, "EV", 200, 60.0),
            ("LDR", 2023, "EV", 10, 20.0),
            ("LDR", 2024, "EV", 10, 40.0),
            ("LDR", 2025, "EV", 10, 55.0),
        ]
    )
    # the leader's best is 55% < 60%: it never was where AAA is now
    out = metrics.years_behind(ev, "AAA", leader="LDR")
    assert out["leader_year"] is None
    assert out["years"] == 0
    assert out["share"] == pytest.approx(60.0)


def test_years_behind_exact_level_counts_as_reached():
    ev = _ev(
        [
            ("AAA", 2025, "EV", 100, 40.0),
            ("LDR", 2022, "EV", 10, 39.9),
            ("LDR", 2023, "EV", 10, 40.0),
        ]
    )
    out = metrics.years_behind(ev, "AAA", leader="LDR")
    assert (out["leader_year"], out["years"]) == (2023, 2)


def test_years_behind_area_without_data():
    ev = _ev([("LDR", 2023, "EV", 10, 40.0)])
    assert metrics.years_behind(ev, "AAA", leader="LDR") is None


# --- growth ---------------------------------------------------------------------------------------


def test_growth_multiple(ev):
    # THA EV sales: 2022 21,000; 2025 140,000 -> 140,000 / 21,000 = 6.667
    assert metrics.growth_multiple(ev, "THA", 2022, 2025) == pytest.approx(6.6666667, rel=1e-6)
    # IDN EV sales: 2022 11,000; 2025 110,000 -> 10.0
    assert metrics.growth_multiple(ev, "IDN", 2022, 2025) == pytest.approx(10.0)
    # CHN EV sales: 2020 1,100,000; 2025 13,000,000 -> 11.818
    assert metrics.growth_multiple(ev, "CHN", 2020, 2025) == pytest.approx(13_000_000 / 1_100_000)


def test_growth_multiple_missing_sales(ev):
    # VNM,2019,EV,,3,... : no sales figure in 2019
    assert metrics.growth_multiple(ev, "VNM", 2019, 2025) is None
    # Brunei: no rows
    assert metrics.growth_multiple(ev, "BRN", 2020, 2025) is None


def test_growth_multiple_zero_base():
    ev = _ev([("AAA", 2020, "EV", 0, 0.0), ("AAA", 2025, "EV", 500, 1.0)])
    assert metrics.growth_multiple(ev, "AAA", 2020, 2025) is None


# --- powertrain mix -------------------------------------------------------------------------------


def test_powertrain_mix_thailand_2025(ev):
    # THA 2025: BEV 120,000, PHEV 18,000 -> BEV 120,000 / 138,000 = 86.96%, PHEV 18,000 / 138,000 = 13.04%
    mix = metrics.powertrain_mix(ev, ["THA"], 2025).set_index("powertrain")
    assert mix.loc["BEV", "share_pct"] == pytest.approx(86.956522, rel=1e-6)
    assert mix.loc["PHEV", "share_pct"] == pytest.approx(13.043478, rel=1e-6)
    assert mix.loc["PHEV", "bev_share"] == pytest.approx(86.956522, rel=1e-6)
    assert set(mix["year"]) == {2025}


def test_powertrain_mix_defaults_to_latest_year(ev):
    # VNM latest year 2025: BEV 180,000, PHEV 77 -> 180,000 / 180,077 = 99.957%
    # VNM 2024: BEV 69,000, PHEV 84 -> 69,000 / 69,084 = 99.878%
    mix = metrics.powertrain_mix(ev, ["VNM"]).set_index("powertrain")
    assert mix.loc["BEV", "year"] == 2025
    assert mix.loc["BEV", "share_pct"] == pytest.approx(99.957241, rel=1e-6)
    mix24 = metrics.powertrain_mix(ev, ["VNM"], 2024).set_index("powertrain")
    assert mix24.loc["BEV", "share_pct"] == pytest.approx(99.878409, rel=1e-6)


def test_powertrain_mix_synthetic_fallback_and_missing_phev():
    ev = _ev(
        [
            ("AAA", 2024, "BEV", 30, None),
            ("AAA", 2024, "PHEV", 10, None),
            ("BBB", 2024, "BEV", 50, None),
        ]
    )
    # AAA: 30 / 40 = 75% BEV; a year not in the data falls back to the latest (2024)
    mix = metrics.powertrain_mix(ev, ["AAA", "BBB"], 2030)
    a = mix[mix["area"] == "AAA"].set_index("powertrain")
    assert a.loc["BEV", "share_pct"] == pytest.approx(75.0)
    assert a.loc["BEV", "year"] == 2024
    b = mix[mix["area"] == "BBB"].set_index("powertrain")
    assert b.loc["BEV", "share_pct"] == pytest.approx(100.0)
    assert b.loc["PHEV", "share_pct"] == pytest.approx(0.0)


# --- coverage -------------------------------------------------------------------------------------


def test_members_with_and_without_data(ev):
    # ev_sales.csv has EV rows with a share for KHM, IDN, LAO, MYS, PHL, SGP, THA, VNM; none for BRN, MMR.
    # Order: the ASEAN list (BRN, KHM, IDN, LAO, MYS, MMR, PHL, SGP, THA, VNM)
    assert metrics.members_with_data(ev) == ["KHM", "IDN", "LAO", "MYS", "PHL", "SGP", "THA", "VNM"]
    assert metrics.members_without_data(ev) == ["BRN", "MMR"]


def test_members_with_data_needs_a_share():
    ev = _ev(
        [
            ("THA", 2025, "EV", 100, None),
            ("THA", 2025, "BEV", 100, None),
            ("VNM", 2025, "EV", 5, 1.0),
        ]
    )
    assert metrics.members_with_data(ev) == ["VNM"]
    assert "THA" in metrics.members_without_data(ev)


# --- minerals -------------------------------------------------------------------------------------


def test_mineral_shares_nickel_2024(usgs):
    shares = metrics.mineral_shares(usgs, "nickel", "mine_production", 2024).set_index("area")
    # USGS 2024: Indonesia 2,200,000 t / world 3,700,000 t = 59.46%
    assert shares.loc["IDN", "share_pct"] == pytest.approx(59.459459, rel=1e-6)
    # Philippines 330,000 / 3,700,000 = 8.92%
    assert shares.loc["PHL", "share_pct"] == pytest.approx(8.918919, rel=1e-6)
    # USA 8,000 / 3,700,000 = 0.216%
    assert shares.loc["USA", "share_pct"] == pytest.approx(0.216216, rel=1e-5)
    assert "WLD" not in shares.index
    # sorted largest first: IDN (2.2 Mt), PHL (330 kt), ROW "other countries" (300 kt)
    ordered = metrics.mineral_shares(usgs, "nickel", "mine_production", 2024)["area"].tolist()
    assert ordered[:3] == ["IDN", "PHL", "ROW"]


def test_group_share_asean(usgs):
    nickel = metrics.mineral_shares(usgs, "nickel", "mine_production", 2024)
    # ASEAN producers in the nickel table: Indonesia 2,200,000 + Philippines 330,000 = 2,530,000 / 3,700,000 = 68.38%
    assert metrics.group_share(nickel, ["IDN", "PHL", "THA"]) == pytest.approx(68.378378, rel=1e-6)
    cobalt = metrics.mineral_shares(usgs, "cobalt", "mine_production", 2024)
    # cobalt 2024: Indonesia 28,000 + Philippines 3,800 = 31,800 / world 290,000 = 10.97%
    assert metrics.group_share(cobalt, ("IDN", "PHL")) == pytest.approx(10.965517, rel=1e-6)
    # Congo (Kinshasa) 220,000 / 290,000 = 75.86%
    assert metrics.group_share(cobalt, ["COD"]) == pytest.approx(75.862069, rel=1e-6)
    assert metrics.group_share(cobalt, []) == 0.0


def test_hhi_nickel_2024(usgs):
    shares = metrics.mineral_shares(usgs, "nickel", "mine_production", 2024)
    # Named producers 2024 (kt), ROW left out: USA 8, AUS 110, BRA 77, CAN 190, CHN 120, IDN 2200, NCL 110,
    # PHL 330, RUS 210; world 3700. HHI = sum((v / 3700 * 100)^2) = sum(v^2) / 37^2
    # sum(v^2) = 64 + 12100 + 5929 + 36100 + 14400 + 4840000 + 12100 + 108900 + 44100 = 5,073,693
    # 5,073,693 / 1369 = 3706.13
    assert metrics.hhi(shares) == pytest.approx(3706.1308, rel=1e-6)


def test_hhi_synthetic_leaves_out_rest_of_world():
    shares = pd.DataFrame({"area": ["AAA", "BBB", "ROW"], "share_pct": [50.0, 30.0, 20.0]})
    # 50^2 + 30^2 = 2500 + 900 = 3400 (ROW's 20 not counted)
    assert metrics.hhi(shares) == pytest.approx(3400.0)
    assert metrics.hhi(pd.DataFrame({"area": ["AAA"], "share_pct": [100.0]})) == pytest.approx(
        10_000.0
    )


def test_mineral_shares_without_world_total():
    mu = pd.DataFrame(
        {
            "mineral": ["nickel"],
            "area": ["IDN"],
            "year": [2024],
            "measure": ["mine_production"],
            "value": [100.0],
            "unit": ["metric_tons"],
            "lower_bound": [False],
        }
    )
    assert metrics.mineral_shares(mu, "nickel", "mine_production", 2024).empty
    assert metrics.mineral_shares(mu, "cobalt", "mine_production", 2024).empty


# --- plants ---------------------------------------------------------------------------------------


def test_plant_counts(plants):
    counts = metrics.plant_counts(plants).set_index(["area", "origin", "plant_type"])["plants"]
    # THA chinese vehicle_assembly: byd-tha-rayong, gwm-tha-rayong, changan-tha-rayong, gac-aion-tha-rayong,
    # saic-mg-tha-chonburi, chery-tha-rayong (under construction), neta-tha-bangkok = 7
    # Neta's Thai plant suspended in 2025 (refresh of December 2026): 6 Chinese assembly plants count
    assert counts[("THA", "chinese", "vehicle_assembly")] == 6
    # THA japanese vehicle_assembly: honda-tha-prachinburi, mitsubishi-tha-laemchabang, toyota-tha-samrong,
    # toyota-tha-gateway, toyota-tha-gateway2, toyota-tha-banpho, isuzu-tha-samrong-gateway, nissan-tha-plant2 = 8
    # (honda-tha-ayutthaya is closing, nissan-tha-plant1 and suzuki-tha-rayong are closed: not counted)
    assert counts[("THA", "japanese", "vehicle_assembly")] == 8
    # IDN japanese vehicle_assembly: toyota-idn-karawang, honda-idn-karawang, mmki-idn-bekasi,
    # suzuki-idn-cikarang, adm-idn-karawang = 5
    assert counts[("IDN", "japanese", "vehicle_assembly")] == 5
    # IDN chinese battery_materials: qmb, huayue, huafei, huaneng, pomalaa-idn-hpal (under construction) = 5
    assert counts[("IDN", "chinese", "battery_materials")] == 5
    # THA chinese battery_pack: saic-mg-tha-battery, svolt-tha-chonburi = 2
    assert counts[("THA", "chinese", "battery_pack")] == 2
    # VNM domestic vehicle_assembly: vinfast haiphong + hatinh = 2
    assert counts[("VNM", "domestic", "vehicle_assembly")] == 2
    # cancelled plants are not counted: smm-vale-idn-pomalaa (the only IDN japanese battery_materials plant);
    # of the two IDN korean battery_materials plants, lges-idn-grand-package is cancelled, posco-idn-weda counts
    assert ("IDN", "japanese", "battery_materials") not in counts.index
    assert counts[("IDN", "korean", "battery_materials")] == 1
    # 51 plants in the file - 2 cancelled - 1 closing - 2 closed = 46; the members' research of
    # 2026-12-04 adds Hyundai's Thai project (announced) and six Vietnamese plants (Toyota, Honda's car and
    # motorcycle plants, Mitsubishi, Ford, Isuzu: operating); VinFast Hai Phong's new row replaces its old
    # one, and Nissan's Plant 1, Honda Ayutthaya (consolidated) and Suzuki Rayong (sold, idle) stay out = 53
    assert counts.sum() == 53


# --- brand origin ---------------------------------------------------------------------------------


def test_origin_shares_full_year_beats_year_to_date(bs):
    # PHL 2024 all_vehicles chinese: CY 5.25 (row 117) and Jan-Nov 5.32 (row 121) -> the full year, 5.25
    phl = metrics.origin_shares(bs, "PHL", groups=("chinese",))
    assert len(phl) == 1
    assert phl.iloc[0]["year"] == 2024
    assert phl.iloc[0]["share_pct"] == pytest.approx(5.25)
    assert phl.iloc[0]["period"] == "CY"


def test_origin_shares_thailand(bs):
    tha = metrics.origin_shares(bs, "THA")
    got = {(r.group, r.year): r.share_pct for r in tha.itertuples()}
    # chinese, all_vehicles: 2023 CY 11.0 (the Dec figure 14.4 is a month, not used);
    # 2024 no CY -> Jan-Oct 13.0 (H1 12.1 and Jan 19.9 too short); 2025 CY 22.1 beats Jan-Nov 21.3
    # japanese, all_vehicles: 2010 CY 92.3; 2022 CY 85.4; 2023 CY 77.8;
    # 2024 no CY -> Jan-Oct 76.4 (row 208) is listed before Jan-Sep 76.0 (row 209), so 76.4 is kept
    # (H1 77.2 and Apr 90.0 are too short); 2025 CY 69.3 (two sources agree) beats Jan-Nov 69.8
    assert got == pytest.approx(
        {
            ("chinese", 2023): 11.0,
            ("chinese", 2024): 13.0,
            ("chinese", 2025): 22.1,
            ("japanese", 2010): 92.3,
            ("japanese", 2022): 85.4,
            ("japanese", 2023): 77.8,
            ("japanese", 2024): 76.4,
            ("japanese", 2025): 69.3,
        }
    )
    assert not tha.duplicated(["group", "year"]).any()


def test_origin_shares_full_year_before_year_to_date(bs):
    idn = metrics.origin_shares(bs, "IDN", groups=("japanese",))
    got = dict(zip(idn["year"], idn["share_pct"], strict=True))
    # IDN japanese all_vehicles: 2015 has units only (no share) -> left out; 2019 CY 96.3; 2024 CY 89.5;
    # 2025: the full year (GAIKINDO via the press, 78.0) beats January-October's 82.9
    assert got == pytest.approx({2019: 96.3, 2024: 89.5, 2025: 78.0})


def test_origin_shares_year_to_date_when_no_full_year(bs):
    # without the full-year row, January-October stands in, its period named
    no_full = bs[~((bs["area"] == "IDN") & (bs["year"] == 2025) & (bs["period"] == "CY"))]
    idn = metrics.origin_shares(no_full, "IDN", groups=("japanese",))
    assert dict(zip(idn["year"], idn["share_pct"], strict=True))[2025] == pytest.approx(82.9)


def test_origin_shares_segment(bs):
    # SGP passenger_cars japanese: 2023 CY 43.1; 2024 CY 35.6 beats Jan-Sep 35.0
    sgp = metrics.origin_shares(bs, "SGP", segment="passenger_cars", groups=("japanese",))
    assert dict(zip(sgp["year"], sgp["share_pct"], strict=True)) == pytest.approx(
        {2023: 43.1, 2024: 35.6}
    )


def test_latest_origin_share(bs):
    # THA japanese all_vehicles, latest: 2025 CY 69.3
    row = metrics.latest_origin_share(bs, "THA", "japanese")
    assert row["year"] == 2025
    assert row["share_pct"] == pytest.approx(69.3)
    assert metrics.latest_origin_share(bs, "BRN", "japanese") is None


def test_origin_shares_synthetic_first_row_kept_and_ytd_only_without_cy():
    bs = pd.DataFrame(
        {
            "area": ["AAA"] * 5,
            "year": [2024, 2024, 2024, 2025, 2025],
            "period": ["Jan-Sep", "CY", "CY", "H1", "Jan-Nov"],
            "segment": ["all_vehicles"] * 5,
            "group_type": ["origin"] * 5,
            "group": ["chinese"] * 5,
            "share_pct": [9.0, 10.0, 11.0, 30.0, 20.0],
        }
    )
    out = metrics.origin_shares(bs, "AAA", groups=("chinese",))
    # 2024: two CY rows, 10.0 listed first -> 10.0 (not the Jan-Sep 9.0); 2025: H1 too short -> Jan-Nov 20.0
    assert dict(zip(out["year"], out["share_pct"], strict=True)) == {2024: 10.0, 2025: 20.0}


# --- money ----------------------------------------------------------------------------------------


def test_usd_rate_from_fred(fx):
    # fx_rates.csv: JPY,2024,151.4584,12,fred-exjpus
    assert metrics.usd_rate("JPY", 2024, *fx) == (pytest.approx(151.4584), "fx_rates")
    # JPY,2023,140.4883
    assert metrics.usd_rate("JPY", 2023, *fx) == (pytest.approx(140.4883), "fx_rates")


def test_usd_rate_from_world_bank(fx):
    # fx_worldbank.csv: THB,2025,32.882809252867 ; IDR,2025,16477.8651797836
    assert metrics.usd_rate("THB", 2025, *fx) == (pytest.approx(32.882809252867), "fx_worldbank")
    assert metrics.usd_rate("IDR", 2025, *fx) == (pytest.approx(16477.8651797836), "fx_worldbank")


def test_usd_rate_dollar_and_missing(fx):
    assert metrics.usd_rate("USD", 1990, *fx) == (1.0, "")
    # JPY 2025: FRED has no full year 2025, World Bank table has no JPY -> None
    assert metrics.usd_rate("JPY", 2025, *fx) is None
    # VND World Bank rows stop at 2024
    assert metrics.usd_rate("VND", 2025, *fx) is None
    assert metrics.usd_rate("XXX", 2024, *fx) is None


def test_usd_rate_prefers_fx_rates():
    fx = pd.DataFrame({"currency": ["THB"], "year": [2024], "per_usd": [35.0]})
    wb = pd.DataFrame({"currency": ["THB", "THB"], "year": [2024, 2023], "per_usd": [36.0, 34.0]})
    assert metrics.usd_rate("THB", 2024, fx, wb) == (35.0, "fx_rates")
    assert metrics.usd_rate("THB", 2023, fx, wb) == (34.0, "fx_worldbank")
