#!/usr/bin/env bash
# Host instructions per inference (x86-64, callgrind) for each kernel set:
# `mote run --random-input 1` with --repeat 1 and --repeat 11 under
# callgrind; the difference / 10 is one inference without loading/planning.
#
# Usage: bench/host_callgrind.sh [-b BUILD_DIR] [-o OUT_PREFIX] [MODEL.tflite ...]
#   writes OUT_PREFIX.md and OUT_PREFIX.csv (default bench/results/host_callgrind)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
out=$root/bench/results/host_callgrind
while getopts "b:o:" opt; do
  case $opt in
    b) build=$(cd "$OPTARG" && pwd) ;;
    o) out=$OPTARG ;;
    *) echo "usage: $0 [-b BUILD_DIR] [-o OUT_PREFIX] [MODEL.tflite ...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
. "$root/bench/lib.sh"
if [ $# -eq 0 ]; then
  mapfile -t defaults < <(mlperf_models kws_ds_cnn_int8 vww_mobilenet_v1_025_96_int8 \
    ic_resnet8_int8 ad_fc_autoencoder_int8)
  set -- "${defaults[@]}"
fi
require_mote
mote=$build/mote
command -v valgrind >/dev/null || { echo "valgrind missing (scripts/setup.sh)" >&2; exit 3; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# TFLite Micro reference kernels on x86-64 (issue 7), instructions per inference.
declare -A tflm=([kws_ds_cnn_int8]=49950000 [vww_mobilenet_v1_025_96_int8]=121100000
  [ic_resnet8_int8]=132800000 [ad_fc_autoencoder_int8]=2510000)

instructions() {  # model kernels repeat
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$mote" run "$1" --kernels "$2" \
    --random-input 1 --repeat "$3" >/dev/null 2>"$tmp/log"
  sed -n 's/^summary: \([0-9]*\)$/\1/p' "$tmp/cg.out"
}

csv="model,kernels,instructions_per_inference,tflm_reference,ratio_to_tflm"
md="| model | reference kernels | optimized kernels | TFLM reference | optimized / TFLM |
|---|---:|---:|---:|---:|"
for model in "$@"; do
  name=$(basename "$model" .tflite)
  row="| $name"
  for kernels in reference optimized; do
    echo "callgrind $name ($kernels)..." >&2
    one=$(instructions "$model" $kernels 1)
    eleven=$(instructions "$model" $kernels 11)
    per=$(( (eleven - one) / 10 ))
    t=${tflm[$name]:-0}
    ratio=$(awk -v a="$per" -v b="$t" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }')
    csv+=$'\n'"$name,$kernels,$per,$t,$ratio"
    row+=" | $per"
  done
  md+=$'\n'"$row | ${tflm[$name]:--} | $ratio |"
done
printf '%s\n' "$csv" >"$out.csv"
{
  echo "Host x86-64 instructions per inference (valgrind callgrind, Ir), \`mote run --random-input 1\`,"
  echo "difference of --repeat 11 and --repeat 1 over 10; host compiler $(c++ --version | head -1)."
  echo "Target (issue 7): optimized <= 0.1 x TFLite Micro's reference kernels."
  echo
  printf '%s\n' "$md"
} >"$out.md"
cat "$out.md"
echo "wrote $out.md and $out.csv" >&2
