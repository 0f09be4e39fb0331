#!/usr/bin/env bash
# The Cortex-M4 table with a column per kernel set: bench/m4_table.sh with
# -k reference and -k optimized, joined with TFLite Micro + CMSIS-NN's
# instructions on the same board (issue 7) into OUT_PREFIX.md/.csv.
#
# Usage: bench/m4_kernels.sh [-b BUILD_DIR] [-o OUT_PREFIX] [MODEL.tflite ...]
#   OUT_PREFIX  default bench/results/m4_optimized
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
out=$root/bench/results/m4_optimized
while getopts "b:o:" opt; do
  case $opt in
    b) build=$(cd "$OPTARG" && pwd) ;;
    o) out=$OPTARG ;;
    *) echo "usage: $0 [-b BUILD_DIR] [-o OUT_PREFIX] [MODEL.tflite ...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/bench/m4_table.sh" -b "$build" -k reference -o "$tmp/reference" "$@" >/dev/null
"$root/bench/m4_table.sh" -b "$build" -k optimized -o "$tmp/optimized" "$@" >/dev/null

# model -> instructions of TFLite Micro + CMSIS-NN on qemu-m4 (issue 7).
cmsis="kws_ds_cnn_int8 7700040
vww_mobilenet_v1_025_96_int8 24102360
ic_resnet8_int8 29863560
ad_fc_autoencoder_int8 583120"

# CSV columns (m4_table.sh): model,flash_weight_bytes,flash_code_bytes,
# flash_other_rodata_bytes,ram_bytes,arena_bytes,stack_bytes,macs,instructions,instructions_per_mac
awk -F, -v cmsis="$cmsis" -v csv="$out.csv" '
  BEGIN {
    n = split(cmsis, lines, "\n")
    for (i = 1; i <= n; ++i) { split(lines[i], f, " "); tflm[f[1]] = f[2] }
    print "model,kernels,flash_weight_bytes,flash_code_bytes,ram_bytes,macs,instructions,instructions_per_mac,tflm_cmsis_instructions,ratio_to_tflm_cmsis" > csv
  }
  FNR == 1 { set = (FILENAME ~ /reference/) ? "reference" : "optimized"; next }
  {
    key = $1; order[key] = order[key] ? order[key] : ++models; names[order[key]] = key
    w[key, set] = $2; code[key, set] = $3; ram[key, set] = $5; macs[key] = $8
    ins[key, set] = $9; ipm[key, set] = $10
    t = (key in tflm) ? tflm[key] : ""
    ratio = t ? sprintf("%.3f", $9 / t) : ""
    print key "," set "," $2 "," $3 "," $5 "," $8 "," $9 "," $10 "," t "," ratio >> csv
  }
  END {
    print "| model | MACs | instr. reference | instr./MAC reference | instr. optimized | instr./MAC optimized | speed-up | TFLM+CMSIS-NN | optimized / TFLM+CMSIS | code ref / opt | weights ref / opt | RAM ref / opt |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= models; ++i) {
      k = names[i]; t = (k in tflm) ? tflm[k] : ""
      printf "| %s | %d | %d | %s | %d | %s | %.1fx | %s | %s | %d / %d | %d / %d | %d / %d |\n", k, macs[k],
        ins[k, "reference"], ipm[k, "reference"], ins[k, "optimized"], ipm[k, "optimized"],
        ins[k, "reference"] / ins[k, "optimized"], t ? t : "-",
        t ? sprintf("%.3f", ins[k, "optimized"] / t) : "-",
        code[k, "reference"], code[k, "optimized"], w[k, "reference"], w[k, "optimized"],
        ram[k, "reference"], ram[k, "optimized"]
    }
  }' "$tmp/reference.csv" "$tmp/optimized.csv" >"$tmp/table.md"
{
  echo "Cortex-M4F (QEMU mps2-an386, -icount shift=0), \`mote run --target qemu-m4 --random-input 1"
  echo "--kernels reference|optimized\`, arm-none-eabi-gcc -O2; instructions +-40 (not cycles); bytes."
  echo "Outputs byte-identical to the host runtime in every run. Target (issue 7): optimized <= 0.6 x"
  echo "TFLite Micro + CMSIS-NN and <= 1.5 instructions/MAC (KWS, VWW, IC)."
  echo
  cat "$tmp/table.md"
} >"$out.md"
cat "$out.md"
echo "wrote $out.md and $out.csv" >&2
