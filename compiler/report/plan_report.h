// `mote plan` reports: per-step memory (CSV), lifetimes and offsets (JSON)
// and a picture of the arena (self-contained HTML with one SVG per plan:
// x = step, y = arena offset, one rectangle per buffer, the peak marked).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/plan/planner.h"

namespace mote::report {

// One labelled plan of a model.
struct PlanView {
  std::string title;  // e.g. "file order" / "optimized"
  const plan::MemoryPlan* plan = nullptr;
};

struct StepMemory {
  int step = 0;
  int op_index = -1;
  std::string op;
  std::vector<int> live_tensors;  // arena tensors live at this step
  int64_t live_bytes = 0;         // their bytes plus the step's scratch
  int64_t high_water = 0;         // end of the highest buffer live at this step
  bool peak = false;              // a step with the most live bytes
};

std::vector<StepMemory> step_memory(const plan::Program& program, const plan::ArenaLayout& layout);

std::string plan_csv(const plan::MemoryPlan& plan);
nlohmann::json plan_json(const plan::MemoryPlan& plan);
std::string plan_html(const std::string& model, const std::vector<PlanView>& views);

// Writes plan.csv, plan.json (the last view) and plan.html (all views) into
// `dir`, creating it. Throws Error on I/O failure.
void write_plan_report(const std::string& dir, const std::string& model,
                       const std::vector<PlanView>& views);

}  // namespace mote::report
