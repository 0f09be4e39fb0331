/* BATCH_MATMUL: output[b] = lhs[b] x rhs[b] for every batch index b, with
 * numpy-style broadcasting of the batch dims. lhs[b] is rows x depth (stored
 * depth x rows when adj_x), rhs[b] is depth x cols (stored cols x depth when
 * adj_y); output[b] is rows x cols, row-major.
 *
 * The host turns the shapes and adj flags into strides: element (r, k) of an
 * lhs matrix is at r * lhs_row_stride + k * lhs_depth_stride, element (k, c)
 * of an rhs matrix at k * rhs_depth_stride + c * rhs_col_stride. Batch dims
 * are given at MOTE_BATCH_MATMUL_MAX_BATCH_DIMS (leading dims 1); a batch
 * stride of 0 repeats (broadcasts) the same matrix. */
#ifndef MOTE_KERNELS_BATCH_MATMUL_H
#define MOTE_KERNELS_BATCH_MATMUL_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

#define MOTE_BATCH_MATMUL_MAX_BATCH_DIMS (MOTE_MAX_RANK - 2)

typedef struct mote_batch_matmul_shape {
  int32_t batch_dims[MOTE_BATCH_MATMUL_MAX_BATCH_DIMS];        /* of the output */
  int32_t lhs_batch_strides[MOTE_BATCH_MATMUL_MAX_BATCH_DIMS]; /* elements; 0 = broadcast */
  int32_t rhs_batch_strides[MOTE_BATCH_MATMUL_MAX_BATCH_DIMS];
  int32_t rows, cols, depth;
  int32_t lhs_row_stride, lhs_depth_stride;
  int32_t rhs_depth_stride, rhs_col_stride;
} mote_batch_matmul_shape;

/* int8 (TFLite Micro's per-tensor BatchMatMul): each product is
 * (lhs + lhs_offset) * (rhs + rhs_offset), summed in int32, requantized with
 * one multiplier, offset, clamped. */
typedef struct mote_batch_matmul_s8_params {
  mote_batch_matmul_shape shape;
  int32_t lhs_offset;    /* -lhs zero point */
  int32_t rhs_offset;    /* -rhs zero point */
  int32_t output_offset; /* output zero point */
  int32_t output_multiplier;
  int32_t output_shift;
  int32_t activation_min, activation_max;
} mote_batch_matmul_s8_params;

/* Entry operands: lhs, rhs, output. */
void mote_batch_matmul_s8(const mote_batch_matmul_s8_params* params, const int8_t* lhs,
                          const int8_t* rhs, int8_t* output);

/* float32: sums lhs * rhs over depth in order, from 0. No activation. */
typedef struct mote_batch_matmul_f32_params {
  mote_batch_matmul_shape shape;
} mote_batch_matmul_f32_params;

/* Entry operands: lhs, rhs, output. */
void mote_batch_matmul_f32(const mote_batch_matmul_f32_params* params, const float* lhs,
                           const float* rhs, float* output);

MOTE_EXTERN_C_END

#endif
