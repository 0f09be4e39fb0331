// SUB reference kernels: int8 (TFLite Micro's reference_ops::Sub /
// BroadcastQuantSubSlow arithmetic, the same rescaling as ADD) and float32.
#include "mote/kernels/sub.h"

#include "mote/fixed_point.h"
#include "mote/kernel_ids.h"
#include "mote/math.h"

void mote_sub_s8(const mote_sub_s8_params* params, const int8_t* input1, const int8_t* input2,
                 int8_t* output) {
  const mote_sub_s8_params& p = *params;
  mote::for_each_broadcast(p.shape, [&](int32_t out, int32_t in1, int32_t in2) {
    // Both inputs on a common scale, 20 bits up so the rescale keeps precision.
    const int32_t shifted1 = (input1[in1] + p.input1_offset) * (1 << p.left_shift);
    const int32_t shifted2 = (input2[in2] + p.input2_offset) * (1 << p.left_shift);
    const int32_t scaled1 = mote::multiply_by_quantized_multiplier_smaller_than_one(
        shifted1, p.input1_multiplier, p.input1_shift);
    const int32_t scaled2 = mote::multiply_by_quantized_multiplier_smaller_than_one(
        shifted2, p.input2_multiplier, p.input2_shift);
    const int32_t difference = scaled1 - scaled2;
    const int32_t result = mote::multiply_by_quantized_multiplier_smaller_than_one(
                               difference, p.output_multiplier, p.output_shift) +
                           p.output_offset;
    output[out] = static_cast<int8_t>(mote::clamp_i32(result, p.activation_min, p.activation_max));
  });
}

void mote_sub_f32(const mote_sub_f32_params* params, const float* input1, const float* input2,
                  float* output) {
  const mote_sub_f32_params& p = *params;
  mote::for_each_broadcast(p.shape, [&](int32_t out, int32_t in1, int32_t in2) {
    output[out] = mote::clamp_activation_f32(input1[in1] - input2[in2], p.activation_min,
                                             p.activation_max);
  });
}

void mote_entry_sub_s8(const void* params, void* const* operands) {
  mote_sub_s8(static_cast<const mote_sub_s8_params*>(params),
              static_cast<const int8_t*>(operands[0]), static_cast<const int8_t*>(operands[1]),
              static_cast<int8_t*>(operands[2]));
}

void mote_entry_sub_f32(const void* params, void* const* operands) {
  mote_sub_f32(static_cast<const mote_sub_f32_params*>(params),
               static_cast<const float*>(operands[0]), static_cast<const float*>(operands[1]),
               static_cast<float*>(operands[2]));
}
