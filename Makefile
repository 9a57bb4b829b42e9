# Buurtportaal — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

# English is the source language: its catalogue repeats each message id.
define FILL_ENGLISH
from babel.messages.pofile import read_po, write_po
path = "translations/en/LC_MESSAGES/messages.po"
with open(path, "rb") as f:
    cat = read_po(f, locale="en")
for m in cat:
    if m.id and not (m.string if isinstance(m.string, str) else all(m.string)):
        m.string = m.id if isinstance(m.id, str) else tuple(m.id)
with open(path, "wb") as f:
    write_po(f, cat, width=120)
endef
export FILL_ENGLISH

.PHONY: run test test-browser bench lint format translations compile-translations install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,browser]'
	touch $(STAMP)

MO_FILES := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po | $(STAMP)
	$(BIN)/pybabel compile --statistics -d translations -l $* 2>&1 | tail -n 1

compile-translations: $(MO_FILES)

install: $(STAMP) compile-translations

## make run: install, upgrade the database, load the demo data when empty, serve on 127.0.0.1:5000
run: install
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty --print-logins
	$(FLASK) run --host $(HOST) --port $(PORT)

## make test: install and run the whole test suite (SQLite unless DATABASE_URL is set), one process per CPU
TEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS)

## make test-browser: real-browser tests in Debian's Chromium (see tests/browser/README.md)
test-browser: install
	$(BIN)/python -m pytest -q tests/browser -p no:cacheprovider

bench: install
	$(BIN)/python -m tests.benchmarks

## make lint: ruff (style and bugs), ruff format, and the import contracts of ARCHITECTURE.md (import-linter)
lint: install
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/python -m ruff check --fix .
	$(BIN)/python -m ruff format .

## make translations: extract messages and update both catalogues
translations: install
	$(BIN)/pybabel extract -F pyproject.toml -k _l --ignore-dirs=".* .venv node_modules build" -o translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python -c "$$FILL_ENGLISH"
	@echo "Now translate the empty msgstr entries in translations/nl/LC_MESSAGES/messages.po"

clean:
	rm -rf $(VENV) instance .pytest_cache
