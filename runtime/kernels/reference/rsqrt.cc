// RSQRT reference kernels. float32: 1.0f / sqrt(x). int8: TFLite Micro's
// RsqrtEvalQuantized, whose 1/sqrt is TFLite's fixed-point
// GetInvSqrtQuantizedMultiplierExp.
#include "mote/kernels/rsqrt.h"

#include "mote/fixed_point.h"
#include "mote/gemmlowp_fixed.h"
#include "mote/kernel_ids.h"
#include "mote/math.h"

namespace {

// 1 / sqrt(v) for v >= 2 as multiplier * 2^shift (multiplier Q31): v is
// brought into [2^27, 2^29) by an even shift, read as Q3.28 (after halving:
// the input is v / 2), and x = 1 / sqrt(input) found by five Newton steps
// x <- 3/2 x - input/2 x^3 from x = 1; then times sqrt(2)/2 for the halving.
// v <= 1 gives (INT32_MAX, 0).
void inv_sqrt_quantized(int32_t v, int32_t* multiplier, int* shift) {
  using mote::fx::Q;
  if (v <= 1) {
    *multiplier = mote::kInt32Max;
    *shift = 0;
    return;
  }
  int right_shift = 11;
  while (v >= (1 << 29)) {
    v /= 4;
    ++right_shift;
  }
  const int max_left_shift_bits = mote::fx::count_leading_zeros(static_cast<uint32_t>(v)) - 1;
  const int left_shift_bit_pairs = max_left_shift_bits / 2 - 1;
  right_shift -= left_shift_bit_pairs;
  v <<= 2 * left_shift_bit_pairs;  // now in [2^27, 2^29)

  const Q<3> input = Q<3>::from_raw(v >> 1);
  const Q<3> half_input = mote::fx::saturating_rounding_multiply_by_pot<-1>(input);
  const Q<3> three_halves = Q<3>::from_raw((1 << 28) + (1 << 27));
  Q<3> x = Q<3>::one();
  for (int i = 0; i < 5; ++i) {
    const Q<3> x3 = mote::fx::rescale<3>(x * x * x);
    x = mote::fx::rescale<3>(three_halves * x - half_input * x3);
  }
  const Q<0> half_sqrt2 = Q<0>::from_raw(1518500250);  // sqrt(2) / 2
  x = x * half_sqrt2;
  *multiplier = x.raw;
  if (right_shift < 0) {
    *multiplier = static_cast<int32_t>(static_cast<uint32_t>(*multiplier) << -right_shift);
    right_shift = 0;
  }
  *shift = -right_shift;  // as a left shift
}

}  // namespace

void mote_rsqrt_f32(const mote_rsqrt_f32_params* params, const float* input, float* output) {
  for (uint32_t i = 0; i < params->size; ++i) output[i] = mote::rsqrt_f32(input[i]);
}

void mote_rsqrt_s8(const mote_rsqrt_s8_params* params, const int8_t* input, int8_t* output) {
  constexpr int kShift = 20;  // keeps 1/sqrt(v) * 2^20 an integer with precision
  for (uint32_t i = 0; i < params->size; ++i) {
    const int32_t v = static_cast<int32_t>(input[i]) - params->input_zero_point;
    if (v <= 0) {  // 0: the largest output; < 0: undefined (see rsqrt.h)
      output[i] = 127;
      continue;
    }
    int32_t inv_sqrt_multiplier = 0;
    int inv_sqrt_shift = 0;
    inv_sqrt_quantized(v, &inv_sqrt_multiplier, &inv_sqrt_shift);
    const int32_t scaled =
        mote::multiply_by_quantized_multiplier(1, inv_sqrt_multiplier, inv_sqrt_shift + kShift);
    const int32_t y = mote::multiply_by_quantized_multiplier(scaled, params->multiplier,
                                                            params->shift - kShift) +
                      params->output_zero_point;
    output[i] = static_cast<int8_t>(mote::clamp_i32(y, -128, 127));
  }
}

void mote_entry_rsqrt_f32(const void* params, void* const* operands) {
  mote_rsqrt_f32(static_cast<const mote_rsqrt_f32_params*>(params),
                 static_cast<const float*>(operands[0]), static_cast<float*>(operands[1]));
}

void mote_entry_rsqrt_s8(const void* params, void* const* operands) {
  mote_rsqrt_s8(static_cast<const mote_rsqrt_s8_params*>(params),
                static_cast<const int8_t*>(operands[0]), static_cast<int8_t*>(operands[1]));
}
