// IF: runs the chosen branch plan in the step's arena region (see
// mote/control_flow.h). Recursion through mote_invoke handles nested IFs;
// the compiler bounds the nesting depth.
#include "mote/control_flow.h"

#include "mote/kernel_ids.h"

namespace {

void copy_bytes(const void *from, void *to, uint32_t bytes) {
  const uint8_t *src = static_cast<const uint8_t *>(from);
  uint8_t *dst = static_cast<uint8_t *>(to);
  if (src == dst) return;
  for (uint32_t i = 0; i < bytes; ++i) dst[i] = src[i];
}

}  // namespace

void mote_if(const mote_if_params *params, void *const *operands) {
  const bool condition = *static_cast<const uint8_t *>(operands[0]) != 0;
  const mote_if_branch &branch = condition ? params->then_branch : params->else_branch;
  void *const *inputs = operands + 1;
  void *const *outputs = inputs + params->num_inputs;
  uint8_t *region = static_cast<uint8_t *>(outputs[params->num_outputs]);
  for (uint32_t i = 0; i < params->num_inputs; ++i) {
    const uint32_t offset = branch.input_offsets[i];
    if (offset != MOTE_ABSENT_OFFSET)
      copy_bytes(inputs[i], region + offset, params->input_bytes[i]);
  }
  // The compiler checked the branch plan against the region; a failure here
  // would be a compiler bug, and an entry has no way to report it.
  (void)mote_invoke(branch.plan, region, params->region_bytes, nullptr, nullptr);
  for (uint32_t o = 0; o < params->num_outputs; ++o) {
    copy_bytes(region + branch.output_offsets[o], outputs[o], params->output_bytes[o]);
  }
}

void mote_entry_if(const void *params, void *const *operands) {
  mote_if(static_cast<const mote_if_params *>(params), operands);
}
