/* Float helpers for device code, which may not depend on libm (freestanding
 * headers only). Accuracy targets are stated per function.
 *
 * The transcendental functions below use float arithmetic only (Cortex-M4F
 * has a single-precision FPU; double would be soft-float). Each one reduces
 * its argument to a small interval, evaluates a short polynomial there and
 * undoes the reduction exactly. Accuracy, measured against a double-precision
 * reference over all 2^32 inputs (tests/unit/math_test.cc samples them):
 *
 *   sqrt_f32   correctly rounded (0 ulp), as IEEE sqrt
 *   rsqrt_f32  1.0f / sqrt_f32(x): the same two roundings as TFLite's
 *              `1.f / std::sqrt(x)`, so bit-identical to it
 *   exp_f32, log_f32, tanh_f32   < 2 ulp (numbers in math_test.cc)
 *
 * Special values follow C's expf/logf/tanhf/sqrtf: NaN in -> NaN out;
 * exp(-inf) = 0, exp(+inf) = +inf, overflow -> +inf, underflow -> subnormal
 * or 0; log(0) = -inf, log(x < 0) = NaN, log(+inf) = +inf; tanh(+-inf) = +-1;
 * sqrt(-0) = -0, sqrt(x < 0) = NaN. Subnormal inputs are handled exactly, not
 * flushed. */
#ifndef MOTE_MATH_H
#define MOTE_MATH_H

#include "mote/config.h"

#ifdef __cplusplus
namespace mote {

/* Round half away from zero, as std::round / TfLiteRound. Exact for all
 * floats: values >= 2^23 are already integral. */
inline float roundf_away(float x) {
  const float big = 8388608.0f; /* 2^23 */
  const float a = x < 0 ? -x : x;
  if (!(a < big)) return x; /* integral, inf or NaN */
  float t = static_cast<float>(static_cast<int32_t>(a)); /* trunc */
  if (a - t >= 0.5f) t += 1.0f;
  return x < 0 ? -t : t;
}

inline double round_away(double x) {
  const double big = 4503599627370496.0; /* 2^52 */
  const double a = x < 0 ? -x : x;
  if (!(a < big)) return x;
  double t = static_cast<double>(static_cast<int64_t>(a));
  if (a - t >= 0.5) t += 1.0;
  return x < 0 ? -t : t;
}

/* ---- float32 bit access ---- */

inline uint32_t f32_bits(float x) {
  uint32_t u;
  __builtin_memcpy(&u, &x, sizeof u);
  return u;
}

inline float f32_from_bits(uint32_t u) {
  float x;
  __builtin_memcpy(&x, &u, sizeof x);
  return x;
}

/* 2^k for -126 <= k <= 127, built from its exponent field. */
inline float pow2_f32(int32_t k) {
  return f32_from_bits(static_cast<uint32_t>(k + 127) << 23);
}

inline float quiet_nan_f32() { return f32_from_bits(0x7FC00000u); }
inline float infinity_f32() { return f32_from_bits(0x7F800000u); }

/* ---- sqrt: correctly rounded (round to nearest even, never a tie) ----
 * x = m * 2^e with an integer mantissa m and e even; then
 * sqrt(x) = sqrt(m << k) * 2^((e - k) / 2), where the integer square root of
 * the 47..48-bit value m << k has exactly 24 bits and its remainder decides
 * the rounding. */
inline float sqrt_f32(float x) {
  const uint32_t bits = f32_bits(x);
  if ((bits & 0x7FFFFFFFu) == 0) return x;    /* +-0 */
  if (bits >> 31) return quiet_nan_f32();      /* x < 0, or a negative NaN */
  if (bits >= 0x7F800000u) return x + x;       /* +inf, NaN */
  int32_t e = static_cast<int32_t>(bits >> 23);
  uint32_t m = bits & 0x007FFFFFu;
  if (e == 0) { /* subnormal: normalize the mantissa */
    e = 1;
    while ((m & 0x00800000u) == 0) {
      m <<= 1;
      --e;
    }
  } else {
    m |= 0x00800000u;
  }
  /* x = m * 2^(e - 150), m in [2^23, 2^24). Make the exponent even. */
  int32_t exponent = e - 150;
  uint64_t wide = m;
  if (exponent & 1) {
    wide <<= 1; /* m in [2^24, 2^25) */
    exponent -= 1;
  }
  /* Scale into [2^46, 2^48) by an even shift so the root has 24 bits. */
  const int32_t k = (wide >= (1u << 24)) ? 22 : 24;
  uint64_t rem = wide << k;
  exponent -= k;
  /* Bit-by-bit integer square root: root = floor(sqrt(wide << k)). */
  uint64_t root = 0;
  for (uint64_t bit = static_cast<uint64_t>(1) << 46; bit != 0; bit >>= 2) {
    if (rem >= root + bit) {
      rem -= root + bit;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
  }
  /* sqrt > root + 1/2  <=>  remainder > root (a tie cannot happen). */
  if (rem > root) ++root;
  /* root in [2^23, 2^24] carries the implicit bit into the exponent field. */
  const int32_t half_exponent = exponent / 2;
  return f32_from_bits((static_cast<uint32_t>(half_exponent + 149) << 23) +
                       static_cast<uint32_t>(root));
}

/* 1 / sqrt(x), rounded twice exactly like TFLite's `1.f / std::sqrt(x)`. */
inline float rsqrt_f32(float x) { return 1.0f / sqrt_f32(x); }

/* ---- exp ----
 * exp(x) = 2^k * exp(r), k = round(x / ln2), r = x - k*ln2 in [-ln2/2, ln2/2]
 * (Cody-Waite: ln2 split in a high part with trailing zero bits, so k*ln2_hi
 * and x - k*ln2_hi are exact). exp(r) = 1 + r + r^2/2! + ... + r^7/7!; the
 * truncation error is below 2^-27 relative. */
inline float exp_f32(float x) {
  if (x != x) return x + x;                                /* NaN */
  if (x > f32_from_bits(0x42B17217u)) return infinity_f32(); /* > ln(FLT_MAX) */
  if (x < -104.0f) return 0.0f;                            /* < ln(2^-150) */
  const float log2e = 1.44269502f;
  const float ln2_hi = 0.693145751953125f;     /* 0x3F317200 */
  const float ln2_lo = 1.42860677e-06f;        /* ln2 - ln2_hi */
  const float kf = roundf_away(x * log2e);
  const int32_t k = static_cast<int32_t>(kf);
  const float r = (x - kf * ln2_hi) - kf * ln2_lo;
  const float p =
      0.5f + r * (1.0f / 6.0f +
                  r * (1.0f / 24.0f +
                       r * (1.0f / 120.0f + r * (1.0f / 720.0f + r * (1.0f / 5040.0f)))));
  const float er = 1.0f + (r + r * r * p);
  /* Multiply by 2^k in steps that stay representable; only the last
   * multiply can round (into a subnormal). */
  if (k > 127) return er * pow2_f32(127) * pow2_f32(k - 127);
  if (k < -126) return er * pow2_f32(k + 100) * pow2_f32(-100);
  return er * pow2_f32(k);
}

/* ---- log ----
 * x = 2^e * m with m in [sqrt(1/2), sqrt(2)), f = m - 1 (exact). With
 * s = f / (2 + f): log(1 + f) = 2 atanh(s) = 2s + 2s^3/3 + 2s^5/5 + ...,
 * rearranged as f - (f^2/2 - s*(f^2/2 + R)) with R = 2s^2/3 + 2s^4/5 +
 * 2s^6/7 + 2s^8/9 + 2s^10/11 so the large terms are exact. |s| <= 0.172. */
inline float log_f32(float x) {
  uint32_t bits = f32_bits(x);
  if (x != x) return x + x;                       /* NaN */
  if ((bits & 0x7FFFFFFFu) == 0) return -infinity_f32();
  if (bits >> 31) return quiet_nan_f32();         /* x < 0 */
  if (bits == 0x7F800000u) return x;              /* +inf */
  int32_t e = 0;
  if (bits < 0x00800000u) { /* subnormal: scale by 2^25 */
    x *= 33554432.0f;
    bits = f32_bits(x);
    e = -25;
  }
  e += static_cast<int32_t>(bits >> 23) - 127;
  uint32_t mbits = (bits & 0x007FFFFFu) | 0x3F800000u; /* m in [1, 2) */
  if (mbits > 0x3FB504F3u) { /* m > sqrt(2): use m/2 */
    mbits -= 0x00800000u;
    ++e;
  }
  const float f = f32_from_bits(mbits) - 1.0f;
  const float s = f / (2.0f + f);
  const float z = s * s;
  const float R =
      z * (2.0f / 3.0f +
           z * (2.0f / 5.0f + z * (2.0f / 7.0f + z * (2.0f / 9.0f + z * (2.0f / 11.0f)))));
  const float hfsq = 0.5f * f * f;
  const float ef = static_cast<float>(e);
  const float ln2_hi = 0.693138122558593750f; /* 0x3F317180: 7 trailing zero bits */
  const float ln2_lo = 9.05800061e-06f;       /* ln2 - ln2_hi */
  return ef * ln2_hi + (f - (hfsq - (s * (hfsq + R) + ef * ln2_lo)));
}

/* ---- tanh ----
 * Odd, so work on a = |x|:
 *   a < 2^-12:   tanh = x (the x^3/3 term is below half an ulp)
 *   a < 0.55:    x + x^3 * P(x^2), P a degree-5 Chebyshev fit of
 *                (tanh(x) - x) / x^3 (relative error < 2^-32)
 *   a < 9.1:     1 - 2 / (exp(2a) + 1)
 *   otherwise:   1 (2 / (exp(2a) + 1) is below half an ulp of 1). */
inline float tanh_f32(float x) {
  if (x != x) return x + x; /* NaN */
  const float a = x < 0 ? -x : x;
  float t;
  if (a < 2.44140625e-4f) {
    return x; /* also +-0 and subnormals */
  } else if (a < 0.55f) {
    const float z = a * a;
    const float p =
        -0.333333332950259f +
        z * (0.133333242000073f +
             z * (-0.0539647004451583f +
                  z * (0.0218184491286399f +
                       z * (-0.00852633305780133f + z * 0.00252639071057451f))));
    t = a + a * z * p;
  } else if (a < 9.1f) {
    t = 1.0f - 2.0f / (exp_f32(2.0f * a) + 1.0f);
  } else {
    t = 1.0f;
  }
  return x < 0 ? -t : t;
}

/* --- elementwise family: float activation clamp --- */

/* TFLite's ActivationFunctionWithMinMax for floats: std::min(std::max(x, lo),
 * hi), evaluated as those functions do (a NaN x passes through). */
inline float clamp_activation_f32(float x, float lo, float hi) {
  const float low_clamped = x < lo ? lo : x;
  return hi < low_clamped ? hi : low_clamped;
}
/* --- end elementwise family --- */

}  // namespace mote
#endif

#endif
