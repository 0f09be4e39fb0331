// CONCATENATION reference kernel: for each outer index, one chunk of every
// input in turn (TFLite's reference Concatenation). Bytes only, so every
// element type shares it. TFLite Micro copies int8 data unchanged too; the
// compiler only accepts int8 inputs quantized exactly like the output.
#include "mote/kernels/concatenation.h"

#include "mote/kernel_ids.h"

void mote_concatenation(const mote_concatenation_params* params, const void* const* inputs,
                        void* output) {
  uint8_t* dst = static_cast<uint8_t*>(output);
  for (uint32_t k = 0; k < params->outer_size; ++k) {
    for (uint32_t i = 0; i < params->num_inputs; ++i) {
      const uint32_t chunk = params->input_bytes[i];
      const uint8_t* src = static_cast<const uint8_t*>(inputs[i]) + k * chunk;
      for (uint32_t b = 0; b < chunk; ++b) dst[b] = src[b];
      dst += chunk;
    }
  }
}

void mote_entry_concatenation(const void* params, void* const* operands) {
  const mote_concatenation_params* p = static_cast<const mote_concatenation_params*>(params);
  mote_concatenation(p, operands, operands[p->num_inputs]);
}
