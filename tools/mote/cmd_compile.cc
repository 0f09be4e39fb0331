// `mote compile MODEL -o DIR [--target NAME]`: the plan as a standalone C
// source tree (compiler/codegen/emit.h, docs/compile.md).
#include <fmt/format.h>

#include <memory>

#include "compiler/codegen/emit.h"
#include "compiler/plan/executable.h"
#include "compiler/target/fit.h"
#include "tools/mote/commands.h"
#include "tools/mote/kernel_set_option.h"
#include "tools/mote/model_loading.h"

namespace mote::cli {

namespace {

struct CompileOptions {
  ModelArgs model;
  std::string output_dir;
  std::string target;
  plan::KernelSet kernels = plan::KernelSet::kOptimized;
};

}  // namespace

Command add_compile(CLI::App& app) {
  auto opts = std::make_shared<CompileOptions>();
  add_model_args(app, opts->model);
  app.add_option("-o,--output", opts->output_dir, "Directory to write the source tree into")
      ->required();
  app.add_option("--target", opts->target,
                 "Board preset (qemu-m4, mt3620-m4, apollo3, cortex-m4-256k): checks the "
                 "constants and arena fit (exit 8 if not) and copies its board files, if any, "
                 "into DIR/target");
  add_kernel_set_option(app, opts->kernels);
  return [opts]() {
    const target::Preset* preset =
        opts->target.empty() ? nullptr : &target::find_preset(opts->target);
    const ir::Model model = load_model(opts->model);
    plan::PlanOptions plan_options;
    plan_options.kernels = opts->kernels;
    const auto executable = plan::Executable::build(model, plan_options);
    const codegen::EmitSummary summary =
        codegen::emit_c(*executable, opts->output_dir, codegen::EmitOptions{opts->target});
    fmt::print("wrote {}: {} kernel calls, arena {} bytes, constants {} bytes\n",
               opts->output_dir, summary.num_calls, summary.arena_bytes, summary.constant_bytes);
    fmt::print("kernel sources:");
    for (const std::string& path : summary.kernel_sources) fmt::print(" {}", path);
    fmt::print("\n");
    if (preset == nullptr) return 0;
    if (!summary.has_target_files) {
      fmt::print("target {} has no board files: the tree builds libmote_model.a\n", opts->target);
    }
    // Code, stack and .data/.bss are known only after a build (`mote run --target`).
    const target::FitVerdict fit = target::check_fit(
        *preset, {static_cast<int64_t>(summary.constant_bytes), summary.arena_bytes, 0});
    fmt::print("target {} (constants + arena; code and stack not counted): {}\n", opts->target,
               fit.summary());
    target::require_fit(fit, opts->model.path);
    return 0;
  };
}

}  // namespace mote::cli
