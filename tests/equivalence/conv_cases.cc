// CONV_2D and FULLY_CONNECTED: mote_gemm_s8 and mote_conv2d_s8_gemm
// (runtime/kernels/optimized/) against mote_conv2d_s8 and
// mote_fully_connected_s8 over random shapes, strides, paddings, dilations,
// zero points, per-channel scales, biases and clamp ranges.
#include "equivalence.h"
#include "mote/kernels/conv2d.h"
#include "mote/kernels/fully_connected.h"
#include "mote/kernels/optimized/gemm.h"
#include "random_cases.h"

namespace {

using mote::equiv::QuantCase;
using mote::equiv::Random;

constexpr int32_t kMaxChannels = 64;
constexpr int32_t kMaxInput = 6144;
constexpr int32_t kMaxFilter = 9216;
constexpr int32_t kMaxOutput = 6144;

int8_t g_input[kMaxInput];
int8_t g_filter[kMaxFilter];
int32_t g_bias[kMaxChannels];
int32_t g_folded[kMaxChannels];
alignas(16) int8_t g_packed[(kMaxChannels + 3) * (kMaxFilter / 4 + 4)];
int8_t g_expected[kMaxOutput];
int8_t g_actual[kMaxOutput];
QuantCase g_quant;
int32_t g_requant[MOTE_REQUANT_WORDS * kMaxChannels];
// The int16 scratch of two pixels' windows (5 x round_up(5 * 40, 4) inputs
// at most) or rows (640 inputs).
alignas(8) int16_t g_scratch[2 * 5 * 200];

mote_conv_quant_params quant_params(const QuantCase& q) {
  mote_conv_quant_params p{};
  p.input_offset = q.input_offset;
  p.output_offset = q.output_offset;
  p.activation_min = q.activation_min;
  p.activation_max = q.activation_max;
  p.per_channel = q.per_channel;
  return p;
}

// requant_table, or where it gives none (a shift >= 0 or an offset that does
// not fold), in half the cases the GEMM kernels' unfolded table (requant.h).
const int32_t* gemm_requant_table(Random& rng, QuantCase* q, int32_t channels, int32_t* table) {
  const int32_t* folded = mote::equiv::requant_table(rng, q, channels, table);
  if (folded != nullptr || !rng.chance(50)) return folded;
  for (int32_t c = 0; c < channels; ++c) {
    const int32_t i = q->per_channel ? c : 0;
    mote_requant_make_unfolded(q->multiplier[i], q->shift[i], table + MOTE_REQUANT_WORDS * c);
  }
  return table;
}

// Random conv geometry that fits the buffers; pointwise about a third of the time.
bool random_geometry(Random& rng, mote_conv_geometry* g) {
  *g = mote_conv_geometry{};
  g->batches = rng.range(1, 2);
  g->input_depth = rng.chance(30) ? rng.range(1, 7) : rng.range(1, 40);
  g->output_depth = rng.range(1, kMaxChannels);
  const bool pointwise = rng.chance(35);
  g->filter_height = pointwise ? 1 : rng.range(1, 5);
  g->filter_width = pointwise ? 1 : rng.range(1, 5);
  g->stride_height = pointwise ? 1 : rng.range(1, 3);
  g->stride_width = pointwise ? 1 : rng.range(1, 3);
  g->dilation_height = pointwise || rng.chance(80) ? 1 : rng.range(2, 3);
  g->dilation_width = 1;  // mote_conv2d_s8_gemm's precondition
  g->input_height = rng.range(1, 12);
  g->input_width = rng.range(1, 12);
  const int32_t span_h = g->dilation_height * (g->filter_height - 1) + 1;
  const int32_t span_w = g->dilation_width * (g->filter_width - 1) + 1;
  g->pad_height = pointwise ? 0 : rng.range(0, span_h - 1);
  g->pad_width = pointwise ? 0 : rng.range(0, span_w - 1);
  // Trailing padding as large as the leading one at most (TFLite's SAME).
  const int32_t padded_h = g->input_height + 2 * g->pad_height;
  const int32_t padded_w = g->input_width + 2 * g->pad_width;
  if (padded_h < span_h || padded_w < span_w) return false;
  g->output_height = (padded_h - span_h) / g->stride_height + 1;
  g->output_width = (padded_w - span_w) / g->stride_width + 1;
  const int32_t window = g->filter_height * g->filter_width * g->input_depth;
  return g->batches * g->input_height * g->input_width * g->input_depth <= kMaxInput &&
         g->output_depth * window <= kMaxFilter &&
         g->batches * g->output_height * g->output_width * g->output_depth <= kMaxOutput;
}

int conv_case(Random& rng) {
  mote_conv_geometry g;
  while (!random_geometry(rng, &g)) {
  }
  const int32_t window = g.filter_height * g.filter_width * g.input_depth;
  const int32_t input_size = g.batches * g.input_height * g.input_width * g.input_depth;
  const int32_t output_size = g.batches * g.output_height * g.output_width * g.output_depth;
  rng.fill_s8(g_input, input_size);
  rng.fill_s8(g_filter, g.output_depth * window, rng.chance(20) ? -128 : -127, 127);
  const bool has_bias = mote::equiv::random_bias(rng, g.output_depth, g_bias);
  mote::equiv::random_quant(rng, g.output_depth, &g_quant);
  const int32_t* requant =
      gemm_requant_table(rng, &g_quant, g.output_depth, g_requant);
  const mote_per_channel_quant quant = {g_quant.multiplier, g_quant.shift};

  mote_conv2d_s8_params params{};
  params.geometry = g;
  params.filter_input_depth = g.input_depth;
  params.quant = quant_params(g_quant);
  mote_conv2d_s8(&params, g_input, g_filter, has_bias ? g_bias : nullptr, quant, g_expected);

  mote_conv2d_gemm_pack_weights(g_filter, &g, g_packed);
  mote_gemm_fold_bias(g_filter, has_bias ? g_bias : nullptr, g.output_depth, window,
                      params.quant.input_offset, g_folded);
  int mismatches = 0;
  // Every geometry row by row of the window ...
  mote_conv2d_s8_gemm(&params, g_input, g_packed, g_folded, quant, requant, g_scratch,
                      g_actual);
  mismatches += mote::equiv::bytes_differ(g_expected, g_actual, output_size);
  // ... and a pointwise one also as the GEMM over pixels the compiler picks.
  if (g.filter_height == 1 && g.filter_width == 1 && g.stride_height == 1 &&
      g.stride_width == 1 && g.pad_height == 0 && g.pad_width == 0) {
    mote_fully_connected_s8_params fc{};
    fc.shape.batches = g.batches * g.input_height * g.input_width;
    fc.shape.accum_depth = g.input_depth;
    fc.shape.output_depth = g.output_depth;
    fc.quant = params.quant;
    fc.quant.input_offset = 0;
    mote_gemm_pack_weights(g_filter, g.output_depth, window, g_packed);
    mote_gemm_s8(&fc, g_input, g_packed, g_folded, quant, requant, g_scratch, g_actual);
    mismatches += mote::equiv::bytes_differ(g_expected, g_actual, output_size);
  }
  return mismatches != 0 ? 1 : 0;
}

int fully_connected_case(Random& rng) {
  mote_fully_connected_s8_params params{};
  mote_fully_connected_shape& s = params.shape;
  // One row (the Cortex-M4's row path: over an int16 copy up to 256 inputs,
  // else over the int8 row when a multiple of 4) or several (pairs of rows).
  s.batches = rng.chance(40) ? 1 : rng.range(2, 4);
  s.accum_depth = rng.chance(20) ? rng.range(1, 9) : rng.range(1, rng.chance(50) ? 256 : 640);
  if (rng.chance(30)) s.accum_depth = (s.accum_depth + 3) / 4 * 4;
  s.output_depth = rng.range(1, kMaxChannels);
  while (s.output_depth * s.accum_depth > kMaxFilter) s.output_depth = s.output_depth / 2 + 1;
  while (s.batches * s.accum_depth > kMaxInput) --s.batches;
  rng.fill_s8(g_input, s.batches * s.accum_depth);
  rng.fill_s8(g_filter, s.output_depth * s.accum_depth);
  const bool has_bias = mote::equiv::random_bias(rng, s.output_depth, g_bias);
  mote::equiv::random_quant(rng, s.output_depth, &g_quant);
  const int32_t* requant =
      gemm_requant_table(rng, &g_quant, s.output_depth, g_requant);
  const mote_per_channel_quant quant = {g_quant.multiplier, g_quant.shift};
  params.quant = quant_params(g_quant);
  mote_fully_connected_s8(&params, g_input, g_filter, has_bias ? g_bias : nullptr, quant,
                          g_expected);

  mote_gemm_pack_weights(g_filter, s.output_depth, s.accum_depth, g_packed);
  mote_gemm_fold_bias(g_filter, has_bias ? g_bias : nullptr, s.output_depth, s.accum_depth,
                      params.quant.input_offset, g_folded);
  params.quant.input_offset = 0;
  mote_gemm_s8(&params, g_input, g_packed, g_folded, quant, requant, g_scratch, g_actual);
  return mote::equiv::bytes_differ(g_expected, g_actual, s.batches * s.output_depth);
}

}  // namespace

int mote_equiv_conv(uint32_t seed, int cases) {
  Random rng(seed);
  int mismatches = 0;
  for (int i = 0; i < cases; ++i) mismatches += conv_case(rng);
  return mismatches;
}

int mote_equiv_fully_connected(uint32_t seed, int cases) {
  Random rng(seed);
  int mismatches = 0;
  for (int i = 0; i < cases; ++i) mismatches += fully_connected_case(rng);
  return mismatches;
}
