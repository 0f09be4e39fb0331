#include "compiler/plan/planner.h"

#include <algorithm>

#include "compiler/plan/offsets.h"

namespace mote::plan {

MemoryPlan plan_memory(Program program, const PlanOptions& options) {
  ScheduleOptions schedule_options;
  schedule_options.in_place = options.in_place;
  schedule_options.preserve_inputs = options.preserve_inputs;
  schedule_options.max_states_per_layer = options.max_states_per_layer;
  schedule_options.max_states = options.max_states;
  const Schedule schedule = options.order == PlanOptions::Order::kOptimal
                                ? schedule_optimal(program, schedule_options)
                                : schedule_file_order(program, schedule_options);
  MemoryPlan plan;
  plan.program = reorder(program, schedule.step_order);
  plan.layout = place_offsets(plan.program, schedule.links);
  plan.live_peak_bytes = schedule.peak_bytes;
  plan.lower_bound_bytes = schedule.lower_bound_bytes;
  plan.schedule_optimal = schedule.optimal;
  return plan;
}

}  // namespace mote::plan
