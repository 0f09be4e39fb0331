// The optimized int8 AVERAGE_POOL_2D / MAX_POOL_2D: byte-identical to the
// references over random cases (tests/equivalence/pool_cases.cc, also run on
// the Cortex-M4), and chosen by lowering for every int8 pool.
#include <gtest/gtest.h>

#include "conv_test_model.h"
#include "equivalence/equivalence.h"
#include "lowered_kernel.h"

namespace mote {
namespace {

using conv_test::ModelBuilder;
using conv_test::per_tensor;
using ir::DType;
using test::lowered_kernel;

TEST(OptimizedPool, MatchesReferenceOnRandomCases) {
  for (uint32_t seed : {1u, 2u, 3u}) EXPECT_EQ(mote_equiv_pool(seed, 150), 0) << "seed " << seed;
}

std::unique_ptr<ir::Model> pool_model(ir::OpType type) {
  ModelBuilder b;
  const int in = b.tensor("in", DType::kInt8, {1, 6, 6, 4}, per_tensor(0.5f, 3));
  const int out = b.tensor("out", DType::kInt8, {1, 3, 3, 4}, per_tensor(0.5f, 3));
  ir::Pool2DOptions o;
  o.stride_h = o.stride_w = 2;
  o.filter_h = o.filter_w = 3;
  b.op(type, {in}, {out}, o);
  b.io({in}, {out});
  return b.build();
}

TEST(OptimizedPool, ChosenForInt8Pools) {
  auto average = pool_model(ir::OpType::kAveragePool2D);
  EXPECT_EQ(lowered_kernel(*average, plan::KernelSet::kOptimized), MOTE_K_AVG_POOL2D_S8_OPT);
  EXPECT_EQ(lowered_kernel(*average, plan::KernelSet::kReference), MOTE_K_AVG_POOL2D_S8);
  auto max = pool_model(ir::OpType::kMaxPool2D);
  EXPECT_EQ(lowered_kernel(*max, plan::KernelSet::kOptimized), MOTE_K_MAX_POOL2D_S8_OPT);
  EXPECT_EQ(lowered_kernel(*max, plan::KernelSet::kReference), MOTE_K_MAX_POOL2D_S8);
}

}  // namespace
}  // namespace mote
