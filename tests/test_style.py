"""The house rules that pre-commit enforces, checked in CI too: ruff lint and format, stripped notebooks."""

import subprocess
import sys
from pathlib import Path

from evbrief import PROJECT_ROOT

BIN = Path(sys.executable).parent


def _run(*args):
    return subprocess.run(
        [str(BIN / args[0]), *args[1:]], cwd=PROJECT_ROOT, capture_output=True, text=True
    )


def test_ruff_lint_passes():
    proc = _run("ruff", "check", "lib", "tests", "notebooks")
    assert proc.returncode == 0, proc.stdout


def test_ruff_format_is_applied():
    proc = _run("ruff", "format", "--check", "lib", "tests")
    assert proc.returncode == 0, proc.stdout


def test_notebooks_are_stripped():
    notebooks = sorted(str(p) for p in (PROJECT_ROOT / "notebooks").glob("*.ipynb"))
    proc = _run("nbstripout", "--verify", *notebooks)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pre_commit_hooks_run_locked_local_tools():
    """A `repo:` URL makes pre-commit clone it on install, so `git commit` would fail offline."""
    lines = (PROJECT_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8").splitlines()
    repos = [line.split(":", 1)[1].strip() for line in lines if line.strip().startswith("- repo:")]
    assert repos and set(repos) == {"local"}, repos
    entries = [line.split(":", 1)[1].strip() for line in lines if line.strip().startswith("entry:")]
    assert entries and all(e.startswith(".venv/bin/") for e in entries), entries
