# Two commands do all the set-up on a fresh machine (README, first screen):
#   make demo   creates .venv, installs, compares the bundled example event
#   make test   creates .venv, installs, runs the test suite
# Both are fast when .venv is already set up (the stamp file below).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXAMPLE := examples/alaska-summit-2025

.PHONY: setup demo test eval bench browser clean

setup: $(STAMP)

# torch first, from the pinned CPU wheel: installed after, a torch range would pull CUDA.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dask,web,test]'
	touch $(STAMP)

# Headless Chromium for the browser tests: Debian's package, installed when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found: install Debian's chromium package to run the browser tests"; fi; }

demo: $(STAMP)
	$(BIN)/storydiff compare $(EXAMPLE) --format md --html report.html

test: $(STAMP) browser
	$(BIN)/python -m pytest -q -p no:cacheprovider

eval: $(STAMP)
	$(BIN)/python -m storydiff.eval.gate

bench: $(STAMP)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/analyze.py
	$(BIN)/python bench/compare.py

clean:
	rm -rf $(VENV) build *.egg-info report.html
