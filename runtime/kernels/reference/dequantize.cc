// DEQUANTIZE reference kernels (TFLite's reference Dequantize):
// scale * (x - zero_point), one rounding to float.
#include "mote/kernels/dequantize.h"

#include "mote/kernel_ids.h"

void mote_dequantize_s8_f32(const mote_dequantize_params* params, const int8_t* input,
                            float* output) {
  for (uint32_t i = 0; i < params->size; ++i) {
    output[i] = params->scale * static_cast<float>(input[i] - params->zero_point);
  }
}

void mote_dequantize_u8_f32(const mote_dequantize_params* params, const uint8_t* input,
                            float* output) {
  for (uint32_t i = 0; i < params->size; ++i) {
    output[i] = params->scale * static_cast<float>(input[i] - params->zero_point);
  }
}

void mote_entry_dequantize_s8_f32(const void* params, void* const* operands) {
  mote_dequantize_s8_f32(static_cast<const mote_dequantize_params*>(params),
                         static_cast<const int8_t*>(operands[0]), static_cast<float*>(operands[1]));
}

void mote_entry_dequantize_u8_f32(const void* params, void* const* operands) {
  mote_dequantize_u8_f32(static_cast<const mote_dequantize_params*>(params),
                         static_cast<const uint8_t*>(operands[0]),
                         static_cast<float*>(operands[1]));
}
