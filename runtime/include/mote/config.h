/* Mote runtime: compile-time configuration shared by all device code.
 * Device code is C++17 (no heap, exceptions, RTTI or static constructors);
 * the public API is plain C so generated firmware can be C. */
#ifndef MOTE_CONFIG_H
#define MOTE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define MOTE_EXTERN_C_BEGIN extern "C" {
#define MOTE_EXTERN_C_END }
#else
#define MOTE_EXTERN_C_BEGIN
#define MOTE_EXTERN_C_END
#endif

/* Alignment (bytes) of every arena offset and of constant data. 16 keeps
 * SIMD loads aligned on the host and is free on Cortex-M. */
#define MOTE_ALIGNMENT 16

/* Upper bound on tensor rank handled by the kernels. */
#define MOTE_MAX_RANK 6

#endif
