# Sourced by the bench scripts (after they set `root` and `build`): where the
# MLPerf Tiny models and the CLI are.

# NAME... -> one path per line, in ../shared/models/mlperf_tiny (MOTE_MODELS_DIR).
mlperf_models() {
  local dir=${MOTE_MODELS_DIR:-$root/../shared/models}/mlperf_tiny name
  for name; do printf '%s\n' "$dir/$name.tflite"; done
}

require_mote() {
  [ -x "$build/mote" ] || { echo "$build/mote not found: build first (scripts/build.sh)" >&2; exit 3; }
}
