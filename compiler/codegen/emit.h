// Ahead-of-time C: writes the plan the host runtime runs as a standalone
// source tree (model.h/.c, model_data.h/.c, the runtime sources it calls,
// a Makefile and a CMakeLists.txt). See docs/compile.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/plan/executable.h"

namespace mote::codegen {

struct EmitOptions {
  std::string target;  // "" = no board files; else copies targets/NAME/ to DIR/target/ if present
};

struct EmitSummary {
  uint32_t arena_bytes = 0;
  uint64_t constant_bytes = 0;            // every const array in model_data.c (flash)
  int num_calls = 0;
  std::vector<std::string> kernel_sources;  // tree paths of the kernel .cc files
  bool has_target_files = false;
};

// Writes the tree for `exe` into `dir` (created if missing; the mote/ and
// target/ folders are replaced). Throws Error.
EmitSummary emit_c(const plan::Executable& exe, const std::filesystem::path& dir,
                   const EmitOptions& options);

}  // namespace mote::codegen
