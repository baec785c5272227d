#!/usr/bin/env bash
# One entry point for a fresh machine:
#   ./run.sh          set up .venv (first time), build the index of corpus/, start the chat app
#   ./run.sh test     set up .venv (first time) and run the whole test suite
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"

quiet_pip() {
  # This machine's pip config lists local package stores; its "is ignored" notices are noise.
  .venv/bin/python -m pip "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}

setup() {
  if [ ! -x .venv/bin/python ]; then
    echo "creating .venv …" >&2
    "$PY" -m venv .venv
  fi
  local stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    echo "installing dependencies into .venv (first run: a few minutes) …" >&2
    quiet_pip install -q --upgrade pip
    # PyTorch first, pinned: here pip takes the CPU build of 2.13.0 from the machine's local wheel
    # store; elsewhere PyPI serves 2.13.0 for the platform. An unpinned torch would pull a
    # several-GB CUDA build. TORCH_SPEC overrides (e.g. TORCH_SPEC="torch" with a CPU index).
    quiet_pip install -q "${TORCH_SPEC:-torch==2.13.0}"
    quiet_pip install -q -e ".[test]"
    touch "$stamp"
  fi
}

setup
case "${1:-app}" in
  test)
    shift || true
    exec .venv/bin/python -m pytest "$@"
    ;;
  app)
    shift || true
    .venv/bin/qa index --corpus corpus --index index
    exec .venv/bin/streamlit run app.py --server.headless true --browser.gatherUsageStats false "$@"
    ;;
  *)
    echo "usage: ./run.sh [app|test] [extra args]" >&2
    exit 2
    ;;
esac
