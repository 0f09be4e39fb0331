// PAD: the kernel against hand-drawn padded grids, and the lowering (pad
// value per type as TFLite Micro picks it, PADV2's constant_values, int32 and
// int64 paddings, validation) through mote_invoke.
#include <gtest/gtest.h>

#include <vector>

#include "mote/kernels/pad.h"
#include "reshaping_test_model.h"

namespace mote {
namespace {

using ir::DType;
using ir::OpType;
using reshaping_test::lowering_error;
using reshaping_test::ModelBuilder;
using reshaping_test::per_tensor;
using reshaping_test::run1;

TEST(PadKernel, PadsRowsAndColumnsWithTheGivenValue) {
  // [2, 3] padded by [[1, 0], [2, 1]] with 7 -> [3, 6]:
  //   7 7 7 7 7 7
  //   7 7 1 2 3 7
  //   7 7 4 5 6 7
  mote_pad_params p{};
  p.element_size = 1;
  for (int d = 0; d < MOTE_MAX_RANK; ++d) p.input_dims[d] = p.output_dims[d] = 1;
  p.input_dims[4] = 2;
  p.input_dims[5] = 3;
  p.output_dims[4] = 3;
  p.output_dims[5] = 6;
  p.before[4] = 1;
  p.before[5] = 2;
  const int8_t input[] = {1, 2, 3, 4, 5, 6};
  const int8_t value = 7;
  int8_t out[18] = {};
  mote_pad(&p, input, &value, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 18),
            (std::vector<int8_t>{7, 7, 7, 7, 7, 7,  //
                                 7, 7, 1, 2, 3, 7,  //
                                 7, 7, 4, 5, 6, 7}));
}

TEST(PadLowering, Int8PadsWithTheOutputZeroPoint) {
  // NHWC [1, 2, 2, 1] padded by one pixel all round -> [1, 4, 4, 1]; the
  // border is the output zero point -5 (real value 0).
  ModelBuilder m;
  const int x = m.tensor("x", DType::kInt8, {1, 2, 2, 1}, per_tensor(0.1f, -5));
  const int pads =
      m.constant<int32_t>("paddings", DType::kInt32, {4, 2}, {0, 0, 1, 1, 1, 1, 0, 0});
  const int out = m.tensor("out", DType::kInt8, {1, 4, 4, 1}, per_tensor(0.1f, -5));
  m.op(OpType::kPad, {x, pads}, {out});
  m.io({x}, {out});
  auto model = m.build();
  EXPECT_EQ(run1<int8_t>(*model, std::vector<int8_t>{1, 2, 3, 4}),
            (std::vector<int8_t>{-5, -5, -5, -5,  //
                                 -5, 1, 2, -5,    //
                                 -5, 3, 4, -5,    //
                                 -5, -5, -5, -5}));
}

TEST(PadLowering, FloatPadsWithZeroAndTakesInt64PaddingsOnAnyDim) {
  // [2, 1, 2] padded by [[1, 0], [0, 2], [1, 0]] (int64) -> [3, 3, 3]:
  //   plane 0 (before-pad of dim 0): all 0
  //   plane 1: row 0 = 0, a, b; rows 1-2 (after-pad of dim 1) = 0
  //   plane 2: row 0 = 0, c, d; rows 1-2 = 0
  ModelBuilder m;
  const int x = m.tensor("x", DType::kFloat32, {2, 1, 2});
  const int pads = m.constant<int64_t>("paddings", DType::kInt64, {3, 2}, {1, 0, 0, 2, 1, 0});
  const int out = m.tensor("out", DType::kFloat32, {3, 3, 3});
  m.op(OpType::kPad, {x, pads}, {out});
  m.io({x}, {out});
  auto model = m.build();
  EXPECT_EQ(run1<float>(*model, std::vector<float>{1.5f, -2, 3, 4}),
            (std::vector<float>{0, 0, 0, 0, 0, 0, 0, 0, 0,      //
                                0, 1.5f, -2, 0, 0, 0, 0, 0, 0,  //
                                0, 3, 4, 0, 0, 0, 0, 0, 0}));
}

TEST(PadLowering, PadV2FormPadsWithConstantValues) {
  // Three inputs (PADV2): a float scalar constant_values of -1.5.
  // [3] padded by [2, 1] -> [-1.5, -1.5, 1, 2, 3, -1.5].
  ModelBuilder m;
  const int x = m.tensor("x", DType::kFloat32, {3});
  const int pads = m.constant<int32_t>("paddings", DType::kInt32, {1, 2}, {2, 1});
  const int value = m.constant<float>("value", DType::kFloat32, {}, {-1.5f});
  const int out = m.tensor("out", DType::kFloat32, {6});
  m.op(OpType::kPad, {x, pads, value}, {out});
  m.io({x}, {out});
  auto model = m.build();
  EXPECT_EQ(run1<float>(*model, std::vector<float>{1, 2, 3}),
            (std::vector<float>{-1.5f, -1.5f, 1, 2, 3, -1.5f}));
}

TEST(PadLowering, PadV2Int8ValueMustShareTheOutputQuantization) {
  // constant_values 9 with the output's quantization: used as it is.
  {
    ModelBuilder m;
    const int x = m.tensor("x", DType::kInt8, {2}, per_tensor(0.25f, 1));
    const int pads = m.constant<int32_t>("paddings", DType::kInt32, {1, 2}, {1, 1});
    const int value = m.constant<int8_t>("value", DType::kInt8, {1}, {9}, per_tensor(0.25f, 1));
    const int out = m.tensor("out", DType::kInt8, {4}, per_tensor(0.25f, 1));
    m.op(OpType::kPad, {x, pads, value}, {out});
    m.io({x}, {out});
    auto model = m.build();
    EXPECT_EQ(run1<int8_t>(*model, std::vector<int8_t>{-1, 2}),
              (std::vector<int8_t>{9, -1, 2, 9}));
  }
  // A different zero point (TFLite Micro rejects it as well).
  {
    ModelBuilder m;
    const int x = m.tensor("x", DType::kInt8, {2}, per_tensor(0.25f, 1));
    const int pads = m.constant<int32_t>("paddings", DType::kInt32, {1, 2}, {1, 1});
    const int value = m.constant<int8_t>("value", DType::kInt8, {1}, {9}, per_tensor(0.25f, 0));
    const int out = m.tensor("out", DType::kInt8, {4}, per_tensor(0.25f, 1));
    m.op(OpType::kPad, {x, pads, value}, {out});
    m.io({x}, {out});
    auto model = m.build();
    EXPECT_NE(lowering_error(*model, ErrorCode::kUnsupported)
                  .find("constant_values 'value' (scale 0.25 zero point 0) is quantized "
                        "differently from output 'out'"),
              std::string::npos);
  }
}

TEST(PadLowering, RejectsNonConstantPaddings) {
  ModelBuilder m;
  const int x = m.tensor("x", DType::kFloat32, {2});
  const int pads = m.tensor("paddings", DType::kInt32, {1, 2});
  const int out = m.tensor("out", DType::kFloat32, {4});
  m.op(OpType::kPad, {x, pads}, {out});
  m.io({x, pads}, {out});
  auto model = m.build();
  EXPECT_NE(lowering_error(*model, ErrorCode::kUnsupported)
                .find("test.tflite: op 0 (PAD): paddings tensor 'paddings' is not constant"),
            std::string::npos);
}

TEST(PadLowering, RejectsBadPaddings) {
  struct Case {
    std::vector<int32_t> shape;
    std::vector<int32_t> values;
    std::vector<int32_t> out_shape;
    const char* message;
  };
  const Case cases[] = {
      {{1, 2}, {-1, 1}, {2}, "paddings of dimension 0 are [-1, 1]; they must not be negative"},
      {{2, 1}, {1, 1}, {4}, "paddings have shape [2, 1]; expected [1, 2]"},
      {{1, 2}, {1, 1}, {5}, "output has shape [5]; input [2] padded by [1, 1] gives 4"},
  };
  for (const Case& c : cases) {
    ModelBuilder m;
    const int x = m.tensor("x", DType::kFloat32, {2});
    const int pads = m.constant<int32_t>("paddings", DType::kInt32, c.shape, c.values);
    const int out = m.tensor("out", DType::kFloat32, c.out_shape);
    m.op(OpType::kPad, {x, pads}, {out});
    m.io({x}, {out});
    auto model = m.build();
    const std::string message = lowering_error(*model, ErrorCode::kInvalid);
    EXPECT_NE(message.find(c.message), std::string::npos) << message;
  }
}

TEST(PadLowering, RejectsFloatPaddingsAndRequantization) {
  {
    ModelBuilder m;
    const int x = m.tensor("x", DType::kFloat32, {2});
    const int pads = m.constant<float>("paddings", DType::kFloat32, {1, 2}, {1, 1});
    const int out = m.tensor("out", DType::kFloat32, {4});
    m.op(OpType::kPad, {x, pads}, {out});
    m.io({x}, {out});
    auto model = m.build();
    EXPECT_NE(lowering_error(*model, ErrorCode::kInvalid)
                  .find("paddings tensor 'paddings' is float32; expected int32 or int64"),
              std::string::npos);
  }
  {
    ModelBuilder m;
    const int x = m.tensor("x", DType::kInt8, {2}, per_tensor(0.5f, 0));
    const int pads = m.constant<int32_t>("paddings", DType::kInt32, {1, 2}, {1, 1});
    const int out = m.tensor("out", DType::kInt8, {4}, per_tensor(0.25f, 0));
    m.op(OpType::kPad, {x, pads}, {out});
    m.io({x}, {out});
    auto model = m.build();
    EXPECT_NE(lowering_error(*model, ErrorCode::kUnsupported).find("quantized differently"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace mote
