# Practice Review Tracker: developer tasks.
#
#   make run    migrate, load the demo data, then run the web server, a Celery
#               worker and Celery beat together (Procfile.dev, under honcho);
#               reminders are swept every minute rather than every 15
#   make test   the whole test suite (pytest, in parallel; extra arguments via PYTEST_ARGS)
#   make fuzz   the REST API fuzzed from its schema as each persona (a few minutes, one process;
#               not part of make test)
#   make lint   ruff
#   make check  Django system checks and a check for missing migrations
#   make clean  remove caches and collected static files (distclean: also .venv and var/)
#
# The environment is passed through unchanged: with DATABASE_URL, CELERY_BROKER_URL
# and CELERY_RESULT_BACKEND unset the embedded defaults are used (SQLite in var/,
# kombu's filesystem broker in var/broker/); set them to use PostgreSQL and Redis.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3)
VENV ?= .venv
DEV_ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=
# Test processes (pytest-xdist); each has its own test database. `make test PYTEST_WORKERS=0` runs in one.
PYTEST_WORKERS ?= auto

BIN := $(VENV)/bin
VENV_PYTHON := $(BIN)/python
STAMP := $(VENV)/.installed
REQUIREMENTS := $(wildcard requirements*.txt)

export DEV_ADDR
export PYTHONUNBUFFERED := 1

.DEFAULT_GOAL := help
.PHONY: help install run test fuzz lint check clean distclean

help:
	@echo "make run        run the app with demo data at http://$(DEV_ADDR)/sign-in/"
	@echo "make test       run the test suite (PYTEST_ARGS='...' to pass options to pytest)"
	@echo "make fuzz       fuzz the REST API as each persona (a few minutes; not part of make test)"
	@echo "make lint       ruff check"
	@echo "make check      Django system checks and missing-migration check"
	@echo "make clean      remove caches and collected static files"
	@echo "make distclean  clean, then remove $(VENV)/ and var/ (the local database and broker)"

# The virtual environment is created once; requirements are installed again only
# when a requirements*.txt file is newer than the stamp.
$(VENV_PYTHON):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(REQUIREMENTS) | $(VENV_PYTHON)
	$(VENV_PYTHON) -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	@touch $@

install: $(STAMP)

run: $(STAMP)
	$(VENV_PYTHON) manage.py migrate --noinput
	$(VENV_PYTHON) manage.py load_demo_data
	@echo
	@echo "------------------------------------------------------------------------"
	@echo " Sign in at http://$(DEV_ADDR)/sign-in/ with a demo username and the"
	@echo " demo password printed above. Press Ctrl+C to stop web, worker and beat."
	@echo "------------------------------------------------------------------------"
	@echo
	PATH="$(abspath $(BIN)):$$PATH" PRT_REMINDER_SWEEP_SECONDS=$${PRT_REMINDER_SWEEP_SECONDS:-60} \
		$(BIN)/honcho --env /dev/null -f Procfile.dev start

test: $(STAMP)
	$(VENV_PYTHON) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The marker `fuzz` is left out of every other run (pyproject.toml); asked for here, in one process.
fuzz: $(STAMP)
	$(VENV_PYTHON) -m pytest -m fuzz -p no:xdist tests/api/test_fuzz.py $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

check: $(STAMP)
	$(VENV_PYTHON) manage.py check
	$(VENV_PYTHON) manage.py makemigrations --check --dry-run

clean:
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache staticfiles test-results

distclean: clean
	rm -rf $(VENV) var
