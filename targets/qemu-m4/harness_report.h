/* What the qemu-m4 harnesses (main.c, listen_main.cc) tell the host: a
 * failure message before a HARNESS_EXIT_* code, and metrics.txt lines. */
#ifndef MOTE_TARGET_HARNESS_REPORT_H
#define MOTE_TARGET_HARNESS_REPORT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exit codes; compiler/target/qemu_runner.cc explains each to the user. */
enum {
  HARNESS_EXIT_OK = 0,
  HARNESS_EXIT_INIT_FAILED = 10,
  HARNESS_EXIT_BAD_INPUT = 11,
  HARNESS_EXIT_INVOKE_FAILED = 12,
  HARNESS_EXIT_WRITE_FAILED = 13,
  HARNESS_EXIT_STACK_OVERFLOW = 14,
};

/* Prints "firmware: MESSAGE" through semihosting and returns `code`. */
int harness_fail(int code, const char* message);

/* Writes "key value\n" at `p`; returns the end of what it wrote. */
char* harness_append_metric(char* p, const char* key, uint64_t value);

#ifdef __cplusplus
}
#endif

#endif
