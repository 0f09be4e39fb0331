/* A stand-in "model" with the model.h API of `mote compile`, whose invoke is
 * a loop of exactly 2 * MOTE_LOOP_ITERATIONS instructions: it validates the
 * qemu-m4 harness and instruction counter without the code generator. */
#ifndef MOTE_LOOP_MODEL_H
#define MOTE_LOOP_MODEL_H

#include "mote/plan.h"

#define MOTE_MODEL_ARENA_BYTES 16
#define MOTE_MODEL_NUM_INPUTS 1
#define MOTE_MODEL_NUM_OUTPUTS 1
#define MOTE_MODEL_MACS 0

MOTE_EXTERN_C_BEGIN
int mote_model_init(void);
int mote_model_invoke(void);
void* mote_model_input(int i);
const void* mote_model_output(int i);
const mote_tensor_desc* mote_model_input_desc(int i);
const mote_tensor_desc* mote_model_output_desc(int i);
MOTE_EXTERN_C_END

#endif
