"""Shared fixtures: a copy of data/ to break, and one render of the briefing shared by the export tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from evbrief import PROJECT_ROOT
from evbrief.publishing import publish
from hypothesis import settings

# Property tests are deterministic by default (CI, `make test`): the same examples on every run and
# no example database, so a landing never fails at random. `make test-explore` runs them with
# random examples and the database on (--hypothesis-profile explore), to look for new failures.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile("ci")

# the shared reference files beside the clone (EVBRIEF_REFERENCE names another place, e.g. from a worktree)
REFERENCE = Path(
    os.environ.get("EVBRIEF_REFERENCE") or PROJECT_ROOT.parent / "shared" / "data" / "reference"
)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped data folder that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", target, ignore=shutil.ignore_patterns("_incoming"))
    return target


# Test parameters differ from the defaults, so the test also proves parameters reach the notebook.
TEST_PARAMS = {"focus": "Thailand", "start_year": "2017"}


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> publish.RenderResult:
    out = tmp_path_factory.mktemp("reports")
    return publish.render("briefing", TEST_PARAMS, formats=("html", "pdf"), out_dir=out)


def file_of(result: publish.RenderResult, suffix: str) -> Path:
    return next(f for f in result.files if f.name == f"{result.stem}{suffix}")


@pytest.fixture(scope="session")
def publication_dir(tmp_path_factory) -> Path:
    """The whole publication (publication.toml), rendered once per test session into a temporary folder
    (or the folder EVBRIEF_TEST_PUBLICATION names, rendered by the code under test)."""
    from evbrief.publishing import publication

    given = os.environ.get(
        "EVBRIEF_TEST_PUBLICATION"
    )  # a folder rendered already, while developing
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("publication") / "reports"
    code, outcomes = publication.render_all(out_dir=out, quiet=True)
    failed = [f"{o.stem}: {o.message}" for o in outcomes if o.status == "failed"]
    assert code == 0 and not failed, failed
    return out


# --- the fast loop: `make test-fast` leaves out the tests that render reports ----------------------

#: modules whose tests render reports (or the whole publication) by design
RENDERING_MODULES = {
    "test_browser",
    "test_editions",
    "test_engine",
    "test_incremental",
    "test_lab",
    "test_notebooks",
    "test_pathways_report",
    "test_publish",
    "test_reliability",
    "test_same_paper",
}
#: fixtures that render: a test that uses one renders too
RENDERING_FIXTURES = {"rendered", "publication_dir"}


def pytest_collection_modifyitems(config, items):
    """Mark every test that renders with `render`, so `pytest -m "not render"` is the fast loop."""
    for item in items:
        module = item.module.__name__.rpartition(".")[2]
        if module in RENDERING_MODULES or RENDERING_FIXTURES & set(
            getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.render)
