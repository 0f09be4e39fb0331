// ADD int8 without broadcasting: mote_add_s8_opt (with its tables) against
// the reference mote_add_s8 over random sizes, zero points, input and output
// scales (multipliers and shifts as lowering derives them, plus extremes)
// and activation ranges.
#include "equivalence.h"
#include "mote/kernels/add.h"
#include "mote/kernels/optimized/add.h"
#include "random_cases.h"
#include "window_geometry.h"

namespace {

using namespace mote::equiv;

constexpr int32_t kMaxSize = 3000;

int8_t input1[kMaxSize];
int8_t input2[kMaxSize];
int32_t tables[MOTE_ADD_S8_OPT_TABLE_WORDS];
int8_t expected[kMaxSize + kGuardBytes];
int8_t actual[kMaxSize + kGuardBytes];

int32_t random_multiplier(Random& r) { return static_cast<int32_t>((1u << 30) + (r.next() >> 2)); }

mote_add_s8_params random_params(Random& r, int32_t size) {
  mote_add_s8_params p{};
  for (int32_t d = 0; d < MOTE_MAX_RANK; ++d) p.shape.dims[d] = 1;
  p.shape.dims[MOTE_MAX_RANK - 1] = size;
  p.shape.input1_strides[MOTE_MAX_RANK - 1] = p.shape.input2_strides[MOTE_MAX_RANK - 1] = 1;
  p.shape.flat_size = size;
  p.shape.same_shapes = 1;
  p.input1_offset = -r.range(-128, 127);
  p.input2_offset = -r.range(-128, 127);
  p.output_offset = r.range(-128, 127);
  p.left_shift = 20;
  // Lowering: input scale / (2 * the larger one) <= 1/2, so shifts <= -1;
  // the output's (2 * input scale) / (2^20 * output scale) is near 2^-20.
  p.input1_multiplier = random_multiplier(r);
  p.input1_shift = r.chance(50) ? -1 : r.range(-8, -1);
  p.input2_multiplier = random_multiplier(r);
  p.input2_shift = r.chance(50) ? -1 : r.range(-8, -1);
  p.output_multiplier = random_multiplier(r);
  p.output_shift = r.chance(90) ? r.range(-22, -17) : r.range(-31, 0);
  p.activation_min = r.chance(50) ? -128 : r.range(-128, 0);
  p.activation_max = r.chance(50) ? 127 : r.range(p.activation_min, 127);
  return p;
}

}  // namespace

extern "C" int mote_equiv_add(uint32_t seed, int cases) {
  Random r(seed);
  int mismatches = 0;
  for (int i = 0; i < cases; ++i) {
    const int32_t size = r.chance(20) ? r.range(1, 7) : r.range(1, kMaxSize);
    const mote_add_s8_params p = random_params(r, size);
    r.fill_s8(input1, size);
    r.fill_s8(input2, size);
    mote_add_s8_opt_tables(&p, tables);
    poison_outputs(expected, actual, size);
    mote_add_s8(&p, input1, input2, expected);
    mote_add_s8_opt(&p, input1, input2, tables, actual);
    mismatches += bytes_differ(expected, actual, size + kGuardBytes);
  }
  return mismatches;
}
