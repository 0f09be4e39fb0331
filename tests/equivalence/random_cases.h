// Deterministic pseudo-random values for the equivalence cases (xorshift32:
// the same sequence on the host and on the board).
#pragma once

#include <stdint.h>

#include "mote/kernels/optimized/requant.h"

namespace mote::equiv {

class Random {
 public:
  explicit Random(uint32_t seed) : state_(seed * 2654435761u + 1u) {}
  uint32_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  // Uniform in [lo, hi].
  int32_t range(int32_t lo, int32_t hi) {
    return lo + static_cast<int32_t>(next() % static_cast<uint32_t>(hi - lo + 1));
  }
  bool chance(int percent) { return range(0, 99) < percent; }
  void fill_s8(int8_t* p, int32_t n, int32_t lo = -128, int32_t hi = 127) {
    for (int32_t i = 0; i < n; ++i) p[i] = static_cast<int8_t>(range(lo, hi));
  }

 private:
  uint32_t state_;
};

// Requantization parameters like a real layer's (multiplier in [2^30, 2^31),
// shifts that keep outputs mostly inside int8) with the occasional extreme,
// a random output zero point and a random clamp range inside int8.
struct QuantCase {
  int32_t multiplier[64];
  int32_t shift[64];
  int32_t input_offset, output_offset, activation_min, activation_max, per_channel;
};

inline void random_quant(Random& rng, int32_t channels, QuantCase* q) {
  q->per_channel = rng.chance(70) ? 1 : 0;
  const int32_t n = q->per_channel ? channels : 1;
  for (int32_t c = 0; c < n; ++c) {
    q->multiplier[c] = static_cast<int32_t>((1u << 30) + (rng.next() >> 2));
    q->shift[c] = rng.chance(5) ? rng.range(-31, 4) : rng.range(-12, 0);
  }
  q->input_offset = -rng.range(-128, 127);
  q->output_offset = rng.range(-128, 127);
  q->activation_min = rng.chance(50) ? -128 : rng.range(-128, 0);
  q->activation_max = rng.chance(50) ? 127 : rng.range(q->activation_min, 127);
}

// The optimized kernels' precomputed requantization (requant.h, output
// offset included) for `q`, or NULL when a shift is >= 0 or the offset does
// not fold (the kernels then read the arrays). Half the
// cases first turn every shift into a right shift, so that both forms run.
inline const int32_t* requant_table(Random& rng, QuantCase* q, int32_t channels,
                                    int32_t* table) {
  const int32_t n = q->per_channel ? channels : 1;
  if (rng.chance(50)) {
    for (int32_t c = 0; c < n; ++c) {
      if (q->shift[c] >= 0) q->shift[c] = -1 - q->shift[c];
    }
  }
  if (mote_requant_applies(q->shift, n) == 0) return nullptr;
  for (int32_t c = 0; c < channels; ++c) {
    const int32_t i = q->per_channel ? c : 0;
    if (mote_requant_make(q->multiplier[i], q->shift[i], q->output_offset,
                          table + MOTE_REQUANT_WORDS * c) == 0) {
      return nullptr;
    }
  }
  return table;
}

// A bias that is usually layer-sized, sometimes absent or extreme (the int32
// accumulator wraps the same way in every kernel).
inline bool random_bias(Random& rng, int32_t channels, int32_t* bias) {
  if (rng.chance(10)) return false;
  const bool extreme = rng.chance(10);
  for (int32_t c = 0; c < channels; ++c) {
    bias[c] = extreme ? static_cast<int32_t>(rng.next()) : rng.range(-40000, 40000);
  }
  return true;
}

inline int bytes_differ(const int8_t* a, const int8_t* b, int32_t n) {
  for (int32_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return 1;
  }
  return 0;
}

}  // namespace mote::equiv
