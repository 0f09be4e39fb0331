// CONV_2D: the reference kernels against results worked out by hand, and the
// lowering (IR model -> plan -> mote_invoke) including its validation.
#include <gtest/gtest.h>

#include <vector>

#include "conv_test_model.h"
#include "mote/kernels/conv2d.h"

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

// ---------------------------------------------------------------- kernels

TEST(Conv2dS8, PerChannelRequantizationRoundsAndSaturates) {
  // 1x1 convolution of a 1x1x4x1 input into three channels, each with its own
  // multiplier. Input zero point -3 (input_offset +3), output zero point -5.
  //   q      = [-3, -1, 0, 124]   ->  q + 3 = [0, 2, 3, 127]
  // ch0: w=3, bias=-10, x0.5 (2^30, shift 0): acc = [-10, -4, -1, 371]
  //      -> [-5, -2, -0.5 -> 0 (ties round up), 185.5 -> 186]
  //      + (-5) = [-10, -7, -5, 181 -> 127 saturated]
  // ch1: w=-2, bias=1, x1 (2^30, shift 1): acc = [1, -3, -5, -253]
  //      + (-5) = [-4, -8, -10, -258 -> -128 saturated]
  // ch2: w=1, bias=2, x0.25 (2^30, shift -1): acc = [2, 4, 5, 129]
  //      high-mul by 0.5 rounds first: [1, 2, 3 (2.5), 65 (64.5)], then /2 rounds
  //      ties away from zero: [1 (0.5), 1, 2 (1.5), 33 (32.5)]; exact x0.25 would
  //      give [1, 1, 1, 32]. + (-5) = [-4, -4, -3, 28]
  mote_conv2d_s8_params p{};
  p.geometry = geometry(1, 1, 4, 1, 1, 1, 1, 4, 3);
  p.filter_input_depth = 1;
  p.quant = {3, -5, -128, 127, 1};
  const std::vector<int8_t> input = {-3, -1, 0, 124};
  const std::vector<int8_t> filter = {3, -2, 1};
  const std::vector<int32_t> bias = {-10, 1, 2};
  const std::vector<int32_t> multiplier = {1 << 30, 1 << 30, 1 << 30};
  const std::vector<int32_t> shift = {0, 1, -1};
  std::vector<int8_t> output(12);
  mote_conv2d_s8(&p, input.data(), filter.data(), bias.data(),
                 {multiplier.data(), shift.data()}, output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{-10, -4, -4,  //
                                         -7, -8, -4,   //
                                         -5, -10, -3,  //
                                         127, -128, 28}));
}

TEST(Conv2dS8, PerTensorUsesEntryZeroForEveryChannel) {
  // per_channel = 0: channel 1 must also use multiplier[0] = x0.5.
  // q + 1 = [4] ; ch0 w=1 -> 4 -> 2 ; ch1 w=3 -> 12 -> 6 ; zero point 0.
  mote_conv2d_s8_params p{};
  p.geometry = geometry(1, 1, 1, 1, 1, 1, 1, 1, 2);
  p.filter_input_depth = 1;
  p.quant = {1, 0, -128, 127, 0};
  const int8_t input[] = {3};
  const int8_t filter[] = {1, 3};
  const int32_t multiplier[] = {1 << 30};
  const int32_t shift[] = {0};
  int8_t output[2] = {};
  mote_conv2d_s8(&p, input, filter, nullptr, {multiplier, shift}, output);
  EXPECT_EQ(output[0], 2);
  EXPECT_EQ(output[1], 6);
}

TEST(Conv2dF32, DilationAndBias) {
  // 5x5 input v(r, c) = 5r + c, 2x2 filter [[1, 10], [100, 1000]] with
  // dilation 2 (a 3x3 window), VALID -> 3x3 output:
  //   out(y, x) = v(y,x) + 10 v(y,x+2) + 100 v(y+2,x) + 1000 v(y+2,x+2)
  //             = 1111 (5y + x) + 13020, plus bias 0.5.
  mote_conv2d_f32_params p{};
  p.geometry = geometry(1, 5, 5, 1, 2, 2, 3, 3, 1);
  p.geometry.dilation_height = p.geometry.dilation_width = 2;
  p.filter_input_depth = 1;
  p.activation_min = -1e30f;
  p.activation_max = 1e30f;
  std::vector<float> input(25);
  for (int i = 0; i < 25; ++i) input[i] = static_cast<float>(i);
  const float filter[] = {1, 10, 100, 1000};
  const float bias[] = {0.5f};
  std::vector<float> output(9);
  mote_conv2d_f32(&p, input.data(), filter, bias, output.data());
  EXPECT_EQ(output, (std::vector<float>{13020.5f, 14131.5f, 15242.5f, 18575.5f, 19686.5f,
                                        20797.5f, 24130.5f, 25241.5f, 26352.5f}));
}

TEST(Conv2dF32, GroupedConvolutionReadsItsOwnChannels) {
  // 4 input channels, filter_input_depth 2 -> 2 groups of 2 channels; output
  // channel 0 reads channels 0-1, output channel 1 reads channels 2-3.
  //   in = [1, 2, 3, 4]; w0 = [1, 10], w1 = [100, 1000]
  //   out = [1 + 20, 300 + 4000] = [21, 4300], clamped to RELU6 -> [6, 6];
  //   with no clamp [21, 4300].
  mote_conv2d_f32_params p{};
  p.geometry = geometry(1, 1, 1, 4, 1, 1, 1, 1, 2);
  p.filter_input_depth = 2;
  p.activation_min = -1e30f;
  p.activation_max = 1e30f;
  const float input[] = {1, 2, 3, 4};
  const float filter[] = {1, 10, 100, 1000};
  float output[2] = {};
  mote_conv2d_f32(&p, input, filter, nullptr, output);
  EXPECT_EQ(output[0], 21.0f);
  EXPECT_EQ(output[1], 4300.0f);
  p.activation_min = 0.0f;
  p.activation_max = 6.0f;
  mote_conv2d_f32(&p, input, filter, nullptr, output);
  EXPECT_EQ(output[0], 6.0f);
  EXPECT_EQ(output[1], 6.0f);
}

TEST(Conv2dHybrid, EachImageIsQuantizedOnItsOwnAndPaddingIsZero) {
  // Two images of 1x3x1, a 1x3 filter [1, 2, 3] with scale 0.5, bias 0.25,
  // one column of padding on each side (SAME).
  // Image 0 [227, -28, 10.5]: range [-28, 227] -> inverse scale 1, zero point
  //   -128 + 28 = -100; q - zero point = [227, -28, 10] (10.5 to even).
  //   out = [2*227 + 3*-28, 227 + 2*-28 + 3*10, -28 + 2*10] = [370, 201, -8]
  //   * 0.5 + 0.25 = [185.25, 100.75, -3.75].
  // Image 1 [0, 255, 0]: range [0, 255] -> zero point -128; q - zero point =
  //   [0, 255, 0]: out = [765, 510, 255] * 0.5 + 0.25 = [382.75, 255.25, 127.75].
  // A padded position holds the zero point (the real value 0): had it held
  // q = 0, image 1's outputs would gain 128 * w.
  mote_conv2d_hybrid_params p{};
  p.geometry = geometry(2, 1, 3, 1, 1, 3, 1, 3, 1);
  p.geometry.pad_width = 1;
  p.filter_input_depth = 1;
  p.hybrid = {-1e30f, 1e30f, 0};
  const float input[] = {227, -28, 10.5f, 0, 255, 0};
  const int8_t filter[] = {1, 2, 3};
  const float bias[] = {0.25f};
  const float scale[] = {0.5f};
  int8_t buffer[3];
  EXPECT_EQ(mote_conv2d_hybrid_get_buffer_size(&p.geometry), 3u);
  float output[6] = {};
  mote_conv2d_hybrid(&p, input, filter, bias, scale, buffer, output);
  EXPECT_EQ(std::vector<float>(output, output + 6),
            (std::vector<float>{185.25f, 100.75f, -3.75f, 382.75f, 255.25f, 127.75f}));
}

TEST(Conv2dHybrid, PerChannelScales) {
  // Input [227, -28, 0, 10.5] (one image): zero point -100, q - zero point =
  // [227, -28, 0, 10]. 1x1 filter, ch0 w=1, scale 0.5, bias 0: [113.5, -14, 0, 5];
  // ch1 w=2, scale 0.25, bias 1: [454, -56, 0, 20] * 0.25 + 1 = [114.5, -13, 1, 6].
  mote_conv2d_hybrid_params p{};
  p.geometry = geometry(1, 1, 4, 1, 1, 1, 1, 4, 2);
  p.filter_input_depth = 1;
  p.hybrid = {-1e30f, 1e30f, 1};
  const float input[] = {227, -28, 0, 10.5f};
  const int8_t filter[] = {1, 2};
  const float bias[] = {0, 1};
  const float scale[] = {0.5f, 0.25f};
  int8_t buffer[4];
  float output[8] = {};
  mote_conv2d_hybrid(&p, input, filter, bias, scale, buffer, output);
  EXPECT_EQ(std::vector<float>(output, output + 8),
            (std::vector<float>{113.5f, 114.5f, -14, -13, 0, 1, 5, 6}));
}

// ---------------------------------------------------------------- lowering

// A 4x4x1 int8 input (scale 0.5, zero point -1) holding 0..15, a 3x3 filter
// with two output channels, stride 2, SAME padding, output scale 1, zero point 3.
std::unique_ptr<ir::Model> strided_same_model(ir::Activation activation,
                                              std::vector<float> filter_scales = {1.0f, 0.25f},
                                              std::vector<int64_t> filter_zero_points = {}) {
  ModelBuilder b;
  const int in = b.tensor("in", DType::kInt8, {1, 4, 4, 1}, per_tensor(0.5f, -1));
  std::vector<int8_t> w(18);
  for (int i = 0; i < 9; ++i) {
    w[i] = 1;       // channel 0: all ones
    w[9 + i] = -1;  // channel 1: all minus ones
  }
  ir::Quantization wq = per_channel(filter_scales, 0);
  if (!filter_zero_points.empty()) wq.zero_point = filter_zero_points;
  const int filter = b.constant("w", DType::kInt8, {2, 3, 3, 1}, w, wq);
  const int bias = b.constant("b", DType::kInt32, {2}, std::vector<int32_t>{1, 3});
  const int out = b.tensor("out", DType::kInt8, {1, 2, 2, 2}, per_tensor(1.0f, 3));
  ir::Conv2DOptions o;
  o.padding = ir::Padding::kSame;
  o.stride_h = o.stride_w = 2;
  o.activation = activation;
  b.op(ir::OpType::kConv2D, {in, filter, bias}, {out}, o);
  b.io({in}, {out});
  return b.build();
}

const std::vector<int8_t> kZeroToFifteen = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

TEST(Conv2dLowering, StridedSamePaddingIsAsymmetricAndPerChannel) {
  // SAME, stride 2, 3x3 filter on 4x4: output 2x2, total padding 1 per axis,
  // all of it after the input (top/left padding 0). With q + 1 = 1..16:
  //   out(0,0): rows 0-2, cols 0-2 -> 1+2+3+5+6+7+9+10+11 = 54
  //   out(0,1): rows 0-2, cols 2-3 -> 3+4+7+8+11+12        = 45
  //   out(1,0): rows 2-3, cols 0-2 -> 9+10+11+13+14+15     = 72
  //   out(1,1): rows 2-3, cols 2-3 -> 11+12+15+16          = 54
  // ch0: scale 0.5*1/1 = 0.5 (2^30, shift 0), acc = sum + 1 = [55, 46, 73, 55]
  //      -> [28 (27.5), 23, 37 (36.5), 28] + 3 = [31, 26, 40, 31]
  // ch1: scale 0.5*0.25/1 = 0.125 (2^30, shift -2), acc = 3 - sum = [-51, -42, -69, -51]
  //      -> high-mul x0.5: [-25 (-25.5 rounds up), -21, -34 (-34.5), -25]
  //      -> /4 ties away from zero: [-6, -5, -9 (-8.5), -6] + 3 = [-3, -2, -6, -3]
  auto model = strided_same_model(ir::Activation::kNone);
  EXPECT_EQ(conv_test::run<int8_t>(*model, kZeroToFifteen),
            (std::vector<int8_t>{31, -3, 26, -2, 40, -6, 31, -3}));
}

TEST(Conv2dLowering, FusedReluAndRelu6ClampInTheQuantizedDomain) {
  // Output scale 1, zero point 3: RELU -> [3, 127]; RELU6 -> [3, 3 + 6] = [3, 9].
  auto relu = strided_same_model(ir::Activation::kRelu);
  EXPECT_EQ(conv_test::run<int8_t>(*relu, kZeroToFifteen),
            (std::vector<int8_t>{31, 3, 26, 3, 40, 3, 31, 3}));
  auto relu6 = strided_same_model(ir::Activation::kRelu6);
  EXPECT_EQ(conv_test::run<int8_t>(*relu6, kZeroToFifteen),
            (std::vector<int8_t>{9, 3, 9, 3, 9, 3, 9, 3}));
}

TEST(Conv2dLowering, PerTensorFilterScale) {
  // One filter scale (1.0) for both channels: ch1 now uses x0.5 as well:
  //   [-51, -42, -69, -51] x 0.5 -> [-25, -21, -34, -25] + 3 = [-22, -18, -31, -22].
  auto model = strided_same_model(ir::Activation::kNone, {1.0f});
  EXPECT_EQ(conv_test::run<int8_t>(*model, kZeroToFifteen),
            (std::vector<int8_t>{31, -22, 26, -18, 40, -31, 31, -22}));
}

TEST(Conv2dLowering, BatchesAndFloatValidPadding) {
  // Two batches of a 2x2x1 float input, 2x2 filter [1, 2, 3, 4], VALID,
  // bias -1, RELU: batch 0 [1, 1, 1, 1] -> 10 - 1 = 9; batch 1 [-1, 0, 0, 0]
  // -> -1 - 1 = -2 -> RELU 0.
  ModelBuilder b;
  const int in = b.tensor("in", DType::kFloat32, {2, 2, 2, 1});
  const int w = b.constant("w", DType::kFloat32, {1, 2, 2, 1}, std::vector<float>{1, 2, 3, 4});
  const int bias = b.constant("b", DType::kFloat32, {1}, std::vector<float>{-1});
  const int out = b.tensor("out", DType::kFloat32, {2, 1, 1, 1});
  ir::Conv2DOptions o;
  o.padding = ir::Padding::kValid;
  o.activation = ir::Activation::kRelu;
  b.op(ir::OpType::kConv2D, {in, w, bias}, {out}, o);
  b.io({in}, {out});
  auto model = b.build();
  EXPECT_EQ(conv_test::run<float>(*model, std::vector<float>{1, 1, 1, 1, -1, 0, 0, 0}),
            (std::vector<float>{9, 0}));
}

// A float [1, 1, width, depth] input, int8 [2, 1, filter_width, depth]
// filter, bias [0, 1], VALID.
std::unique_ptr<ir::Model> hybrid_model(int width, int depth, int filter_width, int stride,
                                        std::vector<int8_t> filter, std::vector<float> scales) {
  ModelBuilder b;
  const int in = b.tensor("in", DType::kFloat32, {1, 1, width, depth});
  const int w = b.constant("w", DType::kInt8, {2, 1, filter_width, depth}, filter,
                           per_channel(std::move(scales), 0));
  const int bias = b.constant("b", DType::kFloat32, {2}, std::vector<float>{0, 1});
  const int out_width = (width - filter_width) / stride + 1;
  const int out = b.tensor("out", DType::kFloat32, {1, 1, out_width, 2});
  ir::Conv2DOptions o;
  o.padding = ir::Padding::kValid;
  o.stride_h = o.stride_w = stride;
  b.op(ir::OpType::kConv2D, {in, w, bias}, {out}, o);
  b.io({in}, {out});
  return b.build();
}

const plan::Step& only_step(const plan::Executable& exe) {
  EXPECT_EQ(exe.program().steps.size(), 1u);
  return exe.program().steps[0];
}

TEST(Conv2dLowering, HybridPointwiseQuantizesEachPixel) {
  // A 1x1, stride-1 convolution is a FULLY_CONNECTED over pixels, and LiteRT
  // quantizes each pixel on its own. Pixels [227, -28] and [0, 255]: each
  // spans 255 -> inverse scale 1, zero points -100 and -128, q - zero point =
  // the input. (One scale for the image, over [-28, 255], would not be 1.)
  // ch0 w [1, 1], scale 0.5: [199, 255] * 0.5 = [99.5, 127.5];
  // ch1 w [2, -1], scale 0.25, bias 1: [482, -255] * 0.25 + 1 = [121.5, -62.75].
  auto model = hybrid_model(2, 2, 1, 1, {1, 1, 2, -1}, {0.5f, 0.25f});
  EXPECT_EQ(conv_test::run<float>(*model, std::vector<float>{227, -28, 0, 255}),
            (std::vector<float>{99.5f, 121.5f, 127.5f, -62.75f}));
  auto exe = plan::Executable::build(*model);
  const plan::Step& step = only_step(*exe);
  EXPECT_EQ(step.kernel, MOTE_K_FULLY_CONNECTED_HYBRID);
  ASSERT_EQ(step.operands.size(), 6u);
  EXPECT_EQ(step.operands[4].kind, plan::Operand::Kind::kScratch);
  EXPECT_EQ(step.operands[4].bytes, 2u);  // one pixel
}

TEST(Conv2dLowering, HybridWindowQuantizesEachImage) {
  // A 1x2 filter: one scale for the image [227, -28, 10.5] (zero point -100,
  // q - zero point = [227, -28, 10]). ch0 w [1, 2], ch1 w [0, 1], both scale
  // 0.5 (one scale serves both): ch0 [171, -8] * 0.5 = [85.5, -4];
  // ch1 [-28, 10] * 0.5 + 1 = [-13, 6].
  auto model = hybrid_model(3, 1, 2, 1, {1, 2, 0, 1}, {0.5f, 0.5f});
  EXPECT_EQ(conv_test::run<float>(*model, std::vector<float>{227, -28, 10.5f}),
            (std::vector<float>{85.5f, -13, -4, 6}));
  auto exe = plan::Executable::build(*model);
  const plan::Step& step = only_step(*exe);
  EXPECT_EQ(step.kernel, MOTE_K_CONV2D_HYBRID);
  ASSERT_EQ(step.operands.size(), 6u);
  EXPECT_EQ(step.operands[3].bytes, 4u);  // equal channel scales: one
  EXPECT_EQ(step.operands[4].kind, plan::Operand::Kind::kScratch);
  EXPECT_EQ(step.operands[4].bytes, 3u);  // one image
}

TEST(Conv2dLowering, HybridStridedOneByOneQuantizesEachImage) {
  // Stride 2 makes a 1x1 filter skip pixels: not a matrix product over all of
  // them, so LiteRT quantizes the image as a whole. Image [227, -28, 10.5]
  // -> [227, -28, 10]; pixels 0 and 2 are read: ch0 w 1, ch1 w 2 (scale 0.5):
  // [113.5, 227 + 1, 5, 10 + 1].
  auto model = hybrid_model(3, 1, 1, 2, {1, 2}, {0.5f, 0.5f});
  EXPECT_EQ(conv_test::run<float>(*model, std::vector<float>{227, -28, 10.5f}),
            (std::vector<float>{113.5f, 228, 5, 11}));
  auto exe = plan::Executable::build(*model);
  EXPECT_EQ(only_step(*exe).kernel, MOTE_K_CONV2D_HYBRID);
}

// ---------------------------------------------------------------- validation

TEST(Conv2dLowering, RejectsNonZeroFilterZeroPoint) {
  auto model = strided_same_model(ir::Activation::kNone, {1.0f, 0.25f}, {0, 2});
  const std::string msg = conv_test::lowering_error(*model, ErrorCode::kUnsupported);
  EXPECT_NE(msg.find("zero point 2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("op 0 (CONV_2D)"), std::string::npos) << msg;
}

TEST(Conv2dLowering, RejectsWrongScaleCount) {
  auto model = strided_same_model(ir::Activation::kNone, {1.0f, 0.5f, 0.25f});
  const std::string msg = conv_test::lowering_error(*model, ErrorCode::kInvalid);
  EXPECT_NE(msg.find("3 scales"), std::string::npos) << msg;
}

TEST(Conv2dLowering, RejectsOutputShapeThatPaddingDoesNotGive) {
  ModelBuilder b;
  const int in = b.tensor("in", DType::kFloat32, {1, 4, 4, 1});
  const int w = b.constant("w", DType::kFloat32, {1, 3, 3, 1}, std::vector<float>(9, 1.0f));
  const int out = b.tensor("out", DType::kFloat32, {1, 4, 4, 1});  // VALID gives 2x2
  ir::Conv2DOptions o;
  o.padding = ir::Padding::kValid;
  b.op(ir::OpType::kConv2D, {in, w}, {out}, o);
  b.io({in}, {out});
  auto model = b.build();
  const std::string msg = conv_test::lowering_error(*model, ErrorCode::kInvalid);
  EXPECT_NE(msg.find("gives 2x2"), std::string::npos) << msg;
}

TEST(Conv2dLowering, RejectsBiasOfWrongLengthAndType) {
  for (bool wrong_type : {false, true}) {
    ModelBuilder b;
    const int in = b.tensor("in", DType::kFloat32, {1, 1, 1, 1});
    const int w = b.constant("w", DType::kFloat32, {2, 1, 1, 1}, std::vector<float>{1, 2});
    const int bias = wrong_type
                         ? b.constant("b", DType::kInt32, {2}, std::vector<int32_t>{1, 2})
                         : b.constant("b", DType::kFloat32, {3}, std::vector<float>{1, 2, 3});
    const int out = b.tensor("out", DType::kFloat32, {1, 1, 1, 2});
    b.op(ir::OpType::kConv2D, {in, w, bias}, {out}, ir::Conv2DOptions{});
    b.io({in}, {out});
    auto model = b.build();
    const std::string msg = conv_test::lowering_error(*model, ErrorCode::kInvalid);
    EXPECT_NE(msg.find(wrong_type ? "is int32; expected float32" : "has 3 elements"),
              std::string::npos)
        << msg;
  }
}

TEST(Conv2dLowering, RejectsMissingQuantizationAndUnsupportedTypes) {
  {
    ModelBuilder b;
    const int in = b.tensor("in", DType::kInt8, {1, 1, 1, 1});  // no quantization
    const int w = b.constant("w", DType::kInt8, {1, 1, 1, 1}, std::vector<int8_t>{1},
                             per_tensor(1.0f, 0));
    const int out = b.tensor("out", DType::kInt8, {1, 1, 1, 1}, per_tensor(1.0f, 0));
    b.op(ir::OpType::kConv2D, {in, w}, {out}, ir::Conv2DOptions{});
    b.io({in}, {out});
    auto model = b.build();
    const std::string msg = conv_test::lowering_error(*model, ErrorCode::kInvalid);
    EXPECT_NE(msg.find("input 'in' has no quantization"), std::string::npos) << msg;
  }
  {
    ModelBuilder b;
    const int in = b.tensor("in", DType::kInt16, {1, 1, 1, 1}, per_tensor(1.0f, 0));
    const int w = b.constant("w", DType::kInt8, {1, 1, 1, 1}, std::vector<int8_t>{1},
                             per_tensor(1.0f, 0));
    const int out = b.tensor("out", DType::kInt16, {1, 1, 1, 1}, per_tensor(1.0f, 0));
    b.op(ir::OpType::kConv2D, {in, w}, {out}, ir::Conv2DOptions{});
    b.io({in}, {out});
    auto model = b.build();
    const std::string msg = conv_test::lowering_error(*model, ErrorCode::kUnsupported);
    EXPECT_NE(msg.find("int16 activations"), std::string::npos) << msg;
  }
  {
    ModelBuilder b;
    const int in = b.tensor("in", DType::kFloat32, {1, 1, 1, 1});
    const int w = b.constant("w", DType::kFloat32, {1, 1, 1, 1}, std::vector<float>{1});
    const int out = b.tensor("out", DType::kFloat32, {1, 1, 1, 1});
    ir::Conv2DOptions o;
    o.activation = ir::Activation::kTanh;
    b.op(ir::OpType::kConv2D, {in, w}, {out}, o);
    b.io({in}, {out});
    auto model = b.build();
    const std::string msg = conv_test::lowering_error(*model, ErrorCode::kUnsupported);
    EXPECT_NE(msg.find("TANH"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace mote
