# Deferral Desk: `make run` and `make test` do all set-up on a fresh Debian machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

# Debian packages: WeasyPrint's Pango, HarfBuzz subsetting, CJK fonts, gettext, Chromium, poppler (pdffonts).
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext chromium \
	poppler-utils

.PHONY: run test test-steps bench loadtest system venv setup messages translations lint format clean

system:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
		else \
			echo "Missing system packages:$$missing"; \
			echo "Install them with: sudo apt-get install$$missing"; exit 1; \
		fi; \
	fi

$(VENV)/.installed: requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@touch $@

venv: $(VENV)/.installed

# Everything both `run` and `test` need: system packages, Python packages, compiled catalogues.
setup: system venv
	@mkdir -p var
	DJANGO_DEBUG=True $(PY) manage.py compilemessages --ignore=.venv -v0

run: setup
	DJANGO_DEBUG=True $(PY) manage.py migrate --noinput -v0
	DJANGO_DEBUG=True $(PY) manage.py load_lenders
	DJANGO_DEBUG=True $(PY) manage.py seed_demo --if-empty
	DJANGO_DEBUG=True $(PY) manage.py reminders_start
	@# The background worker (PDFs rendered ahead, exports, hourly reminder e-mails) runs beside the server
	@# and stops with it: the database queue by default, RQ when REDIS_URL is set
	@# (requests_app/management/commands/run_with_worker.py).
	DJANGO_DEBUG=True $(PY) manage.py run_with_worker 127.0.0.1:8000

# The suite runs on both cores (pytest-xdist); `make test PYTEST_ARGS="-n 0 -x"` runs it in one process.
PYTEST_ARGS ?= -n 2 -q
# Run once, on SQLite: the browser journeys (what they prove is the pages in Chromium; every view they use
# is also tested on PostgreSQL in tests/views), the structure checks (they read the source, no database) and
# every other test that never reaches the database (--database-tests-only, tests/conftest.py: 503 of 1942,
# mostly the services' own tests on unsaved objects; pytest-django refuses them a connection). The first two
# were a quarter of the suite's time on the 2-core machine; the last take 18 s run on their own.
ON_SQLITE_ONLY := --ignore=tests/e2e --ignore=tests/test_structure.py --database-tests-only

test: setup
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory test-steps; status=$$?; \
	echo "== make test took $$(( $$(date +%s) - start )) s"; exit $$status

test-steps:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DJANGO_DEBUG=True $(PY) manage.py makemigrations --check --dry-run -v1
	$(PY) scripts/translations.py check
	@echo "== the suite on SQLite"
	$(PY) -m pytest $(PYTEST_ARGS)
	@if url=$$($(PY) scripts/postgres_url.py); then \
		echo "== the suite again on PostgreSQL ($$url)"; \
		DATABASE_URL=$$url $(PY) -m pytest $(PYTEST_ARGS) $(ON_SQLITE_ONLY); \
	else \
		echo "== PostgreSQL does not answer: the suite ran on SQLite only"; \
	fi

bench: setup
	DJANGO_DEBUG=True $(PY) manage.py migrate --noinput -v0
	DJANGO_DEBUG=True $(PY) scripts/bench.py

# Load test on loopback: `make loadtest` (SQLite) or `make loadtest DB=postgres`;
# LOADTEST_DURATION=30s shortens it.
DB ?= sqlite
loadtest: setup
	$(PY) scripts/loadtest.py run --db $(DB)

# Developers: refresh the catalogues after changing strings (see CONTRIBUTING in the README).
messages: venv
	$(PY) scripts/translations.py update

format: venv
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) var
