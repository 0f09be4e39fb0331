#!/usr/bin/env bash
# Keyword-spotting demo on a fresh machine: install, build, synthesize a few
# spoken commands and "marvin" streams with espeak-ng, and let `mote listen`
# recognise them (the device front end + model on the host runtime, then on the
# emulated Cortex-M4 with --target qemu-m4).
# Usage: scripts/kws_demo.sh [BUILD_DIR]   (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
scripts/setup.sh
scripts/build.sh "$build"
models=${MOTE_MODELS_DIR:-../shared/models}/mlperf_tiny
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scripts/kws_testset.sh "$work" small

echo "=== spoken commands (1-s clips), kws_ds_cnn_int8"
for w in yes no up down left right on off stop go; do
  f=$work/clips/${w}__en-us_160_50.wav
  printf 'said %-5s -> ' "$w"
  "$build/mote" listen "$models/kws_ds_cnn_int8.tflite" --wav "$f" | tail -n +2 | sed 's/^ *//'
done

echo "=== a 4-s stream with one command, kws_ds_cnn_int8 sliding window"
sox "$work/clips/noise_0.wav" "$work/clips/left__en-gb_f5_130_60.wav" \
  "$work/clips/neg_house__en-us_160_50.wav" "$work/clips/noise_0.wav" "$work/command_stream.wav"
echo "(noise, 'left', 'house', noise)"
"$build/mote" listen "$models/kws_ds_cnn_int8.tflite" --wav "$work/command_stream.wav"

echo "=== wake word streams, sww_streaming_wakeword"
while IFS=, read -r file kind word start end; do
  [ "$file" = file ] && continue
  echo "($kind stream: '$word' spoken at ${start}..${end} s)"
  "$build/mote" listen "$models/sww_streaming_wakeword.tflite" --wav "$work/$file"
done < "$work/streams.csv"

echo "=== the same on the emulated Cortex-M4: front end and model on qemu-m4 (about 5 s each)"
echo "(spoken 'yes', 1-s clip)"
"$build/mote" listen "$models/kws_ds_cnn_int8.tflite" --wav "$work/clips/yes__en-us_160_50.wav" \
  --target qemu-m4
marvin=$(awk -F, '$2 == "marvin" { print $1; exit }' "$work/streams.csv")
echo "(marvin stream $marvin)"
"$build/mote" listen "$models/sww_streaming_wakeword.tflite" --wav "$work/$marvin" --target qemu-m4
