# Allianceportalen: `make run` starts the portal with demo data, `make test` runs every test.

# Django 6.1 needs Python 3.12 or newer. Use the first one found.
PYTHON_CANDIDATES := python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) python3
PYTHON ?= $(firstword $(foreach p,$(PYTHON_CANDIDATES),$(shell $(p) -c 'import sys; print("$(p)" if sys.version_info >= (3, 12) else "")' 2>/dev/null)))
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format messages bench clean

$(STAMP): requirements.txt requirements-dev.txt
	@if [ -z "$(PYTHON)" ]; then \
		echo "Allianceportalen needs Python 3.12 or newer (Django 6.1). None was found:"; \
		echo "tried $(PYTHON_CANDIDATES)."; \
		echo "Install one, or run: make PYTHON=/path/to/python3.12 ..."; \
		exit 1; \
	fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

run: export DJANGO_DEBUG ?= true
# The demo alliance's own identity; a real alliance sets these in its environment.
run: export ALLIANCE_NAME ?= Et lettere liv
run: export ALLIANCE_SHORT_NAME ?= ELL
run: export ALLIANCE_LOGO ?= img/et-lettere-liv.svg
run: export ALLIANCE_COLOUR ?= \#0f5c5c
run: export ALLIANCE_OWNER ?= Helsingør Kommune
run: $(STAMP)
	$(BIN)/python manage.py rebuild_stale_database
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# On every core the machine has; a class's tests share its test data, so they stay together.
# `make test PYTEST_ARGS=tests/members` runs a part in one process.
PYTEST_ARGS ?= -n auto --dist loadscope
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The key pages under load: gunicorn with production settings on PostgreSQL with the demo
# data, wrk with 8 clients (apt-get install wrk). Prints the table and writes bench-results.md.
bench: $(STAMP)
	$(BIN)/python tools/bench.py

# Refresh the catalogues (.po and the committed .mo) after changing text. Danish is the source language,
# so its catalogue repeats each text; English is translated by hand.
messages: export DJANGO_DEBUG ?= true
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l da -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests
	msgattrib --clear-fuzzy --empty --clear-previous --no-wrap -o locale/da/LC_MESSAGES/django.po locale/da/LC_MESSAGES/django.po
	msgen --no-wrap -o locale/da/LC_MESSAGES/django.po locale/da/LC_MESSAGES/django.po
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
