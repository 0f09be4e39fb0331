// `mote listen` as a user runs it: JSON events for clips and streams, named
// errors with the documented exit codes for bad WAVs and mismatched models.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "models/cli_runner.h"
#include "models/model_paths.h"

namespace mote {
namespace {

namespace fs = std::filesystem;

// Exit code and combined stdout/stderr of `mote ARGS`.
std::pair<int, std::string> listen(const std::string& args) {
  const test::CommandResult r = test::run_command(test::mote_cli() + " listen " + args);
  return {r.exit_code, r.output};
}

std::string model(const char* name) { return (test::models_dir() / "mlperf_tiny" / name).string(); }
fs::path golden(const char* path) { return test::models_dir().parent_path() / "audio_golden" / path; }

TEST(KwsCli, ClassifiesAOneSecondClipWhole) {
  MOTE_REQUIRE_MODELS();
  const auto [code, out] =
      listen(model("kws_ds_cnn_int8.tflite") + " --wav " + golden("kws/left__us_m_160.wav").string() + " --json");
  ASSERT_EQ(code, 0) << out;
  const auto events = nlohmann::json::parse(out);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["label"], "left");
  EXPECT_DOUBLE_EQ(events[0]["time_s"].get<double>(), 1.0);
  EXPECT_GT(events[0]["score"].get<double>(), 0.9);
}

TEST(KwsCli, DetectsMarvinInTheGoldenStream) {
  MOTE_REQUIRE_MODELS();
  const auto [code, out] = listen(model("sww_streaming_wakeword.tflite") + " --wav " +
                                  golden("sww/marvin_stream_us_m_160.wav").string() + " --json");
  ASSERT_EQ(code, 0) << out;
  const auto events = nlohmann::json::parse(out);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["label"], "marvin");
  EXPECT_NEAR(events[0]["time_s"].get<double>(), 1.76, 1e-9);
}

TEST(KwsCli, RefusesBadWavsAndMismatchedModelsByName) {
  MOTE_REQUIRE_MODELS();
  const fs::path bad = fs::temp_directory_path() / "mote_kws_cli_bad.wav";
  std::ofstream(bad, std::ios::binary) << std::string("RIFF\x10\0\0\0WAVEfmt ", 16);  // truncated
  auto [code, out] = listen(model("kws_ds_cnn_int8.tflite") + " --wav " + bad.string());
  EXPECT_EQ(code, 4) << out;
  EXPECT_NE(out.find("mote: error: " + bad.string() + ": "), std::string::npos) << out;
  fs::remove(bad);

  std::tie(code, out) = listen(model("kws_ds_cnn_int8.tflite") + " --wav /nonexistent.wav");
  EXPECT_EQ(code, 3) << out;

  std::tie(code, out) = listen(model("ic_resnet8_int8.tflite") + " --pipeline kws --wav " +
                               golden("kws/left__us_m_160.wav").string());
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("the kws pipeline needs 490 int8 values"), std::string::npos) << out;
}

}  // namespace
}  // namespace mote
