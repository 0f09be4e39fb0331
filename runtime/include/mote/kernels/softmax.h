/* SOFTMAX over the last dimension: the input is read as `outer_size` rows of
 * `depth` values, output[i] = exp(beta * (x[i] - max)) / sum_j exp(beta *
 * (x[j] - max)) within each row. */
#ifndef MOTE_KERNELS_SOFTMAX_H
#define MOTE_KERNELS_SOFTMAX_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

/* int8 in, int8 out with scale 1/256 and zero point -128 (TFLite Micro's
 * reference Softmax<int8_t, int8_t>). The input difference x - max (<= 0) is
 * rescaled to Q5.26 by input_multiplier * 2^input_left_shift (which carries
 * beta * input_scale); differences below diff_min contribute exp() = 0. */
typedef struct mote_softmax_s8_params {
  int32_t outer_size;
  int32_t depth;
  int32_t input_multiplier; /* Q31 */
  int32_t input_left_shift; /* >= 0 */
  int32_t diff_min;         /* <= 0 */
} mote_softmax_s8_params;

/* Entry operands: input, output. */
void mote_softmax_s8(const mote_softmax_s8_params* params, const int8_t* input, int8_t* output);

typedef struct mote_softmax_f32_params {
  int32_t outer_size;
  int32_t depth;
  float beta;
} mote_softmax_f32_params;

/* Entry operands: input, output. */
void mote_softmax_f32(const mote_softmax_f32_params* params, const float* input, float* output);

MOTE_EXTERN_C_END

#endif
