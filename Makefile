# Vartio: `make demo` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo keeps its data key in a plain file under var/ (explicitly chosen; never for real data).
DEMO_ENV := PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring XDG_DATA_HOME=$(CURDIR)/var/data
DEMO_DB := var/demo.db

.PHONY: setup demo test lint bench messages clean

setup: $(VENV)/.installed
	@bash scripts/system-deps.sh

$(VENV)/.installed: pyproject.toml
	@bash scripts/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

demo: setup
	@mkdir -p var
	$(DEMO_ENV) $(BIN)/vartio --db $(DEMO_DB) demo
	@if [ -z "$${DISPLAY}$${WAYLAND_DISPLAY}" ]; then \
		echo; echo "No display here, so the kiosk cannot open a window. Under a virtual display:"; \
		echo "  $(DEMO_ENV) xvfb-run -a -s '-screen 0 1280x800x24' $(BIN)/vartio-kiosk --db $(DEMO_DB) --windowed"; \
	else \
		$(DEMO_ENV) $(BIN)/vartio-kiosk --db $(DEMO_DB) --windowed; \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# One test worker per core, at most four (each starts its own PostgreSQL and cupsd).
JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ $$n -gt 4 ] && n=4; echo $$n)

test: lint
	VARTIO_REQUIRE_PG=1 VARTIO_REQUIRE_CUPS=1 VARTIO_REQUIRE_XVFB=1 $(BIN)/pytest -n $(JOBS) \
		--cov --cov-report=term:skip-covered

bench: setup
	$(BIN)/python -m bench.run

# Refresh the catalog template from the sources and merge it into every language's .po.
messages: setup
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k tr --no-location --sort-output \
		-o resources/locale/vartio.pot .
	for lang in fi sv zh_Hans; do \
		if [ -f resources/locale/$$lang/LC_MESSAGES/vartio.po ]; then \
			$(BIN)/pybabel update --no-fuzzy-matching --width 100 -i resources/locale/vartio.pot \
				-d resources/locale -D vartio -l $$lang; \
		else \
			$(BIN)/pybabel init --width 100 -i resources/locale/vartio.pot -d resources/locale -D vartio \
				-l $$lang; \
		fi; \
	done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .coverage
