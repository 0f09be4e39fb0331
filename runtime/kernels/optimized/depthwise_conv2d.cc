// DEPTHWISE_CONV_2D int8 with depth multiplier 1, byte-identical to the
// reference (runtime/kernels/reference/depthwise_conv2d.cc).
//
// Output pixels are walked in the reference's order (batch, y, x) and each
// pixel's window is clipped to the input once, so the tap loops carry no
// padding tests. Accumulation is modulo 2^32 like the reference's
// wrapping_add, so its order does not matter.
#include "mote/kernels/optimized/depthwise_conv2d.h"

#include "mote/fixed_point.h"
#include "mote/kernel_ids.h"
#include "mote/kernels/optimized/gemm_row.h"

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
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

// Channels [4g, 4g + 4) of one pixel into acc (in channel order).
// `group` is the group's packed filter (two words per tap).
inline void accumulate4(const Window& w, const int32_t* group, int32_t input_offset,
                        int32_t acc[4]) {
  const int32_t* f_row = group + 2 * w.first_tap;
  const int8_t* in_row = w.input;
#if defined(__ARM_FEATURE_DSP)
  const int32_t offset2 = static_cast<int32_t>(pack_halves(input_offset, input_offset));
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  for (int32_t r = 0; r < w.rows; ++r) {
    const int8_t* in = in_row;
    const int32_t* f = f_row;
    for (const int32_t* end = f + 2 * w.cols; f != end; f += 2) {
      const uint32_t x = load_word(in);
      in += w.input_col_step;
      const int32_t x02 = __sxtab16(offset2, static_cast<int32_t>(x));
      const int32_t x13 = sxtab16_ror8(offset2, x);
      a0 = __smlabb(x02, f[0], a0);
      a2 = __smlatt(x02, f[0], a2);
      a1 = __smlabb(x13, f[1], a1);
      a3 = __smlatt(x13, f[1], a3);
    }
    in_row += w.input_row_step;
    f_row += 2 * w.filter_width;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
#else
  uint32_t a[4] = {0, 0, 0, 0};
  for (int32_t r = 0; r < w.rows; ++r) {
    const int8_t* in = in_row;
    const int32_t* f = f_row;
    for (int32_t k = 0; k < w.cols; ++k, in += w.input_col_step, f += 2) {
      // Word 0 holds channels 0 and 2, word 1 channels 1 and 3.
      a[0] += static_cast<uint32_t>(static_cast<int16_t>(f[0]) * (in[0] + input_offset));
      a[2] += static_cast<uint32_t>((f[0] >> 16) * (in[2] + input_offset));
      a[1] += static_cast<uint32_t>(static_cast<int16_t>(f[1]) * (in[1] + input_offset));
      a[3] += static_cast<uint32_t>((f[1] >> 16) * (in[3] + input_offset));
    }
    in_row += w.input_row_step;
    f_row += 2 * w.filter_width;
  }
  for (int32_t i = 0; i < 4; ++i) acc[i] = static_cast<int32_t>(a[i]);
#endif
}

// One channel (of the channels % 4 the groups leave): one word per tap.
inline int32_t accumulate1(const Window& w, const int8_t* input, const int32_t* filter,
                           int32_t input_offset) {
  uint32_t acc = 0;
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

inline int8_t requantize(int32_t acc, const int32_t* bias, int32_t c, int32_t qc,
                         const mote_per_channel_quant& quant, const mote_conv_quant_params& q) {
  if (bias != nullptr) acc = mote::wrapping_add(acc, bias[c]);
  acc = mote::gemm::requantize(acc, quant.multiplier[qc], quant.shift[qc]);
  acc = mote::wrapping_add(acc, q.output_offset);
  return static_cast<int8_t>(mote::clamp_i32(acc, q.activation_min, q.activation_max));
}

void depthwise_pixel(const Window& w, int32_t taps, int32_t channels, const int32_t* packed,
                     const int32_t* bias, const mote_per_channel_quant& quant,
                     const mote_conv_quant_params& q, int8_t* out) {
  const int32_t per_channel = q.per_channel != 0 ? 1 : 0;
  const int32_t groups = channels / 4;
  for (int32_t g = 0; g < groups; ++g) {
    int32_t acc[4];
    accumulate4(Window{w.input + 4 * g, w.first_tap, w.rows, w.cols, w.input_row_step,
                       w.input_col_step, w.filter_width},
                packed + 2 * taps * g, q.input_offset, acc);
    for (int32_t i = 0; i < 4; ++i) {
      const int32_t c = 4 * g + i;
      out[c] = requantize(acc[i], bias, c, c * per_channel, quant, q);
    }
  }
  const int32_t* tail = packed + 2 * taps * groups;
  for (int32_t c = 4 * groups; c < channels; ++c, tail += taps) {
    const int32_t acc = accumulate1(w, w.input + c, tail, q.input_offset);
    out[c] = requantize(acc, bias, c, c * per_channel, quant, q);
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
                                  int8_t* output) {
  const mote_conv_geometry& g = params->geometry;
  const int32_t channels = g.output_depth;
  const int32_t taps = g.filter_height * g.filter_width;
  Window w{};
  w.input_row_step = g.dilation_height * g.input_width * channels;
  w.input_col_step = g.dilation_width * channels;
  w.filter_width = g.filter_width;
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
        depthwise_pixel(w, taps, channels, packed_filter, bias, quant, params->quant, out);
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
                               static_cast<int8_t*>(operands[5]));
}
