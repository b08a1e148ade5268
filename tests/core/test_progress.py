"""Progress where an analyst waits: the scenario model computed in a Jupyter kernel shows a tqdm bar
(the notebook widget, or tqdm's text on stderr without ipywidgets); in a batch render's kernel
(EVBRIEF_BATCH, set by publish.execute) nothing at all reaches the notebook."""

from __future__ import annotations

import nbformat
import pytest
from evbrief.publishing import publish
from nbclient import NotebookClient

CELL = """
from evbrief.core import progress
progress.DELAY = 0  # the bar shows at once, however fast this machine computes
from evbrief.analysis import scenarios
scenarios.prepare(["stated_policies"], draws=20)
"""


def _outputs(tmp_path, monkeypatch, batch: bool) -> list[dict]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / ("batch" if batch else "lab")))
    if batch:
        monkeypatch.setenv("EVBRIEF_BATCH", "1")
    else:
        monkeypatch.delenv("EVBRIEF_BATCH", raising=False)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CELL)])
    NotebookClient(nb, kernel_name=publish._kernel_name(), timeout=300).execute()
    return nb.cells[0].outputs


def test_a_kernel_shows_progress_while_the_model_is_computed(tmp_path, monkeypatch):
    outputs = _outputs(tmp_path, monkeypatch, batch=False)
    widget = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    text = "".join(o.get("text", "") for o in outputs if o.get("name") == "stderr")
    assert widget or "computing the scenarios" in text, outputs
    assert not [o for o in outputs if o["output_type"] == "error"], outputs


def test_a_batch_kernel_shows_nothing(tmp_path, monkeypatch):
    assert _outputs(tmp_path, monkeypatch, batch=True) == []


def test_the_render_process_keeps_its_environment(tmp_path, monkeypatch):
    """publish.execute sets EVBRIEF_BATCH for the kernel only: the caller's environment is restored."""
    monkeypatch.delenv("EVBRIEF_BATCH", raising=False)
    with pytest.raises(publish.RenderError):
        publish.execute("nosuch", {}, tmp_path / "x.ipynb")
    import os

    assert "EVBRIEF_BATCH" not in os.environ
