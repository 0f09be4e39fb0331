#include "compiler/plan/executable.h"

#include <algorithm>
#include <cstdint>

#include "compiler/ir/error.h"
#include "compiler/plan/lower.h"
#include "compiler/plan/quant_util.h"

namespace mote::plan {

namespace {

// Constant tensor data is read in place from the model file when aligned for
// its type; misaligned data is copied once into the pool.
const void* constant_address(const ir::Tensor& t, ConstantPool& pool) {
  const uintptr_t address = reinterpret_cast<uintptr_t>(t.data.data());
  if (address % MOTE_ALIGNMENT == 0) return t.data.data();
  return pool.add_bytes(t.data.data(), t.data.size());
}

mote_tensor_desc describe(const ir::Subgraph& g, int t, int64_t offset) {
  const ir::Tensor& tensor = g.tensors[t];
  mote_tensor_desc d{};
  d.name = tensor.name.c_str();
  // An empty tensor owns no arena bytes; offset 0 keeps its (empty) span in bounds.
  d.arena_offset = offset == kNotInArena ? 0u : static_cast<uint32_t>(offset);
  d.bytes = static_cast<uint32_t>(tensor.num_bytes());
  static constexpr uint8_t kCodes[] = {MOTE_FLOAT32, MOTE_INT32, MOTE_UINT8, MOTE_INT64,
                                       MOTE_BOOL,    MOTE_INT16, MOTE_INT8};
  d.dtype = kCodes[static_cast<int>(tensor.dtype)];
  d.rank = static_cast<uint8_t>(std::min<size_t>(tensor.shape.size(), MOTE_MAX_RANK));
  for (int i = 0; i < d.rank; ++i) d.dims[i] = tensor.shape[i];
  d.scale = tensor_scale(tensor);
  d.zero_point = tensor_zero_point(tensor);
  return d;
}

}  // namespace

std::unique_ptr<Executable> Executable::build(const ir::Model& model,
                                              const PlanOptions& options) {
  MemoryPlan memory = plan_memory(lower(model, options.kernels), options);
  return build(model, std::move(memory.program), std::move(memory.layout));
}

std::unique_ptr<Executable> Executable::build(const ir::Model&, Program program,
                                              ArenaLayout layout) {
  std::unique_ptr<Executable> exe(new Executable());
  exe->program_ = std::move(program);
  exe->layout_ = std::move(layout);
  exe->materialize();
  return exe;
}

void Executable::materialize() {
  const ir::Subgraph& g = program_.graph();
  ConstantPool& pool = *program_.pool;
  steps_.clear();
  operands_.assign(program_.steps.size(), {});
  for (size_t s = 0; s < program_.steps.size(); ++s) {
    const Step& step = program_.steps[s];
    if (step.operands.size() > MOTE_MAX_OPERANDS) {
      throw Error(ErrorCode::kLimit, program_.model->path + ": op " +
                                         std::to_string(step.op_index) + " has too many operands");
    }
    auto& ops = operands_[s];
    for (size_t i = 0; i < step.operands.size(); ++i) {
      const Operand& o = step.operands[i];
      mote_operand r{nullptr, MOTE_ABSENT_OFFSET};
      switch (o.kind) {
        case Operand::Kind::kTensor:
          if (g.tensors[o.tensor].is_constant()) {
            r.constant = constant_address(g.tensors[o.tensor], pool);
          } else {
            r.arena_offset = static_cast<uint32_t>(layout_.tensor_offset[o.tensor]);
          }
          break;
        case Operand::Kind::kConstant: r.constant = o.constant; break;
        case Operand::Kind::kScratch:
          if (o.bytes > 0) r.arena_offset = static_cast<uint32_t>(layout_.scratch_offset[s][i]);
          break;
        case Operand::Kind::kAbsent: break;
      }
      ops.push_back(r);
    }
    steps_.push_back(mote_step{static_cast<uint16_t>(step.kernel),
                               static_cast<uint16_t>(ops.size()), step.params, ops.data()});
  }
  inputs_.clear();
  outputs_.clear();
  for (int t : g.inputs) inputs_.push_back(describe(g, t, layout_.tensor_offset[t]));
  for (int t : g.outputs) outputs_.push_back(describe(g, t, layout_.tensor_offset[t]));
  plan_.steps = steps_.data();
  plan_.num_steps = static_cast<uint32_t>(steps_.size());
  plan_.inputs = inputs_.data();
  plan_.num_inputs = static_cast<uint32_t>(inputs_.size());
  plan_.outputs = outputs_.data();
  plan_.num_outputs = static_cast<uint32_t>(outputs_.size());
  plan_.arena_bytes = layout_.arena_bytes;
}

}  // namespace mote::plan
