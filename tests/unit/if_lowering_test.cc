// IF on a hand-built model: GREATER_EQUAL(a, 0) picks the then branch
// (x + w, with w a constant of the parent passed in as an IF operand) or the
// else branch (x * x). Each branch runs as shipped inside the IF step's
// arena region, whichever way the condition goes, several times in a row.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "compiler/ir/error.h"
#include "compiler/plan/executable.h"
#include "compiler/run/session.h"

namespace mote {
namespace {

int add_tensor(ir::Subgraph& g, ir::DType dtype, std::vector<int32_t> shape) {
  ir::Tensor t;
  t.name = "t" + std::to_string(g.tensors.size());
  t.dtype = dtype;
  t.shape = std::move(shape);
  g.tensors.push_back(t);
  return static_cast<int>(g.tensors.size()) - 1;
}

void add_op(ir::Subgraph& g, ir::OpType type, std::vector<int> inputs, std::vector<int> outputs,
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
ir::Subgraph branch(ir::OpType type, bool uses_w) {
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
std::unique_ptr<IfModel> if_model() {
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

std::vector<float> run(run::Session& session, float a, const std::vector<float>& x) {
  session.set_input(0, {reinterpret_cast<const uint8_t*>(&a), 4});
  session.set_input(1, {reinterpret_cast<const uint8_t*>(x.data()), 16});
  session.invoke();
  std::vector<float> y(4);
  std::memcpy(y.data(), session.output(0).data(), 16);
  return y;
}

TEST(IfLowering, RunsTheBranchTheConditionPicks) {
  const auto m = if_model();
  const auto exe = plan::Executable::build(m->model);
  // One IF step with a scratch region beyond the GREATER_EQUAL step.
  const plan::Program& program = exe->program();
  ASSERT_EQ(program.steps.size(), 2u);
  const plan::Step& if_step = program.steps[1];
  EXPECT_EQ(if_step.kernel, MOTE_K_IF);
  EXPECT_EQ(if_step.operands.back().kind, plan::Operand::Kind::kScratch);
  EXPECT_GT(if_step.operands.back().bytes, 0u);

  run::Session session(*exe);
  const std::vector<float> x = {1.5f, -2.0f, 3.0f, 0.25f};
  for (int round = 0; round < 2; ++round) {  // the region is reused: alternate branches
    const std::vector<float> then_y = run(session, 0.0f, x);  // 0 >= 0: then
    for (int i = 0; i < 4; ++i) EXPECT_EQ(then_y[i], x[i] + m->weights[i]) << i;
    const std::vector<float> else_y = run(session, -0.5f, x);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(else_y[i], x[i] * x[i]) << i;
  }
}

TEST(IfLowering, MismatchedBranchSignatureIsANamedError) {
  auto m = if_model();
  m->model.subgraphs[2].tensors[0].shape = {5};  // else branch's x: 5 values, the IF gives 4
  try {
    plan::Executable::build(m->model);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("else branch input"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("op 1 (IF)"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mote
