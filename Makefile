# The front door. `make report` and `make test` work from a fresh clone: they create .venv,
# install the hash-locked packages and the system packages the PDF route needs, then do their job.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LAB    := .venv-lab

.PHONY: help setup report test test-fast test-explore lab bench lint lock clean system-deps

help:
	@echo "make report   set everything up and render the publication into reports/"
	@echo "make test     set everything up and run the whole test suite (deterministic)"
	@echo "make test-fast  the tests that render no report (a minute or two): the loop while you work"
	@echo "make test-explore  run the property tests with fresh random examples"
	@echo "make lab      open the notebooks in JupyterLab on the project's kernel"
	@echo "make bench    time the publication against the hand-scripted papermill+nbconvert route"
	@echo "make lint     ruff (lint + format check) and nbstripout check"
	@echo "make lock     regenerate requirements*.lock from pyproject.toml (needs the network to PyPI)"

setup: $(STAMP) system-deps

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || { echo "evbrief: creating the environment $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@echo "evbrief: installing $$(grep -c '^[A-Za-z0-9].*==' requirements.lock) hash-locked packages into $(VENV) (a minute or two the first time)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@echo "evbrief: installing evbrief itself and its Jupyter kernel"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@$(BIN)/python -m ipykernel install --sys-prefix --name evbrief --display-name "Python (evbrief)" >/dev/null
	@touch $@

system-deps:
	@echo "evbrief: checking system packages (Chromium, poppler, fonts)"
	@bash scripts/ensure-system-deps

report: setup
	$(BIN)/evbrief render --all

# the lab test starts JupyterLab from .venv-lab, so the suite installs it too
test: setup $(LAB)/.installed
	$(BIN)/python -m pytest

# the fast loop: every test that renders no report (conftest marks the rest `render`)
test-fast: setup
	$(BIN)/python -m pytest -m "not render" -q

# property tests with random examples and Hypothesis' example database (`make test` is derandomised)
test-explore: setup
	$(BIN)/python -m pytest tests/data/test_properties.py --hypothesis-profile=explore

lint: $(STAMP)
	$(BIN)/ruff check lib tests notebooks
	$(BIN)/ruff format --check lib tests
	$(BIN)/nbstripout --verify notebooks/*.ipynb

# the hand-scripted route runs in .venv-lab: one environment with JupyterLab, as an analyst's is
bench: setup $(LAB)/.installed
	$(BIN)/python tools/bench.py --hand-env $(LAB)

# .venv-lab: JupyterLab with the analysis packages (an analyst's environment); the notebooks run on
# the project's kernel from .venv, found through JUPYTER_PATH
$(LAB)/.installed: requirements-lab.lock
	@test -x $(LAB)/bin/python || { echo "evbrief: creating the JupyterLab environment $(LAB)"; $(PYTHON) -m venv $(LAB); }
	@echo "evbrief: installing $$(grep -c '^[A-Za-z0-9].*==' requirements-lab.lock) hash-locked packages into $(LAB)"
	@$(LAB)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-lab.lock
	@touch $@

# JupyterLab lives in its own environment so that rendering does not pay for its imports;
# the notebooks run on the project's kernel from .venv, the default and only kernel it offers
# (scripts/lab and scripts/jupyter_lab_config.json; tests/test_lab.py starts it the same way).
lab: setup $(LAB)/.installed
	scripts/lab

lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml build-requirements.in --extra test --generate-hashes --python-version 3.11 \
		--python-platform linux --no-header -o requirements.lock
	$(PYTHON) -m uv pip compile pyproject.toml --extra lab --generate-hashes --python-version 3.11 \
		--python-platform linux --no-header -o requirements-lab.lock

clean:
	rm -rf $(VENV) $(LAB) reports/*
