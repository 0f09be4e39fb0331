// The GEMM output stage's requantization (mote::gemm::requantize and, with
// per-channel constants, requantize_pre: SMLAL-based forms on the M4) against the reference helper
// (multiply_by_quantized_multiplier) on every shift the reference allows,
// the extreme sums, the rounding ties and their neighbours at each shift,
// and multipliers at both ends of the Q31 range; then `cases` random ones.
#include "equivalence.h"
#include "mote/fixed_point.h"
#include "mote/kernels/optimized/gemm_row.h"
#include "random_cases.h"

namespace {

// Both forms: requantize, and for right shifts requantize_pre with the
// constants lowering stores (requant.h).
int mismatch(int32_t acc, int32_t multiplier, int32_t shift) {
  const int32_t expected = mote::multiply_by_quantized_multiplier(acc, multiplier, shift);
  int failed = mote::gemm::requantize(acc, multiplier, shift) != expected ? 1 : 0;
  if (shift < 0) {
    int32_t words[MOTE_REQUANT_WORDS];
    if (mote_requant_make(multiplier, shift, 0, words) == 0 ||
        mote::gemm::requantize_pre(acc, words) != expected) {
      failed = 1;
    }
    // The output offset folded in, where it folds (requant.h).
    const int32_t offset = static_cast<int32_t>(static_cast<uint32_t>(acc) % 256) - 128;
    if (mote_requant_make(multiplier, shift, offset, words) != 0 &&
        mote::gemm::requantize_pre(acc, words) != mote::wrapping_add(expected, offset)) {
      failed = 1;
    }
  }
  return failed;
}

}  // namespace

extern "C" int mote_equiv_requantize(uint32_t seed, int cases) {
  const int32_t multipliers[] = {0, 1, 1 << 30, (1 << 30) + 1, 0x5a827999, INT32_MAX - 1,
                                 INT32_MAX};
  const int32_t extremes[] = {INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX - 1, INT32_MAX};
  int mismatches = 0;
  for (int32_t shift = -31; shift <= 31; ++shift) {
    for (const int32_t multiplier : multipliers) {
      for (const int32_t acc : extremes) mismatches += mismatch(acc, multiplier, shift);
      // Sums whose product lands on, just below and just above a tie.
      for (int32_t bit = 0; bit <= 30; ++bit) {
        const int32_t tie = static_cast<int32_t>(1) << bit;
        const int32_t near[] = {tie, tie - 1, tie + 1, -tie, -tie - 1, -tie + 1};
        for (const int32_t acc : near) mismatches += mismatch(acc, multiplier, shift);
      }
    }
  }
  mote::equiv::Random rng(seed);
  for (int i = 0; i < cases; ++i) {
    const int32_t acc = static_cast<int32_t>(rng.next());
    const int32_t multiplier = static_cast<int32_t>(rng.next() >> 1);  // [0, 2^31)
    mismatches += mismatch(acc, multiplier, rng.range(-31, 31));
  }
  return mismatches;
}
