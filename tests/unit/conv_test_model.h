// Test helpers for the conv-family tests (conv2d_test.cc,
// depthwise_conv2d_test.cc, fully_connected_test.cc): build a one-op IR
// model in code, lower and plan it, run it through mote_invoke.
#pragma once

#include <gtest/gtest.h>

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

namespace mote::conv_test {

inline ir::Quantization per_tensor(float scale, int64_t zero_point) {
  ir::Quantization q;
  q.scale = {scale};
  q.zero_point = {zero_point};
  return q;
}

inline ir::Quantization per_channel(std::vector<float> scales, int axis) {
  ir::Quantization q;
  q.zero_point.assign(scales.size(), 0);
  q.scale = std::move(scales);
  q.axis = axis;
  return q;
}

// Builds subgraph 0 of an ir::Model: tensors (constant ones carry data), one
// or more ops, graph inputs/outputs.
class ModelBuilder {
 public:
  int tensor(const std::string& name, ir::DType dtype, std::vector<int32_t> shape,
             std::optional<ir::Quantization> quant = std::nullopt) {
    ir::Tensor t;
    t.name = name;
    t.dtype = dtype;
    t.shape = std::move(shape);
    t.quant = std::move(quant);
    graph_.tensors.push_back(std::move(t));
    constants_.emplace_back();
    return static_cast<int>(graph_.tensors.size()) - 1;
  }

  template <class T>
  int constant(const std::string& name, ir::DType dtype, std::vector<int32_t> shape,
               const std::vector<T>& values,
               std::optional<ir::Quantization> quant = std::nullopt) {
    const int t = tensor(name, dtype, std::move(shape), std::move(quant));
    std::vector<uint8_t>& bytes = constants_[t];
    bytes.resize(values.size() * sizeof(T));
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return t;
  }

  void op(ir::OpType type, std::vector<int> inputs, std::vector<int> outputs,
          ir::Options options) {
    ir::Op o;
    o.type = type;
    o.inputs = std::move(inputs);
    o.outputs = std::move(outputs);
    o.options = std::move(options);
    switch (type) {
      case ir::OpType::kConv2D: o.builtin_code = 3; break;
      case ir::OpType::kDepthwiseConv2D: o.builtin_code = 4; break;
      case ir::OpType::kFullyConnected: o.builtin_code = 9; break;
      default: break;
    }
    graph_.ops.push_back(std::move(o));
  }

  void io(std::vector<int> inputs, std::vector<int> outputs) {
    graph_.inputs = std::move(inputs);
    graph_.outputs = std::move(outputs);
  }

  // Lays the constants out in Model::bytes (16-byte aligned) and points the
  // tensors at them.
  std::unique_ptr<ir::Model> build() {
    auto model = std::make_unique<ir::Model>();
    model->path = "test.tflite";
    std::vector<size_t> offsets(constants_.size(), 0);
    size_t total = 0;
    for (size_t i = 0; i < constants_.size(); ++i) {
      offsets[i] = total;
      total += (constants_[i].size() + 15) / 16 * 16;
    }
    model->bytes.resize(total);
    for (size_t i = 0; i < constants_.size(); ++i) {
      if (constants_[i].empty()) continue;
      std::memcpy(model->bytes.data() + offsets[i], constants_[i].data(), constants_[i].size());
      graph_.tensors[i].data =
          std::span<const uint8_t>(model->bytes.data() + offsets[i], constants_[i].size());
    }
    model->subgraphs.push_back(graph_);
    return model;
  }

 private:
  ir::Subgraph graph_;
  std::vector<std::vector<uint8_t>> constants_;
};

// Lowers, plans and runs `model` on one input; returns output 0 as T.
template <class Out, class In>
std::vector<Out> run(const ir::Model& model, const std::vector<In>& input) {
  auto exe = plan::Executable::build(model);
  const mote_plan& plan = exe->plan();
  std::vector<uint8_t> storage(plan.arena_bytes + MOTE_ALIGNMENT, 0xA5);  // junk scratch
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

// The message of the Error that lowering `model` throws (fails the test if
// none is thrown or the code differs).
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

}  // namespace mote::conv_test
