/* STRIDED_SLICE: takes every step[d]-th element from start[d], count[d]
 * times, along each dimension. Dtype-agnostic (elements of `element_size`
 * bytes). The host resolves begin/end/strides, the five masks and `offset`
 * exactly as TFLite does into starts, steps and counts over the "effective"
 * input shape (inserted axes are dims of 1); shrunk axes have count 1.
 * The kernel walks them and writes the output in order.
 * Shapes are given at MOTE_MAX_RANK dimensions (leading dims count 1). */
#ifndef MOTE_KERNELS_STRIDED_SLICE_H
#define MOTE_KERNELS_STRIDED_SLICE_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

typedef struct mote_strided_slice_params {
  uint32_t element_size;                /* bytes per element: 1, 2, 4 or 8 */
  int32_t start[MOTE_MAX_RANK];         /* first index read, in [0, dim) */
  int32_t step[MOTE_MAX_RANK];          /* index increment, non-zero, may be negative */
  int32_t count[MOTE_MAX_RANK];         /* indices read (>= 0) */
  int32_t input_strides[MOTE_MAX_RANK]; /* input elements per index, per dim */
} mote_strided_slice_params;

/* Entry operands: input, output. */
void mote_strided_slice(const mote_strided_slice_params* params, const void* input,
                        void* output);

MOTE_EXTERN_C_END

#endif
