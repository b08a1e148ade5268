"""Every notebook of the publication executes on the shipped data and lands in the catalogue."""

from __future__ import annotations

import json

from evbrief import countries, publication, publish


def test_every_declared_report_is_rendered_and_indexed(publication_dir):
    index = (publication_dir / "index.html").read_text()
    for job in publication.jobs():
        for fmt in job.formats:
            assert (publication_dir / f"{job.stem}.{fmt}").stat().st_size > 1000, (job.stem, fmt)
            assert f'href="{job.stem}.{fmt}"' in index


def test_all_ten_members_have_a_profile(publication_dir):
    for code in countries.ASEAN:
        page = (publication_dir / f"country-{code.lower()}.html").read_text()
        assert countries.name(code) in page


def test_every_notebook_in_notebooks_is_published():
    published = {j.notebook for j in publication.jobs()}
    assert set(publish.notebooks()) == published


def test_members_without_data_get_sentences_not_empty_charts(publication_dir):
    page = (publication_dir / "country-brn.html").read_text()
    assert "publishes no electric-car sales for Brunei" in page
    assert "OICA" in page


def test_backtest_errors_are_kept_as_csv(publication_dir):
    lines = (publication_dir / "scenarios-backtest.csv").read_text().splitlines()
    assert lines[0].startswith("area,name,year,observed_pct,projected_pct,error_pp")
    assert len(lines) > 5


def test_scenario_reports_state_their_difference(publication_dir):
    for stem in ("scenarios-strategy_delivered", "scenarios-china_accelerates"):
        claims = json.loads((publication_dir / f"{stem}.claims.json").read_text())["claims"]
        gaps = [c for c in claims if c["detail"]["kind"] == "scenario_gap"]
        assert {c["detail"]["year"] for c in gaps} == {2030, 2035}


def test_notebooks_are_stored_without_outputs():
    for name in publish.notebooks():
        nb = json.loads(publish.notebook_path(name).read_text())
        for cell in nb["cells"]:
            assert not cell.get("outputs") and cell.get("execution_count") is None, name
        tagged = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
        assert len(tagged) == 1, name


def test_every_chart_spec_is_valid_vega_lite(publication_dir):
    """Specs are not validated at render time (it was most of the render's cost), so they are here."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema import load_schema

    schema = load_schema()
    specs = 0
    for file in (publication_dir / "notebooks").glob("*.ipynb"):
        nb = json.loads(file.read_text())
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                meta = output.get("metadata", {}).get("evbrief", {})
                if meta.get("role") == "figure":
                    validate_jsonschema(meta["spec"], schema)
                    specs += 1
    assert specs > 50
