/* MEAN: the average over the reduced dimensions (see mote_reduce_shape in
 * broadcast.h; keep_dims does not change the data layout). */
#ifndef MOTE_KERNELS_MEAN_H
#define MOTE_KERNELS_MEAN_H

#include "mote/config.h"
#include "mote/kernels/broadcast.h"

MOTE_EXTERN_C_BEGIN

/* How the int8 kernel turns a sum of n stored values into an output, as
 * TFLite Micro's reference MEAN chooses by the tensors' quantization. */
typedef enum mote_mean_s8_mode {
  /* Input and output share scale and zero point: sum / n in C integer
   * division (truncating toward zero), zero points left in. */
  MOTE_MEAN_S8_TRUNCATE = 0,
  /* Otherwise: clamp(multiply_by_quantized_multiplier(sum - input_zero_point * n,
   *                  multiplier, shift) + output_zero_point, -128, 127)
   * where multiplier/shift represent input_scale / output_scale / n (the
   * compiler folds 1/n into the multiplier exactly as TFLite Micro does). */
  MOTE_MEAN_S8_REQUANTIZE = 1
} mote_mean_s8_mode;

typedef struct mote_mean_s8_params {
  mote_reduce_shape shape;
  int32_t mode; /* mote_mean_s8_mode */
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t multiplier, shift; /* MOTE_MEAN_S8_REQUANTIZE only */
} mote_mean_s8_params;

/* Entry operands: input, output. */
void mote_mean_s8(const mote_mean_s8_params* params, const int8_t* input, int8_t* output);

/* float32: the sum in increasing input address order, divided by
 * float(n). */
typedef struct mote_mean_f32_params {
  mote_reduce_shape shape;
} mote_mean_f32_params;

/* Entry operands: input, output. */
void mote_mean_f32(const mote_mean_f32_params* params, const float* input, float* output);

MOTE_EXTERN_C_END

#endif
