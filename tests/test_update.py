"""`evbrief data update ev_sales` rebuilds the table from an IEA release in its published layout."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from evbrief import data, update
from evbrief.cli import main

from .conftest import REFERENCE

FIXTURE = "tests/fixtures/IEA-EV-dataGlobal-EV-Outlook-2025-sample.csv"


def test_update_from_the_published_csv_layout(data_copy):
    from evbrief import PROJECT_ROOT

    assert (
        main(
            [
                "data",
                "update",
                "ev_sales",
                "--from",
                str(PROJECT_ROOT / FIXTURE),
                "--data-dir",
                str(data_copy),
            ]
        )
        == 0
    )
    ev = data.load("ev_sales", data_copy)
    raw = pd.read_csv(PROJECT_ROOT / FIXTURE)
    expect = raw[
        (raw.region_country == "Thailand")
        & (raw.category == "Historical")
        & (raw["mode"] == "Cars")
        & (raw.parameter == "EV sales")
        & (raw.powertrain == "BEV")
        & (raw.year == 2024)
    ]["value"].iloc[0]
    got = ev[(ev.area == "THA") & (ev.year == 2024) & (ev.powertrain == "BEV")]["sales"].iloc[0]
    assert got == round(expect)
    assert set(ev["area"]) == {
        "THA",
        "CHN",
        "WLD",
        "VNM",
    }  # Norway is not tracked; vans are dropped
    assert ev["year"].max() == 2024  # projections are not observations
    source = data.sources("ev_sales", data_copy)
    assert list(source) == ["iea-gevo-2025"] and source["iea-gevo-2025"]["licenses"]


def test_update_from_the_workbook_layout(data_copy, tmp_path):
    from evbrief import PROJECT_ROOT

    raw = pd.read_csv(PROJECT_ROOT / FIXTURE)
    book = tmp_path / "EVDataExplorer2025.xlsx"
    with pd.ExcelWriter(book, engine="openpyxl") as writer:
        pd.DataFrame({"x": ["notes"]}).to_excel(writer, sheet_name="Notes", index=False)
        raw.to_excel(writer, sheet_name="GEVO_EV_2025", index=False)
    message = update.update_table("ev_sales", str(book), data_dir=data_copy)
    assert "edition 2025" in message
    assert len(data.load("ev_sales", data_copy)) > 0


def test_update_rejects_a_file_of_another_layout(data_copy, tmp_path):
    other = tmp_path / "prices-2025.csv"
    other.write_text("country,price\nThailand,1\n")
    before = (data_copy / "ev_sales.csv").read_bytes()
    with pytest.raises(update.UpdateError, match="missing column"):
        update.update_table("ev_sales", str(other), data_dir=data_copy)
    assert (data_copy / "ev_sales.csv").read_bytes() == before


def test_update_needs_the_edition_when_the_name_lacks_it(data_copy, tmp_path):
    from evbrief import PROJECT_ROOT

    plain = tmp_path / "ev-data.csv"
    shutil.copy(PROJECT_ROOT / FIXTURE, plain)
    with pytest.raises(update.UpdateError, match="--edition"):
        update.update_table("ev_sales", str(plain), data_dir=data_copy)
    assert "edition 2025" in update.update_table(
        "ev_sales", str(plain), edition=2025, data_dir=data_copy
    )


@pytest.mark.skipif(
    not REFERENCE.exists(), reason="../shared/data/reference is not beside this clone"
)
def test_update_from_the_real_2026_release_reproduces_the_shipped_table(data_copy):
    file = REFERENCE / "iea_gevo2026" / "GEVO_EV_2026_sheet_export.csv"
    update.update_table("ev_sales", str(file), data_dir=data_copy)
    rebuilt = pd.read_csv(data_copy / "ev_sales.csv")
    from evbrief import PROJECT_ROOT

    shipped = pd.read_csv(PROJECT_ROOT / "data" / "ev_sales.csv")
    pd.testing.assert_frame_equal(rebuilt, shipped)
    package = json.loads((data_copy / "datapackage.json").read_text())
    assert any(
        s["id"] == "iea-gevo-2026" for r in package["resources"] for s in r.get("sources", [])
    )


@pytest.mark.skipif(
    not REFERENCE.exists(), reason="../shared/data/reference is not beside this clone"
)
def test_update_from_the_real_2025_release(data_copy):
    update.update_table(
        "ev_sales", str(REFERENCE / "iea_gevo2025" / "EVDataExplorer2025.csv"), data_dir=data_copy
    )
    ev = data.load("ev_sales", data_copy)
    assert {"THA", "IDN", "MYS", "VNM", "CHN", "JPN", "WLD"} <= set(ev["area"])
    assert "PHL" not in set(ev["area"])  # the 2025 release does not cover the Philippines
