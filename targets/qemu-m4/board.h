/* Board services for the qemu-m4 harness: an instruction counter and a
 * stack high-water mark. */
#ifndef MOTE_TARGET_BOARD_H
#define MOTE_TARGET_BOARD_H

#include <stdint.h>

/* Under `qemu-system-arm -icount shift=0` virtual time advances exactly 1 ns
 * per guest instruction. The CMSDK APB timer 0 of mps2-an386 counts down at
 * the 25 MHz system clock in virtual time, so one tick = 40 instructions:
 * counts are exact to within one tick (+-40 instructions). It is 32-bit, so
 * one measured region may span at most 2^32 ticks (~171e9 instructions). */
#define BOARD_INSTRUCTIONS_PER_TICK 40u

void board_counter_start(void);
uint32_t board_counter_ticks(void); /* counts DOWN */
/* Instructions between two board_counter_ticks() readings. */
uint64_t board_instructions_between(uint32_t before, uint32_t after);

/* Fills the unused stack below the caller's frame with a pattern. */
void board_stack_paint(void);
/* Bytes of stack ever used (from the top to the lowest overwritten word). */
uint32_t board_stack_high_water_bytes(void);
/* Non-zero when the lowest stack word was overwritten: the stack overflowed. */
int board_stack_overflowed(void);

#endif
