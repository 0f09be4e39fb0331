// RELU / RELU6 reference kernels. int8: TFLite Micro's ReluQuantized
// (requantize, then clamp); float32: a clamp.
#include "mote/kernels/relu.h"

#include "mote/fixed_point.h"
#include "mote/kernel_ids.h"

void mote_relu_s8(const mote_relu_s8_params* params, const int8_t* input, int8_t* output) {
  for (uint32_t i = 0; i < params->size; ++i) {
    const int32_t x = static_cast<int32_t>(input[i]) - params->input_zero_point;
    const int32_t y = params->output_zero_point +
                      mote::multiply_by_quantized_multiplier(x, params->output_multiplier,
                                                             params->output_shift);
    output[i] = static_cast<int8_t>(
        mote::clamp_i32(y, params->activation_min, params->activation_max));
  }
}

void mote_relu_f32(const mote_relu_f32_params* params, const float* input, float* output) {
  for (uint32_t i = 0; i < params->size; ++i) {
    const float x = input[i];
    output[i] = x > params->max ? params->max : (x < params->min ? params->min : x);
  }
}

void mote_entry_relu_s8(const void* params, void* const* operands) {
  mote_relu_s8(static_cast<const mote_relu_s8_params*>(params),
               static_cast<const int8_t*>(operands[0]), static_cast<int8_t*>(operands[1]));
}

void mote_entry_relu_f32(const void* params, void* const* operands) {
  mote_relu_f32(static_cast<const mote_relu_f32_params*>(params),
                static_cast<const float*>(operands[0]), static_cast<float*>(operands[1]));
}
