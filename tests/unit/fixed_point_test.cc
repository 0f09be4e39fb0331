// The requantization primitives, checked against values derived by hand from
// their definitions. Note the asymmetry that bit-exactness depends on: the
// doubling high multiply rounds ties upward (-0.5 -> 0), while the divide by a
// power of two rounds ties away from zero (-2.5 -> -3).
#include <gtest/gtest.h>

#include "mote/fixed_point.h"

namespace mote {
namespace {

TEST(FixedPoint, DoublingHighMulRoundsTiesUpward) {
  // round(a * b / 2^31): 2^30 * 2 -> 1 exactly; 2^30 * 1 -> 0.5 -> 1; -0.5 -> 0.
  EXPECT_EQ(saturating_rounding_doubling_high_mul(1 << 30, 2), 1);
  EXPECT_EQ(saturating_rounding_doubling_high_mul(1 << 30, 1), 1);
  EXPECT_EQ(saturating_rounding_doubling_high_mul(-(1 << 30), 1), 0);
  EXPECT_EQ(saturating_rounding_doubling_high_mul(-(1 << 30), 3), -1);  // -1.5 -> -1
  EXPECT_EQ(saturating_rounding_doubling_high_mul(1 << 29, 1), 0);  // 0.25 -> 0
}

TEST(FixedPoint, DoublingHighMulSaturatesOnlyMinTimesMin) {
  EXPECT_EQ(saturating_rounding_doubling_high_mul(INT32_MIN, INT32_MIN), INT32_MAX);
  EXPECT_EQ(saturating_rounding_doubling_high_mul(INT32_MIN, INT32_MAX), -INT32_MAX);
}

TEST(FixedPoint, RoundingDivideByPowerOfTwo) {
  EXPECT_EQ(rounding_divide_by_pot(5, 1), 3);    // 2.5 -> 3
  EXPECT_EQ(rounding_divide_by_pot(-5, 1), -3);  // -2.5 -> -3
  EXPECT_EQ(rounding_divide_by_pot(7, 2), 2);    // 1.75 -> 2
  EXPECT_EQ(rounding_divide_by_pot(-6, 2), -2);  // -1.5 -> -2
  EXPECT_EQ(rounding_divide_by_pot(-5, 2), -1);  // -1.25 -> -1
  EXPECT_EQ(rounding_divide_by_pot(9, 0), 9);
}

TEST(FixedPoint, MultiplyByQuantizedMultiplierDoubleRounds) {
  // multiplier 2^30 = 0.5 in Q31. 3 * 0.5 = 1.5 -> 2.
  EXPECT_EQ(multiply_by_quantized_multiplier(3, 1 << 30, 0), 2);
  // 0.5 * 2^-1: 3 -> high_mul 2 (1.5 rounded) -> 2/2 = 1; the exact 0.75 would also give 1.
  EXPECT_EQ(multiply_by_quantized_multiplier(3, 1 << 30, -1), 1);
  // Double rounding differs from single rounding: 5 * 0.5 = 2.5 -> 3, then 3/2 = 1.5 -> 2,
  // whereas 5 * 0.25 = 1.25 would round to 1 in one step.
  EXPECT_EQ(multiply_by_quantized_multiplier(5, 1 << 30, -1), 2);
  // Left shift before the multiply: 3 * 2 * 0.5 = 3.
  EXPECT_EQ(multiply_by_quantized_multiplier(3, 1 << 30, 1), 3);
  EXPECT_EQ(multiply_by_quantized_multiplier(-3, 1 << 30, 0), -1);   // -1.5 -> -1
  EXPECT_EQ(multiply_by_quantized_multiplier(-5, 1 << 30, -1), -1);  // -2.5 -> -2, -1 -> -1
  EXPECT_EQ(multiply_by_quantized_multiplier(-7, 1 << 30, -1), -2);  // -3.5 -> -3, -1.5 -> -2
}

}  // namespace
}  // namespace mote
