// MEAN reference kernels: int8 (TFLite Micro's reference MEAN: the integer
// reference_ops::Mean when input and output share quantization, otherwise
// reference_ops::QuantizedMeanOrSum) and float32 (reference_ops::Mean).
#include "mote/kernels/mean.h"

#include "mote/fixed_point.h"
#include "mote/kernel_ids.h"

void mote_mean_s8(const mote_mean_s8_params* params, const int8_t* input, int8_t* output) {
  const mote_mean_s8_params& p = *params;
  const int32_t count = p.shape.reduce_count;
  mote::for_each_output(p.shape, [&](int32_t out, int32_t base) {
    int32_t sum = 0;  // of the stored values, zero points included
    mote::for_each_reduced(p.shape, base, [&](int32_t in) { sum += input[in]; });
    if (p.mode == MOTE_MEAN_S8_TRUNCATE) {
      output[out] = static_cast<int8_t>(sum / count);
      return;
    }
    const int32_t centered =
        static_cast<int32_t>(sum - static_cast<int64_t>(p.input_zero_point) * count);
    const int32_t result =
        mote::multiply_by_quantized_multiplier(centered, p.multiplier, p.shift) +
        p.output_zero_point;
    output[out] = static_cast<int8_t>(mote::clamp_i32(result, -128, 127));
  });
}

void mote_mean_f32(const mote_mean_f32_params* params, const float* input, float* output) {
  const mote_reduce_shape& shape = params->shape;
  const float count = static_cast<float>(shape.reduce_count);
  mote::for_each_output(shape, [&](int32_t out, int32_t base) {
    float sum = 0.0f;
    mote::for_each_reduced(shape, base, [&](int32_t in) { sum += input[in]; });
    output[out] = sum / count;
  });
}

void mote_entry_mean_s8(const void* params, void* const* operands) {
  mote_mean_s8(static_cast<const mote_mean_s8_params*>(params),
               static_cast<const int8_t*>(operands[0]), static_cast<int8_t*>(operands[1]));
}

void mote_entry_mean_f32(const void* params, void* const* operands) {
  mote_mean_f32(static_cast<const mote_mean_f32_params*>(params),
                static_cast<const float*>(operands[0]), static_cast<float*>(operands[1]));
}
