// DEPTHWISE_CONV_2D int8 with depth multiplier 1, byte-identical to the
// reference (runtime/kernels/reference/depthwise_conv2d.cc).
//
// Output pixels are walked in the reference's order (batch, y, x) and each
// pixel's window is clipped to the input once, so the tap loops carry no
// padding tests. Accumulation is modulo 2^32 like the reference's
// wrapping_add, so its order does not matter: the sums start from the bias
// (no add per output).
#include "mote/kernels/optimized/depthwise_conv2d.h"

#include "mote/fixed_point.h"
#include "mote/kernel_ids.h"
#include "mote/kernels/optimized/gemm_row.h"  // requantize, shared with the GEMM kernels
#include "mote/kernels/optimized/gemm_row_avx2.h"  // use_avx2, MOTE_AVX2

#if defined(__ARM_FEATURE_DSP) || defined(__ARM_FEATURE_SAT)
#include <arm_acle.h>
#endif
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace {

// The in-range taps [begin, end) of one window dimension: those whose
// input coordinate origin + dilation * f lies in [0, size).
struct TapRange {
  int32_t begin, end;
};

TapRange clip_taps(int32_t origin, int32_t dilation, int32_t taps, int32_t size) {
  TapRange r{0, taps};
  while (r.begin < r.end && origin + dilation * r.begin < 0) ++r.begin;
  while (r.end > r.begin && origin + dilation * (r.end - 1) >= size) --r.end;
  return r;
}

// What one output pixel reads.
struct Window {
  const int8_t* input;     // input at the first in-range tap, channel 0
  int32_t first_tap;       // that tap's index in the filter
  int32_t rows, cols;      // in-range taps
  int32_t input_row_step;  // input elements from one tap row to the next
  int32_t input_col_step;  // ... from one tap to the next in a row
  int32_t filter_width;
};

inline uint32_t pack_halves(int32_t low, int32_t high) {
  return (static_cast<uint32_t>(low) & 0xFFFFu) | (static_cast<uint32_t>(high) << 16);
}

#if defined(__ARM_FEATURE_DSP)

inline uint32_t load_word(const int8_t* p) {
  uint32_t w;
  __builtin_memcpy(&w, p, 4);  // LDR: unaligned access is fine on Cortex-M4
  return w;
}

// Bytes 1 and 3 of x sign-extended to 16 bits, plus the halves of a.
inline int32_t sxtab16_ror8(int32_t a, uint32_t x) {
  int32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
  return r;
}

#endif

// Channels [4g, 4g + 4) of one pixel into acc (in channel order): `in` is
// the window's first in-range tap at channel 4g, `f` that tap's two words of
// the group's packed filter. Rows/Cols > 0 fix the window at compile time
// (3x3 windows and their clipped sides, filter 3 taps wide): assembly on the
// M4, unrolled loops elsewhere.
#if defined(__ARM_FEATURE_DSP)
// A Rows x Cols window (2 or 3 each) of a filter 3 taps wide: a row's filter
// words are contiguous (a 2-tap row skips the third tap's 8 bytes), so one
// post-incremented LDRD per tap; 8 instructions per tap (4 MACs). In
// assembly because GCC spills the unrolled C version's pointers.
#define MOTE_DW_TAP(LOAD)                        \
  LOAD                                           \
  "ldrd %[w0], %[w1], [%[f]], #8\n\t"            \
  "sxtab16 %[t], %[o], %[x]\n\t"                 \
  "smlabb %[a0], %[t], %[w0], %[a0]\n\t"         \
  "smlatt %[a2], %[t], %[w0], %[a2]\n\t"         \
  "sxtab16 %[t], %[o], %[x], ror #8\n\t"         \
  "smlabb %[a1], %[t], %[w1], %[a1]\n\t"         \
  "smlatt %[a3], %[t], %[w1], %[a3]\n\t"
// rr: row_step - col_step (the row stepped once).
#define MOTE_DW_ROW3                                                 \
  MOTE_DW_TAP("ldr %[x], [%[in]]\n\t")                               \
  MOTE_DW_TAP("ldr %[x], [%[in], %[cs]]\n\t")                        \
  "add %[in], %[in], %[cs]\n\t"                                      \
  MOTE_DW_TAP("ldr %[x], [%[in], %[cs]]\n\t")                        \
  "add %[in], %[in], %[rr]\n\t"
// rr: row_step.
#define MOTE_DW_ROW2                                                 \
  MOTE_DW_TAP("ldr %[x], [%[in]]\n\t")                               \
  MOTE_DW_TAP("ldr %[x], [%[in], %[cs]]\n\t")                        \
  "add %[in], %[in], %[rr]\n\t"                                      \
  "add %[f], %[f], #8\n\t"
#define MOTE_DW_ASM(ROWS)                                                                    \
  __asm__(ROWS                                                                               \
          : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [x] "=&r"(x),        \
            [t] "=&r"(t), [w0] "=&r"(w0), [w1] "=&r"(w1), [in] "+r"(in), [f] "+r"(f)         \
          : [cs] "r"(col_step), [rr] "r"(row_rest), [o] "r"(offset2)                         \
          : "memory")
// Not inlined: the block takes 13 registers (inlined into the pixel loop, no
// allocation exists; forcing it spilled the output stage: +0.15 instr/MAC),
// and the sums start from the bias.
template <int32_t Rows, int32_t Cols>
__attribute__((noinline)) void accumulate4_asm(const int8_t* in, const int32_t* f,
                                               int32_t col_step, int32_t row_step,
                                               int32_t offset2, const int32_t* bias,
                                               int32_t acc[4]) {
  static_assert((Rows == 2 || Rows == 3) && (Cols == 2 || Cols == 3), "unrolled shapes");
  int32_t a0 = bias[0], a1 = bias[1], a2 = bias[2], a3 = bias[3];
  uint32_t x, t, w0, w1;
  const int32_t row_rest = Cols == 3 ? row_step - col_step : row_step;
  if (Rows == 3 && Cols == 3) MOTE_DW_ASM(MOTE_DW_ROW3 MOTE_DW_ROW3 MOTE_DW_ROW3);
  if (Rows == 3 && Cols == 2) MOTE_DW_ASM(MOTE_DW_ROW2 MOTE_DW_ROW2 MOTE_DW_ROW2);
  if (Rows == 2 && Cols == 3) MOTE_DW_ASM(MOTE_DW_ROW3 MOTE_DW_ROW3);
  if (Rows == 2 && Cols == 2) MOTE_DW_ASM(MOTE_DW_ROW2 MOTE_DW_ROW2);
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}
#undef MOTE_DW_ASM
#undef MOTE_DW_ROW2
#undef MOTE_DW_ROW3
#undef MOTE_DW_TAP
#endif

#if defined(__SSE2__)
// accumulate4's x86-64 body: the four sums in the filter words' order
// (channels 0, 2, 1, 3).
template <int32_t Rows, int32_t Cols>
inline __m128i accumulate4_sse2(const int8_t* in, const int32_t* f, const Window& w,
                                int32_t input_offset, const int32_t* bias) {
  const int32_t rows = Rows > 0 ? Rows : w.rows;
  const int32_t cols = Cols > 0 ? Cols : w.cols;
  const int32_t f_row_step = 2 * w.filter_width;
  const __m128i offset = _mm_set1_epi16(static_cast<int16_t>(input_offset));
  __m128i sums = _mm_set_epi32(bias[3], bias[1], bias[2], bias[0]);  // channels 0, 2, 1, 3
  if (Rows > 0 && Cols > 0) {
    // Unrolled shapes (a filter 3 taps wide): the taps two at a time, each
    // channel's two inputs and two filter halves side by side, one PMADDWD
    // per pair (an odd last tap pairs with zero filter halves).
    constexpr int32_t kTaps = (Rows > 0 ? Rows : 1) * (Cols > 0 ? Cols : 1);
    constexpr int32_t kCols = Cols > 0 ? Cols : 1;
#pragma GCC unroll 5
    for (int32_t i = 0; i < kTaps; i += 2) {
      const int32_t j = i + 1 < kTaps ? i + 1 : i;
      const int8_t* pa = in + i / kCols * w.input_row_step + i % kCols * w.input_col_step;
      const int8_t* pb = in + j / kCols * w.input_row_step + j % kCols * w.input_col_step;
      int32_t word_a, word_b;
      __builtin_memcpy(&word_a, pa, 4);
      __builtin_memcpy(&word_b, pb, 4);
      // Bytes (c0a c0b c1a c1b c2a c2b c3a c3b) -> int16, pairs in the filter's order.
      const __m128i bytes = _mm_unpacklo_epi8(_mm_cvtsi32_si128(word_a), _mm_cvtsi32_si128(word_b));
      __m128i x = _mm_srai_epi16(_mm_unpacklo_epi8(bytes, bytes), 8);
      x = _mm_add_epi16(_mm_shuffle_epi32(x, _MM_SHUFFLE(3, 1, 2, 0)), offset);
      const __m128i fa = _mm_loadl_epi64(
          reinterpret_cast<const __m128i*>(f + 2 * (i / kCols * 3 + i % kCols)));
      const __m128i fb = j != i ? _mm_loadl_epi64(reinterpret_cast<const __m128i*>(
                                      f + 2 * (j / kCols * 3 + j % kCols)))
                                : _mm_setzero_si128();
      sums = _mm_add_epi32(sums, _mm_madd_epi16(x, _mm_unpacklo_epi16(fa, fb)));
    }
  } else {
    // Per tap: the four input bytes widened to int16 plus the offset, in the
    // filter words' order (channels 0, 2, 1, 3), each beside a zero, and
    // the filter halves the same: PMADDWD gives the four products (a doubled
    // filter's may exceed int16).
    for (int32_t r = 0; r < rows; ++r) {
      const int8_t* p = in;
      const int32_t* fr = f;
      for (int32_t k = 0; k < cols; ++k, p += w.input_col_step, fr += 2) {
        int32_t word;
        __builtin_memcpy(&word, p, 4);
        const __m128i bytes = _mm_cvtsi32_si128(word);
        __m128i x = _mm_srai_epi16(_mm_unpacklo_epi8(bytes, bytes), 8);
        x = _mm_shufflelo_epi16(_mm_add_epi16(x, offset), _MM_SHUFFLE(3, 1, 2, 0));
        const __m128i filter = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(fr));
        const __m128i zero = _mm_setzero_si128();
        sums = _mm_add_epi32(sums, _mm_madd_epi16(_mm_unpacklo_epi16(x, zero),
                                                  _mm_unpacklo_epi16(filter, zero)));
      }
      in += w.input_row_step;
      f += f_row_step;
    }
  }
  return sums;
}
#endif

template <int32_t Rows, int32_t Cols>
inline void accumulate4(const int8_t* in, const int32_t* f, const Window& w,
                        int32_t input_offset, const int32_t* bias, int32_t acc[4]) {
#if defined(__ARM_FEATURE_DSP)
  if (Rows > 0 && Cols > 0) {  // dispatch: only with a filter 3 taps wide
    accumulate4_asm<(Rows > 0 ? Rows : 2), (Cols > 0 ? Cols : 2)>(
        in, f, w.input_col_step, w.input_row_step,
        static_cast<int32_t>(pack_halves(input_offset, input_offset)), bias, acc);
    return;
  }
#endif
#if !defined(__SSE2__) || defined(__ARM_FEATURE_DSP)
  const int32_t rows = Rows > 0 ? Rows : w.rows;
  const int32_t cols = Cols > 0 ? Cols : w.cols;
  const int32_t f_row_step = 2 * w.filter_width;
#endif
#if defined(__ARM_FEATURE_DSP)
  const int32_t offset2 = static_cast<int32_t>(pack_halves(input_offset, input_offset));
  int32_t a0 = bias[0], a1 = bias[1], a2 = bias[2], a3 = bias[3];
#pragma GCC unroll 3
  for (int32_t r = 0; r < rows; ++r) {
    const int8_t* p = in;
    const int32_t* fr = f;
#pragma GCC unroll 3
    for (int32_t k = 0; k < cols; ++k) {
      const uint32_t x = load_word(p);
      // Opaque step: otherwise GCC hoists one base pointer per unrolled tap
      // out of the pixel loop and spills them all to the stack.
      p += w.input_col_step;
      __asm__("" : "+r"(p));
      const int32_t x02 = __sxtab16(offset2, static_cast<int32_t>(x));
      const int32_t x13 = sxtab16_ror8(offset2, x);
      a0 = __smlabb(x02, fr[0], a0);
      a2 = __smlatt(x02, fr[0], a2);
      a1 = __smlabb(x13, fr[1], a1);
      a3 = __smlatt(x13, fr[1], a3);
      fr += 2;
    }
    in += w.input_row_step;
    f += f_row_step;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
#elif defined(__SSE2__)
  int32_t lanes[4];  // channels 0, 2, 1, 3
  _mm_storeu_si128(reinterpret_cast<__m128i*>(lanes),
                   accumulate4_sse2<Rows, Cols>(in, f, w, input_offset, bias));
  acc[0] = lanes[0];
  acc[1] = lanes[2];
  acc[2] = lanes[1];
  acc[3] = lanes[3];
#else
  uint32_t a0 = static_cast<uint32_t>(bias[0]), a1 = static_cast<uint32_t>(bias[1]);
  uint32_t a2 = static_cast<uint32_t>(bias[2]), a3 = static_cast<uint32_t>(bias[3]);
  for (int32_t r = 0; r < rows; ++r) {
    for (int32_t k = 0; k < cols; ++k) {
      // Word 0 holds channels 0 and 2, word 1 channels 1 and 3.
      const int8_t* x = in + k * w.input_col_step;
      const int32_t f0 = f[2 * k], f1 = f[2 * k + 1];
      a0 += static_cast<uint32_t>(static_cast<int16_t>(f0) * (x[0] + input_offset));
      a2 += static_cast<uint32_t>((f0 >> 16) * (x[2] + input_offset));
      a1 += static_cast<uint32_t>(static_cast<int16_t>(f1) * (x[1] + input_offset));
      a3 += static_cast<uint32_t>((f1 >> 16) * (x[3] + input_offset));
    }
    in += w.input_row_step;
    f += f_row_step;
  }
  acc[0] = static_cast<int32_t>(a0);
  acc[1] = static_cast<int32_t>(a1);
  acc[2] = static_cast<int32_t>(a2);
  acc[3] = static_cast<int32_t>(a3);
#endif
}

// One channel (of the channels % 4 the groups leave): one word per tap.
inline int32_t accumulate1(const Window& w, const int8_t* input, const int32_t* filter,
                           int32_t input_offset, int32_t bias) {
  uint32_t acc = static_cast<uint32_t>(bias);
  const int32_t* f_row = filter + w.first_tap;
  for (int32_t r = 0; r < w.rows; ++r) {
    for (int32_t k = 0; k < w.cols; ++k) {
      acc += static_cast<uint32_t>(f_row[k] * (input[k * w.input_col_step] + input_offset));
    }
    input += w.input_row_step;
    f_row += w.filter_width;
  }
  return static_cast<int32_t>(acc);
}

// One output of the output-stage table's form (its header has the
// derivation) from a doubled sum: the requantized value plus the output
// offset. `k`: the channel's multiplier, K, r.
inline int32_t table_requantize(int32_t twice, const int32_t* k) {
#if defined(__ARM_FEATURE_DSP)
  int32_t h;
  __asm__("smmlar %0, %1, %2, %3" : "=r"(h) : "r"(twice), "r"(k[0]), "r"(k[1] + (twice >> 31)));
  return h >> k[2];
#else
  const int64_t product = static_cast<int64_t>(twice) * k[0] + (int64_t{1} << 31);
  return (static_cast<int32_t>(product >> 32) + k[1] + (twice >> 31)) >> k[2];
#endif
}

// Everything the output stage reads, copied out of the parameter structs
// once: int8 stores may alias any memory, locals they cannot.
struct OutputStage {
  const int32_t* bias;
  const int32_t* multiplier;
  const int32_t* shift;
  int32_t quant_step;  // 1 per channel, 0 per tensor
  int32_t offset, lo, hi;
  const int32_t* table;  // the output-stage table, or NULL

  // Channel c's multiplier, K, r in the table.
  const int32_t* constants(int32_t c, int32_t channels) const {
    return c < channels / 4 * 4 ? table + 16 * (c / 4) + 4 + 3 * (c % 4)
                                : table + MOTE_DW_TABLE_WORDS * c + 1;
  }

  template <bool kFullRange>
  static int32_t clamp(int32_t value, int32_t lo, int32_t hi) {
    if (!kFullRange) return mote::clamp_i32(value, lo, hi);
#if defined(__ARM_FEATURE_SAT)
    return __ssat(value, 8);
#else
    return mote::clamp_i32(value, -128, 127);
#endif
  }

  // kFullRange: the activation range is all of int8 (lo -128, hi 127), one
  // SSAT on the M4. kTable: `k` is the channel's table entry (not NULL).
  template <bool kFullRange, bool kTable = false>
  int32_t apply(int32_t acc, int32_t c, const int32_t* k) const {
    if (kTable) return clamp<kFullRange>(table_requantize(acc, k), lo, hi);
    acc = mote::gemm::requantize(acc, multiplier[c * quant_step], shift[c * quant_step]);
    return clamp<kFullRange>(mote::wrapping_add(acc, offset), lo, hi);
  }
};

#if defined(MOTE_GEMM_AVX2_PATH)
// The table's output stage for a group's four (doubled) sums at once (lanes: channels
// 0, 2, 1, 3, accumulate4_sse2's order; `k` the group's (multiplier, K, r)
// x 4), stored as four bytes in channel order. VPMULDQ gives the even and
// odd lanes' 64-bit products, VPSRAVD each channel's shift, two saturating
// packs the int8 range.
template <bool kFullRange>
MOTE_AVX2_INLINE void store_table4(__m128i sums, const int32_t* k, int32_t lo, int32_t hi,
                                   int8_t* out) {
  const __m128i multiplier = _mm_i32gather_epi32(k, _mm_setr_epi32(0, 6, 3, 9), 4);
  const __m128i add = _mm_i32gather_epi32(k, _mm_setr_epi32(1, 7, 4, 10), 4);
  const __m128i right = _mm_i32gather_epi32(k, _mm_setr_epi32(2, 8, 5, 11), 4);
  const __m128i twice = sums;  // the filter is packed doubled
  const __m128i round = _mm_set1_epi64x(int64_t{1} << 31);
  const __m128i even = _mm_add_epi64(_mm_mul_epi32(twice, multiplier), round);
  const __m128i odd = _mm_add_epi64(
      _mm_mul_epi32(_mm_srli_epi64(twice, 32), _mm_srli_epi64(multiplier, 32)), round);
  __m128i h = _mm_blend_epi32(_mm_srli_epi64(even, 32), odd, 0xA);
  h = _mm_add_epi32(_mm_add_epi32(h, add), _mm_srai_epi32(twice, 31));
  h = _mm_shuffle_epi32(_mm_srav_epi32(h, right), _MM_SHUFFLE(3, 1, 2, 0));
  __m128i bytes = _mm_packs_epi16(_mm_packs_epi32(h, h), h);
  if (!kFullRange) {
    bytes = _mm_min_epi8(_mm_max_epi8(bytes, _mm_set1_epi8(static_cast<int8_t>(lo))),
                         _mm_set1_epi8(static_cast<int8_t>(hi)));
  }
  const int32_t word = _mm_cvtsi128_si32(bytes);
  __builtin_memcpy(out, &word, 4);
}
#endif

// kVector: the AVX2 output stage (with the table; only in the AVX2 instances).
template <int32_t Rows, int32_t Cols, bool kFullRange, bool kTable, bool kVector = false>
inline void depthwise_pixel(const Window& w, int32_t taps, int32_t channels,
                            const int32_t* packed, const OutputStage& stage,
                            int32_t input_offset, int8_t* out) {
  const int32_t groups = channels / 4;
  const int8_t* in = w.input;
  const int32_t* f = packed + 2 * w.first_tap;
  const int32_t* k = stage.table;
  for (int32_t c = 0; c < 4 * groups; c += 4, in += 4, f += 2 * taps) {
#if defined(MOTE_GEMM_AVX2_PATH)
    if constexpr (kVector) {
      const int32_t* group = stage.table + 16 * (c / 4);  // doubled biases, then constants
      store_table4<kFullRange>(accumulate4_sse2<Rows, Cols>(in, f, w, input_offset, group),
                               group + 4, stage.lo, stage.hi, out + c);
      continue;
    }
#endif
    int32_t acc[4];
    // With the table, its doubled biases (the filter is doubled too).
    accumulate4<Rows, Cols>(in, f, w, input_offset,
                            kTable ? stage.table + 16 * (c / 4) : stage.bias + c, acc);
    if (kTable) k = stage.table + 16 * (c / 4) + 4;  // the group's (multiplier, K, r) x 4
    // Without the table k is NULL and unused (no offsets on it: UB).
    const int32_t step = kTable ? 3 : 0;
    const int32_t o0 = stage.template apply<kFullRange, kTable>(acc[0], c, k);
    const int32_t o1 = stage.template apply<kFullRange, kTable>(acc[1], c + 1, k + step);
    const int32_t o2 = stage.template apply<kFullRange, kTable>(acc[2], c + 2, k + 2 * step);
    const int32_t o3 = stage.template apply<kFullRange, kTable>(acc[3], c + 3, k + 3 * step);
    out[c] = static_cast<int8_t>(o0);
    out[c + 1] = static_cast<int8_t>(o1);
    out[c + 2] = static_cast<int8_t>(o2);
    out[c + 3] = static_cast<int8_t>(o3);
  }
  const int32_t* tail = packed + 2 * taps * groups;
  for (int32_t c = 4 * groups; c < channels; ++c, tail += taps) {
    out[c] = static_cast<int8_t>(stage.template apply<kFullRange, kTable>(
        accumulate1(w, w.input + c, tail, input_offset,
                    kTable ? stage.table[MOTE_DW_TABLE_WORDS * c] : stage.bias[c]),
        c,
        kTable ? stage.constants(c, channels) : nullptr));
  }
}

// `pixels` output pixels in a row whose windows have the same shape, the
// next one `pixel_step` input elements on. Not inlined into the pixel loop,
// and with local copies of what it reads: the output stores cannot alias them.
template <int32_t Rows, int32_t Cols, bool kFullRange = false, bool kTable = false>
__attribute__((noinline)) void depthwise_pixels(const Window& window, int32_t pixels,
                                                int32_t pixel_step, int32_t taps,
                                                int32_t channels, const int32_t* packed,
                                                const OutputStage& output_stage,
                                                int32_t input_offset, int8_t* out) {
  Window w = window;
  const OutputStage stage = output_stage;
  for (int32_t p = 0; p < pixels; ++p, w.input += pixel_step, out += channels) {
    depthwise_pixel<Rows, Cols, kFullRange, kTable>(w, taps, channels, packed, stage,
                                                    input_offset, out);
  }
}

#if defined(MOTE_GEMM_AVX2_PATH)
// depthwise_pixels with the AVX2 output stage (the table's): flatten inlines
// the pixel and its SSE2 sums into this AVX2 function.
template <int32_t Rows, int32_t Cols, bool kFullRange>
MOTE_AVX2 void depthwise_pixels_avx2(const Window& window, int32_t pixels, int32_t pixel_step,
                                     int32_t taps, int32_t channels, const int32_t* packed,
                                     const OutputStage& output_stage, int32_t input_offset,
                                     int8_t* out) {
  Window w = window;
  const OutputStage stage = output_stage;
  for (int32_t p = 0; p < pixels; ++p, w.input += pixel_step, out += channels) {
    depthwise_pixel<Rows, Cols, kFullRange, true, true>(w, taps, channels, packed, stage,
                                                        input_offset, out);
  }
}
#endif

// depthwise_pixels, or with kVector its AVX2 instance.
template <int32_t Rows, int32_t Cols, bool kFullRange, bool kTable, bool kVector>
inline void run_pixels(const Window& w, int32_t pixels, int32_t pixel_step, int32_t taps,
                       int32_t channels, const int32_t* packed, const OutputStage& stage,
                       int32_t input_offset, int8_t* out) {
#if defined(MOTE_GEMM_AVX2_PATH)
  if constexpr (kVector) {
    depthwise_pixels_avx2<Rows, Cols, kFullRange>(w, pixels, pixel_step, taps, channels, packed,
                                                  stage, input_offset, out);
    return;
  }
#endif
  depthwise_pixels<Rows, Cols, kFullRange, kTable>(w, pixels, pixel_step, taps, channels, packed,
                                                   stage, input_offset, out);
}

#if defined(__ARM_FEATURE_DSP)
constexpr bool kDsp = true;
#else
constexpr bool kDsp = false;
#endif

// 3x3 windows and their clipped sides (2 rows or columns) unrolled; corners
// and other sizes take the loops. Code size on the M4: with the table these
// shapes are the assembly runs' (the C instances serve only channel counts
// that are not a multiple of 4), so only the loops; without it (rare: a
// per-tensor layer's shift >= 0, an extreme bias) the full-range 3x3 and 3x2.
template <bool kTable, bool kVector = false>
__attribute__((noinline)) void dispatch(const Window& w, int32_t pixels, int32_t pixel_step,
                                        int32_t taps, int32_t channels, const int32_t* packed,
                                        const OutputStage& stage, int32_t input_offset,
                                        int8_t* out) {
  constexpr bool kUnrolled = !(kDsp && kTable);
  // The unrolled shapes' precondition: a filter 3 taps wide.
  const bool f3 = kUnrolled && w.filter_width == 3;
  const bool r3 = f3 && w.rows == 3, r2 = f3 && !kDsp && w.rows == 2;
  const bool c3 = w.cols == 3, c2 = w.cols == 2;
  const bool full_range = stage.lo == -128 && stage.hi == 127;
  if (r3 && c3 && full_range) {
    run_pixels<3, 3, true, kTable, kVector>(
        w, pixels, pixel_step, taps, channels, packed, stage, input_offset, out);
  } else if (r3 && c2 && full_range) {
    run_pixels<3, 2, true, kTable, kVector>(
        w, pixels, pixel_step, taps, channels, packed, stage, input_offset, out);
  } else if (r2 && c3 && full_range) {
    run_pixels<2, 3, true, kTable, kVector>(
        w, pixels, pixel_step, taps, channels, packed, stage, input_offset, out);
  } else if (full_range) {
    run_pixels<0, 0, true, kTable, kVector>(
        w, pixels, pixel_step, taps, channels, packed, stage, input_offset, out);
  } else {
    run_pixels<0, 0, false, kTable, kVector>(
        w, pixels, pixel_step, taps, channels, packed, stage, input_offset, out);
  }
}

#if defined(__ARM_FEATURE_DSP)
// A run of output pixels of one window shape (3x3, 3x2, 2x3 or 2x2 taps of a
// 3x3 filter), every group of 4 channels with the table's output stage, in one
// assembly routine: the sums stay in r0-r3, the taps take r4-r12 and the
// table pointer lr, so nothing spills but the output pointer and the loop
// bounds (kept at sp). Field order fixed: the prologue reads it with LDM.
struct AsmRun {
  int32_t rewind;             // input bytes back from the end of a group's taps to the next group
  const int32_t* filter_end;  // the filter pointer after the last group (18 words a group)
  int32_t col_step, row_step, offset2;
  int8_t* out;
  int32_t pixel_advance;  // input bytes from past the last group to the next pixel
  const int8_t* in_end;   // the input pointer past the last pixel
  const int32_t* filter;  // the first group's filter at the window's first tap
  const int32_t* table;
  const int8_t* in;
};
static_assert(sizeof(AsmRun) == 44 || sizeof(void*) != 4, "the routine's LDM layout");

// r0-r3 sums (channels 0-3), r4 input word, r5 widened input, r6/r7 filter
// words, r8 input, r9 filter, r10 col_step, r11 row_step, r12 offset2.
// STEP: the filter pointer's post-increment (8 to the next tap, more to skip
// taps outside the window).
#define MOTE_DW_TAP(LOAD, STEP)      \
  LOAD "\n\t"                        \
  "ldrd r6, r7, [r9], #" STEP "\n\t" \
  "sxtab16 r5, r12, r4\n\t"          \
  "smlabb r0, r5, r6, r0\n\t"        \
  "smlatt r2, r5, r6, r2\n\t"        \
  "sxtab16 r5, r12, r4, ror #8\n\t"  \
  "smlabb r1, r5, r7, r1\n\t"        \
  "smlatt r3, r5, r7, r3\n\t"
#define MOTE_DW_ROW3(LAST_STEP)                                                 \
  MOTE_DW_TAP("ldr r4, [r8]", "8") MOTE_DW_TAP("ldr r4, [r8, r10]", "8")        \
  MOTE_DW_TAP("ldr r4, [r8, r10, lsl #1]", LAST_STEP)
// A 2-tap row skips the third tap's filter words (8 bytes more).
#define MOTE_DW_ROW2(LAST_STEP) \
  MOTE_DW_TAP("ldr r4, [r8]", "8") MOTE_DW_TAP("ldr r4, [r8, r10]", LAST_STEP)
#define MOTE_DW_NEXT_ROW "add r8, r8, r11\n\t"
// One output: the doubled sum in A, the channel's multiplier, K, r in M, K,
// R; the sign term joins K before SMMLAR overwrites the sum. r7: output
// pointer.
#define MOTE_DW_OUT(A, M, K, R)                   \
  "add " K ", " K ", " A ", asr #31\n\t"          \
  "smmlar " A ", " A ", " M ", " K "\n\t"         \
  "asr " A ", " A ", " R "\n\t"                   \
  "ssat " A ", #8, " A "\n\t"                     \
  "strb " A ", [r7], #1\n\t"
#define MOTE_DW_RUN(NAME, TAPS)                                              \
  __attribute__((naked, noinline)) void NAME(const AsmRun* /* run */) {      \
    __asm__ volatile(                                                        \
        "push {r4-r11, lr}\n\t"                                              \
        "sub sp, sp, #44\n\t" /* 40 used, 8-byte aligned */                  \
        "ldm r0!, {r1-r7}\n\t" /* rewind .. pixel_advance at sp + 0 .. 24 */ \
        "stm sp, {r1-r7}\n\t"                                                \
        "ldm r0, {r1-r4}\n\t"  /* in_end, filter, table at 28 .. 36; in */   \
        "add r5, sp, #28\n\t"                                                \
        "stm r5, {r1-r3}\n\t"                                                \
        "mov r8, r4\n\t"                                                     \
        "mov r9, r2\n\t"                                                     \
        "mov lr, r3\n\t"                                                     \
        "ldr r10, [sp, #8]\n\t"                                              \
        "ldr r11, [sp, #12]\n\t"                                             \
        "ldr r12, [sp, #16]\n"                                               \
        "1:\n\t" /* group */                                                 \
        "ldm lr!, {r0-r3}\n\t"                                               \
        TAPS                                                                 \
        "ldr r7, [sp, #20]\n\t"                                              \
        "ldm lr!, {r4, r5, r6, r10, r11, r12}\n\t"                           \
        MOTE_DW_OUT("r0", "r4", "r5", "r6")                                  \
        MOTE_DW_OUT("r1", "r10", "r11", "r12")                               \
        "ldm lr!, {r4, r5, r6, r10, r11, r12}\n\t"                           \
        MOTE_DW_OUT("r2", "r4", "r5", "r6")                                  \
        MOTE_DW_OUT("r3", "r10", "r11", "r12")                               \
        "str r7, [sp, #20]\n\t"                                              \
        "ldm sp, {r4, r5, r10, r11, r12}\n\t"                                \
        "sub r8, r8, r4\n\t"                                                 \
        "cmp r9, r5\n\t"                                                     \
        "bne 1b\n\t"                                                         \
        /* next pixel: its input, the first group's filter and table */      \
        "add r4, sp, #24\n\t"                                                \
        "ldm r4, {r4, r6, r9, lr}\n\t"                                       \
        "add r8, r8, r4\n\t"                                                 \
        "cmp r8, r6\n\t"                                                     \
        "bne 1b\n\t"                                                         \
        "add sp, sp, #44\n\t"                                                \
        "pop {r4-r11, pc}\n\t");                                             \
  }
MOTE_DW_RUN(run3x3, MOTE_DW_ROW3("8") MOTE_DW_NEXT_ROW MOTE_DW_ROW3("8") MOTE_DW_NEXT_ROW
                        MOTE_DW_ROW3("8"))
MOTE_DW_RUN(run3x2, MOTE_DW_ROW2("16") MOTE_DW_NEXT_ROW MOTE_DW_ROW2("16") MOTE_DW_NEXT_ROW
                        MOTE_DW_ROW2("16"))
// Two rows: the last tap also skips the third row's 24 bytes.
MOTE_DW_RUN(run2x3, MOTE_DW_ROW3("8") MOTE_DW_NEXT_ROW MOTE_DW_ROW3("32"))
MOTE_DW_RUN(run2x2, MOTE_DW_ROW2("16") MOTE_DW_NEXT_ROW MOTE_DW_ROW2("40"))
#undef MOTE_DW_RUN
#undef MOTE_DW_OUT
#undef MOTE_DW_NEXT_ROW
#undef MOTE_DW_ROW2
#undef MOTE_DW_ROW3
#undef MOTE_DW_TAP

// The routine for w's shape, or NULL. Preconditions (the caller's): a 3x3
// filter, the table, channels % 4 == 0, the full int8 activation range.
void (*asm_run(const Window& w))(const AsmRun*) {
  if (w.rows == 3) return w.cols == 3 ? run3x3 : w.cols == 2 ? run3x2 : nullptr;
  if (w.rows == 2) return w.cols == 3 ? run2x3 : w.cols == 2 ? run2x2 : nullptr;
  return nullptr;
}
#endif

}  // namespace

uint32_t mote_depthwise_conv2d_s8_opt_packed_words(int32_t taps, int32_t channels) {
  return static_cast<uint32_t>(taps * (channels / 4 * 2 + channels % 4));
}

void mote_depthwise_conv2d_s8_opt_pack(const int8_t* filter, int32_t taps, int32_t channels,
                                       int32_t scale, int32_t* packed) {
  const int32_t groups = channels / 4;
  for (int32_t g = 0; g < groups; ++g) {
    for (int32_t t = 0; t < taps; ++t) {
      const int8_t* w = filter + t * channels + 4 * g;
      *packed++ = static_cast<int32_t>(pack_halves(scale * w[0], scale * w[2]));
      *packed++ = static_cast<int32_t>(pack_halves(scale * w[1], scale * w[3]));
    }
  }
  for (int32_t c = 4 * groups; c < channels; ++c) {
    for (int32_t t = 0; t < taps; ++t) *packed++ = scale * filter[t * channels + c];
  }
}

int mote_depthwise_conv2d_s8_opt_table(const int32_t* bias, mote_per_channel_quant quant,
                                       int per_channel, int32_t channels, int32_t taps,
                                       int32_t input_offset, int32_t output_offset,
                                       int32_t* table) {
  // |input + input_offset| * |filter| per tap.
  const int64_t offset = input_offset < 0 ? -int64_t{input_offset} : input_offset;
  const int64_t tap_bound = (128 + offset) * 128;
  const int64_t sums_bound = tap_bound * taps;
  const int32_t full = channels / 4 * 4;
  for (int32_t c = 0; c < channels; ++c) {
    const int32_t i = per_channel != 0 ? c : 0;
    const int32_t multiplier = quant.multiplier[i], shift = quant.shift[i];
    if (multiplier <= 0 || shift > -1 || shift < -31) return 0;
    const int32_t r = -shift;
    const int32_t b = bias != nullptr ? bias[c] : 0;
    const int64_t acc_bound = (b < 0 ? -int64_t{b} : b) + sums_bound;
    const int64_t k = (int64_t{1} << (r - 1)) + int64_t{output_offset} * (int64_t{1} << r);
    // The product term is below |acc|; then the rounding and the sign.
    if (acc_bound >= (int64_t{1} << 30) ||
        acc_bound + (k < 0 ? -k : k) + 2 >= (int64_t{1} << 31)) {
      return 0;
    }
    int32_t* bias_word = table + MOTE_DW_TABLE_WORDS * c;
    int32_t* constants = bias_word + 1;
    if (c < full) {
      bias_word = table + 16 * (c / 4) + c % 4;
      constants = table + 16 * (c / 4) + 4 + 3 * (c % 4);
    }
    *bias_word = 2 * b;  // the sums are doubled
    constants[0] = multiplier;
    constants[1] = static_cast<int32_t>(k);
    constants[2] = r;
  }
  return 1;
}

void mote_depthwise_conv2d_s8_opt(const mote_depthwise_conv2d_s8_params* params,
                                  const int8_t* input, const int32_t* packed_filter,
                                  const int32_t* bias, mote_per_channel_quant quant,
                                  const int32_t* table, int8_t* output) {
  const mote_conv_geometry& g = params->geometry;
  const int32_t channels = g.output_depth;
  const int32_t taps = g.filter_height * g.filter_width;
  Window w{};
  w.input_row_step = g.dilation_height * g.input_width * channels;
  w.input_col_step = g.dilation_width * channels;
  w.filter_width = g.filter_width;
  const mote_conv_quant_params& q = params->quant;
  const OutputStage stage{bias,           quant.multiplier, quant.shift,
                          q.per_channel != 0 ? 1 : 0, q.output_offset, q.activation_min,
                          q.activation_max, table};
  const int32_t input_offset = q.input_offset;
#if defined(__ARM_FEATURE_DSP)
  const bool use_asm = table != nullptr && channels % 4 == 0 && g.filter_height == 3 &&
                       g.filter_width == 3 && q.activation_min == -128 && q.activation_max == 127;
  AsmRun run_args{};
  run_args.col_step = w.input_col_step;
  run_args.row_step = w.input_row_step;
  run_args.offset2 = static_cast<int32_t>(pack_halves(input_offset, input_offset));
  run_args.table = table;
  run_args.pixel_advance = g.stride_width * channels - channels;
#endif
#if defined(MOTE_GEMM_AVX2_PATH)
  const bool vector = mote::gemm::use_avx2();
#else
  constexpr bool vector = false;
#endif
  // The last input column a window's first tap may have with every column in range.
  const int32_t last_origin = g.input_width - 1 - (g.filter_width - 1) * g.dilation_width;
  int8_t* out = output;
  for (int32_t b = 0; b < g.batches; ++b) {
    for (int32_t out_y = 0; out_y < g.output_height; ++out_y) {
      const int32_t in_y_origin = out_y * g.stride_height - g.pad_height;
      const TapRange ty =
          clip_taps(in_y_origin, g.dilation_height, g.filter_height, g.input_height);
      const int32_t in_y = in_y_origin + g.dilation_height * ty.begin;
      for (int32_t out_x = 0; out_x < g.output_width; ++out_x, out += channels) {
        const int32_t in_x_origin = out_x * g.stride_width - g.pad_width;
        const TapRange tx =
            clip_taps(in_x_origin, g.dilation_width, g.filter_width, g.input_width);
        w.rows = ty.end - ty.begin;
        w.cols = tx.end - tx.begin;
        if (w.rows > 0 && w.cols > 0) {
          const int32_t in_x = in_x_origin + g.dilation_width * tx.begin;
          w.input = input + ((b * g.input_height + in_y) * g.input_width + in_x) * channels;
          w.first_tap = ty.begin * g.filter_width + tx.begin;
        } else {
          w.rows = w.cols = 0;  // the window misses the input: bias only
          w.input = input;
          w.first_tap = 0;
        }
        // A run of pixels whose windows have every column: one call walks them all.
        int32_t run = 1;
        if (w.rows > 0 && w.cols == g.filter_width) {
          run = (last_origin - in_x_origin) / g.stride_width + 1;
          if (run > g.output_width - out_x) run = g.output_width - out_x;
        }
#if defined(__ARM_FEATURE_DSP)
        if (use_asm && asm_run(w) != nullptr) {
          run_args.rewind = (w.rows - 1) * w.input_row_step - 4;
          run_args.filter = packed_filter + 2 * w.first_tap;
          run_args.filter_end = run_args.filter + 18 * (channels / 4);
          run_args.out = out;
          run_args.in = w.input;
          run_args.in_end = w.input + run * g.stride_width * channels;
          asm_run(w)(&run_args);
        } else
#endif
            if (table != nullptr && vector) {
          dispatch<true, true>(w, run, g.stride_width * channels, taps, channels, packed_filter,
                               stage, input_offset, out);
        } else if (table != nullptr) {
          dispatch<true>(w, run, g.stride_width * channels, taps, channels, packed_filter, stage,
                         input_offset, out);
        } else {
          dispatch<false>(w, run, g.stride_width * channels, taps, channels, packed_filter,
                          stage, input_offset, out);
        }
        out_x += run - 1;
        out += (run - 1) * channels;
      }
    }
  }
}

void mote_entry_depthwise_conv2d_s8_opt(const void* params, void* const* operands) {
  const mote_per_channel_quant quant = {static_cast<const int32_t*>(operands[3]),
                                        static_cast<const int32_t*>(operands[4])};
  mote_depthwise_conv2d_s8_opt(static_cast<const mote_depthwise_conv2d_s8_params*>(params),
                               static_cast<const int8_t*>(operands[0]),
                               static_cast<const int32_t*>(operands[1]),
                               static_cast<const int32_t*>(operands[2]), quant,
                               static_cast<const int32_t*>(operands[5]),
                               static_cast<int8_t*>(operands[6]));
}
