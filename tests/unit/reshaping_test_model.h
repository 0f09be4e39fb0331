// Test helpers for the reshaping-family tests (concatenation_test.cc,
// pad_test.cc, transpose_test.cc, strided_slice_test.cc,
// batch_matmul_test.cc): build a small IR model in code, lower and plan it,
// run it through mote_invoke with any number of graph inputs.
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

namespace mote::reshaping_test {

inline ir::Quantization per_tensor(float scale, int64_t zero_point) {
  ir::Quantization q;
  q.scale = {scale};
  q.zero_point = {zero_point};
  return q;
}

// TFLite's builtin code of an op type (for error messages).
inline int32_t builtin_code(ir::OpType type) {
  switch (type) {
#define MOTE_TEST_OP_CODE(name, code, str) \
  case ir::OpType::name: return code;
    MOTE_IR_OPS(MOTE_TEST_OP_CODE)
#undef MOTE_TEST_OP_CODE
    default: return -1;
  }
}

template <class T>
std::vector<uint8_t> bytes_of(const std::vector<T>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(T));
  if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// Builds subgraph 0 of an ir::Model: tensors (constant ones carry data), ops,
// graph inputs/outputs.
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
    constants_[t] = bytes_of(values);
    return t;
  }

  void op(ir::OpType type, std::vector<int> inputs, std::vector<int> outputs,
          ir::Options options = {}) {
    ir::Op o;
    o.type = type;
    o.builtin_code = builtin_code(type);
    o.inputs = std::move(inputs);
    o.outputs = std::move(outputs);
    o.options = std::move(options);
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

// Lowers, plans and runs `model`; `inputs` are the graph inputs' bytes in
// order. Returns output 0 as Out.
template <class Out>
std::vector<Out> run(const ir::Model& model, const std::vector<std::vector<uint8_t>>& inputs) {
  auto exe = plan::Executable::build(model);
  const mote_plan& plan = exe->plan();
  std::vector<uint8_t> storage(plan.arena_bytes + MOTE_ALIGNMENT, 0xA5);  // junk
  uint8_t* arena = storage.data();
  arena += (MOTE_ALIGNMENT - reinterpret_cast<uintptr_t>(arena) % MOTE_ALIGNMENT) % MOTE_ALIGNMENT;
  EXPECT_EQ(plan.num_inputs, inputs.size());
  for (size_t i = 0; i < inputs.size() && i < plan.num_inputs; ++i) {
    EXPECT_EQ(plan.inputs[i].bytes, inputs[i].size()) << "input " << i;
    if (!inputs[i].empty()) {
      std::memcpy(arena + plan.inputs[i].arena_offset, inputs[i].data(), inputs[i].size());
    }
  }
  EXPECT_EQ(mote_invoke(&plan, arena, plan.arena_bytes, nullptr, nullptr), MOTE_OK);
  std::vector<Out> out(plan.outputs[0].bytes / sizeof(Out));
  if (!out.empty()) {
    std::memcpy(out.data(), arena + plan.outputs[0].arena_offset, out.size() * sizeof(Out));
  }
  return out;
}

// One graph input.
template <class Out, class In>
std::vector<Out> run1(const ir::Model& model, const std::vector<In>& input) {
  return run<Out>(model, {bytes_of(input)});
}

// The message of the Error that building `model` throws (fails the test if
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

// 0, 1, 2, ... as T.
template <class T>
std::vector<T> iota(int n) {
  std::vector<T> v(n);
  for (int i = 0; i < n; ++i) v[i] = static_cast<T>(i);
  return v;
}

}  // namespace mote::reshaping_test
