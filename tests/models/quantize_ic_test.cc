// `mote quantize` core on the image models (ResNet-8 for CIFAR-10, the VWW
// MobileNet): calibrated and judged on synthesized images
// (scripts/calibration_images.sh; no real image set ships with Debian), with
// the official int8 models as the bar and the reference for the layout.
#include <gtest/gtest.h>

#include "compiler/quantize/evaluate.h"
#include "compiler/quantize/quantize.h"
#include "models/quantize_test_util.h"

namespace mote::test {
namespace {

struct ImageCase {
  const char* float_file;
  const char* official_file;
  int size;
  float scale;  // pixel range the float model takes: [0, scale]
  int calibration_images, held_out_images;
};

const ImageCase kResnet8{"ic_resnet8_float32.tflite", "ic_resnet8_int8.tflite", 32, 255, 24, 16};
const ImageCase kVww{"vww_mobilenet_v1_025_96_float32.tflite",
                     "vww_mobilenet_v1_025_96_int8.tflite", 96, 1, 8, 8};

struct Quantized {
  std::string official_file;
  ir::Model float_model, official;
  quantize::CalibrationSet calibration, held_out;
  quantize::QuantizeResult ours;
};

Quantized quantize_case(const ImageCase& c, const quantize::QuantizeOptions& options) {
  Quantized q{c.official_file, tflite::load_model(mlperf(c.float_file).string()),
              tflite::load_model(mlperf(c.official_file).string()), {}, {}, {}};
  const ir::Subgraph& g = q.float_model.subgraphs[0];
  const ir::Tensor& input = g.tensors[g.inputs[0]];
  const std::string name = std::string(c.float_file);
  q.calibration = quantize::load_calibration(
      synthesized_images(name + "_cal", c.calibration_images, c.size, c.scale, 1).string(), input);
  q.held_out = quantize::load_calibration(
      synthesized_images(name + "_eval", c.held_out_images, c.size, c.scale, 2).string(), input);
  q.ours = quantize::quantize(q.float_model, q.calibration, options);
  return q;
}

void expect_sqnr_bar(const Quantized& q) {
  const auto ours = quantize::evaluate(q.float_model, q.ours.model, q.held_out, false);
  const auto official = quantize::evaluate(q.float_model, q.official, q.held_out, false);
  ::testing::Test::RecordProperty("sqnr_db", std::to_string(ours.outputs[0].db()));
  ::testing::Test::RecordProperty("official_sqnr_db", std::to_string(official.outputs[0].db()));
  EXPECT_GE(ours.outputs[0].db(), official.outputs[0].db() - kSqnrToleranceDb);
  expect_file_no_larger(q.ours.model, q.official_file);
}

// Op by op: same kinds, versions, fused activations, dtypes, per-channel
// axes, shared and fixed output parameters as the converter's own output.
void expect_layout_like_official(const Quantized& q) {
  const ir::Subgraph& g = q.ours.model.subgraphs[0];
  const ir::Subgraph& official = q.official.subgraphs[0];
  ASSERT_EQ(g.ops.size(), official.ops.size());
  for (size_t i = 0; i < g.ops.size(); ++i) {
    const ir::Op& op = g.ops[i];
    const ir::Op& ref = official.ops[i];
    SCOPED_TRACE("op " + std::to_string(i) + " " + ir::op_type_name(op.type));
    ASSERT_EQ(op.type, ref.type);
    EXPECT_EQ(op.version, ref.version);
    EXPECT_EQ(op.options.index(), ref.options.index());
    ASSERT_EQ(op.inputs.size(), ref.inputs.size());
    for (size_t k = 0; k < op.inputs.size(); ++k) {
      const ir::Tensor& t = g.tensors[op.inputs[k]];
      const ir::Tensor& r = official.tensors[ref.inputs[k]];
      EXPECT_EQ(t.dtype, r.dtype) << "input " << k;
      ASSERT_EQ(t.quant.has_value(), r.quant.has_value()) << "input " << k;
      if (!t.quant) continue;
      EXPECT_EQ(t.quant->scale.size(), r.quant->scale.size()) << "input " << k;
      if (r.quant->per_channel()) EXPECT_EQ(t.quant->axis, r.quant->axis) << "input " << k;
    }
    const ir::Tensor& out = g.tensors[op.outputs[0]];
    const ir::Tensor& ref_out = official.tensors[ref.outputs[0]];
    EXPECT_EQ(out.dtype, ref_out.dtype);
    const bool shares_input = op.type == ir::OpType::kAveragePool2D ||
                              op.type == ir::OpType::kReshape;
    if (shares_input) {
      const ir::Tensor& in = g.tensors[op.inputs[0]];
      EXPECT_EQ(out.quant->scale, in.quant->scale);
      EXPECT_EQ(out.quant->zero_point, in.quant->zero_point);
    }
    if (op.type == ir::OpType::kSoftmax) {
      EXPECT_EQ(out.quant->scale, ref_out.quant->scale);
      EXPECT_EQ(out.quant->zero_point, ref_out.quant->zero_point);
    }
  }
}

TEST(QuantizeIc, Resnet8SqnrWithinOneDbOfOfficialInt8AndNoLarger) {
  MOTE_REQUIRE_MODELS();
  expect_sqnr_bar(quantize_case(kResnet8, {}));
}

TEST(QuantizeIc, Resnet8LayoutMatchesTheConverter) {
  MOTE_REQUIRE_MODELS();
  expect_layout_like_official(quantize_case(kResnet8, {}));
}

TEST(QuantizeVww, MobileNetLayoutAndSqnrBar) {
  MOTE_REQUIRE_MODELS();
  const Quantized q = quantize_case(kVww, {});
  expect_layout_like_official(q);
  expect_sqnr_bar(q);
}

}  // namespace
}  // namespace mote::test
