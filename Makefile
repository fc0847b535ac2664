# Simpul IKM — the two commands of the README: `make run` and `make test`.
# Only python3, make and git are needed; everything else is installed here.

PYTHON ?= python3
VENV := .venv
TOOLS := .tools
UV := $(TOOLS)/bin/uv
UV_VERSION := 0.13.8
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_IKM ?= 2000
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run setup install messages demo test lint browser-deps bench bench-quick load clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --quiet
	touch $@

install: $(VENV)/.installed

messages: install
	$(VENV)/bin/pybabel compile --domain django --directory simpul/locale --use-fuzzy --statistics 2>&1 | tail -1

setup: install messages
	mkdir -p var
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_regions
	$(MANAGE) load_classifications

demo: setup
	$(MANAGE) seed_demo --if-empty --ikm $(DEMO_IKM) --seed 1

run: demo
	@$(MANAGE) demo_banner
	$(PY) -m simpul.serve --host $(HOST) --port $(PORT)

browser-deps:
	@bash scripts/ensure-chromium.sh

lint: install
	$(VENV)/bin/ruff check simpul bench
	$(VENV)/bin/ruff format --check simpul bench

test: install messages browser-deps lint
	$(PY) -m pytest -q -n 2 -m "not browser"
	$(PY) -m pytest -q -m browser -p no:xdist

bench-quick: install
	$(PY) -m bench --quick

bench: install
	$(PY) -m bench

# 100 users for 60 s over loopback against gunicorn (bounded; see bench/load.py).
load: install
	$(PY) -m bench.load

clean:
	rm -rf $(VENV) $(TOOLS) var
