/* ADD: output = input1 + input2 with numpy broadcasting (rank <= 6) and a
 * fused activation clamp. */
#ifndef MOTE_KERNELS_ADD_H
#define MOTE_KERNELS_ADD_H

#include "mote/config.h"
#include "mote/kernels/broadcast.h"

MOTE_EXTERN_C_BEGIN

/* int8, TFLite Micro's reference arithmetic. Both inputs are brought to a
 * common scale (2 * the larger input scale) with 20 bits of headroom, added,
 * and rescaled to the output:
 *   a   = (x1 + input1_offset) << left_shift
 *   a1  = multiply_by_quantized_multiplier_smaller_than_one(a, input1_multiplier, input1_shift)
 *   (likewise a2 from x2)
 *   out = clamp(multiply_by_quantized_multiplier_smaller_than_one(a1 + a2,
 *               output_multiplier, output_shift) + output_offset,
 *               activation_min, activation_max)
 * Every shift is <= 0 (a right shift). */
typedef struct mote_add_s8_params {
  mote_broadcast_shape shape;
  int32_t input1_offset; /* minus input 1's zero point */
  int32_t input2_offset; /* minus input 2's zero point */
  int32_t output_offset; /* the output zero point */
  int32_t left_shift;    /* 20 */
  int32_t input1_multiplier, input1_shift;
  int32_t input2_multiplier, input2_shift;
  int32_t output_multiplier, output_shift;
  int32_t activation_min, activation_max;
} mote_add_s8_params;

/* Entry operands: input1, input2, output. */
void mote_add_s8(const mote_add_s8_params* params, const int8_t* input1, const int8_t* input2,
                 int8_t* output);

/* float32: out = clamp(x1 + x2, activation_min, activation_max). */
typedef struct mote_add_f32_params {
  mote_broadcast_shape shape;
  float activation_min, activation_max;
} mote_add_f32_params;

/* Entry operands: input1, input2, output. */
void mote_add_f32(const mote_add_f32_params* params, const float* input1, const float* input2,
                  float* output);

MOTE_EXTERN_C_END

#endif
