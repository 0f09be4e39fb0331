// MINIMUM reference kernels (TFLite Micro's MaximumMinimumBroadcastSlow with
// el1 < el2 ? el1 : el2): int8 and float32.
#include "mote/kernels/minimum.h"

#include "mote/kernel_ids.h"

namespace {

template <class T>
void minimum(const mote_broadcast_shape& shape, const T* input1, const T* input2, T* output) {
  mote::for_each_broadcast(shape, [&](int32_t out, int32_t in1, int32_t in2) {
    const T a = input1[in1];
    const T b = input2[in2];
    output[out] = a < b ? a : b;
  });
}

}  // namespace

void mote_minimum_s8(const mote_minimum_params* params, const int8_t* input1,
                     const int8_t* input2, int8_t* output) {
  minimum(params->shape, input1, input2, output);
}

void mote_minimum_f32(const mote_minimum_params* params, const float* input1,
                      const float* input2, float* output) {
  minimum(params->shape, input1, input2, output);
}

void mote_entry_minimum_s8(const void* params, void* const* operands) {
  mote_minimum_s8(static_cast<const mote_minimum_params*>(params),
                  static_cast<const int8_t*>(operands[0]),
                  static_cast<const int8_t*>(operands[1]), static_cast<int8_t*>(operands[2]));
}

void mote_entry_minimum_f32(const void* params, void* const* operands) {
  mote_minimum_f32(static_cast<const mote_minimum_params*>(params),
                   static_cast<const float*>(operands[0]), static_cast<const float*>(operands[1]),
                   static_cast<float*>(operands[2]));
}
