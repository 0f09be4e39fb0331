/* MUL: output = input1 * input2 with numpy broadcasting (rank <= 6) and a
 * fused activation clamp. */
#ifndef MOTE_KERNELS_MUL_H
#define MOTE_KERNELS_MUL_H

#include "mote/config.h"
#include "mote/kernels/broadcast.h"

MOTE_EXTERN_C_BEGIN

/* int8, TFLite Micro's reference arithmetic:
 *   out = clamp(multiply_by_quantized_multiplier((x1 + input1_offset) * (x2 + input2_offset),
 *               output_multiplier, output_shift) + output_offset,
 *               activation_min, activation_max)
 * with output_multiplier/shift representing input1_scale * input2_scale /
 * output_scale (the shift may be positive). */
typedef struct mote_mul_s8_params {
  mote_broadcast_shape shape;
  int32_t input1_offset; /* minus input 1's zero point */
  int32_t input2_offset; /* minus input 2's zero point */
  int32_t output_offset; /* the output zero point */
  int32_t output_multiplier, output_shift;
  int32_t activation_min, activation_max;
} mote_mul_s8_params;

/* Entry operands: input1, input2, output. */
void mote_mul_s8(const mote_mul_s8_params* params, const int8_t* input1, const int8_t* input2,
                 int8_t* output);

/* float32: out = clamp(x1 * x2, activation_min, activation_max). */
typedef struct mote_mul_f32_params {
  mote_broadcast_shape shape;
  float activation_min, activation_max;
} mote_mul_f32_params;

/* Entry operands: input1, input2, output. */
void mote_mul_f32(const mote_mul_f32_params* params, const float* input1, const float* input2,
                  float* output);

MOTE_EXTERN_C_END

#endif
