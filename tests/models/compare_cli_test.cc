// `mote compare` on real models: a model against itself is exact, float vs the
// official int8 model gives the SQNR measured for the report (docs/quantize.md),
// inputs come as raw float32 windows, .npy batches or directories, and bad use
// is a named error.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "compiler/io/npy.h"
#include "models/cli_runner.h"
#include "models/model_paths.h"

namespace mote {
namespace {

namespace fs = std::filesystem;

fs::path mlperf(const std::string& file) { return test::models_dir() / "mlperf_tiny" / file; }
fs::path model(const std::string& name) { return mlperf(name + ".tflite"); }

// The AD clip: 200 frames x 128 mels; the model sees 5 frames (640 values), so
// a stride of one frame (128 values) gives 196 windows.
std::string ad_inputs() {
  return "--inputs " + mlperf("data/ad_normal_id_01_00000000_hist_librosa_f32.bin").string() +
         " --stride 128";
}

test::CommandResult compare(const fs::path& a, const fs::path& b, const std::string& args) {
  return test::run_command(test::mote_cli() + " compare " + a.string() + " " + b.string() + " " +
                           args);
}

nlohmann::json compare_json(const fs::path& a, const fs::path& b, const std::string& args) {
  const test::CommandResult r = compare(a, b, args + " --json");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return nlohmann::json::parse(r.output, nullptr, /*allow_exceptions=*/false);
}

// N copies of the IC sample image (uint8 pixels as float32 0..255), each
// shifted right by its index and mirrored on odd indices: [N,32,32,3].
io::NpyArray ic_batch(int n) {
  const std::vector<uint8_t> pixels = test::read_file(mlperf("data/ic_input0_uint8_32x32x3.bin"));
  std::vector<float> values;
  for (int s = 0; s < n; ++s) {
    for (int y = 0; y < 32; ++y) {
      for (int x = 0; x < 32; ++x) {
        const int sx = std::clamp((s % 2 ? 31 - x : x) - s, 0, 31);
        for (int c = 0; c < 3; ++c) values.push_back(pixels[(y * 32 + sx) * 3 + c]);
      }
    }
  }
  io::NpyArray a;
  a.dtype = ir::DType::kFloat32;
  a.shape = {n, 32, 32, 3};
  a.data.resize(values.size() * 4);
  std::memcpy(a.data.data(), values.data(), a.data.size());
  return a;
}

TEST(CompareCli, ModelAgainstItselfIsExact) {
  MOTE_REQUIRE_MODELS();
  for (const char* name : {"ad_fc_autoencoder_float32", "ad_fc_autoencoder_int8"}) {
    const nlohmann::json j = compare_json(model(name), model(name), ad_inputs());
    ASSERT_FALSE(j.is_discarded()) << name;
    EXPECT_EQ(j["samples"], 196) << name;
    ASSERT_EQ(j["outputs"].size(), 1u) << name;
    const auto& o = j["outputs"][0];
    EXPECT_EQ(o["max_abs_error"], 0.0) << name;
    EXPECT_EQ(o["cosine"], 1.0) << name;
    EXPECT_EQ(o["top1_agreement"], 1.0) << name;
    EXPECT_TRUE(o["sqnr_db"].is_null()) << name << ": identical outputs have infinite SQNR";
  }
}

TEST(CompareCli, AdFloatVsOfficialInt8) {
  MOTE_REQUIRE_MODELS();
  const nlohmann::json j =
      compare_json(model("ad_fc_autoencoder_float32"), model("ad_fc_autoencoder_int8"), ad_inputs());
  ASSERT_FALSE(j.is_discarded());
  const auto& o = j["outputs"][0];
  // Measured: 31.97 dB, cosine 0.99977, max error 5.37, top-1 0.648 (argmax
  // of a 640-value reconstruction is fragile; it is not a class).
  EXPECT_NEAR(o["sqnr_db"].get<double>(), 31.97, 0.05);
  EXPECT_GT(o["cosine"].get<double>(), 0.999);
  EXPECT_LT(o["cosine"].get<double>(), 1.0);
  EXPECT_GT(o["max_abs_error"].get<double>(), 1.0);
  EXPECT_LT(o["max_abs_error"].get<double>(), 10.0);
  EXPECT_GT(o["top1_agreement"].get<double>(), 0.5);
  EXPECT_LT(o["top1_agreement"].get<double>(), 1.0);
}

TEST(CompareCli, NpyBatchAndDirectoryGiveTheSameSamples) {
  MOTE_REQUIRE_MODELS();
  const fs::path dir = fs::path(testing::TempDir()) / "compare_cli_ic";
  fs::remove_all(dir);
  fs::create_directories(dir / "samples");
  const io::NpyArray batch = ic_batch(4);
  io::write_npy((dir / "batch.npy").string(), batch);
  // The same four images as one .npy per sample.
  for (int s = 0; s < 4; ++s) {
    io::NpyArray one = batch;
    one.shape = {1, 32, 32, 3};
    const size_t bytes = 32 * 32 * 3 * 4;
    one.data.assign(batch.data.begin() + s * bytes, batch.data.begin() + (s + 1) * bytes);
    io::write_npy((dir / "samples" / ("s" + std::to_string(s) + ".npy")).string(), one);
  }
  const fs::path f = model("ic_resnet8_float32"), q = model("ic_resnet8_int8");
  const nlohmann::json from_batch = compare_json(f, q, "--inputs " + (dir / "batch.npy").string());
  const nlohmann::json from_dir = compare_json(f, q, "--inputs " + (dir / "samples").string());
  ASSERT_FALSE(from_batch.is_discarded());
  ASSERT_FALSE(from_dir.is_discarded());
  EXPECT_EQ(from_batch["samples"], 4);
  EXPECT_EQ(from_batch["outputs"], from_dir["outputs"]);
  const auto& o = from_batch["outputs"][0];
  EXPECT_EQ(o["values"], 10);
  std::printf("compare: ic_resnet8 float vs int8 on 4 variants of ic_input0: %s\n", o.dump().c_str());
  // Int8 vs float on the sample image: finite, and far from both 0 and exact.
  EXPECT_GT(o["sqnr_db"].get<double>(), 8.0);
  EXPECT_LT(o["sqnr_db"].get<double>(), 40.0);
  EXPECT_GT(o["cosine"].get<double>(), 0.95);
  fs::remove_all(dir);
}

TEST(CompareCli, TextReportNamesEveryMetric) {
  MOTE_REQUIRE_MODELS();
  const test::CommandResult r =
      compare(model("ad_fc_autoencoder_float32"), model("ad_fc_autoencoder_int8_floatio"),
              ad_inputs() + " --max-samples 10");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("on 10 samples"), std::string::npos) << r.output;
  for (const char* metric : {"SQNR", "max |error|", "cosine", "top-1 agreement"}) {
    EXPECT_NE(r.output.find(metric), std::string::npos) << metric << "\n" << r.output;
  }
}

TEST(CompareCli, MismatchedModelsAndMissingInputsAreNamedErrors) {
  MOTE_REQUIRE_MODELS();
  const fs::path ad = model("ad_fc_autoencoder_float32"), kws = model("kws_ds_cnn_int8");
  const test::CommandResult mismatch = compare(ad, kws, ad_inputs());
  EXPECT_EQ(mismatch.exit_code, 2) << mismatch.output;  // kUsage
  EXPECT_NE(mismatch.output.find(ad.string() + " vs " + kws.string() + ": inputs have 640 and 490 values"),
            std::string::npos)
      << mismatch.output;

  const test::CommandResult missing = compare(ad, ad, "--inputs /nonexistent/samples.npy");
  EXPECT_EQ(missing.exit_code, 3) << missing.output;  // kIo
  EXPECT_NE(missing.output.find("/nonexistent/samples.npy"), std::string::npos) << missing.output;
}

}  // namespace
}  // namespace mote
