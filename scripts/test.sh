#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run them.
# Used by the README's quick start and by CI (.ci/run) alike.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${QA_VENV:-.venv}
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
# torch is pinned: this machine has the 2.13.0 CPU build on disk; an unpinned torch pulls CUDA.
"$VENV/bin/pip" install -q torch==2.13.0 -e ".[test]"

# The browser test drives Debian's Chromium (Playwright's own browser download is unavailable);
# the CJK fonts make its screenshot readable.
if ! dpkg -s chromium fonts-noto-cjk >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False
"$VENV/bin/python" -m pytest "$@"
