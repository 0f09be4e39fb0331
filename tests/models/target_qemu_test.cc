// `mote run --target qemu-m4` on the six int8 MLPerf Tiny models: the
// firmware's outputs must equal TFLite Micro's goldens byte for byte, the
// firmware must link no heap function, and the report must carry the
// measured flash, RAM and instructions.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "compiler/io/random_input.h"
#include "compiler/target/firmware_image.h"
#include "compiler/target/process.h"
#include "compiler/target/qemu_runner.h"
#include "models/model_paths.h"
#include "models/target_cli.h"

namespace mote {
namespace {

namespace fs = std::filesystem;

using TargetQemuRun = test::TargetCliTest;

class TargetQemuGolden : public test::TargetCliTest,
                         public testing::WithParamInterface<std::string> {};

TEST_P(TargetQemuGolden, OutputsMatchGoldenAndReportIsMeasured) {
  MOTE_REQUIRE_MODELS();
  MOTE_REQUIRE_BOARD_TOOLS();
  const std::string model = GetParam();
  const fs::path out = dir_ / "out.bin";
  const fs::path firmware = dir_ / "fw";
  const auto r =
      mote({"run", test::mlperf_tiny_model(model).string(), "--target", "qemu-m4", "--random-input",
            "1", "--output", out.string(), "--build-dir", firmware.string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(test::read_file(out),
            test::read_file(test::golden_dir() / model / "seed1" / "output.bin"));

  const auto j = nlohmann::json::parse(r.output);
  const int64_t instructions = j.at("instructions");
  const int64_t macs = j.at("macs");
  EXPECT_GT(macs, 0);
  EXPECT_EQ(instructions % j.at("instructions_resolution").get<int64_t>(), 0);
  // An instruction does 2 MACs at most (SMLAD; the optimized GEMM runs ResNet
  // large at ~1 per MAC); reference kernels stay far below 100 per MAC.
  EXPECT_GT(2 * instructions, macs);
  EXPECT_LT(instructions, 100 * macs);
  EXPECT_GT(j.at("flash_weight_bytes").get<int64_t>(), 0);
  EXPECT_GT(j.at("flash_code_bytes").get<int64_t>(), 0);
  EXPECT_GT(j.at("stack_bytes").get<int64_t>(), 0);
  EXPECT_GE(j.at("ram_bytes").get<int64_t>(),
            j.at("arena_bytes").get<int64_t>() + j.at("stack_bytes").get<int64_t>());
  EXPECT_EQ(j.at("outputs").at(0).at("sha256").get<std::string>().size(), 64u);

  // The weights the firmware stores include at least every constant tensor
  // the analyzer counts.
  const auto analyze = mote({"analyze", test::mlperf_tiny_model(model).string(), "--json"});
  ASSERT_EQ(analyze.exit_code, 0) << analyze.output;
  const auto a = nlohmann::json::parse(analyze.output);
  EXPECT_GE(j.at("flash_weight_bytes").get<int64_t>(), a.at("weight_bytes").get<int64_t>());
  EXPECT_EQ(macs, a.at("macs").get<int64_t>());  // instructions per MAC use the analyzer's MACs

  const auto symbols = target::elf_defined_symbols(firmware / "firmware.elf");
  EXPECT_NE(std::find(symbols.begin(), symbols.end(), "mote_model_invoke"), symbols.end());
  EXPECT_EQ(target::heap_symbols(symbols), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(MlperfTinyInt8, TargetQemuGolden,
                         testing::Values("kws_ds_cnn_int8", "vww_mobilenet_v1_025_96_int8",
                                         "ic_resnet8_int8", "ic_resnet_large_int8",
                                         "ad_fc_autoencoder_int8", "sww_streaming_wakeword"));

// Float and hybrid kernels round exactly as on the host (the board build
// turns off FMA contraction), so `mote run --target` (which fails on any
// differing byte) succeeds for them too.
class TargetQemuFloat : public test::TargetCliTest,
                        public testing::WithParamInterface<std::string> {};

TEST_P(TargetQemuFloat, OutputsMatchTheHostRuntime) {
  MOTE_REQUIRE_MODELS();
  MOTE_REQUIRE_BOARD_TOOLS();
  const auto r = mote({"run", test::mlperf_tiny_model(GetParam()).string(), "--target", "qemu-m4",
                       "--random-input", "1", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(nlohmann::json::parse(r.output).at("matches_host").get<bool>());
}

INSTANTIATE_TEST_SUITE_P(FloatAndHybrid, TargetQemuFloat,
                         testing::Values("ad_fc_autoencoder_float32", "kws_ds_cnn_dynrange_quant"));

// The tree `mote compile --target qemu-m4` writes also builds its firmware
// with CMake (target/target.cmake), and that firmware computes the golden too.
TEST_F(TargetQemuRun, CMakeBuiltFirmwareMatchesTheGolden) {
  MOTE_REQUIRE_MODELS();
  MOTE_REQUIRE_BOARD_TOOLS();
  const std::string model = "kws_ds_cnn_int8";
  const fs::path tree = dir_ / "tree";
  const auto compile = mote({"compile", test::mlperf_tiny_model(model).string(), "-o",
                             tree.string(), "--target", "qemu-m4"});
  ASSERT_EQ(compile.exit_code, 0) << compile.output;
  const auto configure =
      target::run_process({"cmake", "-S", ".", "-B", "build"}, tree, std::chrono::minutes(2));
  ASSERT_EQ(configure.exit_code, 0) << configure.output;
  const auto build =
      target::run_process({"cmake", "--build", "build", "-j2"}, tree, std::chrono::minutes(5));
  ASSERT_EQ(build.exit_code, 0) << build.output;

  io::RandomByteStream stream(1);
  std::vector<uint8_t> input(49 * 10);  // the KWS input: 49x10 int8
  for (uint8_t& b : input) b = stream.next();
  const target::DeviceRun run = target::run_firmware(tree / "build" / "firmware.elf", tree, {input},
                                                     1, std::chrono::seconds(60));
  EXPECT_EQ(run.outputs.at(0),
            test::read_file(test::golden_dir() / model / "seed1" / "output.bin"));
  EXPECT_GT(run.sections.weight_bytes, 0);
  EXPECT_EQ(run.heap_symbols, std::vector<std::string>{});
}

TEST_F(TargetQemuRun, BoardWithoutEmulatorIsAUsageError) {
  MOTE_REQUIRE_MODELS();
  const auto r = mote({"run", test::mlperf_tiny_model("ad_fc_autoencoder_int8").string(),
                       "--target", "apollo3", "--random-input", "1"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("no emulator"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace mote
