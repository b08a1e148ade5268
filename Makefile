# The front door. `make report` and `make test` work from a fresh clone: they create .venv,
# install the hash-locked packages and the system packages the PDF route needs, then do their job.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LAB    := .venv-lab

.PHONY: help setup report test lab bench lint lock clean system-deps

help:
	@echo "make report   set everything up and render the publication into reports/"
	@echo "make test     set everything up and run the whole test suite"
	@echo "make lab      open the notebooks in JupyterLab on the project's kernel"
	@echo "make bench    time the publication against the hand-scripted papermill+nbconvert route"
	@echo "make lint     ruff (lint + format check) and nbstripout check"
	@echo "make lock     regenerate requirements*.lock from pyproject.toml (needs the network to PyPI)"

setup: $(STAMP) system-deps

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name evbrief --display-name "Python (evbrief)" >/dev/null
	@touch $@

system-deps:
	@bash scripts/ensure-system-deps

report: setup
	$(BIN)/evbrief render --all

test: setup
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check lib tests
	$(BIN)/ruff format --check lib tests
	$(BIN)/nbstripout --verify notebooks/*.ipynb

# the hand-scripted route runs in .venv-lab: one environment with JupyterLab, as an analyst's is
bench: setup $(LAB)/.installed
	$(BIN)/python -m evbrief.bench --hand-env $(LAB)

# .venv-lab: JupyterLab with the analysis packages (an analyst's environment); the notebooks run on
# the project's kernel from .venv, found through JUPYTER_PATH
$(LAB)/.installed: requirements-lab.lock
	@test -x $(LAB)/bin/python || $(PYTHON) -m venv $(LAB)
	$(LAB)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-lab.lock
	@touch $@

# JupyterLab lives in its own environment so that rendering does not pay for its imports;
# the notebooks run on the project's kernel from .venv.
lab: setup $(LAB)/.installed
	JUPYTER_PATH=$(CURDIR)/$(VENV)/share/jupyter $(LAB)/bin/jupyter lab --notebook-dir=notebooks \
		$$( [ "$$(id -u)" = 0 ] && echo --allow-root )

lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml build-requirements.in --extra test --generate-hashes --python-version 3.11 \
		--python-platform linux --no-header -o requirements.lock
	$(PYTHON) -m uv pip compile pyproject.toml --extra lab --generate-hashes --python-version 3.11 \
		--python-platform linux --no-header -o requirements-lab.lock

clean:
	rm -rf $(VENV) $(LAB) reports/*
