/* The plan: everything the runtime needs to execute a model, decided ahead of
 * time by the compiler. The host runtime walks this data; `mote compile`
 * writes the same data (or direct calls derived from it) as C. */
#ifndef MOTE_PLAN_H
#define MOTE_PLAN_H

#include "mote/config.h"
#include "mote/status.h"

MOTE_EXTERN_C_BEGIN

/* Element types, numbered as in the TFLite schema's TensorType. */
typedef enum mote_dtype {
  MOTE_FLOAT32 = 0,
  MOTE_INT32 = 2,
  MOTE_UINT8 = 3,
  MOTE_INT64 = 4,
  MOTE_BOOL = 6,
  MOTE_INT16 = 7,
  MOTE_INT8 = 9
} mote_dtype;

/* Marks an operand slot the op leaves empty (e.g. a missing bias). */
#define MOTE_ABSENT_OFFSET 0xFFFFFFFFu

/* Where one kernel argument lives: constant data (in flash on a device) or
 * an offset into the arena. */
typedef struct mote_operand {
  const void* constant;  /* non-NULL: read-only data */
  uint32_t arena_offset; /* used when constant is NULL */
} mote_operand;

/* One kernel call. `params` points at the kernel's own parameter struct
 * (see mote/kernels/); operands are in the order of the kernel's entry. */
typedef struct mote_step {
  uint16_t kernel; /* mote_kernel_id */
  uint16_t num_operands;
  const void* params;
  const mote_operand* operands;
} mote_step;

/* A model input or output as the application sees it. */
typedef struct mote_tensor_desc {
  const char* name;
  uint32_t arena_offset;
  uint32_t bytes;
  uint8_t dtype; /* mote_dtype */
  uint8_t rank;
  int32_t dims[MOTE_MAX_RANK];
  float scale;        /* 0 when not quantized */
  int32_t zero_point;
} mote_tensor_desc;

typedef struct mote_plan {
  const mote_step* steps;
  uint32_t num_steps;
  const mote_tensor_desc* inputs;
  uint32_t num_inputs;
  const mote_tensor_desc* outputs;
  uint32_t num_outputs;
  uint32_t arena_bytes;
} mote_plan;

/* The most operands one step may have (the compiler rejects more). */
#define MOTE_MAX_OPERANDS 32

/* Called after every step, e.g. to capture intermediate tensors in tests. */
typedef void (*mote_step_observer)(void* user, uint32_t step_index, void* const* operands,
                                   uint32_t num_operands);

/* Runs every step of `plan` over `arena`. `observer` may be NULL. */
mote_status mote_invoke(const mote_plan* plan, uint8_t* arena, size_t arena_bytes,
                        mote_step_observer observer, void* observer_user);

/* Resolves an operand to its address for a given arena (NULL if absent). */
void* mote_operand_address(const mote_operand* operand, uint8_t* arena);

MOTE_EXTERN_C_END

#endif
