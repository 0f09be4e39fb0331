// MUL reference kernels: int8 (TFLite Micro's reference_integer_ops::Mul /
// BroadcastMul4DSlow arithmetic, extended to rank 6) and float32.
#include "mote/kernels/mul.h"

#include "mote/fixed_point.h"
#include "mote/kernel_ids.h"
#include "mote/math.h"

void mote_mul_s8(const mote_mul_s8_params* params, const int8_t* input1, const int8_t* input2,
                 int8_t* output) {
  const mote_mul_s8_params& p = *params;
  mote::for_each_broadcast(p.shape, [&](int32_t out, int32_t in1, int32_t in2) {
    const int32_t product = (input1[in1] + p.input1_offset) * (input2[in2] + p.input2_offset);
    const int32_t result =
        mote::multiply_by_quantized_multiplier(product, p.output_multiplier, p.output_shift) +
        p.output_offset;
    output[out] = static_cast<int8_t>(mote::clamp_i32(result, p.activation_min, p.activation_max));
  });
}

void mote_mul_f32(const mote_mul_f32_params* params, const float* input1, const float* input2,
                  float* output) {
  const mote_mul_f32_params& p = *params;
  mote::for_each_broadcast(p.shape, [&](int32_t out, int32_t in1, int32_t in2) {
    output[out] = mote::clamp_activation_f32(input1[in1] * input2[in2], p.activation_min,
                                             p.activation_max);
  });
}

void mote_entry_mul_s8(const void* params, void* const* operands) {
  mote_mul_s8(static_cast<const mote_mul_s8_params*>(params),
              static_cast<const int8_t*>(operands[0]), static_cast<const int8_t*>(operands[1]),
              static_cast<int8_t*>(operands[2]));
}

void mote_entry_mul_f32(const void* params, void* const* operands) {
  mote_mul_f32(static_cast<const mote_mul_f32_params*>(params),
               static_cast<const float*>(operands[0]), static_cast<const float*>(operands[1]),
               static_cast<float*>(operands[2]));
}
