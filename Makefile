# Two commands a new user needs (see README):
#   make site   set up and build the whole site, every PDF included, into site/
#   make test   set up and run every check: lint, types, unit, end-to-end and browser tests
# While you work: make test-fast (no site builds, no browser, no PostgreSQL; under a minute).
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The npm files the package carries (pyproject.toml [[tool.mentorguide.bundle]]), copied
# into src/mentorguide/vendor/ as every wheel and sdist build does.
BUNDLE := src/mentorguide/vendor/bundle.json

.PHONY: site test test-fast lint serve bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

$(BUNDLE): pyproject.toml package-lock.json node_modules/.installed build_support/mentorguide_bundle.py
	$(PYTHON) build_support/mentorguide_bundle.py

site: $(STAMP) $(BUNDLE)
	.ci/ensure-system-packages
	$(BIN)/mkdocs build --strict

serve: $(STAMP) $(BUNDLE)
	$(BIN)/mkdocs serve

lint: $(STAMP) node_modules/.installed
	npx --no-install eslint src/mentorguide/assets tests/js eslint.config.mjs
	$(BIN)/ruff check src hooks tests benchmarks testdata build_support
	$(BIN)/ruff format --check src hooks tests benchmarks testdata build_support
	$(BIN)/mypy

test: $(STAMP) $(BUNDLE)
	.ci/ensure-system-packages --browser --postgresql
	$(MAKE) lint
	$(BIN)/pytest

# The PostgreSQL runs of the program tests are make test's: their SQLite twins run here.
test-fast: $(STAMP) $(BUNDLE)
	$(BIN)/pytest -q -n auto -m "not build and not browser and not release and not postgresql"

bench: $(STAMP) $(BUNDLE)
	$(BIN)/python -m benchmarks

clean:
	rm -rf site .cache
