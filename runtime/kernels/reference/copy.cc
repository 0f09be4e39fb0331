#include "mote/kernels/copy.h"

#include "mote/kernel_ids.h"

void mote_copy(const mote_copy_params* params, const void* input, void* output) {
  const uint8_t* src = static_cast<const uint8_t*>(input);
  uint8_t* dst = static_cast<uint8_t*>(output);
  if (src == dst) return;
  for (uint32_t i = 0; i < params->bytes; ++i) dst[i] = src[i];
}

void mote_entry_copy(const void* params, void* const* operands) {
  mote_copy(static_cast<const mote_copy_params*>(params), operands[0], operands[1]);
}
