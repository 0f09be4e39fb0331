#!/usr/bin/env bash
# The Cortex-M4 table: for each model, `mote run --target qemu-m4` (emulated
# mps2-an386, outputs checked byte for byte against the host runtime) and
# its measured flash, RAM and instruction counts.
#
# Usage: bench/m4_table.sh [-b BUILD_DIR] [-k KERNELS] [-o OUT_PREFIX] [MODEL.tflite ...]
#   BUILD_DIR   where the mote CLI is (default: build)
#   KERNELS     reference (default) or optimized: `mote run --kernels`
#   OUT_PREFIX  writes OUT_PREFIX.md and OUT_PREFIX.csv (default: bench/results/m4_reference)
#   MODEL       default: the six int8 MLPerf Tiny models in ../shared/models/mlperf_tiny
# Instructions are exact to +-40 (one tick of the 25 MHz timer under
# -icount shift=0); they are instructions, not cycles (docs/cortex-m4.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
out=$root/bench/results/m4_reference
kernels=reference
while getopts "b:k:o:" opt; do
  case $opt in
    b) build=$(cd "$OPTARG" && pwd) ;;
    k) kernels=$OPTARG ;;
    o) out=$OPTARG ;;
    *) echo "usage: $0 [-b BUILD_DIR] [-k KERNELS] [-o OUT_PREFIX] [MODEL.tflite ...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
. "$root/bench/lib.sh"
if [ $# -eq 0 ]; then
  mapfile -t defaults < <(mlperf_models kws_ds_cnn_int8 vww_mobilenet_v1_025_96_int8 \
    ic_resnet8_int8 ic_resnet_large_int8 ad_fc_autoencoder_int8 sww_streaming_wakeword)
  set -- "${defaults[@]}"
fi
require_mote
mote=$build/mote
mkdir -p "$(dirname "$out")"

csv="model,flash_weight_bytes,flash_code_bytes,flash_other_rodata_bytes,ram_bytes,arena_bytes,stack_bytes,macs,instructions,instructions_per_mac"
md="| model | flash weights | flash code | RAM total | instructions/inference | instructions/MAC |
|---|---:|---:|---:|---:|---:|"
for model in "$@"; do
  name=$(basename "$model" .tflite)
  echo "running $name on qemu-m4..." >&2
  json=$("$mote" run "$model" --kernels "$kernels" --target qemu-m4 --random-input 1 --json)
  # Top-level keys of the pretty-printed JSON sit at two spaces of indentation.
  value() { sed -n "s/^  \"$1\": \([0-9.]*\),\{0,1\}\$/\1/p" <<<"$json"; }
  w=$(value flash_weight_bytes) c=$(value flash_code_bytes) ram=$(value ram_bytes)
  ins=$(value instructions) macs=$(value macs)
  ipm=$(awk -v i="$ins" -v m="$macs" 'BEGIN { printf "%.2f", i / m }')
  csv+=$'\n'"$name,$w,$c,$(value flash_other_rodata_bytes),$ram,$(value arena_bytes),$(value stack_bytes),$macs,$ins,$ipm"
  md+=$'\n'"| $name | $w | $c | $ram | $ins | $ipm |"
done
printf '%s\n' "$csv" >"$out.csv"
{
  echo "Cortex-M4F (QEMU mps2-an386, -icount shift=0), $kernels kernels, arm-none-eabi-gcc -O2;"
  echo "bytes; instructions +-40; input --random-input 1; outputs byte-identical to the host runtime."
  echo
  printf '%s\n' "$md"
} >"$out.md"
cat "$out.md"
echo "wrote $out.md and $out.csv" >&2
