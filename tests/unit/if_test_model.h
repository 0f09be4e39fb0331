// The hand-built IF model shared by the IF lowering and `mote compile` tests:
// main: a[1], x[4] -> y[4] = IF(a >= 0, x, W) with then = x + W (W a
// constant of the parent passed in as an IF operand), else = x * x.
#pragma once

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace mote::if_test {

inline int add_tensor(ir::Subgraph& g, ir::DType dtype, std::vector<int32_t> shape) {
  ir::Tensor t;
  t.name = "t" + std::to_string(g.tensors.size());
  t.dtype = dtype;
  t.shape = std::move(shape);
  g.tensors.push_back(t);
  return static_cast<int>(g.tensors.size()) - 1;
}

inline void add_op(ir::Subgraph& g, ir::OpType type, std::vector<int> inputs, std::vector<int> outputs,
            ir::Options options = {}) {
  ir::Op op;
  op.type = type;
  op.builtin_code = type == ir::OpType::kIf ? 118 : 0;
  op.inputs = std::move(inputs);
  op.outputs = std::move(outputs);
  op.options = std::move(options);
  g.ops.push_back(op);
}

// A branch subgraph (x[4], w[4]) -> z[4] with one binary op.
inline ir::Subgraph branch(ir::OpType type, bool uses_w) {
  ir::Subgraph g;
  const int x = add_tensor(g, ir::DType::kFloat32, {4});
  const int w = add_tensor(g, ir::DType::kFloat32, {4});
  const int z = add_tensor(g, ir::DType::kFloat32, {4});
  add_op(g, type, {x, uses_w ? w : x}, {z});
  g.inputs = {x, w};
  g.outputs = {z};
  return g;
}

struct IfModel {
  ir::Model model;
  std::vector<float> weights = {10.0f, 20.0f, 30.0f, 40.0f};
};

// main: a[1], x[4] -> y[4] = IF(a >= 0, x, W) with then = x + W, else = x * x.
inline std::unique_ptr<IfModel> if_model() {
  auto m = std::make_unique<IfModel>();
  ir::Model& model = m->model;
  model.path = "if.tflite";
  // Constant data lives in Model::bytes: the threshold 0, then W.
  model.bytes.resize(16 + 16);
  std::memcpy(model.bytes.data() + 16, m->weights.data(), 16);
  ir::Subgraph main;
  const int a = add_tensor(main, ir::DType::kFloat32, {1});
  const int x = add_tensor(main, ir::DType::kFloat32, {4});
  const int zero = add_tensor(main, ir::DType::kFloat32, {1});
  main.tensors[zero].data = std::span<const uint8_t>(model.bytes.data(), 4);
  const int w = add_tensor(main, ir::DType::kFloat32, {4});
  main.tensors[w].data = std::span<const uint8_t>(model.bytes.data() + 16, 16);
  const int cond = add_tensor(main, ir::DType::kBool, {1});
  const int y = add_tensor(main, ir::DType::kFloat32, {4});
  add_op(main, ir::OpType::kGreaterEqual, {a, zero}, {cond});
  add_op(main, ir::OpType::kIf, {cond, x, w}, {y}, ir::IfOptions{1, 2});
  main.inputs = {a, x};
  main.outputs = {y};
  model.subgraphs.push_back(main);
  model.subgraphs.push_back(branch(ir::OpType::kAdd, true));   // 1: then
  model.subgraphs.push_back(branch(ir::OpType::kMul, false));  // 2: else
  return m;
}

}  // namespace mote::if_test
