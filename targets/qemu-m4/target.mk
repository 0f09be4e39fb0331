# Board files for QEMU mps2-an386 (Cortex-M4F). The generated Makefile
# includes this file when the tree was compiled with --target qemu-m4 and then
# links $(TARGET_ELF) from the model objects plus $(TARGET_SOURCES).
TARGET_DIR ?= target
TARGET_ELF := firmware.elf
TARGET_SOURCES += $(TARGET_DIR)/startup.c $(TARGET_DIR)/semihost.c \
                  $(TARGET_DIR)/board.c $(TARGET_DIR)/main.c \
                  $(TARGET_DIR)/harness_report.c
# No fused multiply-add contraction: float kernels then round exactly as on
# the host, so float and hybrid models match the host runtime bit for bit.
TARGET_CFLAGS += -I$(TARGET_DIR) -I. -ffp-contract=off
# nano.specs without nosys.specs: anything that reaches for the heap or a
# system call (malloc -> _sbrk) fails to link instead of slipping in.
TARGET_LDFLAGS += -mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard -mthumb \
                  -T$(TARGET_DIR)/qemu_m4.ld -nostartfiles --specs=nano.specs \
                  -Wl,--gc-sections -Wl,-Map=firmware.map
# `make MOTE_PROFILE=1`: the harness also writes profile.txt, the instructions
# of each step of the plan (profile.h). Normal builds carry none of it.
ifneq ($(MOTE_PROFILE),)
TARGET_SOURCES += $(TARGET_DIR)/profile.c
TARGET_CFLAGS += -DMOTE_PROFILE
endif
ifneq ($(MOTE_LISTEN),)
include $(TARGET_DIR)/listen.mk
endif
