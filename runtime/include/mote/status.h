#ifndef MOTE_STATUS_H
#define MOTE_STATUS_H

#include "mote/config.h"

MOTE_EXTERN_C_BEGIN

/* Outcome of a runtime call. Kernels themselves cannot fail: every
 * precondition is checked by the compiler before a plan exists. */
typedef enum mote_status {
  MOTE_OK = 0,
  MOTE_ERROR_ARENA_TOO_SMALL = 1,
  MOTE_ERROR_BAD_PLAN = 2,
  MOTE_ERROR_UNKNOWN_KERNEL = 3
} mote_status;

MOTE_EXTERN_C_END

#endif
