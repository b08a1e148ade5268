"""A re-render skips reports whose inputs did not change, and changing a table re-renders only its readers."""

from __future__ import annotations

import pandas as pd
import pytest
from evbrief import PROJECT_ROOT, publication, publish


@pytest.fixture
def small_publication(tmp_path, monkeypatch, data_copy):
    toml = tmp_path / "publication.toml"
    toml.write_text(
        '[[report]]\nstem = "ev_adoption"\nnotebook = "ev_adoption"\nformats = ["html"]\n\n'
        '[[report]]\nstem = "funding"\nnotebook = "funding"\nformats = ["html"]\n'
    )
    monkeypatch.setattr(publication, "PUBLICATION_FILE", toml)
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
