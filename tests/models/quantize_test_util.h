// Shared by the quantization model tests: calibration data (AD windows,
// synthesized images from scripts/calibration_images.sh) and the SQNR bar
// against the official int8 models.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "compiler/quantize/calibration_data.h"
#include "compiler/tflite/reader.h"
#include "compiler/tflite/writer.h"
#include "models/cli_runner.h"
#include "models/model_paths.h"

namespace mote::test {

inline std::filesystem::path mlperf(const std::string& file) {
  return models_dir() / "mlperf_tiny" / file;
}

// `count` images from the project's generator, as one raw float32 file in a
// fresh directory under the test temp dir.
inline std::filesystem::path synthesized_images(const std::string& name, int count, int size,
                                                float scale, int seed) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "mote_quantize";
  std::filesystem::create_directories(dir);
  const std::filesystem::path out = dir / (name + ".bin");
  const std::string script = std::string(MOTE_SOURCE_DIR) + "/scripts/calibration_images.sh";
  const CommandResult r = run_command(script + " " + out.string() + " " + std::to_string(count) +
                                      " " + std::to_string(size) + " " + std::to_string(size) +
                                      " " + std::to_string(scale) + " " + std::to_string(seed));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return out;
}

// The AD clip's 640-value windows (5 frames x 128 mels) one frame apart:
// frames [0, split) for calibration, the rest held out.
struct AdWindows {
  quantize::CalibrationSet calibration, held_out;
};
inline AdWindows ad_windows(const ir::Tensor& input, int split_frame) {
  const std::string clip = mlperf("data/ad_normal_id_01_00000000_hist_librosa_f32.bin").string();
  quantize::CalibrationOptions options;
  options.stride = 128;
  const quantize::CalibrationSet all = quantize::load_calibration(clip, input, options);
  AdWindows w;
  for (size_t i = 0; i < all.samples.size(); ++i) {
    const bool early = static_cast<int>(i) + 5 <= split_frame;
    (early ? w.calibration : w.held_out).samples.push_back(all.samples[i]);
  }
  return w;
}

// The bar from the issue: within 1 dB of the official int8 model's SQNR on
// the same inputs.
inline constexpr double kSqnrToleranceDb = 1.0;

// The size bar: the .tflite file Mote writes for `ours` is no larger than
// the official int8 file (file bytes, not just weights: per-channel
// parameters are what made AD's file larger).
inline void expect_file_no_larger(const ir::Model& ours, const std::string& official_file) {
  const auto written = static_cast<int64_t>(tflite::write_tflite(ours).size());
  const auto official = static_cast<int64_t>(std::filesystem::file_size(mlperf(official_file)));
  ::testing::Test::RecordProperty("file_bytes", std::to_string(written));
  ::testing::Test::RecordProperty("official_file_bytes", std::to_string(official));
  EXPECT_LE(written, official) << official_file;
}

}  // namespace mote::test
