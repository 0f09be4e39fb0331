/* Equivalence firmware for qemu-m4: runs every family's randomized
 * optimized-vs-reference cases (equivalence.h) with the Cortex-M4 DSP paths
 * and exits with the number of mismatching cases (0: all byte-identical).
 * Built and run by tests/models/optimized_equivalence_qemu_test.cc, which compiles
 * tests/equivalence/*.cc, runtime/kernels/{reference,optimized}/*.cc and the
 * qemu-m4 board files.
 *
 * ADDING A FAMILY (part B: depthwise, pooling, add, softmax): declare
 * `int mote_equiv_<family>(uint32_t seed, int cases);` in equivalence.h,
 * define it in tests/equivalence/<family>_cases.cc, and add ONE line to
 * kFamilies below. */
#include <stdint.h>

#include "equivalence.h"
#include "semihost.h"

typedef struct family {
  const char* name;
  int (*run)(uint32_t seed, int cases);
  int cases;
} family;

static const family kFamilies[] = {
    {"conv", mote_equiv_conv, 150},
    {"fully_connected", mote_equiv_fully_connected, 150},
    {"depthwise", mote_equiv_depthwise, 150},
    {"add", mote_equiv_add, 100},
    {"pool", mote_equiv_pool, 150},
    {"requantize", mote_equiv_requantize, 20000},
};

static void print_count(const char* name, int mismatches) {
  char digits[12];
  int n = 0;
  unsigned value = (unsigned)mismatches;
  do {
    digits[n++] = (char)('0' + value % 10);
    value /= 10;
  } while (value > 0);
  char line[64];
  int p = 0;
  while (*name && p < 40) line[p++] = *name++;
  const char* sep = ": mismatches ";
  while (*sep) line[p++] = *sep++;
  while (n > 0) line[p++] = digits[--n];
  line[p++] = '\n';
  line[p] = '\0';
  semihost_print(line);
}

int main(void) {
  int total = 0;
  for (unsigned i = 0; i < sizeof(kFamilies) / sizeof(kFamilies[0]); ++i) {
    const int mismatches = kFamilies[i].run(7u + i, kFamilies[i].cases);
    print_count(kFamilies[i].name, mismatches);
    total += mismatches;
  }
  return total > 250 ? 250 : total;
}
