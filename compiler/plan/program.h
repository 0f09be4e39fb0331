// A lowered model: the kernel calls in execution order, each naming IR
// tensors as operands. The arena planner gives non-constant tensors offsets;
// materialize() turns the result into the runtime's mote_plan.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/plan/constant_pool.h"
#include "mote/kernel_ids.h"
#include "mote/plan.h"

namespace mote::plan {

class Executable;

// Which kernels lowering may pick. Reference kernels are the readable spec;
// optimized ones (runtime/kernels/optimized/) are chosen per op when their
// preconditions hold and fall back to the reference otherwise.
enum class KernelSet : uint8_t { kReference, kOptimized };

// One operand of a step: an IR tensor, a precomputed constant array, or
// nothing (an absent optional input).
struct Operand {
  enum class Kind : uint8_t { kTensor, kConstant, kAbsent, kScratch };
  Kind kind = Kind::kAbsent;
  int tensor = ir::kNoTensor;   // kTensor: index into the subgraph's tensors
  const void* constant = nullptr;  // kConstant: pool storage
  uint32_t bytes = 0;           // kConstant / kScratch: size in bytes

  static Operand of_tensor(int t) { return t < 0 ? absent() : Operand{Kind::kTensor, t}; }
  static Operand of_constant(const void* p, uint32_t n) {
    return Operand{Kind::kConstant, ir::kNoTensor, p, n};
  }
  static Operand absent() { return Operand{}; }
  // Per-step working memory in the arena (freed after the step).
  static Operand scratch(uint32_t n) { return Operand{Kind::kScratch, ir::kNoTensor, nullptr, n}; }
};

struct Step {
  mote_kernel_id kernel = MOTE_K_COPY;
  const void* params = nullptr;  // points into the program's ConstantPool
  std::vector<Operand> operands; // in the kernel entry's order
  std::vector<int> outputs;      // IR tensors this step writes (subset of operands)
  int op_index = -1;             // the IR op it came from
  // IF: the then and else branch executables (owned by the pool), for
  // `mote compile` to emit each branch as a function of its own.
  std::vector<const Executable*> branches;
};

struct Program {
  const ir::Model* model = nullptr;
  int subgraph = 0;
  std::vector<Step> steps;
  std::shared_ptr<ConstantPool> pool = std::make_shared<ConstantPool>();

  const ir::Subgraph& graph() const { return model->subgraphs[subgraph]; }
};

}  // namespace mote::plan
