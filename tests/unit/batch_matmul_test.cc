// BATCH_MATMUL: the kernels against products worked out by hand (int8
// offsets, double-rounding requantization and saturation; float sums), and
// the lowering (adj_x/adj_y, batch broadcasting, TFLite Micro's multiplier,
// validation) through mote_invoke.
#include <gtest/gtest.h>

#include <vector>

#include "compiler/plan/lower.h"
#include "compiler/plan/quant_util.h"
#include "mote/kernels/batch_matmul.h"
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
using reshaping_test::run1;

// One batch of rows x depth times depth x cols, no adj, no broadcasting.
mote_batch_matmul_shape plain_shape(int32_t rows, int32_t depth, int32_t cols) {
  mote_batch_matmul_shape s{};
  for (int d = 0; d < MOTE_BATCH_MATMUL_MAX_BATCH_DIMS; ++d) s.batch_dims[d] = 1;
  s.rows = rows;
  s.depth = depth;
  s.cols = cols;
  s.lhs_row_stride = depth;
  s.lhs_depth_stride = 1;
  s.rhs_depth_stride = cols;
  s.rhs_col_stride = 1;
  return s;
}

ir::BatchMatMulOptions adj(bool x, bool y) {
  ir::BatchMatMulOptions o;
  o.adj_x = x;
  o.adj_y = y;
  return o;
}

// The int8 example used by the kernel and lowering tests:
//   lhs [3, 3], zero point 1:   q - 1 = [[2, 0, -2], [4, 0, 0], [-129, -129, -129]]
//   rhs [3, 2], zero point -2:  q + 2 = [[5, -5], [8, 2], [0, 12]]
//   sums: row 0: [10 + 0 + 0, -10 + 0 - 24] = [10, -34]
//         row 1: [20, -20]
//         row 2: -129 * [13, 9] = [-1677, -1161]
//   x0.125 (multiplier 2^30, shift -2), double rounding, + output zero point 3:
//      10 -> high_mul 5    -> 5 / 4 = 1.25   -> 1    -> 4
//     -34 -> -17           -> -4.25          -> -4   -> -1
//      20 -> 10            -> 2.5            -> 3    -> 6
//     -20 -> -10           -> -2.5           -> -3   -> 0
//   -1677 -> -838.5 -> -838 -> -209.5         -> -210 -> -207 -> clamp -128
//   -1161 -> -580.5 -> -580 -> -145           -> -142 -> clamp -128
const std::vector<int8_t> kLhs = {3, 1, -1, 5, 1, 1, -128, -128, -128};
const std::vector<int8_t> kRhs = {3, -7, 6, 0, -2, 10};
const std::vector<int8_t> kExpected = {4, -1, 6, 0, -128, -128};

TEST(BatchMatMulS8Kernel, OffsetsRequantizesAndSaturates) {
  mote_batch_matmul_s8_params p{};
  p.shape = plain_shape(3, 3, 2);
  p.lhs_offset = -1;
  p.rhs_offset = 2;
  p.output_offset = 3;
  p.output_multiplier = 1 << 30;
  p.output_shift = -2;
  p.activation_min = -128;
  p.activation_max = 127;
  int8_t out[6] = {};
  mote_batch_matmul_s8(&p, kLhs.data(), kRhs.data(), out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 6), kExpected);
}

TEST(BatchMatMulF32Kernel, PlainProduct) {
  // [[1, 2, 3], [4, 5, 6]] x [[1, 0], [0, 1], [1, 1]] = [[4, 5], [10, 11]].
  mote_batch_matmul_f32_params p{};
  p.shape = plain_shape(2, 3, 2);
  const float lhs[] = {1, 2, 3, 4, 5, 6};
  const float rhs[] = {1, 0, 0, 1, 1, 1};
  float out[4] = {};
  mote_batch_matmul_f32(&p, lhs, rhs, out);
  EXPECT_EQ(std::vector<float>(out, out + 4), (std::vector<float>{4, 5, 10, 11}));
}

TEST(BatchMatMulLowering, Int8MatchesTheHandWorkedExample) {
  // lhs [1, 3, 3] (an input) x constant rhs [3, 2] (rank 2, broadcast over
  // the batch) -> [1, 3, 2]. Scales 0.5 * 0.25 / 1 = 0.125.
  ModelBuilder m;
  const int lhs = m.tensor("lhs", DType::kInt8, {1, 3, 3}, per_tensor(0.5f, 1));
  const int rhs = m.constant<int8_t>("rhs", DType::kInt8, {3, 2}, kRhs, per_tensor(0.25f, -2));
  const int out = m.tensor("out", DType::kInt8, {1, 3, 2}, per_tensor(1.0f, 3));
  m.op(OpType::kBatchMatMul, {lhs, rhs}, {out}, adj(false, false));
  m.io({lhs}, {out});
  auto model = m.build();
  EXPECT_EQ(run1<int8_t>(*model, kLhs), kExpected);
}

TEST(BatchMatMulLowering, Int8MultiplierUsesTheFloatProductOfScales) {
  // TFLite Micro: (double)(lhs_scale * rhs_scale in float) / (double)output_scale.
  const float ls = 0.1f, rs = 0.3f, os = 0.7f;
  ModelBuilder m;
  const int lhs = m.tensor("lhs", DType::kInt8, {2, 2}, per_tensor(ls, 0));
  const int rhs = m.tensor("rhs", DType::kInt8, {2, 2}, per_tensor(rs, 0));
  const int out = m.tensor("out", DType::kInt8, {2, 2}, per_tensor(os, 0));
  m.op(OpType::kBatchMatMul, {lhs, rhs}, {out}, adj(false, false));
  m.io({lhs, rhs}, {out});
  auto model = m.build();
  const plan::Program program = plan::lower(*model);
  ASSERT_EQ(program.steps.size(), 1u);
  ASSERT_EQ(program.steps[0].kernel, MOTE_K_BATCH_MATMUL_S8);
  const auto* p = static_cast<const mote_batch_matmul_s8_params*>(program.steps[0].params);
  const plan::QuantizedMultiplier expected =
      plan::quantize_multiplier(static_cast<double>(ls * rs) / static_cast<double>(os));
  EXPECT_EQ(p->output_multiplier, expected.multiplier);
  EXPECT_EQ(p->output_shift, expected.shift);
}

TEST(BatchMatMulLowering, AdjFlagsReadTransposedOperands) {
  // The plain example stored transposed: lhs^T [3, 2] with adj_x, rhs^T [2, 3]
  // with adj_y; the product is unchanged: [[4, 5], [10, 11]].
  const bool flags[][2] = {{false, false}, {true, false}, {false, true}, {true, true}};
  for (const auto& f : flags) {
    const bool ax = f[0], ay = f[1];
    ModelBuilder m;
    const int lhs = m.tensor("lhs", DType::kFloat32, ax ? std::vector<int32_t>{3, 2}
                                                        : std::vector<int32_t>{2, 3});
    const int rhs = m.tensor("rhs", DType::kFloat32, ay ? std::vector<int32_t>{2, 3}
                                                        : std::vector<int32_t>{3, 2});
    const int out = m.tensor("out", DType::kFloat32, {2, 2});
    m.op(OpType::kBatchMatMul, {lhs, rhs}, {out}, adj(ax, ay));
    m.io({lhs, rhs}, {out});
    auto model = m.build();
    const std::vector<float> lhs_data =
        ax ? std::vector<float>{1, 4, 2, 5, 3, 6} : std::vector<float>{1, 2, 3, 4, 5, 6};
    const std::vector<float> rhs_data =
        ay ? std::vector<float>{1, 0, 1, 0, 1, 1} : std::vector<float>{1, 0, 0, 1, 1, 1};
    EXPECT_EQ(run<float>(*model, {bytes_of(lhs_data), bytes_of(rhs_data)}),
              (std::vector<float>{4, 5, 10, 11}))
        << "adj_x " << ax << " adj_y " << ay;
  }
}

TEST(BatchMatMulLowering, BroadcastsBatchDims) {
  // lhs [2, 1, 2, 2] x rhs [3, 2, 2] -> [2, 3, 2, 2]; out[a][b] = L[a] x R[b].
  //   L0 = identity, L1 = [[0, 1], [1, 0]] (swaps rows)
  //   R0 = [[1, 2], [3, 4]], R1 = [[5, 6], [7, 8]], R2 = [[9, 10], [11, 12]]
  //   out[0][b] = R[b];  out[1][b] = R[b] with its rows swapped.
  ModelBuilder m;
  const int lhs = m.tensor("lhs", DType::kFloat32, {2, 1, 2, 2});
  const int rhs = m.constant<float>("rhs", DType::kFloat32, {3, 2, 2},
                                    {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  const int out = m.tensor("out", DType::kFloat32, {2, 3, 2, 2});
  m.op(OpType::kBatchMatMul, {lhs, rhs}, {out}, adj(false, false));
  m.io({lhs}, {out});
  auto model = m.build();
  EXPECT_EQ(run1<float>(*model, std::vector<float>{1, 0, 0, 1, 0, 1, 1, 0}),
            (std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,  //
                                3, 4, 1, 2, 7, 8, 5, 6, 11, 12, 9, 10}));
}

TEST(BatchMatMulLowering, BroadcastsTheLhsToo) {
  // lhs [1, 2] (rank 2) x rhs [2, 2, 1] with adj_y false -> [2, 1, 1]:
  //   [3, 4] . [1, 2] = 11;  [3, 4] . [-1, 0.5] = -1.
  ModelBuilder m;
  const int lhs = m.tensor("lhs", DType::kFloat32, {1, 2});
  const int rhs = m.tensor("rhs", DType::kFloat32, {2, 2, 1});
  const int out = m.tensor("out", DType::kFloat32, {2, 1, 1});
  m.op(OpType::kBatchMatMul, {lhs, rhs}, {out}, adj(false, false));
  m.io({lhs, rhs}, {out});
  auto model = m.build();
  EXPECT_EQ(run<float>(*model, {bytes_of<float>({3, 4}), bytes_of<float>({1, 2, -1, 0.5f})}),
            (std::vector<float>{11, -1}));
}

TEST(BatchMatMulLowering, RejectsMismatchedShapes) {
  struct Case {
    std::vector<int32_t> lhs, rhs, out;
    const char* message;
  };
  const Case cases[] = {
      {{2, 3}, {2, 2}, {2, 2}, "disagree on the inner dimension: 3 vs 2"},
      {{2, 2, 2}, {3, 2, 2}, {3, 2, 2}, "batch dims of lhs [2, 2, 2] and rhs [3, 2, 2] do not "
                                        "broadcast"},
      {{2, 3}, {3, 4}, {2, 5}, "output has shape [2, 5]; lhs [2, 3] x rhs [3, 4]"},
  };
  for (const Case& c : cases) {
    ModelBuilder m;
    const int lhs = m.tensor("lhs", DType::kFloat32, c.lhs);
    const int rhs = m.tensor("rhs", DType::kFloat32, c.rhs);
    const int out = m.tensor("out", DType::kFloat32, c.out);
    m.op(OpType::kBatchMatMul, {lhs, rhs}, {out}, adj(false, false));
    m.io({lhs, rhs}, {out});
    auto model = m.build();
    const std::string message = lowering_error(*model, ErrorCode::kInvalid);
    EXPECT_NE(message.find(c.message), std::string::npos) << message;
  }
}

TEST(BatchMatMulLowering, RejectsHybridPerChannelAndRankOne) {
  {
    ModelBuilder m;  // float lhs, int8 rhs: TFLite Micro has no hybrid BATCH_MATMUL
    const int lhs = m.tensor("lhs", DType::kFloat32, {2, 2});
    const int rhs = m.constant<int8_t>("rhs", DType::kInt8, {2, 2}, {1, 2, 3, 4},
                                       per_tensor(0.5f, 0));
    const int out = m.tensor("out", DType::kFloat32, {2, 2});
    m.op(OpType::kBatchMatMul, {lhs, rhs}, {out}, adj(false, false));
    m.io({lhs}, {out});
    auto model = m.build();
    EXPECT_NE(lowering_error(*model, ErrorCode::kUnsupported)
                  .find("op 0 (BATCH_MATMUL): lhs float32, rhs int8, output float32"),
              std::string::npos);
  }
  {
    ModelBuilder m;
    ir::Quantization q;
    q.scale = {0.5f, 0.25f};
    q.zero_point = {0, 0};
    q.axis = 1;
    const int lhs = m.tensor("lhs", DType::kInt8, {2, 2}, per_tensor(0.5f, 0));
    const int rhs = m.constant<int8_t>("rhs", DType::kInt8, {2, 2}, {1, 2, 3, 4}, q);
    const int out = m.tensor("out", DType::kInt8, {2, 2}, per_tensor(0.5f, 0));
    m.op(OpType::kBatchMatMul, {lhs, rhs}, {out}, adj(false, false));
    m.io({lhs}, {out});
    auto model = m.build();
    EXPECT_NE(lowering_error(*model, ErrorCode::kUnsupported)
                  .find("rhs 'rhs' is quantized per channel"),
              std::string::npos);
  }
  {
    ModelBuilder m;
    const int lhs = m.tensor("lhs", DType::kFloat32, {2});
    const int rhs = m.tensor("rhs", DType::kFloat32, {2, 1});
    const int out = m.tensor("out", DType::kFloat32, {1});
    m.op(OpType::kBatchMatMul, {lhs, rhs}, {out}, adj(false, false));
    m.io({lhs, rhs}, {out});
    auto model = m.build();
    EXPECT_NE(lowering_error(*model, ErrorCode::kUnsupported)
                  .find("'lhs' has shape [2]; BATCH_MATMUL takes ranks 2 to 6"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace mote
