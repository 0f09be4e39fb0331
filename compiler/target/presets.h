// Memory budgets of the boards `--target` names: flash and RAM regions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mote::target {

enum class RegionKind { kFlash, kRam };

struct MemoryRegion {
  std::string name;  // as the datasheet calls it: "flash", "TCM", "SRAM"
  RegionKind kind;
  int64_t bytes;
};

struct Preset {
  std::string name;
  std::string description;
  std::vector<MemoryRegion> regions;
  bool emulated = false;  // `mote run --target` can execute it (QEMU)
};

const std::vector<Preset>& presets();
// Throws Error(kUsage) naming the known presets when `name` is not one.
const Preset& find_preset(const std::string& name);

}  // namespace mote::target
