// The optimized int8 DEPTHWISE_CONV_2D: byte-identical to the reference over
// random cases (tests/equivalence/depthwise_cases.cc, also run on the
// Cortex-M4), and chosen by lowering exactly when its preconditions hold.
#include <gtest/gtest.h>

#include "conv_test_model.h"
#include "equivalence/equivalence.h"
#include "lowered_kernel.h"
#include "mote/kernels/optimized/depthwise_conv2d.h"
#include "mote/kernels/optimized/gemm.h"

namespace mote {
namespace {

using conv_test::ModelBuilder;
using test::lowered_kernel;
using conv_test::per_channel;
using conv_test::per_tensor;
using ir::DType;

void expect_random_cases_match() {
  for (uint32_t seed : {1u, 2u, 3u, 4u}) {
    EXPECT_EQ(mote_equiv_depthwise(seed, 150), 0) << "seed " << seed;
  }
}

TEST(OptimizedDepthwise, MatchesReferenceOnRandomCases) { expect_random_cases_match(); }

#if defined(__x86_64__)
// The x86-64 output stages (the kernel follows the GEMM's host-path choice):
// scalar with SSE2 sums, and AVX2's four outputs at once.
TEST(OptimizedDepthwise, Sse2PathMatchesReference) {
  mote_gemm_force_host_path(MOTE_GEMM_HOST_SSE2);
  expect_random_cases_match();
  mote_gemm_force_host_path(MOTE_GEMM_HOST_AUTO);
}

TEST(OptimizedDepthwise, Avx2PathMatchesReference) {
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "this CPU has no AVX2";
  mote_gemm_force_host_path(MOTE_GEMM_HOST_AVX2);
  expect_random_cases_match();
  mote_gemm_force_host_path(MOTE_GEMM_HOST_AUTO);
}
#endif

// An 8-channel 3x3 SAME depthwise conv with the given depth multiplier.
std::unique_ptr<ir::Model> depthwise_model(int depth_multiplier, int32_t bias_value = 100) {
  const int in_depth = 8 / depth_multiplier;
  ModelBuilder b;
  const int in = b.tensor("in", DType::kInt8, {1, 6, 5, in_depth}, per_tensor(0.5f, 3));
  std::vector<int8_t> weights(9 * 8);
  for (size_t i = 0; i < weights.size(); ++i) weights[i] = static_cast<int8_t>(i * 37 % 255 - 127);
  const int w = b.constant("w", DType::kInt8, {1, 3, 3, 8}, weights,
                           per_channel(std::vector<float>(8, 0.02f), 3));
  const int bias = b.constant("b", DType::kInt32, {8}, std::vector<int32_t>(8, bias_value));
  const int out = b.tensor("out", DType::kInt8, {1, 6, 5, 8}, per_tensor(0.25f, -5));
  ir::DepthwiseConv2DOptions o;
  o.padding = ir::Padding::kSame;
  o.depth_multiplier = depth_multiplier;
  b.op(ir::OpType::kDepthwiseConv2D, {in, w, bias}, {out}, o);
  b.io({in}, {out});
  return b.build();
}

TEST(OptimizedDepthwise, ChosenForDepthMultiplierOne) {
  auto model = depthwise_model(1);
  EXPECT_EQ(lowered_kernel(*model, plan::KernelSet::kOptimized), MOTE_K_DEPTHWISE_CONV2D_S8_OPT);
  EXPECT_EQ(lowered_kernel(*model, plan::KernelSet::kReference), MOTE_K_DEPTHWISE_CONV2D_S8);
}

// The output-stage table operand (16 B per channel, header's layout) when
// the layer's numbers allow it: scale 0.5 * 0.02 / 0.25 = 0.64 * 2^-4 (r 4),
// output offset -5, so K = 2^3 - 5 * 2^4; the biases and the packed filter
// doubled. Neither when the bias leaves no room for the doubled sums
// (|acc| < 2^30).
TEST(OptimizedDepthwise, LoweringAddsTheOutputStageTableWhenItsBoundsHold) {
  auto model = depthwise_model(1);
  const plan::Program program = plan::lower(*model, plan::KernelSet::kOptimized);
  const plan::Operand& table = program.steps.at(0).operands.at(5);
  ASSERT_EQ(table.kind, plan::Operand::Kind::kConstant);
  EXPECT_EQ(table.bytes, 8u * MOTE_DW_TABLE_WORDS * sizeof(int32_t));
  const int32_t* words = static_cast<const int32_t*>(table.constant);
  for (int group = 0; group < 2; ++group) {
    const int32_t* g = words + 16 * group;
    for (int c = 0; c < 4; ++c) {
      EXPECT_EQ(g[c], 2 * 100) << "doubled bias of channel " << 4 * group + c;
      EXPECT_GE(g[4 + 3 * c], 1 << 30) << "multiplier of channel " << 4 * group + c;
      EXPECT_EQ(g[5 + 3 * c], 8 - 5 * 16) << "K of channel " << 4 * group + c;
      EXPECT_EQ(g[6 + 3 * c], 4) << "r of channel " << 4 * group + c;
    }
  }
  // With the table the packed filter is doubled: channel 0's first tap is
  // weights[0] = -127 (depthwise_model), the low half of the first word.
  auto first_filter_half = [](const plan::Program& p) {
    const void* packed = p.steps.at(0).operands.at(1).constant;
    return static_cast<int16_t>(*static_cast<const int32_t*>(packed));
  };
  EXPECT_EQ(first_filter_half(program), 2 * -127);
  auto large_bias = depthwise_model(1, 1 << 30);
  const plan::Program without = plan::lower(*large_bias, plan::KernelSet::kOptimized);
  EXPECT_EQ(without.steps.at(0).kernel, MOTE_K_DEPTHWISE_CONV2D_S8_OPT);
  EXPECT_EQ(without.steps.at(0).operands.at(5).kind, plan::Operand::Kind::kAbsent);
  EXPECT_EQ(first_filter_half(without), -127);
}

TEST(OptimizedDepthwise, ReferenceForOtherDepthMultipliers) {
  auto model = depthwise_model(2);
  EXPECT_EQ(lowered_kernel(*model, plan::KernelSet::kOptimized), MOTE_K_DEPTHWISE_CONV2D_S8);
}

}  // namespace
}  // namespace mote
