#!/usr/bin/env bash
# Generates an openWakeWord test set with espeak-ng and sox (as
# scripts/kws_testset.sh does for KWS): 16 kHz streams with "hey jarvis" said
# by several synthetic voices between stretches of low white noise, and
# control streams with other phrases (no wake word).
#
# Usage: scripts/oww_testset.sh OUT_DIR [ci|small|full|calib]
#   ci: 1 voice x "hey jarvis", 1 control phrase (the test under sanitizers)
#   small (default): 4 voices x "hey jarvis", 4 control phrases
#   full: 12 voices x "hey jarvis", 8 control phrases x 3 voices
#   calib: 6 other voices x "hey jarvis", 6 other phrases x 2 of them
#          (calibration for scripts/oww_quantize.sh, disjoint from the above)
# Writes OUT_DIR/streams/*.wav and OUT_DIR/streams.csv
# (file,kind,text,start_s,end_s: kind "wake" has "hey jarvis" at
# [start_s, end_s], kind "control" has no wake word).
# Each stream: 1.5 s of noise, the utterance (peak -6 dBFS), 1.5 s of noise;
# noise at -50 dBFS rms throughout.
set -euo pipefail
out=${1:?usage: oww_testset.sh OUT_DIR [ci|small|full|calib]}
size=${2:-small}
for tool in espeak-ng sox soxi; do
  command -v "$tool" >/dev/null || { echo "oww_testset: $tool not found (scripts/setup.sh installs it)" >&2; exit 1; }
done

# voice:speed:pitch
if [ "$size" = full ]; then
  voices=(en-us:150:50 en-us+f2:140:60 en-us+m3:170:40 en-us+f4:150:70 en-gb:140:50
          en-gb+f5:150:55 en-gb+m7:140:45 en-us+m1:150:45 en-us+f1:160:55 en-gb+m2:160:50
          en-gb+f3:145:65 en-us+m5:135:40)
  controls=("hello there" "good morning" "turn on the lights" "hey travis" "what time is it"
            "play some music" "hey marvin" "jar of jam")
  control_voices=(en-us:150:50 en-gb+f5:150:55 en-us+m3:170:40)
elif [ "$size" = calib ]; then
  # Calibration audio for scripts/oww_quantize.sh: voices and texts no test
  # set above uses (so the int8 models are judged on unseen speech).
  voices=(en-us+m4:155:48 en-gb+f2:145:58 en-us+f5:165:62 en-gb+m4:150:42 en-us+m6:140:52
          en-gb+f1:150:60)
  controls=("the weather is nice today" "call me tomorrow" "jarvis" "hey there"
            "set a timer for ten minutes" "open the garage door")
  control_voices=(en-us+m4:155:48 en-gb+f2:145:58)
elif [ "$size" = ci ]; then
  voices=(en-us:150:50)
  controls=("good morning")
  control_voices=(en-us:150:50)
elif [ "$size" = small ]; then
  voices=(en-us:150:50 en-us+f2:140:60 en-gb:140:50 en-us+m3:170:40)
  controls=("hello there" "good morning" "turn on the lights" "what time is it")
  control_voices=(en-us:150:50)
else
  echo "oww_testset: size must be ci, small, full or calib, not $size" >&2; exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out/streams"
rate=16000
noise_vol=0.0055  # sox whitenoise is uniform: rms = vol / sqrt(3) = -50 dBFS
gap_s=1.5

# speak TEXT VOICE SPEED PITCH OUT: the trimmed utterance, 16 kHz, peak -6 dBFS.
speak() {
  espeak-ng -v "$2" -s "$3" -p "$4" -w "$work/raw.wav" "$1"
  sox -D "$work/raw.wav" -r $rate -b 16 -c 1 "$work/trim.wav" \
    silence 1 0.01 0.1% reverse silence 1 0.01 0.1% reverse
  sox -D "$work/trim.wav" "$5" norm -6
}

# stream TEXT VOICE SPEED PITCH OUT: prints "start_s,end_s" of the utterance.
stream() {
  speak "$1" "$2" "$3" "$4" "$work/say.wav"
  local n; n=$(soxi -s "$work/say.wav")
  sox -D "$work/say.wav" "$work/pad.wav" pad "${gap_s}" "${gap_s}"
  local total; total=$(soxi -s "$work/pad.wav")
  sox -R -D -r $rate -n -r $rate -b 16 -c 1 "$work/noise.wav" synth "${total}s" whitenoise vol $noise_vol
  sox -D -m -v 1 "$work/pad.wav" -v 1 "$work/noise.wav" "$5"
  awk -v n="$n" -v g="$gap_s" -v r=$rate 'BEGIN { printf "%.3f,%.3f", g, g + n / r }'
}

csv="$out/streams.csv"
echo "file,kind,text,start_s,end_s" >"$csv"
# add KIND TEXT VOICE_SPEC INDEX: one stream and its CSV row.
add() {
  local voice speed pitch f span
  IFS=: read -r voice speed pitch <<<"$3"
  f=$(printf '%s_%02d_%s.wav' "$1" "$4" "${voice//+/_}")
  span=$(stream "$2" "$voice" "$speed" "$pitch" "$out/streams/$f")
  echo "$f,$1,$2,$span" >>"$csv"
}
i=0
for v in "${voices[@]}"; do add wake "hey jarvis" "$v" $i; i=$((i + 1)); done
i=0
for text in "${controls[@]}"; do
  for v in "${control_voices[@]}"; do add control "$text" "$v" $i; i=$((i + 1)); done
done
echo "oww_testset: $(($(wc -l <"$csv") - 1)) streams in $out/streams" >&2
