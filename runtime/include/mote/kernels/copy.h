/* COPY: moves bytes unchanged. Serves RESHAPE, SQUEEZE and EXPAND_DIMS when
 * the planner could not alias input and output. */
#ifndef MOTE_KERNELS_COPY_H
#define MOTE_KERNELS_COPY_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

typedef struct mote_copy_params {
  uint32_t bytes;
} mote_copy_params;

void mote_copy(const mote_copy_params* params, const void* input, void* output);

MOTE_EXTERN_C_END

#endif
