// `mote compile` as a user runs it: writes the tree and reports its sizes,
// checks a --target preset's memory (exit 8 naming the region and overflow),
// and refuses an unknown target by name.
#include <gtest/gtest.h>

#include "models/compile_tree.h"

namespace mote {
namespace {

namespace fs = std::filesystem;

using test::mote_cli;

TEST(CompileCli, WritesTheTreeAndReportsArenaAndConstants) {
  MOTE_REQUIRE_MODELS();
  const fs::path dir = test::fresh_dir("cli_kws");
  const test::CommandResult r = test::run_command(
      mote_cli() + " compile " + test::quoted(test::mlperf_model("kws_ds_cnn_int8")) + " -o " +
      test::quoted(dir) + " --target cortex-m4-256k");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const ir::Model model = tflite::load_model(test::mlperf_model("kws_ds_cnn_int8").string());
  const auto exe = plan::Executable::build(model);
  EXPECT_NE(r.output.find("arena " + std::to_string(exe->plan().arena_bytes) + " bytes"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("fits cortex-m4-256k"), std::string::npos) << r.output;
  for (const char* file : {"model.h", "model.c", "model_data.c", "Makefile", "CMakeLists.txt"}) {
    EXPECT_TRUE(fs::exists(dir / file)) << file;
  }
}

TEST(CompileCli, ModelTooLargeForThePresetExitsEightNamingRegionAndOverflow) {
  MOTE_REQUIRE_MODELS();
  // ~1.9 MB of float weights against apollo3's 1 MB of flash.
  const fs::path dir = test::fresh_dir("cli_too_large");
  const test::CommandResult r = test::run_command(
      mote_cli() + " compile " + test::quoted(test::mlperf_model("ic_resnet_large_float32")) +
      " -o " + test::quoted(dir) + " --target apollo3");
  EXPECT_EQ(r.exit_code, 8) << r.output;
  EXPECT_NE(r.output.find("does not fit apollo3: region flash overflows by"), std::string::npos)
      << r.output;
}

TEST(CompileCli, UnknownTargetIsAUsageError) {
  MOTE_REQUIRE_MODELS();
  const fs::path dir = test::fresh_dir("cli_unknown");
  const test::CommandResult r = test::run_command(
      mote_cli() + " compile " + test::quoted(test::mlperf_model("kws_ds_cnn_int8")) + " -o " +
      test::quoted(dir) + " --target no-such-board");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("no-such-board"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace mote
