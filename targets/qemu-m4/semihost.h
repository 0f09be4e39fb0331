/* The few Arm semihosting calls the harness needs (no newlib stdio, which
 * would pull malloc into the firmware). QEMU serves them when started with
 * -semihosting-config enable=on,target=native; paths are relative to QEMU's
 * working directory. */
#ifndef MOTE_TARGET_SEMIHOST_H
#define MOTE_TARGET_SEMIHOST_H

#include <stddef.h>
#include <stdint.h>

#define SEMIHOST_MODE_READ_BINARY 1
#define SEMIHOST_MODE_WRITE_BINARY 5

/* Returns a handle, or -1. */
int semihost_open(const char* path, int mode);
int semihost_close(int handle);
/* Returns the file length in bytes, or -1. */
long semihost_file_length(int handle);
/* Return 0 when all `bytes` were transferred. */
int semihost_read(int handle, void* buffer, size_t bytes);
int semihost_write(int handle, const void* buffer, size_t bytes);
void semihost_print(const char* text);
/* Ends the emulation; QEMU exits with `code`. */
void semihost_exit(int code) __attribute__((noreturn));

#endif
