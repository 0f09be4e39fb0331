// The qemu-m4 board without the code generator: a stand-in model whose invoke
// is a loop of exactly 2*N instructions (target_loop_model/) validates the
// harness, the instruction counter, the stack measurement and the link map
// reading.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "compiler/ir/error.h"
#include "compiler/target/firmware_image.h"
#include "compiler/target/process.h"
#include "compiler/target/qemu_runner.h"

namespace mote::target {
namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = MOTE_SOURCE_DIR;

class LoopFirmware : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    if (!find_program("qemu-system-arm") || !find_program("arm-none-eabi-gcc")) {
      if (std::getenv("CI")) FAIL() << "qemu-system-arm / arm-none-eabi-gcc missing";
      GTEST_SKIP() << "qemu-system-arm / arm-none-eabi-gcc missing";
    }
    char tmpl[] = "/tmp/mote-loop-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    for (const char* f : {"model.c", "model.h", "Makefile"}) {
      fs::copy_file(kSourceDir / "tests/unit/target_loop_model" / f, dir_ / f);
    }
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  fs::path build(int iterations) {
    const ProcessResult make =
        run_process({"make", "TARGET_DIR=" + (kSourceDir / "targets/qemu-m4").string(),
                     "MOTE_INCLUDE=" + (kSourceDir / "runtime/include").string(),
                     "ITERATIONS=" + std::to_string(iterations)},
                    dir_, std::chrono::seconds(120));
    EXPECT_EQ(make.exit_code, 0) << make.output;
    return dir_ / "firmware.elf";
  }
  fs::path dir_;
};

TEST_P(LoopFirmware, CountsTheLoopsInstructionsWithinOneTick) {
  const int iterations = GetParam();
  const fs::path elf = build(iterations);
  const DeviceRun run = run_firmware(elf, dir_, {{1, 2, 3, 4}}, 1, std::chrono::seconds(60));
  const int64_t expected = 2LL * iterations;
  EXPECT_EQ(run.instructions_resolution, 40);
  // The measured region is the loop plus a call, a return and a 4-byte copy
  // (< 40 instructions), read by a counter of 40-instruction ticks.
  EXPECT_GE(run.instructions, expected - run.instructions_resolution);
  EXPECT_LE(run.instructions, expected + 2 * run.instructions_resolution);
  EXPECT_EQ(run.instructions % run.instructions_resolution, 0);

  ASSERT_EQ(run.outputs.size(), 1u);
  EXPECT_EQ(run.outputs[0], (std::vector<uint8_t>{4, 3, 2, 1}));
  EXPECT_EQ(run.arena_bytes, 16);
  EXPECT_GT(run.stack_high_water_bytes, 0);
  EXPECT_LT(run.stack_high_water_bytes, 4096);
  EXPECT_GT(run.sections.code_bytes, 0);
  EXPECT_EQ(run.sections.weight_bytes, 0);  // no model_data.c here
  EXPECT_EQ(run.sections.stack_reserved_bytes, 64 * 1024);
  EXPECT_EQ(run.data_bss_bytes(), 0);
}

INSTANTIATE_TEST_SUITE_P(Iterations, LoopFirmware, ::testing::Values(1000, 123457, 5000000));

TEST_F(LoopFirmware, LinksNoHeapFunctions) {
  const fs::path elf = build(10);
  const std::vector<std::string> symbols = elf_defined_symbols(elf);
  EXPECT_NE(std::find(symbols.begin(), symbols.end(), "Reset_Handler"), symbols.end());
  EXPECT_NE(std::find(symbols.begin(), symbols.end(), "mote_model_invoke"), symbols.end());
  EXPECT_EQ(heap_symbols(symbols), std::vector<std::string>{});
}

TEST(HeapSymbols, RecognisesTheHeapFamily) {
  EXPECT_EQ(heap_symbols({"malloc", "_free_r", "_sbrk", "_Znwj", "_ZdlPv", "memcpy", "freeze"}),
            (std::vector<std::string>{"malloc", "_free_r", "_sbrk", "_Znwj", "_ZdlPv"}));
}

TEST_F(LoopFirmware, NonZeroExitIsAClearError) {
  const fs::path elf = build(10);
  // A 3-byte input file: the harness refuses it (exit 11).
  try {
    run_firmware(elf, dir_, {{1, 2, 3}}, 1, std::chrono::seconds(60));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("wrong size"), std::string::npos) << e.what();
  }
}

// 4e9 instructions take QEMU many seconds: a 1 s budget must stop it.
TEST_F(LoopFirmware, QemuTimeoutIsAClearError) {
  const fs::path elf = build(2000000000);
  const auto start = std::chrono::steady_clock::now();
  try {
    run_firmware(elf, dir_, {{1, 2, 3, 4}}, 1, std::chrono::seconds(1));
    FAIL() << "expected a timeout";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLimit);
    EXPECT_NE(std::string(e.what()).find("did not finish within 1 s"), std::string::npos)
        << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace mote::target
