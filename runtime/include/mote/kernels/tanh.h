/* TANH, elementwise. */
#ifndef MOTE_KERNELS_TANH_H
#define MOTE_KERNELS_TANH_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

/* int8 in, int8 out with scale 1/128 and zero point 0 (TFLite Micro's
 * reference_integer_ops::Tanh). x - input_zero_point is converted to Q4.27
 * by input_multiplier * 2^input_left_shift; inputs at or beyond
 * +-input_range_radius saturate to -128 / 127. */
typedef struct mote_tanh_s8_params {
  uint32_t size;
  int32_t input_zero_point;
  int32_t input_range_radius;
  int32_t input_multiplier; /* Q31 */
  int32_t input_left_shift; /* power of two: > 0 left, < 0 right */
} mote_tanh_s8_params;

/* Entry operands: input, output. */
void mote_tanh_s8(const mote_tanh_s8_params* params, const int8_t* input, int8_t* output);

typedef struct mote_tanh_f32_params {
  uint32_t size;
} mote_tanh_f32_params;

/* Entry operands: input, output. */
void mote_tanh_f32(const mote_tanh_f32_params* params, const float* input, float* output);

MOTE_EXTERN_C_END

#endif
