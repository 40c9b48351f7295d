# The README's commands. `make serve` and `make test` do all set-up themselves on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: setup browser serve test test-fast test-load lint docs eval bench references

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	$(PY) -W ignore -c "from eval.metrics import compile_metrics; compile_metrics()"
	touch $@

browser:
	@command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium chromium-driver; }

serve: setup
	$(VENV)/bin/jaarplan serve

test: setup browser lint docs
	$(PY) -m pytest -m "not load"

test-load: setup
	$(PY) -m pytest -m load -q

test-fast: setup
	$(PY) -m pytest -m unit -q

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

docs: setup
	$(VENV)/bin/cog --check README.md

eval: setup
	$(VENV)/bin/jaarplan eval --report out/eval

bench: setup
	$(VENV)/bin/jaarplan bench --report out/bench

references: setup
	$(PY) -c "from assistant.reference import ship; print(ship())"
