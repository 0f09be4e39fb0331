#!/usr/bin/env bash
# Compiles the audio front end for a Cortex-M4F with no include path but the
# compiler's freestanding headers and the runtime's: device code like runtime/.
set -euo pipefail
src=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
gcc_include=$(arm-none-eabi-gcc -print-file-name=include)
flags=(-std=c++17 -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard -O2
       -ffreestanding -nostdinc -isystem "$gcc_include" -I "$src/frontend/include"
       -I "$src/runtime/include" -fno-exceptions -fno-rtti -fno-threadsafe-statics
       -Wall -Wextra -Werror -Wdouble-promotion)
n=0
for f in "$src"/frontend/src/*.cc; do
  arm-none-eabi-g++ "${flags[@]}" -c "$f" -o "$out/$(basename "$f").o"
  n=$((n + 1))
done
echo "compiled $n frontend sources for cortex-m4 with freestanding headers only"
