"""A re-render skips reports whose inputs did not change, and changing a table re-renders only its readers."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from evbrief import PROJECT_ROOT
from evbrief.data import tables as data
from evbrief.publishing import declaration, inputs, publication, publish


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
    assert index.count('<li class="report">') == 1
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


# --- deciding that nothing changed, on the standard library alone --------------------------------

_NO_OP = """
import json, sys
from pathlib import Path
from evbrief.publishing import cli, declaration
declaration.PUBLICATION_FILE = Path(sys.argv[1])
code = cli.main(["render", "--all", "--out", sys.argv[2]])
heavy = ("pandas", "numpy", "nbformat", "nbconvert", "papermill", "altair", "jupyter_client")
print(json.dumps({"code": code, "imported": [m for m in heavy if m in sys.modules]}))
"""


@pytest.fixture(scope="module")
def adoption_rendered(tmp_path_factory):
    """One report rendered by `render --all` (html), with its publication.toml. Its end_year
    follows the data: checking it loads ev_sales."""
    folder = tmp_path_factory.mktemp("noop")
    toml = folder / "publication.toml"
    toml.write_text(
        '[[report]]\nstem = "ev_adoption"\nnotebook = "ev_adoption"\nformats = ["html"]\n'
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(declaration, "PUBLICATION_FILE", toml)
        code, first = publication.render_all(out_dir=folder / "reports", quiet=True)
    assert code == 0 and _statuses(first) == {"ev_adoption": "rendered"}
    return toml, folder / "reports"


def test_a_no_op_render_imports_neither_pandas_nor_nbformat(adoption_rendered):
    """The CLI's no-op path: the same skip, the same untouched folder, and none of the heavy imports."""
    toml, out = adoption_rendered
    before = _snapshot(out)
    proc = subprocess.run(
        [sys.executable, "-c", _NO_OP, str(toml), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "0 rendered, 1 skipped, 0 failed" in proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "imported": []}
    assert _snapshot(out) == before


def test_recorded_parameters_are_trusted_only_for_the_same_data(
    adoption_rendered, data_copy, monkeypatch
):
    """end_year follows the latest year of ev_sales: parameters recorded for other data are checked again."""
    toml, out = adoption_rendered
    monkeypatch.setattr(declaration, "PUBLICATION_FILE", toml)
    manifest = publish.read_manifest(out)
    planned = publication.jobs()
    calls = []
    check = publish.check_parameters
    monkeypatch.setattr(publish, "check_parameters", lambda *a: calls.append(a[0]) or check(*a))

    def checked():
        lib = publication.library_hash()
        return publication.checked_parameters(planned, manifest, lib, inputs.table_digests())[0]

    recorded = manifest["reports"]["ev_adoption"]["parameters"]
    assert checked() == {"ev_adoption": recorded} and calls == []  # same inputs: not checked again
    monkeypatch.setenv("EVBRIEF_DATA_DIR", str(data_copy))
    assert checked() == {"ev_adoption": recorded} and calls == []  # a copy of the same bytes
    latest = _without_latest_year(data_copy)
    assert recorded["end_year"] == latest
    assert checked()["ev_adoption"]["end_year"] == latest - 1 and calls == ["ev_adoption"]
    calls.clear()
    shutil.copy2(PROJECT_ROOT / "data" / "ev_sales.csv", data_copy / "ev_sales.csv")
    assert checked() == {"ev_adoption": recorded} and calls == []  # the same bytes again
    # another table's change is a new key too: the key holds every table, not only ev_sales
    (data_copy / "policies.csv").write_bytes((data_copy / "policies.csv").read_bytes() + b"\n")
    checked()
    assert calls == ["ev_adoption"]


def test_a_deleted_data_catalogue_is_written_again(adoption_rendered, monkeypatch):
    toml, out = adoption_rendered
    monkeypatch.setattr(declaration, "PUBLICATION_FILE", toml)
    page = (out / "data.html").read_bytes()
    (out / "data.html").unlink()
    (out / "data" / "ev_sales.csv").unlink()
    code, outcomes = publication.render_all(out_dir=out, quiet=True)
    assert code == 0 and _statuses(outcomes) == {"ev_adoption": "skipped"}
    assert (out / "data.html").read_bytes() == page
    assert (out / "data" / "ev_sales.csv").read_bytes() == (
        PROJECT_ROOT / "data" / "ev_sales.csv"
    ).read_bytes()


def _without_latest_year(data_dir):
    """ev_sales without the rows of its latest year; returns that year."""
    file = data_dir / "ev_sales.csv"
    with file.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    latest = max(int(r["year"]) for r in rows)
    with file.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(r for r in rows if int(r["year"]) != latest)
    return latest


def test_the_data_hash_follows_a_table_bytes_and_its_schema(data_copy, monkeypatch):
    monkeypatch.setenv("EVBRIEF_DATA_DIR", str(data_copy))
    before = {t: inputs.data_hash([t]) for t in ("ev_sales", "commitments")}
    _without_latest_year(data_copy)
    assert inputs.data_hash(["ev_sales"]) != before["ev_sales"]
    assert inputs.data_hash(["commitments"]) == before["commitments"]
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        if res["name"] == "commitments":
            res["description"] = res.get("description", "") + " (edited)"
    (data_copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    assert inputs.data_hash(["commitments"]) != before["commitments"]


def test_the_inputs_find_the_data_folder_as_the_loader_does(tmp_path, monkeypatch):
    monkeypatch.delenv("EVBRIEF_DATA_DIR", raising=False)
    assert inputs.data_folder() == data.data_dir() == PROJECT_ROOT / "data"
    monkeypatch.setenv("EVBRIEF_DATA_DIR", str(tmp_path))
    assert inputs.data_folder() == data.data_dir() == tmp_path


def test_the_parameters_cell_is_read_as_nbformat_reads_it():
    import nbformat

    for name in publish.notebooks():
        nb = nbformat.read(publish.notebook_path(name), as_version=4)
        cells = [c.source for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert publish._parameters_source(publish.notebook_path(name)) == (
            cells[0] if cells else None
        )


def test_a_table_edited_during_a_render_renders_the_report_again(tmp_path, data_copy, monkeypatch):
    # The record of what a report was made from uses the tables as they were when the run began:
    # a table that changes while the report renders no longer matches it, so the next run renders
    # the report again instead of trusting output made from the older bytes.
    monkeypatch.setenv("EVBRIEF_DATA_DIR", str(data_copy))
    out = tmp_path / "reports"
    out.mkdir()
    job = publication.Job("funding", "funding", {}, ("html",))
    lib = publication.library_hash()
    checked = {"focus": "ASEAN"}

    def renderer(edit: bool):
        def render(notebook, parameters, *, formats, out_dir, stem, bundle):
            (out_dir / "funding.html").write_text("report")
            if edit:  # the data change while the report is being made
                with open(data_copy / "commitments.csv", "a", encoding="utf-8") as f:
                    f.write("\n")
            return publish.RenderResult(
                stem, notebook, checked, [out_dir / "funding.html"], ["commitments"]
            )

        return render

    publish.update_manifest(out, "funding", {"files": ["funding.html"]})
    for edit in (True, False):
        before = inputs.table_digests()
        monkeypatch.setattr(publish, "render", renderer(edit))
        outcome = publication._render_one(job, str(out), lib, "inline", "", before)
        assert outcome.status == "rendered"
        after = inputs.table_digests()
        assert (after["commitments"] != before["commitments"]) is edit
        manifest = publish.read_manifest(out)
        # edited during the render: out of date; not edited: up to date
        assert publication.up_to_date(job, checked, out, manifest, lib, "inline", after) is not edit
