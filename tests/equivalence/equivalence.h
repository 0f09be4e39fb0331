/* Randomized equivalence of optimized kernels against the reference ones,
 * byte for byte. Freestanding (static buffers, no libc beyond the compiler's
 * headers): the same cases run in a host gtest (tests/unit/optimized_equivalence_test.cc)
 * and in the qemu-m4 firmware (m4_main.c, tests/models/optimized_equivalence_qemu_test.cc).
 * Each function runs `cases` random cases from `seed` and returns how many
 * produced an output differing from the reference. */
#ifndef MOTE_TESTS_EQUIVALENCE_H
#define MOTE_TESTS_EQUIVALENCE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

int mote_equiv_conv(uint32_t seed, int cases);            /* conv_cases.cc: CONV_2D */
int mote_equiv_fully_connected(uint32_t seed, int cases); /* conv_cases.cc: FULLY_CONNECTED */
int mote_equiv_depthwise(uint32_t seed, int cases);       /* depthwise_cases.cc: DEPTHWISE_CONV_2D */
int mote_equiv_add(uint32_t seed, int cases);             /* add_cases.cc: ADD */
int mote_equiv_pool(uint32_t seed, int cases);            /* pool_cases.cc: AVERAGE/MAX_POOL_2D */
int mote_equiv_requantize(uint32_t seed, int cases);      /* requantize_cases.cc: GEMM output */

#ifdef __cplusplus
}
#endif

#endif
