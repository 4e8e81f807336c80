# The two commands of the README: `make run` (the main job) and `make test`.
# Each creates or refreshes .venv itself, so a fresh machine with Python 3.11+ needs nothing else.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    := out

.PHONY: run test validate site report docs fuzz bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[all,test]"
	touch $(STAMP)

## run: validate the catalog, build the site, generate the example gap report
run: validate site report

validate: $(STAMP)
	$(BIN)/exodossier validate

# SOURCE_DATE_EPOCH (default: the last commit's time) fixes the dates in sitemap.xml(.gz), so
# rebuilding the same inputs gives byte-identical files.
site: $(STAMP)
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)} \
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

report: $(STAMP)
	mkdir -p $(OUT)
	$(BIN)/exodossier gap examples/model-case.yaml -o $(OUT)/model-case-gap-report.docx

## test: the whole test suite, on every core (tests are independent; a file's tests share one worker)
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile

## docs: the tool's documentation site (docs/, mkdocs.docs.yml), strict and offline, into build/docs/
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet -f mkdocs.docs.yml

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/test_fuzz.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) site build dist $(OUT) .pytest_cache
