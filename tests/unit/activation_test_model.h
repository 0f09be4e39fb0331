// Test helpers for the activation-family tests (softmax_test.cc,
// logistic_test.cc, tanh_test.cc, relu_test.cc, leaky_relu_test.cc,
// hard_swish_test.cc, quantize_test.cc, dequantize_test.cc, log_test.cc,
// rsqrt_test.cc): a one-op IR model built in code, lowered, planned and run
// through mote_invoke; and the float helpers the expectations use.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/error.h"
#include "compiler/ir/ir.h"
#include "compiler/plan/executable.h"
#include "mote/plan.h"

namespace mote::activation_test {

inline ir::Quantization quant(float scale, int64_t zero_point) {
  ir::Quantization q;
  q.scale = {scale};
  q.zero_point = {zero_point};
  return q;
}

// One tensor's description for a one-op model.
struct TensorSpec {
  ir::DType dtype = ir::DType::kInt8;
  std::vector<int32_t> shape;
  std::optional<ir::Quantization> quant;
};

// input -> op -> output, both graph tensors (no constants).
inline std::unique_ptr<ir::Model> one_op_model(ir::OpType type, TensorSpec in, TensorSpec out,
                                               ir::Options options = std::monostate{}) {
  auto model = std::make_unique<ir::Model>();
  model->path = "test.tflite";
  ir::Subgraph g;
  for (const TensorSpec* spec : {&in, &out}) {
    ir::Tensor t;
    t.name = spec == &in ? "input" : "output";
    t.dtype = spec->dtype;
    t.shape = spec->shape;
    t.quant = spec->quant;
    g.tensors.push_back(std::move(t));
  }
  ir::Op op;
  op.type = type;
  switch (type) {
    case ir::OpType::kSoftmax: op.builtin_code = 25; break;
    case ir::OpType::kLogistic: op.builtin_code = 14; break;
    case ir::OpType::kTanh: op.builtin_code = 28; break;
    case ir::OpType::kRelu: op.builtin_code = 19; break;
    case ir::OpType::kRelu6: op.builtin_code = 21; break;
    case ir::OpType::kLeakyRelu: op.builtin_code = 98; break;
    case ir::OpType::kHardSwish: op.builtin_code = 117; break;
    case ir::OpType::kQuantize: op.builtin_code = 114; break;
    case ir::OpType::kDequantize: op.builtin_code = 6; break;
    case ir::OpType::kLog: op.builtin_code = 73; break;
    case ir::OpType::kRsqrt: op.builtin_code = 76; break;
    default: break;
  }
  op.inputs = {0};
  op.outputs = {1};
  op.options = std::move(options);
  g.ops.push_back(std::move(op));
  g.inputs = {0};
  g.outputs = {1};
  model->subgraphs.push_back(std::move(g));
  return model;
}

// Lowers, plans and runs `model` on one input; returns output 0 as Out.
template <class Out, class In>
std::vector<Out> run(const ir::Model& model, const std::vector<In>& input) {
  auto exe = plan::Executable::build(model);
  const mote_plan& plan = exe->plan();
  std::vector<uint8_t> storage(plan.arena_bytes + MOTE_ALIGNMENT, 0xA5);
  uint8_t* arena = storage.data();
  arena += (MOTE_ALIGNMENT - reinterpret_cast<uintptr_t>(arena) % MOTE_ALIGNMENT) % MOTE_ALIGNMENT;
  EXPECT_EQ(plan.num_inputs, 1u);
  EXPECT_EQ(plan.inputs[0].bytes, input.size() * sizeof(In));
  std::memcpy(arena + plan.inputs[0].arena_offset, input.data(), input.size() * sizeof(In));
  EXPECT_EQ(mote_invoke(&plan, arena, plan.arena_bytes, nullptr, nullptr), MOTE_OK);
  std::vector<Out> out(plan.outputs[0].bytes / sizeof(Out));
  std::memcpy(out.data(), arena + plan.outputs[0].arena_offset, out.size() * sizeof(Out));
  return out;
}

// The kernel id of the single step `model` lowers to.
inline mote_kernel_id lowered_kernel(const ir::Model& model) {
  auto exe = plan::Executable::build(model);
  EXPECT_EQ(exe->program().steps.size(), 1u);
  return exe->program().steps.at(0).kernel;
}

// The parameter struct of the single step `model` lowers to.
template <class P>
P lowered_params(const ir::Model& model) {
  auto exe = plan::Executable::build(model);
  EXPECT_EQ(exe->program().steps.size(), 1u);
  P p;
  std::memcpy(&p, exe->program().steps.at(0).params, sizeof(P));
  return p;
}

// The message of the Error that lowering `model` throws.
inline std::string lowering_error(const ir::Model& model, ErrorCode expected) {
  try {
    plan::Executable::build(model);
  } catch (const Error& e) {
    EXPECT_EQ(static_cast<int>(e.code()), static_cast<int>(expected)) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "lowering succeeded";
  return {};
}

// All 256 int8 values, -128 .. 127.
inline std::vector<int8_t> all_int8() {
  std::vector<int8_t> v;
  for (int i = -128; i <= 127; ++i) v.push_back(static_cast<int8_t>(i));
  return v;
}

// Clamp of a rounded real to int8 (std::round: half away from zero).
inline int quantize_int8(double real_over_scale, int zero_point) {
  const double q = std::round(real_over_scale) + zero_point;
  return static_cast<int>(q < -128 ? -128 : (q > 127 ? 127 : q));
}

inline uint32_t float_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

}  // namespace mote::activation_test
