// AVERAGE_POOL_2D / MAX_POOL_2D int8: the optimized kernels against the
// references over random shapes, filter sizes (up to the whole input, like
// the global pools of KWS and VWW), strides, SAME/VALID padding and
// activation ranges.
#include "equivalence.h"
#include "mote/kernels/avg_pool2d.h"
#include "mote/kernels/max_pool2d.h"
#include "mote/kernels/optimized/pool2d.h"
#include "random_cases.h"
#include "window_geometry.h"

namespace {

using namespace mote::equiv;

constexpr int32_t kMaxInput = 2 * 26 * 12 * 24;

int8_t input[kMaxInput];
int8_t expected[kMaxInput + kGuardBytes];
int8_t actual[kMaxInput + kGuardBytes];

mote_pool_geometry random_geometry(Random& r) {
  mote_pool_geometry g{};
  g.batches = r.range(1, 2);
  g.input_height = r.range(1, 26);
  g.input_width = r.range(1, 12);
  g.channels = r.range(1, 24);
  const bool global = r.chance(20);
  g.filter_height = global ? g.input_height : r.range(1, 4);
  g.filter_width = global ? g.input_width : r.range(1, 4);
  g.stride_height = r.range(1, 3);
  g.stride_width = r.range(1, 3);
  const bool same =
      r.chance(50) || g.filter_height > g.input_height || g.filter_width > g.input_width;
  g.output_height = window_output_size(g.input_height, g.filter_height, g.stride_height, 1, same);
  g.output_width = window_output_size(g.input_width, g.filter_width, g.stride_width, 1, same);
  if (same) {
    g.pad_height =
        window_leading_pad(g.input_height, g.output_height, g.filter_height, g.stride_height, 1);
    g.pad_width =
        window_leading_pad(g.input_width, g.output_width, g.filter_width, g.stride_width, 1);
  }
  return g;
}

}  // namespace

extern "C" int mote_equiv_pool(uint32_t seed, int cases) {
  Random r(seed);
  int mismatches = 0;
  for (int i = 0; i < cases; ++i) {
    const mote_pool_geometry g = random_geometry(r);
    const int32_t lo = r.chance(50) ? -128 : r.range(-128, 0);
    const int32_t hi = r.chance(50) ? 127 : r.range(lo, 127);
    r.fill_s8(input, g.batches * g.input_height * g.input_width * g.channels);
    const int32_t n = g.batches * g.output_height * g.output_width * g.channels;
    if (r.chance(50)) {
      const mote_avg_pool2d_s8_params p{g, lo, hi};
      poison_outputs(expected, actual, n);
      mote_avg_pool2d_s8(&p, input, expected);
      mote_avg_pool2d_s8_opt(&p, input, actual);
    } else {
      const mote_max_pool2d_s8_params p{g, lo, hi};
      poison_outputs(expected, actual, n);
      mote_max_pool2d_s8(&p, input, expected);
      mote_max_pool2d_s8_opt(&p, input, actual);
    }
    mismatches += bytes_differ(expected, actual, n + kGuardBytes);
  }
  return mismatches;
}
