// TANH reference kernels. int8: TFLite Micro's reference_integer_ops::Tanh
// (gemmlowp fixed-point tanh on Q4.27, output in steps of 2^-7).
// float32: tanh.
#include "mote/kernels/tanh.h"

#include "mote/fixed_point.h"
#include "mote/gemmlowp_fixed.h"
#include "mote/kernel_ids.h"
#include "mote/math.h"

void mote_tanh_s8(const mote_tanh_s8_params* params, const int8_t* input, int8_t* output) {
  constexpr int kInputIntegerBits = 4;
  constexpr int kOutputFractionalBits = 7;  // output step 2^-7, zero point 0
  for (uint32_t i = 0; i < params->size; ++i) {
    const int32_t x = static_cast<int32_t>(input[i]) - params->input_zero_point;
    if (x <= -params->input_range_radius) {
      output[i] = -128;
    } else if (x >= params->input_range_radius) {
      output[i] = 127;
    } else {
      const int32_t x_q4 = mote::multiply_by_quantized_multiplier(x, params->input_multiplier,
                                                                 params->input_left_shift);
      const int32_t y_q0 = mote::fx::tanh(mote::fx::Q<kInputIntegerBits>::from_raw(x_q4)).raw;
      const int32_t y = mote::rounding_divide_by_pot(y_q0, 31 - kOutputFractionalBits);
      output[i] = static_cast<int8_t>(mote::clamp_i32(y, -128, 127));
    }
  }
}

void mote_tanh_f32(const mote_tanh_f32_params* params, const float* input, float* output) {
  for (uint32_t i = 0; i < params->size; ++i) output[i] = mote::tanh_f32(input[i]);
}

void mote_entry_tanh_s8(const void* params, void* const* operands) {
  mote_tanh_s8(static_cast<const mote_tanh_s8_params*>(params),
               static_cast<const int8_t*>(operands[0]), static_cast<int8_t*>(operands[1]));
}

void mote_entry_tanh_f32(const void* params, void* const* operands) {
  mote_tanh_f32(static_cast<const mote_tanh_f32_params*>(params),
                static_cast<const float*>(operands[0]), static_cast<float*>(operands[1]));
}
