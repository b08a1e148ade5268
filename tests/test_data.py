"""The loader returns typed tables and every broken rule is reported with file, row, column and rule."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from evbrief.data import tables as data


def test_shipped_data_validates():
    assert data.validate() == []


def test_load_returns_typed_columns():
    ev = data.load("ev_sales")
    assert str(ev["year"].dtype) == "Int64"
    assert str(ev["sales"].dtype) == "Int64"
    assert str(ev["sales_share_pct"].dtype) == "Float64"
    assert set(ev["powertrain"]) == {"EV", "BEV", "PHEV"}


def test_ev_sales_covers_the_areas_the_briefing_needs():
    areas = set(data.load("ev_sales")["area"])
    assert {"CHN", "JPN", "WLD", "THA", "IDN", "VNM", "MYS", "PHL", "SGP", "KHM", "LAO"} <= areas


def test_thailand_2025_share_matches_the_iea_release():
    # IEA GEVO 2026 data explorer: Thailand, Historical, EV sales share, Cars, EV, 2025 = 23.0
    ev = data.load("ev_sales")
    row = ev[(ev.area == "THA") & (ev.year == 2025) & (ev.powertrain == "EV")]
    assert float(row["sales_share_pct"].iloc[0]) == 23.0


def _edit(folder: Path, name: str, edit) -> None:
    file = folder / f"{name}.csv"
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    frame = edit(frame)
    frame.to_csv(file, index=False)


def _problems(folder: Path, rule: str) -> list[data.Problem]:
    return [p for p in data.validate(folder) if p.rule == rule]


def test_missing_column_is_named(data_copy):
    _edit(data_copy, "ev_sales", lambda f: f.drop(columns=["sales"]))
    [problem] = _problems(data_copy, "missing-column")
    assert problem.column == "sales" and problem.file.endswith("ev_sales.csv")


def test_text_in_a_number_column_names_the_row(data_copy):
    def edit(f):
        f.loc[4, "sales"] = "many"
        return f

    _edit(data_copy, "ev_sales", edit)
    [problem] = _problems(data_copy, "type")
    assert (problem.row, problem.column) == (6, "sales")  # header is line 1, frame row 4 is line 6
    assert "many" in problem.message


def test_duplicate_key_is_reported(data_copy):
    _edit(data_copy, "ev_sales", lambda f: pd.concat([f, f.iloc[[10]]]))
    [problem] = _problems(data_copy, "primary-key")
    assert problem.column == "area,year,powertrain"


def test_row_without_source_is_reported(data_copy):
    def edit(f):
        f.loc[3, "source_id"] = ""
        return f

    _edit(data_copy, "fx_rates", edit)
    assert any(p.row == 5 and p.column == "source_id" for p in data.validate(data_copy))


def test_source_not_described_is_reported(data_copy):
    def edit(f):
        f.loc[0, "source_id"] = "made-up"
        return f

    _edit(data_copy, "vehicle_market", edit)
    [problem] = _problems(data_copy, "source")
    assert "made-up" in problem.message and problem.row == 2


def test_file_that_is_not_csv(data_copy):
    (data_copy / "fx_rates.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe binary")
    problems = data.validate(data_copy)
    assert any(
        p.file.endswith("fx_rates.csv") and p.rule in ("not-csv", "missing-column")
        for p in problems
    )


def test_value_out_of_range(data_copy):
    def edit(f):
        f.loc[0, "sales_share_pct"] = "140"
        return f

    _edit(data_copy, "ev_sales", edit)
    [problem] = _problems(data_copy, "range")
    assert problem.column == "sales_share_pct"


def test_source_without_licence_is_reported(data_copy):
    package = json.loads((data_copy / "datapackage.json").read_text())
    package["resources"][1]["sources"][0].pop("licenses")
    (data_copy / "datapackage.json").write_text(json.dumps(package))
    assert any(p.rule == "source" and "licence" in p.message for p in data.validate(data_copy))


def test_load_raises_with_every_problem(data_copy):
    def edit(f):
        f.loc[0, "powertrain"] = "HYBRID"
        return f

    _edit(data_copy, "ev_sales", edit)
    with pytest.raises(data.DataError) as err:
        data.load("ev_sales", data_copy)
    assert "ev_sales.csv, row 2, column 'powertrain': enum" in str(err.value)


def test_a_rate_that_does_not_reproduce_the_conversion_is_reported(data_copy):
    # C01: 140,000,000,000 yen / 899,510,000 dollars = 155.64 yen per dollar, as Reuters printed;
    # a rate of 150 is 3.6% off, beyond the 1% allowed for the source's rounding
    def edit(f):
        f.loc[f.commitment_id == "C01", "source_rate"] = "150"
        return f

    _edit(data_copy, "commitments", edit)
    [problem] = _problems(data_copy, "source-rate")
    assert problem.column == "source_rate" and problem.file.endswith("commitments.csv")


def test_partner_amount_without_money_type_is_reported(data_copy):
    def edit(f):
        f.loc[f.partner_id == "P01", "money_type"] = ""
        return f

    _edit(data_copy, "partners", edit)
    [problem] = _problems(data_copy, "money-stated")
    assert problem.column == "money_type"


def test_sources_list_is_in_sync_with_the_datapackage():
    from evbrief import PROJECT_ROOT
    from evbrief.publishing.catalogue import sources_markdown

    assert (PROJECT_ROOT / "data" / "SOURCES.md").read_text() == sources_markdown(), (
        "data/SOURCES.md is stale: run `.venv/bin/python -m evbrief.publishing.catalogue`"
    )


def test_catalogue_lists_every_table_with_a_csv_copy(tmp_path):
    from evbrief.publishing.catalogue import write_catalogue

    page = write_catalogue(tmp_path).read_text()
    for name in data.table_names():
        assert f'id="{name}"' in page
    for res in data.read_package()["resources"]:
        assert (tmp_path / "data" / res["path"]).exists()
        assert f'href="data/{res["path"]}"' in page


def _powertrain_row(f: pd.DataFrame, **values) -> pd.DataFrame:
    """A copy of the first row of the powertrain table with some values changed, appended."""
    row = f.iloc[[0]].copy()
    for col, value in values.items():
        row[col] = value
    return pd.concat([f, row], ignore_index=True)


def test_powertrain_shares_over_100_are_reported(data_copy):
    # GAIKINDO 2025 (JETRO): petrol 56.7 + diesel 21.6 + BEV 12.9 + HEV 8.1 + PHEV 0.7 = 100.0;
    # an extra ICE row of 5% from the same source and period makes 105.0 > 100.5.
    def edit(f):
        return _powertrain_row(
            f,
            area="IDN",
            year="2025",
            period="CY",
            scope="all_vehicles",
            measure="wholesales",
            powertrain="ICE",
            units="",
            share_pct="5",
            source_id="jetro-2026-idn-2025",
        )

    _edit(data_copy, "powertrain_sales", edit)
    [problem] = _problems(data_copy, "shares-sum")
    assert "105.0%" in problem.message and problem.file.endswith("powertrain_sales.csv")


def test_brand_shares_over_100_are_reported(data_copy):
    # Indonesia 2019 (wikipedia-idn-auto): Japanese brands 96.3% of all vehicles; a second origin row
    # of 5% from the same source, period and scope makes 101.3 > 100.5. The brand rows of the same
    # market are another partition and are not added to the origins.
    def edit(f):
        row = f[(f["source_id"] == "wikipedia-idn-auto") & (f["group_type"] == "origin")].iloc[[0]]
        row = row.assign(group="korean", share_pct="5", units="", quote="x")
        return pd.concat([f, row], ignore_index=True)

    _edit(data_copy, "brand_shares", edit)
    [problem] = _problems(data_copy, "shares-sum")
    assert "101.3%" in problem.message and problem.file.endswith("brand_shares.csv")


def test_brand_and_origin_rows_of_one_market_are_not_added_together(data_copy):
    # Thailand Dec 2025 hybrids (JETRO): brands add up to 93.4% and origins to 96.5%; together they
    # would be 189.9%, which is not a problem because they partition the same sales twice.
    assert _problems(data_copy, "shares-sum") == []


def test_powertrain_parts_above_the_total_are_reported(data_copy):
    # Thailand, FTI passenger-car sales, July 2025: total 31,988; ICE 11,547 + BEV 9,250 +
    # HEV 10,337 + PHEV 667 = 31,801. Raising ICE by 1,000 gives 32,801 > 31,988 * 1.005 = 32,148.
    def edit(f):
        hit = (
            (f.source_id == "newsclip-2025-tha-jul") & (f.period == "Jul") & (f.powertrain == "ICE")
        )
        f.loc[hit, "units"] = "12547"
        return f

    _edit(data_copy, "powertrain_sales", edit)
    [problem] = _problems(data_copy, "parts-exceed-total")
    assert "32801" in problem.message


def test_powertrain_outside_the_enum_is_reported(data_copy):
    def edit(f):
        f.loc[0, "powertrain"] = "FCEV"
        return f

    _edit(data_copy, "powertrain_sales", edit)
    [problem] = _problems(data_copy, "enum")
    assert problem.column == "powertrain" and problem.row == 2


def test_negative_units_are_reported(data_copy):
    def edit(f):
        f.loc[0, "units"] = "-5"
        return f

    _edit(data_copy, "powertrain_sales", edit)
    [problem] = _problems(data_copy, "range")
    assert problem.column == "units"


def test_catalogue_shows_a_single_year_once():
    import pandas as pd
    from evbrief.publishing.catalogue import _coverage

    assert _coverage(pd.DataFrame({"year": [2035, 2035]}))[1] == "2035"  # not "2035–2035"
    assert _coverage(pd.DataFrame({"year": [2030, 2035]}))[1] == "2030–2035"
