// ADD: int8 (TFLite Micro's rescale-to-common-scale arithmetic) and float32,
// with numpy broadcasting, through lowering and mote_invoke; expectations are
// worked out by hand below. The last tests check real layers against TFLite
// Micro's per-layer goldens.
#include <gtest/gtest.h>

#include <vector>

#include "elementwise_test_model.h"
#include "mote/kernels/add.h"

namespace mote {
namespace {

using elementwise_test::bytes_of;
using elementwise_test::lowering_error;
using elementwise_test::ModelBuilder;
using elementwise_test::per_tensor;
using elementwise_test::run;
using elementwise_test::step_params;
using ir::Activation;
using ir::DType;
using ir::OpType;

ir::ActivationOptions fused(Activation a) {
  ir::ActivationOptions o;
  o.activation = a;
  return o;
}

// a (+) b -> out, both inputs graph inputs.
std::unique_ptr<ir::Model> add_model(DType dtype, std::vector<int32_t> shape1,
                                     std::vector<int32_t> shape2, std::vector<int32_t> out_shape,
                                     std::optional<ir::Quantization> q1,
                                     std::optional<ir::Quantization> q2,
                                     std::optional<ir::Quantization> qo,
                                     Activation activation = Activation::kNone) {
  ModelBuilder m;
  const int a = m.tensor("a", dtype, std::move(shape1), std::move(q1));
  const int b = m.tensor("b", dtype, std::move(shape2), std::move(q2));
  const int out = m.tensor("out", dtype, std::move(out_shape), std::move(qo));
  m.op(OpType::kAdd, {a, b}, {out}, fused(activation));
  m.io({a, b}, {out});
  return m.build();
}

TEST(AddInt8, PowerOfTwoScalesRoundHalfAwayFromZero) {
  // s1 = 0.5, s2 = 0.25, s_out = 1, zero points 0. Lowering (TFLM's
  // CalculateOpDataAdd): twice_max = 2 * 0.5 = 1;
  //   input 1: 0.5 / 1 = 0.5      = 0.5 * 2^0   -> (2^30, 0)
  //   input 2: 0.25 / 1 = 0.25    = 0.5 * 2^-1  -> (2^30, -1)
  //   output:  1 / (2^20 * 1)     = 0.5 * 2^-19 -> (2^30, -19)
  // Every step is then exact except the last: v1 << 20 -> v1 * 2^19;
  // v2 << 20 -> v2 * 2^19 -> v2 * 2^18; the sum halves exactly (it is even),
  // and the final divide by 2^19 rounds v1/2 + v2/4 half away from zero.
  auto model = add_model(DType::kInt8, {10}, {10}, {10}, per_tensor(0.5f, 0),
                         per_tensor(0.25f, 0), per_tensor(1.0f, 0));
  const auto p = step_params<mote_add_s8_params>(*model);
  EXPECT_EQ(p.left_shift, 20);
  EXPECT_EQ(p.input1_multiplier, 1 << 30);
  EXPECT_EQ(p.input1_shift, 0);
  EXPECT_EQ(p.input2_multiplier, 1 << 30);
  EXPECT_EQ(p.input2_shift, -1);
  EXPECT_EQ(p.output_multiplier, 1 << 30);
  EXPECT_EQ(p.output_shift, -19);
  EXPECT_EQ(p.activation_min, -128);
  EXPECT_EQ(p.activation_max, 127);
  EXPECT_EQ(p.shape.same_shapes, 1);

  const std::vector<int8_t> a = {1, -1, 0, 0, 3, 1, -1, 100, 127, -128};
  const std::vector<int8_t> b = {0, 0, 2, -2, 1, 1, 1, 100, 127, -128};
  //  v1/2 + v2/4:  0.5 -> 1, -0.5 -> -1, 0.5 -> 1, -0.5 -> -1, 1.75 -> 2,
  //  0.75 -> 1, -0.25 -> 0, 75, 95.25 -> 95, -96
  EXPECT_EQ(run<int8_t>(*model, {bytes_of(a), bytes_of(b)}),
            (std::vector<int8_t>{1, -1, 1, -1, 2, 1, 0, 75, 95, -96}));
}

TEST(AddInt8, DifferentScalesAndNegativeZeroPointsSaturate) {
  // s1 = 0.1 (zp -10), s2 = 0.3 (zp 5), s_out = 0.2 (zp -3), as float32.
  // twice_max = 2 * 0.3f = 0.60000002384...; in double:
  //   input 1: 0.1f / 0.6f' = 0.16666666253 = 0.66666665011 * 2^-2
  //            -> round(0.66666665011 * 2^31) = 1431655730, shift -2
  //   input 2: 0.3f / 0.6f' = 0.5 exactly -> (2^30, 0)
  //   output:  0.6f' / (2^20 * 0.2f) = 0.75000001863 * 2^-18
  //            -> round(0.75000001863 * 2^31) = 1610612776, shift -18
  // Outputs follow the real arithmetic, round((0.1 v1 + 0.3 v2) / 0.2) - 3,
  // for sums chosen away from rounding ties:
  //   q1   q2  | v1    v2  | real sum | /0.2 | out
  //   10    7  |  20    2  |   2.6    |  13  |  10
  //  -128 127  | -118  122 |  24.8    | 124  | 121
  //   127 126  |  137  121 |  50.0    | 250  | 127 (saturates)
  //  -128 -128 | -118 -133 | -51.7    | -258.5 | -128 (saturates)
  //    0    1  |  10   -4  |  -0.2    |  -1  |  -4
  //    3   -2  |  13   -7  |  -0.8    |  -4  |  -7
  //   -7    0  |   3   -5  |  -1.2    |  -6  |  -9
  auto model = add_model(DType::kInt8, {7}, {7}, {7}, per_tensor(0.1f, -10),
                         per_tensor(0.3f, 5), per_tensor(0.2f, -3));
  const auto p = step_params<mote_add_s8_params>(*model);
  EXPECT_EQ(p.input1_offset, 10);
  EXPECT_EQ(p.input2_offset, -5);
  EXPECT_EQ(p.output_offset, -3);
  EXPECT_EQ(p.input1_multiplier, 1431655730);
  EXPECT_EQ(p.input1_shift, -2);
  EXPECT_EQ(p.input2_multiplier, 1 << 30);
  EXPECT_EQ(p.input2_shift, 0);
  EXPECT_EQ(p.output_multiplier, 1610612776);
  EXPECT_EQ(p.output_shift, -18);
  const std::vector<int8_t> a = {10, -128, 127, -128, 0, 3, -7};
  const std::vector<int8_t> b = {7, 127, 126, -128, 1, -2, 0};
  EXPECT_EQ(run<int8_t>(*model, {bytes_of(a), bytes_of(b)}),
            (std::vector<int8_t>{10, 121, 127, -128, -4, -7, -9}));
}

TEST(AddInt8, BroadcastsBothInputs) {
  // Scales 1, zero points 0: twice_max = 2, input multipliers 0.5 -> (2^30, 0),
  // output 2 / 2^20 = 2^-19 -> (2^30, -18); every step is exact, so
  // out = v1 + v2. a [2, 1, 3] + b [4, 1] -> [2, 4, 3]: out[i][j][k] =
  // a[i][0][k] + b[j][0].
  auto model = add_model(DType::kInt8, {2, 1, 3}, {4, 1}, {2, 4, 3}, per_tensor(1.0f, 0),
                         per_tensor(1.0f, 0), per_tensor(1.0f, 0));
  const auto p = step_params<mote_add_s8_params>(*model);
  EXPECT_EQ(p.shape.same_shapes, 0);
  // Padded to rank 6: out [1, 1, 1, 2, 4, 3]; a strides (3, 0, 1), b (0, 1, 0).
  EXPECT_EQ(p.shape.input1_strides[3], 3);
  EXPECT_EQ(p.shape.input1_strides[4], 0);
  EXPECT_EQ(p.shape.input1_strides[5], 1);
  EXPECT_EQ(p.shape.input2_strides[3], 0);
  EXPECT_EQ(p.shape.input2_strides[4], 1);
  EXPECT_EQ(p.shape.input2_strides[5], 0);
  const std::vector<int8_t> a = {1, 2, 3, -1, -2, -3};
  const std::vector<int8_t> b = {0, 10, 20, 120};
  EXPECT_EQ(run<int8_t>(*model, {bytes_of(a), bytes_of(b)}),
            (std::vector<int8_t>{1,  2,  3,  11, 12,  13,  21, 22, 23, 121, 122, 123,
                                 -1, -2, -3, 9,  8,   7,   19, 18, 17, 119, 118, 117}));
}

TEST(AddInt8, ScalarAndConstantInput) {
  // A constant scalar (rank 0) added to every element: scales 1, zero points
  // 0, out = v + 5 (saturating at 127).
  ModelBuilder m;
  const int a = m.tensor("a", DType::kInt8, {2, 3}, per_tensor(1.0f, 0));
  const int five =
      m.constant<int8_t>("five", DType::kInt8, {}, {5}, per_tensor(1.0f, 0));
  const int out = m.tensor("out", DType::kInt8, {2, 3}, per_tensor(1.0f, 0));
  m.op(OpType::kAdd, {five, a}, {out}, fused(Activation::kNone));
  m.io({a}, {out});
  auto model = m.build();
  EXPECT_EQ(run<int8_t>(*model, {bytes_of<int8_t>({0, 1, -5, -128, 122, 123})}),
            (std::vector<int8_t>{5, 6, 0, -123, 127, 127}));
}

TEST(AddInt8, Relu6ClampsInTheOutputDomain) {
  // All scales 0.05, zero points -128: twice_max = 0.1 = 2 * 0.05 exactly, so
  // input multipliers 0.5 and output 2^-19 make out = v1 + v2 - 128 exact.
  // RELU6 range: quantize(0) = -128, quantize(6) = -128 + round(6 / 0.05) = -8.
  //   1.0 + 2.0 = 3.0  (v 20 + 40 = 60)   -> -68
  //   4.0 + 4.0 = 8.0  (v 80 + 80 = 160)  -> clamps to 6.0 -> -8
  //   0   + 0.05                          -> -127
  auto model = add_model(DType::kInt8, {3}, {3}, {3}, per_tensor(0.05f, -128),
                         per_tensor(0.05f, -128), per_tensor(0.05f, -128), Activation::kRelu6);
  const auto p = step_params<mote_add_s8_params>(*model);
  EXPECT_EQ(p.activation_min, -128);
  EXPECT_EQ(p.activation_max, -8);
  const std::vector<int8_t> a = {-108, -48, -128};
  const std::vector<int8_t> b = {-88, -48, -127};
  EXPECT_EQ(run<int8_t>(*model, {bytes_of(a), bytes_of(b)}),
            (std::vector<int8_t>{-68, -8, -127}));
}

TEST(AddInt8, ReluClampsAtTheOutputZeroPoint) {
  // Scales 1, zero points: inputs 0, output 10. RELU: quantize(0) = 10, so
  // out = max(v1 + v2 + 10, 10).
  auto model = add_model(DType::kInt8, {4}, {4}, {4}, per_tensor(1.0f, 0), per_tensor(1.0f, 0),
                         per_tensor(1.0f, 10), Activation::kRelu);
  EXPECT_EQ(run<int8_t>(*model, {bytes_of<int8_t>({-5, 3, 100, -1}),
                                 bytes_of<int8_t>({2, -3, 100, 2})}),
            (std::vector<int8_t>{10, 10, 127, 11}));
}

TEST(AddFloat32, BroadcastsAndClamps) {
  // a [2, 1] + b [3] -> [2, 3], RELU_N1_TO_1 clamps to [-1, 1].
  auto model = add_model(DType::kFloat32, {2, 1}, {3}, {2, 3}, std::nullopt, std::nullopt,
                         std::nullopt, Activation::kReluN1To1);
  EXPECT_EQ(run<float>(*model, {bytes_of<float>({0.25f, -2.0f}),
                                bytes_of<float>({0.5f, 1.0f, -0.5f})}),
            (std::vector<float>{0.75f, 1.0f, -0.25f, -1.0f, -1.0f, -1.0f}));
}

TEST(AddFloat32, Rank6Broadcast) {
  // [1, 2, 1, 2, 1, 2] + [2, 1, 2, 1, 2, 1] -> [2, 2, 2, 2, 2, 2]: with
  // a = 0..7 and b = 100 * (0..7), element (i0..i5) is
  //   a[(i1, i3, i5)] + b[(i0, i2, i4)] = (4 i1 + 2 i3 + i5) + 100 (4 i0 + 2 i2 + i4).
  std::vector<float> a(8), b(8);
  for (int i = 0; i < 8; ++i) {
    a[i] = static_cast<float>(i);
    b[i] = 100.0f * static_cast<float>(i);
  }
  auto model = add_model(DType::kFloat32, {1, 2, 1, 2, 1, 2}, {2, 1, 2, 1, 2, 1},
                         {2, 2, 2, 2, 2, 2}, std::nullopt, std::nullopt, std::nullopt);
  const auto out = run<float>(*model, {bytes_of(a), bytes_of(b)});
  ASSERT_EQ(out.size(), 64u);
  for (int i = 0; i < 64; ++i) {
    const int i0 = (i >> 5) & 1, i1 = (i >> 4) & 1, i2 = (i >> 3) & 1;
    const int i3 = (i >> 2) & 1, i4 = (i >> 1) & 1, i5 = i & 1;
    EXPECT_EQ(out[i], static_cast<float>((4 * i1 + 2 * i3 + i5) + 100 * (4 * i0 + 2 * i2 + i4)))
        << "element " << i;
  }
}

TEST(AddLowering, RejectsShapesThatDoNotBroadcast) {
  auto model = add_model(DType::kFloat32, {2, 3}, {3, 2}, {2, 3}, std::nullopt, std::nullopt,
                         std::nullopt);
  EXPECT_NE(lowering_error(*model, ErrorCode::kInvalid).find("do not broadcast"),
            std::string::npos);
}

TEST(AddLowering, RejectsAWrongOutputShape) {
  auto model = add_model(DType::kFloat32, {2, 1}, {3}, {2, 1}, std::nullopt, std::nullopt,
                         std::nullopt);
  EXPECT_NE(lowering_error(*model, ErrorCode::kInvalid).find("output has shape [2, 1]"),
            std::string::npos);
}

TEST(AddLowering, RejectsMissingQuantizationMixedTypesAndTanh) {
  auto unquantized = add_model(DType::kInt8, {2}, {2}, {2}, per_tensor(1.0f, 0), std::nullopt,
                               per_tensor(1.0f, 0));
  EXPECT_NE(lowering_error(*unquantized, ErrorCode::kInvalid).find("no quantization"),
            std::string::npos);

  ModelBuilder m;
  const int a = m.tensor("a", DType::kInt8, {2}, per_tensor(1.0f, 0));
  const int b = m.tensor("b", DType::kFloat32, {2});
  const int out = m.tensor("out", DType::kInt8, {2}, per_tensor(1.0f, 0));
  m.op(OpType::kAdd, {a, b}, {out}, fused(Activation::kNone));
  m.io({a, b}, {out});
  EXPECT_NE(lowering_error(*m.build(), ErrorCode::kInvalid).find("float32"), std::string::npos);

  auto tanh = add_model(DType::kFloat32, {2}, {2}, {2}, std::nullopt, std::nullopt, std::nullopt,
                        Activation::kTanh);
  EXPECT_NE(lowering_error(*tanh, ErrorCode::kUnsupported).find("TANH"), std::string::npos);

  auto int16 = add_model(DType::kInt16, {2}, {2}, {2}, per_tensor(1.0f, 0), per_tensor(1.0f, 0),
                         per_tensor(1.0f, 0));
  EXPECT_NE(lowering_error(*int16, ErrorCode::kUnsupported).find("int16"), std::string::npos);
}

TEST(AddLowering, RejectsAnOutputMultiplierOfOneOrMore) {
  // 2 * 1 / (2^20 * 1e-6) ~ 1.9: TFLite's QuantizeMultiplierSmallerThanOneExp
  // would fail its check, so Mote refuses to lower.
  auto model = add_model(DType::kInt8, {2}, {2}, {2}, per_tensor(1.0f, 0), per_tensor(1.0f, 0),
                         per_tensor(1e-6f, 0));
  EXPECT_NE(lowering_error(*model, ErrorCode::kUnsupported).find("output multiplier"),
            std::string::npos);
}

// Real layers: TFLite Micro's per-layer goldens, fed the golden inputs.
TEST(AddGolden, IcResnet8) {
  MOTE_REQUIRE_SHARED_DIR(shared);
  for (const char* input : {"seed1", "ic_input0"}) {
    for (int op : {3, 7, 11}) {
      elementwise_test::expect_layer_matches_golden(shared, "ic_resnet8_int8", input, op);
    }
  }
}

TEST(AddGolden, IcResnetLarge) {
  MOTE_REQUIRE_SHARED_DIR(shared);
  for (const char* input : {"seed1", "ic_input0"}) {
    for (int op : {3, 7, 11}) {
      elementwise_test::expect_layer_matches_golden(shared, "ic_resnet_large_int8", input, op);
    }
  }
}

}  // namespace
}  // namespace mote
