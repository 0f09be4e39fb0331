// SOFTMAX reference kernels. int8: TFLite Micro's reference Softmax<int8_t,
// int8_t> (gemmlowp fixed point: exp of Q5.26 differences, a Q12.19 sum,
// its reciprocal, outputs in 256 steps). float32: exp / sum.
#include "mote/kernels/softmax.h"

#include "mote/fixed_point.h"
#include "mote/gemmlowp_fixed.h"
#include "mote/kernel_ids.h"
#include "mote/math.h"

namespace {

constexpr int kScaledDiffIntegerBits = 5;    // exp() input: Q5.26
constexpr int kAccumulationIntegerBits = 12; // sum of exps: Q12.19

// exp(beta * input_scale * diff) in Q0.31 for a difference diff >= diff_min.
mote::fx::Q<0> exp_of_diff(const mote_softmax_s8_params* p, int32_t diff) {
  const int32_t rescaled = mote::multiply_by_quantized_multiplier_greater_than_one(
      diff, p->input_multiplier, p->input_left_shift);
  return mote::fx::exp_on_negative_values(
      mote::fx::Q<kScaledDiffIntegerBits>::from_raw(rescaled));
}

}  // namespace

void mote_softmax_s8(const mote_softmax_s8_params* params, const int8_t* input, int8_t* output) {
  using mote::fx::Q;
  const int32_t depth = params->depth;
  for (int32_t i = 0; i < params->outer_size; ++i) {
    const int8_t* in = input + i * depth;
    int8_t* out = output + i * depth;

    int32_t max_in_row = -128;
    for (int32_t c = 0; c < depth; ++c) {
      if (in[c] > max_in_row) max_in_row = in[c];
    }

    Q<kAccumulationIntegerBits> sum_of_exps = Q<kAccumulationIntegerBits>::zero();
    for (int32_t c = 0; c < depth; ++c) {
      const int32_t diff = static_cast<int32_t>(in[c]) - max_in_row;
      if (diff >= params->diff_min) {
        sum_of_exps = sum_of_exps + mote::fx::rescale<kAccumulationIntegerBits>(exp_of_diff(params, diff));
      }
    }

    // 1 / sum = scale * 2^-num_bits_over_unit; output = exp * 256 / sum.
    int num_bits_over_unit = 0;
    const Q<0> scale =
        mote::fx::reciprocal(sum_of_exps.raw, kAccumulationIntegerBits, &num_bits_over_unit);
    const int exponent = num_bits_over_unit + 31 - 8;

    for (int32_t c = 0; c < depth; ++c) {
      const int32_t diff = static_cast<int32_t>(in[c]) - max_in_row;
      if (diff >= params->diff_min) {
        const Q<0> exp_in_0 = exp_of_diff(params, diff);
        const int32_t unsat = mote::rounding_divide_by_pot((scale * exp_in_0).raw, exponent);
        out[c] = static_cast<int8_t>(mote::clamp_i32(unsat - 128, -128, 127));
      } else {
        out[c] = -128;
      }
    }
  }
}

void mote_softmax_f32(const mote_softmax_f32_params* params, const float* input, float* output) {
  const int32_t depth = params->depth;
  for (int32_t i = 0; i < params->outer_size; ++i) {
    const float* in = input + i * depth;
    float* out = output + i * depth;
    float max = -3.40282347e+38f;  // lowest float
    for (int32_t c = 0; c < depth; ++c) {
      if (in[c] > max) max = in[c];
    }
    float sum = 0.0f;
    for (int32_t c = 0; c < depth; ++c) {
      out[c] = mote::exp_f32((in[c] - max) * params->beta);
      sum += out[c];
    }
    for (int32_t c = 0; c < depth; ++c) out[c] = out[c] / sum;
  }
}

void mote_entry_softmax_s8(const void* params, void* const* operands) {
  mote_softmax_s8(static_cast<const mote_softmax_s8_params*>(params),
                  static_cast<const int8_t*>(operands[0]), static_cast<int8_t*>(operands[1]));
}

void mote_entry_softmax_f32(const void* params, void* const* operands) {
  mote_softmax_f32(static_cast<const mote_softmax_f32_params*>(params),
                   static_cast<const float*>(operands[0]), static_cast<float*>(operands[1]));
}
