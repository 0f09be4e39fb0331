/* Every kernel the host interpreter can dispatch to. One line per kernel:
 * X(ID, entry) where `entry` is `void entry(const void* params,
 * void* const* operands)` defined next to the kernel it adapts.
 * Sections are grouped by op family to keep edits apart. */
#ifndef MOTE_KERNEL_IDS_H
#define MOTE_KERNEL_IDS_H

#include "mote/config.h"

/* clang-format off */
#define MOTE_KERNELS_DATA_MOVEMENT(X) \
  X(MOTE_K_COPY, mote_entry_copy)

#define MOTE_KERNELS_CONV(X)

#define MOTE_KERNELS_ELEMENTWISE(X)

#define MOTE_KERNELS_ACTIVATION(X)

#define MOTE_KERNELS_RESHAPING(X)

#define MOTE_KERNELS(X)          \
  MOTE_KERNELS_DATA_MOVEMENT(X)  \
  MOTE_KERNELS_CONV(X)           \
  MOTE_KERNELS_ELEMENTWISE(X)    \
  MOTE_KERNELS_ACTIVATION(X)     \
  MOTE_KERNELS_RESHAPING(X)
/* clang-format on */

MOTE_EXTERN_C_BEGIN

typedef enum mote_kernel_id {
#define MOTE_KERNEL_ENUM(id, entry) id,
  MOTE_KERNELS(MOTE_KERNEL_ENUM)
#undef MOTE_KERNEL_ENUM
  MOTE_KERNEL_COUNT
} mote_kernel_id;

typedef void (*mote_kernel_entry)(const void* params, void* const* operands);

#define MOTE_KERNEL_DECLARE(id, entry) void entry(const void* params, void* const* operands);
MOTE_KERNELS(MOTE_KERNEL_DECLARE)
#undef MOTE_KERNEL_DECLARE

MOTE_EXTERN_C_END

#endif
