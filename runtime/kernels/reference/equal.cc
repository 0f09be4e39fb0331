// EQUAL reference kernels: output = (a == b) as bool (0/1), float32 / int32 / int8.
#include "mote/kernel_ids.h"
#include "mote/kernels/comparison.h"

namespace {

struct Compare {
  template <class T>
  bool operator()(T a, T b) const {
    return a == b;
  }
};

}  // namespace

void mote_equal_f32(const mote_comparison_params *params, const float *input1, const float *input2,
                    uint8_t *output) {
  mote::compare_broadcast(params->shape, input1, input2, output, Compare{});
}

void mote_equal_s32(const mote_comparison_params *params, const int32_t *input1,
                    const int32_t *input2, uint8_t *output) {
  mote::compare_broadcast(params->shape, input1, input2, output, Compare{});
}

void mote_equal_s8(const mote_comparison_params *params, const int8_t *input1, const int8_t *input2,
                   uint8_t *output) {
  mote::compare_broadcast(params->shape, input1, input2, output, Compare{});
}

void mote_entry_equal_f32(const void *params, void *const *operands) {
  mote_equal_f32(static_cast<const mote_comparison_params *>(params),
                 static_cast<const float *>(operands[0]), static_cast<const float *>(operands[1]),
                 static_cast<uint8_t *>(operands[2]));
}

void mote_entry_equal_s32(const void *params, void *const *operands) {
  mote_equal_s32(static_cast<const mote_comparison_params *>(params),
                 static_cast<const int32_t *>(operands[0]),
                 static_cast<const int32_t *>(operands[1]), static_cast<uint8_t *>(operands[2]));
}

void mote_entry_equal_s8(const void *params, void *const *operands) {
  mote_equal_s8(static_cast<const mote_comparison_params *>(params),
                static_cast<const int8_t *>(operands[0]), static_cast<const int8_t *>(operands[1]),
                static_cast<uint8_t *>(operands[2]));
}
