#!/usr/bin/env bash
# Renders `mote plan --report` for a model in headless Chromium and saves a
# PNG screenshot (file order vs the optimized plan, the peak in red).
# Usage: scripts/plan_picture.sh MOTE_BINARY MODEL.tflite OUT_DIR
set -euo pipefail
mote=$1 model=$2 out=$3
"$mote" plan "$model" --report "$out" >/dev/null
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "plan_picture: chromium not found (scripts/setup.sh installs it)" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --window-size=1320,620 --screenshot="$out/plan.png" "file://$(realpath "$out/plan.html")" \
  >/dev/null 2>&1
# A blank or missing screenshot means the page did not render.
[ "$(stat -c %s "$out/plan.png")" -gt 10000 ] || { echo "plan_picture: empty screenshot" >&2; exit 1; }
echo "$out/plan.png"
