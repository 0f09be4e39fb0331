// Test helpers for the elementwise-family tests (add_test.cc, sub_test.cc,
// mul_test.cc, maximum_minimum_test.cc, pooling_test.cc, mean_test.cc,
// reduce_max_test.cc): build a small IR model in code, lower, plan and run it
// through mote_invoke with any number of graph inputs; cut one op out of a
// real .tflite model and check it against TFLite Micro's per-layer goldens.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/error.h"
#include "compiler/ir/ir.h"
#include "compiler/plan/executable.h"
#include "compiler/tflite/reader.h"
#include "mote/plan.h"

namespace mote::elementwise_test {

inline ir::Quantization per_tensor(float scale, int64_t zero_point) {
  ir::Quantization q;
  q.scale = {scale};
  q.zero_point = {zero_point};
  return q;
}

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

// Lowers, plans and runs `model` on its graph inputs (raw bytes, in graph
// input order); returns output 0 as T. The arena starts filled with junk.
template <class T>
std::vector<T> run(const ir::Model& model, const std::vector<std::vector<uint8_t>>& inputs) {
  auto exe = plan::Executable::build(model);
  const mote_plan& plan = exe->plan();
  std::vector<uint8_t> storage(plan.arena_bytes + MOTE_ALIGNMENT, 0xA5);
  uint8_t* arena = storage.data();
  arena += (MOTE_ALIGNMENT - reinterpret_cast<uintptr_t>(arena) % MOTE_ALIGNMENT) % MOTE_ALIGNMENT;
  EXPECT_EQ(plan.num_inputs, inputs.size());
  for (size_t i = 0; i < inputs.size() && i < plan.num_inputs; ++i) {
    EXPECT_EQ(plan.inputs[i].bytes, inputs[i].size()) << "input " << i;
    if (plan.inputs[i].bytes != inputs[i].size()) return {};
    std::memcpy(arena + plan.inputs[i].arena_offset, inputs[i].data(), inputs[i].size());
  }
  EXPECT_EQ(mote_invoke(&plan, arena, plan.arena_bytes, nullptr, nullptr), MOTE_OK);
  std::vector<T> out(plan.outputs[0].bytes / sizeof(T));
  std::memcpy(out.data(), arena + plan.outputs[0].arena_offset, out.size() * sizeof(T));
  return out;
}

// The parameter struct lowering gave the model's only step.
template <class P>
P step_params(const ir::Model& model) {
  auto exe = plan::Executable::build(model);
  EXPECT_EQ(exe->program().steps.size(), 1u);
  return *static_cast<const P*>(exe->program().steps.at(0).params);
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

// ---- per-layer goldens (../shared/golden, see its README) ----

// The shared directory: $MOTE_SHARED_DIR, or ../shared beside the repository
// (found from this file's path). Empty if absent.
inline std::filesystem::path shared_dir() {
  if (const char* env = std::getenv("MOTE_SHARED_DIR")) return env;
  const std::filesystem::path guess = std::filesystem::path(MOTE_SOURCE_DIR) / ".." / "shared";
  if (std::filesystem::exists(guess / "golden")) return std::filesystem::canonical(guess);
  return {};
}

// Skips the test (fails it when CI is set) if the shared models are absent.
#define MOTE_REQUIRE_SHARED_DIR(dir)                                        \
  const std::filesystem::path dir = ::mote::elementwise_test::shared_dir(); \
  if (dir.empty()) {                                                        \
    if (std::getenv("CI") != nullptr) FAIL() << "../shared is missing";     \
    GTEST_SKIP() << "../shared is missing";                                 \
  }

inline std::vector<uint8_t> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// The golden file holding tensor `t` in `dir` (L<k>_t<t>.bin), or empty.
inline std::filesystem::path golden_for_tensor(const std::filesystem::path& dir, int t) {
  const std::string suffix = "_t" + std::to_string(t) + ".bin";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return entry.path();
    }
  }
  return {};
}

// Op `op_index` of `source`'s main graph as a model of its own: its
// non-constant inputs become graph inputs (in op input order), its outputs
// graph outputs; constants keep their data (Model::bytes is copied).
inline std::unique_ptr<ir::Model> extract_op(const ir::Model& source, int op_index) {
  auto model = std::make_unique<ir::Model>();
  model->path = source.path;
  model->bytes = source.bytes;
  const ir::Subgraph& g = source.subgraphs.at(0);
  const ir::Op& op = g.ops.at(op_index);
  ir::Subgraph sub;
  std::map<int, int> remap;
  auto add = [&](int t) {
    if (t < 0) return t;
    auto it = remap.find(t);
    if (it != remap.end()) return it->second;
    ir::Tensor copy = g.tensors.at(t);
    if (copy.is_constant()) {
      const size_t offset = static_cast<size_t>(copy.data.data() - source.bytes.data());
      copy.data = std::span<const uint8_t>(model->bytes.data() + offset, copy.data.size());
    }
    sub.tensors.push_back(std::move(copy));
    const int index = static_cast<int>(sub.tensors.size()) - 1;
    remap[t] = index;
    return index;
  };
  ir::Op copy = op;
  for (int& t : copy.inputs) {
    t = add(t);
    if (t >= 0 && !sub.tensors[t].is_constant()) sub.inputs.push_back(t);
  }
  for (int& t : copy.outputs) {
    t = add(t);
    sub.outputs.push_back(t);
  }
  sub.ops.push_back(std::move(copy));
  model->subgraphs.push_back(std::move(sub));
  return model;
}

// Runs op `op_index` of shared/models/mlperf_tiny/<model_name>.tflite on the
// goldens of its inputs (shared/golden/<model_name>/<input_set>/) and
// expects the golden of its output, byte for byte.
inline void expect_layer_matches_golden(const std::filesystem::path& shared,
                                        const std::string& model_name,
                                        const std::string& input_set, int op_index) {
  SCOPED_TRACE(model_name + " op " + std::to_string(op_index) + " (" + input_set + ")");
  const ir::Model source =
      tflite::load_model((shared / "models" / "mlperf_tiny" / (model_name + ".tflite")).string());
  const std::filesystem::path dir = shared / "golden" / model_name / input_set;
  const ir::Op& op = source.subgraphs.at(0).ops.at(op_index);
  std::vector<std::vector<uint8_t>> inputs;
  for (int t : op.inputs) {
    if (t < 0 || source.subgraphs[0].tensors[t].is_constant()) continue;
    const std::filesystem::path file = golden_for_tensor(dir, t);
    ASSERT_FALSE(file.empty()) << "no golden for input tensor " << t << " in " << dir;
    inputs.push_back(read_bytes(file));
  }
  const std::filesystem::path expected_file = golden_for_tensor(dir, op.outputs.at(0));
  ASSERT_FALSE(expected_file.empty()) << "no golden for output tensor " << op.outputs[0];
  const std::vector<uint8_t> expected = read_bytes(expected_file);
  const auto layer = extract_op(source, op_index);
  const std::vector<uint8_t> actual = run<uint8_t>(*layer, inputs);
  ASSERT_EQ(actual.size(), expected.size());
  size_t mismatches = 0;
  size_t first = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    if (actual[i] != expected[i] && mismatches++ == 0) first = i;
  }
  EXPECT_EQ(mismatches, 0u) << "first at byte " << first << ": got "
                            << int(static_cast<int8_t>(actual[first])) << ", golden "
                            << int(static_cast<int8_t>(expected[first]));
}

}  // namespace mote::elementwise_test
