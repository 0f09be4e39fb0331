/* The inner loops shared by mote_gemm_s8 and mote_conv2d_s8_gemm: one
 * int8 input row times the packed int16 weights (layout in gemm.h), then
 * requantization. Internal to runtime/kernels/optimized/. */
#ifndef MOTE_KERNELS_OPTIMIZED_GEMM_ROW_H
#define MOTE_KERNELS_OPTIMIZED_GEMM_ROW_H

#include "mote/fixed_point.h"
#include "mote/kernels/conv_geometry.h"

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mote {
namespace gemm {

constexpr int32_t kBlock = 4;  // output channels per packed block
constexpr int32_t kChunk = 4;  // depth values per packed chunk

inline int32_t round_up(int32_t n, int32_t m) { return (n + m - 1) / m * m; }

inline uint32_t load_u32(const void* p) {
  uint32_t v;
  __builtin_memcpy(&v, p, sizeof(v));
  return v;
}

/* The last depth % 4 inputs of a row as a word, zero-padded (the packed
 * weights are zero there too), so the tail needs no separate loop. */
inline uint32_t load_tail(const int8_t* in, int32_t count) {
  uint8_t bytes[4] = {0, 0, 0, 0};
  for (int32_t i = 0; i < count; ++i) bytes[i] = static_cast<uint8_t>(in[i]);
  return load_u32(bytes);
}

/* Dot4 accumulates one input vector against the 4 channels of a packed
 * block: chunk() takes 4 inputs as a word, run() a contiguous run of inputs
 * (the last word zero-padded), both advancing `w` past the weights they
 * used; result() gives the 4 sums (modulo 2^32). Kept in registers when
 * inlined. */
#if defined(__ARM_FEATURE_DSP)

/* Two SMLADs per channel per 4 inputs: the input word is sign-extended once
 * (bytes 0,2 and 1,3), the weights are already int16 pairs in that order and
 * come two words per LDRD (GCC would issue single LDRs). */
struct Dot4 {
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;

  // The packed weights are constant, so the LDRD needs no memory clobber
  // (which would keep the accumulators out of registers).
  static inline void channel(int16x2_t even, int16x2_t odd, const int16_t*& w, int32_t& acc) {
    int32_t w02, w13;
    __asm__("ldrd %0, %1, [%2], #8" : "=r"(w02), "=r"(w13), "+r"(w));
    acc = __smlad(even, w02, acc);
    acc = __smlad(odd, w13, acc);
  }

  inline void chunk(uint32_t x, const int16_t*& w) {
    const int16x2_t even = __sxtb16(static_cast<int8x4_t>(x));
    int16x2_t odd;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(odd) : "r"(x));
    channel(even, odd, w, a0);
    channel(even, odd, w, a1);
    channel(even, odd, w, a2);
    channel(even, odd, w, a3);
  }

  inline void run(const int8_t* in, int32_t depth, const int16_t*& w) {
    int32_t chunks = depth / kChunk;
    for (; chunks >= 2; chunks -= 2, in += 8) {  // one loop branch per 32 MACs
      chunk(load_u32(in), w);
      chunk(load_u32(in + 4), w);
    }
    if (chunks > 0) {
      chunk(load_u32(in), w);
      in += 4;
    }
    if (depth % kChunk != 0) chunk(load_tail(in, depth % kChunk), w);
  }

  inline void result(int32_t out[4]) const {
    out[0] = a0;
    out[1] = a1;
    out[2] = a2;
    out[3] = a3;
  }
};

#elif defined(__SSE2__)

/* PMADDWD on 8 int16: the 4 inputs (in the packed order) twice against two
 * channels' weights; pairs of lanes are summed at the end. */
struct Dot4 {
  __m128i acc01 = _mm_setzero_si128(), acc23 = _mm_setzero_si128();

  static inline __m128i widen(__m128i bytes) {
    return _mm_srai_epi16(_mm_unpacklo_epi8(bytes, bytes), 8);
  }
  // x0 x1 x2 x3 -> x0 x2 x1 x3 in each half.
  static inline __m128i packed_order(__m128i v) {
    return _mm_shufflehi_epi16(_mm_shufflelo_epi16(v, 0xD8), 0xD8);
  }

  inline void chunk(uint32_t word, const int16_t*& w) {
    __m128i x = packed_order(widen(_mm_cvtsi32_si128(static_cast<int>(word))));
    x = _mm_unpacklo_epi64(x, x);
    const __m128i* wv = reinterpret_cast<const __m128i*>(w);
    acc01 = _mm_add_epi32(acc01, _mm_madd_epi16(_mm_loadu_si128(wv), x));
    acc23 = _mm_add_epi32(acc23, _mm_madd_epi16(_mm_loadu_si128(wv + 1), x));
    w += 16;
  }

  inline void run(const int8_t* in, int32_t depth, const int16_t*& w) {
    int32_t chunks = depth / kChunk;
    for (; chunks >= 2; chunks -= 2) {
      const __m128i x = packed_order(widen(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(in))));
      const __m128i lo = _mm_unpacklo_epi64(x, x), hi = _mm_unpackhi_epi64(x, x);
      const __m128i* wv = reinterpret_cast<const __m128i*>(w);
      acc01 = _mm_add_epi32(acc01, _mm_madd_epi16(_mm_loadu_si128(wv), lo));
      acc23 = _mm_add_epi32(acc23, _mm_madd_epi16(_mm_loadu_si128(wv + 1), lo));
      acc01 = _mm_add_epi32(acc01, _mm_madd_epi16(_mm_loadu_si128(wv + 2), hi));
      acc23 = _mm_add_epi32(acc23, _mm_madd_epi16(_mm_loadu_si128(wv + 3), hi));
      in += 8;
      w += 32;
    }
    if (chunks > 0) {
      chunk(load_u32(in), w);
      in += 4;
    }
    if (depth % kChunk != 0) chunk(load_tail(in, depth % kChunk), w);
  }

  inline void result(int32_t out[4]) const {
    alignas(16) int32_t lanes[8];
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes), acc01);
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes + 4), acc23);
    for (int j = 0; j < 4; ++j) out[j] = wrapping_add(lanes[2 * j], lanes[2 * j + 1]);
  }
};

#else

/* Portable: the same sums in plain C (accumulation modulo 2^32). */
struct Dot4 {
  int32_t acc[4] = {0, 0, 0, 0};

  inline void chunk(uint32_t word, const int16_t*& w) {
    const int32_t x0 = static_cast<int8_t>(word), x1 = static_cast<int8_t>(word >> 8);
    const int32_t x2 = static_cast<int8_t>(word >> 16), x3 = static_cast<int8_t>(word >> 24);
    for (int j = 0; j < 4; ++j, w += 4) {
      acc[j] = wrapping_add(acc[j], w[0] * x0 + w[1] * x2 + w[2] * x1 + w[3] * x3);
    }
  }

  inline void run(const int8_t* in, int32_t depth, const int16_t*& w) {
    for (int32_t chunks = depth / kChunk; chunks > 0; --chunks, in += 4) chunk(load_u32(in), w);
    if (depth % kChunk != 0) chunk(load_tail(in, depth % kChunk), w);
  }

  inline void result(int32_t out[4]) const {
    for (int j = 0; j < 4; ++j) out[j] = acc[j];
  }
};

#endif

/* multiply_by_quantized_multiplier (fixed_point.h), bit for bit, for the
 * multipliers lowering produces (in [0, 2^31); INT32_MIN, the one value that
 * saturates, cannot occur) and shifts in [-31, 31], in fewer instructions:
 * TFLite's nudge-then-truncate-toward-zero equals adding 2^30 and shifting
 * arithmetically, and the rounding division's threshold is computed from
 * the sign bit without branches. */
inline int32_t requantize(int32_t acc, int32_t multiplier, int32_t shift) {
  int32_t right = -shift;
  int32_t scaled = acc;
  if (shift > 0) {  // rare: a multiplier above 1
    scaled = static_cast<int32_t>(static_cast<uint32_t>(acc) << shift);
    right = 0;
  }
  const int32_t high = static_cast<int32_t>(
      (static_cast<int64_t>(scaled) * multiplier + (static_cast<int64_t>(1) << 30)) >> 31);
  const int32_t mask = static_cast<int32_t>((static_cast<uint32_t>(1) << right) - 1u);
  const int32_t threshold = (mask >> 1) + static_cast<int32_t>(static_cast<uint32_t>(high) >> 31);
  return (high >> right) + ((high & mask) > threshold ? 1 : 0);
}

/* Requantizes the 4 sums of block `c0` and stores the valid ones. The
 * constants are read before the first store: an int8 store may alias them,
 * which would otherwise force a reload per output. */
inline void store_block(const int32_t sums[4], int32_t c0, int32_t output_depth,
                        const int32_t* bias, mote_per_channel_quant quant,
                        const mote_conv_quant_params& q, int8_t* out) {
  const int32_t n = output_depth - c0 < kBlock ? output_depth - c0 : kBlock;
  int32_t values[kBlock];
  for (int32_t j = 0; j < n; ++j) {
    const int32_t c = c0 + j;
    const int32_t qc = q.per_channel != 0 ? c : 0;
    values[j] = requantize(wrapping_add(sums[j], bias[c]), quant.multiplier[qc], quant.shift[qc]);
  }
  const int32_t offset = q.output_offset, lo = q.activation_min, hi = q.activation_max;
  for (int32_t j = 0; j < n; ++j) {
    out[c0 + j] = static_cast<int8_t>(conv::clamp_activation(wrapping_add(values[j], offset), lo, hi));
  }
}

/* One output row: out[c] = clamp(requantize(bias[c] + in . w[c]) + offset). */
inline void row(const int8_t* in, int32_t depth, int32_t output_depth, const int16_t* packed,
                const int32_t* bias, mote_per_channel_quant quant,
                const mote_conv_quant_params& q, int8_t* out) {
  for (int32_t c0 = 0; c0 < output_depth; c0 += kBlock) {
    Dot4 dot;
    dot.run(in, depth, packed);  // leaves `packed` at the next block
    int32_t sums[4];
    dot.result(sums);
    store_block(sums, c0, output_depth, bias, quant, q, out);
  }
}

}  // namespace gemm
}  // namespace mote

#endif
