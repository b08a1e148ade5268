"""The briefings' outlook figure: one market's central path to 2035, its bands, the ceiling it rises
toward and the member's own targets of the same share (sections.targets.outlook_figure).

What it draws is the model's: the path is the stored projection and the bands are the quantiles of
the stored draws, both read back from the cache folder (evbrief.core.artefacts). A target of another
measure (Thailand's 30@30 counts production) is refused from the figure and named apart instead;
the fixture is the ten rows of tests/fixtures/member_targets_sample.csv. The claims the outlook
sentence states recompute by tests/publishing/test_claims.py's independent route.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from evbrief.analysis import scenarios
from evbrief.core import artefacts
from evbrief.document import charts
from evbrief.document.report import Report
from evbrief.sections import targets

from tests.publishing import test_claims

SAMPLE = Path(__file__).parents[1] / "fixtures" / "member_targets_sample.csv"
SCENARIO = "stated_policies"
DRAWS = 40  # fewer than the reports' draws: the same code, a quicker test


@pytest.fixture(scope="module")
def sample_targets() -> pd.DataFrame:
    return pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)


def drawn(area: str, targets_frame: pd.DataFrame) -> tuple[dict, dict]:
    """The figure's rows and the Vega-Lite spec of the chart the report was handed."""
    rep = Report("briefing", {}, "t")
    shown = []
    rep.figure = lambda chart, **_: shown.append(chart.to_dict(validate=False))
    targets.outlook_figure(
        rep, area, SCENARIO, targets_frame, DRAWS, title="t", subtitle="s", alt_text="a"
    )
    return targets.outlook_rows(area, SCENARIO, targets_frame, DRAWS), shown[0]


def datasets(spec: dict) -> list[list[dict]]:
    return list(spec.get("datasets", {}).values())


@pytest.mark.parametrize("area", ["SEA", "IDN", "MYS"])
def test_the_figure_draws_the_models_stored_path_and_draws(area, sample_targets):
    rows, spec = drawn(area, sample_targets)
    artefacts.forget_memory()  # read what is on disk, not what this process holds
    projection = artefacts.read(scenarios._projection_key(SCENARIO, None))
    draws = artefacts.read(scenarios._draws_key(SCENARIO, DRAWS))
    assert projection is not artefacts.MISSING and draws is not artefacts.MISSING
    p = projection[projection["area"] == area].sort_values("year")
    assert rows["path"]["year"].tolist() == p["year"].tolist()
    assert np.allclose(rows["path"]["value"], p["ev_share_pct"])
    s = draws[area]
    for q, column in ((0.05, "p5"), (0.25, "p25"), (0.75, "p75"), (0.95, "p95")):
        by_year = s.groupby("year")["ev_share_pct"].quantile(q)
        assert np.allclose(
            rows["bands"].set_index("year")[column], by_year.loc[rows["bands"]["year"]]
        )
    # the chart carries those rows: the path's values and the 90% band's ends are in its data
    values = [r for d in datasets(spec) for r in d]
    path_points = {
        (r["year"], round(r["value"], 9)) for r in values if "value" in r and "label" not in r
    }
    assert {
        (int(y), round(v, 9)) for y, v in zip(p["year"], p["ev_share_pct"], strict=True)
    } <= path_points
    band_ends = {(r["year"], round(r["p5"], 9), round(r["p95"], 9)) for r in values if "p5" in r}
    assert len(band_ends) == len(rows["bands"])
    # the ceiling drawn is the model's for this market
    assert rows["ceiling"] == pytest.approx(
        scenarios.curves(scenarios.parameters(SCENARIO), areas=[area])[area].ceiling
    )


def test_a_target_of_another_measure_is_refused_from_the_figure(sample_targets):
    # Thailand's 30@30 counts ZEV production: not drawn beside its sales-share path ...
    rows = targets.outlook_rows("THA", SCENARIO, sample_targets, DRAWS)
    assert rows["targets"].empty
    # ... named apart in the outlook facts, by the measure it counts ...
    facts = targets.outlook_facts(
        Report("briefing", {}, "t"), "THA", SCENARIO, sample_targets, DRAWS
    )
    assert facts.beside == []
    assert any(t.startswith("30@30") for t in facts.apart["zev_share_of_production_pct"])
    # ... and refused by the chart if it is handed one anyway
    production = pd.DataFrame(
        {
            "target_id": ["MT01"],
            "year": [2030],
            "value": [30.0],
            "measure": ["zev_share_of_production_pct"],
        }
    )
    words = dict(
        ceiling=60.0,
        ceiling_label="ceiling",
        path_label="path",
        target_label="{value} {year}",
        y_title="y",
        title="t",
        subtitle="s",
        source_line="src",
    )
    args = (rows["bands"], rows["path"], rows["history"])
    with pytest.raises(charts.MeasureError, match="MT01 measures zev_share_of_production_pct"):
        charts.path_band_chart(*args, production, measure=scenarios.SALES_SHARE, **words)
    sales = production.assign(measure=scenarios.SALES_SHARE)
    charts.path_band_chart(*args, sales, measure=scenarios.SALES_SHARE, **words)


def test_a_target_of_the_same_share_is_drawn_with_its_distance(sample_targets):
    # Malaysia's NETR 20% of new sales by 2030 (MT16) is a sales share: drawn, and its distance told
    rows = targets.outlook_rows("MYS", SCENARIO, sample_targets, DRAWS)
    assert rows["targets"]["target_id"].tolist() == ["MT16"]
    assert rows["own"] and rows["ceiling"] == 80.0
    facts = targets.outlook_facts(
        Report("briefing", {}, "t"), "MYS", SCENARIO, sample_targets, DRAWS
    )
    (b,) = facts.beside
    path = rows["path"].set_index("year").at[2030, "value"]
    assert b.distance_pp.value == pytest.approx(abs(path - 20.0)) and not b.short
    assert not b.passed and facts.ceiling.evidence != "assumed"


def test_the_common_ceiling_is_an_assumption_in_the_claims(sample_targets):
    facts = targets.outlook_facts(
        Report("briefing", {}, "t"), "SEA", SCENARIO, sample_targets, DRAWS
    )
    assert not facts.own
    assert facts.ceiling.evidence == "assumed"
    assert facts.ceiling.assumptions == ["adoption.ceiling_pct"]


@pytest.mark.parametrize("area", ["SEA", "THA", "IDN", "MYS", "VNM"])
def test_the_outlook_claims_recompute(area):
    """Each claim of the outlook sentence, through tests/publishing/test_claims.py's independent
    route: the same recompute that checks every claims file of the publication."""
    rep = Report("briefing", {}, "t")
    facts = targets.outlook_facts(rep, area, SCENARIO, scenarios.member_targets(), DRAWS)
    claims = [facts.path30, facts.path35, facts.low, facts.high, facts.ceiling]
    for b in facts.beside:
        claims += [b.target_pct, b.path_pct, b.distance_pp]
    if facts.rise is not None:
        claims += [facts.rise.rise, facts.rise.fastest]
    for c in claims:
        record = {"name": c.name, "value": c.value, "unit": c.unit, "detail": c.detail}
        expected, tol, notes = test_claims.recompute(record, {})
        assert expected is not None and test_claims.agrees(c.value, expected, tol), c.name
        assert not notes, (c.name, notes)
