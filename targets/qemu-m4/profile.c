#include "profile.h"

#include <stdint.h>

#include "board.h"
#include "harness_report.h"
#include "model.h"
#include "semihost.h"

static uint32_t previous_ticks;
static uint64_t step_instructions[MOTE_MODEL_NUM_STEPS > 0 ? MOTE_MODEL_NUM_STEPS : 1];

void profile_start(void) { previous_ticks = board_counter_ticks(); }

void mote_profile_step(int step) {
  const uint32_t now = board_counter_ticks();
  if (step >= 0 && step < MOTE_MODEL_NUM_STEPS) {
    step_instructions[step] += board_instructions_between(previous_ticks, now);
  }
  previous_ticks = now;
}

int profile_write(const char* path) {
  const int handle = semihost_open(path, SEMIHOST_MODE_WRITE_BINARY);
  if (handle < 0) return -1;
  int ok = 1;
  for (int s = 0; s < MOTE_MODEL_NUM_STEPS && ok; ++s) {
    char line[32];
    const char* end = harness_append_metric(line, "step", step_instructions[s]);
    ok = semihost_write(handle, line, (uint32_t)(end - line)) == 0;
  }
  semihost_close(handle);
  return ok ? 0 : -1;
}
