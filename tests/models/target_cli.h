// Running the `mote` CLI from target tests, in a scratch directory.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/target/process.h"
#include "models/cli_runner.h"
#include "models/model_paths.h"

namespace mote::test {

// Board tests need QEMU and the Arm toolchain: they fail when CI is set and
// the tools are missing, and skip otherwise.
inline bool board_tools_present() {
  return target::find_program("qemu-system-arm") && target::find_program("arm-none-eabi-gcc");
}

#define MOTE_REQUIRE_BOARD_TOOLS()                                                    \
  do {                                                                                \
    if (!::mote::test::board_tools_present()) {                                       \
      if (std::getenv("CI")) FAIL() << "qemu-system-arm / arm-none-eabi-gcc missing"; \
      GTEST_SKIP() << "qemu-system-arm / arm-none-eabi-gcc missing";                  \
    }                                                                                 \
  } while (0)

inline std::filesystem::path mlperf_tiny_model(const std::string& name) {
  return models_dir() / "mlperf_tiny" / (name + ".tflite");
}

// Gives each test a fresh directory and runs `mote ARGS...` in it.
class TargetCliTest : public testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/mote-target-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  target::ProcessResult mote(std::vector<std::string> args) {
    args.insert(args.begin(), mote_cli());
    return target::run_process(args, dir_, std::chrono::minutes(5));
  }
  std::filesystem::path dir_;
};

}  // namespace mote::test
