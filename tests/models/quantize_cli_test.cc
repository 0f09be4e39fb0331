// `mote quantize` end to end: the file it writes loads, runs and scores as
// the in-memory model does; the report and the errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "compiler/quantize/evaluate.h"
#include "compiler/quantize/quantize.h"
#include "models/quantize_test_util.h"

namespace mote::test {
namespace {

const std::string kClip = "data/ad_normal_id_01_00000000_hist_librosa_f32.bin";

std::string quantize_command(const std::string& out, const std::string& extra) {
  return mote_cli() + " quantize " + mlperf("ad_fc_autoencoder_float32.tflite").string() +
         " --calibration " + mlperf(kClip).string() + " --stride 128 -o " + out + " " + extra;
}

TEST(QuantizeCli, WritesAModelThatRunsAsTheInMemoryOneAndReportsEveryLayer) {
  MOTE_REQUIRE_MODELS();
  const std::string out = ::testing::TempDir() + "/mote_quantize_ad.tflite";
  const CommandResult r = run_command(quantize_command(out, "--json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  ASSERT_EQ(j["layers"].size(), 10u);
  EXPECT_EQ(j["calibration_samples"], 196);
  EXPECT_EQ(j["layers"][0]["type"], "FULLY_CONNECTED");
  EXPECT_EQ(j["per_channel_fc"], false);  // the default: the converter's per-tensor layout
  const double reported = j["outputs"][0]["sqnr_db"];
  EXPECT_GT(reported, 25.0);
  // No larger than the official int8 file.
  EXPECT_LE(j["int8_bytes"].get<int64_t>(),
            static_cast<int64_t>(std::filesystem::file_size(mlperf("ad_fc_autoencoder_int8.tflite"))));
  EXPECT_EQ(j["int8_bytes"].get<int64_t>(), static_cast<int64_t>(std::filesystem::file_size(out)));

  // The written file scores what the report said, on the same windows.
  const ir::Model float_model = tflite::load_model(mlperf("ad_fc_autoencoder_float32.tflite").string());
  const ir::Model written = tflite::load_model(out);
  const ir::Tensor& input = float_model.subgraphs[0].tensors[float_model.subgraphs[0].inputs[0]];
  quantize::CalibrationOptions options;
  options.stride = 128;
  const auto set = quantize::load_calibration(mlperf(kClip).string(), input, options);
  const double measured = quantize::evaluate(float_model, written, set, false).outputs[0].db();
  EXPECT_NEAR(measured, reported, 0.01);
  // And it is the model quantize() builds in memory, op for op.
  const auto in_memory = quantize::quantize(float_model, set, {});
  ASSERT_EQ(written.subgraphs[0].ops.size(), in_memory.model.subgraphs[0].ops.size());
  for (size_t i = 0; i < written.subgraphs[0].ops.size(); ++i) {
    EXPECT_EQ(written.subgraphs[0].ops[i].version, in_memory.model.subgraphs[0].ops[i].version);
  }
}

TEST(QuantizeCli, PerChannelFcOptIn) {
  MOTE_REQUIRE_MODELS();
  const std::string out = ::testing::TempDir() + "/mote_quantize_ad_per_channel.tflite";
  const CommandResult r = run_command(quantize_command(out, "--per-channel-fc --json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["per_channel_fc"], true);
  const ir::Model written = tflite::load_model(out);
  for (const ir::Op& op : written.subgraphs[0].ops) {
    EXPECT_EQ(op.version, 12);
    const ir::Tensor& w = written.subgraphs[0].tensors[op.inputs[1]];
    EXPECT_EQ(w.quant->scale.size(), static_cast<size_t>(w.shape[0]));
  }
}

TEST(QuantizeCli, FloatIoAndTheTextReport) {
  MOTE_REQUIRE_MODELS();
  const std::string out = ::testing::TempDir() + "/mote_quantize_ad_floatio.tflite";
  const CommandResult r = run_command(quantize_command(out, "--io float --estimator minmax"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("output 'Identity': SQNR"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("minmax"), std::string::npos) << r.output;
  const ir::Model written = tflite::load_model(out);
  const ir::Subgraph& g = written.subgraphs[0];
  EXPECT_EQ(g.tensors[g.inputs[0]].dtype, ir::DType::kFloat32);
  EXPECT_EQ(g.ops.front().type, ir::OpType::kQuantize);
  EXPECT_EQ(g.ops.back().type, ir::OpType::kDequantize);
}

TEST(QuantizeCli, KeepFloatAndSensitivity) {
  MOTE_REQUIRE_MODELS();
  const std::string out = ::testing::TempDir() + "/mote_quantize_ad_keep.tflite";
  const CommandResult r = run_command(quantize_command(out, "--keep-float 0,9 --sensitivity --json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["keep_float"], nlohmann::json::array({0, 9}));
  EXPECT_EQ(j["sensitivity"].size(), 8u);  // the other ops, each kept alone on top
  const ir::Model written = tflite::load_model(out);
  int float_fc = 0;
  for (const ir::Op& op : written.subgraphs[0].ops) {
    if (op.type == ir::OpType::kFullyConnected &&
        written.subgraphs[0].tensors[op.inputs[1]].dtype == ir::DType::kFloat32) {
      ++float_fc;
    }
  }
  EXPECT_EQ(float_fc, 2);
  const CommandResult bad = run_command(quantize_command(out, "--keep-float 99"));
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--keep-float 99"), std::string::npos) << bad.output;
}

TEST(QuantizeCli, BadInputsAreNamedErrors) {
  MOTE_REQUIRE_MODELS();
  const std::string out = ::testing::TempDir() + "/mote_quantize_bad.tflite";
  const std::string model = mlperf("ad_fc_autoencoder_float32.tflite").string();
  CommandResult r = run_command(mote_cli() + " quantize " + model +
                                " --calibration /nonexistent/cal.bin -o " + out);
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("/nonexistent/cal.bin"), std::string::npos) << r.output;
  r = run_command(quantize_command(out, "--estimator kl"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("'kl'"), std::string::npos) << r.output;
  // An already quantized model is refused, naming the op and tensor.
  r = run_command(mote_cli() + " quantize " + mlperf("ad_fc_autoencoder_int8.tflite").string() +
                  " --calibration " + mlperf(kClip).string() + " -o " + out);
  EXPECT_EQ(r.exit_code, 6) << r.output;
  EXPECT_NE(r.output.find("FULLY_CONNECTED"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("float32 model"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace mote::test
