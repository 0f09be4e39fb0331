#!/usr/bin/env bash
# Builds Mote's libFuzzer targets (clang, ASan + UBSan) into build-fuzz/ and runs them.
#   scripts/fuzz.sh smoke                each target for a fixed seed and number of runs
#                                        (about a minute each on 2 cores); CI runs this.
#                                        The same amount of work on every run; libFuzzer is
#                                        not fully deterministic even with a fixed seed
#   scripts/fuzz.sh campaign SECONDS [TARGET...]
#                                        each (or each named) target for SECONDS, corpus
#                                        kept in build-fuzz/corpus
# Seeds: real models (../shared/models or $MOTE_MODELS_DIR) sliced into one-op
# models, the regression inputs, and the .npy seeds. A crash leaves its input in
# build-fuzz/artifacts/<target>/; copy it to tests/fuzz/regressions/<target>/
# (model files: regressions/model/) so ctest replays it forever.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-smoke}
seconds=${2:-60}
models=${MOTE_MODELS_DIR:-../shared/models}
out=build-fuzz

CC=clang CXX=clang++ cmake -S . -B "$out" -G Ninja -DMOTE_FUZZ=ON -DMOTE_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$out" fuzz_load_model fuzz_run_model fuzz_npy make_fuzz_seeds

seeds=$out/seeds
mkdir -p "$seeds/model" "$seeds/npy"
"$out/make_fuzz_seeds" "$seeds/model" "$models"/mlperf_tiny/*.tflite >/dev/null
cp tests/fuzz/seeds/npy/* "$seeds/npy/"

# Smoke runs per target: about a minute each on this project's 2-core CI machine.
declare -A smoke_runs=([load_model]=2000000 [run_model]=100000 [npy]=3000000)

run() {  # run TARGET CORPUS_DIR SEED_DIRS...
  local target=$1 corpus=$2
  shift 2
  mkdir -p "$corpus" "$out/artifacts/$target"
  local log=$out/logs/$target.log
  mkdir -p "$out/logs"
  local limit=(-max_total_time="$seconds")
  if [ "$mode" = smoke ]; then limit=(-seed=1 -runs="${smoke_runs[$target]}"); fi
  echo "fuzz: $target ${limit[*]}"
  "$out/fuzz_$target" "$corpus" "$@" "${limit[@]}" -timeout=25 -rss_limit_mb=2048 \
    -max_len=262144 -dict=tests/fuzz/tflite.dict -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$target/" >"$log" 2>&1 || {
    tail -n 60 "$log"
    echo "fuzz: $target FAILED (input in $out/artifacts/$target/)" >&2
    return 1
  }
  grep -E "stat::number_of_executed_units|cov:" "$log" | tail -n 2
}

case $mode in
  smoke)
    corpus_root=$(mktemp -d)
    trap 'rm -rf "$corpus_root"' EXIT
    ;;
  campaign) corpus_root=$out/corpus ;;
  *) echo "usage: scripts/fuzz.sh smoke | campaign SECONDS [TARGET...]" >&2; exit 2 ;;
esac
targets=("${@:3}")
[ ${#targets[@]} -gt 0 ] || targets=(load_model run_model npy)
for target in "${targets[@]}"; do
  case $target in
    load_model | run_model) run "$target" "$corpus_root/$target" "$seeds/model" tests/fuzz/regressions/model ;;
    npy) run npy "$corpus_root/npy" "$seeds/npy" tests/fuzz/regressions/npy ;;
    *) echo "fuzz: unknown target $target" >&2; exit 2 ;;
  esac
done
