#include "compiler/run/session.h"

#include <fmt/format.h>

#include <cstring>

#include "compiler/ir/error.h"

namespace mote::run {

Session::Session(const plan::Executable& executable) : executable_(executable) {
  storage_.assign(executable.plan().arena_bytes + MOTE_ALIGNMENT, 0);
  const uintptr_t base = reinterpret_cast<uintptr_t>(storage_.data());
  arena_ = storage_.data() + (MOTE_ALIGNMENT - base % MOTE_ALIGNMENT) % MOTE_ALIGNMENT;
}

void Session::set_input(int index, std::span<const uint8_t> bytes) {
  const mote_plan& plan = executable_.plan();
  if (index < 0 || index >= num_inputs()) {
    throw Error(ErrorCode::kUsage, fmt::format("model has {} inputs, not {}", num_inputs(), index + 1));
  }
  const mote_tensor_desc& d = plan.inputs[index];
  if (bytes.size() != d.bytes) {
    throw Error(ErrorCode::kUsage, fmt::format("input {} '{}' needs {} bytes, got {}", index,
                                               d.name, d.bytes, bytes.size()));
  }
  std::memcpy(arena_ + d.arena_offset, bytes.data(), bytes.size());
}

namespace {

struct ObserverContext {
  const plan::Executable* executable;
  uint8_t* arena;
  const Session::TensorCallback* callback;
};

void observe_step(void* user, uint32_t step_index, void* const*, uint32_t) {
  auto* ctx = static_cast<ObserverContext*>(user);
  const plan::Program& program = ctx->executable->program();
  const auto& graph = program.graph();
  for (int t : program.steps[step_index].outputs) {
    if (t < 0) continue;
    const int64_t offset = ctx->executable->layout().tensor_offset[t];
    if (offset == plan::kNotInArena) continue;
    (*ctx->callback)(t, std::span<const uint8_t>(ctx->arena + offset,
                                                 static_cast<size_t>(graph.tensors[t].num_bytes())));
  }
}

}  // namespace

void Session::invoke(const TensorCallback& on_tensor) {
  const mote_plan& plan = executable_.plan();
  ObserverContext ctx{&executable_, arena_, &on_tensor};
  const mote_status status =
      mote_invoke(&plan, arena_, plan.arena_bytes, on_tensor ? &observe_step : nullptr, &ctx);
  if (status != MOTE_OK) {
    throw Error(ErrorCode::kInvalid, fmt::format("runtime failed with status {}", int(status)));
  }
}

std::span<const uint8_t> Session::output(int index) const {
  const mote_tensor_desc& d = executable_.plan().outputs[index];
  return {arena_ + d.arena_offset, d.bytes};
}

}  // namespace mote::run
