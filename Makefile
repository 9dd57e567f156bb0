# Two commands set up everything on a fresh machine:
#   make site   – build the German/English site into site/
#   make test   – run every test (browser tests included; installs Chromium and axe-core if missing)
# And: make docs – befund's own documentation (guides, generated codebook reference) into build/docs/
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test check docs browser-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/befund build

serve: $(STAMP)
	$(BIN)/befund serve

check: $(STAMP)
	$(BIN)/befund check .

docs: $(STAMP)
	$(BIN)/mkdocs build --strict -f docs/mkdocs.yml -d "$(CURDIR)/build/docs"

browser-deps:
	bash scripts/install-browser-deps.sh

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV) node_modules
