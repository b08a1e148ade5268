"""A re-render skips reports whose inputs did not change, and changing a table re-renders only its readers."""

from __future__ import annotations

import pandas as pd
import pytest
from evbrief import PROJECT_ROOT, declaration, publication, publish


@pytest.fixture
def small_publication(tmp_path, monkeypatch, data_copy):
    toml = tmp_path / "publication.toml"
    toml.write_text(
        '[[report]]\nstem = "ev_adoption"\nnotebook = "ev_adoption"\nformats = ["html"]\n\n'
        '[[report]]\nstem = "funding"\nnotebook = "funding"\nformats = ["html"]\n'
    )
    monkeypatch.setattr(declaration, "PUBLICATION_FILE", toml)
    monkeypatch.setenv("EVBRIEF_DATA_DIR", str(data_copy))
    return tmp_path / "reports", data_copy


def _statuses(outcomes):
    return {o.stem: o.status for o in outcomes}


def test_only_the_readers_of_a_changed_table_re_render(small_publication):
    out, data_dir = small_publication
    code, first = publication.render_all(out_dir=out, quiet=True)
    assert code == 0 and _statuses(first) == {"ev_adoption": "rendered", "funding": "rendered"}
    code, again = publication.render_all(out_dir=out, quiet=True)
    assert _statuses(again) == {"ev_adoption": "skipped", "funding": "skipped"}

    manifest = publish.read_manifest(out)
    assert "ev_sales" in manifest["reports"]["ev_adoption"]["tables"]
    assert "ev_sales" not in manifest["reports"]["funding"]["tables"]
    frame = pd.read_csv(data_dir / "ev_sales.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "stock"] = str(int(frame.loc[0, "stock"]) + 1)
    frame.to_csv(data_dir / "ev_sales.csv", index=False)
    code, after = publication.render_all(out_dir=out, quiet=True)
    assert _statuses(after) == {"ev_adoption": "rendered", "funding": "skipped"}

    code, forced = publication.render_all(out_dir=out, quiet=True, force=True)
    assert _statuses(forced) == {"ev_adoption": "rendered", "funding": "rendered"}


def test_a_deleted_output_is_rendered_again(small_publication):
    out, _ = small_publication
    publication.render_all(out_dir=out, quiet=True)
    (out / "funding.html").unlink()
    _, outcomes = publication.render_all(out_dir=out, quiet=True)
    assert _statuses(outcomes) == {"ev_adoption": "skipped", "funding": "rendered"}


def test_the_library_is_part_of_every_report_inputs():
    files = {p.name for p in (PROJECT_ROOT / "lib" / "evbrief").rglob("*.py")}
    assert {"scenarios.py", "charts.py", "publish.py"} <= files
    assert publication.library_hash() == publication.library_hash()


def _snapshot(folder):
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_render_that_changes_nothing_writes_nothing(tmp_path, monkeypatch):
    """Two `render --all` in a row: the second leaves every byte and mtime under reports/ alone."""
    toml = tmp_path / "publication.toml"
    toml.write_text('[[report]]\nstem = "funding"\nnotebook = "funding"\nformats = ["html"]\n')
    monkeypatch.setattr(declaration, "PUBLICATION_FILE", toml)
    out = tmp_path / "reports"
    code, first = publication.render_all(out_dir=out, quiet=True)
    assert code == 0 and _statuses(first) == {"funding": "rendered"}
    before = _snapshot(out)
    assert {"index.html", "data.html", "funding.html", "manifest.json"} <= set(before)
    code, again = publication.render_all(out_dir=out, quiet=True)
    assert code == 0 and _statuses(again) == {"funding": "skipped"}
    assert _snapshot(out) == before  # same files, same bytes, same modification times
    # locks and temporary files live beside the published folder, never in it
    assert not [f for f in before if f.endswith((".lock", ".tmp")) or "/." in f"/{f}"]
    assert publish.lock_file(out).parent == tmp_path


def _scenario_publication(tmp_path, monkeypatch):
    toml = tmp_path / "publication.toml"
    toml.write_text(
        '[[report]]\nstem = "scenarios-china_accelerates"\nnotebook = "scenarios"\n'
        'parameters = { scenario = "china_accelerates" }\nformats = ["html"]\n'
    )
    monkeypatch.setattr(declaration, "PUBLICATION_FILE", toml)


def test_single_and_publication_renders_share_one_naming_rule(tmp_path, monkeypatch):
    """`render scenarios -p scenario china_accelerates` replaces the publication's report."""
    _scenario_publication(tmp_path, monkeypatch)
    out = tmp_path / "reports"
    code, _ = publication.render_all(out_dir=out, quiet=True)
    assert code == 0
    result = publish.render(
        "scenarios", {"scenario": "china_accelerates"}, formats=("html",), out_dir=out
    )
    assert result.stem == "scenarios-china_accelerates"
    assert sorted(p.name for p in out.glob("scenarios*.html")) == [
        "scenarios-china_accelerates.html"
    ]
    assert list(publish.read_manifest(out)["reports"]) == ["scenarios-china_accelerates"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr><td>") == 1
    assert index.count('href="scenarios-china_accelerates.html"') == 2  # the title and "HTML"


def test_reports_not_in_the_publication_are_named_by_the_rule(tmp_path, monkeypatch):
    _scenario_publication(tmp_path, monkeypatch)
    given = {"scenario": "strategy_delivered"}
    checked = publish.check_parameters("scenarios", given)
    # notebook name, then the value that differs from the default, underscores kept
    assert publish.stem_for("scenarios", given, checked) == "scenarios-strategy_delivered"
    given = {"scenario": "china_accelerates"}
    checked = publish.check_parameters("scenarios", given)
    assert publish.stem_for("scenarios", given, checked) == "scenarios-china_accelerates"


def test_the_index_lists_one_report_once_even_from_an_old_manifest(tmp_path, monkeypatch):
    """Manifests from before the naming rule may hold one report under two stems."""
    _scenario_publication(tmp_path, monkeypatch)
    entry = {
        "notebook": "scenarios",
        "title": "ASEAN to 2035: China accelerates",
        "parameters": {"scenario": "china_accelerates"},
        "rendered": "2026-11-01T00:00:00+00:00",
        "vintage": "2026",
    }
    manifest = {
        "reports": {
            "scenarios-china_accelerates": {**entry, "files": ["scenarios-china_accelerates.html"]},
            "scenarios-china-accelerates": {
                **entry,
                "files": ["scenarios-china-accelerates.html"],
                "rendered": "2026-11-02T00:00:00+00:00",
            },
        }
    }
    page = publish.write_index(tmp_path, manifest).read_text(encoding="utf-8")
    assert page.count("China accelerates") == 1
    assert "scenarios-china_accelerates.html" in page  # the declared stem wins over the newer one
