// The qemu-m4 board on the host side: build a `mote compile --target qemu-m4`
// tree with make, run its firmware on QEMU mps2-an386 and collect what the
// harness (targets/qemu-m4/main.c) measured.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "compiler/target/firmware_image.h"

namespace mote::target {

// Throws Error(kIo) naming the Debian packages when make, arm-none-eabi-gcc or
// qemu-system-arm is missing.
void require_toolchain();

// Runs make in `tree` (with `make_variables`, "NAME=VALUE", on its command
// line); returns the path of the firmware.elf it linked. Throws
// Error(kInvalid) with the end of the build log if the build fails.
std::filesystem::path build_firmware(const std::filesystem::path& tree, int jobs = 2,
                                     const std::vector<std::string>& make_variables = {});

struct DeviceRun {
  std::vector<std::vector<uint8_t>> outputs;
  int64_t instructions = 0;             // one invoke; +-instructions_resolution
  int64_t instructions_resolution = 0;  // instructions per timer tick
  int64_t stack_high_water_bytes = 0;
  int64_t arena_bytes = 0;
  int64_t macs = 0;
  FirmwareSections sections;
  std::vector<std::string> heap_symbols;  // heap functions linked in (must be empty)
  std::map<std::string, int64_t> metrics;  // every line of metrics.txt
  // Instructions of each step of the plan, when the firmware was built with
  // MOTE_PROFILE=1 (profile.txt); empty otherwise.
  std::vector<int64_t> step_instructions;

  int64_t flash_bytes() const {
    return sections.code_bytes + sections.weight_bytes + sections.other_rodata_bytes;
  }
  // .data + .bss beside the arena.
  int64_t data_bss_bytes() const { return sections.data_bss_bytes - arena_bytes; }
  int64_t ram_bytes() const { return arena_bytes + stack_high_water_bytes + data_bss_bytes(); }
};

// Runs `elf` on QEMU with its working directory `workdir`, feeding
// input<i>.bin and reading output<i>.bin, metrics.txt and the link map
// firmware.map beside the ELF. Throws Error on a timeout or a failing run.
DeviceRun run_firmware(const std::filesystem::path& elf, const std::filesystem::path& workdir,
                       const std::vector<std::vector<uint8_t>>& inputs, int num_outputs,
                       std::chrono::seconds timeout);

}  // namespace mote::target
