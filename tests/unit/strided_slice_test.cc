// STRIDED_SLICE: TFLite's index resolution, worked out by hand for every mask,
// negative indices and strides, clamping, `offset` and the ellipsis/new-axis
// expansion, checked end to end (lowering -> plan -> mote_invoke) on inputs
// that hold their own flat index; plus the kernel alone and the lowering's
// refusals.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "mote/kernels/strided_slice.h"
#include "reshaping_test_model.h"

namespace mote {
namespace {

using ir::DType;
using ir::OpType;
using reshaping_test::iota;
using reshaping_test::lowering_error;
using reshaping_test::ModelBuilder;
using reshaping_test::run1;

struct Slice {
  std::vector<int32_t> begin, end, strides;
  int begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_axis_mask = 0;
  bool offset = false;
};

std::unique_ptr<ir::Model> slice_model(const std::vector<int32_t>& input_shape, const Slice& s,
                                       const std::vector<int32_t>& output_shape,
                                       DType dtype = DType::kFloat32) {
  ModelBuilder m;
  const int x = m.tensor("x", dtype, input_shape);
  const int32_t n = static_cast<int32_t>(s.begin.size());
  const int b = m.constant<int32_t>("begin", DType::kInt32, {n}, s.begin);
  const int e = m.constant<int32_t>("end", DType::kInt32, {static_cast<int32_t>(s.end.size())},
                                    s.end);
  const int st = m.constant<int32_t>("strides", DType::kInt32,
                                     {static_cast<int32_t>(s.strides.size())}, s.strides);
  const int out = m.tensor("out", dtype, output_shape);
  ir::StridedSliceOptions o;
  o.begin_mask = s.begin_mask;
  o.end_mask = s.end_mask;
  o.ellipsis_mask = s.ellipsis_mask;
  o.new_axis_mask = s.new_axis_mask;
  o.shrink_axis_mask = s.shrink_axis_mask;
  o.offset = s.offset;
  m.op(OpType::kStridedSlice, {x, b, e, st}, {out}, o);
  m.io({x}, {out});
  return m.build();
}

// Slices an input of `input_shape` holding 0, 1, 2, ... (float).
std::vector<float> slice(const std::vector<int32_t>& input_shape, const Slice& s,
                         const std::vector<int32_t>& output_shape) {
  int n = 1;
  for (int32_t d : input_shape) n *= d;
  auto model = slice_model(input_shape, s, output_shape);
  return run1<float>(*model, iota<float>(n));
}

using V = std::vector<float>;

TEST(StridedSliceKernel, WalksResolvedRanges) {
  // Input [3, 4] = 0..11. Rows from 2 down by 1, twice (2, 1); columns from
  // 3 down by 2, twice (3, 1): {11, 9, 7, 5}.
  mote_strided_slice_params p{};
  p.element_size = 4;
  for (int d = 0; d < MOTE_MAX_RANK; ++d) {
    p.start[d] = 0;
    p.step[d] = 1;
    p.count[d] = 1;
    p.input_strides[d] = 0;
  }
  p.start[4] = 2, p.step[4] = -1, p.count[4] = 2, p.input_strides[4] = 4;
  p.start[5] = 3, p.step[5] = -2, p.count[5] = 2, p.input_strides[5] = 1;
  const std::vector<float> input = iota<float>(12);
  float out[4] = {};
  mote_strided_slice(&p, input.data(), out);
  EXPECT_EQ(V(out, out + 4), (V{11, 9, 7, 5}));
}

TEST(StridedSlice, PositiveStride) {
  // [1:6:2] of 0..7 -> 1, 3, 5.
  EXPECT_EQ(slice({8}, {{1}, {6}, {2}}, {3}), (V{1, 3, 5}));
}

TEST(StridedSlice, NegativeIndicesCountFromTheEnd) {
  // [-3:-1] of 0..7 = [5:7] -> 5, 6.
  EXPECT_EQ(slice({8}, {{-3}, {-1}, {1}}, {2}), (V{5, 6}));
}

TEST(StridedSlice, NegativeStrideWalksBackwards) {
  // [-1:0:-2] = [7:0:-2] -> 7, 5, 3, 1 (stops before index 0).
  EXPECT_EQ(slice({8}, {{-1}, {0}, {-2}}, {4}), (V{7, 5, 3, 1}));
}

TEST(StridedSlice, EndMaskWithNegativeStrideRunsPastIndexZero) {
  // [5::-2]: end ignored, stop = -1 -> 5, 3, 1.
  Slice s{{5}, {0}, {-2}};
  s.end_mask = 1;
  EXPECT_EQ(slice({8}, s, {3}), (V{5, 3, 1}));
}

TEST(StridedSlice, BeginMaskWithNegativeStrideStartsAtTheLastElement) {
  // [:4:-1]: begin ignored, start = 7 -> 7, 6, 5.
  Slice s{{0}, {4}, {-1}};
  s.begin_mask = 1;
  EXPECT_EQ(slice({8}, s, {3}), (V{7, 6, 5}));
}

TEST(StridedSlice, OutOfRangeIndicesClamp) {
  // Forward: begin -100 -> -92 -> 0, end 100 -> 8; stride 3 -> 0, 3, 6.
  EXPECT_EQ(slice({8}, {{-100}, {100}, {3}}, {3}), (V{0, 3, 6}));
  // Backward: begin 100 -> 7, end -100 -> -92 -> -1; stride -3 -> 7, 4, 1.
  EXPECT_EQ(slice({8}, {{100}, {-100}, {-3}}, {3}), (V{7, 4, 1}));
}

TEST(StridedSlice, EmptyRange) {
  // [5:2] with stride 1 selects nothing: output shape [0].
  EXPECT_EQ(slice({8}, {{5}, {2}, {1}}, {0}), (V{}));
}

TEST(StridedSlice, BeginAndEndMasksOnEveryAxisReverseA2dTensor) {
  // [3, 4] with begin [2, 3], strides [-1, -1], begin_mask 0b01, end_mask 0b11:
  // rows start at 2 (masked: last row) down to -1, columns from 3 down to -1
  // -> the whole tensor reversed: 11, 10, ..., 0.
  Slice s{{2, 3}, {0, 0}, {-1, -1}};
  s.begin_mask = 1;
  s.end_mask = 3;
  EXPECT_EQ(slice({3, 4}, s, {3, 4}), (V{11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
}

TEST(StridedSlice, StridesOnSeveralAxes) {
  // [2, 3, 4] = 12i + 4j + k. begin [0, 2, 3], end [2, 0, (masked)],
  // strides [1, -2, -2], end_mask 0b100:
  //   i: 0, 1;  j: 2 (next would be 0 = stop);  k: 3, 1 (stop -1)
  //   -> 11, 9, 23, 21 in shape [2, 1, 2].
  Slice s{{0, 2, 3}, {2, 0, 0}, {1, -2, -2}};
  s.end_mask = 4;
  EXPECT_EQ(slice({2, 3, 4}, s, {2, 1, 2}), (V{11, 9, 23, 21}));
}

TEST(StridedSlice, ShorterSpecTakesTrailingDimsWhole) {
  // [1:3] of [3, 4] -> rows 1 and 2, all columns.
  EXPECT_EQ(slice({3, 4}, {{1}, {3}, {1}}, {2, 4}), (V{4, 5, 6, 7, 8, 9, 10, 11}));
}

TEST(StridedSlice, ShrinkAxisDropsTheDimension) {
  // x[1, :] of [3, 4] (shrink bit 0) -> row 1 with shape [4].
  Slice s{{1, 0}, {2, 4}, {1, 1}};
  s.shrink_axis_mask = 1;
  EXPECT_EQ(slice({3, 4}, s, {4}), (V{4, 5, 6, 7}));
}

TEST(StridedSlice, ShrinkAxisWithNegativeIndexIgnoresEnd) {
  // x[-1, 1:3]: begin -1 -> row 2; end 0 is ignored for a shrunk axis
  // (TFLite uses start + 1) -> 9, 10.
  Slice s{{-1, 1}, {0, 3}, {1, 1}};
  s.shrink_axis_mask = 1;
  EXPECT_EQ(slice({3, 4}, s, {2}), (V{9, 10}));
}

TEST(StridedSlice, NewAxisInsertsADimensionOfOne) {
  // x[newaxis, 0:3:2, 1] on [3, 4]: spec entry 0 is a new axis (its
  // begin/end/stride are ignored), entry 1 takes rows 0 and 2, entry 2 is
  // shrunk to column 1 -> shape [1, 2] = in[0][1], in[2][1] = 1, 9.
  Slice s{{5, 0, 1}, {5, 3, 2}, {7, 2, 1}};
  s.new_axis_mask = 1;
  s.shrink_axis_mask = 4;
  EXPECT_EQ(slice({3, 4}, s, {1, 2}), (V{1, 9}));
}

TEST(StridedSlice, LeadingEllipsisCoversTheRemainingDims) {
  // x[..., 1:3] on [2, 3, 4]: the ellipsis stands for dims 0 and 1
  // -> every (i, j) with k = 1, 2: 12i + 4j + {1, 2}.
  Slice s{{0, 1}, {0, 3}, {1, 1}};
  s.ellipsis_mask = 1;
  EXPECT_EQ(slice({2, 3, 4}, s, {2, 3, 2}),
            (V{1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22}));
}

TEST(StridedSlice, EllipsisBetweenShrunkAxes) {
  // x[1, ..., -1] on [2, 3, 4]: shrink bits 0 and 2, the ellipsis is dim 1
  // -> in[1][j][3] = 15, 19, 23 with shape [3].
  Slice s{{1, 0, -1}, {2, 0, 0}, {1, 1, 1}};
  s.ellipsis_mask = 2;
  s.shrink_axis_mask = 5;
  EXPECT_EQ(slice({2, 3, 4}, s, {3}), (V{15, 19, 23}));
}

TEST(StridedSlice, EllipsisThenNewAxis) {
  // x[..., newaxis] on [2, 3] -> [2, 3, 1], same values.
  Slice s{{0, 0}, {0, 0}, {1, 1}};
  s.ellipsis_mask = 1;
  s.new_axis_mask = 2;
  EXPECT_EQ(slice({2, 3}, s, {2, 3, 1}), (V{0, 1, 2, 3, 4, 5}));
}

TEST(StridedSlice, OffsetMakesEndASizeFromBegin) {
  // offset: end = begin + end (before negative-index handling).
  //   begin 2, end 3           -> [2:5]  -> 2, 3, 4
  //   begin -3 (= 5), end 2    -> [5:7]  -> 5, 6
  //   begin 6, end -3, step -1 -> [6:3:-1] -> 6, 5, 4
  Slice a{{2}, {3}, {1}};
  a.offset = true;
  EXPECT_EQ(slice({8}, a, {3}), (V{2, 3, 4}));
  Slice b{{-3}, {2}, {1}};
  b.offset = true;
  EXPECT_EQ(slice({8}, b, {2}), (V{5, 6}));
  Slice c{{6}, {-3}, {-1}};
  c.offset = true;
  EXPECT_EQ(slice({8}, c, {3}), (V{6, 5, 4}));
}

TEST(StridedSlice, Int64IndicesAndInt8Elements) {
  // begin 2, end INT64_MAX (clamps to 8), stride 3 on int8 0..7 -> 2, 5.
  ModelBuilder m;
  const int x = m.tensor("x", DType::kInt8, {8});
  const int b = m.constant<int64_t>("begin", DType::kInt64, {1}, {2});
  const int e = m.constant<int64_t>("end", DType::kInt64, {1},
                                    {std::numeric_limits<int64_t>::max()});
  const int st = m.constant<int64_t>("strides", DType::kInt64, {1}, {3});
  const int out = m.tensor("out", DType::kInt8, {2});
  m.op(OpType::kStridedSlice, {x, b, e, st}, {out}, ir::StridedSliceOptions{});
  m.io({x}, {out});
  auto model = m.build();
  EXPECT_EQ(run1<int8_t>(*model, iota<int8_t>(8)), (std::vector<int8_t>{2, 5}));
}

TEST(StridedSliceLowering, RejectsNonConstantBegin) {
  ModelBuilder m;
  const int x = m.tensor("x", DType::kFloat32, {8});
  const int b = m.tensor("begin", DType::kInt32, {1});
  const int e = m.constant<int32_t>("end", DType::kInt32, {1}, {4});
  const int st = m.constant<int32_t>("strides", DType::kInt32, {1}, {1});
  const int out = m.tensor("out", DType::kFloat32, {4});
  m.op(OpType::kStridedSlice, {x, b, e, st}, {out}, ir::StridedSliceOptions{});
  m.io({x, b}, {out});
  auto model = m.build();
  EXPECT_NE(lowering_error(*model, ErrorCode::kUnsupported)
                .find("op 0 (STRIDED_SLICE): begin tensor 'begin' is not constant"),
            std::string::npos);
}

TEST(StridedSliceLowering, RejectsInvalidSpecs) {
  struct Case {
    std::vector<int32_t> input_shape;
    Slice slice;
    std::vector<int32_t> output_shape;
    const char* message;
  };
  Slice shrink_out{{3}, {4}, {1}};
  shrink_out.shrink_axis_mask = 1;
  Slice two_ellipses{{0, 0}, {0, 0}, {1, 1}};
  two_ellipses.ellipsis_mask = 3;
  const Case cases[] = {
      {{8}, {{0}, {4}, {0}}, {4}, "stride 0 (spec entry 0) must be a non-zero int32"},
      {{8}, {{0}, {6}, {2}}, {4}, "output has shape [4] but the slice of input [8] has shape [3]"},
      {{8}, {{0, 0}, {4}, {1, 1}}, {4}, "begin, end and strides have 2, 1 and 2 entries"},
      {{3, 4}, {{0, 0, 0}, {1, 1, 1}, {1, 1, 1}}, {1, 1},
       "begin/end/strides index 3 dimensions but the input has rank 2"},
      {{3}, shrink_out, {}, "index 3 of shrunk axis (spec entry 0) is out of range for dimension 3"},
      {{2, 3}, two_ellipses, {2, 3}, "ellipsis_mask 0x3 has more than one bit set"},
  };
  for (const Case& c : cases) {
    auto model = slice_model(c.input_shape, c.slice, c.output_shape);
    const std::string message = lowering_error(*model, ErrorCode::kInvalid);
    EXPECT_NE(message.find(c.message), std::string::npos) << message;
  }
}

TEST(StridedSliceLowering, RejectsWhereTfliteDepartsFromTensorflow) {
  {
    // A shrunk axis walked backwards: TFLite's kernel would visit nothing.
    Slice s{{2}, {3}, {-1}};
    s.shrink_axis_mask = 1;
    auto model = slice_model({4}, s, {});
    EXPECT_NE(lowering_error(*model, ErrorCode::kUnsupported).find("stride -1 on shrunk axis"),
              std::string::npos);
  }
  {
    // x[0, 0, ...] on [2, 3]: the ellipsis stands for nothing, which TFLite
    // mishandles (it still gives the ellipsis a dimension).
    Slice s{{0, 0, 0}, {1, 1, 0}, {1, 1, 1}};
    s.shrink_axis_mask = 3;
    s.ellipsis_mask = 4;
    auto model = slice_model({2, 3}, s, {});
    EXPECT_NE(lowering_error(*model, ErrorCode::kUnsupported)
                  .find("an ellipsis that stands for no dimension"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace mote
