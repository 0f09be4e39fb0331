// The quantizer on a hand-built model shaped like openWakeWord's tails:
// two MAXIMUM ops share one floor constant, GREATER_EQUAL compares a LOGISTIC
// score with 0.5 and an IF runs a verifier branch (FULLY_CONNECTED whose
// weights the parent passes in) or passes the score through. Checks the int8
// layout (a floor copy per op, comparison inputs quantized alike, IF kept
// float with int8 branch weights) and that the int8 model follows the float
// one through both branches.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "compiler/ir/model_builder.h"
#include "compiler/quantize/model_runner.h"
#include "compiler/quantize/quantize.h"

namespace mote {
namespace {

using ir::DType;
using ir::OpType;

ir::Tensor tensor(DType dtype, std::vector<int32_t> shape, std::string name) {
  ir::Tensor t;
  t.name = std::move(name);
  t.dtype = dtype;
  t.shape = std::move(shape);
  return t;
}

std::span<const uint8_t> bytes_of(const std::vector<float>& v) {
  return {reinterpret_cast<const uint8_t*>(v.data()), v.size() * 4};
}

void add_op(ir::Subgraph& g, OpType type, int32_t code, std::vector<int> in, std::vector<int> out,
            ir::Options options = {}) {
  ir::Op op;
  op.type = type;
  op.builtin_code = code;
  op.inputs = std::move(in);
  op.outputs = std::move(out);
  op.options = std::move(options);
  g.ops.push_back(std::move(op));
}

// Deterministic weights in [-scale, scale].
std::vector<float> weights(int n, float scale, uint32_t seed) {
  std::vector<float> w(n);
  for (float& x : w) {
    seed = seed * 1103515245u + 12345u;
    x = scale * (float((seed >> 8) & 0xFFFF) / 32767.5f - 1.0f);
  }
  return w;
}

// main: x[1,8] -> FC(4) -> MAXIMUM(floor) -> FC(4, 10x larger) -> MAXIMUM(floor)
//   -> FC(1) -> LOGISTIC p -> IF(p >= 0.5, x, V, p): then LOGISTIC(FC(x, V)), else p.
ir::Model model() {
  ir::ModelBuilder b("tail.tflite");
  const std::vector<float> w0 = weights(32, 1.0f, 1), w1 = weights(16, 10.0f, 2),
                           w2 = weights(4, 0.3f, 3), v = weights(8, 1.0f, 4);
  const std::vector<float> floor = {-0.25f}, half = {0.5f};
  const int x = b.add_tensor(0, tensor(DType::kFloat32, {1, 8}, "x"));
  const int c_w0 = b.add_constant(0, tensor(DType::kFloat32, {4, 8}, "w0"), bytes_of(w0));
  const int c_w1 = b.add_constant(0, tensor(DType::kFloat32, {4, 4}, "w1"), bytes_of(w1));
  const int c_w2 = b.add_constant(0, tensor(DType::kFloat32, {1, 4}, "w2"), bytes_of(w2));
  const int c_v = b.add_constant(0, tensor(DType::kFloat32, {1, 8}, "v"), bytes_of(v));
  const int c_floor = b.add_constant(0, tensor(DType::kFloat32, {}, "floor"), bytes_of(floor));
  const int c_half = b.add_constant(0, tensor(DType::kFloat32, {1, 1}, "half"), bytes_of(half));
  int t[8];
  const char* names[] = {"h0", "m0", "h1", "m1", "s", "p", "cond", "y"};
  for (int i = 0; i < 8; ++i) {
    t[i] = b.add_tensor(0, tensor(i == 6 ? DType::kBool : DType::kFloat32,
                                  i < 4 ? std::vector<int32_t>{1, 4} : std::vector<int32_t>{1, 1},
                                  names[i]));
  }
  ir::Subgraph& main = b.subgraph(0);
  add_op(main, OpType::kFullyConnected, 9, {x, c_w0, -1}, {t[0]}, ir::FullyConnectedOptions{});
  add_op(main, OpType::kMaximum, 55, {t[0], c_floor}, {t[1]});
  add_op(main, OpType::kFullyConnected, 9, {t[1], c_w1, -1}, {t[2]}, ir::FullyConnectedOptions{});
  add_op(main, OpType::kMaximum, 55, {t[2], c_floor}, {t[3]});
  add_op(main, OpType::kFullyConnected, 9, {t[3], c_w2, -1}, {t[4]}, ir::FullyConnectedOptions{});
  add_op(main, OpType::kLogistic, 14, {t[4]}, {t[5]});
  add_op(main, OpType::kGreaterEqual, 62, {t[5], c_half}, {t[6]});
  add_op(main, OpType::kIf, 118, {t[6], x, c_v, t[5]}, {t[7]}, ir::IfOptions{1, 2});
  main.inputs = {x};
  main.outputs = {t[7]};
  for (int branch = 1; branch <= 2; ++branch) {  // 1: then (verifier), 2: else
    ir::Subgraph g;
    g.tensors = {tensor(DType::kFloat32, {1, 8}, "x"), tensor(DType::kFloat32, {1, 8}, "v"),
                 tensor(DType::kFloat32, {1, 1}, "p")};
    g.inputs = {0, 1, 2};
    g.outputs = {2};
    if (branch == 1) {
      g.tensors.push_back(tensor(DType::kFloat32, {1, 1}, "z"));
      g.tensors.push_back(tensor(DType::kFloat32, {1, 1}, "q"));
      add_op(g, OpType::kFullyConnected, 9, {0, 1, -1}, {3}, ir::FullyConnectedOptions{});
      add_op(g, OpType::kLogistic, 14, {3}, {4});
      g.outputs = {4};
    }
    b.model().subgraphs.push_back(std::move(g));
  }
  return std::move(b).finish();
}

quantize::CalibrationSet samples(int n, uint32_t seed) {
  quantize::CalibrationSet set;
  for (int i = 0; i < n; ++i) set.samples.push_back(weights(8, 1.0f, seed + 17 * i));
  return set;
}

const ir::Quantization& quant(const ir::Subgraph& g, int t) { return *g.tensors[t].quant; }

TEST(QuantizeControlFlow, SharedFloorComparisonAndIfBranchWeights) {
  const ir::Model float_model = model();
  const quantize::QuantizeResult r =
      quantize::quantize(float_model, samples(64, 1), quantize::QuantizeOptions{});
  const ir::Subgraph& g = r.model.subgraphs.at(0);
  ASSERT_EQ(r.model.subgraphs.size(), 3u);

  // Each MAXIMUM reads its own floor in its output's parameters (the two
  // layers' ranges differ by 10x; one shared constant would tie them).
  std::vector<const ir::Op*> maxima, compare, ifs;
  for (const ir::Op& op : g.ops) {
    if (op.type == OpType::kMaximum) maxima.push_back(&op);
    if (op.type == OpType::kGreaterEqual) compare.push_back(&op);
    if (op.type == OpType::kIf) ifs.push_back(&op);
  }
  ASSERT_EQ(maxima.size(), 2u);
  ASSERT_NE(maxima[0]->inputs[1], maxima[1]->inputs[1]);
  for (const ir::Op* op : maxima) {
    const ir::Tensor& floor = g.tensors[op->inputs[1]];
    ASSERT_EQ(floor.dtype, DType::kInt8);
    EXPECT_EQ(floor.quant->scale, quant(g, op->outputs[0]).scale);
    EXPECT_EQ(floor.quant->zero_point, quant(g, op->outputs[0]).zero_point);
  }
  EXPECT_GT(quant(g, maxima[1]->outputs[0]).scale[0], 3 * quant(g, maxima[0]->outputs[0]).scale[0]);

  // GREATER_EQUAL: int8 inputs alike; 0.5 in the LOGISTIC's 1/256, -128 is 0.
  ASSERT_EQ(compare.size(), 1u);
  const ir::Tensor& half = g.tensors[compare[0]->inputs[1]];
  ASSERT_EQ(half.dtype, DType::kInt8);
  EXPECT_EQ(half.quant->scale, quant(g, compare[0]->inputs[0]).scale);
  EXPECT_EQ(half.quant->zero_point, quant(g, compare[0]->inputs[0]).zero_point);
  EXPECT_EQ(static_cast<int8_t>(half.data[0]), 0);

  // IF: float operands (DEQUANTIZEd), its weight operand int8 per channel in
  // the parent and in both branches' inputs.
  ASSERT_EQ(ifs.size(), 1u);
  EXPECT_EQ(g.tensors[ifs[0]->inputs[1]].dtype, DType::kFloat32);
  EXPECT_EQ(g.tensors[ifs[0]->inputs[3]].dtype, DType::kFloat32);
  const ir::Tensor& v = g.tensors[ifs[0]->inputs[2]];
  EXPECT_EQ(v.dtype, DType::kInt8);
  EXPECT_EQ(v.num_bytes(), 8);
  for (int b = 1; b <= 2; ++b) {
    const ir::Tensor& inner = r.model.subgraphs[b].tensors[r.model.subgraphs[b].inputs[1]];
    EXPECT_EQ(inner.dtype, DType::kInt8) << "branch " << b;
    EXPECT_EQ(inner.quant->scale, v.quant->scale) << "branch " << b;
  }

  // The int8 model follows the float one on held-out inputs, through both
  // branches (the float score decides which).
  quantize::ModelRunner f(float_model), q(r.model);
  int then_runs = 0, else_runs = 0;
  for (const auto& s : samples(48, 999).samples) {
    float score = -1;
    f.run(s, [&](int t, std::span<const float> values) {
      if (float_model.subgraphs[0].tensors[t].name == "p") score = values[0];
    });
    // Within a few int8 steps (1/256) of the threshold the int8 score may
    // take the other branch: not a disagreement of the quantization.
    if (std::fabs(score - 0.5f) < 0.02f) continue;
    q.run(s);
    (score >= 0.5f ? then_runs : else_runs)++;
    EXPECT_NEAR(q.output(0)[0], f.output(0)[0], 0.05f) << "float score " << score;
  }
  EXPECT_GT(then_runs, 0);
  EXPECT_GT(else_runs, 0);
}

TEST(QuantizeControlFlow, SharedFloorOfAKeptOpStaysFloatForItOnly) {
  const ir::Model float_model = model();
  quantize::QuantizeOptions options;
  options.keep_float = {1};  // the first MAXIMUM
  const quantize::QuantizeResult r = quantize::quantize(float_model, samples(64, 1), options);
  const ir::Subgraph& g = r.model.subgraphs.at(0);
  std::vector<const ir::Op*> maxima;
  for (const ir::Op& op : g.ops) {
    if (op.type == OpType::kMaximum) maxima.push_back(&op);
  }
  ASSERT_EQ(maxima.size(), 2u);
  EXPECT_EQ(g.tensors[maxima[0]->inputs[1]].dtype, DType::kFloat32);
  EXPECT_EQ(g.tensors[maxima[0]->inputs[1]].data.size(), 4u);
  EXPECT_EQ(g.tensors[maxima[1]->inputs[1]].dtype, DType::kInt8);
  EXPECT_EQ(g.tensors[maxima[1]->inputs[1]].data.size(), 1u);
  quantize::ModelRunner q(r.model);  // plans and runs
  q.run(samples(1, 5).samples[0]);
}

}  // namespace
}  // namespace mote
