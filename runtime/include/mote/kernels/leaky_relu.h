/* LEAKY_RELU, elementwise: x > 0 ? x : alpha * x. */
#ifndef MOTE_KERNELS_LEAKY_RELU_H
#define MOTE_KERNELS_LEAKY_RELU_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

/* int8 (TFLite Micro's QuantizeLeakyRelu): x - input_zero_point >= 0 is
 * rescaled by the identity multiplier (input_scale / output_scale), negative
 * values by the alpha multiplier (input_scale * alpha / output_scale), then
 * the output zero point is added and the result clamped to int8. */
typedef struct mote_leaky_relu_s8_params {
  uint32_t size;
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t identity_multiplier; /* Q31 */
  int32_t identity_shift;
  int32_t alpha_multiplier;    /* Q31, negative for alpha < 0 */
  int32_t alpha_shift;
} mote_leaky_relu_s8_params;

/* Entry operands: input, output. */
void mote_leaky_relu_s8(const mote_leaky_relu_s8_params* params, const int8_t* input,
                        int8_t* output);

typedef struct mote_leaky_relu_f32_params {
  uint32_t size;
  float alpha;
} mote_leaky_relu_f32_params;

/* Entry operands: input, output. */
void mote_leaky_relu_f32(const mote_leaky_relu_f32_params* params, const float* input,
                         float* output);

MOTE_EXTERN_C_END

#endif
