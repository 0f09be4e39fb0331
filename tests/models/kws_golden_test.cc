// The audio front end against ../shared/audio_golden (float64 reference of
// the pipelines the MLPerf Tiny KWS and SWW models were trained with): tables,
// float stages, int8 model inputs, model outputs and detections.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "compiler/audio/listen.h"
#include "compiler/audio/wav.h"
#include "compiler/tflite/reader.h"
#include "models/model_paths.h"
#include "mote/frontend/kws_mfcc.h"
#include "mote/frontend/sww_log_mel.h"

namespace mote {
namespace {

namespace fe = frontend;

std::filesystem::path audio_golden_dir() { return test::models_dir().parent_path() / "audio_golden"; }
std::filesystem::path model_path(const char* name) { return test::models_dir() / "mlperf_tiny" / name; }

std::vector<float> read_f32(const std::filesystem::path& p) {
  const auto bytes = test::read_file(p);
  std::vector<float> v(bytes.size() / 4);
  std::memcpy(v.data(), bytes.data(), v.size() * 4);
  return v;
}
std::vector<int8_t> read_i8(const std::filesystem::path& p) {
  const auto bytes = test::read_file(p);
  return {bytes.begin(), bytes.end()};
}

std::vector<std::string> kws_clip_names() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(audio_golden_dir() / "kws")) {
    if (e.path().extension() == ".wav") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Counts int8 agreement: all within 1 LSB is required, exact matches are counted.
struct Agreement {
  int64_t total = 0, exact = 0, max_diff = 0;
  void add(const std::vector<int8_t>& got, const std::vector<int8_t>& want) {
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      const int64_t d = std::abs(int64_t(got[i]) - int64_t(want[i]));
      max_diff = std::max(max_diff, d);
      exact += d == 0;
      ++total;
    }
  }
};

#define MOTE_REQUIRE_AUDIO_GOLDEN()                                                      \
  do {                                                                                   \
    MOTE_REQUIRE_MODELS();                                                               \
    if (!std::filesystem::is_directory(audio_golden_dir())) {                            \
      if (std::getenv("CI")) FAIL() << "missing " << audio_golden_dir();                \
      GTEST_SKIP() << "missing " << audio_golden_dir();                                 \
    }                                                                                    \
  } while (0)

TEST(KwsGolden, TablesMatchReferenceConstants) {
  MOTE_REQUIRE_AUDIO_GOLDEN();
  const auto consts = audio_golden_dir() / "consts";
  auto kws = std::make_unique<fe::KwsMfcc>();
  kws->init();
  const auto hann = read_f32(consts / "kws_hann480_f32.bin");
  ASSERT_EQ(hann.size(), size_t(fe::kws::kFrameLength));
  for (int n = 0; n < fe::kws::kFrameLength; ++n) EXPECT_NEAR(kws->window(n), hann[n], 2e-7) << n;
  const auto mel = read_f32(consts / "kws_mel_257x40_f32.bin");
  ASSERT_EQ(mel.size(), size_t(fe::kws::kNumBins * fe::kws::kNumMelBins));
  for (int b = 0; b < fe::kws::kNumBins; ++b) {
    for (int m = 0; m < fe::kws::kNumMelBins; ++m) {
      EXPECT_NEAR(kws->mel_weight(b, m), mel[b * fe::kws::kNumMelBins + m], 2e-5) << b << "," << m;
    }
  }
  const auto dct = read_f32(consts / "kws_dct_10x40_f32.bin");
  ASSERT_EQ(dct.size(), size_t(fe::kws::kNumMfcc * fe::kws::kNumMelBins));
  for (int j = 0; j < fe::kws::kNumMfcc; ++j) {
    for (int m = 0; m < fe::kws::kNumMelBins; ++m) {
      EXPECT_NEAR(kws->dct(j, m), dct[j * fe::kws::kNumMelBins + m], 2e-7) << j << "," << m;
    }
  }

  auto sww = std::make_unique<fe::SwwLogMel>();
  sww->init();
  const auto hamming = read_f32(consts / "sww_hamming1024_sym_f32.bin");
  ASSERT_EQ(hamming.size(), size_t(fe::sww::kFrameLength));
  for (int n = 0; n < fe::sww::kFrameLength; ++n) EXPECT_NEAR(sww->window(n), hamming[n], 2e-7) << n;
  const auto sww_mel = read_f32(consts / "sww_mel_513x40_f32.bin");
  ASSERT_EQ(sww_mel.size(), size_t(fe::sww::kNumBins * fe::sww::kNumMelBins));
  for (int b = 0; b < fe::sww::kNumBins; ++b) {
    for (int m = 0; m < fe::sww::kNumMelBins; ++m) {
      EXPECT_NEAR(sww->mel_weight(b, m), sww_mel[b * fe::sww::kNumMelBins + m], 2e-5) << b << "," << m;
    }
  }
}

TEST(KwsGolden, StagesInputsAndOutputsMatch) {
  MOTE_REQUIRE_AUDIO_GOLDEN();
  const auto dir = audio_golden_dir() / "kws";
  const auto names = kws_clip_names();
  ASSERT_GE(names.size(), 20u);
  auto mfcc = std::make_unique<fe::KwsMfcc>();
  mfcc->init();
  const std::string path = model_path("kws_ds_cnn_int8.tflite").string();
  const ir::Model model = tflite::load_model(path);
  audio::Int8Classifier classifier(model, path, fe::kws::kNumFeatures, fe::kws::kNumLabels, "kws");
  Agreement inputs;
  int outputs_exact = 0, top1_same = 0, max_output_diff = 0;
  for (const auto& name : names) {
    SCOPED_TRACE(name);
    const audio::Wav wav = audio::read_wav((dir / (name + ".wav")).string());
    ASSERT_EQ(wav.sample_rate, 16000);
    std::vector<int8_t> features(fe::kws::kNumFeatures);
    std::vector<float> log_mel(fe::kws::kNumFrames * fe::kws::kNumMelBins);
    std::vector<float> cepstra(fe::kws::kNumFeatures);
    mfcc->compute(wav.samples.data(), int(wav.samples.size()), features.data(), log_mel.data(),
                  cepstra.data());
    const auto want_log_mel = read_f32(dir / (name + ".logmel_49x40_f32.bin"));
    const auto want_mfcc = read_f32(dir / (name + ".mfcc_49x10_f32.bin"));
    ASSERT_EQ(want_log_mel.size(), log_mel.size());
    ASSERT_EQ(want_mfcc.size(), cepstra.size());
    // ln(mel + 1e-6) is near 1e-6 for silent bands, where float32 loses digits.
    for (size_t i = 0; i < log_mel.size(); ++i) ASSERT_NEAR(log_mel[i], want_log_mel[i], 2e-3) << i;
    for (size_t i = 0; i < cepstra.size(); ++i) ASSERT_NEAR(cepstra[i], want_mfcc[i], 5e-3) << i;

    const auto want_in = read_i8(dir / (name + ".in_49x10_i8.bin"));
    inputs.add(features, want_in);
    // The golden outputs come from TFLite's default CPU kernels, which
    // requantize differently from TFLite Micro's reference kernels that Mote
    // matches bit for bit (../shared/golden/README.md): the class and its
    // probability agree, not every bit.
    const auto want_out = read_i8(dir / (name + ".out_12_i8.bin"));
    const auto out = classifier.run(features);
    const std::vector<int8_t> got_out(out.begin(), out.end());
    ASSERT_EQ(got_out.size(), want_out.size());
    outputs_exact += got_out == want_out;
    const auto got_top = std::max_element(got_out.begin(), got_out.end()) - got_out.begin();
    const auto want_top = std::max_element(want_out.begin(), want_out.end()) - want_out.begin();
    top1_same += got_top == want_top;
    for (size_t i = 0; i < got_out.size(); ++i) {
      max_output_diff = std::max(max_output_diff, std::abs(int(got_out[i]) - int(want_out[i])));
    }
  }
  EXPECT_LE(inputs.max_diff, 1);
  EXPECT_GE(double(inputs.exact), 0.99 * double(inputs.total));
  EXPECT_EQ(top1_same, int(names.size()));
  EXPECT_LE(max_output_diff, 16);  // 1/16 in probability
  std::printf("kws goldens: %zu clips, int8 inputs %lld/%lld exact (max diff %lld); outputs: "
              "top-1 %d/%zu same, %d/%zu bit-exact, max diff %d LSB\n",
              names.size(), (long long)inputs.exact, (long long)inputs.total,
              (long long)inputs.max_diff, top1_same, names.size(), outputs_exact, names.size(),
              max_output_diff);
}

TEST(SwwGolden, FramesOutputsAndDetectionMatch) {
  MOTE_REQUIRE_AUDIO_GOLDEN();
  const auto dir = audio_golden_dir() / "sww";
  const std::string name = "marvin_stream_us_m_160";
  const audio::Wav wav = audio::read_wav((dir / (name + ".wav")).string());

  // Float stage: the clamped, scaled log-mel energies of every frame.
  auto log_mel = std::make_unique<fe::SwwLogMel>();
  log_mel->init();
  const auto want_f = read_f32(dir / (name + ".lfbe_124x40_f32.bin"));
  std::vector<float> got_f;
  int8_t frame[fe::sww::kNumMelBins];
  float frame_f[fe::sww::kNumMelBins];
  for (size_t end = fe::sww::kHop; end <= wav.samples.size(); end += fe::sww::kHop) {
    if (log_mel->push_hop(wav.samples.data() + end - fe::sww::kHop, frame, frame_f)) {
      got_f.insert(got_f.end(), frame_f, frame_f + fe::sww::kNumMelBins);
    }
  }
  ASSERT_EQ(got_f.size(), want_f.size());
  for (size_t i = 0; i < got_f.size(); ++i) ASSERT_NEAR(got_f[i], want_f[i], 2e-4) << i;

  const std::string path = model_path("sww_streaming_wakeword.tflite").string();
  const ir::Model model = tflite::load_model(path);
  audio::SwwListener listener(model, path);
  audio::SwwListener::Trace trace;
  const auto events = listener.listen(wav.samples, &trace);
  const auto want_in = read_i8(dir / (name + ".in_124x40_i8.bin"));
  Agreement inputs;
  inputs.add(trace.frames, want_in);
  EXPECT_LE(inputs.max_diff, 1);
  EXPECT_GE(double(inputs.exact), 0.99 * double(inputs.total));

  // The golden windows start once 30 real frames exist; Mote's window starts
  // filled with -128 and runs from the first frame, so golden window i is
  // Mote's window 29 + i.
  const auto want_out = read_i8(dir / (name + ".out_95x3_i8.bin"));
  const size_t first = fe::sww::kWindowFrames - 1;
  ASSERT_EQ(trace.outputs.size(), (first + want_out.size() / 3) * 3);
  const std::vector<int8_t> got_out(trace.outputs.begin() + first * 3, trace.outputs.end());
  Agreement outputs;
  outputs.add(got_out, want_out);
  // As for KWS, the golden outputs come from TFLite's default CPU kernels:
  // the same windows cross the detection threshold, the bits may differ.
  EXPECT_LE(outputs.max_diff, 16);
  int over = 0, first_over = -1, got_over = 0;
  for (size_t w = 0; w < want_out.size() / 3; ++w) {
    const bool want = want_out[w * 3] > fe::sww::kDetectionThreshold;
    const bool got = got_out[w * 3] > fe::sww::kDetectionThreshold;
    EXPECT_EQ(got, want) << "window " << w;
    got_over += got;
    if (want && first_over < 0) first_over = int(w);
    over += want;
  }
  EXPECT_EQ(over, 31);  // index.csv: windows=95 over_thr=31
  EXPECT_EQ(got_over, over);
  // One detection, at the golden's first window over the threshold.
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].label, "marvin");
  const double want_time = double((first + first_over) * fe::sww::kHop + fe::sww::kFrameLength) / 16000;
  EXPECT_NEAR(events[0].time_s, want_time, 1e-9);
  std::printf("sww golden: frames %lld/%lld exact (max diff %lld), outputs %lld/%lld exact, max diff %lld, event at %.3f s\n",
              (long long)inputs.exact, (long long)inputs.total, (long long)inputs.max_diff,
              (long long)outputs.exact, (long long)outputs.total, (long long)outputs.max_diff,
              events[0].time_s);
}

}  // namespace
}  // namespace mote
