/* RSQRT, elementwise: 1 / sqrt(x). */
#ifndef MOTE_KERNELS_RSQRT_H
#define MOTE_KERNELS_RSQRT_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

typedef struct mote_rsqrt_f32_params {
  uint32_t size;
} mote_rsqrt_f32_params;

/* Entry operands: input, output. 1.0f / sqrt(x) with both operations
 * correctly rounded, like TFLite's `1.f / std::sqrt(x)`. */
void mote_rsqrt_f32(const mote_rsqrt_f32_params* params, const float* input, float* output);

/* int8 (TFLite Micro's RsqrtEvalQuantized): v = x - input_zero_point; v == 0
 * gives 127; otherwise 1/sqrt(v) is found in fixed point (Newton-Raphson,
 * TFLite's GetInvSqrtQuantizedMultiplierExp), scaled by 2^20, then
 * requantized by multiplier * 2^(shift - 20) = 1 / (sqrt(input_scale) *
 * output_scale). TFLite Micro rejects v < 0 at run time; Mote's kernel cannot
 * fail and gives 127 for it, like 0. */
typedef struct mote_rsqrt_s8_params {
  uint32_t size;
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t multiplier; /* Q31 */
  int32_t shift;      /* power of two: > 0 left, < 0 right */
} mote_rsqrt_s8_params;

/* Entry operands: input, output. */
void mote_rsqrt_s8(const mote_rsqrt_s8_params* params, const int8_t* input, int8_t* output);

MOTE_EXTERN_C_END

#endif
