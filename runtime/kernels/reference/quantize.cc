// QUANTIZE reference kernels: TFLite Micro's AffineQuantize (float32 ->
// int8) and Requantize (int8 <-> uint8, int8 -> int8).
#include "mote/kernels/quantize.h"

#include "mote/fixed_point.h"
#include "mote/kernel_ids.h"
#include "mote/math.h"

namespace {

// (x - input_zero_point) rescaled, plus output_zero_point, clamped to [lo, hi].
int32_t requantize(const mote_requantize_params* p, int32_t x, int32_t lo, int32_t hi) {
  const int32_t y =
      mote::multiply_by_quantized_multiplier(x - p->input_zero_point, p->multiplier, p->shift) +
      p->output_zero_point;
  return mote::clamp_i32(y, lo, hi);
}

}  // namespace

void mote_quantize_f32_s8(const mote_quantize_f32_s8_params* params, const float* input,
                          int8_t* output) {
  for (uint32_t i = 0; i < params->size; ++i) {
    float q = mote::roundf_away(input[i] / params->scale);
    // Keep the float -> int conversion defined: NaN reads as 0 and anything
    // beyond int8 after any zero point saturates (as Arm's VCVT does).
    if (q != q) q = 0.0f;
    if (q > 65536.0f) q = 65536.0f;
    if (q < -65536.0f) q = -65536.0f;
    const int32_t y = static_cast<int32_t>(q) + params->zero_point;
    output[i] = static_cast<int8_t>(mote::clamp_i32(y, -128, 127));
  }
}

void mote_requantize_s8(const mote_requantize_params* params, const int8_t* input,
                        int8_t* output) {
  for (uint32_t i = 0; i < params->size; ++i) {
    output[i] = static_cast<int8_t>(requantize(params, input[i], -128, 127));
  }
}

void mote_requantize_s8_u8(const mote_requantize_params* params, const int8_t* input,
                           uint8_t* output) {
  for (uint32_t i = 0; i < params->size; ++i) {
    output[i] = static_cast<uint8_t>(requantize(params, input[i], 0, 255));
  }
}

void mote_requantize_u8_s8(const mote_requantize_params* params, const uint8_t* input,
                           int8_t* output) {
  for (uint32_t i = 0; i < params->size; ++i) {
    output[i] = static_cast<int8_t>(requantize(params, input[i], -128, 127));
  }
}

void mote_entry_quantize_f32_s8(const void* params, void* const* operands) {
  mote_quantize_f32_s8(static_cast<const mote_quantize_f32_s8_params*>(params),
                       static_cast<const float*>(operands[0]), static_cast<int8_t*>(operands[1]));
}

void mote_entry_requantize_s8(const void* params, void* const* operands) {
  mote_requantize_s8(static_cast<const mote_requantize_params*>(params),
                     static_cast<const int8_t*>(operands[0]), static_cast<int8_t*>(operands[1]));
}

void mote_entry_requantize_s8_u8(const void* params, void* const* operands) {
  mote_requantize_s8_u8(static_cast<const mote_requantize_params*>(params),
                        static_cast<const int8_t*>(operands[0]),
                        static_cast<uint8_t*>(operands[1]));
}

void mote_entry_requantize_u8_s8(const void* params, void* const* operands) {
  mote_requantize_u8_s8(static_cast<const mote_requantize_params*>(params),
                        static_cast<const uint8_t*>(operands[0]),
                        static_cast<int8_t*>(operands[1]));
}
