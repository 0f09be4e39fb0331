// openWakeWord in int8: scripts/oww_quantize.sh quantizes the embedding and
// hey_jarvis models with `mote quantize` on espeak-ng calibration audio; the
// int8 pipeline must detect "hey jarvis" in the same synthesized streams as
// the float pipeline, fire on no control stream the float one stays quiet
// on, and the two int8 models must take at most 30 % of the float bytes.
// The test set (scripts/oww_testset.sh, voices and texts the calibration
// does not use) is `small` (`ci` under ASan) unless MOTE_OWW_TESTSET_SIZE
// says otherwise.
// Models and calibration are cached outside the repository.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "compiler/audio/oww.h"
#include "compiler/audio/wav.h"
#include "compiler/tflite/reader.h"
#include "models/cli_runner.h"
#include "models/model_paths.h"
#include "models/oww_models.h"
#include "models/testset_csv.h"

namespace mote {
namespace {

constexpr const char* kWakeWord = "hey_jarvis_v0.1.tflite";

// The int8 models' directory (scripts/oww_quantize.sh), empty on failure.
std::filesystem::path int8_dir(std::string* output) {
  const test::CommandResult r = test::run_command(
      "MOTE='" + test::mote_cli() + "' bash '" +
      (test::detail::source_dir() / "scripts" / "oww_quantize.sh").string() + "'");
  *output = r.output;
  if (r.exit_code != 0) return {};
  std::string dir = r.output.substr(r.output.find_last_of('\n', r.output.size() - 2) + 1);
  while (!dir.empty() && dir.back() == '\n') dir.pop_back();
  return dir;
}

#define MOTE_REQUIRE_INT8(dir, output)                                                 \
  do {                                                                                 \
    if ((dir).empty()) {                                                               \
      if (std::getenv("CI")) FAIL() << "scripts/oww_quantize.sh failed:\n" << (output); \
      GTEST_SKIP() << "scripts/oww_quantize.sh failed (espeak-ng, sox installed?)";    \
    }                                                                                  \
  } while (0)

int count_ops(const ir::Subgraph& g, ir::OpType type, ir::DType weight_dtype) {
  return static_cast<int>(std::count_if(g.ops.begin(), g.ops.end(), [&](const ir::Op& op) {
    return op.type == type && g.tensors[op.inputs[1]].dtype == weight_dtype;
  }));
}

TEST(OwwQuantize, Int8ModelsTakeAtMost30PercentOfTheFloatBytes) {
  const std::filesystem::path models = test::oww_dir();
  MOTE_REQUIRE_OWW(models);
  std::string log;
  const std::filesystem::path int8 = int8_dir(&log);
  MOTE_REQUIRE_INT8(int8, log);
  const auto bytes = [](const std::filesystem::path& dir) {
    return std::filesystem::file_size(dir / "embedding_model.tflite") +
           std::filesystem::file_size(dir / kWakeWord);
  };
  EXPECT_LE(double(bytes(int8)), 0.30 * double(bytes(models)));
  std::printf("oww int8 bytes %ju of float %ju (%.1f %%)\n", uintmax_t(bytes(int8)),
              uintmax_t(bytes(models)), 100.0 * double(bytes(int8)) / double(bytes(models)));

  // Every convolution runs int8; hey_jarvis's layers too, its IF keeps the
  // verifier branch float with int8 (hybrid) weights.
  const ir::Model embedding = tflite::load_model((int8 / "embedding_model.tflite").string());
  const ir::Subgraph& e = embedding.subgraphs[0];
  EXPECT_EQ(count_ops(e, ir::OpType::kConv2D, ir::DType::kInt8), 20);
  EXPECT_EQ(count_ops(e, ir::OpType::kConv2D, ir::DType::kFloat32), 0);
  const ir::Model wakeword = tflite::load_model((int8 / kWakeWord).string());
  ASSERT_EQ(wakeword.subgraphs.size(), 3u);
  const ir::Subgraph& w = wakeword.subgraphs[0];
  EXPECT_EQ(count_ops(w, ir::OpType::kFullyConnected, ir::DType::kInt8), 3);
  EXPECT_EQ(count_ops(w, ir::OpType::kFullyConnected, ir::DType::kFloat32), 0);
  const auto is_if = [](const ir::Op& op) { return op.type == ir::OpType::kIf; };
  const auto it = std::find_if(w.ops.begin(), w.ops.end(), is_if);
  ASSERT_NE(it, w.ops.end());
  const ir::Subgraph& verifier = wakeword.subgraphs[it->opts<ir::IfOptions>().then_subgraph];
  EXPECT_EQ(count_ops(verifier, ir::OpType::kFullyConnected, ir::DType::kInt8), 3);
  EXPECT_EQ(count_ops(verifier, ir::OpType::kFullyConnected, ir::DType::kFloat32), 0);
}

TEST(OwwQuantize, Int8PipelineDetectsWhatTheFloatPipelineDetects) {
  const std::filesystem::path models = test::oww_dir();
  MOTE_REQUIRE_OWW(models);
  std::string log;
  const std::filesystem::path int8 = int8_dir(&log);
  MOTE_REQUIRE_INT8(int8, log);
  const char* env = std::getenv("MOTE_OWW_TESTSET_SIZE");
#ifdef __SANITIZE_ADDRESS__
  const char* fallback = "ci";  // two streams: the float embedding model is slow under ASan
#else
  const char* fallback = "small";
#endif
  const std::string size = env && *env ? env : fallback;
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("mote_oww_int8_" + size + "_" + std::to_string(getpid()));
  const std::string cmd = "bash '" +
                          (test::detail::source_dir() / "scripts" / "oww_testset.sh").string() +
                          "' '" + dir.string() + "' " + size + " 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "scripts/oww_testset.sh (oww_quantize.sh ran it)";
  audio::OwwListener float_listener(
      audio::OwwModelPaths::in_dir(models.string(), (models / kWakeWord).string()));
  audio::OwwListener int8_listener(
      audio::OwwModelPaths::in_dir(int8.string(), (int8 / kWakeWord).string()));
  int wake = 0, detected = 0, controls = 0, float_alarms = 0, int8_alarms = 0;
  double max_score_diff = 0;
  for (const auto& row : test::read_testset_csv(dir / "streams.csv")) {
    ASSERT_EQ(row.size(), 5u);
    const audio::Wav wav = audio::read_wav((dir / "streams" / row[0]).string());
    audio::OwwListener::Trace f, q;
    const bool f_fired = !float_listener.listen(wav.samples, audio::oww::kThreshold, &f).empty();
    const bool q_fired = !int8_listener.listen(wav.samples, audio::oww::kThreshold, &q).empty();
    ASSERT_EQ(f.raw_scores.size(), q.raw_scores.size());
    for (size_t c = audio::oww::kWarmupScores; c < f.raw_scores.size(); ++c) {
      max_score_diff = std::max(max_score_diff, double(std::fabs(f.raw_scores[c] - q.raw_scores[c])));
    }
    if (row[1] == "wake") {
      ++wake;
      detected += q_fired;
      EXPECT_EQ(q_fired, f_fired) << row[0] << ": float " << (f_fired ? "detects" : "misses")
                                  << " it, int8 " << (q_fired ? "detects" : "misses");
    } else {
      ++controls;
      float_alarms += f_fired;
      int8_alarms += q_fired;
      EXPECT_TRUE(!q_fired || f_fired) << row[0] << " (" << row[2] << "): new int8 false alarm";
    }
  }
  std::filesystem::remove_all(dir);
  EXPECT_GT(detected, 0);
  EXPECT_GT(controls, 0);
  std::printf("oww %s set: int8 detects %d/%d (as float), false alarms int8 %d float %d of %d, "
              "max |score diff| %.3f\n",
              size.c_str(), detected, wake, int8_alarms, float_alarms, controls, max_score_diff);
}

}  // namespace
}  // namespace mote
