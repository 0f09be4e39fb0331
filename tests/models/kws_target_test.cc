// `mote listen --target qemu-m4`: the front end and the model run on the
// emulated Cortex-M4 and must give exactly the host's events (label, time,
// score) on the same WAV, with the front end's and the model's instructions
// and RAM reported separately. QEMU runs are kept to a few seconds of audio.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "compiler/audio/wav.h"
#include "compiler/target/process.h"
#include "models/cli_runner.h"
#include "models/model_paths.h"
#include "models/target_cli.h"
#include "mote/frontend/kws_mfcc.h"
#include "mote/frontend/sww_log_mel.h"

namespace mote {
namespace {

namespace fs = std::filesystem;

std::string model(const char* name) { return (test::models_dir() / "mlperf_tiny" / name).string(); }
fs::path golden(const char* path) { return test::models_dir().parent_path() / "audio_golden" / path; }

// `mote listen ARGS --json`: stdout alone must be the event list (a device
// target writes its measurements to stderr, dropped here).
nlohmann::json listen_json(const std::string& args) {
  const test::CommandResult r =
      test::run_command("{ " + test::mote_cli() + " listen " + args + " --json 2>/dev/null; }");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  if (r.exit_code != 0) return nullptr;
  return nlohmann::json::parse(r.output);
}

// Host and device events, compared field by field with no tolerance.
void expect_same_events(const nlohmann::json& host, const nlohmann::json& device) {
  ASSERT_TRUE(host.is_array());
  ASSERT_EQ(host.size(), device.size()) << "host " << host.dump() << "\ndevice " << device.dump();
  for (size_t i = 0; i < host.size(); ++i) {
    EXPECT_EQ(host[i].at("label"), device[i].at("label")) << i;
    EXPECT_EQ(host[i].at("time_s").get<double>(), device[i].at("time_s").get<double>()) << i;
    EXPECT_EQ(host[i].at("score").get<double>(), device[i].at("score").get<double>()) << i;
  }
}

// `mote listen ARGS` on the host and on qemu-m4: the device's event list must
// be the host's exactly, and so must the events of its --report file, which is
// returned.
nlohmann::json device_report(const std::string& args) {
  const auto host = listen_json(args);
  char tmpl[] = "/tmp/mote-kws-report-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) return nullptr;
  const fs::path report_path = fs::path(tmpl) / "report.json";
  const auto device = listen_json(args + " --target qemu-m4 --report " + report_path.string());
  if (device.is_null()) return device;
  expect_same_events(host, device);
  std::ifstream in(report_path);
  const nlohmann::json report = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  fs::remove_all(tmpl);
  EXPECT_FALSE(report.is_discarded()) << "--report wrote no JSON";
  if (report.is_discarded()) return nullptr;
  expect_same_events(host, report.at("events"));
  return report;
}

// The measurements every device report carries.
void expect_measured(const nlohmann::json& d, int64_t windows, int64_t audio_buffer_bytes) {
  EXPECT_EQ(d.at("matches_host"), true);
  EXPECT_EQ(d.at("windows").get<int64_t>(), windows);
  const auto& fe = d.at("frontend");
  const auto& m = d.at("model");
  EXPECT_GT(fe.at("instructions").get<int64_t>(), 0);
  EXPECT_GT(m.at("instructions").get<int64_t>(), 0);
  EXPECT_GT(fe.at("instructions_per_second").get<double>(), 0);
  EXPECT_GT(m.at("instructions_per_second").get<double>(), 0);
  // The model is at least one instruction per two MACs (SMLAD does two).
  EXPECT_GE(2 * m.at("instructions_per_inference").get<double>(),
            m.at("macs_per_inference").get<double>());
  // The front end holds its tables and scratch plus the samples it analyses.
  EXPECT_GT(fe.at("state_bytes").get<int64_t>(), 0);
  EXPECT_EQ(fe.at("audio_buffer_bytes").get<int64_t>(), audio_buffer_bytes);
  EXPECT_EQ(fe.at("ram_bytes").get<int64_t>(),
            fe.at("state_bytes").get<int64_t>() + audio_buffer_bytes);
  EXPECT_GT(m.at("ram_bytes").get<int64_t>(), 0);
  EXPECT_GT(d.at("stack_bytes").get<int64_t>(), 0);
}

void write_wav(const fs::path& path, const std::vector<int16_t>& samples) {
  auto u32 = [](uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); };
  auto u16 = [](uint16_t v) { return std::string(reinterpret_cast<const char*>(&v), 2); };
  const uint32_t data_bytes = uint32_t(samples.size() * 2);
  std::ofstream out(path, std::ios::binary);
  out << "RIFF" << u32(36 + data_bytes) << "WAVEfmt " << u32(16) << u16(1) << u16(1)
      << u32(16000) << u32(32000) << u16(2) << u16(16) << "data" << u32(data_bytes);
  out.write(reinterpret_cast<const char*>(samples.data()), data_bytes);
}

TEST(KwsTarget, OneSecondClipGivesTheHostEvent) {
  MOTE_REQUIRE_MODELS();
  MOTE_REQUIRE_BOARD_TOOLS();
  const auto device = device_report(model("kws_ds_cnn_int8.tflite") + " --wav " +
                                    golden("kws/left__us_m_160.wav").string());
  ASSERT_FALSE(device.is_null());
  ASSERT_EQ(device.at("events").size(), 1u);
  EXPECT_EQ(device["events"][0]["label"], "left");
  expect_measured(device, 1, frontend::kws::kClipSamples * 2);
  EXPECT_EQ(device.at("audio_seconds").get<double>(), 1.0);
}

TEST(KwsTarget, SlidingWindowStreamGivesTheHostEvents) {
  MOTE_REQUIRE_MODELS();
  MOTE_REQUIRE_BOARD_TOOLS();
  // 2.5 s: "left", then "yes" starting at 1.5 s (a stream, not a clip).
  const auto left = audio::read_wav(golden("kws/left__us_m_160.wav").string()).samples;
  const auto yes = audio::read_wav(golden("kws/yes__us_m_160.wav").string()).samples;
  std::vector<int16_t> stream(40000, 0);
  std::copy(left.begin(), left.end(), stream.begin());
  std::copy(yes.begin(), yes.end(), stream.begin() + 24000);
  char tmpl[] = "/tmp/mote-kws-target-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const fs::path wav = fs::path(tmpl) / "stream.wav";
  write_wav(wav, stream);

  const auto device = device_report(model("kws_ds_cnn_int8.tflite") + " --wav " + wav.string());
  fs::remove_all(tmpl);
  ASSERT_FALSE(device.is_null());
  EXPECT_FALSE(device.at("events").empty()) << "the stream holds two keywords";
  // Windows end at 1 s, 1.125 s, ... 2.5 s.
  expect_measured(device, 1 + (40000 - 16000) / 2000, frontend::kws::kClipSamples * 2);
}

TEST(KwsTarget, WakeWordStreamGivesTheHostEvents) {
  MOTE_REQUIRE_MODELS();
  MOTE_REQUIRE_BOARD_TOOLS();
  const auto device = device_report(model("sww_streaming_wakeword.tflite") + " --wav " +
                                    golden("sww/marvin_stream_us_m_160.wav").string());
  ASSERT_FALSE(device.is_null());
  ASSERT_EQ(device.at("events").size(), 1u);
  EXPECT_EQ(device["events"][0]["label"], "marvin");
  // 4 s = 125 hops; the first hop completes no 1024-sample frame.
  expect_measured(device, 124, frontend::sww::kHop * 2);
}

TEST(KwsTarget, MissingToolchainIsNamed) {
  MOTE_REQUIRE_MODELS();
  const test::CommandResult r =
      test::run_command("PATH=/nonexistent " + test::mote_cli() + " listen " +
                        model("kws_ds_cnn_int8.tflite") + " --target qemu-m4 --wav " +
                        golden("kws/left__us_m_160.wav").string());
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("--target qemu-m4: make not found on PATH"), std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace mote
