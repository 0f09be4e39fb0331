/* Per-channel requantization constants of the optimized GEMM kernels,
 * computed at compile time so that an output pays only for the product,
 * the sign term and one shift (mote::gemm::requantize_pre, gemm_row.h).
 * For a right shift r >= 1 (shift = -r) multiply_by_quantized_multiplier is
 * floor((acc * m + 2^30 + 2^(30+r) - 2^31 [acc < 0]) / 2^(31+r)): the
 * rounding constant 2^30 + 2^(30+r) is stored as its two 32-bit words, and
 * the high word of the sum shifted right by r - 1 is the result. The output
 * offset is folded in as offset * 2^(31+r) (so the result is requantized +
 * offset), where the high word cannot overflow: |offset| * 2^(r-1) < 2^29 - 2
 * (|acc * m| < 2^62 and the constant's high word <= 2^29 leave that much).
 * Per channel MOTE_REQUANT_WORDS int32 words (16 bytes of flash):
 * multiplier, r - 1, low word, high word of the constant. Only for layers
 * whose every channel has them (mote_requant_make succeeds); lowering then
 * passes no multiplier and shift arrays (NULL: the table is all the kernels
 * read). Otherwise the kernels read the arrays. */
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

/* The MOTE_REQUANT_WORDS words of one channel (shift in [-31, -1]) with the
 * output offset folded in; 0 (no words) when the fold could overflow. */
static inline int mote_requant_make(int32_t multiplier, int32_t shift, int32_t offset,
                                    int32_t* words) {
  const int32_t right_1 = -shift - 1;
  const uint64_t magnitude = (uint64_t)(offset < 0 ? -(int64_t)offset : offset);
  if ((magnitude << right_1) >= ((uint64_t)1 << 29) - 2) return 0;
  const uint64_t round = ((uint64_t)1 << 30) + ((uint64_t)1 << (30 - shift)) +
                         ((uint64_t)(int64_t)offset << (32 + right_1));
  words[0] = multiplier;
  words[1] = right_1;
  words[2] = (int32_t)(uint32_t)round;
  words[3] = (int32_t)(uint32_t)(round >> 32);
  return 1;
}

/* Where a channel shifts left or its offset does not fold, the GEMM
 * kernels take an unfolded table (lowering's gemm_quant_operands): every channel's second word has bit 30 set (an ASR or LSL
 * by it still shifts by its low byte) and the offset is not in the
 * constants. A right shift's words are the ones above without the offset;
 * a left shift s >= 0 has {multiplier, 0xC0000000 | s, 2^30, 0}
 * (requantize's left-shift form, floor((wrap(acc << s) * multiplier +
 * 2^30) / 2^31): bits 31..62 of the sum). Only the Cortex-M4 pair
 * assembly reads such a table; the other paths read the arrays. */
#define MOTE_REQUANT_UNFOLDED 0x40000000
static inline void mote_requant_make_unfolded(int32_t multiplier, int32_t shift,
                                              int32_t* words) {
  if (shift < 0) {
    mote_requant_make(multiplier, shift, 0, words);
    words[1] |= MOTE_REQUANT_UNFOLDED;
    return;
  }
  words[0] = multiplier;
  words[1] = (int32_t)(0x80000000u | MOTE_REQUANT_UNFOLDED | (uint32_t)shift);
  words[2] = 0x40000000;
  words[3] = 0;
}

/* 1 if `table` (every channel alike) is unfolded. */
static inline int mote_requant_is_unfolded(const int32_t* table) {
  return (table[1] & MOTE_REQUANT_UNFOLDED) != 0;
}

#endif
