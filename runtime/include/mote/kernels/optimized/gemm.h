/* int8 matrix product for FULLY_CONNECTED, pointwise CONV_2D and (row by
 * row of the window) general CONV_2D: out[r][c] = requantize(bias[c] + sum_k in[r][k] *
 * w[c][k]), the reference kernels' arithmetic with the input zero point
 * folded into the bias by the compiler (exact: int32 accumulation wraps
 * modulo 2^32 in both).
 *
 * Weights are repacked once, at compile time, and stay int8 (flash: one byte
 * per weight plus the folded int32 bias): output channels in blocks of 4 (the
 * last block zero-padded), depth in chunks of 4 (the last chunk of a row
 * zero-padded); per block, per chunk, one word per channel of the block
 * holding its 4 weights in depth order.
 * A Cortex-M4 sign-extends the word with SXTB16 (bytes 0 and 2) and SXTB16
 * ROR #8 (bytes 1 and 3), which pair with the same halves of the input word
 * in two SMLADs.
 *
 * On the Cortex-M4 the kernels take two output pixels (rows) at a time: both
 * pixels' inputs are sign-extended once into the int16 `scratch` (a planned
 * buffer, mote_gemm_scratch_size / mote_conv2d_gemm_scratch_size bytes),
 * per chunk of 4 depths 8 halfwords: pixel A's (k0, k2, k1, k3), then pixel
 * B's, so that one LDM fetches both pixels' words, whose halves pair with
 * the weight word's SXTB16 halves. A pair of channels of a block then runs
 * over the whole scratch (gemm_pair.h). An odd last pixel of a conv is
 * paired with itself, an odd last row of the GEMM runs alone on the int8
 * input. A single row (a FULLY_CONNECTED) is copied to int16 once (4
 * halfwords per chunk) and runs 1 pixel x 4 channels. The pair reads both pixels' inputs before it
 * writes their outputs, so the in-place rules of the one-row-at-a-time
 * kernels still hold. Other targets do not use the scratch. */
#ifndef MOTE_KERNELS_OPTIMIZED_GEMM_H
#define MOTE_KERNELS_OPTIMIZED_GEMM_H

#include "mote/config.h"
#include "mote/kernels/conv2d.h"
#include "mote/kernels/fully_connected.h"
#include "mote/kernels/optimized/requant.h"

MOTE_EXTERN_C_BEGIN

/* Bytes of the packed weights of a [output_depth, depth] matrix. */
uint32_t mote_gemm_packed_size(int32_t output_depth, int32_t depth);

/* Packs row-major int8 weights [output_depth, depth] (see above). */
void mote_gemm_pack_weights(const int8_t* weights, int32_t output_depth, int32_t depth,
                            int8_t* packed);

/* bias[c] (0 when `bias` is NULL) + input_offset * sum_k weights[c][k],
 * modulo 2^32, into folded[0, output_depth). */
void mote_gemm_fold_bias(const int8_t* weights, const int32_t* bias, int32_t output_depth,
                         int32_t depth, int32_t input_offset, int32_t* folded);

/* Bytes of the int16 scratch of mote_gemm_s8 for `rows` rows of `depth`
 * inputs: two rows' worth; for a single row its own copy (the Cortex-M4
 * then reads it instead of extending the input for every block of 4
 * channels), but 0 (none) past 256 inputs. */
uint32_t mote_gemm_scratch_size(int32_t rows, int32_t depth);

/* FULLY_CONNECTED (and pointwise CONV_2D: one row per pixel) with packed
 * weights and folded bias. params->quant.input_offset must be 0 (folded).
 * Rows are computed one after the other, each reading its whole input row
 * while writing its output row: the reference kernel's in-place rule holds.
 * `requant`: per-channel constants (requant.h), or NULL; with a folded table
 * the multiplier and shift arrays may be NULL.
 * Entry operands: input, packed weights, folded bias, multiplier, shift, requant,
 * scratch, output. */
void mote_gemm_s8(const mote_fully_connected_s8_params* params, const int8_t* input,
                  const int8_t* packed_weights, const int32_t* folded_bias,
                  mote_per_channel_quant quant, const int32_t* requant /* or NULL */,
                  int16_t* scratch, int8_t* output);

/* CONV_2D (ungrouped, dilation_width 1) without an im2col buffer: one
 * filter row (filter_width * input_depth values) reads one contiguous run of
 * NHWC input, so the weights are the OHWI filter with each filter row
 * zero-padded to a multiple of 4 (mote_conv2d_gemm_pack_weights), and a row
 * of the window is a mote_gemm_s8-style dot product. Positions in the zero
 * padding are fed the input zero point (-input_offset), which adds nothing
 * once the zero point is folded into the bias (mote_gemm_fold_bias over the
 * [output_depth, fh * fw * input_depth] filter). Output pixels are written
 * in order, each after reading its window: the reference conv's in-place
 * rule holds. params->quant.input_offset is the real one.
 * `requant`: per-channel constants (requant.h), or NULL; with a folded table
 * the multiplier and shift arrays may be NULL.
 * Entry operands: input, packed weights, folded bias, multiplier, shift, requant,
 * scratch, output. */
uint32_t mote_conv2d_gemm_packed_size(const mote_conv_geometry* geometry);
uint32_t mote_conv2d_gemm_scratch_size(const mote_conv_geometry* geometry);
void mote_conv2d_gemm_pack_weights(const int8_t* filter, const mote_conv_geometry* geometry,
                                   int8_t* packed);
void mote_conv2d_s8_gemm(const mote_conv2d_s8_params* params, const int8_t* input,
                         const int8_t* packed_weights, const int32_t* folded_bias,
                         mote_per_channel_quant quant, const int32_t* requant /* or NULL */,
                         int16_t* scratch, int8_t* output);

#if defined(__x86_64__)
/* Host only: the inner loop of the two kernels above. AUTO (the default)
 * takes AVX2 when the CPU has it, else SSE2; the others force one, so tests
 * check every path on one machine (AVX2 needs a CPU with AVX2). PAIRS: the
 * Cortex-M4's two-pixel path over the int16 scratch, with a C inner loop. */
enum mote_gemm_host_path {
  MOTE_GEMM_HOST_AUTO,
  MOTE_GEMM_HOST_SSE2,
  MOTE_GEMM_HOST_AVX2,
  MOTE_GEMM_HOST_PAIRS
};
void mote_gemm_force_host_path(enum mote_gemm_host_path path);
#endif

MOTE_EXTERN_C_END

#endif
