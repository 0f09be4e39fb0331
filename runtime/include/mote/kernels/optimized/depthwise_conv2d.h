/* DEPTHWISE_CONV_2D, int8, depth multiplier 1: the same arithmetic as
 * mote_depthwise_conv2d_s8 (kernels/depthwise_conv2d.h), byte for byte.
 *
 * Channels are processed four at a time with the filter repacked at compile
 * time (mote_depthwise_conv2d_s8_opt_pack) into 16-bit pairs, so that on the
 * Cortex-M4 one input word widened by SXTAB16 (which also adds the input
 * offset) meets two filter words with SMLABB/SMLATT. The host runs the same
 * loops in plain C.
 *
 * Preconditions (checked by lowering): depth_multiplier == 1 (so
 * output_depth == input_depth); a bias (lowering passes zeros for an op
 * without one). Any filter size, stride, dilation, padding. */
#ifndef MOTE_KERNELS_OPTIMIZED_DEPTHWISE_CONV2D_H
#define MOTE_KERNELS_OPTIMIZED_DEPTHWISE_CONV2D_H

#include "mote/kernels/depthwise_conv2d.h"
#include "mote/kernels/optimized/requant.h"

MOTE_EXTERN_C_BEGIN

/* Words the packed filter of `taps` (filter_height * filter_width) taps and
 * `channels` channels takes. */
uint32_t mote_depthwise_conv2d_s8_opt_packed_words(int32_t taps, int32_t channels);

/* Packs a [1, taps, channels] int8 filter. For each full group g of four
 * channels, tap t: word 2t holds channels 4g (low half) and 4g+2 (high),
 * word 2t+1 channels 4g+1 and 4g+3; groups follow each other. Then each
 * remaining channel (channels % 4) has one sign-extended word per tap. */
void mote_depthwise_conv2d_s8_opt_pack(const int8_t* filter, int32_t taps, int32_t channels,
                                       int32_t* packed);

/* `requant`: per-channel constants (requant.h), NULL when a shift is >= 0.
 * Entry operands: input, packed filter, bias, multiplier, shift, requant, output. */
void mote_depthwise_conv2d_s8_opt(const mote_depthwise_conv2d_s8_params* params,
                                  const int8_t* input, const int32_t* packed_filter,
                                  const int32_t* bias /* not NULL */, mote_per_channel_quant quant,
                                  const int32_t* requant, int8_t* output);

MOTE_EXTERN_C_END

#endif
