// LEAKY_RELU reference kernels. int8: TFLite Micro's QuantizeLeakyRelu (one
// multiplier per sign); float32: x > 0 ? x : x * alpha.
#include "mote/kernels/leaky_relu.h"

#include "mote/fixed_point.h"
#include "mote/kernel_ids.h"

void mote_leaky_relu_s8(const mote_leaky_relu_s8_params* params, const int8_t* input,
                        int8_t* output) {
  for (uint32_t i = 0; i < params->size; ++i) {
    const int32_t x = static_cast<int32_t>(input[i]) - params->input_zero_point;
    const int32_t scaled =
        x >= 0 ? mote::multiply_by_quantized_multiplier(x, params->identity_multiplier,
                                                        params->identity_shift)
               : mote::multiply_by_quantized_multiplier(x, params->alpha_multiplier,
                                                        params->alpha_shift);
    output[i] = static_cast<int8_t>(mote::clamp_i32(params->output_zero_point + scaled, -128, 127));
  }
}

void mote_leaky_relu_f32(const mote_leaky_relu_f32_params* params, const float* input,
                         float* output) {
  for (uint32_t i = 0; i < params->size; ++i) {
    const float x = input[i];
    output[i] = x > 0.0f ? x : x * params->alpha;  // alpha may be > 1 or < 0
  }
}

void mote_entry_leaky_relu_s8(const void* params, void* const* operands) {
  mote_leaky_relu_s8(static_cast<const mote_leaky_relu_s8_params*>(params),
                     static_cast<const int8_t*>(operands[0]), static_cast<int8_t*>(operands[1]));
}

void mote_entry_leaky_relu_f32(const void* params, void* const* operands) {
  mote_leaky_relu_f32(static_cast<const mote_leaky_relu_f32_params*>(params),
                      static_cast<const float*>(operands[0]), static_cast<float*>(operands[1]));
}
