// Sine and cosine of a rational fraction of a turn, k/n, for building the
// front end's constant tables (windows, FFT twiddles, DCT) without libm.
// The argument is reduced in integers, so accuracy does not degrade with k:
// the result is within a few ulp of the exact value.
#pragma once

#include <stdint.h>

namespace mote::frontend::detail {

// Taylor polynomials, accurate to ~2e-9 on [0, pi/4].
inline float sin_small(float x) {
  const float x2 = x * x;
  return x * (1.0f + x2 * (-1.0f / 6 + x2 * (1.0f / 120 + x2 * (-1.0f / 5040 + x2 * (1.0f / 362880)))));
}
inline float cos_small(float x) {
  const float x2 = x * x;
  return 1.0f + x2 * (-0.5f + x2 * (1.0f / 24 + x2 * (-1.0f / 720 + x2 * (1.0f / 40320 +
                                                                   x2 * (-1.0f / 3628800)))));
}

// cos(2*pi*k/n) for n > 0 and any k.
inline float cos_turns(int64_t k, int64_t n) {
  int64_t r = k % n;
  if (r < 0) r += n;
  const int64_t quadrant = (4 * r) / n;
  const int64_t rem = 4 * r - quadrant * n;  // angle within the quadrant, in units of 1/(4n) turn
  const float half_pi = 1.57079632679489662f;
  // Fold the upper half of the quadrant onto [0, pi/4] via the complement.
  const bool folded = 2 * rem > n;
  const float a = half_pi * static_cast<float>(folded ? n - rem : rem) / static_cast<float>(n);
  const float c = folded ? sin_small(a) : cos_small(a);  // cos of the quadrant offset
  const float s = folded ? cos_small(a) : sin_small(a);  // sin of the quadrant offset
  switch (quadrant) {
    case 0: return c;
    case 1: return -s;
    case 2: return -c;
    default: return s;
  }
}

// sin(2*pi*k/n) = cos(2*pi*(k - n/4)/n), computed exactly as a quarter-turn shift.
inline float sin_turns(int64_t k, int64_t n) {
  // sin(t) = cos(t - 1/4 turn); shift by n units of 1/(4n) by scaling both.
  return cos_turns(4 * k - n, 4 * n);
}

}  // namespace mote::frontend::detail
