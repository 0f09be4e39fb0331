#include <fmt/format.h>

#include "compiler/ir/error.h"
#include "compiler/report/analyze.h"
#include "tools/mote/commands.h"
#include "tools/mote/model_loading.h"

namespace mote::cli {

Command add_analyze(CLI::App& app) {
  struct Options {
    ModelArgs model;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  add_model_args(app, opts->model);
  app.add_flag("--json", opts->json, "Print one JSON object instead of the table");
  return [opts]() {
    const ir::Model model = load_model(opts->model);
    const report::Analysis analysis = report::analyze(model);
    if (opts->json) {
      fmt::print("{}\n", report::to_json(analysis).dump(2));
    } else {
      fmt::print("{}", report::format_table(analysis));
    }
    if (!analysis.unsupported.empty()) {
      std::string list;
      for (const std::string& u : analysis.unsupported) list += "\n  " + u;
      throw mote::Error(mote::ErrorCode::kUnsupported,
                  fmt::format("{}: {} unsupported op{}:{}", opts->model.path, analysis.unsupported.size(),
                              analysis.unsupported.size() == 1 ? "" : "s", list));
    }
    if (!analysis.plan_error.empty()) throw mote::Error(mote::ErrorCode::kInvalid, analysis.plan_error);
    return 0;
  };
}

}  // namespace mote::cli
