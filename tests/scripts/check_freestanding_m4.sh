#!/usr/bin/env bash
# Compiles every runtime source for a Cortex-M4F with no include path but the
# compiler's own freestanding headers: device code may depend on nothing else.
set -euo pipefail
src=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc=arm-none-eabi-g++
gcc_include=$(arm-none-eabi-gcc -print-file-name=include)
flags=(-std=c++17 -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard -O2
       -ffreestanding -nostdinc -isystem "$gcc_include" -I "$src/runtime/include"
       -fno-exceptions -fno-rtti -fno-threadsafe-statics -Wall -Wextra -Werror -Wdouble-promotion)
n=0
for f in "$src"/runtime/src/*.cc "$src"/runtime/kernels/reference/*.cc "$src"/runtime/kernels/optimized/*.cc; do
  [ -e "$f" ] || continue
  "$cc" "${flags[@]}" -c "$f" -o "$out/$(basename "$f").o"
  n=$((n + 1))
done
echo "compiled $n runtime sources for cortex-m4 with freestanding headers only"
