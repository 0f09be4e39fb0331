/* DEPTHWISE_CONV_2D, int8, depth multiplier 1: the same arithmetic as
 * mote_depthwise_conv2d_s8 (kernels/depthwise_conv2d.h), byte for byte.
 *
 * Channels are processed four at a time with the filter repacked at compile
 * time (mote_depthwise_conv2d_s8_opt_pack) into 16-bit pairs, so that on the
 * Cortex-M4 one input word widened by SXTAB16 (which also adds the input
 * offset) meets two filter words with SMLABB/SMLATT; with the output-stage
 * table (below) runs of 3x3-filter windows are one assembly routine. The
 * x86-64 host pairs taps for PMADDWD (SSE2) and, with AVX2, requantizes four
 * channels at once.
 *
 * Preconditions (checked by lowering): depth_multiplier == 1 (so
 * output_depth == input_depth); without the output-stage table a bias
 * (lowering passes zeros for an op without one). Any filter size, stride,
 * dilation, padding. */
#ifndef MOTE_KERNELS_OPTIMIZED_DEPTHWISE_CONV2D_H
#define MOTE_KERNELS_OPTIMIZED_DEPTHWISE_CONV2D_H

#include "mote/kernels/depthwise_conv2d.h"
#include "mote/kernels/optimized/requant.h"

MOTE_EXTERN_C_BEGIN

/* Words the packed filter of `taps` (filter_height * filter_width) taps and
 * `channels` channels takes. */
uint32_t mote_depthwise_conv2d_s8_opt_packed_words(int32_t taps, int32_t channels);

/* Packs a [1, taps, channels] int8 filter, each value times `scale` (1, or
 * 2 with the output-stage table below: the kernel's sums are then twice the
 * reference's). For each full group g of four channels, tap t: word 2t
 * holds channels 4g (low half) and 4g+2 (high), word 2t+1 channels 4g+1 and
 * 4g+3; groups follow each other. Then each remaining channel (channels % 4)
 * has one sign-extended word per tap. */
void mote_depthwise_conv2d_s8_opt_pack(const int8_t* filter, int32_t taps, int32_t channels,
                                       int32_t scale, int32_t* packed);

/* The output-stage table: MOTE_DW_TABLE_WORDS int32 words per channel,
 * per full group g of four channels 16 words at 16g: the four biases (times
 * 2), then (multiplier, K, r) of each channel; each remaining channel c
 * (channels % 4) (2 * bias, multiplier, K, r) at 4c. The filter is packed
 * with scale 2, so the kernel's sums are s = 2 * acc. With r = -shift in
 * [1, 31] and K = 2^(r-1) + output_offset * 2^r, an output is
 *   (smmlar(s, multiplier, K) - [s < 0]) >> r
 * where smmlar(a, b, k) = k + floor((a * b + 2^31) / 2^32) (the Cortex-M4's
 * SMMLAR): the reference's requantization plus the output offset, exact when
 * |acc| < 2^30 and the sum fits 31 bits (checked here from the bias, the
 * window's taps and the zero points). */
#define MOTE_DW_TABLE_WORDS 4

/* Fills `table` (MOTE_DW_TABLE_WORDS * channels words) and returns 1 when
 * every channel has the table form (a right shift, a positive multiplier,
 * the bounds above); otherwise returns 0 and the kernel takes NULL. `bias`
 * may be NULL (zeros); `quant` per tensor when !per_channel. */
int mote_depthwise_conv2d_s8_opt_table(const int32_t* bias, mote_per_channel_quant quant,
                                       int per_channel, int32_t channels, int32_t taps,
                                       int32_t input_offset, int32_t output_offset,
                                       int32_t* table);

/* `table`: the output-stage table above, which then holds everything the
 * output stage needs (bias, multiplier and shift may be NULL: lowering
 * passes none), or NULL (then the bias, not NULL, and the multiplier and
 * shift arrays). Entry operands: input, packed filter, bias, multiplier,
 * shift, table, output. */
void mote_depthwise_conv2d_s8_opt(const mote_depthwise_conv2d_s8_params* params,
                                  const int8_t* input, const int32_t* packed_filter,
                                  const int32_t* bias, mote_per_channel_quant quant,
                                  const int32_t* table, int8_t* output);

MOTE_EXTERN_C_END

#endif
