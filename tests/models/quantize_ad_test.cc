// `mote quantize` core on the MLPerf Tiny anomaly-detection autoencoder:
// calibrated on the first half of the sample clip, judged on the second half
// against the float model, with the official int8 model as the bar.
#include <gtest/gtest.h>

#include <cmath>

#include "compiler/quantize/evaluate.h"
#include "compiler/quantize/quantize.h"
#include "models/quantize_test_util.h"

namespace mote::test {
namespace {

using quantize::IoType;
using quantize::QuantizeOptions;

struct AdFixture {
  ir::Model float_model = tflite::load_model(mlperf("ad_fc_autoencoder_float32.tflite").string());
  ir::Model official = tflite::load_model(mlperf("ad_fc_autoencoder_int8.tflite").string());
  AdWindows windows = ad_windows(
      float_model.subgraphs[0].tensors[float_model.subgraphs[0].inputs[0]], 100);
};

double output_sqnr(const ir::Model& f, const ir::Model& q, const quantize::CalibrationSet& set) {
  return quantize::evaluate(f, q, set, false).outputs[0].db();
}

TEST(QuantizeAd, DefaultHeldOutSqnrWithinOneDbOfOfficialInt8AndFileNoLarger) {
  MOTE_REQUIRE_MODELS();
  AdFixture ad;
  ASSERT_GT(ad.windows.calibration.samples.size(), 50u);
  ASSERT_GT(ad.windows.held_out.samples.size(), 50u);
  const double official = output_sqnr(ad.float_model, ad.official, ad.windows.held_out);
  const quantize::QuantizeResult ours = quantize::quantize(ad.float_model, ad.windows.calibration, {});
  const double sqnr = output_sqnr(ad.float_model, ours.model, ad.windows.held_out);
  RecordProperty("sqnr_db", std::to_string(sqnr));
  EXPECT_GE(sqnr, official - kSqnrToleranceDb) << "official " << official;
  expect_file_no_larger(ours.model, "ad_fc_autoencoder_int8.tflite");
}

// --per-channel-fc trades file size for accuracy: better SQNR than the
// default, and a file larger than the official one (why it is opt-in).
TEST(QuantizeAd, PerChannelFcIsMoreAccurateAndLarger) {
  MOTE_REQUIRE_MODELS();
  AdFixture ad;
  QuantizeOptions per_channel;
  per_channel.per_channel_fc = true;
  const auto a = quantize::quantize(ad.float_model, ad.windows.calibration, {});
  const auto b = quantize::quantize(ad.float_model, ad.windows.calibration, per_channel);
  const double sqnr_a = output_sqnr(ad.float_model, a.model, ad.windows.held_out);
  const double sqnr_b = output_sqnr(ad.float_model, b.model, ad.windows.held_out);
  RecordProperty("sqnr_per_channel_fc_db", std::to_string(sqnr_b));
  EXPECT_GT(sqnr_b, sqnr_a + 3.0);
  EXPECT_GT(tflite::write_tflite(b.model).size(), tflite::write_tflite(a.model).size());
  for (const ir::Op& op : b.model.subgraphs[0].ops) {
    EXPECT_EQ(op.version, 12);  // per-channel int8 FULLY_CONNECTED
    const ir::Tensor& w = b.model.subgraphs[0].tensors[op.inputs[1]];
    const ir::Tensor& bias = b.model.subgraphs[0].tensors[op.inputs[2]];
    EXPECT_EQ(w.quant->scale.size(), static_cast<size_t>(w.shape[0]));
    EXPECT_EQ(w.quant->axis, 0);
    EXPECT_EQ(bias.quant->scale.size(), w.quant->scale.size());
  }
}

TEST(QuantizeAd, LayoutMatchesTheConverter) {
  MOTE_REQUIRE_MODELS();
  AdFixture ad;
  const auto q = quantize::quantize(ad.float_model, ad.windows.calibration, {});
  const ir::Subgraph& g = q.model.subgraphs[0];
  const ir::Subgraph& official = ad.official.subgraphs[0];
  ASSERT_EQ(g.ops.size(), official.ops.size());
  for (size_t i = 0; i < g.ops.size(); ++i) {
    SCOPED_TRACE("op " + std::to_string(i));
    const ir::Op& op = g.ops[i];
    ASSERT_EQ(op.type, ir::OpType::kFullyConnected);
    EXPECT_EQ(op.version, official.ops[i].version);  // 4: per-tensor int8 FULLY_CONNECTED
    EXPECT_EQ(op.opts<ir::FullyConnectedOptions>().activation,
              official.ops[i].opts<ir::FullyConnectedOptions>().activation);
    const ir::Tensor& in = g.tensors[op.inputs[0]];
    const ir::Tensor& w = g.tensors[op.inputs[1]];
    const ir::Tensor& b = g.tensors[op.inputs[2]];
    const ir::Tensor& out = g.tensors[op.outputs[0]];
    ASSERT_EQ(in.dtype, ir::DType::kInt8);
    ASSERT_EQ(w.dtype, ir::DType::kInt8);
    ASSERT_EQ(b.dtype, ir::DType::kInt32);
    ASSERT_EQ(out.dtype, ir::DType::kInt8);
    ASSERT_EQ(w.quant->scale.size(), official.tensors[official.ops[i].inputs[1]].quant->scale.size());
    ASSERT_EQ(b.quant->scale.size(), w.quant->scale.size());
    int max_abs = 0;
    for (uint8_t v : w.data) max_abs = std::max(max_abs, std::abs(static_cast<int8_t>(v)));
    EXPECT_EQ(max_abs, 127);  // symmetric: the largest weight maps to +-127
    for (size_t c = 0; c < w.quant->scale.size(); ++c) {
      EXPECT_EQ(w.quant->zero_point[c], 0);
      EXPECT_FLOAT_EQ(b.quant->scale[c], in.quant->scale[0] * w.quant->scale[c]);
      EXPECT_EQ(b.quant->zero_point[c], 0);
    }
    // A ReLU output's range starts at 0, so its zero point is -128, as in the official model.
    if (op.opts<ir::FullyConnectedOptions>().activation == ir::Activation::kRelu) {
      EXPECT_EQ(out.quant->zero_point[0], -128);
    }
  }
}

TEST(QuantizeAd, FloatIoWrapsTheInt8GraphInQuantizeAndDequantize) {
  MOTE_REQUIRE_MODELS();
  AdFixture ad;
  QuantizeOptions int8_io, float_io;
  float_io.io = IoType::kFloat;
  const auto a = quantize::quantize(ad.float_model, ad.windows.calibration, int8_io);
  const auto b = quantize::quantize(ad.float_model, ad.windows.calibration, float_io);
  const ir::Subgraph& g = b.model.subgraphs[0];
  ASSERT_EQ(g.ops.size(), a.model.subgraphs[0].ops.size() + 2);
  EXPECT_EQ(g.ops.front().type, ir::OpType::kQuantize);
  EXPECT_EQ(g.ops.back().type, ir::OpType::kDequantize);
  EXPECT_EQ(g.tensors[g.inputs[0]].dtype, ir::DType::kFloat32);
  EXPECT_EQ(g.tensors[g.outputs[0]].dtype, ir::DType::kFloat32);
  EXPECT_EQ(a.model.subgraphs[0].tensors[a.model.subgraphs[0].inputs[0]].dtype, ir::DType::kInt8);
  // Same int8 arithmetic inside: the float edges only move the rounding of I/O.
  const double sqnr_int8 = output_sqnr(ad.float_model, a.model, ad.windows.held_out);
  const double sqnr_float = output_sqnr(ad.float_model, b.model, ad.windows.held_out);
  EXPECT_NEAR(sqnr_float, sqnr_int8, 0.1);
}

TEST(QuantizeAd, PerLayerReportCoversEveryOp) {
  MOTE_REQUIRE_MODELS();
  AdFixture ad;
  const auto q = quantize::quantize(ad.float_model, ad.windows.calibration, {});
  const quantize::Evaluation e =
      quantize::evaluate(ad.float_model, q.model, ad.windows.held_out, true);
  // The official model has the same ops, so its per-layer SQNR is the bar
  // layer by layer too (per-tensor FC: 13-18 dB inside, ~32 dB at the output).
  const quantize::Evaluation official =
      quantize::evaluate(ad.float_model, ad.official, ad.windows.held_out, true);
  ASSERT_EQ(e.layers.size(), ad.float_model.subgraphs[0].ops.size());
  ASSERT_EQ(official.layers.size(), e.layers.size());
  for (size_t i = 0; i < e.layers.size(); ++i) {
    const auto& layer = e.layers[i];
    EXPECT_GT(layer.sqnr.signal, 0) << "op " << layer.op;
    EXPECT_GT(layer.sqnr.db(), 10.0) << "op " << layer.op;  // well above noise
    EXPECT_GE(layer.sqnr.db(), official.layers[i].sqnr.db() - kSqnrToleranceDb) << "op " << layer.op;
  }
  EXPECT_DOUBLE_EQ(e.layers.back().sqnr.db(), e.outputs[0].db());
}

}  // namespace
}  // namespace mote::test

namespace mote::test {
namespace {

TEST(QuantizeAdKeepFloat, KeptLayerRunsInFloatBetweenDequantizeAndQuantize) {
  MOTE_REQUIRE_MODELS();
  AdFixture ad;
  const auto all_int8 = quantize::quantize(ad.float_model, ad.windows.calibration, {});
  QuantizeOptions keep;
  keep.keep_float = {9};
  const ir::Model mixed = quantize::requantize(ad.float_model, all_int8, keep);
  const ir::Subgraph& g = mixed.subgraphs[0];
  ASSERT_EQ(g.ops.size(), 12u);
  EXPECT_EQ(g.ops[9].type, ir::OpType::kDequantize);
  EXPECT_EQ(g.ops[10].type, ir::OpType::kFullyConnected);
  EXPECT_EQ(g.ops[11].type, ir::OpType::kQuantize);
  const ir::Op& fc = g.ops[10];
  EXPECT_EQ(fc.version, ad.float_model.subgraphs[0].ops[9].version);
  for (int t : {fc.inputs[0], fc.inputs[1], fc.inputs[2], fc.outputs[0]}) {
    EXPECT_EQ(g.tensors[t].dtype, ir::DType::kFloat32) << g.tensors[t].name;
  }
  // The graph output stays the int8 tensor the QUANTIZE writes.
  EXPECT_EQ(g.outputs[0], g.ops[11].outputs[0]);
  EXPECT_EQ(g.tensors[g.outputs[0]].dtype, ir::DType::kInt8);
  // Float weights in that layer: the output is at least as close to the float model.
  const double int8_sqnr = output_sqnr(ad.float_model, all_int8.model, ad.windows.held_out);
  EXPECT_GE(output_sqnr(ad.float_model, mixed, ad.windows.held_out), int8_sqnr - 0.05);
}

TEST(QuantizeAdKeepFloat, SensitivityRanksLayersAndAutoKeepTakesTheBest) {
  MOTE_REQUIRE_MODELS();
  AdFixture ad;
  const auto all_int8 = quantize::quantize(ad.float_model, ad.windows.calibration, {});
  const auto sensitivity =
      quantize::keep_float_sensitivity(ad.float_model, all_int8, {}, ad.windows.held_out);
  ASSERT_EQ(sensitivity.size(), 10u);
  const std::vector<int> best = quantize::most_sensitive_ops(sensitivity, 2);
  ASSERT_EQ(best.size(), 2u);
  for (const auto& s : sensitivity) EXPECT_LE(s.sqnr_db, sensitivity[best[0]].sqnr_db);
  QuantizeOptions keep;
  keep.keep_float = best;
  const double int8_sqnr = output_sqnr(ad.float_model, all_int8.model, ad.windows.held_out);
  const double kept_sqnr =
      output_sqnr(ad.float_model, quantize::requantize(ad.float_model, all_int8, keep),
                  ad.windows.held_out);
  EXPECT_GT(kept_sqnr, int8_sqnr);
}

}  // namespace
}  // namespace mote::test
