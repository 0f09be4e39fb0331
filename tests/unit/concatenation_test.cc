// CONCATENATION: the byte-moving kernel against hand-worked layouts, and the
// lowering (axis resolution, any element size, up to the operand limit of
// inputs, TFLite Micro's "no requantization" rule) through mote_invoke.
#include <gtest/gtest.h>

#include <vector>

#include "mote/kernels/concatenation.h"
#include "reshaping_test_model.h"

namespace mote {
namespace {

using ir::DType;
using ir::OpType;
using reshaping_test::bytes_of;
using reshaping_test::lowering_error;
using reshaping_test::ModelBuilder;
using reshaping_test::per_tensor;
using reshaping_test::run;

ir::ConcatenationOptions axis(int a) {
  ir::ConcatenationOptions o;
  o.axis = a;
  return o;
}

TEST(ConcatenationKernel, InterleavesChunksAroundTheAxis) {
  // A [2, 1, 2] and B [2, 2, 2] joined along axis 1 -> [2, 3, 2]. Outer size 2
  // (dim 0); a chunk of A is 1 * 2 bytes, of B 2 * 2 bytes:
  //   outer 0: A {1, 2},  B {10, 11, 12, 13}
  //   outer 1: A {3, 4},  B {20, 21, 22, 23}
  const int8_t a[] = {1, 2, 3, 4};
  const int8_t b[] = {10, 11, 12, 13, 20, 21, 22, 23};
  mote_concatenation_params p{};
  p.num_inputs = 2;
  p.outer_size = 2;
  p.input_bytes[0] = 2;
  p.input_bytes[1] = 4;
  const void* inputs[] = {a, b};
  int8_t out[12] = {};
  mote_concatenation(&p, inputs, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 12),
            (std::vector<int8_t>{1, 2, 10, 11, 12, 13, 3, 4, 20, 21, 22, 23}));
}

TEST(ConcatenationLowering, NegativeAxisCountsFromTheEndFloat) {
  // axis -1 of rank 2 is axis 1: rows are joined side by side.
  //   a [2, 2] = {1, 2 | 3, 4}, b [2, 1] = {5 | 6}, c [2, 3] = {7, 8, 9 | 10, 11, 12}
  //   -> [2, 6] = {1, 2, 5, 7, 8, 9 | 3, 4, 6, 10, 11, 12}
  ModelBuilder m;
  const int a = m.tensor("a", DType::kFloat32, {2, 2});
  const int b = m.tensor("b", DType::kFloat32, {2, 1});
  const int c = m.tensor("c", DType::kFloat32, {2, 3});
  const int out = m.tensor("out", DType::kFloat32, {2, 6});
  m.op(OpType::kConcatenation, {a, b, c}, {out}, axis(-1));
  m.io({a, b, c}, {out});
  auto model = m.build();
  const auto result = run<float>(*model, {bytes_of<float>({1, 2, 3, 4}), bytes_of<float>({5, 6}),
                                          bytes_of<float>({7, 8, 9, 10, 11, 12})});
  EXPECT_EQ(result, (std::vector<float>{1, 2, 5, 7, 8, 9, 3, 4, 6, 10, 11, 12}));
}

TEST(ConcatenationLowering, Int8AxisZeroWithAConstantInput) {
  // Same quantization everywhere, so values are copied as they are. Axis 0
  // appends whole tensors: x [1, 3] then the constant k [2, 3].
  ModelBuilder m;
  const int x = m.tensor("x", DType::kInt8, {1, 3}, per_tensor(0.5f, -3));
  const int k = m.constant<int8_t>("k", DType::kInt8, {2, 3}, {-128, 0, 127, 4, 5, 6},
                                   per_tensor(0.5f, -3));
  const int out = m.tensor("out", DType::kInt8, {3, 3}, per_tensor(0.5f, -3));
  m.op(OpType::kConcatenation, {x, k}, {out}, axis(0));
  m.io({x}, {out});
  auto model = m.build();
  EXPECT_EQ(reshaping_test::run1<int8_t>(*model, std::vector<int8_t>{7, -7, 1}),
            (std::vector<int8_t>{7, -7, 1, -128, 0, 127, 4, 5, 6}));
}

TEST(ConcatenationLowering, EightByteElementsAlongAMiddleAxis) {
  // int64 [2, 1, 2] and [2, 2, 2] along axis -2 (= 1): per outer index,
  // 2 values of the first then 4 of the second.
  ModelBuilder m;
  const int a = m.tensor("a", DType::kInt64, {2, 1, 2});
  const int b = m.tensor("b", DType::kInt64, {2, 2, 2});
  const int out = m.tensor("out", DType::kInt64, {2, 3, 2});
  m.op(OpType::kConcatenation, {a, b}, {out}, axis(-2));
  m.io({a, b}, {out});
  auto model = m.build();
  const int64_t big = int64_t{1} << 40;
  const auto result =
      run<int64_t>(*model, {bytes_of<int64_t>({1, 2, 3, 4}),
                            bytes_of<int64_t>({big, 11, 12, 13, 20, 21, 22, -big})});
  EXPECT_EQ(result, (std::vector<int64_t>{1, 2, big, 11, 12, 13, 3, 4, 20, 21, 22, -big}));
}

TEST(ConcatenationLowering, TakesAsManyInputsAsTheOperandLimitAllows) {
  // 31 inputs of one float each + the output = MOTE_MAX_OPERANDS operands.
  const int n = MOTE_CONCATENATION_MAX_INPUTS;
  ASSERT_EQ(n, MOTE_MAX_OPERANDS - 1);
  ModelBuilder m;
  std::vector<int> inputs;
  std::vector<std::vector<uint8_t>> data;
  std::vector<float> expected;
  for (int i = 0; i < n; ++i) {
    inputs.push_back(m.tensor("in" + std::to_string(i), DType::kFloat32, {1}));
    data.push_back(bytes_of<float>({i * 1.5f}));
    expected.push_back(i * 1.5f);
  }
  const int out = m.tensor("out", DType::kFloat32, {n});
  m.op(OpType::kConcatenation, inputs, {out}, axis(0));
  m.io(inputs, {out});
  auto model = m.build();
  EXPECT_EQ(run<float>(*model, data), expected);
}

TEST(ConcatenationLowering, RejectsMoreInputsThanOperands) {
  const int n = MOTE_CONCATENATION_MAX_INPUTS + 1;
  ModelBuilder m;
  std::vector<int> inputs;
  for (int i = 0; i < n; ++i) {
    inputs.push_back(m.tensor("in" + std::to_string(i), DType::kFloat32, {1}));
  }
  const int out = m.tensor("out", DType::kFloat32, {n});
  m.op(OpType::kConcatenation, inputs, {out}, axis(0));
  m.io(inputs, {out});
  auto model = m.build();
  EXPECT_NE(lowering_error(*model, ErrorCode::kLimit).find("has 32 inputs; at most 31"),
            std::string::npos);
}

TEST(ConcatenationLowering, RejectsOutOfRangeAxis) {
  for (int a : {2, -3}) {
    ModelBuilder m;
    const int x = m.tensor("x", DType::kFloat32, {2, 2});
    const int y = m.tensor("y", DType::kFloat32, {2, 2});
    const int out = m.tensor("out", DType::kFloat32, {4, 2});
    m.op(OpType::kConcatenation, {x, y}, {out}, axis(a));
    m.io({x, y}, {out});
    auto model = m.build();
    const std::string message = lowering_error(*model, ErrorCode::kInvalid);
    EXPECT_NE(message.find("test.tflite: op 0 (CONCATENATION): axis " + std::to_string(a) +
                           " is out of range for rank 2"),
              std::string::npos)
        << message;
  }
}

TEST(ConcatenationLowering, RejectsInt8InputsQuantizedUnlikeTheOutput) {
  // TFLite Micro would copy the bytes of y unchanged (its scale 1.0 ignored),
  // which means something else under the output's scale 0.5: rejected.
  ModelBuilder m;
  const int x = m.tensor("x", DType::kInt8, {1, 2}, per_tensor(0.5f, 0));
  const int y = m.tensor("y", DType::kInt8, {1, 2}, per_tensor(1.0f, 0));
  const int out = m.tensor("out", DType::kInt8, {1, 4}, per_tensor(0.5f, 0));
  m.op(OpType::kConcatenation, {x, y}, {out}, axis(1));
  m.io({x, y}, {out});
  auto model = m.build();
  const std::string message = lowering_error(*model, ErrorCode::kUnsupported);
  EXPECT_NE(message.find("input 1 'y' (scale 1 zero point 0) is quantized differently from "
                         "output 'out' (scale 0.5 zero point 0)"),
            std::string::npos)
      << message;
}

TEST(ConcatenationLowering, RejectsMismatchedShapesTypesAndActivations) {
  {
    ModelBuilder m;  // dim 0 differs off the axis
    const int x = m.tensor("x", DType::kFloat32, {2, 2});
    const int y = m.tensor("y", DType::kFloat32, {3, 2});
    const int out = m.tensor("out", DType::kFloat32, {2, 4});
    m.op(OpType::kConcatenation, {x, y}, {out}, axis(1));
    m.io({x, y}, {out});
    auto model = m.build();
    EXPECT_NE(lowering_error(*model, ErrorCode::kInvalid)
                  .find("input 1 'y' has shape [3, 2], which does not fit output shape [2, 4]"),
              std::string::npos);
  }
  {
    ModelBuilder m;  // sizes along the axis do not add up
    const int x = m.tensor("x", DType::kFloat32, {2, 2});
    const int y = m.tensor("y", DType::kFloat32, {2, 2});
    const int out = m.tensor("out", DType::kFloat32, {2, 5});
    m.op(OpType::kConcatenation, {x, y}, {out}, axis(1));
    m.io({x, y}, {out});
    auto model = m.build();
    EXPECT_NE(lowering_error(*model, ErrorCode::kInvalid)
                  .find("inputs add up to 4 along axis 1 but the output has 5"),
              std::string::npos);
  }
  {
    ModelBuilder m;  // element types differ
    const int x = m.tensor("x", DType::kFloat32, {2});
    const int y = m.tensor("y", DType::kInt32, {2});
    const int out = m.tensor("out", DType::kFloat32, {4});
    m.op(OpType::kConcatenation, {x, y}, {out}, axis(0));
    m.io({x, y}, {out});
    auto model = m.build();
    EXPECT_NE(lowering_error(*model, ErrorCode::kInvalid)
                  .find("input 1 'y' is int32 but output 'out' is float32"),
              std::string::npos);
  }
  {
    ModelBuilder m;  // fused RELU: TFLite Micro rejects it too
    const int x = m.tensor("x", DType::kFloat32, {2});
    const int out = m.tensor("out", DType::kFloat32, {2});
    ir::ConcatenationOptions o = axis(0);
    o.activation = ir::Activation::kRelu;
    m.op(OpType::kConcatenation, {x}, {out}, o);
    m.io({x}, {out});
    auto model = m.build();
    EXPECT_NE(lowering_error(*model, ErrorCode::kUnsupported).find("fused activation"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace mote
