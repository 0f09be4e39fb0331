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

constexpr int32_t kMaxChannels = 64;
constexpr int32_t kMaxInput = 2 * 14 * 14 * kMaxChannels;

// Static: a case's buffers are too big for a small target's stack.
int8_t input[kMaxInput];
int8_t filter[5 * 5 * kMaxChannels];
int32_t packed[5 * 5 * kMaxChannels];
int32_t bias[kMaxChannels];
int32_t zeros[kMaxChannels];  // the optimized kernel's bias when the op has none
QuantCase quant;
int32_t requant_storage[MOTE_REQUANT_WORDS * kMaxChannels];
int32_t table_storage[MOTE_DW_TABLE_WORDS * kMaxChannels];
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

// The fast path's shapes (mote_depthwise_conv2d_s8_opt's table, full int8
// range, 3x3 filter, channels a multiple of 4 up to KWS's 64): strides 1
// and 2, SAME/VALID, odd and even sizes, so that runs of 3x3, 3x2 and 2x3
// windows and the corners all occur; sometimes dilation 2.
void make_fast(Random& r, mote_depthwise_conv2d_s8_params* p) {
  mote_conv_geometry& g = p->geometry;
  constexpr int32_t kChannels[] = {4, 8, 12, 16, 32, 64};
  constexpr int32_t kCount = sizeof(kChannels) / sizeof(kChannels[0]);
  g.input_depth = g.output_depth = kChannels[r.range(0, kCount - 1)];
  g.batches = 1;
  g.filter_height = g.filter_width = 3;
  g.stride_height = g.stride_width = r.range(1, 2);
  const int32_t d = r.chance(10) ? 2 : 1;
  g.dilation_height = g.dilation_width = d;
  g.input_height = r.range(1, 9);
  g.input_width = r.range(1, 9);
  const bool same = r.chance(70) || g.input_height < 2 * d + 1 || g.input_width < 2 * d + 1;
  g.output_height = window_output_size(g.input_height, 3, g.stride_height, d, same);
  g.output_width = window_output_size(g.input_width, 3, g.stride_width, d, same);
  g.pad_height =
      same ? window_leading_pad(g.input_height, g.output_height, 3, g.stride_height, d) : 0;
  g.pad_width = same ? window_leading_pad(g.input_width, g.output_width, 3, g.stride_width, d) : 0;
  p->quant.activation_min = -128;
  p->quant.activation_max = 127;
  for (int32_t c = 0; c < 64; ++c) {
    // Right shifts that leave room for the output offset (the table's bound).
    if (quant.shift[c] >= 0) quant.shift[c] = -1 - quant.shift[c];
    if (quant.shift[c] < -20) quant.shift[c] = -20;
  }
}

// One random case (a fast-path one when `fast`): 1 if the outputs differ,
// or if a fast case's table does not apply.
int run_case(Random& r, bool fast) {
  mote_depthwise_conv2d_s8_params p{};
  p.geometry = random_geometry(r);
  p.depth_multiplier = 1;
  const int32_t channels_before = p.geometry.output_depth;
  random_quant(r, fast ? 64 : channels_before, &quant);
  // Half the cases turn every shift right (requant_table), so that the
  // output-stage table applies whenever the bias allows.
  requant_table(r, &quant, channels_before, requant_storage);
  p.quant = {quant.input_offset, quant.output_offset, quant.activation_min, quant.activation_max,
             quant.per_channel};
  if (fast) make_fast(r, &p);
  const mote_conv_geometry& g = p.geometry;
  const int32_t channels = g.output_depth;
  r.fill_s8(input, g.batches * g.input_height * g.input_width * channels);
  r.fill_s8(filter, g.filter_height * g.filter_width * channels);
  const int32_t* b = random_bias(r, channels, bias) ? bias : nullptr;
  if (fast && b != nullptr) {
    for (int32_t c = 0; c < channels; ++c) bias[c] = bias[c] % 1000000;  // the table's bound
  }
  const mote_per_channel_quant q = {quant.multiplier, quant.shift};
  const int32_t n = g.batches * g.output_height * g.output_width * channels;
  poison_outputs(expected, actual, n);
  mote_depthwise_conv2d_s8(&p, input, filter, b, q, expected);
  const int32_t taps = g.filter_height * g.filter_width;
  const int32_t* table =
      mote_depthwise_conv2d_s8_opt_table(b, q, quant.per_channel, channels, taps,
                                         quant.input_offset, quant.output_offset, table_storage)
          ? table_storage
          : nullptr;
  if (fast && table == nullptr) return 1;
  mote_depthwise_conv2d_s8_opt_pack(filter, taps, channels, table != nullptr ? 2 : 1, packed);
  mote_depthwise_conv2d_s8_opt(&p, input, packed, b != nullptr ? b : zeros, q, table, actual);
  return bytes_differ(expected, actual, n + kGuardBytes);
}

}  // namespace

extern "C" int mote_equiv_depthwise(uint32_t seed, int cases) {
  Random r(seed);
  int mismatches = 0;
  for (int i = 0; i < cases; ++i) mismatches += run_case(r, i % 2 == 1);
  return mismatches;
}
