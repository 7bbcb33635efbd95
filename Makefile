# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
# axe-core for the accessibility tests, from the npm registry, once. TOUCHPOINTS_AXE_JS points the
# tests at another axe.min.js instead (then nothing is installed).
AXE_JS  := .cache/axe/node_modules/axe-core/axe.min.js
AXE_DEP := $(if $(TOUCHPOINTS_AXE_JS),,$(AXE_JS))

.PHONY: run test lint clean-db bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,postgres]'
	touch $@ $(STAMP_RUN)

# Without npm (or offline) the axe tests skip locally; with TOUCHPOINTS_REQUIRE_BROWSER=1 it is an error.
$(AXE_JS):
	@if ! command -v npm >/dev/null 2>&1; then \
		if [ "$$TOUCHPOINTS_REQUIRE_BROWSER" = "1" ]; then \
			echo "error: npm is needed to install axe-core for the accessibility tests:" \
				"install Node.js and npm (apt-get install -y npm)" >&2; exit 1; \
		fi; \
		echo "warning: npm not found; the axe-core accessibility tests will be skipped" >&2; \
	elif ! npm install --no-save --no-audit --no-fund --prefix .cache/axe axe-core@4; then \
		if [ "$$TOUCHPOINTS_REQUIRE_BROWSER" = "1" ]; then exit 1; fi; \
		echo "warning: could not install axe-core; the accessibility tests will be skipped" >&2; \
	fi

run: $(STAMP_RUN)
	$(BIN)/touchpoints serve

# The tests run in parallel: one pytest-xdist worker per core (TEST_WORKERS=0: in one process).
TEST_WORKERS ?= auto

test: $(STAMP_TEST) $(AXE_DEP)
	$(BIN)/ruff check .
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadscope

lint: $(STAMP_TEST)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP_TEST)
	$(BIN)/python bench/figures.py
	$(BIN)/python bench/access.py

clean-db:
	rm -f data/touchpoints.db data/touchpoints.db-wal data/touchpoints.db-shm
