// DEPTHWISE_CONV_2D int8: mote_depthwise_conv2d_s8_opt against the reference
// mote_depthwise_conv2d_s8 over random shapes (channel counts around multiples
// of 4, and the small ones VWW has), strides 1-3, SAME/VALID padding,
// dilation, filter sizes 1-5, batches, zero points, per-channel and
// per-tensor scales, bias or none (zeros for the optimized kernel, as
// lowering passes), and activation ranges.
#include "equivalence.h"
#include "mote/kernels/depthwise_conv2d.h"
#include "mote/kernels/optimized/depthwise_conv2d.h"
#include "random_cases.h"
#include "window_geometry.h"

namespace {

using namespace mote::equiv;

constexpr int32_t kMaxChannels = 40;
constexpr int32_t kMaxInput = 2 * 14 * 14 * kMaxChannels;

// Static: a case's buffers are too big for a small target's stack.
int8_t input[kMaxInput];
int8_t filter[5 * 5 * kMaxChannels];
int32_t packed[5 * 5 * kMaxChannels];
int32_t bias[kMaxChannels];
int32_t zeros[kMaxChannels];  // the optimized kernel's bias when the op has none
QuantCase quant;
int32_t requant_storage[MOTE_REQUANT_WORDS * kMaxChannels];
int8_t expected[kMaxInput + kGuardBytes];
int8_t actual[kMaxInput + kGuardBytes];

mote_conv_geometry random_geometry(Random& r) {
  mote_conv_geometry g{};
  g.batches = r.range(1, 2);
  g.input_height = r.range(1, 14);
  g.input_width = r.range(1, 14);
  // Mostly multiples of 4 (the M4's word path), some with a tail, some tiny.
  constexpr int32_t kChannels[] = {1, 2, 3, 4, 5, 7, 8, 12, 16, 17, 24, 32, 33, 40};
  g.input_depth = kChannels[r.range(0, sizeof(kChannels) / sizeof(kChannels[0]) - 1)];
  g.output_depth = g.input_depth;
  g.filter_height = r.chance(60) ? 3 : r.range(1, 5);
  g.filter_width = r.chance(60) ? 3 : r.range(1, 5);
  g.stride_height = r.range(1, 3);
  g.stride_width = r.chance(70) ? g.stride_height : r.range(1, 3);
  g.dilation_height = r.chance(80) ? 1 : r.range(2, 3);
  g.dilation_width = r.chance(80) ? 1 : r.range(2, 3);
  // VALID needs the dilated filter to fit; SAME always has an output.
  const bool same = r.chance(60) ||
                    (g.filter_height - 1) * g.dilation_height + 1 > g.input_height ||
                    (g.filter_width - 1) * g.dilation_width + 1 > g.input_width;
  g.output_height =
      window_output_size(g.input_height, g.filter_height, g.stride_height, g.dilation_height, same);
  g.output_width =
      window_output_size(g.input_width, g.filter_width, g.stride_width, g.dilation_width, same);
  if (same) {
    g.pad_height = window_leading_pad(g.input_height, g.output_height, g.filter_height,
                                      g.stride_height, g.dilation_height);
    g.pad_width = window_leading_pad(g.input_width, g.output_width, g.filter_width,
                                     g.stride_width, g.dilation_width);
  }
  return g;
}

}  // namespace

extern "C" int mote_equiv_depthwise(uint32_t seed, int cases) {
  Random r(seed);
  int mismatches = 0;
  for (int i = 0; i < cases; ++i) {
    mote_depthwise_conv2d_s8_params p{};
    p.geometry = random_geometry(r);
    p.depth_multiplier = 1;
    const mote_conv_geometry& g = p.geometry;
    const int32_t channels = g.output_depth;
    random_quant(r, channels, &quant);
    const int32_t* requant = requant_table(r, &quant, channels, requant_storage);
    p.quant = {quant.input_offset, quant.output_offset, quant.activation_min,
               quant.activation_max, quant.per_channel};
    r.fill_s8(input, g.batches * g.input_height * g.input_width * channels);
    r.fill_s8(filter, g.filter_height * g.filter_width * channels);
    const int32_t* b = random_bias(r, channels, bias) ? bias : nullptr;
    const mote_per_channel_quant q = {quant.multiplier, quant.shift};
    const int32_t n = g.batches * g.output_height * g.output_width * channels;
    poison_outputs(expected, actual, n);
    mote_depthwise_conv2d_s8(&p, input, filter, b, q, expected);
    mote_depthwise_conv2d_s8_opt_pack(filter, g.filter_height * g.filter_width, channels, packed);
    mote_depthwise_conv2d_s8_opt(&p, input, packed, b != nullptr ? b : zeros, q, requant,
                                 actual);
    mismatches += bytes_differ(expected, actual, n + kGuardBytes);
  }
  return mismatches;
}
