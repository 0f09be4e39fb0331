/* HARD_SWISH, elementwise: x * relu6(x + 3) / 6. */
#ifndef MOTE_KERNELS_HARD_SWISH_H
#define MOTE_KERNELS_HARD_SWISH_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

/* int8 (TFLite's reference HardSwish, 16-bit fixed point): the input, shifted
 * left by 7 ("hires" scale input_scale / 128), is taken once to the output
 * scale (output multiplier) and once to a "reluish" value in [-1, 1] where
 * 3.0 maps to 32768 (reluish multiplier); (reluish + 1) / 2 times the first
 * gives the output before a final right shift. Multipliers are Q15. */
typedef struct mote_hard_swish_s8_params {
  uint32_t size;
  int32_t input_zero_point;
  int32_t output_zero_point;
  int16_t output_multiplier;   /* Q15 */
  int16_t reluish_multiplier;  /* Q15 */
  int32_t output_exponent;     /* <= 0 */
  int32_t reluish_exponent;    /* power of two: > 0 left, < 0 right */
} mote_hard_swish_s8_params;

/* Entry operands: input, output. */
void mote_hard_swish_s8(const mote_hard_swish_s8_params* params, const int8_t* input,
                        int8_t* output);

typedef struct mote_hard_swish_f32_params {
  uint32_t size;
} mote_hard_swish_f32_params;

/* Entry operands: input, output. */
void mote_hard_swish_f32(const mote_hard_swish_f32_params* params, const float* input,
                         float* output);

MOTE_EXTERN_C_END

#endif
