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
  const int32_t rows = Rows > 0 ? Rows : w.rows;
  const int32_t cols = Cols > 0 ? Cols : w.cols;
  const int32_t f_row_step = 2 * w.filter_width;
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
  // Per tap: the four input bytes widened to int16 plus the offset, in the
  // filter words' order (channels 0, 2, 1, 3), times the filter halves with
  // PMULLW (exact: |(x + offset) * w| <= 255 * 128 < 2^15), then widened to
  // int32 and added.
  const __m128i offset = _mm_set1_epi16(static_cast<int16_t>(input_offset));
  __m128i sums = _mm_set_epi32(bias[3], bias[1], bias[2], bias[0]);  // channels 0, 2, 1, 3
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
      const __m128i products = _mm_mullo_epi16(x, filter);
      sums = _mm_add_epi32(sums, _mm_srai_epi32(_mm_unpacklo_epi16(products, products), 16));
    }
    in += w.input_row_step;
    f += f_row_step;
  }
  int32_t lanes[4];  // channels 0, 2, 1, 3
  _mm_storeu_si128(reinterpret_cast<__m128i*>(lanes), sums);
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

// Everything the output stage reads, copied out of the parameter structs
// once: int8 stores may alias any memory, locals they cannot.
struct OutputStage {
  const int32_t* bias;
  const int32_t* multiplier;
  const int32_t* shift;
  int32_t quant_step;  // 1 per channel, 0 per tensor
  int32_t offset, lo, hi;
  const int32_t* requant;  // per channel, or NULL (a shift >= 0)

  // kFullRange: the activation range is all of int8 (lo -128, hi 127), one
  // SSAT on the M4. kPre: with `requant` (not NULL).
  template <bool kFullRange, bool kPre = false>
  int32_t apply(int32_t acc, int32_t c) const {
    acc = kPre ? mote::gemm::requantize_pre(acc, requant + MOTE_REQUANT_WORDS * c)
               : mote::gemm::requantize(acc, multiplier[c * quant_step], shift[c * quant_step]);
    acc = mote::wrapping_add(acc, offset);
    if (!kFullRange) return mote::clamp_i32(acc, lo, hi);
#if defined(__ARM_FEATURE_SAT)
    return __ssat(acc, 8);
#else
    return mote::clamp_i32(acc, -128, 127);
#endif
  }
};

template <int32_t Rows, int32_t Cols, bool kFullRange, bool kPre>
inline void depthwise_pixel(const Window& w, int32_t taps, int32_t channels,
                            const int32_t* packed, const OutputStage& stage,
                            int32_t input_offset, int8_t* out) {
  const int32_t groups = channels / 4;
  const int8_t* in = w.input;
  const int32_t* f = packed + 2 * w.first_tap;
  for (int32_t c = 0; c < 4 * groups; c += 4, in += 4, f += 2 * taps) {
    int32_t acc[4];
    accumulate4<Rows, Cols>(in, f, w, input_offset, stage.bias + c, acc);
    const int32_t o0 = stage.template apply<kFullRange, kPre>(acc[0], c);
    const int32_t o1 = stage.template apply<kFullRange, kPre>(acc[1], c + 1);
    const int32_t o2 = stage.template apply<kFullRange, kPre>(acc[2], c + 2);
    const int32_t o3 = stage.template apply<kFullRange, kPre>(acc[3], c + 3);
    out[c] = static_cast<int8_t>(o0);
    out[c + 1] = static_cast<int8_t>(o1);
    out[c + 2] = static_cast<int8_t>(o2);
    out[c + 3] = static_cast<int8_t>(o3);
  }
  const int32_t* tail = packed + 2 * taps * groups;
  for (int32_t c = 4 * groups; c < channels; ++c, tail += taps) {
    out[c] = static_cast<int8_t>(
        stage.template apply<kFullRange, kPre>(
            accumulate1(w, w.input + c, tail, input_offset, stage.bias[c]), c));
  }
}

// `pixels` output pixels in a row whose windows have the same shape, the
// next one `pixel_step` input elements on. Not inlined into the pixel loop,
// and with local copies of what it reads: the output stores cannot alias them.
template <int32_t Rows, int32_t Cols, bool kFullRange = false, bool kPre = false>
__attribute__((noinline)) void depthwise_pixels(const Window& window, int32_t pixels,
                                                int32_t pixel_step, int32_t taps,
                                                int32_t channels, const int32_t* packed,
                                                const OutputStage& output_stage,
                                                int32_t input_offset, int8_t* out) {
  Window w = window;
  const OutputStage stage = output_stage;
  for (int32_t p = 0; p < pixels; ++p, w.input += pixel_step, out += channels) {
    depthwise_pixel<Rows, Cols, kFullRange, kPre>(w, taps, channels, packed, stage, input_offset,
                                                  out);
  }
}

// 3x3 windows and their clipped sides (2 rows or columns) unrolled; corners
// and other sizes take the loops. Only the full-range 3x3 and 3x2 shapes
// (most outputs) have a precomputed-requantization instance: code size.
inline void dispatch(const Window& w, int32_t pixels, int32_t pixel_step, int32_t taps,
                     int32_t channels, const int32_t* packed, const OutputStage& stage,
                     int32_t input_offset, int8_t* out) {
  // The unrolled shapes' precondition: a filter 3 taps wide.
  const bool f3 = w.filter_width == 3;
  const bool r3 = f3 && w.rows == 3, r2 = f3 && w.rows == 2;
  const bool c3 = w.cols == 3, c2 = w.cols == 2;
  const bool full_range = stage.lo == -128 && stage.hi == 127;
  const bool pre = stage.requant != nullptr;
  if (r3 && c3 && full_range && pre) {
    depthwise_pixels<3, 3, true, true>(w, pixels, pixel_step, taps, channels, packed, stage,
                                       input_offset, out);
  } else if (r3 && c2 && full_range && pre) {
    depthwise_pixels<3, 2, true, true>(w, pixels, pixel_step, taps, channels, packed, stage,
                                       input_offset, out);
  } else if (r3 && c3 && full_range) {
    depthwise_pixels<3, 3, true>(w, pixels, pixel_step, taps, channels, packed, stage,
                                 input_offset, out);
  } else if (r3 && c3) {
    depthwise_pixels<3, 3>(w, pixels, pixel_step, taps, channels, packed, stage, input_offset,
                           out);
  } else if (r3 && c2 && full_range) {
    depthwise_pixels<3, 2, true>(w, pixels, pixel_step, taps, channels, packed, stage,
                                 input_offset, out);
  } else if (r3 && c2) {
    depthwise_pixels<3, 2>(w, pixels, pixel_step, taps, channels, packed, stage, input_offset,
                           out);
  } else if (r2 && c3) {
    depthwise_pixels<2, 3>(w, pixels, pixel_step, taps, channels, packed, stage, input_offset,
                           out);
  } else {
    depthwise_pixels<0, 0>(w, pixels, pixel_step, taps, channels, packed, stage, input_offset,
                           out);
  }
}

}  // namespace

uint32_t mote_depthwise_conv2d_s8_opt_packed_words(int32_t taps, int32_t channels) {
  return static_cast<uint32_t>(taps * (channels / 4 * 2 + channels % 4));
}

void mote_depthwise_conv2d_s8_opt_pack(const int8_t* filter, int32_t taps, int32_t channels,
                                       int32_t* packed) {
  const int32_t groups = channels / 4;
  for (int32_t g = 0; g < groups; ++g) {
    for (int32_t t = 0; t < taps; ++t) {
      const int8_t* w = filter + t * channels + 4 * g;
      *packed++ = static_cast<int32_t>(pack_halves(w[0], w[2]));
      *packed++ = static_cast<int32_t>(pack_halves(w[1], w[3]));
    }
  }
  for (int32_t c = 4 * groups; c < channels; ++c) {
    for (int32_t t = 0; t < taps; ++t) *packed++ = filter[t * channels + c];
  }
}

void mote_depthwise_conv2d_s8_opt(const mote_depthwise_conv2d_s8_params* params,
                                  const int8_t* input, const int32_t* packed_filter,
                                  const int32_t* bias, mote_per_channel_quant quant,
                                  const int32_t* requant, int8_t* output) {
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
                          q.activation_max, requant};
  const int32_t input_offset = q.input_offset;
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
        // A run of interior pixels of a 3x3 filter: one call walks them all.
        int32_t run = 1;
        if (w.rows == 3 && w.cols == 3 && g.filter_width == 3) {
          const int32_t last_origin = g.input_width - 1 - 2 * g.dilation_width;
          run = (last_origin - in_x_origin) / g.stride_width + 1;
          if (run > g.output_width - out_x) run = g.output_width - out_x;
        }
        dispatch(w, run, g.stride_width * channels, taps, channels, packed_filter, stage,
                 input_offset, out);
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
