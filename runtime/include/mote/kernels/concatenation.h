/* CONCATENATION: joins N tensors along one axis. Dtype-agnostic: the kernel
 * moves bytes, so one kernel serves every element type.
 *
 * Viewed around the axis, every input is `outer_size` chunks laid out one
 * after the other; chunk k of the output is chunk k of input 0, then chunk k
 * of input 1, ... A chunk of input i is input_bytes[i] bytes
 * (= dims[axis] * product of the dims after the axis * element size). */
#ifndef MOTE_KERNELS_CONCATENATION_H
#define MOTE_KERNELS_CONCATENATION_H

#include "mote/config.h"
#include "mote/plan.h"

MOTE_EXTERN_C_BEGIN

/* Every input is one operand and the output one more. */
#define MOTE_CONCATENATION_MAX_INPUTS (MOTE_MAX_OPERANDS - 1)

typedef struct mote_concatenation_params {
  uint32_t num_inputs; /* 1..MOTE_CONCATENATION_MAX_INPUTS */
  uint32_t outer_size; /* product of the output dims before the axis */
  uint32_t input_bytes[MOTE_CONCATENATION_MAX_INPUTS]; /* bytes of one chunk of input i */
} mote_concatenation_params;

/* Entry operands: input 0 .. input num_inputs-1, output. */
void mote_concatenation(const mote_concatenation_params* params, const void* const* inputs,
                        void* output);

MOTE_EXTERN_C_END

#endif
