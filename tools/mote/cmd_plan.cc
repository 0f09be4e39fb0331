// `mote plan`: the memory plan of a model (order, in-place steps, offsets),
// its peak against the lower bound, and optionally a report directory.
#include <fmt/format.h>

#include "compiler/ir/error.h"
#include "compiler/plan/lower.h"
#include "compiler/plan/planner.h"
#include "compiler/report/plan_report.h"
#include "tools/mote/commands.h"
#include "tools/mote/model_loading.h"

namespace mote::cli {

Command add_plan(CLI::App& app) {
  struct Options {
    ModelArgs model;
    std::string order = "optimal";
    std::string report_dir;
    bool no_in_place = false;
    bool overwrite_inputs = false;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  add_model_args(app, opts->model);
  app.add_option("--order", opts->order, "Execution order: optimal (default) or file")
      ->check(CLI::IsMember({"optimal", "file"}));
  app.add_option("--report", opts->report_dir,
                 "Write plan.csv, plan.json and plan.html (file order vs this plan) here");
  app.add_flag("--no-in-place", opts->no_in_place, "Never let a kernel overwrite its input");
  app.add_flag("--overwrite-inputs", opts->overwrite_inputs,
               "Let kernels overwrite graph inputs (what-if: the runtime preserves them)");
  app.add_flag("--json", opts->json, "Print the plan as JSON");
  return [opts]() {
    const ir::Model model = load_model(opts->model);
    const plan::Program program = plan::lower(model);
    plan::PlanOptions options;
    options.order = opts->order == "file" ? plan::PlanOptions::Order::kFile
                                          : plan::PlanOptions::Order::kOptimal;
    options.in_place = !opts->no_in_place;
    options.preserve_inputs = !opts->overwrite_inputs;
    const plan::MemoryPlan chosen = plan::plan_memory(program, options);
    // The baseline: file order, no buffer ever shared.
    plan::PlanOptions baseline_options;
    baseline_options.order = plan::PlanOptions::Order::kFile;
    baseline_options.in_place = false;
    const plan::MemoryPlan baseline = plan::plan_memory(program, baseline_options);
    if (!opts->report_dir.empty()) {
      report::write_plan_report(opts->report_dir, opts->model.path,
                                {{"file order, no in-place", &baseline}, {"this plan", &chosen}});
    }
    if (opts->json) {
      nlohmann::json j = report::plan_json(chosen);
      j["model"] = opts->model.path;
      j["file_order_arena_bytes"] = baseline.layout.arena_bytes;
      fmt::print("{}\n", j.dump(2));
      return 0;
    }
    fmt::print("model             {}\n", opts->model.path);
    fmt::print("steps             {}\n", chosen.program.steps.size());
    fmt::print("file order arena  {} B (no in-place)\n", baseline.layout.arena_bytes);
    fmt::print("planned arena     {} B ({} order{}, {} in-place step{})\n",
               chosen.layout.arena_bytes, opts->order,
               chosen.schedule_optimal ? ", proven optimal" : "", chosen.layout.in_place.size(),
               chosen.layout.in_place.size() == 1 ? "" : "s");
    fmt::print("live peak         {} B\n", chosen.live_peak_bytes);
    fmt::print("lower bound       {} B (gap {} B)\n", chosen.lower_bound_bytes,
               static_cast<int64_t>(chosen.layout.arena_bytes) - chosen.lower_bound_bytes);
    if (!opts->report_dir.empty()) fmt::print("report            {}/plan.html\n", opts->report_dir);
    return 0;
  };
}

}  // namespace mote::cli
