// HARD_SWISH reference kernels. int8: TFLite's reference HardSwish on 16-bit
// fixed point (every intermediate is an int16, as there). float32:
// x * min(6, max(0, x + 3)) / 6.
#include "mote/kernels/hard_swish.h"

#include "mote/gemmlowp_fixed.h"
#include "mote/kernel_ids.h"

void mote_hard_swish_s8(const mote_hard_swish_s8_params* params, const int8_t* input,
                        int8_t* output) {
  using namespace mote::fx;
  for (uint32_t i = 0; i < params->size; ++i) {
    const int16_t x = static_cast<int16_t>(input[i] - params->input_zero_point);
    // x * 2^7 still fits (|x| <= 255): the input on the "hires" scale.
    const int16_t x_hires = static_cast<int16_t>(x * (1 << 7));
    // The input on the output scale, before the final right shift.
    const int16_t x_on_preshift_output_scale =
        saturating_rounding_doubling_high_mul_i16(x_hires, params->output_multiplier);

    // "reluish" = x / 3 clamped to [-1, 1] in Q15: multiply by the Q15
    // multiplier times 2^reluish_exponent. A left shift is split around the
    // multiply so that only the last 1-bit shift can saturate.
    int16_t reluish = x_hires;
    if (params->reluish_exponent > 0) {
      reluish = saturating_left_shift_i16(reluish, params->reluish_exponent - 1);
    }
    reluish = saturating_rounding_doubling_high_mul_i16(reluish, params->reluish_multiplier);
    if (params->reluish_exponent > 0) reluish = saturating_left_shift_i16(reluish, 1);
    if (params->reluish_exponent < 0) {
      reluish = rounding_divide_by_pot_i16(reluish, -params->reluish_exponent);
    }
    // [-1, 1] -> [0, 1]: (reluish + 1) / 2 in Q15.
    reluish = static_cast<int16_t>((reluish + (1 << 15)) >> 1);

    // Truncating (not rounding) multiply here: it cancels the bias of the
    // rounding multiplies above.
    const int16_t preshift_output =
        saturating_doubling_high_mul_i16(reluish, x_on_preshift_output_scale);
    int16_t y = rounding_divide_by_pot_i16(preshift_output, -params->output_exponent);
    // The zero point is added in 16 bits (wrapping, as TFLite's int16 +=).
    y = static_cast<int16_t>(y + params->output_zero_point);
    output[i] = static_cast<int8_t>(y > 127 ? 127 : (y < -128 ? -128 : y));
  }
}

void mote_hard_swish_f32(const mote_hard_swish_f32_params* params, const float* input,
                         float* output) {
  for (uint32_t i = 0; i < params->size; ++i) {
    const float x = input[i];
    // std::max(0, x + 3) then std::min(6, that), NaN handled as std:: does.
    const float shifted = x + 3.0f;
    const float relu = 0.0f < shifted ? shifted : 0.0f;
    const float relu6 = relu < 6.0f ? relu : 6.0f;
    output[i] = x * relu6 / 6.0f;
  }
}

void mote_entry_hard_swish_s8(const void* params, void* const* operands) {
  mote_hard_swish_s8(static_cast<const mote_hard_swish_s8_params*>(params),
                     static_cast<const int8_t*>(operands[0]), static_cast<int8_t*>(operands[1]));
}

void mote_entry_hard_swish_f32(const void* params, void* const* operands) {
  mote_hard_swish_f32(static_cast<const mote_hard_swish_f32_params*>(params),
                      static_cast<const float*>(operands[0]), static_cast<float*>(operands[1]));
}
