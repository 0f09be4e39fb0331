/* PAD (and PADV2): surrounds a tensor with a constant value. Dtype-agnostic:
 * elements are `element_size` bytes, the pad value is one such element.
 * Shapes are given at MOTE_MAX_RANK dimensions (leading dims 1, unpadded). */
#ifndef MOTE_KERNELS_PAD_H
#define MOTE_KERNELS_PAD_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

typedef struct mote_pad_params {
  uint32_t element_size;                /* bytes per element: 1, 2, 4 or 8 */
  int32_t input_dims[MOTE_MAX_RANK];
  int32_t output_dims[MOTE_MAX_RANK];   /* before + input + after */
  int32_t before[MOTE_MAX_RANK];        /* pad elements ahead of the input, per dim */
} mote_pad_params;

/* `pad_value` points at one element: the output zero point for int8, 0 for
 * float, or PADV2's constant_values.
 * Entry operands: input, pad_value, output. */
void mote_pad(const mote_pad_params* params, const void* input, const void* pad_value,
              void* output);

MOTE_EXTERN_C_END

#endif
