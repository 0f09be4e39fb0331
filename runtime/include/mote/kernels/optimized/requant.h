/* Per-channel requantization constants of the optimized int8 kernels,
 * computed at compile time so that an output pays only for the product,
 * the sign term and one shift (mote::gemm::requantize_pre, gemm_row.h).
 * For a right shift r >= 1 (shift = -r) multiply_by_quantized_multiplier is
 * floor((acc * m + 2^30 + 2^(30+r) - 2^31 [acc < 0]) / 2^(31+r)): the
 * rounding constant 2^30 + 2^(30+r) is stored as its two 32-bit words, and
 * the high word of the sum shifted right by r - 1 is the result.
 * Per channel MOTE_REQUANT_WORDS int32 words (16 bytes of flash):
 * multiplier, r - 1, low word, high word of the rounding constant. Only for
 * layers whose shifts are all negative (mote_requant_applies); otherwise
 * the kernels take NULL and read the multiplier and shift arrays. */
#ifndef MOTE_KERNELS_OPTIMIZED_REQUANT_H
#define MOTE_KERNELS_OPTIMIZED_REQUANT_H

#include <stdint.h>

#define MOTE_REQUANT_WORDS 4

/* 1 if every shift is a right shift of 1..31 (the precomputed form holds). */
static inline int mote_requant_applies(const int32_t* shift, int32_t channels) {
  for (int32_t c = 0; c < channels; ++c) {
    if (shift[c] >= 0 || shift[c] < -31) return 0;
  }
  return 1;
}

/* The MOTE_REQUANT_WORDS words of one channel (shift in [-31, -1]). */
static inline void mote_requant_make(int32_t multiplier, int32_t shift, int32_t* words) {
  const uint64_t round = ((uint64_t)1 << 30) + ((uint64_t)1 << (30 - shift));
  words[0] = multiplier;
  words[1] = -shift - 1;
  words[2] = (int32_t)(uint32_t)round;
  words[3] = (int32_t)(uint32_t)(round >> 32);
}

/* The GEMM kernels also take a table where some channels shift left (shift
 * s >= 0; lowering's add_requant with left shifts allowed): such a channel's
 * words are {multiplier, 0x80000000 | s, 2^30, 0} (requantize's left-shift
 * form: floor((wrap(acc << s) * multiplier + 2^30) / 2^31)). The depthwise
 * kernel never gets one. */
static inline void mote_requant_make_any(int32_t multiplier, int32_t shift, int32_t* words) {
  if (shift < 0) {
    mote_requant_make(multiplier, shift, words);
    return;
  }
  words[0] = multiplier;
  words[1] = (int32_t)(0x80000000u | (uint32_t)shift);
  words[2] = 0x40000000;
  words[3] = 0;
}

/* 1 if a channel of the table shifts left. */
static inline int mote_requant_has_left(const int32_t* table, int32_t channels) {
  for (int32_t c = 0; c < channels; ++c) {
    if (table[MOTE_REQUANT_WORDS * c + 1] < 0) return 1;
  }
  return 0;
}

#endif
