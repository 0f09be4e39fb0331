/* Integer arithmetic shared by the int8 kernels: the requantization and
 * fixed-point helpers whose exact rounding defines TFLite Micro's reference
 * results. Every function here is part of the bit-exact specification. */
#ifndef MOTE_FIXED_POINT_H
#define MOTE_FIXED_POINT_H

#include "mote/config.h"

#ifdef __cplusplus
namespace mote {

constexpr int32_t kInt32Min = INT32_MIN;
constexpr int32_t kInt32Max = INT32_MAX;

/* a + b wrapping modulo 2^32, as the int32 accumulators of TFLite Micro's
 * kernels behave on the hardware. Real models never overflow; a hostile one
 * (e.g. a bias of INT32_MIN) must not reach undefined behaviour. */
inline int32_t wrapping_add(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}

inline int32_t clamp_i32(int32_t v, int32_t lo, int32_t hi) {
  return v < lo ? lo : (v > hi ? hi : v);
}

/* (a * b * 2) >> 31 rounded to nearest (ties away from zero), saturating
 * the single overflow case a == b == INT32_MIN. */
inline int32_t saturating_rounding_doubling_high_mul(int32_t a, int32_t b) {
  if (a == kInt32Min && b == kInt32Min) return kInt32Max;
  const int64_t ab = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  const int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  /* Division (not shift) truncates toward zero, which the nudge expects. */
  return static_cast<int32_t>((ab + nudge) / (static_cast<int64_t>(1) << 31));
}

/* x / 2^exponent rounded to nearest, ties away from zero. */
inline int32_t rounding_divide_by_pot(int32_t x, int exponent) {
  const int32_t mask = static_cast<int32_t>((static_cast<int64_t>(1) << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + ((x < 0) ? 1 : 0);
  return (x >> exponent) + ((remainder > threshold) ? 1 : 0);
}

/* x * multiplier * 2^shift with multiplier a Q31 value in [0.5, 1): the
 * "double rounding" form TFLite Micro uses by default. shift > 0 scales up
 * before the multiply, shift < 0 rounds down after it. */
inline int32_t multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int shift) {
  const int left_shift = shift > 0 ? shift : 0;
  const int right_shift = shift > 0 ? 0 : -shift;
  /* Left shift on an unsigned value: defined for negative x too. */
  const int32_t scaled = static_cast<int32_t>(static_cast<uint32_t>(x) << left_shift);
  return rounding_divide_by_pot(saturating_rounding_doubling_high_mul(scaled, multiplier),
                                right_shift);
}

/* x * multiplier where the multiplier is < 1 (shift <= 0), as used by the
 * elementwise ops' rescaling (TFLite's MultiplyByQuantizedMultiplierSmallerThanOneExp). */
inline int32_t multiply_by_quantized_multiplier_smaller_than_one(int32_t x, int32_t multiplier,
                                                                 int shift) {
  return rounding_divide_by_pot(saturating_rounding_doubling_high_mul(x, multiplier), -shift);
}

/* x * multiplier * 2^shift where shift >= 0. */
inline int32_t multiply_by_quantized_multiplier_greater_than_one(int32_t x, int32_t multiplier,
                                                                 int shift) {
  const int32_t scaled = static_cast<int32_t>(static_cast<uint32_t>(x) << shift);
  return saturating_rounding_doubling_high_mul(scaled, multiplier);
}

}  // namespace mote
#endif

#endif
