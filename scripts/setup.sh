#!/usr/bin/env bash
# Installs everything Mote needs on Debian 12 (idempotent; needs root or sudo).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache
  libflatbuffers-dev flatbuffers-compiler libcli11-dev nlohmann-json3-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev libssl-dev
  clang libclang-rt-14-dev
  gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
  espeak-ng sox  # keyword-spotting test set (scripts/kws_testset.sh)
  chromium  # renders the memory plan picture (scripts/plan_picture.sh)
  valgrind  # host instruction counts per inference (bench/host_callgrind.sh)
)
# Node.js may come with its own npm (e.g. NodeSource builds); only install
# Debian's when the commands are absent, since the packages conflict.
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
