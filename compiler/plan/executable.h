// A model ready to run on the host: the lowered program, its arena layout
// and the runtime mote_plan that points at both.
#pragma once

#include <memory>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/plan/arena.h"
#include "compiler/plan/planner.h"
#include "compiler/plan/program.h"
#include "mote/plan.h"

namespace mote::plan {

class Executable {
 public:
  // Lowers subgraph 0 of `model` (which must outlive the executable) and
  // plans its memory (order, in-place steps, offsets). Throws Error.
  static std::unique_ptr<Executable> build(const ir::Model& model,
                                           const PlanOptions& options = {});
  static std::unique_ptr<Executable> build(const ir::Model& model, Program program,
                                           ArenaLayout layout);

  const mote_plan& plan() const { return plan_; }
  const Program& program() const { return program_; }
  const ArenaLayout& layout() const { return layout_; }

 private:
  Executable() = default;
  void materialize();

  Program program_;
  ArenaLayout layout_;
  std::vector<mote_step> steps_;
  std::vector<std::vector<mote_operand>> operands_;
  std::vector<mote_tensor_desc> inputs_, outputs_;
  mote_plan plan_{};
};

}  // namespace mote::plan
