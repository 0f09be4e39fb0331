/* AVERAGE_POOL_2D: the mean of each window, NHWC (see pool_geometry.h). */
#ifndef MOTE_KERNELS_AVG_POOL2D_H
#define MOTE_KERNELS_AVG_POOL2D_H

#include "mote/config.h"
#include "mote/kernels/pool_geometry.h"

MOTE_EXTERN_C_BEGIN

/* int8 (input and output share scale and zero point), TFLite Micro's
 * reference arithmetic: the stored values of the n in-bounds window elements
 * are summed and divided rounding half away from zero,
 *   avg = sum > 0 ? (sum + n / 2) / n : (sum - n / 2) / n   (C division)
 * then clamped to [activation_min, activation_max]. */
typedef struct mote_avg_pool2d_s8_params {
  mote_pool_geometry geometry;
  int32_t activation_min, activation_max;
} mote_avg_pool2d_s8_params;

/* Entry operands: input, output. */
void mote_avg_pool2d_s8(const mote_avg_pool2d_s8_params* params, const int8_t* input,
                        int8_t* output);

/* float32: clamp(sum / n) with the sum taken in window order (rows, then
 * columns). */
typedef struct mote_avg_pool2d_f32_params {
  mote_pool_geometry geometry;
  float activation_min, activation_max;
} mote_avg_pool2d_f32_params;

/* Entry operands: input, output. */
void mote_avg_pool2d_f32(const mote_avg_pool2d_f32_params* params, const float* input,
                         float* output);

MOTE_EXTERN_C_END

#endif
