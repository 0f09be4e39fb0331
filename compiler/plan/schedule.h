// Execution order: the order of a program's ops that needs the least memory.
//
// The program is seen as a DAG of ops (consecutive steps from one IR op stay
// together). A state is the set of ops already run; the bytes live after it
// depend only on that set, so a dynamic program over sets (Serenity-style)
// finds the order whose largest step is smallest. Sets are explored one
// layer (number of ops run) at a time; when a layer holds more states than
// the budget, only the most promising ones are kept and the result is no
// longer proven optimal.
#pragma once

#include <cstdint>
#include <vector>

#include "compiler/plan/arena.h"
#include "compiler/plan/program.h"

namespace mote::plan {

struct ScheduleOptions {
  bool in_place = true;         // let kernels write over a dying input (plan/inplace.h)
  bool preserve_inputs = true;  // never overwrite graph inputs: the caller may invoke again
  // Search budget: states kept per layer are min(max_states_per_layer,
  // max_states / ops), so big graphs stay fast.
  size_t max_states_per_layer = 2000;
  size_t max_states = 100000;
};

struct Schedule {
  std::vector<int> step_order;     // program step indices in execution order
  std::vector<InPlaceLink> links;  // .step: position in step_order
  int64_t peak_bytes = 0;          // most bytes live at one step, aligned sizes
  int64_t lower_bound_bytes = 0;   // no order needs fewer (with these kernels)
  bool optimal = false;            // peak_bytes is the minimum over all orders
};

// The program's own (file) order, costed the same way.
Schedule schedule_file_order(const Program& program, const ScheduleOptions& options);
// The order with the smallest peak the search finds.
Schedule schedule_optimal(const Program& program, const ScheduleOptions& options);

// The program with its steps in `order` (the ArenaLayout must be redone).
Program reorder(const Program& program, const std::vector<int>& order);

}  // namespace mote::plan
