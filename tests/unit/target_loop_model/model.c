#include "model.h"

#ifndef MOTE_LOOP_ITERATIONS
#error "define MOTE_LOOP_ITERATIONS"
#endif

static uint8_t arena[MOTE_MODEL_ARENA_BYTES] __attribute__((aligned(MOTE_ALIGNMENT)));
static const mote_tensor_desc input_desc = {"in", 0, 4, MOTE_INT8, 1, {4}, 0.0f, 0};
static const mote_tensor_desc output_desc = {"out", 8, 4, MOTE_INT8, 1, {4}, 0.0f, 0};

int mote_model_init(void) { return 0; }

/* Output = input reversed, so the harness's file round trip is checked too. */
int mote_model_invoke(void) {
  register uint32_t count __asm__("r0") = MOTE_LOOP_ITERATIONS;
  __asm__ volatile(
      "1:\n\t"
      "subs %0, %0, #1\n\t"
      "bne 1b"
      : "+r"(count)
      :
      : "cc");
  for (int i = 0; i < 4; ++i) arena[8 + i] = arena[3 - i];
  return 0;
}

void* mote_model_input(int i) { return i == 0 ? arena : 0; }
const void* mote_model_output(int i) { return i == 0 ? arena + 8 : 0; }
const mote_tensor_desc* mote_model_input_desc(int i) { return i == 0 ? &input_desc : 0; }
const mote_tensor_desc* mote_model_output_desc(int i) { return i == 0 ? &output_desc : 0; }
