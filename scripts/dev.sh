#!/usr/bin/env bash
# The project's two commands; each sets up everything it needs on a fresh Debian machine
# (Python 3.11, Node/npm, root): a venv with the package and its test tools, the pinned
# browser runtime from the npm lockfile, and Debian's Chromium, Firefox ESR and WebKitGTK.
#
#   scripts/dev.sh demo [--port N] [--api-key KEY --brand-id ID]   build and serve the demo
#   scripts/dev.sh test [pytest args]                              lint + the whole test suite:
#                                                                  node --test, build.py, pytest
#   scripts/dev.sh bench [--loads N]                               benchmarks -> docs/benchmarks.md
#   scripts/dev.sh bench-navigations [--navigations N]             200 body swaps ->
#                                                                  docs/benchmarks-navigations.md
#   scripts/dev.sh bench-memory [--loads N]                        where a chatting visit's
#                                                                  memory goes ->
#                                                                  docs/benchmarks-memory.md
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

setup_python() {
  if [ ! -x .venv/bin/python ]; then
    say "creating .venv"
    python3 -m venv .venv
  fi
  if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
    say "installing kustomer-bridge[dev] into .venv"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e '.[dev]'
    touch .venv/.installed
  fi
}

setup_runtime() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm ci (pinned PyScript, MicroPython, Pyodide)"
    npm ci --ignore-scripts --no-audit --no-fund
  fi
}

# Chromium, Firefox ESR and WebKitGTK (Safari's engine, with its WebDriver and a virtual
# screen): Debian's builds, since test tools cannot download their own browsers here.
setup_browsers() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
  [ -x /usr/bin/WebKitWebDriver ] || missing+=(webkit2gtk-driver)
  command -v Xvfb >/dev/null || missing+=(xvfb)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian's ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

command="${1:-}"
shift || true
case "$command" in
  demo)
    setup_python
    setup_runtime
    exec .venv/bin/python build.py serve "$@"
    ;;
  test)
    setup_python
    setup_runtime
    setup_browsers
    say "ruff"
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    say "node --test (the JavaScript's unit tests)"
    node --test --test-reporter=spec tests/js/
    say "build.py (a machine's first build compiles Pyodide's standard library, then reuses it)"
    .venv/bin/python build.py
    say "pytest"
    exec .venv/bin/python -m pytest "$@"
    ;;
  bench)
    setup_python
    setup_runtime
    setup_browsers
    exec .venv/bin/python bench/run.py "$@"
    ;;
  bench-navigations)
    setup_python
    setup_runtime
    setup_browsers
    exec .venv/bin/python bench/navigations.py "$@"
    ;;
  bench-memory)
    setup_python
    setup_runtime
    setup_browsers
    exec .venv/bin/python bench/memory.py "$@"
    ;;
  *)
    echo "usage: scripts/dev.sh demo [--port N] | test [pytest args] | bench [--loads N] | bench-navigations | bench-memory" >&2
    exit 2
    ;;
esac
