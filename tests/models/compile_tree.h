// Shared by the `mote compile` tests: emitting a model's tree into the build
// directory and running the tools that build it.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "compiler/codegen/emit.h"
#include "compiler/plan/executable.h"
#include "compiler/tflite/reader.h"
#include "models/cli_runner.h"
#include "models/model_paths.h"

namespace mote::test {

inline std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// A fresh, empty directory under the build tree for `name`.
inline std::filesystem::path fresh_dir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(MOTE_BINARY_DIR) / "compile_test" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::filesystem::path mlperf_model(const std::string& stem) {
  return models_dir() / "mlperf_tiny" / (stem + ".tflite");
}

}  // namespace mote::test

// Runs a shell command in a TEST body; fails with its output on a non-zero exit.
#define MOTE_RUN_OK(command)                                                      \
  do {                                                                            \
    const ::mote::test::CommandResult mote_result_ = ::mote::test::run_command(command); \
    ASSERT_EQ(mote_result_.exit_code, 0) << (command) << "\n" << mote_result_.output; \
  } while (0)
