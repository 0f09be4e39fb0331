#include <fmt/format.h>

#include "compiler/ir/error.h"
#include "compiler/report/analyze.h"
#include "compiler/target/fit.h"
#include "tools/mote/commands.h"
#include "tools/mote/model_loading.h"

namespace mote::cli {

Command add_analyze(CLI::App& app) {
  struct Options {
    ModelArgs model;
    bool json = false;
    std::string target;
  };
  auto opts = std::make_shared<Options>();
  add_model_args(app, opts->model);
  app.add_flag("--json", opts->json, "Print one JSON object instead of the table");
  app.add_option("--target", opts->target,
                 "Check the weights and arena against a board's memory (qemu-m4, mt3620-m4, "
                 "apollo3, cortex-m4-256k); exit 8 if they do not fit");
  return [opts]() {
    const target::Preset* preset = opts->target.empty() ? nullptr : &target::find_preset(opts->target);
    const ir::Model model = load_model(opts->model);
    const report::Analysis analysis = report::analyze(model);
    // Weights in flash, the planned RAM as one arena; code, stack and .data/.bss
    // are known only after a build (`mote run --target qemu-m4` measures them).
    std::optional<target::FitVerdict> fit;
    if (preset && analysis.arena_bytes) {
      fit = target::check_fit(*preset, {analysis.weight_bytes, *analysis.arena_bytes, 0});
    }
    if (opts->json) {
      nlohmann::json j = report::to_json(analysis);
      if (fit) j["fit"] = target::to_json(*fit);
      fmt::print("{}\n", j.dump(2));
    } else {
      fmt::print("{}", report::format_table(analysis));
      if (fit) {
        fmt::print("target {} (weights + arena; code and stack not counted): {}\n", opts->target,
                   fit->summary());
      }
    }
    if (!analysis.unsupported.empty()) {
      std::string list;
      for (const std::string& u : analysis.unsupported) list += "\n  " + u;
      throw mote::Error(mote::ErrorCode::kUnsupported,
                  fmt::format("{}: {} unsupported op{}:{}", opts->model.path, analysis.unsupported.size(),
                              analysis.unsupported.size() == 1 ? "" : "s", list));
    }
    if (!analysis.plan_error.empty()) throw mote::Error(mote::ErrorCode::kInvalid, analysis.plan_error);
    if (fit) target::require_fit(*fit, opts->model.path);
    return 0;
  };
}

}  // namespace mote::cli
