// `mote run MODEL --target qemu-m4`: compile the plan to C, build the
// firmware, run it on the emulated board, check its outputs against the host
// runtime byte for byte and report flash, RAM and instructions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/plan/executable.h"

namespace mote::cli {

struct TargetRunOptions {
  std::string model_path;
  std::string target;
  std::string build_dir;  // "" = a temporary directory, removed after a successful run
  int timeout_seconds = 600;
  std::vector<std::string> output_files;
  bool json = false;
  bool profile = false;  // build with MOTE_PROFILE=1, report instructions per step
};

// Returns the process exit code; throws Error.
int run_on_target(const ir::Subgraph& graph, const plan::Executable& executable,
                  const std::vector<std::vector<uint8_t>>& inputs,
                  const std::vector<std::span<const uint8_t>>& host_outputs,
                  const TargetRunOptions& options);

}  // namespace mote::cli
