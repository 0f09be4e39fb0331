#!/usr/bin/env bash
# Installs the independent TFLite implementation (LiteRT.js, from npm) and
# fetches the openWakeWord float models (CC BY-NC-SA: fetched, never committed).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f tests/oracle/package.json ]; then
  [ -d tests/oracle/node_modules ] || npm ci --prefix tests/oracle --no-audit --no-fund >/dev/null
fi
if [ -x scripts/fetch_openwakeword.sh ]; then
  scripts/fetch_openwakeword.sh >/dev/null
fi
