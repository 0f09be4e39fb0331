# Board files for QEMU mps2-an386 (Cortex-M4F). The generated CMakeLists.txt
# includes this file when the tree was compiled with --target qemu-m4 and then
# links ${TARGET_ELF} from the model sources plus ${TARGET_SOURCES}.
set(TARGET_DIR ${CMAKE_CURRENT_LIST_DIR})
set(TARGET_ELF firmware.elf)
list(APPEND TARGET_SOURCES
  ${TARGET_DIR}/startup.c ${TARGET_DIR}/semihost.c ${TARGET_DIR}/board.c ${TARGET_DIR}/main.c
  ${TARGET_DIR}/harness_report.c)
# -DMOTE_PROFILE=ON: the harness also writes profile.txt (instructions per step).
if(MOTE_PROFILE)
  list(APPEND TARGET_SOURCES ${TARGET_DIR}/profile.c)
  list(APPEND TARGET_CFLAGS -DMOTE_PROFILE)
endif()
# No fused multiply-add contraction: float kernels then round exactly as on
# the host, so float and hybrid models match the host runtime bit for bit.
list(APPEND TARGET_CFLAGS -I${TARGET_DIR} -I${CMAKE_CURRENT_SOURCE_DIR} -ffp-contract=off)
list(APPEND TARGET_LDFLAGS -mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -mfloat-abi=hard -mthumb
  -T${TARGET_DIR}/qemu_m4.ld -nostartfiles --specs=nano.specs
  -Wl,--gc-sections -Wl,-Map=${CMAKE_CURRENT_BINARY_DIR}/firmware.map)
# The model's C++ kernels need no libstdc++ (no exceptions, RTTI or heap), and
# Debian's toolchain ships no libstdc++_nano: link with the C driver.
set(CMAKE_CXX_LINK_EXECUTABLE
  "<CMAKE_C_COMPILER> <FLAGS> <CMAKE_CXX_LINK_FLAGS> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
