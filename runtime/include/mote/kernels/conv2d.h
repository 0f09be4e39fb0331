/* CONV_2D: NHWC input, OHWI filter [output_depth, filter_height,
 * filter_width, filter_input_depth], optional bias [output_depth].
 * Grouped when input_depth is a multiple of filter_input_depth: output
 * channel c reads input channels of group c / (output_depth / groups). */
#ifndef MOTE_KERNELS_CONV2D_H
#define MOTE_KERNELS_CONV2D_H

#include "mote/config.h"
#include "mote/kernels/conv_geometry.h"

MOTE_EXTERN_C_BEGIN

/* int8 activations and weights (per-channel or per-tensor), int32 bias. */
typedef struct mote_conv2d_s8_params {
  mote_conv_geometry geometry;
  int32_t filter_input_depth; /* input_depth / groups */
  mote_conv_quant_params quant;
} mote_conv2d_s8_params;

/* Entry operands: input, filter, bias, multiplier, shift, output. */
void mote_conv2d_s8(const mote_conv2d_s8_params* params, const int8_t* input,
                    const int8_t* filter, const int32_t* bias /* or NULL */,
                    mote_per_channel_quant quant, int8_t* output);

/* float32 activations, weights and bias. */
typedef struct mote_conv2d_f32_params {
  mote_conv_geometry geometry;
  int32_t filter_input_depth;
  float activation_min, activation_max;
} mote_conv2d_f32_params;

/* Entry operands: input, filter, bias, output. */
void mote_conv2d_f32(const mote_conv2d_f32_params* params, const float* input,
                     const float* filter, const float* bias /* or NULL */, float* output);

/* Hybrid: float32 activations and bias, int8 weights with float scales
 * (filter_scale[c], or filter_scale[0] when not per-channel). Each input
 * image is quantized to int8 on its own (mote::hybrid in conv_geometry.h).
 * A pointwise (1x1, stride 1, ungrouped) hybrid CONV_2D quantizes each pixel
 * on its own instead; the compiler runs it as mote_fully_connected_hybrid. */
typedef struct mote_conv2d_hybrid_params {
  mote_conv_geometry geometry;
  int32_t filter_input_depth;
  mote_hybrid_params hybrid;
} mote_conv2d_hybrid_params;

/* Bytes of `buffer` mote_conv2d_hybrid needs: one quantized input image. */
uint32_t mote_conv2d_hybrid_get_buffer_size(const mote_conv_geometry* geometry);

/* Entry operands: input, filter, bias, filter_scale, buffer, output. */
void mote_conv2d_hybrid(const mote_conv2d_hybrid_params* params, const float* input,
                        const int8_t* filter, const float* bias /* or NULL */,
                        const float* filter_scale, int8_t* buffer, float* output);

MOTE_EXTERN_C_END

#endif
