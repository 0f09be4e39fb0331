// The optimized CONV_2D / FULLY_CONNECTED kernels (host SIMD or portable
// paths) against the reference kernels on random cases, byte for byte
// (tests/equivalence/conv_cases.cc; the same cases run on qemu-m4 in
// tests/models/optimized_equivalence_qemu_test.cc).
#include <gtest/gtest.h>

#include <vector>

#include "equivalence/equivalence.h"
#include "mote/kernels/optimized/gemm.h"
#include "mote/kernels/optimized/gemm_row.h"

namespace {

void expect_conv_and_fc_match() {
  EXPECT_EQ(mote_equiv_conv(1, 400), 0);
  EXPECT_EQ(mote_equiv_conv(2, 400), 0);
  EXPECT_EQ(mote_equiv_fully_connected(1, 400), 0);
}

#if defined(__x86_64__)
// x86-64 hosts pick the inner loop at run time: each is checked here,
// whichever this CPU would pick. Restores the automatic choice on return.
class HostPath {
 public:
  explicit HostPath(mote_gemm_host_path path) { mote_gemm_force_host_path(path); }
  ~HostPath() { mote_gemm_force_host_path(MOTE_GEMM_HOST_AUTO); }
  HostPath(const HostPath&) = delete;
  HostPath& operator=(const HostPath&) = delete;
};

TEST(OptimizedConvFullyConnectedEquivalence, Sse2PathMatchesTheReference) {
  HostPath path(MOTE_GEMM_HOST_SSE2);
  expect_conv_and_fc_match();
}

// The Cortex-M4's two-pixel path over the int16 scratch (its C inner loop).
TEST(OptimizedConvFullyConnectedEquivalence, PairPathMatchesTheReference) {
  HostPath path(MOTE_GEMM_HOST_PAIRS);
  expect_conv_and_fc_match();
}

TEST(OptimizedConvFullyConnectedEquivalence, Avx2PathMatchesTheReference) {
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "this CPU has no AVX2";
  HostPath path(MOTE_GEMM_HOST_AVX2);
  expect_conv_and_fc_match();
}
#endif

TEST(OptimizedConvFullyConnectedEquivalence, DefaultPathMatchesTheReference) {
  expect_conv_and_fc_match();
}

// The packed layout gemm.h documents: blocks of 4 channels (the last one
// zero-padded), per chunk of 4 depths one word per channel in depth order,
// zeros past the row: int8, 8 bytes per (padded) channel for depth 5.
TEST(OptimizedGemmPacking, LayoutIsBlocksOfFourChannelWordsPerChunk) {
  int8_t w[5 * 5];
  for (int c = 0; c < 5; ++c) {
    for (int k = 0; k < 5; ++k) w[c * 5 + k] = static_cast<int8_t>((c % 2 ? -1 : 1) * (10 * c + k));
  }
  std::vector<int8_t> packed(mote_gemm_packed_size(5, 5));
  ASSERT_EQ(packed.size(), 8u * 8u);
  mote_gemm_pack_weights(w, 5, 5, packed.data());
  const std::vector<int8_t> expected = {
      0,  1,  2,  3,  -10, -11, -12, -13, 20, 21, 22, 23, -30, -31, -32, -33,  // ch 0-3, depth 0-3
      4,  0,  0,  0,  -14, 0,   0,   0,   24, 0,  0,  0,  -34, 0,   0,   0,    // depth 4 (+ zeros)
      40, 41, 42, 43, 0,   0,   0,   0,   0,  0,  0,  0,  0,   0,   0,   0,    // ch 4 (+ zero channels)
      44, 0,  0,  0,  0,   0,   0,   0,   0,  0,  0,  0,  0,   0,   0,   0};
  EXPECT_EQ(packed, expected);
}

// A conv filter is padded row by row of the window: filter rows of 3 taps of
// depth 1 become words of [3 taps, 0], one per chunk of the block.
TEST(OptimizedGemmPacking, ConvFilterRowsArePaddedOnTheirOwn) {
  mote_conv_geometry g{};
  g.filter_height = 2;
  g.filter_width = 3;
  g.input_depth = 1;
  g.output_depth = 1;
  const int8_t filter[6] = {1, 2, 3, 4, 5, 6};
  std::vector<int8_t> packed(mote_conv2d_gemm_packed_size(&g));
  ASSERT_EQ(packed.size(), 4u * 8u);
  mote_conv2d_gemm_pack_weights(filter, &g, packed.data());
  std::vector<int8_t> expected(32, 0);  // channels 1-3 are padding
  const int8_t channel0[8] = {1, 2, 3, 0, 4, 5, 6, 0};
  for (int i = 0; i < 8; ++i) expected[i / 4 * 16 + i % 4] = channel0[i];
  EXPECT_EQ(packed, expected);
}

// Folding is exact modulo 2^32, like the accumulators.
TEST(OptimizedGemmPacking, FoldedBiasWrapsLikeTheAccumulator) {
  const int8_t w[3] = {-128, -128, 127};
  const int32_t bias[1] = {INT32_MIN};
  int32_t folded[1];
  mote_gemm_fold_bias(w, bias, 1, 3, 128, folded);
  EXPECT_EQ(folded[0], static_cast<int32_t>(0x80000000u + static_cast<uint32_t>(-129 * 128)));
  mote_gemm_fold_bias(w, nullptr, 1, 3, -5, folded);
  EXPECT_EQ(folded[0], 129 * 5);
}

}  // namespace

namespace {

// The GEMM's shortcut requantization equals the reference arithmetic for
// every multiplier lowering can produce, including rounding ties and the
// extremes of the accumulator.
TEST(OptimizedGemmRequantize, MatchesMultiplyByQuantizedMultiplier) {
  uint32_t state = 12345;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
  };
  const int32_t special[] = {0, 1, -1, 2, -2, INT32_MAX, INT32_MIN, INT32_MIN + 1, 1 << 30,
                             -(1 << 30), 12345, -12345};
  int mismatches = 0;
  for (int i = 0; i < 200000; ++i) {
    const int32_t acc = i < 12 * 40 ? special[i % 12] : static_cast<int32_t>(next());
    const int32_t multiplier = i % 7 == 0   ? 0
                               : i % 5 == 0 ? INT32_MAX
                                            : static_cast<int32_t>((1u << 30) + (next() >> 2));
    const int32_t shift = static_cast<int32_t>(next() % 44) - 31;  // [-31, 12]
    if (mote::gemm::requantize(acc, multiplier, shift) !=
        mote::multiply_by_quantized_multiplier(acc, multiplier, shift)) {
      ++mismatches;
    }
  }
  EXPECT_EQ(mismatches, 0);
}

// Every shift the reference allows on the extreme sums, rounding ties and
// Q31 multipliers at both ends (tests/equivalence/requantize_cases.cc; the
// same cases run on qemu-m4, where the helper takes its SMLAL path).
TEST(OptimizedGemmRequantize, MatchesOnExtremes) {
  EXPECT_EQ(mote_equiv_requantize(3, 200000), 0);
}

}  // namespace
