// DEPTHWISE_CONV_2D: the reference kernels against results worked out by
// hand, and the lowering (IR model -> plan -> mote_invoke) with its validation.
#include <gtest/gtest.h>

#include <vector>

#include "conv_test_model.h"
#include "mote/kernels/depthwise_conv2d.h"

namespace mote {
namespace {

using conv_test::ModelBuilder;
using conv_test::per_channel;
using conv_test::per_tensor;
using ir::DType;

mote_conv_geometry geometry(int batches, int in_h, int in_w, int in_d, int f_h, int f_w,
                            int out_h, int out_w, int out_d) {
  mote_conv_geometry g{};
  g.batches = batches;
  g.input_height = in_h;
  g.input_width = in_w;
  g.input_depth = in_d;
  g.filter_height = f_h;
  g.filter_width = f_w;
  g.output_height = out_h;
  g.output_width = out_w;
  g.output_depth = out_d;
  g.stride_height = g.stride_width = 1;
  g.dilation_height = g.dilation_width = 1;
  return g;
}

// 2x2x2 int8 input (scale 1, zero point -2), 2x2 filter, depth multiplier 2,
// VALID -> one output pixel of 4 channels (output channel = 2 * ic + m).
//   q         (0,0)  (0,1)  (1,0)  (1,1)
//   c0          1      3     -1      2    -> q + 2 = 3, 5, 1, 4
//   c1         -2      0      4     -3    -> q + 2 = 0, 2, 6, -1
//   oc0 (c0) w = 1, 1, 1, 1   -> 13
//   oc1 (c0) w = 1, -1, 2, 0  -> 3 - 5 + 2 + 0 = 0
//   oc2 (c1) w = 1, 1, 1, 1   -> 7
//   oc3 (c1) w = 2, 2, 2, 2   -> 14
const std::vector<int8_t> kInput = {1, -2, 3, 0, -1, 4, 2, -3};  // NHWC
// Filter [1, 2, 2, 4], innermost the output channel.
const std::vector<int8_t> kFilter = {1, 1, 1, 2,    // (0,0)
                                     1, -1, 1, 2,   // (0,1)
                                     1, 2, 1, 2,    // (1,0)
                                     1, 0, 1, 2};   // (1,1)
const std::vector<int32_t> kBias = {0, -3, 200, 1};  // acc = [13, -3, 207, 15]

TEST(DepthwiseConv2dS8, DepthMultiplierTwoPerChannelScales) {
  // Multipliers x0.5, x0.5, x1, x0.25; output zero point -1:
  //   13 x 0.5 = 6.5 -> 7; -3 x 0.5 = -1.5 -> -1 (ties round up); 207 x 1 = 207;
  //   15 x 0.25: 7.5 -> 8, then 8 / 2 = 4.  + (-1) = [6, -2, 206 -> 127, 3]
  mote_depthwise_conv2d_s8_params p{};
  p.geometry = geometry(1, 2, 2, 2, 2, 2, 1, 1, 4);
  p.depth_multiplier = 2;
  p.quant = {2, -1, -128, 127, 1};
  const int32_t multiplier[] = {1 << 30, 1 << 30, 1 << 30, 1 << 30};
  const int32_t shift[] = {0, 0, 1, -1};
  int8_t output[4] = {};
  mote_depthwise_conv2d_s8(&p, kInput.data(), kFilter.data(), kBias.data(), {multiplier, shift},
                           output);
  EXPECT_EQ(std::vector<int8_t>(output, output + 4), (std::vector<int8_t>{6, -2, 127, 3}));
}

TEST(DepthwiseConv2dF32, SamePaddingBoxFilter) {
  // 3x3 input 1..9, 3x3 filter of ones, stride 1, SAME (one pixel of padding
  // on every side): each output is the sum of the in-image 3x3 neighbourhood.
  //   1 2 3      12 21 16
  //   4 5 6  ->  27 45 33   (then bias -0.5)
  //   7 8 9      24 39 28
  mote_depthwise_conv2d_f32_params p{};
  p.geometry = geometry(1, 3, 3, 1, 3, 3, 3, 3, 1);
  p.geometry.pad_height = p.geometry.pad_width = 1;
  p.depth_multiplier = 1;
  p.activation_min = -1e30f;
  p.activation_max = 1e30f;
  const float input[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<float> filter(9, 1.0f);
  const float bias[] = {-0.5f};
  float output[9] = {};
  mote_depthwise_conv2d_f32(&p, input, filter.data(), bias, output);
  EXPECT_EQ(std::vector<float>(output, output + 9),
            (std::vector<float>{11.5f, 20.5f, 15.5f, 26.5f, 44.5f, 32.5f, 23.5f, 38.5f, 27.5f}));
}

TEST(DepthwiseConv2dF32, DilationAndStride) {
  // 3x3 input 1..9, 2x2 filter [1, 10, 100, 1000] with dilation 2 reads the
  // corners: 1 + 30 + 700 + 9000 = 9731. Second channel: same input x -1
  // with depth multiplier 1 -> -9731, RELU6 clamps to [6, 0].
  mote_depthwise_conv2d_f32_params p{};
  p.geometry = geometry(1, 3, 3, 2, 2, 2, 1, 1, 2);
  p.geometry.dilation_height = p.geometry.dilation_width = 2;
  p.geometry.stride_height = p.geometry.stride_width = 2;
  p.depth_multiplier = 1;
  p.activation_min = -1e30f;
  p.activation_max = 1e30f;
  std::vector<float> input(18);
  for (int i = 0; i < 9; ++i) {
    input[2 * i] = static_cast<float>(i + 1);
    input[2 * i + 1] = -static_cast<float>(i + 1);
  }
  const float filter[] = {1, 1, 10, 10, 100, 100, 1000, 1000};
  float output[2] = {};
  mote_depthwise_conv2d_f32(&p, input.data(), filter, nullptr, output);
  EXPECT_EQ(output[0], 9731.0f);
  EXPECT_EQ(output[1], -9731.0f);
  p.activation_min = 0.0f;
  p.activation_max = 6.0f;
  mote_depthwise_conv2d_f32(&p, input.data(), filter, nullptr, output);
  EXPECT_EQ(output[0], 6.0f);
  EXPECT_EQ(output[1], 0.0f);
}

TEST(DepthwiseConv2dF32, SumsFromTheBiasColumnByColumn) {
  // LiteRT's (XNNPACK's) order: bias, then (0,0), (1,0), (0,1), (1,1) as
  // (row, column). A 2x2 input of ones, two channels, VALID:
  //   ch0 taps (0,0) 2^24, (0,1) 1, (1,0) -2^24, (1,1) 0, bias 0:
  //     2^24 - 2^24 + 1 + 0 = 1   (row by row: 2^24 + 1 rounds to 2^24 -> 0)
  //   ch1 taps (0,0) 1, (1,0) 1, the others 0, bias 2^24:
  //     2^24 + 1 rounds to 2^24 (ties to even), twice -> 2^24
  //     (bias last: 1 + 1 + 2^24 = 2^24 + 2).
  mote_depthwise_conv2d_f32_params p{};
  p.geometry = geometry(1, 2, 2, 2, 2, 2, 1, 1, 2);
  p.depth_multiplier = 1;
  p.activation_min = -1e30f;
  p.activation_max = 1e30f;
  const std::vector<float> input(8, 1.0f);
  const float big = 16777216.0f;  // 2^24
  const float filter[] = {big, 1, 1, 0, -big, 1, 0, 0};  // [row][column][channel]
  const float bias[] = {0, big};
  float output[2] = {};
  mote_depthwise_conv2d_f32(&p, input.data(), filter, bias, output);
  EXPECT_EQ(output[0], 1.0f);
  EXPECT_EQ(output[1], big);
}

TEST(DepthwiseConv2dHybrid, EachBatchGetsItsOwnZeroPoint) {
  // 1x1 filter, two channels, two batches of one pixel.
  // Batch 0: [227, -28]: range [-28, 227] -> inverse scale 1, zero point
  //   -128 + 28 = -100, q - zero point = [227, -28];
  //   ch0 w=1 s=0.5 -> 113.5; ch1 w=2 s=0.25 -> -14, + bias 1 = -13.
  // Batch 1: [0, 255]: range [0, 255] -> inverse scale 1, zero point -128,
  //   q - zero point = [0, 255]: ch0 -> 0; ch1 -> 2 * 255 * 0.25 + 1 = 128.5.
  mote_depthwise_conv2d_hybrid_params p{};
  p.geometry = geometry(2, 1, 1, 2, 1, 1, 1, 1, 2);
  p.depth_multiplier = 1;
  p.hybrid = {-1e30f, 1e30f, 1};
  const float input[] = {227, -28, 0, 255};
  const int8_t filter[] = {1, 2};
  const float bias[] = {0, 1};
  const float scale[] = {0.5f, 0.25f};
  EXPECT_EQ(mote_depthwise_conv2d_hybrid_get_buffer_size(&p.geometry), 2u);
  int8_t buffer[2];
  float output[4] = {};
  mote_depthwise_conv2d_hybrid(&p, input, filter, bias, scale, buffer, output);
  EXPECT_EQ(std::vector<float>(output, output + 4),
            (std::vector<float>{113.5f, -13.0f, 0.0f, 128.5f}));
}

// ---------------------------------------------------------------- lowering

std::unique_ptr<ir::Model> int8_model(ir::Activation activation, int depth_multiplier = 2,
                                      std::vector<float> scales = {1.0f, 1.0f, 2.0f, 0.5f}) {
  ModelBuilder b;
  const int in = b.tensor("in", DType::kInt8, {1, 2, 2, 2}, per_tensor(1.0f, -2));
  const int w = b.constant("w", DType::kInt8, {1, 2, 2, 4}, kFilter, per_channel(scales, 3));
  const int bias = b.constant("b", DType::kInt32, {4}, kBias);
  const int out = b.tensor("out", DType::kInt8, {1, 1, 1, 4}, per_tensor(2.0f, -1));
  ir::DepthwiseConv2DOptions o;
  o.padding = ir::Padding::kValid;
  o.depth_multiplier = depth_multiplier;
  o.activation = activation;
  b.op(ir::OpType::kDepthwiseConv2D, {in, w, bias}, {out}, o);
  b.io({in}, {out});
  return b.build();
}

TEST(DepthwiseConv2dLowering, PerChannelMultipliersFromScales) {
  // Input scale 1, output scale 2: channel scales [1, 1, 2, 0.5] give
  // multipliers [0.5, 0.5, 1, 0.25] -- the kernel test above.
  auto model = int8_model(ir::Activation::kNone);
  EXPECT_EQ(conv_test::run<int8_t>(*model, kInput), (std::vector<int8_t>{6, -2, 127, 3}));
}

TEST(DepthwiseConv2dLowering, Relu6) {
  // Output scale 2, zero point -1: RELU6 -> [-1 + 0, -1 + round(6 / 2)] = [-1, 2].
  auto model = int8_model(ir::Activation::kRelu6);
  EXPECT_EQ(conv_test::run<int8_t>(*model, kInput), (std::vector<int8_t>{2, -1, 2, 2}));
}

TEST(DepthwiseConv2dLowering, FloatStrideTwoSamePadding) {
  // 4x4 input 1..16, 3x3 ones, stride 2, SAME: output 2x2, padding only after
  // the input (total 1 per axis). Sums: (rows 0-2, cols 0-2) = 54,
  // (rows 0-2, cols 2-3) = 45, (rows 2-3, cols 0-2) = 72, (rows 2-3, cols 2-3) = 54.
  ModelBuilder b;
  const int in = b.tensor("in", DType::kFloat32, {1, 4, 4, 1});
  const int w = b.constant("w", DType::kFloat32, {1, 3, 3, 1}, std::vector<float>(9, 1.0f));
  const int out = b.tensor("out", DType::kFloat32, {1, 2, 2, 1});
  ir::DepthwiseConv2DOptions o;
  o.padding = ir::Padding::kSame;
  o.stride_h = o.stride_w = 2;
  b.op(ir::OpType::kDepthwiseConv2D, {in, w}, {out}, o);
  b.io({in}, {out});
  auto model = b.build();
  std::vector<float> input(16);
  for (int i = 0; i < 16; ++i) input[i] = static_cast<float>(i + 1);
  EXPECT_EQ(conv_test::run<float>(*model, input), (std::vector<float>{54, 45, 72, 54}));
}

TEST(DepthwiseConv2dLowering, HybridAcceptsOneScaleForAllChannels) {
  // [227, -28]: inverse scale 1, zero point -100 -> q - zero point = [227, -28];
  // w = [1, 2], one scale 0.5 for both channels: [113.5, -28], bias [0, 1]
  // -> [113.5, -27].
  ModelBuilder b;
  const int in = b.tensor("in", DType::kFloat32, {1, 1, 1, 2});
  const int w = b.constant("w", DType::kInt8, {1, 1, 1, 2}, std::vector<int8_t>{1, 2},
                           per_tensor(0.5f, 0));
  const int bias = b.constant("b", DType::kFloat32, {2}, std::vector<float>{0, 1});
  const int out = b.tensor("out", DType::kFloat32, {1, 1, 1, 2});
  ir::DepthwiseConv2DOptions o;
  o.padding = ir::Padding::kValid;
  b.op(ir::OpType::kDepthwiseConv2D, {in, w, bias}, {out}, o);
  b.io({in}, {out});
  auto model = b.build();
  EXPECT_EQ(conv_test::run<float>(*model, std::vector<float>{227, -28}),
            (std::vector<float>{113.5f, -27.0f}));
}

TEST(DepthwiseConv2dLowering, RejectsDepthMultiplierThatDisagreesWithShapes) {
  auto model = int8_model(ir::Activation::kNone, /*depth_multiplier=*/1);
  const std::string msg = conv_test::lowering_error(*model, ErrorCode::kInvalid);
  EXPECT_NE(msg.find("depth_multiplier 1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("DEPTHWISE_CONV_2D"), std::string::npos) << msg;
}

TEST(DepthwiseConv2dLowering, RejectsScalesAlongTheWrongAxis) {
  ModelBuilder b;
  const int in = b.tensor("in", DType::kInt8, {1, 2, 2, 2}, per_tensor(1.0f, -2));
  const int w = b.constant("w", DType::kInt8, {1, 2, 2, 4}, kFilter,
                           per_channel({1.0f, 1.0f, 2.0f, 0.5f}, 0));
  const int out = b.tensor("out", DType::kInt8, {1, 1, 1, 4}, per_tensor(2.0f, -1));
  ir::DepthwiseConv2DOptions o;
  o.padding = ir::Padding::kValid;
  o.depth_multiplier = 2;
  b.op(ir::OpType::kDepthwiseConv2D, {in, w}, {out}, o);
  b.io({in}, {out});
  auto model = b.build();
  const std::string msg = conv_test::lowering_error(*model, ErrorCode::kInvalid);
  EXPECT_NE(msg.find("dimension 0; expected 3"), std::string::npos) << msg;
}

TEST(DepthwiseConv2dLowering, RejectsFilterWithLeadingDimensionOtherThanOne) {
  ModelBuilder b;
  const int in = b.tensor("in", DType::kFloat32, {1, 2, 2, 2});
  const int w = b.constant("w", DType::kFloat32, {2, 2, 2, 2}, std::vector<float>(16, 1.0f));
  const int out = b.tensor("out", DType::kFloat32, {1, 1, 1, 2});
  ir::DepthwiseConv2DOptions o;
  o.padding = ir::Padding::kValid;
  b.op(ir::OpType::kDepthwiseConv2D, {in, w}, {out}, o);
  b.io({in}, {out});
  auto model = b.build();
  const std::string msg = conv_test::lowering_error(*model, ErrorCode::kInvalid);
  EXPECT_NE(msg.find("expected [1, height, width, output_depth]"), std::string::npos) << msg;
}

}  // namespace
}  // namespace mote
