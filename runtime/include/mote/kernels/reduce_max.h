/* REDUCE_MAX: the largest element over the reduced dimensions (see
 * mote_reduce_shape in broadcast.h; keep_dims does not change the data
 * layout). int8 values are compared as stored: the compiler requires input
 * and output to share scale and zero point. */
#ifndef MOTE_KERNELS_REDUCE_MAX_H
#define MOTE_KERNELS_REDUCE_MAX_H

#include "mote/config.h"
#include "mote/kernels/broadcast.h"

MOTE_EXTERN_C_BEGIN

/* Serves both element types. */
typedef struct mote_reduce_max_params {
  mote_reduce_shape shape;
} mote_reduce_max_params;

/* Entry operands: input, output. Starts from -128. */
void mote_reduce_max_s8(const mote_reduce_max_params* params, const int8_t* input,
                        int8_t* output);

/* Starts from -FLT_MAX; takes x when x > current (NaNs are skipped). */
void mote_reduce_max_f32(const mote_reduce_max_params* params, const float* input,
                         float* output);

MOTE_EXTERN_C_END

#endif
