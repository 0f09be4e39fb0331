#!/usr/bin/env bash
# The main demo on a fresh machine: install, build, then analyze and run real
# MLPerf Tiny models (from ../shared/models or $MOTE_MODELS_DIR) on the host,
# plan their memory, run keyword spotting on the emulated Cortex-M4, and
# recognise spoken commands synthesized with espeak-ng.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh build
models=${MOTE_MODELS_DIR:-../shared/models}/mlperf_tiny
golden=${MOTE_GOLDEN_DIR:-$(dirname "$models")/../golden}
for m in kws_ds_cnn_int8 vww_mobilenet_v1_025_96_int8 ic_resnet8_int8 ad_fc_autoencoder_int8; do
  echo "=== mote analyze $m"
  build/mote analyze "$models/$m.tflite"
  echo "=== mote run $m --random-input 1"
  build/mote run "$models/$m.tflite" --random-input 1 --repeat 20 --output "/tmp/mote_$m.bin"
  if [ -f "$golden/$m/seed1/output.bin" ]; then
    if cmp -s "/tmp/mote_$m.bin" "$golden/$m/seed1/output.bin"; then
      echo "output is byte-identical to TFLite Micro's reference kernels"
    else
      echo "output DIFFERS from TFLite Micro's reference kernels" >&2
      exit 1
    fi
  fi
done
kws=$models/kws_ds_cnn_int8.tflite
echo "=== mote plan kws_ds_cnn_int8 (file order vs optimized)"
build/mote plan "$kws" --order file --no-in-place | grep "planned arena"
build/mote plan "$kws" | grep -E "planned arena|lower bound"
echo "=== mote run kws_ds_cnn_int8 --target qemu-m4 (Cortex-M4F, emulated)"
build/mote run "$kws" --target qemu-m4 --random-input 1
echo "=== keyword spotting: spoken commands and wake-word streams"
scripts/kws_demo.sh build
