/* Fixed-point arithmetic in the style of gemmlowp's fixedpoint.h, which
 * TFLite Micro's int8 SOFTMAX, LOGISTIC, TANH, HARD_SWISH and RSQRT kernels
 * are written in. Their results depend on every rounding step below, so this
 * header is part of Mote's bit-exact specification: each function states the
 * exact integer operation it performs.
 *
 * A Q<N> value is an int32 `raw` read as raw / 2^(31 - N): N integer bits
 * (sign excluded), 31 - N fractional bits, range [-2^N, 2^N). Multiplying a
 * Q<A> by a Q<B> gives a Q<A + B> (one rounding doubling high multiply);
 * adding and subtracting keep the format and wrap like gemmlowp's plain int
 * adds (the callers never overflow). Constants are the nearest Q0.31 (or Q2)
 * values of the reals named next to them. */
#ifndef MOTE_GEMMLOWP_FIXED_H
#define MOTE_GEMMLOWP_FIXED_H

#include "mote/fixed_point.h"

#ifdef __cplusplus
namespace mote {
namespace fx {

/* ---- int32 primitives ---- */

/* a + b and a - b with two's complement wrap-around (no UB). */
inline int32_t wrapping_add(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}
inline int32_t wrapping_sub(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}

/* (a + b) / 2 rounded to nearest, ties away from zero: (a + b + sign) / 2
 * with truncating division (ARM VRHADD-like). */
inline int32_t rounding_half_sum(int32_t a, int32_t b) {
  const int64_t sum = static_cast<int64_t>(a) + static_cast<int64_t>(b);
  const int64_t sign = sum >= 0 ? 1 : -1;
  return static_cast<int32_t>((sum + sign) / 2);
}

/* x * 2^exponent. exponent > 0: a left shift that saturates to INT32_MIN /
 * INT32_MAX when |x| > 2^(31 - exponent) - 1 (both bounds exclusive, exactly
 * as gemmlowp tests them); exponent < 0: rounding_divide_by_pot. */
inline int32_t saturating_rounding_multiply_by_pot(int32_t x, int exponent) {
  if (exponent == 0) return x;
  if (exponent < 0) return rounding_divide_by_pot(x, -exponent);
  const int32_t threshold = static_cast<int32_t>((static_cast<int64_t>(1) << (31 - exponent)) - 1);
  if (x > threshold) return kInt32Max;
  if (x < -threshold) return kInt32Min;
  return static_cast<int32_t>(static_cast<uint32_t>(x) << exponent);
}

/* Number of leading zero bits of a 32-bit pattern (32 for 0). */
inline int count_leading_zeros(uint32_t x) {
  if (x == 0) return 32;
  int n = 0;
  while ((x & 0x80000000u) == 0) {
    x <<= 1;
    ++n;
  }
  return n;
}

/* ---- int16 primitives (HARD_SWISH works on 16-bit fixed point) ---- */

/* round(a * b / 2^15) with ties toward +inf (nudge +-2^14, truncating
 * division), saturating -32768 * -32768 to 32767. */
inline int16_t saturating_rounding_doubling_high_mul_i16(int16_t a, int16_t b) {
  if (a == -32768 && b == -32768) return 32767;
  const int32_t ab = static_cast<int32_t>(a) * static_cast<int32_t>(b);
  const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return static_cast<int16_t>((ab + nudge) / (1 << 15));
}

/* a * b / 2^15 truncated toward zero (ARM SQDMULH), saturating
 * -32768 * -32768 to 32767. */
inline int16_t saturating_doubling_high_mul_i16(int16_t a, int16_t b) {
  if (a == -32768 && b == -32768) return 32767;
  const int32_t ab = static_cast<int32_t>(a) * static_cast<int32_t>(b);
  return static_cast<int16_t>(ab / (1 << 15));
}

/* rounding_divide_by_pot on int16 lanes: every intermediate (mask, remainder,
 * threshold, sum) is an int16, as in gemmlowp's 16-bit instantiation. For
 * exponents <= 15 this is x / 2^exponent rounded half away from zero. */
inline int16_t rounding_divide_by_pot_i16(int16_t x, int exponent) {
  const int16_t mask = static_cast<int16_t>((static_cast<int64_t>(1) << exponent) - 1);
  const int16_t remainder = static_cast<int16_t>(x & mask);
  const int16_t threshold = static_cast<int16_t>((mask >> 1) + (x < 0 ? 1 : 0));
  return static_cast<int16_t>((x >> exponent) + (remainder > threshold ? 1 : 0));
}

/* value * 2^amount clamped to int16. */
inline int16_t saturating_left_shift_i16(int16_t value, int amount) {
  const int64_t result = static_cast<int64_t>(value) * (static_cast<int64_t>(1) << amount);
  if (result > 32767) return 32767;
  if (result < -32768) return -32768;
  return static_cast<int16_t>(result);
}

/* ---- Q<N> values ---- */

template <int N>
struct Q {
  static_assert(N >= 0 && N < 31, "integer bits out of range");
  static constexpr int kIntegerBits = N;
  static constexpr int kFractionalBits = 31 - N;
  int32_t raw;

  static Q from_raw(int32_t r) { return Q{r}; }
  static Q zero() { return Q{0}; }
  /* 1.0; in Q0 (range [-1, 1)) the largest value stands in for it. */
  static Q one() { return Q{N == 0 ? kInt32Max : static_cast<int32_t>(1) << kFractionalBits}; }
  /* 2^exponent, exactly representable. */
  template <int Exponent>
  static Q pot() {
    static_assert(kFractionalBits + Exponent >= 0 && kFractionalBits + Exponent < 31,
                  "power of two not representable");
    return Q{static_cast<int32_t>(1) << (kFractionalBits + Exponent)};
  }
};

template <int N>
inline Q<N> operator+(Q<N> a, Q<N> b) { return Q<N>{wrapping_add(a.raw, b.raw)}; }
template <int N>
inline Q<N> operator-(Q<N> a, Q<N> b) { return Q<N>{wrapping_sub(a.raw, b.raw)}; }
template <int N>
inline Q<N> operator-(Q<N> a) { return Q<N>{wrapping_sub(0, a.raw)}; }
template <int A, int B>
inline Q<A + B> operator*(Q<A> a, Q<B> b) {
  return Q<A + B>{saturating_rounding_doubling_high_mul(a.raw, b.raw)};
}

/* Same raw value, read with Exponent more integer bits: exact * 2^Exponent. */
template <int Exponent, int N>
inline Q<N + Exponent> exact_mul_by_pot(Q<N> a) { return Q<N + Exponent>{a.raw}; }

/* Same format, value * 2^Exponent (saturating / rounding). */
template <int Exponent, int N>
inline Q<N> saturating_rounding_multiply_by_pot(Q<N> a) {
  return Q<N>{saturating_rounding_multiply_by_pot(a.raw, Exponent)};
}

/* Change the format to Dst integer bits, keeping the value (saturating when
 * Dst < Src, rounding when Dst > Src). */
template <int Dst, int Src>
inline Q<Dst> rescale(Q<Src> a) {
  return Q<Dst>{saturating_rounding_multiply_by_pot(a.raw, Src - Dst)};
}

/* ---- functions ---- */

/* exp(a) for a in [-1/4, 0): a Taylor expansion around -1/8 to degree 4,
 * x = a + 1/8:
 *   exp(-1/8) * (1 + x + (x^4/4 + x^3) / 3 / 2 + x^2 / 2)
 *   = exp(-1/8) + exp(-1/8) * (x + x^2/2 + x^3/6 + x^4/24). */
inline Q<0> exp_on_interval_between_negative_one_quarter_and_0_excl(Q<0> a) {
  const Q<0> exp_minus_one_eighth = Q<0>::from_raw(1895147668); /* exp(-1/8) */
  const Q<0> one_third = Q<0>::from_raw(715827883);             /* 1/3 */
  const Q<0> x = a + Q<0>::pot<-3>();
  const Q<0> x2 = x * x;
  const Q<0> x3 = x2 * x;
  const Q<0> x4 = x2 * x2;
  const Q<0> x4_over_4 = saturating_rounding_multiply_by_pot<-2>(x4);
  const Q<0> x4_over_24_plus_x3_over_6_plus_x2_over_2 =
      saturating_rounding_multiply_by_pot<-1>((x4_over_4 + x3) * one_third + x2);
  return exp_minus_one_eighth +
         exp_minus_one_eighth * (x + x4_over_24_plus_x3_over_6_plus_x2_over_2);
}

/* exp(a) for a <= 0 (a Q<N>, result Q0). Writes -a = q/4 + r' with
 * r' = a mod 1/4 taken so that a' = r' - 1/4 lies in [-1/4, 0); then
 * exp(a) = exp(a') * prod over the set bits b of (a' - a) of exp(-2^b), for
 * the bits 2^-2 .. 2^4 that the format holds. Inputs below -32 (possible only
 * when N > 5) give 0; a == 0 gives one(). */
template <int N>
inline Q<0> exp_on_negative_values(Q<N> a) {
  constexpr int kFractionalBits = Q<N>::kFractionalBits;
  const Q<N> one_quarter = Q<N>::template pot<-2>();
  const Q<N> mask = one_quarter - Q<N>::from_raw(1);
  const Q<N> a_mod_quarter_minus_one_quarter = Q<N>::from_raw(a.raw & mask.raw) - one_quarter;
  Q<0> result =
      exp_on_interval_between_negative_one_quarter_and_0_excl(rescale<0>(a_mod_quarter_minus_one_quarter));
  const int32_t remainder = (a_mod_quarter_minus_one_quarter - a).raw;

  /* exp(-2^e) in Q0.31 for e = -2 .. 4. */
  const int32_t kMultipliers[7] = {1672461947, 1302514674, 790015084, 290630308,
                                   39332535,   720401,     242};
  for (int e = -2; e <= 4; ++e) {
    if (N > e) {
      const int bit = kFractionalBits + e;
      if (remainder & (static_cast<int32_t>(1) << bit)) {
        result = result * Q<0>::from_raw(kMultipliers[e + 2]);
      }
    }
  }
  if (N > 5) {
    /* -32 in Q<N>: -(1 << (36 - N)). */
    const int32_t minus_32 = -(static_cast<int32_t>(1) << (N > 5 ? 36 - N : 0));
    if (a.raw < minus_32) result = Q<0>::zero();
  }
  if (a.raw == 0) result = Q<0>::one();
  return result;
}

/* Newton-Raphson for 1 / (1 + a), a in [0, 1), on half the denominator
 * d = (1 + a) / 2 in [1/2, 1): start x = 48/17 - 32/17 * d, then three times
 * x += x * (1 - d * x) (all in Q2). Returns x in Q2 (so x ~ 1 / d). */
inline Q<2> reciprocal_of_half_denominator(Q<0> half_denominator) {
  const Q<2> c48_over_17 = Q<2>::from_raw(1515870810);      /* 48/17 */
  const Q<2> c_minus_32_over_17 = Q<2>::from_raw(-1010580540); /* -32/17 */
  Q<2> x = c48_over_17 + half_denominator * c_minus_32_over_17;
  for (int i = 0; i < 3; ++i) {
    const Q<2> half_denominator_times_x = half_denominator * x;
    const Q<2> one_minus_half_denominator_times_x = Q<2>::one() - half_denominator_times_x;
    x = x + rescale<2>(x * one_minus_half_denominator_times_x);
  }
  return x;
}

/* 1 / (1 + a) for a in [0, 1). */
inline Q<0> one_over_one_plus_x_for_x_in_0_1(Q<0> a) {
  const Q<0> half_denominator = Q<0>::from_raw(rounding_half_sum(a.raw, Q<0>::one().raw));
  const Q<2> x = reciprocal_of_half_denominator(half_denominator);
  return rescale<0>(exact_mul_by_pot<-1>(x)); /* 1/(1+a) = (1/d) / 2 */
}

/* (1 - a) / (1 + a) for a in [0, 1): 1/d - 1 with d = (1 + a) / 2. */
inline Q<0> one_minus_x_over_one_plus_x_for_x_in_0_1(Q<0> a) {
  const Q<0> half_denominator = Q<0>::from_raw(rounding_half_sum(a.raw, Q<0>::one().raw));
  const Q<2> x = reciprocal_of_half_denominator(half_denominator);
  return rescale<0>(x - Q<2>::one());
}

/* tanh(a) = (1 - exp(-2|a|)) / (1 + exp(-2|a|)) with the sign of a; exp is
 * taken of -2|a| read as a Q<N + 1> (the doubling is exact). tanh(0) = 0. */
template <int N>
inline Q<0> tanh(Q<N> a) {
  const bool negative = a.raw < 0;
  const Q<N> minus_abs = negative ? a : -a;
  const Q<0> t = one_minus_x_over_one_plus_x_for_x_in_0_1(
      exp_on_negative_values(exact_mul_by_pot<1>(minus_abs)));
  if (a.raw == 0) return Q<0>::zero();
  return negative ? -t : t;
}

/* logistic(a) = 1 / (1 + exp(-|a|)) for a > 0, 1 - that for a < 0, and
 * exactly 1/2 for a == 0. */
template <int N>
inline Q<0> logistic(Q<N> a) {
  const bool positive = a.raw > 0;
  const Q<N> abs_a = positive ? a : -a;
  const Q<0> result_if_positive = one_over_one_plus_x_for_x_in_0_1(exp_on_negative_values(-abs_a));
  const Q<0> result_if_negative = Q<0>::one() - result_if_positive;
  if (a.raw == 0) return Q<0>::from_raw(1 << 30);
  return positive ? result_if_positive : result_if_negative;
}

/* 1 / x for a positive Q<x_integer_bits> raw value x, as TFLite's
 * GetReciprocal: x is normalized to 1 + f (f in [0, 1)) by shifting its top
 * bit out, and 1 / (1 + f) returned in Q0; *num_bits_over_unit receives the
 * power of two removed, so 1/x = result * 2^-num_bits_over_unit. */
inline Q<0> reciprocal(int32_t x, int x_integer_bits, int* num_bits_over_unit) {
  const int headroom_plus_one = count_leading_zeros(static_cast<uint32_t>(x));
  *num_bits_over_unit = x_integer_bits - headroom_plus_one;
  const int32_t shifted_minus_one = static_cast<int32_t>(
      (static_cast<uint32_t>(x) << headroom_plus_one) - (static_cast<uint32_t>(1) << 31));
  return one_over_one_plus_x_for_x_in_0_1(Q<0>::from_raw(shifted_minus_one));
}

}  // namespace fx
}  // namespace mote
#endif

#endif
