// The kernel lowering picks for a one-op model (the optimized-kernel tests).
#pragma once

#include <gtest/gtest.h>

#include "compiler/plan/lower.h"

namespace mote::test {

inline mote_kernel_id lowered_kernel(const ir::Model& model, plan::KernelSet kernels) {
  const plan::Program program = plan::lower(model, kernels);
  EXPECT_EQ(program.steps.size(), 1u);
  return program.steps.at(0).kernel;
}

}  // namespace mote::test
