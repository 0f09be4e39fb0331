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

// The target-specific parts, inside this anonymous namespace.
#include "depthwise_m4.h"
#include "depthwise_x86.h"

// Channels [4g, 4g + 4) of one pixel into acc (in channel order): `in` is
// the window's first in-range tap at channel 4g, `f` that tap's two words of
// the group's packed filter. Rows/Cols > 0 fix the window at compile time
// (3x3 windows and their clipped sides, filter 3 taps wide): unrolled loops.
// (On the M4 with the output-stage table such windows take the assembly
// runs of depthwise_m4.h instead; these loops serve the rest.)
template <int32_t Rows, int32_t Cols>
inline void accumulate4(const int8_t* in, const int32_t* f, const Window& w,
                        int32_t input_offset, const int32_t* bias, int32_t acc[4]) {
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
