/* IF: a step that runs one of two branch plans, each lowered and memory
 * planned by the compiler on its own, inside a region of the parent's arena
 * (the IF step's scratch operand, sized for the larger branch). Branch
 * tensors have offsets relative to that region. The kernel copies the
 * non-constant data inputs the chosen branch reads into the region, runs
 * its steps with mote_invoke, and copies the branch outputs to the IF's
 * outputs. Inputs that are constant in the parent (e.g. a branch's weights)
 * were made constants of the branch plan, so they are never copied. */
#ifndef MOTE_CONTROL_FLOW_H
#define MOTE_CONTROL_FLOW_H

#include "mote/config.h"
#include "mote/plan.h"

MOTE_EXTERN_C_BEGIN

/* One branch: its plan, and where in the region each IF data input goes
 * and each IF output comes from (MOTE_ABSENT_OFFSET: the branch does not
 * read that input, or reads it as a constant). */
typedef struct mote_if_branch {
  const mote_plan *plan;
  const uint32_t *input_offsets;  /* num_inputs entries */
  const uint32_t *output_offsets; /* num_outputs entries, all present */
} mote_if_branch;

typedef struct mote_if_params {
  mote_if_branch then_branch; /* runs when the condition is true */
  mote_if_branch else_branch;
  uint32_t num_inputs; /* data inputs: the IF op's inputs after the condition */
  uint32_t num_outputs;
  const uint32_t *input_bytes;  /* per data input */
  const uint32_t *output_bytes; /* per output */
  uint32_t region_bytes;        /* the larger branch's arena */
} mote_if_params;

/* Entry operands: condition (bool, one byte), data inputs[num_inputs],
 * outputs[num_outputs], region (scratch of region_bytes). */
void mote_if(const mote_if_params *params, void *const *operands);

MOTE_EXTERN_C_END

#endif
