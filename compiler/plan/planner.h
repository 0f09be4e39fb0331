// The memory planner: picks the execution order, the in-place steps and the
// arena offsets of a lowered program. Every decision ends up in the
// reordered Program and its ArenaLayout, so the host runtime and the C
// emitter follow it without knowing about it.
#pragma once

#include <cstdint>

#include "compiler/plan/arena.h"
#include "compiler/plan/program.h"
#include "compiler/plan/schedule.h"

namespace mote::plan {

struct PlanOptions {
  enum class Order : uint8_t { kFile, kOptimal };
  Order order = Order::kOptimal;
  bool in_place = true;
  bool preserve_inputs = true;  // inputs survive an invoke (needed for --repeat)
  KernelSet kernels = KernelSet::kOptimized;  // used by Executable::build's lowering
  // Search budget: states kept per layer are min(max_states_per_layer,
  // max_states / ops), so big graphs stay fast.
  size_t max_states_per_layer = 2000;
  size_t max_states = 100000;
};

struct MemoryPlan {
  Program program;     // steps in execution order
  ArenaLayout layout;  // arena_bytes: everything the runtime needs in RAM
  int64_t live_peak_bytes = 0;    // the schedule's peak (sum of live buffers)
  int64_t lower_bound_bytes = 0;  // no order or layout needs less
  bool schedule_optimal = false;  // no order has a smaller live peak
};

MemoryPlan plan_memory(Program program, const PlanOptions& options = {});

}  // namespace mote::plan
