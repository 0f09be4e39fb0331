/* AVERAGE_POOL_2D and MAX_POOL_2D, int8: the same arithmetic as
 * mote_avg_pool2d_s8 / mote_max_pool2d_s8, byte for byte, with each window
 * clipped once per output pixel and walked by pointer steps (no index
 * arithmetic per element). No preconditions beyond the reference's. */
#ifndef MOTE_KERNELS_OPTIMIZED_POOL2D_H
#define MOTE_KERNELS_OPTIMIZED_POOL2D_H

#include "mote/kernels/avg_pool2d.h"
#include "mote/kernels/max_pool2d.h"

MOTE_EXTERN_C_BEGIN

/* Entry operands: input, output. */
void mote_avg_pool2d_s8_opt(const mote_avg_pool2d_s8_params* params, const int8_t* input,
                            int8_t* output);

/* Entry operands: input, output. */
void mote_max_pool2d_s8_opt(const mote_max_pool2d_s8_params* params, const int8_t* input,
                            int8_t* output);

MOTE_EXTERN_C_END

#endif
