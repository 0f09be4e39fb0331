// LOG reference kernel (float32): natural logarithm, elementwise.
#include "mote/kernels/log.h"

#include "mote/kernel_ids.h"
#include "mote/math.h"

void mote_log_f32(const mote_log_f32_params* params, const float* input, float* output) {
  for (uint32_t i = 0; i < params->size; ++i) output[i] = mote::log_f32(input[i]);
}

void mote_entry_log_f32(const void* params, void* const* operands) {
  mote_log_f32(static_cast<const mote_log_f32_params*>(params),
               static_cast<const float*>(operands[0]), static_cast<float*>(operands[1]));
}
