/* DEQUANTIZE, elementwise: float32 output = scale * (x - zero_point). */
#ifndef MOTE_KERNELS_DEQUANTIZE_H
#define MOTE_KERNELS_DEQUANTIZE_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

/* TFLite computes (double)scale * (x - zero_point) and rounds to float; the
 * product of a float and a 9-bit integer is exact in double, so one float
 * multiply gives the same single rounding. */
typedef struct mote_dequantize_params {
  uint32_t size;
  float scale;
  int32_t zero_point;
} mote_dequantize_params;

/* Entry operands: input, output. */
void mote_dequantize_s8_f32(const mote_dequantize_params* params, const int8_t* input,
                            float* output);
void mote_dequantize_u8_f32(const mote_dequantize_params* params, const uint8_t* input,
                            float* output);

MOTE_EXTERN_C_END

#endif
