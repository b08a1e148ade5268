"""The tables of the pathways report, read against data/biofuel_mandates.csv and the model by hand."""

from __future__ import annotations

import pandas as pd
from evbrief.analysis import emissions
from evbrief.sections import pathways


def test_mandate_table_follows_the_blends_in_force():
    t = pathways.mandate_table(["IDN", "BRN"], [2017, 2019, 2020, 2023, 2025])
    # Brunei has no blend on record, so no row; Indonesia has biodiesel only (its E5 is a pilot)
    assert list(zip(t["Member"], t["Fuel"], strict=True)) == [("Indonesia", "biodiesel")]
    row = t.iloc[0]
    # by hand from the CSV: B2.5 from 2008, B20 from 2018-09-01, B30 from 2020, B35 from
    # 2023-02-01, B40 from 2025-01-01 (the B50 for 2026 is announced and postponed, not in force)
    assert [row["2017"], row["2019"], row["2020"], row["2023"], row["2025"]] == [
        2.5,
        20.0,
        30.0,
        35.0,
        40.0,
    ]


def test_crossover_table_says_not_by_2035_and_leaves_undefined_paths_blank():
    t = pathways.crossover_wide(["BRN", "LAO", "THA"], missing="not by 2035").set_index("Member")
    # Brunei's grid (about 890 g/kWh) is far above the ~650 g/kWh line on its own trend
    assert t.at["Brunei", "Own trend"] == "not by 2035"
    # Laos (about 230 g/kWh) is below the line already: it wins from its latest grid year
    latest = emissions.latest_grid("LAO")[0]
    assert t.at["Laos", "Grid held"] == str(latest)
    # only Thailand has a published 1.5°C path
    assert t.at["Brunei", "1.5°C benchmark"] == "" and t.at["Thailand", "1.5°C benchmark"] != ""
    assert list(t["Grid, latest (gCO2e/kWh)"]) == sorted(t["Grid, latest (gCO2e/kWh)"])


def test_powertrain_table_keeps_each_share_with_its_period():
    t = pathways.powertrain_table(["BRN", "THA"])
    assert list(t["Member"]) == ["Thailand"]  # Brunei has no powertrain figure
    row = t.iloc[0]
    # the electrified share holds the plug-in share: HEV + PHEV + BEV >= PHEV + BEV
    assert row["Electrified share (%)"] >= row["Plug-in share (%)"] > 0
    assert not pd.isna(row["Japanese share of hybrids (%)"])


def test_blend_table_with_land_use_change_is_never_the_cleaner():
    t = pathways.blend_table()
    # land-use change adds emissions to every blend with biofuel in it
    with_bio = t[t["Biofuel (% by volume)"] > 0]
    assert (
        with_bio["gCO2e/MJ, with land-use change"] > with_bio["gCO2e/MJ, no land-use change"]
    ).all()
    # 0% is the fossil fuel itself: 83.8 g/MJ (LC24), no change
    fossil = t[t["Biofuel (% by volume)"] == 0]
    assert (fossil["gCO2e/MJ, no land-use change"] == 83.8).all()
