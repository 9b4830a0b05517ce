# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	&& { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PG_VERSION = $(shell ls /etc/postgresql 2>/dev/null | head -n 1)

.PHONY: run test bench chaos lint services browser clean quotes-eval

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

## run: ingest the bundled essays if the queue is empty, then serve the desk with the daemon
run: $(VENV)/.installed
	@if ! ls posts/queue/*.yaml >/dev/null 2>&1; then $(BIN)/scheduler ingest; fi
	exec $(BIN)/scheduler serve

## test: the whole suite, with PostgreSQL and a browser made ready first
test: $(VENV)/.test-installed services browser lint
	$(BIN)/pytest

# PostgreSQL serves the multi-replica ledger tests; start it when it does not answer.
services:
	@if command -v pg_isready >/dev/null && ! pg_isready -h 127.0.0.1 -p 5432 -q; then \
		pg_ctlcluster --skip-systemctl-redirect $(PG_VERSION) main start || true; \
		for i in $$(seq 1 20); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.5; done; \
	fi

# The desk's browser tests drive Debian's chromium; no browser is ever downloaded.
browser:
	@command -v chromium >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else echo "chromium is missing: the browser tests will be skipped" >&2; fi; }

# The pure core is type-checked; everything is linted and formatted alike; the layering is
# held by the import contracts in pyproject.toml.
MYPY_CORE := scheduler/model scheduler/planning scheduler/posting/compose.py scheduler/posting/x_length.py \
	scheduler/store/queue_files.py scheduler/store/queue_merge.py scheduler/store/config_file.py \
	scheduler/store/config_values.py scheduler/store/config_slots.py scheduler/store/ledger \
	scheduler/delivery/exactly_once.py scheduler/delivery/timing.py scheduler/clock.py scheduler/discovery
lint: $(VENV)/.test-installed
	$(BIN)/ruff check scheduler tests
	$(BIN)/ruff format --check scheduler tests
	$(BIN)/mypy --ignore-missing-imports $(MYPY_CORE)
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) var .pytest_cache

## chaos: SIGKILL the daemon 100 times against fake platforms; CHAOS_ARGS="--replicas 2 --database postgresql://…"
CHAOS_ARGS ?=
chaos: $(VENV)/.test-installed services
	$(BIN)/python -m tests.chaos $(CHAOS_ARGS)

## bench: the performance figures (table on stdout, the same as JSON in var/bench.json)
bench: $(VENV)/.test-installed services
	$(BIN)/python -m tests.benchmarks

## quotes-eval: precision and recall of the quote rules on the hand-labelled Dutch sets (-v lists misses)
quotes-eval: $(VENV)/.test-installed
	$(BIN)/python -m tests.quotes_eval $(EVAL_ARGS)
