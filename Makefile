# The two commands of the README: `make demo` and `make test`. Both bootstrap the venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test lint demo bot web venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "AlphaEngine needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# The browser tests drive Debian's chromium through Playwright (ADR 0029); installed here when missing
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(CHROMIUM):
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y chromium

# The deploy tests check the systemd units with systemd-analyze (ADR 0074); installed here when missing
SYSTEMD_ANALYZE := /usr/bin/systemd-analyze

$(SYSTEMD_ANALYZE):
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y systemd

# The deploy tests run the shipped nginx site unprivileged on loopback (ADR 0075); installed here when missing
NGINX := /usr/sbin/nginx

$(NGINX):
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y nginx openssl

# Style, lint and types first (ADR 0059): seconds, and each fails the build on a finding
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint $(CHROMIUM) $(SYSTEMD_ANALYZE) $(NGINX)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

demo: $(STAMP)
	$(BIN)/alphaengine demo

# The two processes of a real deployment, each on its own (mode from config/secrets.yaml or ALPHAENGINE_MODE)
bot: $(STAMP)
	$(BIN)/alphaengine bot

web: $(STAMP)
	$(BIN)/alphaengine web

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
