"""Property-based tests (hypothesis) of parameter checking and of the data loader."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from evbrief import PROJECT_ROOT, countries, data, parameters
from hypothesis import HealthCheck, given, settings
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
)


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
    for p in problems:
        assert p.file.endswith(".csv") or p.file.endswith("datapackage.json")
        assert p.row is None or 1 <= p.row <= len(frame) + 1
        assert p.column is None or all(c in columns for c in p.column.split(","))
    if problems:
        try:
            data.load("ev_sales", folder)
        except data.DataError as exc:
            assert str(problems[0]) in str(exc) or len(exc.problems) >= 1
        else:
            assert all(not p.file.endswith("ev_sales.csv") for p in problems)
