// The CLI as a user runs it: `build/mote run ... --output` must write bytes
// identical to TFLite Micro's goldens; `mote analyze` must report the
// published MAC counts; bad input must give a named error and non-zero exit.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "models/cli_runner.h"
#include "models/model_paths.h"

namespace mote {
namespace {

namespace fs = std::filesystem;

using test::CommandResult;

CommandResult run_cli(const std::string& args) { return test::run_command(test::mote_cli() + " " + args); }

fs::path model_path(const std::string& name) {
  return test::models_dir() / "mlperf_tiny" / (name + ".tflite");
}

class CliGoldenOutput : public testing::TestWithParam<std::string> {};

TEST_P(CliGoldenOutput, RunRandomInputWritesGoldenBytes) {
  MOTE_REQUIRE_MODELS();
  const std::string model = GetParam();
  const fs::path out = fs::temp_directory_path() / ("mote_cli_" + model + ".bin");
  const CommandResult r =
      run_cli("run " + model_path(model).string() + " --random-input 1 --output " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(test::read_file(out), test::read_file(test::golden_dir() / model / "seed1" / "output.bin"));
  fs::remove(out);
}

INSTANTIATE_TEST_SUITE_P(MlperfTinyInt8, CliGoldenOutput,
                         testing::Values("kws_ds_cnn_int8", "vww_mobilenet_v1_025_96_int8",
                                         "ic_resnet8_int8", "ic_resnet_large_int8",
                                         "ad_fc_autoencoder_int8", "sww_streaming_wakeword"));

struct MacCase {
  const char* model;
  int64_t macs;  // published count
};

class CliAnalyzeMacs : public testing::TestWithParam<MacCase> {};

TEST_P(CliAnalyzeMacs, MatchesPublishedCount) {
  MOTE_REQUIRE_MODELS();
  const CommandResult r = run_cli("analyze --json " + model_path(GetParam().model).string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j.at("macs").get<int64_t>(), GetParam().macs);
  EXPECT_GT(j.at("arena_bytes").get<int64_t>(), 0);
  EXPECT_GT(j.at("weight_bytes").get<int64_t>(), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Published, CliAnalyzeMacs,
    testing::Values(MacCase{"kws_ds_cnn_int8", 2656768}, MacCase{"vww_mobilenet_v1_025_96_int8", 7489664},
                    MacCase{"ic_resnet8_int8", 12501632}, MacCase{"ad_fc_autoencoder_int8", 264192}),
    [](const auto& info) { return std::string(info.param.model); });

TEST(CliErrors, MissingFileNamesIt) {
  const CommandResult r = run_cli("run /nonexistent/model.tflite --random-input 1");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("mote: error: /nonexistent/model.tflite"), std::string::npos) << r.output;
}

TEST(CliErrors, TruncatedModelIsMalformed) {
  MOTE_REQUIRE_MODELS();
  std::vector<uint8_t> bytes = test::read_file(model_path("kws_ds_cnn_int8"));
  bytes.resize(bytes.size() / 3);
  const fs::path p = fs::temp_directory_path() / "mote_cli_truncated.tflite";
  std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const CommandResult r = run_cli("analyze " + p.string());
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_NE(r.output.find("mote: error: " + p.string() + ":"), std::string::npos) << r.output;
  fs::remove(p);
}

TEST(CliErrors, WrongInputSizeNamesTensor) {
  MOTE_REQUIRE_MODELS();
  const fs::path p = fs::temp_directory_path() / "mote_cli_short_input.bin";
  std::ofstream(p, std::ios::binary).write("abc", 3);
  const CommandResult r = run_cli("run " + model_path("kws_ds_cnn_int8").string() + " --input " + p.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("has 3 bytes"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("needs 490"), std::string::npos) << r.output;
  fs::remove(p);
}

TEST(CliRun, JsonReportsSha256OfEachOutput) {
  MOTE_REQUIRE_MODELS();
  const CommandResult r = run_cli("run --json --random-input 1 --repeat 3 " +
                                  model_path("ad_fc_autoencoder_int8").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto j = nlohmann::json::parse(r.output);
  ASSERT_EQ(j.at("outputs").size(), 1u);
  EXPECT_EQ(j["outputs"][0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(j["outputs"][0]["shape"], nlohmann::json({1, 640}));
  EXPECT_EQ(j["timing"]["repeat"], 3);
}

}  // namespace
}  // namespace mote
