/* TRANSPOSE: output dim d is input dim perm[d]. Dtype-agnostic (elements of
 * `element_size` bytes). The host resolves the permutation into, for every
 * output dimension, the step in input elements that moving one along it takes;
 * the kernel walks the output in order and gathers.
 * Shapes are given at MOTE_MAX_RANK dimensions (leading dims 1). */
#ifndef MOTE_KERNELS_TRANSPOSE_H
#define MOTE_KERNELS_TRANSPOSE_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

typedef struct mote_transpose_params {
  uint32_t element_size;                /* bytes per element: 1, 2, 4 or 8 */
  int32_t output_dims[MOTE_MAX_RANK];
  int32_t input_strides[MOTE_MAX_RANK]; /* input stride (elements) of dim perm[d] */
} mote_transpose_params;

/* Entry operands: input, output. */
void mote_transpose(const mote_transpose_params* params, const void* input, void* output);

MOTE_EXTERN_C_END

#endif
