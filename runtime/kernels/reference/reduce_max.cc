// REDUCE_MAX reference kernels (TFLite Micro's reference_ops::ReduceGeneric
// with the lowest value as the start and (in > current) ? in : current):
// int8 and float32.
#include "mote/kernels/reduce_max.h"

#include <float.h>

#include "mote/kernel_ids.h"

namespace {

template <class T>
void reduce_max(const mote_reduce_shape& shape, T lowest, const T* input, T* output) {
  mote::for_each_output(shape, [&](int32_t out, int32_t base) {
    T largest = lowest;
    mote::for_each_reduced(shape, base, [&](int32_t in) {
      largest = input[in] > largest ? input[in] : largest;
    });
    output[out] = largest;
  });
}

}  // namespace

void mote_reduce_max_s8(const mote_reduce_max_params* params, const int8_t* input,
                        int8_t* output) {
  reduce_max<int8_t>(params->shape, -128, input, output);
}

void mote_reduce_max_f32(const mote_reduce_max_params* params, const float* input,
                         float* output) {
  reduce_max<float>(params->shape, -FLT_MAX, input, output);
}

void mote_entry_reduce_max_s8(const void* params, void* const* operands) {
  mote_reduce_max_s8(static_cast<const mote_reduce_max_params*>(params),
                     static_cast<const int8_t*>(operands[0]), static_cast<int8_t*>(operands[1]));
}

void mote_entry_reduce_max_f32(const void* params, void* const* operands) {
  mote_reduce_max_f32(static_cast<const mote_reduce_max_params*>(params),
                      static_cast<const float*>(operands[0]), static_cast<float*>(operands[1]));
}
