#!/usr/bin/env bash
# Per-layer instructions on qemu-m4 (issue 7, item 4): `mote run --target
# qemu-m4 --profile` for each model; OUT_PREFIX.md lists each model's slowest
# steps (TOP, default 8) and OUT_PREFIX.csv every step.
#
# Usage: bench/m4_profile.sh [-b BUILD_DIR] [-k reference|optimized] [-n TOP] [-o OUT_PREFIX] [MODEL.tflite ...]
#   default models: KWS, VWW, IC ResNet-8; OUT_PREFIX default bench/results/m4_profile
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
kernels=optimized
top=8
out=$root/bench/results/m4_profile
while getopts "b:k:n:o:" opt; do
  case $opt in
    b) build=$(cd "$OPTARG" && pwd) ;;
    k) kernels=$OPTARG ;;
    n) top=$OPTARG ;;
    o) out=$OPTARG ;;
    *) echo "usage: $0 [-b BUILD_DIR] [-k KERNELS] [-n TOP] [-o OUT_PREFIX] [MODEL.tflite ...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
. "$root/bench/lib.sh"
if [ $# -eq 0 ]; then
  mapfile -t defaults < <(mlperf_models kws_ds_cnn_int8 vww_mobilenet_v1_025_96_int8 ic_resnet8_int8)
  set -- "${defaults[@]}"
fi
require_mote

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "model,step,op_index,op,kernel,macs,instructions,instructions_per_mac" >"$out.csv"
{
  echo "Cortex-M4F (QEMU mps2-an386, -icount shift=0), \`mote run --target qemu-m4 --random-input 1"
  echo "--kernels $kernels --profile\`: instructions of each step of the plan (+-40 each; the"
  echo "profiling build adds one counter read per step, < 40 instructions). Slowest $top steps per model."
} >"$out.md"
for model in "$@"; do
  name=$(basename "$model" .tflite)
  "$build/mote" run "$model" --target qemu-m4 --random-input 1 --kernels "$kernels" --profile \
    >"$tmp/run.txt"
  # Text rows of the profile table: | step | op_index OP | kernel | MACs | instructions | ...
  awk -F'|' -v name="$name" '/^\| [0-9]/ {
      gsub(/ /, "", $2); split($3, op, " "); gsub(/ /, "", $4); gsub(/ /, "", $5); gsub(/ /, "", $6)
      printf "%s,%s,%s,%s,%s,%s,%s,%s\n", name, $2, op[1], op[2], $4, $5, $6, ($5 > 0 ? sprintf("%.2f", $6 / $5) : "")
    }' "$tmp/run.txt" >"$tmp/steps.csv"
  cat "$tmp/steps.csv" >>"$out.csv"
  total=$(awk '/^instructions [0-9]/ {print $2}' "$tmp/run.txt")
  macs=$(awk -F, '{s += $6} END {print s}' "$tmp/steps.csv")
  {
    printf '\n## %s: %s instructions, %s MACs (%.2f per MAC)\n\n' "$name" "$total" "$macs" "$(echo "$total $macs" | awk '{print $1 / $2}')"
    echo "| step | op | kernel | MACs | instructions | instr./MAC | share |"
    echo "|---:|---|---|---:|---:|---:|---:|"
    sort -t, -k7,7nr "$tmp/steps.csv" | head -n "$top" | awk -F, -v total="$total" '{
      printf "| %s | %s | %s | %s | %s | %s | %.1f%% |\n", $2, $4, $5, $6, $7, ($8 == "" ? "-" : $8), 100 * $7 / total }'
    echo
    echo "By kernel:"
    echo
    echo "| kernel | MACs | instructions | instr./MAC | share |"
    echo "|---|---:|---:|---:|---:|"
    awk -F, '{ins[$5] += $7; m[$5] += $6} END {for (k in ins) print k "," m[k] "," ins[k]}' \
      "$tmp/steps.csv" | sort -t, -k3,3nr | awk -F, -v total="$total" '{
      printf "| %s | %s | %s | %s | %.1f%% |\n", $1, $2, $3, ($2 > 0 ? sprintf("%.2f", $3 / $2) : "-"), 100 * $3 / total }'
  } >>"$out.md"
done
cat "$out.md"
