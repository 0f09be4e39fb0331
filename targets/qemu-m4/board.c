#include "board.h"

#define TIMER0_BASE 0x40000000u
#define TIMER_CTRL (*(volatile uint32_t*)(TIMER0_BASE + 0x00))
#define TIMER_VALUE (*(volatile uint32_t*)(TIMER0_BASE + 0x04))
#define TIMER_RELOAD (*(volatile uint32_t*)(TIMER0_BASE + 0x08))
#define TIMER_CTRL_ENABLE 1u

#define STACK_PAINT 0x5AC3A55Au
/* Words left unpainted below the painter's own stack pointer. */
#define STACK_PAINT_MARGIN_WORDS 16

extern uint32_t __stack_limit[];
extern uint32_t __stack_top[];

void board_counter_start(void) {
  TIMER_CTRL = 0;
  TIMER_RELOAD = 0xFFFFFFFFu;
  TIMER_VALUE = 0xFFFFFFFFu;
  TIMER_CTRL = TIMER_CTRL_ENABLE;
}

uint32_t board_counter_ticks(void) { return TIMER_VALUE; }

uint64_t board_instructions_between(uint32_t before, uint32_t after) {
  return (uint64_t)(uint32_t)(before - after) * BOARD_INSTRUCTIONS_PER_TICK;
}

void board_stack_paint(void) {
  uint32_t* sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  for (uint32_t* p = __stack_limit; p < sp - STACK_PAINT_MARGIN_WORDS; ++p) *p = STACK_PAINT;
}

uint32_t board_stack_high_water_bytes(void) {
  const uint32_t* p = __stack_limit;
  while (p < __stack_top && *p == STACK_PAINT) ++p;
  return (uint32_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

int board_stack_overflowed(void) { return __stack_limit[0] != STACK_PAINT; }
