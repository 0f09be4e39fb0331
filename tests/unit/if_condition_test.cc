// The comparison kernels that compute IF conditions (GREATER_EQUAL in
// openWakeWord's hey_jarvis), against C++'s own operators, with
// broadcasting, NaN and every element type.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "mote/kernels/comparison.h"

namespace {

// input1 of shape [rows, cols] against input2 of shape [cols] (broadcast
// over rows): dims left-padded to MOTE_MAX_RANK.
mote_comparison_params row_broadcast(int rows, int cols) {
  mote_comparison_params p{};
  for (int d = 0; d < MOTE_MAX_RANK; ++d) p.shape.dims[d] = 1;
  p.shape.dims[MOTE_MAX_RANK - 2] = rows;
  p.shape.dims[MOTE_MAX_RANK - 1] = cols;
  p.shape.input1_strides[MOTE_MAX_RANK - 2] = cols;
  p.shape.input1_strides[MOTE_MAX_RANK - 1] = 1;
  p.shape.input2_strides[MOTE_MAX_RANK - 1] = 1;  // rows: stride 0
  p.shape.flat_size = rows * cols;
  return p;
}

template <class T, class Kernel, class Op>
void expect_matches(Kernel kernel, Op op, const std::vector<T>& a, const std::vector<T>& b) {
  const int cols = static_cast<int>(b.size());
  const int rows = static_cast<int>(a.size()) / cols;
  const mote_comparison_params p = row_broadcast(rows, cols);
  std::vector<uint8_t> out(a.size(), 7);
  kernel(&p, a.data(), b.data(), out.data());
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const size_t i = size_t(r) * cols + c;
      EXPECT_EQ(out[i], op(a[i], b[c]) ? 1 : 0) << "row " << r << " col " << c;
    }
  }
}

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const std::vector<float> kFloatA = {-1.5f, 0.5f, 0.5f, 2.0f, kNaN, 0.4999f, -0.0f, 0.0f, 3.0f};
const std::vector<float> kFloatB = {0.5f, 0.5f, kNaN};
const std::vector<int32_t> kIntA = {-7, 0, 7, 1 << 30, -(1 << 30), 5};
const std::vector<int32_t> kIntB = {0, 5};
const std::vector<int8_t> kS8A = {-128, 0, 127, 3, -3, 0};
const std::vector<int8_t> kS8B = {0, 127, -128};

TEST(Comparison, EveryOpAndTypeMatchesTheOperatorWithBroadcasting) {
  expect_matches(mote_greater_f32, [](float a, float b) { return a > b; }, kFloatA, kFloatB);
  expect_matches(mote_greater_equal_f32, [](float a, float b) { return a >= b; }, kFloatA, kFloatB);
  expect_matches(mote_less_f32, [](float a, float b) { return a < b; }, kFloatA, kFloatB);
  expect_matches(mote_less_equal_f32, [](float a, float b) { return a <= b; }, kFloatA, kFloatB);
  expect_matches(mote_equal_f32, [](float a, float b) { return a == b; }, kFloatA, kFloatB);
  expect_matches(mote_not_equal_f32, [](float a, float b) { return a != b; }, kFloatA, kFloatB);

  expect_matches(mote_greater_s32, [](int32_t a, int32_t b) { return a > b; }, kIntA, kIntB);
  expect_matches(mote_greater_equal_s32, [](int32_t a, int32_t b) { return a >= b; }, kIntA, kIntB);
  expect_matches(mote_less_s32, [](int32_t a, int32_t b) { return a < b; }, kIntA, kIntB);
  expect_matches(mote_less_equal_s32, [](int32_t a, int32_t b) { return a <= b; }, kIntA, kIntB);
  expect_matches(mote_equal_s32, [](int32_t a, int32_t b) { return a == b; }, kIntA, kIntB);
  expect_matches(mote_not_equal_s32, [](int32_t a, int32_t b) { return a != b; }, kIntA, kIntB);

  expect_matches(mote_greater_s8, [](int8_t a, int8_t b) { return a > b; }, kS8A, kS8B);
  expect_matches(mote_greater_equal_s8, [](int8_t a, int8_t b) { return a >= b; }, kS8A, kS8B);
  expect_matches(mote_less_s8, [](int8_t a, int8_t b) { return a < b; }, kS8A, kS8B);
  expect_matches(mote_less_equal_s8, [](int8_t a, int8_t b) { return a <= b; }, kS8A, kS8B);
  expect_matches(mote_equal_s8, [](int8_t a, int8_t b) { return a == b; }, kS8A, kS8B);
  expect_matches(mote_not_equal_s8, [](int8_t a, int8_t b) { return a != b; }, kS8A, kS8B);
}

TEST(Comparison, NanComparesFalseExceptNotEqual) {
  const mote_comparison_params p = row_broadcast(1, 1);
  const float nan = kNaN, one = 1.0f;
  uint8_t out = 9;
  mote_greater_equal_f32(&p, &nan, &one, &out);
  EXPECT_EQ(out, 0);
  mote_less_f32(&p, &one, &nan, &out);
  EXPECT_EQ(out, 0);
  mote_not_equal_f32(&p, &nan, &nan, &out);
  EXPECT_EQ(out, 1);
}

}  // namespace
