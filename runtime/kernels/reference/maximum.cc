// MAXIMUM reference kernels (TFLite Micro's MaximumMinimumBroadcastSlow with
// el1 > el2 ? el1 : el2): int8 and float32.
#include "mote/kernels/maximum.h"

#include "mote/kernel_ids.h"

namespace {

template <class T>
void maximum(const mote_broadcast_shape& shape, const T* input1, const T* input2, T* output) {
  mote::for_each_broadcast(shape, [&](int32_t out, int32_t in1, int32_t in2) {
    const T a = input1[in1];
    const T b = input2[in2];
    output[out] = a > b ? a : b;
  });
}

}  // namespace

void mote_maximum_s8(const mote_maximum_params* params, const int8_t* input1,
                     const int8_t* input2, int8_t* output) {
  maximum(params->shape, input1, input2, output);
}

void mote_maximum_f32(const mote_maximum_params* params, const float* input1,
                      const float* input2, float* output) {
  maximum(params->shape, input1, input2, output);
}

void mote_entry_maximum_s8(const void* params, void* const* operands) {
  mote_maximum_s8(static_cast<const mote_maximum_params*>(params),
                  static_cast<const int8_t*>(operands[0]),
                  static_cast<const int8_t*>(operands[1]), static_cast<int8_t*>(operands[2]));
}

void mote_entry_maximum_f32(const void* params, void* const* operands) {
  mote_maximum_f32(static_cast<const mote_maximum_params*>(params),
                   static_cast<const float*>(operands[0]), static_cast<const float*>(operands[1]),
                   static_cast<float*>(operands[2]));
}
