// TRANSPOSE: the kernel with hand-permuted strides, and the lowering (any
// permutation up to rank 6, every element size, validation of perm) through
// mote_invoke.
#include <gtest/gtest.h>

#include <vector>

#include "mote/kernels/transpose.h"
#include "reshaping_test_model.h"

namespace mote {
namespace {

using ir::DType;
using ir::OpType;
using reshaping_test::iota;
using reshaping_test::lowering_error;
using reshaping_test::ModelBuilder;
using reshaping_test::per_tensor;
using reshaping_test::run1;

TEST(TransposeKernel, SwapsRowsAndColumns) {
  // [2, 3] {1 2 3 | 4 5 6} -> [3, 2] {1 4 | 2 5 | 3 6}: output dim 0 walks input
  // dim 1 (stride 1), output dim 1 walks input dim 0 (stride 3).
  mote_transpose_params p{};
  p.element_size = 4;
  for (int d = 0; d < MOTE_MAX_RANK; ++d) p.output_dims[d] = 1;
  p.output_dims[4] = 3;
  p.output_dims[5] = 2;
  p.input_strides[4] = 1;
  p.input_strides[5] = 3;
  const float input[] = {1, 2, 3, 4, 5, 6};
  float out[6] = {};
  mote_transpose(&p, input, out);
  EXPECT_EQ(std::vector<float>(out, out + 6), (std::vector<float>{1, 4, 2, 5, 3, 6}));
}

TEST(TransposeLowering, Rank3Permutation) {
  // Input [2, 3, 4] holds its own flat index: in[j][k][i] = 12j + 4k + i.
  // perm [2, 0, 1] -> output [4, 2, 3], out[i][j][k] = in[j][k][i]:
  //   i = 0: 0 4 8 | 12 16 20,   i = 1: 1 5 9 | 13 17 21, ...
  ModelBuilder m;
  const int x = m.tensor("x", DType::kFloat32, {2, 3, 4});
  const int perm = m.constant<int32_t>("perm", DType::kInt32, {3}, {2, 0, 1});
  const int out = m.tensor("out", DType::kFloat32, {4, 2, 3});
  m.op(OpType::kTranspose, {x, perm}, {out});
  m.io({x}, {out});
  auto model = m.build();
  EXPECT_EQ(run1<float>(*model, iota<float>(24)),
            (std::vector<float>{0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21,  //
                                2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23}));
}

TEST(TransposeLowering, Rank6ReversalOfInt16) {
  // Shape [2, 2, 1, 1, 1, 2] reversed by perm [5, 4, 3, 2, 1, 0] -> [2, 1, 1, 1, 2, 2].
  // Input flat index = 4 a0 + 2 a1 + a5; output (b0, b4, b5) = input (a0 = b5,
  // a1 = b4, a5 = b0), so out = 4 b5 + 2 b4 + b0 in order of (b0, b4, b5):
  //   0 4 2 6 1 5 3 7 (3-bit reversal).
  ModelBuilder m;
  const int x = m.tensor("x", DType::kInt16, {2, 2, 1, 1, 1, 2});
  const int perm = m.constant<int64_t>("perm", DType::kInt64, {6}, {5, 4, 3, 2, 1, 0});
  const int out = m.tensor("out", DType::kInt16, {2, 1, 1, 1, 2, 2});
  m.op(OpType::kTranspose, {x, perm}, {out});
  m.io({x}, {out});
  auto model = m.build();
  EXPECT_EQ(run1<int16_t>(*model, std::vector<int16_t>{0, 1, 2, 3, 4, 5, 6, 7}),
            (std::vector<int16_t>{0, 4, 2, 6, 1, 5, 3, 7}));
}

TEST(TransposeLowering, Int8NhwcToNchw) {
  // [1, 2, 2, 3] (pixels p0..p3, channels c0..c2, value 10p + c) with perm
  // [0, 3, 1, 2] -> [1, 3, 2, 2]: each channel's four pixels in a row.
  ModelBuilder m;
  const int x = m.tensor("x", DType::kInt8, {1, 2, 2, 3}, per_tensor(1.0f, 0));
  const int perm = m.constant<int32_t>("perm", DType::kInt32, {4}, {0, 3, 1, 2});
  const int out = m.tensor("out", DType::kInt8, {1, 3, 2, 2}, per_tensor(1.0f, 0));
  m.op(OpType::kTranspose, {x, perm}, {out});
  m.io({x}, {out});
  auto model = m.build();
  EXPECT_EQ(run1<int8_t>(*model, std::vector<int8_t>{0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32}),
            (std::vector<int8_t>{0, 10, 20, 30, 1, 11, 21, 31, 2, 12, 22, 32}));
}

TEST(TransposeLowering, RejectsNonConstantPerm) {
  ModelBuilder m;
  const int x = m.tensor("x", DType::kFloat32, {2, 3});
  const int perm = m.tensor("perm", DType::kInt32, {2});
  const int out = m.tensor("out", DType::kFloat32, {3, 2});
  m.op(OpType::kTranspose, {x, perm}, {out});
  m.io({x, perm}, {out});
  auto model = m.build();
  EXPECT_EQ(lowering_error(*model, ErrorCode::kUnsupported),
            "test.tflite: op 0 (TRANSPOSE): perm tensor 'perm' is not constant (Mote resolves "
            "it at compile time)");
}

TEST(TransposeLowering, RejectsInvalidPermutations) {
  struct Case {
    std::vector<int32_t> perm;
    std::vector<int32_t> out_shape;
    const char* message;
  };
  const Case cases[] = {
      {{0, 2}, {2, 3}, "perm [0, 2] is not a permutation of 0..1"},
      {{-1, 0}, {3, 2}, "perm [-1, 0] is not a permutation of 0..1"},
      {{1, 1}, {3, 3}, "perm [1, 1] is not a permutation of 0..1"},
      {{0, 1, 2}, {2, 3}, "perm has shape [3]; expected [2] for input shape [2, 3]"},
      {{1, 0}, {2, 3}, "output has shape [2, 3]; input [2, 3] permuted by [1, 0] gives [3, 2]"},
  };
  for (const Case& c : cases) {
    ModelBuilder m;
    const int x = m.tensor("x", DType::kFloat32, {2, 3});
    const int perm = m.constant<int32_t>("perm", DType::kInt32,
                                         {static_cast<int32_t>(c.perm.size())}, c.perm);
    const int out = m.tensor("out", DType::kFloat32, c.out_shape);
    m.op(OpType::kTranspose, {x, perm}, {out});
    m.io({x}, {out});
    auto model = m.build();
    const std::string message = lowering_error(*model, ErrorCode::kInvalid);
    EXPECT_NE(message.find(c.message), std::string::npos) << message;
  }
}

TEST(TransposeLowering, RejectsRankAboveSix) {
  ModelBuilder m;
  const int x = m.tensor("x", DType::kFloat32, {1, 1, 1, 1, 1, 1, 2});
  const int perm = m.constant<int32_t>("perm", DType::kInt32, {7}, {6, 5, 4, 3, 2, 1, 0});
  const int out = m.tensor("out", DType::kFloat32, {2, 1, 1, 1, 1, 1, 1});
  m.op(OpType::kTranspose, {x, perm}, {out});
  m.io({x}, {out});
  auto model = m.build();
  EXPECT_NE(lowering_error(*model, ErrorCode::kUnsupported)
                .find("input has rank 7 ([1, 1, 1, 1, 1, 1, 2]); at most 6 is supported"),
            std::string::npos);
}

}  // namespace
}  // namespace mote
