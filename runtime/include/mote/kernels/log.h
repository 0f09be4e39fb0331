/* LOG, elementwise natural logarithm (float32 only, as in TFLite Micro). */
#ifndef MOTE_KERNELS_LOG_H
#define MOTE_KERNELS_LOG_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

typedef struct mote_log_f32_params {
  uint32_t size;
} mote_log_f32_params;

/* Entry operands: input, output. log(0) = -inf, log(x < 0) = NaN. */
void mote_log_f32(const mote_log_f32_params* params, const float* input, float* output);

MOTE_EXTERN_C_END

#endif
