"""A scenario is data: scenarios.toml alone names, labels and colours it (issue 26). A fourth scenario in a
copy of the file draws a visible, labelled line, and no chart title claims what its path contradicts."""

from __future__ import annotations

import pandas as pd
import pytest
from evbrief import PROJECT_ROOT
from evbrief.analysis import scenarios
from evbrief.document import charts
from evbrief.sections import outlook

FOURTH = """
[scenario.slow_uptake]
label = "Slow uptake"
colour = "#009988"
description = "Adoption at half the region's recent speed."
"adoption.speed_multiplier" = 0.5
"""


@pytest.fixture
def four_scenarios(tmp_path, monkeypatch):
    """scenarios.toml with a fourth scenario, read in place of the shipped one."""
    path = tmp_path / "scenarios.toml"
    path.write_text((PROJECT_ROOT / "scenarios.toml").read_text(encoding="utf-8") + FOURTH)
    read = scenarios.spec
    monkeypatch.setattr(scenarios, "spec", lambda p=None: read(path))
    return path


def _lines(colours: dict[str, str]) -> dict:
    rows = pd.DataFrame(
        [
            {"year": y, "value": v, "series": s}
            for s, base in (("Stated policies", 10), ("Slow uptake", 5))
            for y, v in ((2025, base), (2035, base * 4))
        ]
    )
    chart = charts.scenario_lines(
        rows, y_title="%", title="t", subtitle="s", source_line="src", colours=colours
    )
    return chart.to_dict()


def _colour_scale(spec: dict) -> dict:
    """The colour scale of the chart's lines, wherever the chart nests them (layer, vconcat)."""
    stack = [spec]
    while stack:
        node = stack.pop()
        colour = node.get("encoding", {}).get("color")
        if isinstance(colour, dict) and "scale" in colour:
            return colour["scale"]
        for key in ("layer", "vconcat", "hconcat"):
            stack.extend(node.get(key, []))
    raise AssertionError("no colour scale in the chart")


def test_a_fourth_scenario_draws_a_labelled_line_in_its_own_colour(four_scenarios):
    assert "slow_uptake" in scenarios.names()
    assert scenarios.colours()["Slow uptake"] == "#009988"
    assert scenarios.parameters("slow_uptake")["adoption"]["speed_multiplier"] == 0.5
    scale = _colour_scale(_lines(scenarios.colours()))
    assert "Slow uptake" in scale["domain"]
    assert scale["range"][scale["domain"].index("Slow uptake")] == "#009988"


def test_a_scenario_without_a_colour_is_refused_in_one_line(tmp_path, monkeypatch):
    path = tmp_path / "scenarios.toml"
    path.write_text(
        (PROJECT_ROOT / "scenarios.toml").read_text(encoding="utf-8")
        + FOURTH.replace('colour = "#009988"\n', "")
    )
    read = scenarios.spec
    monkeypatch.setattr(scenarios, "spec", lambda p=None: read(path))
    with pytest.raises(scenarios.ScenarioError, match="slow_uptake has no colour"):
        scenarios.colours()
    with pytest.raises(ValueError, match="no colour for Slow uptake"):
        _lines({"Stated policies": "#555555"})


def test_no_title_claims_every_scenario_when_one_path_says_otherwise():
    paths = pd.DataFrame(
        [
            {"year": 2035, "value": 60.0, "series": "Stated policies"},
            {"year": 2035, "value": 35.0, "series": "Slow uptake"},
        ]
    )
    title = outlook.majority_title("Thailand", paths)
    assert "every scenario" not in title and "not all" in title
    assert "every scenario" in outlook.majority_title("Thailand", paths.assign(value=[60.0, 55.0]))
