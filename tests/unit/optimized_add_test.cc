// The optimized int8 ADD: byte-identical to the reference over random cases
// (tests/equivalence/add_cases.cc, also run on the Cortex-M4), chosen by
// lowering only when neither input is broadcast.
#include <gtest/gtest.h>

#include "conv_test_model.h"
#include "equivalence/equivalence.h"
#include "lowered_kernel.h"

namespace mote {
namespace {

using conv_test::ModelBuilder;
using test::lowered_kernel;
using conv_test::per_tensor;
using ir::DType;

TEST(OptimizedAdd, MatchesReferenceOnRandomCases) {
  for (uint32_t seed : {1u, 2u, 3u}) EXPECT_EQ(mote_equiv_add(seed, 100), 0) << "seed " << seed;
}

std::unique_ptr<ir::Model> add_model(std::vector<int32_t> shape2) {
  ModelBuilder b;
  const int in1 = b.tensor("in1", DType::kInt8, {1, 4, 4, 8}, per_tensor(0.5f, 3));
  const int in2 = b.tensor("in2", DType::kInt8, std::move(shape2), per_tensor(0.25f, -7));
  const int out = b.tensor("out", DType::kInt8, {1, 4, 4, 8}, per_tensor(0.75f, 1));
  b.op(ir::OpType::kAdd, {in1, in2}, {out}, ir::ActivationOptions{});
  b.io({in1, in2}, {out});
  return b.build();
}

TEST(OptimizedAdd, ChosenWithoutBroadcasting) {
  auto model = add_model({1, 4, 4, 8});
  EXPECT_EQ(lowered_kernel(*model, plan::KernelSet::kOptimized), MOTE_K_ADD_S8_OPT);
  EXPECT_EQ(lowered_kernel(*model, plan::KernelSet::kReference), MOTE_K_ADD_S8);
}

TEST(OptimizedAdd, ReferenceWhenBroadcasting) {
  auto model = add_model({1, 1, 1, 8});
  EXPECT_EQ(lowered_kernel(*model, plan::KernelSet::kOptimized), MOTE_K_ADD_S8);
}

}  // namespace
}  // namespace mote
