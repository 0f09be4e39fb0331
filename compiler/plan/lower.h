// Lowering: IR op -> kernel call(s) with every parameter precomputed
// (multipliers, shifts, padding, activation ranges), so kernels do no setup.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/error.h"
#include "compiler/ir/ir.h"
#include "compiler/plan/program.h"

namespace mote::plan {

// What a per-op lowering function sees.
class LowerContext {
 public:
  LowerContext(const ir::Model& model, const ir::Subgraph& graph, int op_index,
               ConstantPool& pool, KernelSet kernels = KernelSet::kReference)
      : model(model), graph(graph), op(graph.ops[op_index]), op_index(op_index), pool(pool),
        kernels(kernels) {}

  const ir::Model& model;
  const ir::Subgraph& graph;
  const ir::Op& op;
  const int op_index;
  ConstantPool& pool;
  const KernelSet kernels;

  bool optimized() const { return kernels == KernelSet::kOptimized; }
  int num_inputs() const { return static_cast<int>(op.inputs.size()); }
  bool has_input(int i) const { return i < num_inputs() && op.inputs[i] >= 0; }
  const ir::Tensor& input(int i) const;   // fails if absent
  const ir::Tensor& output(int i) const;
  Operand input_operand(int i) const { return Operand::of_tensor(has_input(i) ? op.inputs[i] : -1); }
  Operand output_operand(int i) const { return Operand::of_tensor(op.outputs[i]); }

  // Throws Error "FILE: op N (TYPE): what".
  [[noreturn]] void fail(ErrorCode code, const std::string& what) const;
  [[noreturn]] void unsupported(const std::string& what) const { fail(ErrorCode::kUnsupported, what); }

  // A step that writes this op's outputs.
  Step make_step(mote_kernel_id kernel, const void* params, std::vector<Operand> operands) const;
};

// Lowers every op of subgraph 0 in file order. Throws Error (kUnsupported
// lists every unsupported op at once).
Program lower(const ir::Model& model, KernelSet kernels = KernelSet::kOptimized);

// Per-op lowering, one function per op family (compiler/plan/lower_*.cc).
using LowerFn = std::vector<Step> (*)(LowerContext&);
LowerFn lowering_for(ir::OpType type);

}  // namespace mote::plan
