// FULLY_CONNECTED: the reference kernels and the hybrid arithmetic the conv
// family shares (mote::hybrid) against results worked out by hand, and the
// lowering (IR model -> plan -> mote_invoke) including TFLite Micro's choice
// of multiplier and validation.
#include <gtest/gtest.h>

#include <vector>

#include "compiler/plan/quant_util.h"
#include "conv_test_model.h"
#include "mote/kernels/fully_connected.h"
#include "mote/kernels/optimized/requant.h"

namespace mote {
namespace {

using conv_test::ModelBuilder;
using conv_test::per_channel;
using conv_test::per_tensor;
using ir::DType;

// Two rows of 4 int8 inputs with zero point 3, weights [3, 4], bias [3]:
//   row 0: q = [5, 3, -1, 10]   -> q - 3 = [2, 0, -4, 7]
//   row 1: q = [-125, 3, 3, 3]  -> q - 3 = [-128, 0, 0, 0]
//   w0 = [1, 1, 1, 1]   -> row 0: 5,   row 1: -128
//   w1 = [2, -1, 0, 1]  -> row 0: 11,  row 1: -256
//   w2 = [-3, 5, 1, 0]  -> row 0: -10, row 1: 384
//   bias [1, -2, 0]     -> acc row 0 = [6, 9, -10], row 1 = [-127, -258, 384]
const std::vector<int8_t> kInput = {5, 3, -1, 10, -125, 3, 3, 3};
const std::vector<int8_t> kWeights = {1, 1, 1, 1, 2, -1, 0, 1, -3, 5, 1, 0};
const std::vector<int32_t> kBias = {1, -2, 0};

TEST(FullyConnectedS8, PerTensorRoundsAndSaturates) {
  // One multiplier x0.5, output zero point -1:
  //   row 0: [3, 4.5 -> 5, -5]          + (-1) = [2, 4, -6]
  //   row 1: [-63.5 -> -63, -129, 192]  + (-1) = [-64, -130 -> -128, 191 -> 127]
  mote_fully_connected_s8_params p{};
  p.shape = {2, 4, 3};
  p.quant = {-3, -1, -128, 127, 0};
  const int32_t multiplier[] = {1 << 30};
  const int32_t shift[] = {0};
  int8_t output[6] = {};
  mote_fully_connected_s8(&p, kInput.data(), kWeights.data(), kBias.data(), {multiplier, shift},
                          output);
  EXPECT_EQ(std::vector<int8_t>(output, output + 6),
            (std::vector<int8_t>{2, 4, -6, -64, -128, 127}));
}

TEST(FullyConnectedF32, BiasThenRelu6) {
  // row 0 [1, 2, 3]:     w0 [1, 0, -1] -> -2 -> 0;  w1 [.5, .5, .5] -> 3 + 4 = 7 -> 6
  // row 1 [-1, 0.5, 2]:  w0 -> -3 -> 0;             w1 -> 0.75 + 4 = 4.75
  mote_fully_connected_f32_params p{};
  p.shape = {2, 3, 2};
  p.activation_min = 0.0f;
  p.activation_max = 6.0f;
  const float input[] = {1, 2, 3, -1, 0.5f, 2};
  const float weights[] = {1, 0, -1, 0.5f, 0.5f, 0.5f};
  const float bias[] = {0, 4};
  float output[4] = {};
  mote_fully_connected_f32(&p, input, weights, bias, output);
  EXPECT_EQ(std::vector<float>(output, output + 4), (std::vector<float>{0, 6, 0, 4.75f}));
}

// ------------------------------------------------ hybrid input quantization
// mote::hybrid (conv_geometry.h), shared by the three hybrid kernels.

TEST(HybridInputQuantization, RoundsToNearestEven) {
  using hybrid::round_to_nearest_even;
  EXPECT_EQ(round_to_nearest_even(0.5f), 0);
  EXPECT_EQ(round_to_nearest_even(1.5f), 2);
  EXPECT_EQ(round_to_nearest_even(2.5f), 2);
  EXPECT_EQ(round_to_nearest_even(2.4999998f), 2);
  EXPECT_EQ(round_to_nearest_even(-0.5f), 0);
  EXPECT_EQ(round_to_nearest_even(-1.5f), -2);
  EXPECT_EQ(round_to_nearest_even(-2.5f), -2);
  EXPECT_EQ(round_to_nearest_even(-2.5000002f), -3);
  EXPECT_EQ(round_to_nearest_even(-255.0f), -255);
}

TEST(HybridInputQuantization, ZeroPointTiesRoundToEven) {
  // Range [-27.5, 227.5] spans 255: inverse scale 1. (-128 - 27.5) + (127 + 227.5)
  // = 199 > 0, so the zero point comes from the min end: -128 + 27.5 = -100.5,
  // rounded to even -100 (TFLite's kernels would round it away, to -101).
  // Values: round(x) clamped to [-128 + 100, 127 + 100], then - 100:
  //   -27.5 -> -28 -> -128;  227.5 -> 227 (clamped) -> 127;  0 -> -100;
  //   1.5 -> 2 -> -98;  2.5 -> 2 -> -98;  -0.5 -> 0 -> -100.
  const float values[] = {-27.5f, 227.5f, 0.0f, 1.5f, 2.5f, -0.5f};
  int8_t q[6];
  const auto r = hybrid::quantize_input(values, 6, q);
  EXPECT_EQ(r.inverse_scale, 1.0f);
  EXPECT_EQ(r.scale, 1.0f);
  EXPECT_EQ(r.zero_point, -100);
  EXPECT_EQ(std::vector<int8_t>(q, q + 6), (std::vector<int8_t>{-128, 127, -100, -98, -98, -100}));
}

TEST(HybridInputQuantization, ScalesAreComputedInFloat) {
  // Range [-1, 1]: inverse scale 255 / 2 = 127.5, scale 1 / 127.5f (rounded).
  // (-128 - 127.5) + (127 + 127.5) = -1 is not > 0, so the zero point comes
  // from the max end: 127 - 127.5 = -0.5 -> 0 (to even).
  //   1 -> 127.5, clamped to 127;  -1 -> -127.5 -> -128 (to even);
  //   0.5 -> 63.75 -> 64;  -0.25 -> -31.875 -> -32.
  const float values[] = {1.0f, -1.0f, 0.5f, -0.25f};
  int8_t q[4];
  const auto r = hybrid::quantize_input(values, 4, q);
  EXPECT_EQ(r.inverse_scale, 127.5f);
  EXPECT_EQ(r.scale, 1.0f / 127.5f);
  EXPECT_EQ(r.zero_point, 0);
  EXPECT_EQ(std::vector<int8_t>(q, q + 4), (std::vector<int8_t>{127, -128, 64, -32}));
}

TEST(HybridInputQuantization, AllZerosGiveScaleOneAndZeroPoint127) {
  // lo == hi == 0: inverse scale 1; (-128 + 0) + (127 + 0) = -1 is not > 0, so
  // the zero point is 127 - 0 = 127 and every value quantizes to it.
  const float values[] = {0.0f, -0.0f, 0.0f};
  int8_t q[3] = {1, 1, 1};
  const auto r = hybrid::quantize_input(values, 3, q);
  EXPECT_EQ(r.scale, 1.0f);
  EXPECT_EQ(r.zero_point, 127);
  EXPECT_EQ(std::vector<int8_t>(q, q + 3), (std::vector<int8_t>{127, 127, 127}));
}

TEST(HybridInputQuantization, RangeAlwaysIncludesZero) {
  // All positive: the range is [0, 255] -> zero point -128 (min end: 254 > 0).
  const float positive[] = {255.0f, 10.0f};
  int8_t q[2];
  auto r = hybrid::quantize_input(positive, 2, q);
  EXPECT_EQ(r.scale, 1.0f);
  EXPECT_EQ(r.zero_point, -128);
  EXPECT_EQ(q[0], 127);
  EXPECT_EQ(q[1], -118);
  // All negative: the range is [-255, 0] -> zero point 127 (max end: -256).
  const float negative[] = {-255.0f, -10.0f};
  r = hybrid::quantize_input(negative, 2, q);
  EXPECT_EQ(r.scale, 1.0f);
  EXPECT_EQ(r.zero_point, 127);
  EXPECT_EQ(q[0], -128);
  EXPECT_EQ(q[1], 117);
}

TEST(HybridInputQuantization, OutputScalesByInputThenFilterScaleThenAddsBias) {
  // Evaluated in this order in float: ((acc * input_scale) * filter_scale) + bias.
  const mote_hybrid_params params = {-1e30f, 1e30f, 0};
  const float input_scale = 1.0f / 85.0f;
  EXPECT_EQ(hybrid::output_value(255, input_scale, 0.5f, -1.0f, params),
            255.0f * input_scale * 0.5f + -1.0f);
  const mote_hybrid_params relu6 = {0.0f, 6.0f, 0};
  EXPECT_EQ(hybrid::output_value(100, 1.0f, 0.5f, 1.0f, relu6), 6.0f);
  EXPECT_EQ(hybrid::output_value(-100, 1.0f, 0.5f, 1.0f, relu6), 0.0f);
}

TEST(FullyConnectedHybrid, RowsAreQuantizedSeparately) {
  // One weight scale 0.5, weights w0 [1, 1, 1, 1], w1 [0, 2, 0, -1], bias [0.5, -1].
  // Row 0 [227, -28, 0, 10.5]: range [-28, 227] -> inverse scale 1, zero point
  //   -128 + 28 = -100; q - zero point = [227, -28, 0, 10] (10.5 to even).
  //   w0: 209 -> 209 * 1 * 0.5 + 0.5 = 105;  w1: -56 - 10 = -66 -> -33 - 1 = -34.
  // Row 1 [-2, 1, 0.5, -1]: range [-2, 1] -> inverse scale 85, zero point from
  //   the max end ((-128 - 170) + (127 + 85) = -86): 127 - 85 = 42;
  //   q - zero point = [-170, 85, 42 (42.5 to even), -85].
  //   w0: -128;  w1: 170 + 85 = 255; input scale 1 / 85.
  mote_fully_connected_hybrid_params p{};
  p.shape = {2, 4, 2};
  p.hybrid = {-1e30f, 1e30f, 0};
  const float input[] = {227, -28, 0, 10.5f, -2, 1, 0.5f, -1};
  const int8_t weights[] = {1, 1, 1, 1, 0, 2, 0, -1};
  const float bias[] = {0.5f, -1.0f};
  const float scale[] = {0.5f};
  EXPECT_EQ(mote_fully_connected_hybrid_get_buffer_size(&p.shape), 4u);
  int8_t buffer[4];
  float output[4] = {};
  mote_fully_connected_hybrid(&p, input, weights, bias, scale, buffer, output);
  const float s1 = 1.0f / 85.0f;
  EXPECT_EQ(std::vector<float>(output, output + 4),
            (std::vector<float>{105.0f, -34.0f, -128.0f * s1 * 0.5f + 0.5f,
                                255.0f * s1 * 0.5f - 1.0f}));
}

// ---------------------------------------------------------------- lowering

struct FcSpec {
  std::vector<int32_t> input_shape = {2, 1, 4};
  std::vector<int32_t> output_shape = {2, 1, 3};
  std::vector<float> weight_scales = {1.0f};
  std::vector<int32_t> weight_shape = {3, 4};
  bool bias = true;
  float bias_scale = 0.5f;
  float input_scale = 0.5f, output_scale = 1.0f;
  ir::Activation activation = ir::Activation::kNone;
  bool keep_num_dims = true;
};

std::unique_ptr<ir::Model> int8_model(const FcSpec& s) {
  ModelBuilder b;
  const int in = b.tensor("in", DType::kInt8, s.input_shape, per_tensor(s.input_scale, 3));
  const int w = b.constant("w", DType::kInt8, s.weight_shape, kWeights,
                           per_channel(s.weight_scales, 0));
  const int bias = s.bias ? b.constant("b", DType::kInt32, {3}, kBias, per_tensor(s.bias_scale, 0))
                          : ir::kNoTensor;
  const int out = b.tensor("out", DType::kInt8, s.output_shape, per_tensor(s.output_scale, -1));
  ir::FullyConnectedOptions o;
  o.activation = s.activation;
  o.keep_num_dims = s.keep_num_dims;
  b.op(ir::OpType::kFullyConnected, {in, w, bias}, {out}, o);
  b.io({in}, {out});
  return b.build();
}

TEST(FullyConnectedLowering, PerTensorWithRank3InputAndKeepNumDims) {
  // Input [2, 1, 4] is two rows; scales 0.5 * 1 / 1 -> x0.5: the kernel test above.
  auto model = int8_model(FcSpec{});
  EXPECT_EQ(conv_test::run<int8_t>(*model, kInput),
            (std::vector<int8_t>{2, 4, -6, -64, -128, 127}));
}

TEST(FullyConnectedLowering, PerChannelWeights) {
  // Weight scales [0.5, 1, 0.25] -> multipliers [0.25, 0.5, 0.125]:
  //   row 0 acc [6, 9, -10]:     6 -> 3 -> 1.5 -> 2;  9 -> 4.5 -> 5;  -10 -> -5 -> -1.25 -> -1
  //   row 1 acc [-127, -258, 384]: -127 -> -63.5 -> -63 -> -31.5 -> -32;  -258 -> -129;
  //                                384 -> 192 -> 48
  //   + (-1): [1, 4, -2, -33, -130 -> -128, 47]
  FcSpec s;
  s.weight_scales = {0.5f, 1.0f, 0.25f};
  auto model = int8_model(s);
  EXPECT_EQ(conv_test::run<int8_t>(*model, kInput),
            (std::vector<int8_t>{1, 4, -2, -33, -128, 47}));
}

TEST(FullyConnectedLowering, NoBiasWithRelu) {
  // Row 0 only: acc [5, 11, -10] x 0.5 -> [3 (2.5), 6 (5.5), -5] + (-1) = [2, 5, -6];
  // RELU: min = zero point -1 -> [2, 5, -1].
  FcSpec s;
  s.input_shape = {1, 4};
  s.output_shape = {1, 3};
  s.bias = false;
  s.activation = ir::Activation::kRelu;
  s.keep_num_dims = false;
  auto model = int8_model(s);
  EXPECT_EQ(conv_test::run<int8_t>(*model, std::vector<int8_t>{5, 3, -1, 10}),
            (std::vector<int8_t>{2, 5, -1}));
}

// The step's multipliers: its multiplier array, or (a GEMM step with a
// folded requantization table, which then has no arrays) word 0 of each
// channel's table entry.
std::vector<int32_t> multipliers_of(const plan::Executable& exe) {
  const plan::Step& step = exe.program().steps.at(0);
  const plan::Operand& m = step.operands.at(3);
  if (m.kind == plan::Operand::Kind::kAbsent) {
    const plan::Operand& table = step.operands.at(5);
    const auto* words = static_cast<const int32_t*>(table.constant);
    std::vector<int32_t> multipliers;
    for (size_t c = 0; c < table.bytes / sizeof(int32_t) / MOTE_REQUANT_WORDS; ++c) {
      multipliers.push_back(words[c * MOTE_REQUANT_WORDS]);
    }
    return multipliers;
  }
  const auto* data = static_cast<const int32_t*>(m.constant);
  return std::vector<int32_t>(data, data + m.bytes / sizeof(int32_t));
}

TEST(FullyConnectedLowering, PerTensorMultiplierUsesTheFloatProductOfScales) {
  // TFLite Micro computes input_scale * weight_scale in float for a per-tensor
  // FULLY_CONNECTED (GetQuantizedConvolutionMultipler) but in double for
  // per-channel weights; with these scales the two Q31 multipliers differ.
  const float in = 0.1f, w = 0.3f, out = 0.7f;
  const auto from_float = plan::quantize_multiplier(static_cast<double>(in * w) / out);
  const auto from_double = plan::quantize_multiplier(static_cast<double>(in) *
                                                     static_cast<double>(w) / out);
  ASSERT_NE(from_float.multiplier, from_double.multiplier);

  FcSpec s;
  s.input_scale = in;
  s.output_scale = out;
  s.weight_scales = {w};
  s.bias_scale = in * w;
  auto per_tensor_model = int8_model(s);
  auto exe = plan::Executable::build(*per_tensor_model);
  EXPECT_EQ(multipliers_of(*exe), (std::vector<int32_t>{from_float.multiplier}));

  s.weight_scales = {w, w, w};
  auto per_channel_model = int8_model(s);
  exe = plan::Executable::build(*per_channel_model);
  EXPECT_EQ(multipliers_of(*exe), (std::vector<int32_t>(3, from_double.multiplier)));
}

TEST(FullyConnectedLowering, HybridPerChannel) {
  // Weight scales [0.5, 0.25], bias [0, 1]:
  // row 0 [227, -28, 0, 10.5]: zero point -100, q - zero point = [227, -28, 0, 10]
  //   w0 [1, 1, 1, 1] -> 209 * 0.5 = 104.5;  w1 [1, 0, 0, 2] -> 247 * 0.25 + 1 = 62.75
  // row 1 all zeros -> q == zero point -> just the bias [0, 1].
  ModelBuilder b;
  const int in = b.tensor("in", DType::kFloat32, {2, 4});
  const int w = b.constant("w", DType::kInt8, {2, 4}, std::vector<int8_t>{1, 1, 1, 1, 1, 0, 0, 2},
                           per_channel({0.5f, 0.25f}, 0));
  const int bias = b.constant("b", DType::kFloat32, {2}, std::vector<float>{0, 1});
  const int out = b.tensor("out", DType::kFloat32, {2, 2});
  b.op(ir::OpType::kFullyConnected, {in, w, bias}, {out}, ir::FullyConnectedOptions{});
  b.io({in}, {out});
  auto model = b.build();
  EXPECT_EQ(conv_test::run<float>(*model, std::vector<float>{227, -28, 0, 10.5f, 0, 0, 0, 0}),
            (std::vector<float>{104.5f, 62.75f, 0.0f, 1.0f}));
}

TEST(FullyConnectedLowering, HybridIgnoresAsymmetricQuantizeInputsAndAppliesRelu) {
  // Row 0 of FullyConnectedHybrid.RowsAreQuantizedSeparately, RELU: -34 -> 0.
  // LiteRT quantizes inputs asymmetrically whatever asymmetric_quantize_inputs says.
  for (bool asymmetric : {false, true}) {
    ModelBuilder b;
    const int in = b.tensor("in", DType::kFloat32, {1, 4});
    const int w = b.constant("w", DType::kInt8, {2, 4},
                             std::vector<int8_t>{1, 1, 1, 1, 0, 2, 0, -1}, per_tensor(0.5f, 0));
    const int bias = b.constant("b", DType::kFloat32, {2}, std::vector<float>{0.5f, -1.0f});
    const int out = b.tensor("out", DType::kFloat32, {1, 2});
    ir::FullyConnectedOptions o;
    o.activation = ir::Activation::kRelu;
    o.asymmetric_quantize_inputs = asymmetric;
    b.op(ir::OpType::kFullyConnected, {in, w, bias}, {out}, o);
    b.io({in}, {out});
    auto model = b.build();
    EXPECT_EQ(conv_test::run<float>(*model, std::vector<float>{227, -28, 0, 10.5f}),
              (std::vector<float>{105.0f, 0.0f}));
  }
}

TEST(FullyConnectedLowering, Float) {
  ModelBuilder b;
  const int in = b.tensor("in", DType::kFloat32, {1, 2, 3});
  const int w = b.constant("w", DType::kFloat32, {2, 3},
                           std::vector<float>{1, 0, -1, 0.5f, 0.5f, 0.5f});
  const int bias = b.constant("b", DType::kFloat32, {2}, std::vector<float>{0, 4});
  const int out = b.tensor("out", DType::kFloat32, {1, 2, 2});
  ir::FullyConnectedOptions o;
  o.activation = ir::Activation::kRelu6;
  o.keep_num_dims = true;
  b.op(ir::OpType::kFullyConnected, {in, w, bias}, {out}, o);
  b.io({in}, {out});
  auto model = b.build();
  EXPECT_EQ(conv_test::run<float>(*model, std::vector<float>{1, 2, 3, -1, 0.5f, 2}),
            (std::vector<float>{0, 6, 0, 4.75f}));
}

// ---------------------------------------------------------------- validation

TEST(FullyConnectedLowering, RejectsBiasScaleFarFromInputTimesWeightScale) {
  FcSpec s;
  s.bias_scale = 1.0f;  // input * weight = 0.5; |1 - 0.5| / 1 > 0.02
  auto model = int8_model(s);
  const std::string msg = conv_test::lowering_error(*model, ErrorCode::kInvalid);
  EXPECT_NE(msg.find("bias 'b' has scale 1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("FULLY_CONNECTED"), std::string::npos) << msg;
}

TEST(FullyConnectedLowering, RejectsInconsistentShapes) {
  {
    FcSpec s;
    s.input_shape = {2, 1, 5};  // 10 values are not rows of 4
    s.output_shape = {2, 1, 3};
    auto model = int8_model(s);
    const std::string msg = conv_test::lowering_error(*model, ErrorCode::kInvalid);
    EXPECT_NE(msg.find("not rows of the weights' 4 columns"), std::string::npos) << msg;
  }
  {
    FcSpec s;
    s.output_shape = {2, 1, 4};
    auto model = int8_model(s);
    const std::string msg = conv_test::lowering_error(*model, ErrorCode::kInvalid);
    EXPECT_NE(msg.find("expected 2 rows of 3"), std::string::npos) << msg;
  }
  {
    FcSpec s;
    s.weight_shape = {3, 2, 2};
    auto model = int8_model(s);
    const std::string msg = conv_test::lowering_error(*model, ErrorCode::kInvalid);
    EXPECT_NE(msg.find("expected [output_depth, accum_depth]"), std::string::npos) << msg;
  }
}

TEST(FullyConnectedLowering, RejectsAsymmetricWeights) {
  ModelBuilder b;
  const int in = b.tensor("in", DType::kInt8, {1, 4}, per_tensor(0.5f, 3));
  const int w = b.constant("w", DType::kInt8, {3, 4}, kWeights, per_tensor(1.0f, 7));
  const int out = b.tensor("out", DType::kInt8, {1, 3}, per_tensor(1.0f, -1));
  b.op(ir::OpType::kFullyConnected, {in, w}, {out}, ir::FullyConnectedOptions{});
  b.io({in}, {out});
  auto model = b.build();
  const std::string msg = conv_test::lowering_error(*model, ErrorCode::kUnsupported);
  EXPECT_NE(msg.find("zero point 7"), std::string::npos) << msg;
}

}  // namespace
}  // namespace mote
