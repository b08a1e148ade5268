"""Property-based tests (hypothesis) of parameter checking and of the data loader."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from evbrief import PROJECT_ROOT
from evbrief.data import countries
from evbrief.data import tables as data
from evbrief.document import parameters
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

DECLARED = {"focus": "ASEAN", "start_year": 2015, "end_year": 2025, "edition": ""}
FIRST, LAST = 2010, 2025  # years of data/ev_sales.csv


@given(st.text(max_size=30))
@settings(max_examples=100, deadline=None)
def test_focus_is_a_member_the_region_or_a_clear_error(text):
    try:
        checked = parameters.check("briefing", DECLARED, {"focus": text})
    except parameters.ParameterError as exc:
        message = str(exc)
        assert "\n" not in message
        assert all(code in message for code in countries.ASEAN)
        return
    assert checked["focus"] in (*countries.ASEAN, "ASEAN")


@given(st.integers(min_value=1900, max_value=2100), st.integers(min_value=1900, max_value=2100))
@settings(max_examples=100, deadline=None)
def test_year_ranges_inside_the_data_are_accepted_and_others_rejected(start, end):
    valid = FIRST <= start <= LAST and FIRST <= end <= LAST and start <= end
    try:
        checked = parameters.check(
            "briefing", DECLARED, {"start_year": str(start), "end_year": str(end)}
        )
    except parameters.ParameterError as exc:
        assert not valid, exc
        assert str(start) in str(exc) or str(end) in str(exc)
        return
    assert valid and (checked["start_year"], checked["end_year"]) == (start, end)


@given(
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12).filter(
        lambda k: k not in DECLARED
    )
)
@settings(max_examples=60, deadline=None)
def test_unknown_parameter_names_list_the_valid_ones(name):
    try:
        parameters.check("briefing", DECLARED, {name: "x"})
    except parameters.ParameterError as exc:
        assert all(k in str(exc) for k in DECLARED)
    else:
        raise AssertionError(f"{name!r} was accepted")


CELL = st.one_of(
    st.text(max_size=8),
    st.integers(-(10**9), 10**12).map(str),
    st.floats(allow_nan=True).map(str),
    st.just(""),
    st.sampled_from(["EV", "BEV", "PHEV", "THA", "WLD", "iea-gevo-2026", "2020"]),
    # line breaks inside a cell: pandas writes them quoted, and a quoted break is part of the cell
    st.sampled_from(["0\r", "0\n", "0\r\n", "\r", "\n", "T\r\nHA", "1\n2"]),
)


def _physical_lines(text: str) -> int:
    """Lines as an editor counts them: \\r\\n, \\r and \\n each end one."""
    return len(re.split(r"\r\n|\r|\n", text.rstrip("\r\n")))


@given(
    st.lists(
        st.tuples(
            st.integers(0, 571),
            st.sampled_from(
                ["area", "year", "powertrain", "sales", "stock", "sales_share_pct", "source_id"]
            ),
            CELL,
        ),
        min_size=1,
        max_size=5,
    )
)
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# the case Hypothesis found (issue 11): pandas writes '0\r' unquoted, which ends the record
@example(edits=[(571, "sales", "0\r")])
@example(edits=[(571, "area", "0\n")])
@example(edits=[(3, "stock", "0\r\n"), (4, "source_id", "\r")])
def test_loader_reports_every_edit_with_its_place_and_never_crashes(tmp_path_factory, edits):
    folder = tmp_path_factory.mktemp("data")
    shutil.copy(PROJECT_ROOT / "data" / "datapackage.json", folder)
    for name in ("ev_sales", "area_names"):
        shutil.copy(PROJECT_ROOT / "data" / f"{name}.csv", folder)
    package = data.read_package(folder)
    package["resources"] = [
        r for r in package["resources"] if r["name"] in ("ev_sales", "area_names")
    ]
    (Path(folder) / "datapackage.json").write_text(__import__("json").dumps(package))
    frame = pd.read_csv(folder / "ev_sales.csv", dtype=str, keep_default_na=False)
    for row, column, value in edits:
        frame.loc[row, column] = value
    frame.to_csv(folder / "ev_sales.csv", index=False)
    problems = data.validate(folder)
    columns = {f["name"] for r in package["resources"] for f in r["schema"]["fields"]}
    with open(folder / "ev_sales.csv", encoding="utf-8", newline="") as handle:
        lines = _physical_lines(handle.read())
    for p in problems:
        assert p.file.endswith(".csv") or p.file.endswith("datapackage.json")
        assert p.row is None or 1 <= p.row <= lines
        assert p.column is None or all(c in columns for c in p.column.split(","))
    if problems:
        try:
            data.load("ev_sales", folder)
        except data.DataError as exc:
            assert str(problems[0]) in str(exc) or len(exc.problems) >= 1
        else:
            assert all(not p.file.endswith("ev_sales.csv") for p in problems)


# --- named regression cases: a line break inside a cell (issue 11) -------------------------------
# Hypothesis once wrote '0\r' into a cell and the validator reported row 574 of a 572-row table.


def _small_table(tmp_path: Path) -> Path:
    """ev_sales and area_names alone, as the property test above sets them up."""
    folder = tmp_path / "data"
    folder.mkdir()
    package = data.read_package(PROJECT_ROOT / "data")
    package["resources"] = [
        r for r in package["resources"] if r["name"] in ("ev_sales", "area_names")
    ]
    (folder / "datapackage.json").write_text(__import__("json").dumps(package))
    for name in ("ev_sales", "area_names"):
        shutil.copy(PROJECT_ROOT / "data" / f"{name}.csv", folder)
    return folder


def _rows(folder: Path) -> list[list[str]]:
    with open(folder / "ev_sales.csv", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("brk", ["\r", "\n", "\r\n"], ids=["CR", "LF", "CRLF"])
def test_quoted_line_break_in_a_cell_is_part_of_the_cell(tmp_path, brk):
    folder = _small_table(tmp_path)
    rows = _rows(folder)
    column = rows[0].index("sales")
    rows[10][column] = (
        rows[10][column] + brk
    )  # record 10 (line 11) ends its sales cell with a break
    with open(folder / "ev_sales.csv", "w", encoding="utf-8", newline="") as handle:
        # RFC 4180's line end (CRLF): the writer then quotes any cell holding a CR or an LF
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    raw, lines, problems = data.read_records(folder / "ev_sales.csv", "ev_sales.csv")
    assert problems == []
    assert len(raw) == len(rows) - 1  # as many records as before: the break did not split one
    assert raw.iloc[9]["sales"] == rows[10][column]  # the cell holds its break, as written
    # the header is line 1, so record 10 starts on line 11; its cell holds one more line end, so
    # the next record starts on line 13 (CRLF counts once, as an editor counts it)
    assert (lines[9], lines[10]) == (11, 13)
    # a number followed by a line break is still that number (surrounding blanks are trimmed)
    assert not [p for p in data.validate(folder) if p.column == "sales"]
    assert len(data.load("ev_sales", folder)) == len(rows) - 1


@pytest.mark.parametrize("brk", ["\r", "\n"], ids=["CR", "LF"])
def test_unquoted_line_break_is_refused_at_its_true_row(tmp_path, brk):
    folder = _small_table(tmp_path)
    with open(folder / "ev_sales.csv", encoding="utf-8", newline="") as handle:
        lines = handle.read().split("\n")
    first, rest = lines[10].split(",", 1)  # line 11: break it after its first cell, unquoted
    lines[10] = f"{first}{brk}{rest}"
    with open(folder / "ev_sales.csv", "w", encoding="utf-8", newline="") as handle:
        handle.write("\n".join(lines))
    problems = [p for p in data.validate(folder) if p.file.endswith("ev_sales.csv")]
    total = len(lines) - (1 if lines[-1] == "" else 0) + 1  # one more physical line than before
    assert problems and all(p.row is not None and 1 <= p.row <= total for p in problems)
    cut = [p for p in problems if p.rule == "cells"]
    # the broken record is refused where it starts (line 11) and its tail on the next line (12)
    assert [p.row for p in cut] == [11, 12]
    assert "double quotes" in cut[0].message
    with pytest.raises(data.DataError, match="row 11"):
        data.load("ev_sales", folder)
