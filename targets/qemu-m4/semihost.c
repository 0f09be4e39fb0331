#include "semihost.h"

enum {
  SYS_OPEN = 0x01,
  SYS_CLOSE = 0x02,
  SYS_WRITE0 = 0x04,
  SYS_WRITE = 0x05,
  SYS_READ = 0x06,
  SYS_FLEN = 0x0C,
  SYS_EXIT = 0x18,
  SYS_EXIT_EXTENDED = 0x20,
};
/* ADP_Stopped_ApplicationExit: with SYS_EXIT_EXTENDED the subcode is the
 * process exit status QEMU returns. */
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

static int semihost_call(int operation, const void* argument) {
  register int r0 __asm__("r0") = operation;
  register const void* r1 __asm__("r1") = argument;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

static size_t string_length(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

int semihost_open(const char* path, int mode) {
  const uintptr_t args[3] = {(uintptr_t)path, (uintptr_t)mode, string_length(path)};
  return semihost_call(SYS_OPEN, args);
}

int semihost_close(int handle) {
  const uintptr_t args[1] = {(uintptr_t)handle};
  return semihost_call(SYS_CLOSE, args);
}

long semihost_file_length(int handle) {
  const uintptr_t args[1] = {(uintptr_t)handle};
  return semihost_call(SYS_FLEN, args);
}

int semihost_read(int handle, void* buffer, size_t bytes) {
  const uintptr_t args[3] = {(uintptr_t)handle, (uintptr_t)buffer, bytes};
  return semihost_call(SYS_READ, args);  /* bytes NOT read */
}

int semihost_write(int handle, const void* buffer, size_t bytes) {
  const uintptr_t args[3] = {(uintptr_t)handle, (uintptr_t)buffer, bytes};
  return semihost_call(SYS_WRITE, args);  /* bytes NOT written */
}

void semihost_print(const char* text) { semihost_call(SYS_WRITE0, text); }

void semihost_exit(int code) {
  const uintptr_t args[2] = {ADP_STOPPED_APPLICATION_EXIT, (uintptr_t)code};
  semihost_call(SYS_EXIT_EXTENDED, args);
  /* Older hosts without SYS_EXIT_EXTENDED: plain exit (status 0/1). */
  semihost_call(SYS_EXIT, (const void*)(uintptr_t)ADP_STOPPED_APPLICATION_EXIT);
  for (;;) {
  }
}
