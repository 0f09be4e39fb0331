/* ADD, int8, inputs of the output's shape (no broadcasting): the same
 * arithmetic as mote_add_s8 (kernels/add.h), byte for byte. Each input's
 * rescaling depends on its int8 value alone, so lowering tabulates it
 * (mote_add_s8_opt_tables: 2 x 256 int32 in flash) and the kernel does two
 * loads, an add and the output requantization per element.
 *
 * Preconditions (checked by lowering): params->shape.same_shapes != 0. */
#ifndef MOTE_KERNELS_OPTIMIZED_ADD_H
#define MOTE_KERNELS_OPTIMIZED_ADD_H

#include "mote/kernels/add.h"

MOTE_EXTERN_C_BEGIN

#define MOTE_ADD_S8_OPT_TABLE_WORDS 512

/* tables[v + 128] and tables[256 + v + 128]: input 1's and input 2's value
 * v on the common scale (a1 and a2 in kernels/add.h). */
void mote_add_s8_opt_tables(const mote_add_s8_params* params, int32_t* tables);

/* Entry operands: input1, input2, tables, output. */
void mote_add_s8_opt(const mote_add_s8_params* params, const int8_t* input1,
                     const int8_t* input2, const int32_t* tables, int8_t* output);

MOTE_EXTERN_C_END

#endif
