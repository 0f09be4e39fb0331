#!/usr/bin/env bash
# Quantizes openWakeWord's embedding model and the hey_jarvis wake-word model
# to int8 with `mote quantize`, calibrated on espeak-ng audio that no test set
# uses (scripts/oww_testset.sh ... calib: other voices and texts, non-keyword
# speech, noise). Writes a directory `mote listen --pipeline oww --oww-dir`
# takes (the float melspectrogram.tflite linked in) and prints it:
#
#   scripts/oww_quantize.sh [OUT_DIR]
#   D=$(scripts/oww_quantize.sh); build/mote listen --pipeline oww --oww-dir $D \
#       --wav clip.wav $D/hey_jarvis_v0.1.tflite
#
# OUT_DIR defaults to $MOTE_OWW_INT8_DIR, else
# ${XDG_CACHE_HOME:-$HOME/.cache}/mote/openwakeword_int8: the models are
# CC BY-NC-SA 4.0 and so is anything derived from them; never commit it.
# $MOTE names the CLI (default build/mote). Cached: the calibration inputs
# are made once per set of float models and scripts, the int8 models once per
# calibration and quantizer source (compiler/quantize, the .tflite writer), so
# builds of one checkout (e.g. the sanitizer build) share them. One run at a
# time per OUT_DIR (flock). Reports go to OUT_DIR/*_report.json.
# Needs what the fetch and test-set scripts need (npm, espeak-ng, sox).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mote=${MOTE:-$root/build/mote}
out=${1:-${MOTE_OWW_INT8_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mote/openwakeword_int8}}
[ -x "$mote" ] || { echo "oww_quantize: $mote not found (scripts/build.sh)" >&2; exit 1; }
oww=$("$root/scripts/fetch_openwakeword.sh")
mkdir -p "$out"
out=$(cd "$out" && pwd)
exec 9>"$out/.lock"
flock 9
wakeword=hey_jarvis_v0.1.tflite

# Calibration inputs: every chunk's wake-word input [1,16,96] and every 4th
# chunk's embedding input [1,76,32,1] (consecutive windows overlap by 68 of
# 76 frames) of the float pipeline over the calibration streams, as raw
# float32 batches. Keyed on the float models and the scripts that make them.
key=$(cat "$oww/embedding_model.tflite" "$oww/$wakeword" "$oww/melspectrogram.tflite" \
        "$root/scripts/oww_testset.sh" "$0" | sha256sum | cut -c1-16)
cal="$out/calibration"
if [ "$(cat "$cal/key" 2>/dev/null)" != "$key" ]; then
  rm -rf "$cal"
  mkdir -p "$cal"
  "$root/scripts/oww_testset.sh" "$cal/audio" calib
  for wav in "$cal"/audio/streams/*.wav; do
    trace="$cal/trace/$(basename "$wav" .wav)"
    "$mote" listen --pipeline oww --oww-dir "$oww" --wav "$wav" --oww-trace "$trace" \
      "$oww/$wakeword" >/dev/null
  done
  ls "$cal"/trace/*/chunk*_embedding_in.bin | awk 'NR % 4 == 0' | xargs cat >"$cal/embedding_in.f32"
  ls "$cal"/trace/*/chunk*_embedding_in.bin | awk 'NR % 16 == 0' | xargs cat >"$cal/embedding_eval.f32"
  cat "$cal"/trace/*/chunk*_wakeword_in.bin >"$cal/wakeword_in.f32"
  rm -rf "$cal/trace" "$cal/audio"
  echo "$key" >"$cal/key"
fi

# quantize FLOAT OUT CALIBRATION [EVAL]: float I/O, so the pipeline feeds it
# as it feeds the float model.
models_key=$( (echo "$key"; cat "$root"/compiler/quantize/*.cc "$root"/compiler/quantize/*.h \
               "$root"/compiler/tflite/writer*) | sha256sum | cut -c1-16)
quantize() {
  if [ -f "$out/$2" ] && [ "$(cat "$out/$2.key" 2>/dev/null)" = "$models_key" ]; then return; fi
  local eval=()
  [ $# -gt 3 ] && eval=(--eval "$4")
  "$mote" quantize "$1" --calibration "$3" "${eval[@]}" --io float -o "$out/$2.tmp" \
    --json >"$out/${2%.tflite}_report.json"
  mv -f "$out/$2.tmp" "$out/$2"
  echo "$models_key" >"$out/$2.key"
}
quantize "$oww/embedding_model.tflite" embedding_model.tflite "$cal/embedding_in.f32" \
  "$cal/embedding_eval.f32"
quantize "$oww/$wakeword" "$wakeword" "$cal/wakeword_in.f32"
ln -sf "$oww/melspectrogram.tflite" "$out/melspectrogram.tflite"
echo "$out"
