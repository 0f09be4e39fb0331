/* MAX_POOL_2D: the largest element of each window, NHWC (see
 * pool_geometry.h). */
#ifndef MOTE_KERNELS_MAX_POOL2D_H
#define MOTE_KERNELS_MAX_POOL2D_H

#include "mote/config.h"
#include "mote/kernels/pool_geometry.h"

MOTE_EXTERN_C_BEGIN

/* int8 (input and output share scale and zero point): the largest stored
 * value in the window, clamped to [activation_min, activation_max]. */
typedef struct mote_max_pool2d_s8_params {
  mote_pool_geometry geometry;
  int32_t activation_min, activation_max;
} mote_max_pool2d_s8_params;

/* Entry operands: input, output. */
void mote_max_pool2d_s8(const mote_max_pool2d_s8_params* params, const int8_t* input,
                        int8_t* output);

/* float32: the largest element (starting from -FLT_MAX), clamped. */
typedef struct mote_max_pool2d_f32_params {
  mote_pool_geometry geometry;
  float activation_min, activation_max;
} mote_max_pool2d_f32_params;

/* Entry operands: input, output. */
void mote_max_pool2d_f32(const mote_max_pool2d_f32_params* params, const float* input,
                         float* output);

MOTE_EXTERN_C_END

#endif
