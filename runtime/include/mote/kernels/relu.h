/* RELU and RELU6, elementwise: clamp(x, 0, inf) and clamp(x, 0, 6). One
 * kernel per type serves both; the compiler passes the clamp bounds. */
#ifndef MOTE_KERNELS_RELU_H
#define MOTE_KERNELS_RELU_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

/* int8: requantize from the input's to the output's scale, then clamp to
 * [activation_min, activation_max] (TFLite Micro's ReluQuantized). When the
 * two quantizations are equal the multiplier is exactly 1 and this is TFLite
 * Micro's Relu6Quantized clamp as well. */
typedef struct mote_relu_s8_params {
  uint32_t size;
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t output_multiplier; /* Q31 */
  int32_t output_shift;      /* power of two: > 0 left, < 0 right */
  int32_t activation_min;    /* quantized 0 on the output scale (or -128) */
  int32_t activation_max;    /* quantized 6 for RELU6, else 127 */
} mote_relu_s8_params;

/* Entry operands: input, output. */
void mote_relu_s8(const mote_relu_s8_params* params, const int8_t* input, int8_t* output);

/* float32: x > max ? max : x < min ? min : x (NaN passes through). */
typedef struct mote_relu_f32_params {
  uint32_t size;
  float min; /* 0 */
  float max; /* +inf for RELU, 6 for RELU6 */
} mote_relu_f32_params;

/* Entry operands: input, output. */
void mote_relu_f32(const mote_relu_f32_params* params, const float* input, float* output);

MOTE_EXTERN_C_END

#endif
