"""The command line: clear one-line errors before any kernel starts, and reports/ left as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from evbrief.data import countries
from evbrief.publishing import publish
from evbrief.publishing.cli import main

EVBRIEF = [sys.executable, "-m", "evbrief.publishing.cli"]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    out = tmp_path / "reports"
    out.mkdir()
    (out / "briefing.html").write_text("<p>the good report</p>")
    return out


def test_unknown_country_lists_valid_ones_and_touches_nothing(reports):
    before = _snapshot(reports)
    proc = subprocess.run(
        [*EVBRIEF, "render", "briefing", "-p", "focus", "Atlantis", "--out", str(reports)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for code in countries.ASEAN:
        assert code in lines[0]
    assert "Atlantis" in lines[0]
    assert _snapshot(reports) == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["render", "nosuch"], "unknown notebook 'nosuch'. Valid: brand_competition, briefing"),
        (
            ["render", "briefing", "-p", "colour", "red"],
            "no parameter 'colour'. Valid parameters: focus",
        ),
        (["render", "briefing", "-p", "start_year", "soon"], "start_year must be a year"),
        (["render", "briefing", "-p", "end_year", "1990"], "outside the data"),
        (["render", "briefing", "--to", "docx"], "unknown format 'docx'. Valid: html, pdf"),
        (["render", "briefng"], "unknown notebook 'briefng'. Did you mean 'briefing'"),
        (
            ["render", "scenarios", "-p", "overrides", '{"competition.passthrough": 1}'],
            "unknown parameter 'competition.passthrough'. Did you mean 'competition.pass_through'",
        ),
        # refused before the 27 reports are rendered, not after
        (["render", "--all", "--edition", "2026/12"], "edition label '2026/12': use letters"),
        (["render", "--all", "--jobs", "0"], "--jobs must be at least 1"),
        (["render", "--all", "--shard", "5/4"], "--shard must be K/N"),
    ],
)
def test_bad_input_is_one_clear_line(args, expected, reports, capsys):
    code = main([*args, "--out", str(reports)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and len(err) == 1 and expected in err[0]
    assert _snapshot(reports) == {"briefing.html": b"<p>the good report</p>"}


@pytest.mark.render
def test_failed_pdf_step_keeps_the_good_report(reports, monkeypatch):
    monkeypatch.setenv("EVBRIEF_CHROMIUM", "false")  # /bin/false: 'prints' nothing
    with pytest.raises(publish.RenderError, match="could not print"):
        publish.render("briefing", {}, formats=("html", "pdf"), out_dir=reports)
    assert (reports / "briefing.html").read_text() == "<p>the good report</p>"
    assert not [p for p in reports.iterdir() if p.name.startswith(".staging")]


def test_list_shows_parameters_with_allowed_values(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "briefing" in out and "-p focus 'ASEAN'" in out and "THA" in out
    assert "-p end_year 'latest'" in out and "latest year in the data" in out


def test_an_unknown_override_names_the_closest_keys_not_all():
    from evbrief.analysis import scenarios
    from evbrief.document import parameters

    with pytest.raises(parameters.ParameterError) as err:
        parameters.check(
            "scenarios", {"overrides": {}}, {"overrides": {"competition.passthrough": 1}}
        )
    defaults = scenarios.spec()["defaults"]
    every = [f"{s}.{f}" for s in defaults for f in defaults[s] if not f.endswith("_range")]
    named = [key for key in every if repr(key) in str(err.value)]
    assert "competition.pass_through" in named and len(named) <= 3 < len(every)


def test_validate_command_on_a_broken_folder(data_copy, capsys):
    (data_copy / "fx_rates.csv").write_text("currency,year\nJPY,soon\n")
    assert main(["data", "validate", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "fx_rates.csv" in err and "missing-column" in err


def test_validate_command_on_shipped_data(capsys):
    assert main(["data", "validate"]) == 0
    assert "tables valid" in capsys.readouterr().out


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "evbrief"
    assert script.exists() and os.access(script, os.X_OK)


@pytest.mark.parametrize("folder", ["absent", "empty"])
def test_derive_without_the_reference_folder_says_so_in_one_line(tmp_path, folder):
    reference = tmp_path / "reference"
    if folder == "empty":
        reference.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "evbrief.data.derive",
            "--reference",
            str(reference),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "reference" in lines[0] and not list(out.iterdir())


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("http://127.0.0.1:9/none.csv", "could not be downloaded"),  # nothing listens on port 9
        ("README.md", "README.md: cannot be read as CSV (Error tokenizing data."),
        ("no-such-file.csv", "no-such-file.csv: no such file"),
    ],
)
def test_data_update_from_a_bad_source_is_one_line(
    source, expected, data_copy, capsys, monkeypatch
):
    from evbrief import PROJECT_ROOT

    monkeypatch.chdir(PROJECT_ROOT)  # README.md is read from the project root
    code = main(["data", "update", "ev_sales", "--from", source, "--data-dir", str(data_copy)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and len(err) == 1 and expected in err[0], err
