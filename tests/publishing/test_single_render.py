"""`evbrief render NAME`: a single render skips when nothing changed, as `render --all` does, and
records its inputs; a one-off override render leaves the publication's files as they were."""

from __future__ import annotations

import pytest
from evbrief.publishing import declaration, publication, publish


def _snapshot(folder):
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def scenarios_rendered(tmp_path_factory):
    """The publication's stated-policies scenarios report, rendered alone into a folder, HTML only."""
    folder = tmp_path_factory.mktemp("single")
    toml = folder / "publication.toml"
    toml.write_text(
        '[[report]]\nstem = "scenarios"\nnotebook = "scenarios"\nformats = ["html"]\n',
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(declaration, "PUBLICATION_FILE", toml)
        out = folder / "reports"
        result = publish.render_single("scenarios", {}, formats=("html",), out_dir=out)
        assert not result.skipped and result.stem == "scenarios"
        yield toml, out, result


def test_a_single_render_that_changes_nothing_is_skipped(scenarios_rendered):
    toml, out, _ = scenarios_rendered
    before = _snapshot(out)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(declaration, "PUBLICATION_FILE", toml)
        again = publish.render_single("scenarios", {}, formats=("html",), out_dir=out)
    assert again.skipped and again.stem == "scenarios"
    assert {f.name for f in again.files} >= {"scenarios.html", "scenarios-backtest.csv"}
    assert _snapshot(out) == before  # nothing written: same bytes, same modification times


def test_a_single_render_records_its_inputs_for_render_all(scenarios_rendered):
    """What the single render recorded is what `render --all` checks: it skips the report."""
    toml, out, _ = scenarios_rendered
    entry = publish.read_manifest(out)["reports"]["scenarios"]
    assert entry["inputs"] and entry["checked_with"] and "ev_sales" in entry["tables"]
    before = _snapshot(out)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(declaration, "PUBLICATION_FILE", toml)
        code, outcomes = publication.render_all(out_dir=out, quiet=True, formats=("html",))
    assert code == 0 and {o.stem: o.status for o in outcomes} == {"scenarios": "skipped"}
    changed = {f for f in _snapshot(out) if _snapshot(out)[f] != before.get(f)}
    assert not {f for f in changed if f.startswith("scenarios")}


def test_an_override_render_leaves_the_publication_files_as_they_were(scenarios_rendered):
    toml, out, first = scenarios_rendered
    files = publish.read_manifest(out)["reports"]["scenarios"]["files"]
    before = {f: v for f, v in _snapshot(out).items() if f in files}
    assert "scenarios-backtest.csv" in before
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(declaration, "PUBLICATION_FILE", toml)
        one_off = publish.render_single(
            "scenarios",
            {"overrides": '{"competition.pass_through": 1.0}'},
            formats=("html",),
            out_dir=out,
        )
    assert one_off.stem != "scenarios" and not one_off.skipped
    after = _snapshot(out)
    assert {f: after[f] for f in files} == before  # the publication's report, byte for byte
    own = {f.name for f in one_off.files}
    assert f"{one_off.stem}-backtest.csv" in own and not own & {*files}
    manifest = publish.read_manifest(out)["reports"]
    assert manifest["scenarios"]["files"] == files


def test_a_file_another_report_lists_is_not_removed(tmp_path):
    """A folder from before the back-test files were named after their reports lists
    scenarios-backtest.csv under every scenarios report: rendering one of them again removes its
    own stale files, never the one another report lists."""
    out = tmp_path / "reports"
    out.mkdir()
    for name in ("scenarios-backtest.csv", "scenarios-x.html", "old-x.csv", "scenarios.html"):
        (out / name).write_text(name)
    publish.write_manifest(
        out,
        {
            "reports": {
                "scenarios": {
                    "notebook": "scenarios",
                    "parameters": {},
                    "rendered": "",
                    "files": ["scenarios.html", "scenarios-backtest.csv"],
                },
                "scenarios-x": {
                    "notebook": "scenarios",
                    "parameters": {"scenario": "x"},
                    "rendered": "",
                    "files": ["scenarios-x.html", "scenarios-backtest.csv", "old-x.csv"],
                },
            }
        },
    )
    (out / "scenarios-x-backtest.csv").write_text("new")
    result = publish.RenderResult("scenarios-x", "scenarios", {"scenario": "x"})
    result.files = [out / "scenarios-x.html", out / "scenarios-x-backtest.csv"]
    publish._record(out, result, {})
    assert (out / "scenarios-backtest.csv").exists()  # the scenarios report's
    assert not (out / "old-x.csv").exists()  # this report's own stale file
