// `--kernels reference|optimized` for the commands that lower a model
// (run, compile): which kernel set lowering may pick (plan::KernelSet).
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <string>

#include "compiler/plan/program.h"

namespace mote::cli {

inline void add_kernel_set_option(CLI::App& app, plan::KernelSet& kernels) {
  const std::map<std::string, plan::KernelSet> names{{"reference", plan::KernelSet::kReference},
                                                     {"optimized", plan::KernelSet::kOptimized}};
  app.add_option("--kernels", kernels,
                 "Kernel set: optimized (default; falls back to reference per op) or reference")
      ->transform(CLI::CheckedTransformer(names, CLI::ignore_case));
}

}  // namespace mote::cli
