"""`evbrief data update ev_sales` rebuilds the table from an IEA release in its published layout."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from evbrief.data import tables as data
from evbrief.data import update
from evbrief.publishing.cli import main

from tests.conftest import REFERENCE

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
                "--allow-removals",  # the sample covers fewer areas than the shipped table
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
    message = update.update_table("ev_sales", str(book), data_dir=data_copy, allow_removals=True)
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
        "ev_sales", str(plain), edition=2025, data_dir=data_copy, allow_removals=True
    )


@pytest.mark.skipif(
    not REFERENCE.exists(), reason="../shared/data/reference is not beside this clone"
)
def test_update_from_the_real_2026_release_reproduces_the_shipped_table(data_copy):
    file = REFERENCE / "iea_gevo2026" / "GEVO_EV_2026_sheet_export.csv"
    before = _snapshot(data_copy)
    message = update.update_table("ev_sales", str(file), data_dir=data_copy)
    # re-importing the current file: nothing to write, so no byte (nor mtime) of data/ changes
    assert "nothing written" in message
    assert _snapshot(data_copy) == before
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
        "ev_sales",
        str(REFERENCE / "iea_gevo2025" / "EVDataExplorer2025.csv"),
        data_dir=data_copy,
        allow_removals=True,
    )
    ev = data.load("ev_sales", data_copy)
    assert {"THA", "IDN", "MYS", "VNM", "CHN", "JPN", "WLD"} <= set(ev["area"])
    assert "PHL" not in set(ev["area"])  # the 2025 release does not cover the Philippines


# --- a refresh that cannot lose data silently (issue 16) ------------------------------------------

SAMPLE_2025 = "tests/fixtures/EVDataExplorer2025-sample.csv"  # real rows of the GEVO 2025 CSV
SAMPLE_2026 = "tests/fixtures/GEVO_EV_2026-sample.csv"  # real rows of the GEVO 2026 sheet
SAMPLE_2025_AREAS = {"CHN", "IDN", "JPN", "THA", "VNM", "WLD"}  # its six areas, by hand


def _snapshot(folder):
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _shipped(column: str) -> set[str]:
    from evbrief import PROJECT_ROOT

    with open(PROJECT_ROOT / "data" / "ev_sales.csv", newline="", encoding="utf-8") as f:
        return {row[column] for row in __import__("csv").DictReader(f)}


def test_an_older_edition_is_refused_naming_what_would_be_lost(data_copy, capsys):
    from evbrief import PROJECT_ROOT
    from evbrief.data import countries

    before = _snapshot(data_copy)
    args = ["data", "update", "ev_sales", "--from", str(PROJECT_ROOT / SAMPLE_2025)]
    assert main([*args, "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert _snapshot(data_copy) == before  # data/ byte-identical, datapackage.json included
    lost = _shipped("area") - SAMPLE_2025_AREAS
    assert lost and all(f"({code})" in err for code in lost)
    for code in lost & set(countries.ASEAN):
        assert countries.name(code) in err  # named, not only coded
    assert "years removed: 2025" in err  # the 2025 release has no data for 2025
    assert "OLDER edition" in err and "--allow-removals" in err


def test_dry_run_shows_the_difference_and_writes_nothing(data_copy, capsys):
    from evbrief import PROJECT_ROOT

    before = _snapshot(data_copy)
    args = ["data", "update", "ev_sales", "--from", str(PROJECT_ROOT / SAMPLE_2025)]
    assert main([*args, "--data-dir", str(data_copy), "--allow-removals", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "dry run: nothing written" in out and "value(s) revised" in out
    assert _snapshot(data_copy) == before


def test_a_refresh_keeps_every_provenance_note(data_copy):
    from evbrief import PROJECT_ROOT

    shipped = data.sources("ev_sales", data_copy)["iea-gevo-2026"]
    update.update_table(
        "ev_sales", str(PROJECT_ROOT / SAMPLE_2025), data_dir=data_copy, allow_removals=True
    )
    [now] = data.sources("ev_sales", data_copy).values()
    assert now["id"] == "iea-gevo-2025"
    assert [p["note"] for p in now["previous_editions"]] == [shipped["note"]]
    assert "peer review" in now["previous_editions"][0]["note"]  # the caveat is not lost
    update.update_table("ev_sales", str(PROJECT_ROOT / SAMPLE_2026), data_dir=data_copy)
    [again] = data.sources("ev_sales", data_copy).values()
    assert [p["id"] for p in again["previous_editions"]] == ["iea-gevo-2026", "iea-gevo-2025"]
    assert again["previous_editions"][0]["note"] == shipped["note"]


def test_reimporting_the_current_file_changes_nothing_and_re_renders_nothing(
    data_copy, monkeypatch
):
    from evbrief import PROJECT_ROOT
    from evbrief.publishing import publication

    update.update_table(
        "ev_sales", str(PROJECT_ROOT / SAMPLE_2026), data_dir=data_copy, allow_removals=True
    )
    monkeypatch.setenv("EVBRIEF_DATA_DIR", str(data_copy))
    before, hashed = _snapshot(data_copy), publication.data_hash(None)
    message = update.update_table("ev_sales", str(PROJECT_ROOT / SAMPLE_2026), data_dir=data_copy)
    assert "0 added, 0 removed, 0 value(s) revised" in message and "nothing written" in message
    assert _snapshot(data_copy) == before
    assert publication.data_hash(None) == hashed  # what decides whether a report re-renders


def test_revisions_are_counted_and_the_largest_listed_first():
    res = {
        "name": "t",
        "schema": {
            "primaryKey": ["area", "year"],
            "fields": [
                {"name": "area", "type": "string"},
                {"name": "year", "type": "year"},
                {"name": "sales", "type": "number"},
            ],
        },
    }
    old = pd.DataFrame(
        {"area": ["A", "A", "B"], "year": [2020, 2021, 2020], "sales": [100.0, 200.0, 50.0]}
    )
    new = pd.DataFrame(
        {"area": ["A", "A", "C"], "year": [2020, 2021, 2020], "sales": [110.0, 200.0, 5.0]}
    )
    diff = update.compare(res, old, new)
    # A 2020: 100 -> 110 is the only revision (+10%); B dropped, C added
    assert [(r.key, r.old, r.new) for r in diff.revisions] == [(("A", 2020), 100.0, 110.0)]
    assert abs(diff.revisions[0].change - 0.10) < 1e-12
    assert (diff.rows_added, diff.rows_removed) == (1, 1)
    assert (diff.areas_added, diff.areas_removed) == (["C"], ["B"])
    assert diff.removes and not diff.unchanged


def test_end_year_follows_the_data_after_a_refresh(data_copy, monkeypatch):
    from evbrief import PROJECT_ROOT
    from evbrief.document import parameters
    from evbrief.publishing import publish

    update.update_table(
        "ev_sales", str(PROJECT_ROOT / SAMPLE_2025), data_dir=data_copy, allow_removals=True
    )
    monkeypatch.setenv("EVBRIEF_DATA_DIR", str(data_copy))
    declared = publish.declared_parameters("ev_adoption")
    assert parameters.check("ev_adoption", declared, {})["end_year"] == 2024  # GEVO 2025: to 2024
    assert parameters.check("ev_adoption", declared, {"end_year": "latest"})["end_year"] == 2024
    with pytest.raises(parameters.ParameterError, match="outside the data"):
        parameters.check("ev_adoption", declared, {"end_year": "2025"})  # given: checked
