/* Reset and fault handlers and the vector table for the Cortex-M4F of QEMU
 * mps2-an386. No interrupts are used: the table stops after the system
 * exceptions. */
#include <stdint.h>

#include "semihost.h"

extern uint32_t __stack_top[];
extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __bss_start[], __bss_end[];

int main(void);

/* Exit status the host maps to "the firmware faulted". */
#define EXIT_FAULT 70

#define SCB_CPACR (*(volatile uint32_t*)0xE000ED88u)
#define CPACR_CP10_CP11_FULL (0xFu << 20)

void Reset_Handler(void) {
  /* Hard-float code may touch the FPU anywhere: enable it before any C runs. */
  SCB_CPACR |= CPACR_CP10_CP11_FULL;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  for (uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;) *dst++ = *src++;
  for (uint32_t* dst = __bss_start; dst < __bss_end;) *dst++ = 0;
  semihost_exit(main());
}

static void Fault_Handler(void) {
  semihost_print("firmware: fault (hard/memory/bus/usage)\n");
  semihost_exit(EXIT_FAULT);
}

__attribute__((section(".vectors"), used)) static void* const vector_table[16] = {
    __stack_top,          /* initial SP */
    (void*)Reset_Handler, /* reset */
    (void*)Fault_Handler, /* NMI */
    (void*)Fault_Handler, /* hard fault */
    (void*)Fault_Handler, /* memory management */
    (void*)Fault_Handler, /* bus fault */
    (void*)Fault_Handler, /* usage fault */
    0, 0, 0, 0,           /* reserved */
    (void*)Fault_Handler, /* SVCall */
    (void*)Fault_Handler, /* debug monitor */
    0,                    /* reserved */
    (void*)Fault_Handler, /* PendSV */
    (void*)Fault_Handler, /* SysTick */
};
