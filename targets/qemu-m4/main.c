/* Harness for a `mote compile` tree on QEMU mps2-an386: reads input<i>.bin,
 * runs one inference, writes output<i>.bin and metrics.txt ("key value"
 * lines), and exits with one of the HARNESS_EXIT_* codes. All files are
 * relative to QEMU's working directory (semihosting). */
#include <stdint.h>

#include "board.h"
#include "harness_report.h"
#include "model.h"
#include "semihost.h"
#ifdef MOTE_PROFILE
#include "profile.h"
#endif

/* "prefix<i>.bin" into `out` (room for 32 bytes). */
static void indexed_name(char* out, const char* prefix, int index) {
  char* p = out;
  while (*prefix) *p++ = *prefix++;
  char digits[11];
  int n = 0;
  do {
    digits[n++] = (char)('0' + index % 10);
    index /= 10;
  } while (index > 0);
  while (n > 0) *p++ = digits[--n];
  const char* suffix = ".bin";
  while (*suffix) *p++ = *suffix++;
  *p = '\0';
}

static int read_exact(const char* path, void* buffer, uint32_t bytes) {
  const int handle = semihost_open(path, SEMIHOST_MODE_READ_BINARY);
  if (handle < 0) return -1;
  const long length = semihost_file_length(handle);
  const int ok = length == (long)bytes && semihost_read(handle, buffer, bytes) == 0;
  semihost_close(handle);
  return ok ? 0 : -1;
}

static int write_all(const char* path, const void* buffer, uint32_t bytes) {
  const int handle = semihost_open(path, SEMIHOST_MODE_WRITE_BINARY);
  if (handle < 0) return -1;
  const int ok = semihost_write(handle, buffer, bytes) == 0;
  semihost_close(handle);
  return ok ? 0 : -1;
}

int main(void) {
  board_stack_paint();
  board_counter_start();
  if (mote_model_init() != 0) {
    return harness_fail(HARNESS_EXIT_INIT_FAILED, "mote_model_init failed");
  }

  char name[32];
  for (int i = 0; i < MOTE_MODEL_NUM_INPUTS; ++i) {
    indexed_name(name, "input", i);
    if (read_exact(name, mote_model_input(i), mote_model_input_desc(i)->bytes) != 0) {
      return harness_fail(HARNESS_EXIT_BAD_INPUT, "cannot read an input file of the tensor's size");
    }
  }

  /* Two back-to-back readings measure the counter's own overhead. */
  const uint32_t empty_before = board_counter_ticks();
  const uint32_t empty_after = board_counter_ticks();
  const uint32_t before = board_counter_ticks();
#ifdef MOTE_PROFILE
  profile_start();
#endif
  const int status = mote_model_invoke();
  const uint32_t after = board_counter_ticks();
  if (status != 0) return harness_fail(HARNESS_EXIT_INVOKE_FAILED, "mote_model_invoke failed");
  if (board_stack_overflowed()) {
    return harness_fail(HARNESS_EXIT_STACK_OVERFLOW, "stack overflow");
  }

  for (int i = 0; i < MOTE_MODEL_NUM_OUTPUTS; ++i) {
    indexed_name(name, "output", i);
    if (write_all(name, mote_model_output(i), mote_model_output_desc(i)->bytes) != 0) {
      return harness_fail(HARNESS_EXIT_WRITE_FAILED, "cannot write an output file");
    }
  }

  char metrics[256];
  char* p = metrics;
  p = harness_append_metric(p, "instructions", board_instructions_between(before, after));
  p = harness_append_metric(p, "counter_overhead_instructions",
                    board_instructions_between(empty_before, empty_after));
  p = harness_append_metric(p, "instructions_per_tick", BOARD_INSTRUCTIONS_PER_TICK);
  p = harness_append_metric(p, "stack_high_water_bytes", board_stack_high_water_bytes());
  p = harness_append_metric(p, "arena_bytes", MOTE_MODEL_ARENA_BYTES);
  p = harness_append_metric(p, "macs", MOTE_MODEL_MACS);
  if (write_all("metrics.txt", metrics, (uint32_t)(p - metrics)) != 0) {
    return harness_fail(HARNESS_EXIT_WRITE_FAILED, "cannot write metrics.txt");
  }
#ifdef MOTE_PROFILE
  if (profile_write("profile.txt") != 0) {
    return harness_fail(HARNESS_EXIT_WRITE_FAILED, "cannot write profile.txt");
  }
#endif
  return HARNESS_EXIT_OK;
}
