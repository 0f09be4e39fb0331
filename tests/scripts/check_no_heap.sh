#!/usr/bin/env bash
# Fails if the runtime library references any heap function (malloc family,
# operator new/delete) or C++ exception/RTTI machinery.
set -euo pipefail
lib=$1
forbidden='^(malloc|calloc|realloc|free|aligned_alloc|posix_memalign|_Znw.*|_Zna.*|_Zdl.*|_Zda.*|__cxa_allocate_exception|__cxa_throw|__cxa_guard_acquire|_ZTI.*)$'
undefined=$(nm -u --format=just-symbols "$lib" | sort -u)
bad=$(echo "$undefined" | grep -E "$forbidden" || true)
if [ -n "$bad" ]; then
  echo "runtime library $lib references forbidden symbols:"
  echo "$bad"
  exit 1
fi
echo "$lib: $(echo "$undefined" | grep -c . ) undefined symbols, none from the heap or exceptions"
