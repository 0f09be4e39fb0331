/* FULLY_CONNECTED: the input is read as `batches` rows of `accum_depth`
 * values (any rank, flattened); weights [output_depth, accum_depth];
 * optional bias [output_depth]; output `batches` rows of `output_depth`. */
#ifndef MOTE_KERNELS_FULLY_CONNECTED_H
#define MOTE_KERNELS_FULLY_CONNECTED_H

#include "mote/config.h"
#include "mote/kernels/conv_geometry.h"

MOTE_EXTERN_C_BEGIN

typedef struct mote_fully_connected_shape {
  int32_t batches;      /* input rows */
  int32_t accum_depth;  /* values per input row = weight columns */
  int32_t output_depth; /* weight rows = values per output row */
} mote_fully_connected_shape;

/* int8 activations and weights (per-tensor or per-channel), int32 bias. */
typedef struct mote_fully_connected_s8_params {
  mote_fully_connected_shape shape;
  mote_conv_quant_params quant;
} mote_fully_connected_s8_params;

/* Entry operands: input, weights, bias, multiplier, shift, output. */
void mote_fully_connected_s8(const mote_fully_connected_s8_params* params, const int8_t* input,
                             const int8_t* weights, const int32_t* bias /* or NULL */,
                             mote_per_channel_quant quant, int8_t* output);

/* float32 activations, weights and bias. */
typedef struct mote_fully_connected_f32_params {
  mote_fully_connected_shape shape;
  float activation_min, activation_max;
} mote_fully_connected_f32_params;

/* Entry operands: input, weights, bias, output. */
void mote_fully_connected_f32(const mote_fully_connected_f32_params* params, const float* input,
                              const float* weights, const float* bias /* or NULL */,
                              float* output);

/* Hybrid: float32 activations and bias, int8 weights with float scales
 * (weight_scale[c], or weight_scale[0] when not per-channel). Each input row
 * is quantized to int8 on its own (mote::hybrid in conv_geometry.h). */
typedef struct mote_fully_connected_hybrid_params {
  mote_fully_connected_shape shape;
  mote_hybrid_params hybrid;
} mote_fully_connected_hybrid_params;

/* Bytes of `buffer` mote_fully_connected_hybrid needs: one quantized row. */
uint32_t mote_fully_connected_hybrid_get_buffer_size(const mote_fully_connected_shape* shape);

/* Entry operands: input, weights, bias, weight_scale, buffer, output. */
void mote_fully_connected_hybrid(const mote_fully_connected_hybrid_params* params,
                                 const float* input, const int8_t* weights,
                                 const float* bias /* or NULL */, const float* weight_scale,
                                 int8_t* buffer, float* output);

MOTE_EXTERN_C_END

#endif
