#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: the normal build, then the
# same suite under AddressSanitizer + UndefinedBehaviorSanitizer, then a short
# fixed-seed libFuzzer smoke of every fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/oracle_setup.sh
scripts/build.sh build
ctest --test-dir build --output-on-failure -j2
scripts/build.sh build-asan -DMOTE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j2
scripts/fuzz.sh smoke
