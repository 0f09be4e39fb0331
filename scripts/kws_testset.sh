#!/usr/bin/env bash
# Generates a labelled keyword-spotting test set with the espeak-ng speech
# synthesizer and sox, the way ../shared/audio_golden was made: each word is
# trimmed, centred in 1 s at 16 kHz, normalised to a -6 dBFS peak and mixed
# with white noise at -60 dBFS rms (the KWS model degrades without a noise floor).
#
# Usage: scripts/kws_testset.sh OUT_DIR [small|full|accents]
#   small (default): 10 keywords x 3 voices, a few negatives, noise and streams (CI)
#   full: 10 keywords x 12 voice variants (en-us, en-gb), 10 negatives x 4
#         voices, 6 noise clips, 24 "marvin" streams and 24 control streams
#   accents: the same with 10 regional-accent voices (Scottish, Caribbean, RP,
#         Lancaster, West Midlands), which the model finds harder
# Writes OUT_DIR/clips/*.wav with OUT_DIR/clips.csv (file,label: a keyword,
# "unknown" or "silence") and OUT_DIR/streams/*.wav with OUT_DIR/streams.csv
# (file,kind,word,start_s,end_s: kind "marvin" has the wake word at
# [start_s, end_s], kind "control" has no wake word).
set -euo pipefail
out=${1:?usage: kws_testset.sh OUT_DIR [small|full|accents]}
size=${2:-small}
for tool in espeak-ng sox soxi; do
  command -v "$tool" >/dev/null || { echo "kws_testset: $tool not found (scripts/setup.sh installs it)" >&2; exit 1; }
done

keywords=(yes no up down left right on off stop go)
negatives=(house bird cat dog happy tree wow bed sheila seven)
stream_words=(hello seven happy tree house learn follow forward)
# voice:speed:pitch
if [ "$size" = full ]; then
  voices=(en-us:160:50 en-us+f2:140:60 en-us+m3:180:40 en-us+f4:150:70 en-gb:130:50
          en-gb+f5:160:55 en-gb+m7:140:45 en-us+m1:150:45 en-us+f1:165:55 en-gb+m2:170:50
          en-gb+f3:145:65 en-us+m5:135:40)
  negative_voices=(en-us:160:50 en-gb+f5:140:60 en-us+m3:170:40 en-gb+f2:150:55)
  noise_levels=(0.001732 0.003 0.0055 0.01 0.0173 0.055)  # -60..-30 dBFS rms
  stream_voices=("${voices[@]}" "${voices[@]}")
elif [ "$size" = accents ]; then  # regional accents the model finds harder
  voices=(en-gb-scotland:150:50 en-gb-x-rp+f3:170:60 en-029:150:50 en-gb-x-gbclan+f1:155:65
          en-gb-x-gbcwmd:150:50 en-gb-scotland+m3:140:45 en-029+f2:160:60 en-gb-x-rp:130:50
          en-gb-x-gbclan+m7:165:40 en-gb-x-gbcwmd+f4:145:65)
  negative_voices=(en-us:160:50 en-gb+f5:140:60 en-us+m3:170:40 en-029+f2:150:55)
  noise_levels=(0.001732 0.003 0.0055 0.01 0.0173 0.055)  # -60..-30 dBFS rms
  stream_voices=("${voices[@]}" "${voices[@]}")
elif [ "$size" = small ]; then
  voices=(en-us:160:50 en-gb+f5:130:60 en-us+m3:180:40)
  negative_voices=(en-us:160:50)
  negatives=("${negatives[@]:0:5}")
  noise_levels=(0.001732 0.0055)
  stream_voices=(en-us:160:50 en-gb+f5:140:60)
else
  echo "kws_testset: size must be small, full or accents, not $size" >&2; exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out/clips" "$out/streams"
rate=16000
noise_vol=0.001732  # sox whitenoise is uniform: rms = vol / sqrt(3) = -60 dBFS

# speak TEXT VOICE SPEED PITCH OUT: the trimmed utterance, 16 kHz, peak -6 dBFS.
speak() {
  espeak-ng -v "$2" -s "$3" -p "$4" -w "$work/raw.wav" "$1"
  sox -D "$work/raw.wav" -r $rate -b 16 -c 1 "$work/trim.wav" \
    silence 1 0.01 0.1% reverse silence 1 0.01 0.1% reverse
  sox -D "$work/trim.wav" "$5" norm -6
}
# noise SAMPLES VOL OUT
noise() { sox -R -D -r $rate -n -r $rate -b 16 -c 1 "$3" synth "$1s" whitenoise vol "$2"; }
# mix A B OUT: sum without the default 1/n scaling
mix() { sox -D -m -v 1 "$1" -v 1 "$2" "$3"; }

# clip TEXT VOICE SPEED PITCH OUT: centred in 1 s over the noise floor.
clip() {
  speak "$1" "$2" "$3" "$4" "$work/word.wav"
  local n; n=$(soxi -s "$work/word.wav")
  if [ "$n" -gt $rate ]; then  # longer than 1 s: keep the middle second
    sox -D "$work/word.wav" "$work/cut.wav" trim "$(((n - rate) / 2))s" "${rate}s"
    mv "$work/cut.wav" "$work/word.wav"; n=$rate
  fi
  local left=$(((rate - n) / 2))
  sox -D "$work/word.wav" "$work/pad.wav" pad "${left}s" "$((rate - n - left))s"
  noise $rate $noise_vol "$work/noise.wav"
  mix "$work/pad.wav" "$work/noise.wav" "$5"
}

name_of() { echo "$1" | tr ':+' '__'; }

# add_clips PREFIX LABEL VOICE:SPEED:PITCH WORD...: one clip per word (LABEL
# empty: the word is its own label).
add_clips() {
  local prefix=$1 label=$2 spec=$3 voice speed pitch w f
  shift 3
  IFS=: read -r voice speed pitch <<< "$spec"
  for w in "$@"; do
    f="clips/${prefix}${w}__$(name_of "$spec").wav"
    clip "$w" "$voice" "$speed" "$pitch" "$out/$f"
    echo "$f,${label:-$w}" >> "$out/clips.csv"
  done
}

echo "file,label" > "$out/clips.csv"
for v in "${voices[@]}"; do add_clips "" "" "$v" "${keywords[@]}"; done
for v in "${negative_voices[@]}"; do add_clips neg_ unknown "$v" "${negatives[@]}"; done
i=0
for vol in "${noise_levels[@]}"; do
  f="clips/noise_${i}.wav"
  noise $rate "$vol" "$out/$f"
  echo "$f,silence" >> "$out/clips.csv"
  i=$((i + 1))
done

# Streams of 4 s: an other word, then "marvin" (or, in control streams,
# another other word), over the noise floor.
echo "file,kind,word,start_s,end_s" > "$out/streams.csv"
i=0
for v in "${stream_voices[@]}"; do
  IFS=: read -r voice speed pitch <<< "$v"
  first=${stream_words[$((i % ${#stream_words[@]}))]}
  second=${stream_words[$(((i + 3) % ${#stream_words[@]}))]}
  lead=$((4000 + (i * 1733) % 6000))  # 0.25..0.63 s of lead-in
  gap=$((8000 + (i * 2719) % 8000))   # 0.5..1.0 s between the words
  for kind in marvin control; do
    target=$second; [ $kind = marvin ] && target=marvin
    speak "$first" "$voice" "$speed" "$pitch" "$work/a.wav"
    speak "$target" "$voice" "$speed" "$pitch" "$work/b.wav"
    na=$(soxi -s "$work/a.wav"); nb=$(soxi -s "$work/b.wav")
    start=$((lead + na + gap))
    total=$((4 * rate))
    sox -D "$work/a.wav" "$work/a_pad.wav" pad "${lead}s" "$((total - lead - na))s"
    sox -D "$work/b.wav" "$work/b_pad.wav" pad "${start}s" "$((total - start - nb))s"
    mix "$work/a_pad.wav" "$work/b_pad.wav" "$work/words.wav"
    noise $total $noise_vol "$work/noise.wav"
    f="streams/${kind}_${i}__$(name_of "$v").wav"
    mix "$work/words.wav" "$work/noise.wav" "$out/$f"
    awk -v f="$f" -v k="$kind" -v w="$target" -v s="$start" -v n="$nb" -v r=$rate \
      'BEGIN { printf "%s,%s,%s,%.4f,%.4f\n", f, k, w, s / r, (s + n) / r }' >> "$out/streams.csv"
  done
  i=$((i + 1))
done
echo "kws_testset: $(($(wc -l < "$out/clips.csv") - 1)) clips, $(($(wc -l < "$out/streams.csv") - 1)) streams in $out"
