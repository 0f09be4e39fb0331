/* QUANTIZE, elementwise: float32 -> int8, and requantization between int8
 * and uint8 tensors of different scales / zero points. */
#ifndef MOTE_KERNELS_QUANTIZE_H
#define MOTE_KERNELS_QUANTIZE_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

/* float32 -> int8 (TFLite Micro's AffineQuantize): clamp(round(x / scale) +
 * zero_point, -128, 127), the division in float, rounding half away from
 * zero. NaN gives zero_point; values too large for int32 saturate. */
typedef struct mote_quantize_f32_s8_params {
  uint32_t size;
  float scale;
  int32_t zero_point;
} mote_quantize_f32_s8_params;

/* Entry operands: input, output. */
void mote_quantize_f32_s8(const mote_quantize_f32_s8_params* params, const float* input,
                          int8_t* output);

/* Requantization (TFLite's reference Requantize): clamp((x - input_zero_point)
 * * multiplier * 2^shift + output_zero_point) to the output type. */
typedef struct mote_requantize_params {
  uint32_t size;
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t multiplier; /* Q31: input_scale / output_scale */
  int32_t shift;      /* power of two: > 0 left, < 0 right */
} mote_requantize_params;

/* Entry operands: input, output (int8 -> int8). */
void mote_requantize_s8(const mote_requantize_params* params, const int8_t* input,
                        int8_t* output);
/* Entry operands: input, output (int8 -> uint8). */
void mote_requantize_s8_u8(const mote_requantize_params* params, const int8_t* input,
                           uint8_t* output);
/* Entry operands: input, output (uint8 -> int8). */
void mote_requantize_u8_s8(const mote_requantize_params* params, const uint8_t* input,
                           int8_t* output);

MOTE_EXTERN_C_END

#endif
