// Accuracy on speech the models never saw: a test set synthesized with
// espeak-ng by scripts/kws_testset.sh (small by default, to keep CI fast;
// MOTE_KWS_TESTSET_SIZE=full for the 10 keywords x 12 voices set).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "compiler/audio/listen.h"
#include "compiler/audio/wav.h"
#include "compiler/tflite/reader.h"
#include "models/model_paths.h"
#include "models/testset_csv.h"
#include "mote/frontend/kws_mfcc.h"

namespace mote {
namespace {

namespace fe = frontend;

std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& path) {
  return test::read_testset_csv(path);
}

class KwsTestSet : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* env = std::getenv("MOTE_KWS_TESTSET_SIZE");
    size_ = env && *env ? env : "small";
    dir_ = std::filesystem::temp_directory_path() /
           ("mote_kws_testset_" + size_ + "_" + std::to_string(getpid()));
    const std::string cmd = "bash '" + (test::detail::source_dir() / "scripts" / "kws_testset.sh").string() +
                            "' '" + dir_.string() + "' " + size_ + " >/dev/null";
    generated_ = std::system(cmd.c_str()) == 0;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }

  void SetUp() override {
    MOTE_REQUIRE_MODELS();
    if (!generated_) {
      if (std::getenv("CI")) FAIL() << "scripts/kws_testset.sh failed (espeak-ng and sox installed?)";
      GTEST_SKIP() << "scripts/kws_testset.sh failed (espeak-ng and sox installed?)";
    }
  }

  static std::string model(const char* name) {
    return (test::models_dir() / "mlperf_tiny" / name).string();
  }

  static inline std::string size_;
  static inline std::filesystem::path dir_;
  static inline bool generated_ = false;
};

TEST_F(KwsTestSet, ClipsAreClassified) {
  const std::string path = model("kws_ds_cnn_int8.tflite");
  const ir::Model m = tflite::load_model(path);
  audio::KwsListener listener(m, path);
  int keywords = 0, keywords_right = 0, negatives = 0, negatives_unknown = 0, noise = 0,
      noise_silence = 0;
  for (const auto& row : read_csv(dir_ / "clips.csv")) {
    ASSERT_EQ(row.size(), 2u);
    const audio::Wav wav = audio::read_wav((dir_ / row[0]).string());
    const auto out = listener.classify(wav.samples);
    const std::string top = fe::kws::kLabels[std::max_element(out.begin(), out.end()) - out.begin()];
    if (row[1] == "unknown") {
      ++negatives;
      negatives_unknown += top == "unknown";
    } else if (row[1] == "silence") {
      ++noise;
      noise_silence += top == "silence";
    } else {
      ++keywords;
      keywords_right += top == row[1];
      if (top != row[1]) std::printf("  %s -> %s\n", row[0].c_str(), top.c_str());
    }
  }
  std::printf("kws %s set: keywords %d/%d top-1 right (%.1f %%), negatives %d/%d unknown (%.1f %%), "
              "noise %d/%d silence\n",
              size_.c_str(), keywords_right, keywords, 100.0 * keywords_right / keywords,
              negatives_unknown, negatives, 100.0 * negatives_unknown / negatives, noise_silence, noise);
  ASSERT_GE(keywords, 30);
  EXPECT_GE(keywords_right, 0.8 * keywords);
  EXPECT_GE(negatives_unknown, 0.95 * negatives);
  EXPECT_GE(noise_silence, noise - noise / 2);
}

// Each keyword clip embedded in a 4-s stream (noise, keyword, a negative,
// noise): the sliding window must fire that keyword once, during or just
// after it, and nothing else.
TEST_F(KwsTestSet, KeywordsAreFoundInStreams) {
  const std::string path = model("kws_ds_cnn_int8.tflite");
  const ir::Model m = tflite::load_model(path);
  audio::KwsListener listener(m, path);
  std::vector<int16_t> noise, negative;
  std::vector<std::pair<std::string, std::string>> keyword_clips;
  for (const auto& row : read_csv(dir_ / "clips.csv")) {
    if (row[1] == "silence" && noise.empty()) noise = audio::read_wav((dir_ / row[0]).string()).samples;
    else if (row[1] == "unknown" && negative.empty()) negative = audio::read_wav((dir_ / row[0]).string()).samples;
    else if (row[1] != "silence" && row[1] != "unknown") keyword_clips.push_back({row[0], row[1]});
  }
  ASSERT_FALSE(noise.empty());
  ASSERT_FALSE(negative.empty());
  // Each stream is ~25 inferences: the CI set keeps to one voice (seconds
  // under the sanitizers too).
  if (size_ == "small") keyword_clips.resize(std::min<size_t>(keyword_clips.size(), 10));
  int found = 0, false_alarms = 0;
  for (const auto& [file, label] : keyword_clips) {
    std::vector<int16_t> stream = noise;
    const auto clip = audio::read_wav((dir_ / file).string()).samples;
    stream.insert(stream.end(), clip.begin(), clip.end());
    stream.insert(stream.end(), negative.begin(), negative.end());
    stream.insert(stream.end(), noise.begin(), noise.end());
    bool hit = false;
    for (const auto& e : listener.listen(stream)) {
      if (e.label == label && e.time_s > 1.5 && e.time_s < 3.0 && !hit) hit = true;
      else ++false_alarms;
    }
    found += hit;
  }
  const int n = int(keyword_clips.size());
  std::printf("kws %s streams: %d/%d keywords found (%.1f %%), %d false alarms\n", size_.c_str(),
              found, n, 100.0 * found / n, false_alarms);
  EXPECT_GE(found, 0.7 * n);
  EXPECT_LE(false_alarms, n / 5);
}

TEST_F(KwsTestSet, MarvinIsDetectedInStreamsAndNowhereElse) {
  const std::string path = model("sww_streaming_wakeword.tflite");
  const ir::Model m = tflite::load_model(path);
  audio::SwwListener listener(m, path);
  int marvin = 0, detected = 0, controls = 0, false_alarms = 0;
  for (const auto& row : read_csv(dir_ / "streams.csv")) {
    ASSERT_EQ(row.size(), 5u);
    const double start = std::stod(row[3]), end = std::stod(row[4]);
    const auto events = listener.listen(audio::read_wav((dir_ / row[0]).string()).samples);
    if (row[1] == "marvin") {
      ++marvin;
      bool hit = false;
      for (const auto& e : events) {
        // Fires once the word is (mostly) inside the window, within 1 s of its end.
        if (e.time_s > start && e.time_s < end + 1.0 && !hit) hit = true;
        else ++false_alarms;
      }
      detected += hit;
      if (!hit) std::printf("  missed %s\n", row[0].c_str());
    } else {
      ++controls;
      false_alarms += int(events.size());
      if (!events.empty()) std::printf("  false alarm in %s\n", row[0].c_str());
    }
  }
  std::printf("sww %s streams: marvin detected in %d/%d (%.1f %%), %d false alarms in %d control "
              "streams\n",
              size_.c_str(), detected, marvin, 100.0 * detected / marvin, false_alarms, controls);
  ASSERT_GE(marvin, 2);
  EXPECT_GE(detected, 0.9 * marvin);
  EXPECT_EQ(false_alarms, 0);
}

}  // namespace
}  // namespace mote
