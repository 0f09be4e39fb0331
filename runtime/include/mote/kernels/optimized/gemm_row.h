/* The inner loops shared by mote_gemm_s8 and mote_conv2d_s8_gemm: one
 * int8 input row times the packed int8 weights (layout in gemm.h), then
 * requantization. Internal to runtime/kernels/optimized/. */
#ifndef MOTE_KERNELS_OPTIMIZED_GEMM_ROW_H
#define MOTE_KERNELS_OPTIMIZED_GEMM_ROW_H

#include "mote/fixed_point.h"
#include "mote/kernels/conv_geometry.h"
#include "mote/kernels/optimized/requant.h"

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mote {
namespace gemm {

constexpr int32_t kBlock = 4;  // output channels per packed block
constexpr int32_t kChunk = 4;  // depth values per packed chunk

// Dot's members are forced inline: called out of line (GCC's choice in the
// conv kernel) they keep the accumulators in memory.
#define MOTE_GEMM_INLINE inline __attribute__((always_inline))

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

/* Dot accumulates one input vector against the 4 channels of a packed
 * block: chunk() takes 4 inputs as a word, run() a contiguous run of inputs
 * (the last word zero-padded), both advancing `w` past the weights they used
 * (4 words per chunk); result() gives the 4 sums (modulo 2^32). Kept in
 * registers when inlined. */
#if defined(__ARM_FEATURE_DSP)

/* Per chunk: the input word is sign-extended once into its (k0, k2) and
 * (k1, k3) halves; each channel's weight word the same way (SXTB16 and
 * SXTB16 ROR #8), then two SMLADs: 5 instructions per channel per 4 MACs
 * plus 3 per chunk for the input, the block's weight words read by LDRD. */
struct Dot {
  // Scalars, not an array: GCC keeps an array's elements in memory.
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;

  static inline int16x2_t odd(uint32_t x) {
    int16x2_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
  }

  // The packed weights are constant, so the loads need no memory clobber
  // (which would keep the accumulators out of registers).
  static inline void load_pair(const int8_t*& w, uint32_t& w0, uint32_t& w1) {
    __asm__("ldrd %0, %1, [%2], #8" : "=r"(w0), "=r"(w1), "+r"(w));
  }
  // An input word, post-increment (LDR may be unaligned on the M4); the
  // memory operand orders it after whatever wrote the input.
  static inline uint32_t load_input(const int8_t*& in) {
    uint32_t v;
    __asm__("ldr %0, [%1], #4" : "=r"(v), "+r"(in) : "m"(*reinterpret_cast<const uint32_t*>(in)));
    return v;
  }

  static MOTE_GEMM_INLINE void mac(int32_t& acc, int16x2_t even_x, int16x2_t odd_x, uint32_t wj) {
    acc = __smlad(even_x, __sxtb16(static_cast<int8x4_t>(wj)), acc);
    acc = __smlad(odd_x, odd(wj), acc);
  }

  MOTE_GEMM_INLINE void chunk(uint32_t x, const int8_t*& w) {
    const int16x2_t even_x = __sxtb16(static_cast<int8x4_t>(x));
    const int16x2_t odd_x = odd(x);
    uint32_t w0, w1;
    load_pair(w, w0, w1);
    mac(a0, even_x, odd_x, w0);
    mac(a1, even_x, odd_x, w1);
    load_pair(w, w0, w1);
    mac(a2, even_x, odd_x, w0);
    mac(a3, even_x, odd_x, w1);
  }

  MOTE_GEMM_INLINE void run(const int8_t* in, int32_t depth, const int8_t*& w) {
    const int32_t chunks = depth / kChunk;
    for (int32_t pairs = chunks / 2; pairs != 0; --pairs) {  // SUBS + BNE
      chunk(load_input(in), w);
      chunk(load_input(in), w);
    }
    if (chunks % 2 != 0) chunk(load_input(in), w);
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

/* A chunk's 16 weight bytes (4 channels x 4 inputs) widen to two vectors of
 * 8 int16, each PMADDWD against the 4 inputs twice; pairs of lanes are summed
 * at the end. */
struct Dot {
  __m128i acc01 = _mm_setzero_si128(), acc23 = _mm_setzero_si128();

  // int8 lanes -> int16: each byte doubled then shifted down arithmetically.
  static inline __m128i widen_lo(__m128i v) { return _mm_srai_epi16(_mm_unpacklo_epi8(v, v), 8); }
  static inline __m128i widen_hi(__m128i v) { return _mm_srai_epi16(_mm_unpackhi_epi8(v, v), 8); }

  // x: 4 int16 inputs in both halves.
  MOTE_GEMM_INLINE void mac(__m128i x, const int8_t* w) {
    const __m128i wv = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w));
    acc01 = _mm_add_epi32(acc01, _mm_madd_epi16(widen_lo(wv), x));
    acc23 = _mm_add_epi32(acc23, _mm_madd_epi16(widen_hi(wv), x));
  }

  MOTE_GEMM_INLINE void chunk(uint32_t word, const int8_t*& w) {
    const __m128i x = widen_lo(_mm_cvtsi32_si128(static_cast<int>(word)));
    mac(_mm_unpacklo_epi64(x, x), w);
    w += 16;
  }

  MOTE_GEMM_INLINE void run(const int8_t* in, int32_t depth, const int8_t*& w) {
    int32_t chunks = depth / kChunk;
    for (; chunks >= 2; chunks -= 2) {
      const __m128i x = widen_lo(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(in)));
      mac(_mm_unpacklo_epi64(x, x), w);
      mac(_mm_unpackhi_epi64(x, x), w + 16);
      in += 8;
      w += 32;
    }
    if (chunks > 0) {
      chunk(load_u32(in), w);
      in += 4;
    }
    if (depth % kChunk != 0) chunk(load_tail(in, depth % kChunk), w);
  }

  inline void result(int32_t out[]) const {
    alignas(16) int32_t lanes[8];
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes), acc01);
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes + 4), acc23);
    for (int j = 0; j < 4; ++j) out[j] = wrapping_add(lanes[2 * j], lanes[2 * j + 1]);
  }
};

#else

/* Portable: the same sums in plain C (accumulation modulo 2^32). */
struct Dot {
  int32_t acc[4] = {0, 0, 0, 0};

  inline void chunk(uint32_t word, const int8_t*& w) {
    const int32_t x0 = static_cast<int8_t>(word), x1 = static_cast<int8_t>(word >> 8);
    const int32_t x2 = static_cast<int8_t>(word >> 16), x3 = static_cast<int8_t>(word >> 24);
    for (int j = 0; j < 4; ++j, w += kChunk) {
      acc[j] = wrapping_add(acc[j], w[0] * x0 + w[1] * x1 + w[2] * x2 + w[3] * x3);
    }
  }

  inline void run(const int8_t* in, int32_t depth, const int8_t*& w) {
    for (int32_t chunks = depth / kChunk; chunks > 0; --chunks, in += 4) chunk(load_u32(in), w);
    if (depth % kChunk != 0) chunk(load_tail(in, depth % kChunk), w);
  }

  inline void result(int32_t out[4]) const {
    for (int j = 0; j < 4; ++j) out[j] = acc[j];
  }
};

#endif

/* multiply_by_quantized_multiplier (fixed_point.h), bit for bit, for the
 * multipliers lowering produces (in [0, 2^31): INT32_MIN, the one value
 * whose doubling high multiply saturates, cannot occur) and shifts in
 * [-31, 31]. TFLite's nudge-then-truncate is floor((p + 2^30) / 2^31) for
 * the product p, and its rounding division by 2^r (ties away from zero)
 * floor((h + 2^(r-1) - [h < 0]) / 2^r); for r >= 1 the two fold into one
 * 64-bit sum, floor((p + 2^30 + 2^(30+r) - 2^31 [h < 0]) / 2^(31+r)), whose
 * high word shifted by r - 1 is the result: SMLAL and one shift on the M4.
 * [h < 0] may be replaced by [acc < 0]: with multiplier >= 0 they differ
 * only when -2^30 <= p <= 0, where h = 0 and both sums round to 0. */
inline int32_t requantize(int32_t acc, int32_t multiplier, int32_t shift) {
  if (__builtin_expect(shift >= 0, 0)) {  // a multiplier of 1 or more: no rounding division
    const int32_t scaled = static_cast<int32_t>(static_cast<uint32_t>(acc) << shift);
    return static_cast<int32_t>(
        (static_cast<int64_t>(scaled) * multiplier + (static_cast<int64_t>(1) << 30)) >> 31);
  }
  const int32_t right_1 = ~shift;  // r - 1
  // 2^30 + 2^(30+r) as words: 2^(30+r) is bit 31 of the low word for r 1,
  // bit r - 2 of the high word above.
  const uint32_t half = static_cast<uint32_t>(1) << right_1;
  const uint64_t round = static_cast<uint64_t>(half >> 1) << 32 | (0x40000000u + (half << 31));
  const int32_t negative = static_cast<int32_t>(static_cast<uint32_t>(acc) >> 31);
#if defined(__ARM_FEATURE_DSP)
  // -2^31 [acc < 0] as a second SMLAL (GCC turns the product into 4 shifts
  // and adds).
  uint32_t low = static_cast<uint32_t>(round);
  int32_t high = static_cast<int32_t>(round >> 32);
  __asm__("smlal %0, %1, %2, %3" : "+r"(low), "+r"(high) : "r"(acc), "r"(multiplier));
  __asm__("smlal %0, %1, %2, %3" : "+r"(low), "+r"(high) : "r"(negative), "r"(kInt32Min));
  return high >> right_1;
#else
  const int64_t sum = static_cast<int64_t>(round) + static_cast<int64_t>(acc) * multiplier +
                      static_cast<int64_t>(negative) * kInt32Min;
  return static_cast<int32_t>(sum >> 32) >> right_1;
#endif
}

/* requantize with the channel's constants precomputed (requant.h): the
 * same sum, minus the per-output work on the shift, plus the output offset
 * that the constants carry. */
MOTE_GEMM_INLINE int32_t requantize_pre(int32_t acc, const int32_t* ch) {
  const int32_t negative = static_cast<int32_t>(static_cast<uint32_t>(acc) >> 31);
  const int32_t multiplier = ch[0], right_1 = ch[1];
#if defined(__ARM_FEATURE_DSP)
  uint32_t low = static_cast<uint32_t>(ch[2]);
  int32_t high = ch[3];
  __asm__("smlal %0, %1, %2, %3" : "+r"(low), "+r"(high) : "r"(acc), "r"(multiplier));
  __asm__("smlal %0, %1, %2, %3" : "+r"(low), "+r"(high) : "r"(negative), "r"(kInt32Min));
  return high >> right_1;
#else
  const int64_t round = static_cast<int64_t>(static_cast<uint64_t>(static_cast<uint32_t>(ch[3]))
                                                 << 32 |
                                             static_cast<uint32_t>(ch[2]));
  const int64_t sum = round + static_cast<int64_t>(acc) * multiplier +
                      static_cast<int64_t>(negative) * kInt32Min;
  return static_cast<int32_t>(sum >> 32) >> right_1;
#endif
}

/* clamp(value + offset) to the activation range; kFullRange: the range is
 * all of int8, one SSAT on the M4. */
template <bool kFullRange>
MOTE_GEMM_INLINE int32_t clamp_output(int32_t requantized, int32_t offset, int32_t lo,
                                      int32_t hi) {
  const int32_t value = wrapping_add(requantized, offset);
  if (!kFullRange) return conv::clamp_activation(value, lo, hi);
#if defined(__ARM_FEATURE_SAT)
  return __ssat(value, 8);
#else
  return clamp_i32(value, -128, 127);
#endif
}

/* Requantizes the sums of the block at channel `c0` and stores the first
 * `n` (4 but in the last block). The clamp constants are read before the
 * first store: an int8 store may alias them, which would otherwise force a
 * reload per output. kPre: with `requant` (requant.h, every channel), else
 * with the multiplier and shift arrays. */
template <bool kFullRange, bool kPre>
inline void store_block_in(const int32_t sums[4], int32_t c0, int32_t n, const int32_t* bias,
                           mote_per_channel_quant quant, const int32_t* requant,
                           const mote_conv_quant_params& q, int8_t* out) {
  const int32_t offset = q.output_offset, lo = q.activation_min, hi = q.activation_max;
  const int32_t step = q.per_channel != 0 ? 1 : 0;
  // With the table the arrays may be absent (NULL): no offsets on them.
  const int32_t* multiplier = kPre ? nullptr : quant.multiplier + step * c0;
  const int32_t* shift = kPre ? nullptr : quant.shift + step * c0;
  auto store = [&](int32_t j) {
    const int32_t sum = wrapping_add(sums[j], bias[c0 + j]);
    const int32_t value = kPre ? requantize_pre(sum, requant + MOTE_REQUANT_WORDS * (c0 + j))
                               : requantize(sum, multiplier[step * j], shift[step * j]);
    // The table's constants include the offset (requant.h).
    out[c0 + j] = static_cast<int8_t>(clamp_output<kFullRange>(value, kPre ? 0 : offset, lo, hi));
  };
  if (n == kBlock) {  // unrolled: the sums stay in registers
    store(0);
    store(1);
    store(2);
    store(3);
  } else {
    for (int32_t j = 0; j < n; ++j) store(j);
  }
}

/* `requant` may be NULL (a layer with a shift >= 0): then the arrays. */
inline void store_block(const int32_t sums[4], int32_t c0, int32_t n, const int32_t* bias,
                        mote_per_channel_quant quant, const int32_t* requant,
                        const mote_conv_quant_params& q, int8_t* out) {
  const bool full = q.activation_min == -128 && q.activation_max == 127;
  if (requant != nullptr) {
    if (full) {
      store_block_in<true, true>(sums, c0, n, bias, quant, requant, q, out);
    } else {
      store_block_in<false, true>(sums, c0, n, bias, quant, requant, q, out);
    }
  } else if (full) {
    store_block_in<true, false>(sums, c0, n, bias, quant, requant, q, out);
  } else {
    store_block_in<false, false>(sums, c0, n, bias, quant, requant, q, out);
  }
}

/* `requant` when it is requantize_pre's form, else NULL: an unfolded table
 * (requant.h) is for the Cortex-M4 pair path only; the other paths then
 * read the arrays. */
inline const int32_t* folded_table(const int32_t* requant) {
  return requant != nullptr && mote_requant_is_unfolded(requant) == 0 ? requant : nullptr;
}

/* Channels of the block at c0: 4, or what is left in the last block. */
inline int32_t block_width(int32_t c0, int32_t output_depth) {
  return output_depth - c0 < kBlock ? output_depth - c0 : kBlock;
}

/* One output row: out[c] = clamp(requantize(bias[c] + in . w[c]) + offset),
 * with the inner loop of `D` (a Dot). */
template <class D = Dot>
inline void row(const int8_t* in, int32_t depth, int32_t output_depth, const int8_t* packed,
                const int32_t* bias, mote_per_channel_quant quant,
                const int32_t* requant, const mote_conv_quant_params& q,
                int8_t* out) {
  for (int32_t c0 = 0; c0 < output_depth; c0 += kBlock) {
    D dot;
    dot.run(in, depth, packed);  // leaves `packed` at the next block
    int32_t sums[4];
    dot.result(sums);
    store_block(sums, c0, block_width(c0, output_depth), bias, quant, requant, q, out);
  }
}

}  // namespace gemm
}  // namespace mote

#endif
