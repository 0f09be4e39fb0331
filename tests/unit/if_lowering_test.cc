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
#include "unit/if_test_model.h"

namespace mote {
namespace {

using if_test::if_model;

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
