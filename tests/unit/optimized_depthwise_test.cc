// The optimized int8 DEPTHWISE_CONV_2D: byte-identical to the reference over
// random cases (tests/equivalence/depthwise_cases.cc, also run on the
// Cortex-M4), and chosen by lowering exactly when its preconditions hold.
#include <gtest/gtest.h>

#include "conv_test_model.h"
#include "equivalence/equivalence.h"
#include "lowered_kernel.h"
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
std::unique_ptr<ir::Model> depthwise_model(int depth_multiplier) {
  const int in_depth = 8 / depth_multiplier;
  ModelBuilder b;
  const int in = b.tensor("in", DType::kInt8, {1, 6, 5, in_depth}, per_tensor(0.5f, 3));
  std::vector<int8_t> weights(9 * 8);
  for (size_t i = 0; i < weights.size(); ++i) weights[i] = static_cast<int8_t>(i * 37 % 255 - 127);
  const int w = b.constant("w", DType::kInt8, {1, 3, 3, 8}, weights,
                           per_channel(std::vector<float>(8, 0.02f), 3));
  const int bias = b.constant("b", DType::kInt32, {8}, std::vector<int32_t>(8, 100));
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

TEST(OptimizedDepthwise, ReferenceForOtherDepthMultipliers) {
  auto model = depthwise_model(2);
  EXPECT_EQ(lowered_kernel(*model, plan::KernelSet::kOptimized), MOTE_K_DEPTHWISE_CONV2D_S8);
}

}  // namespace
}  // namespace mote
