/* MINIMUM: output = the smaller of input1 and input2, with numpy broadcasting
 * (rank <= 6). int8 values are compared as stored: the compiler requires
 * both inputs and the output to share one scale and zero point. */
#ifndef MOTE_KERNELS_MINIMUM_H
#define MOTE_KERNELS_MINIMUM_H

#include "mote/config.h"
#include "mote/kernels/broadcast.h"

MOTE_EXTERN_C_BEGIN

/* Serves both element types. */
typedef struct mote_minimum_params {
  mote_broadcast_shape shape;
} mote_minimum_params;

/* Entry operands: input1, input2, output. */
void mote_minimum_s8(const mote_minimum_params* params, const int8_t* input1,
                     const int8_t* input2, int8_t* output);

/* out = x1 < x2 ? x1 : x2 (so a NaN in x1 yields x2, a NaN in x2 yields NaN). */
void mote_minimum_f32(const mote_minimum_params* params, const float* input1,
                      const float* input2, float* output);

MOTE_EXTERN_C_END

#endif
