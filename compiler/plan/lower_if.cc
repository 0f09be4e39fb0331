// IF -> one MOTE_K_IF step (runtime/src/control_flow.cc). Each branch
// subgraph is lowered and memory planned as a model of its own; the IF step
// gets a scratch region sized for the larger branch arena, in which the
// runtime runs the chosen branch (branch offsets are relative to it). The
// parent's planner therefore sees an ordinary step: the condition and data
// inputs are read, the outputs written, and the region is working memory
// that dies with the step. Inputs that are constants in the parent (the
// branch's weights, passed in as IF operands by converters) become constants
// of the branch, read in place like any weight.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "compiler/plan/executable.h"
#include "compiler/plan/lower_ops.h"
#include "mote/control_flow.h"

namespace mote::plan {

namespace {

// Nested IFs run by recursion on the device; keep it shallow and finite.
constexpr int kMaxNesting = 8;

// The deepest chain of IF/WHILE calls starting in subgraph `index`; fails
// on a cycle (which could never be planned) or deeper nesting than allowed.
int call_depth(const LowerContext &ctx, int index, int depth) {
  if (depth > kMaxNesting) {
    ctx.unsupported(
        fmt::format("IF nesting deeper than {} (or recursive subgraph calls)", kMaxNesting));
  }
  int deepest = depth;
  for (const ir::Op &op : ctx.model.subgraphs.at(index).ops) {
    if (const auto *o = std::get_if<ir::IfOptions>(&op.options)) {
      deepest = std::max({deepest, call_depth(ctx, o->then_subgraph, depth + 1),
                          call_depth(ctx, o->else_subgraph, depth + 1)});
    }
  }
  return deepest;
}

// A branch as a model of its own: the original subgraphs (so nested IFs keep
// their indices) with the branch moved to index 0 and its parent-constant
// inputs turned into constants; plus its lowered, planned executable.
struct LoweredBranch {
  ir::Model model;
  std::unique_ptr<Executable> executable;
  std::vector<uint32_t> input_offsets, output_offsets;
};

std::shared_ptr<LoweredBranch> lower_branch(const LowerContext &ctx, int index, const char *which) {
  auto branch = std::make_shared<LoweredBranch>();
  branch->model.path = fmt::format("{} (IF op {}, {} branch = subgraph {})", ctx.model.path,
                                   ctx.op_index, which, index);
  branch->model.subgraphs = ctx.model.subgraphs;
  ir::Subgraph &graph = branch->model.subgraphs[0];
  graph = ctx.model.subgraphs.at(index);

  const int num_inputs = ctx.num_inputs() - 1;
  for (int i = 0; i < num_inputs; ++i) {
    const int t = graph.inputs[i];
    const ir::Tensor &outer = ctx.input(i + 1);
    ir::Tensor &inner = graph.tensors[t];
    if (inner.dtype != outer.dtype || inner.num_bytes() != outer.num_bytes()) {
      ctx.fail(
          ErrorCode::kInvalid,
          fmt::format("input {} '{}' is {} [{}] but {} branch input '{}' is {} [{}]", i + 1,
                      outer.name, ir::dtype_name(outer.dtype), fmt::join(outer.shape, ","), which,
                      inner.name, ir::dtype_name(inner.dtype), fmt::join(inner.shape, ",")));
    }
    const bool is_output =
        std::find(graph.outputs.begin(), graph.outputs.end(), t) != graph.outputs.end();
    if (outer.is_constant() && !is_output) inner.data = outer.data;
  }
  for (size_t o = 0; o < graph.outputs.size(); ++o) {
    const ir::Tensor &inner = graph.tensors[graph.outputs[o]];
    const ir::Tensor &outer = ctx.output(static_cast<int>(o));
    if (inner.dtype != outer.dtype || inner.num_bytes() != outer.num_bytes()) {
      ctx.fail(
          ErrorCode::kInvalid,
          fmt::format("output {} '{}' is {} [{}] but {} branch output '{}' is {} [{}]", o,
                      outer.name, ir::dtype_name(outer.dtype), fmt::join(outer.shape, ","), which,
                      inner.name, ir::dtype_name(inner.dtype), fmt::join(inner.shape, ",")));
    }
    if (inner.is_constant()) {
      ctx.unsupported(fmt::format("{} branch output {} '{}' is a constant", which, o, inner.name));
    }
  }

  PlanOptions options;
  options.kernels = ctx.kernels;
  branch->executable = Executable::build(branch->model, options);

  const ArenaLayout &layout = branch->executable->layout();
  auto region_offset = [&](int t) {
    const int64_t offset = layout.tensor_offset[t];
    return offset == kNotInArena || graph.tensors[t].is_constant() ? MOTE_ABSENT_OFFSET
                                                                   : static_cast<uint32_t>(offset);
  };
  for (int t : graph.inputs) branch->input_offsets.push_back(region_offset(t));
  for (int t : graph.outputs) {
    const uint32_t offset = region_offset(t);
    if (offset == MOTE_ABSENT_OFFSET) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("{} branch output '{}' has no place in the branch arena", which,
                           graph.tensors[t].name));
    }
    branch->output_offsets.push_back(offset);
  }
  return branch;
}

mote_if_branch describe(const LoweredBranch &branch) {
  return mote_if_branch{&branch.executable->plan(), branch.input_offsets.data(),
                        branch.output_offsets.data()};
}

}  // namespace

std::vector<Step> lower_if(LowerContext &ctx) {
  const auto &options = ctx.op.opts<ir::IfOptions>();
  const ir::Tensor &condition = ctx.input(0);
  if (condition.dtype != ir::DType::kBool || condition.num_elements() != 1) {
    ctx.unsupported(fmt::format("condition '{}' must be one bool (is {} with {} elements)",
                                condition.name, ir::dtype_name(condition.dtype),
                                condition.num_elements()));
  }
  call_depth(ctx, options.then_subgraph, 1);
  call_depth(ctx, options.else_subgraph, 1);
  const auto then_branch = lower_branch(ctx, options.then_subgraph, "then");
  const auto else_branch = lower_branch(ctx, options.else_subgraph, "else");
  ctx.pool.keep_alive(then_branch);
  ctx.pool.keep_alive(else_branch);

  std::vector<uint32_t> input_bytes, output_bytes;
  std::vector<Operand> operands{ctx.input_operand(0)};
  for (int i = 1; i < ctx.num_inputs(); ++i) {
    input_bytes.push_back(static_cast<uint32_t>(ctx.input(i).num_bytes()));
    operands.push_back(ctx.input_operand(i));
  }
  for (size_t o = 0; o < ctx.op.outputs.size(); ++o) {
    output_bytes.push_back(static_cast<uint32_t>(ctx.output(static_cast<int>(o)).num_bytes()));
    operands.push_back(ctx.output_operand(static_cast<int>(o)));
  }
  mote_if_params p{};
  p.then_branch = describe(*then_branch);
  p.else_branch = describe(*else_branch);
  p.num_inputs = static_cast<uint32_t>(input_bytes.size());
  p.num_outputs = static_cast<uint32_t>(output_bytes.size());
  p.input_bytes = ctx.pool.add_array(input_bytes);
  p.output_bytes = ctx.pool.add_array(output_bytes);
  p.region_bytes = std::max(then_branch->executable->plan().arena_bytes,
                            else_branch->executable->plan().arena_bytes);
  operands.push_back(Operand::scratch(p.region_bytes));
  Step step = ctx.make_step(MOTE_K_IF, ctx.pool.add_params(p), std::move(operands));
  step.branches = {then_branch->executable.get(), else_branch->executable.get()};
  return {step};
}

}  // namespace mote::plan
