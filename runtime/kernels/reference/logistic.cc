// LOGISTIC reference kernels. int8: TFLite Micro's
// reference_integer_ops::Logistic (gemmlowp fixed-point logistic on Q4.27).
// float32: TFLite's reference Logistic with its cut-offs.
#include "mote/kernels/logistic.h"

#include "mote/fixed_point.h"
#include "mote/gemmlowp_fixed.h"
#include "mote/kernel_ids.h"
#include "mote/math.h"

void mote_logistic_s8(const mote_logistic_s8_params* params, const int8_t* input,
                      int8_t* output) {
  constexpr int kInputIntegerBits = 4;
  constexpr int kOutputIntegerBits = 8;  // output step 2^-8
  for (uint32_t i = 0; i < params->size; ++i) {
    const int32_t x = static_cast<int32_t>(input[i]) - params->input_zero_point;
    if (x <= -params->input_range_radius) {
      output[i] = -128;
    } else if (x >= params->input_range_radius) {
      output[i] = 127;
    } else {
      const int32_t x_q4 = mote::multiply_by_quantized_multiplier(x, params->input_multiplier,
                                                                 params->input_left_shift);
      const int32_t y_q0 =
          mote::fx::logistic(mote::fx::Q<kInputIntegerBits>::from_raw(x_q4)).raw;
      const int32_t y = mote::rounding_divide_by_pot(y_q0, 31 - kOutputIntegerBits);
      output[i] = static_cast<int8_t>(mote::clamp_i32(y - 128, -128, 127));
    }
  }
}

void mote_logistic_f32(const mote_logistic_f32_params* params, const float* input,
                       float* output) {
  // Above 16.619... the result rounds to 1; below -9, 1 + exp(-x) is exp(-x)
  // to float precision, so the result is exp(x).
  const float cutoff_upper = 16.619047164916992188f;
  const float cutoff_lower = -9.0f;
  for (uint32_t i = 0; i < params->size; ++i) {
    const float x = input[i];
    float y;
    if (x > cutoff_upper) {
      y = 1.0f;
    } else if (x < cutoff_lower) {
      y = mote::exp_f32(x);
    } else {
      y = 1.0f / (1.0f + mote::exp_f32(-x));
    }
    output[i] = y;
  }
}

void mote_entry_logistic_s8(const void* params, void* const* operands) {
  mote_logistic_s8(static_cast<const mote_logistic_s8_params*>(params),
                   static_cast<const int8_t*>(operands[0]), static_cast<int8_t*>(operands[1]));
}

void mote_entry_logistic_f32(const void* params, void* const* operands) {
  mote_logistic_f32(static_cast<const mote_logistic_f32_params*>(params),
                    static_cast<const float*>(operands[0]), static_cast<float*>(operands[1]));
}
