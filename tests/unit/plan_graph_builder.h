// Synthetic programs for planner tests and benchmarks: int8 tensors of given
// sizes and one step per op, either a RELU (may run in place) or an op with
// no in-place rule (CONCATENATION, never executed).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/plan/program.h"
#include "mote/kernels/relu.h"

namespace mote::test {

class PlanGraphBuilder {
 public:
  PlanGraphBuilder() {
    model_->path = "synthetic.tflite";
    model_->subgraphs.emplace_back();
    program_.model = model_.get();
  }

  ir::Subgraph& graph() { return model_->subgraphs[0]; }
  const ir::Model& model() const { return *model_; }
  const plan::Program& program() const { return program_; }

  int add_tensor(int32_t bytes) {
    ir::Tensor t;
    t.name = "t" + std::to_string(graph().tensors.size());
    t.dtype = ir::DType::kInt8;
    t.shape = {bytes};
    graph().tensors.push_back(t);
    return static_cast<int>(graph().tensors.size()) - 1;
  }

  // An op reading `reads` and writing a new tensor of `bytes`; returns it.
  int add_op(const std::vector<int>& reads, int32_t bytes, bool relu) {
    const int out = add_tensor(bytes);
    ir::Op op;
    op.inputs = reads;
    op.outputs = {out};
    graph().ops.push_back(op);
    plan::Step step;
    step.kernel = relu ? MOTE_K_RELU_S8 : MOTE_K_CONCATENATION;
    step.params = relu ? &relu_params_ : nullptr;
    for (int t : reads) step.operands.push_back(plan::Operand::of_tensor(t));
    step.operands.push_back(plan::Operand::of_tensor(out));
    step.outputs = {out};
    step.op_index = static_cast<int>(graph().ops.size()) - 1;
    program_.steps.push_back(step);
    return out;
  }

 private:
  std::unique_ptr<ir::Model> model_ = std::make_unique<ir::Model>();  // stable address
  plan::Program program_;
  mote_relu_s8_params relu_params_{};
};

}  // namespace mote::test
