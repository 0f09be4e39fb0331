// Does a model's footprint fit a preset's memory regions, and if not, which
// region overflows by how many bytes.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "compiler/target/presets.h"

namespace mote::target {

// What the model needs. The arena is one static array, so it must sit whole
// inside a single RAM region; everything else may spread over the rest.
struct Footprint {
  int64_t flash_bytes = 0;  // weights + code + other read-only data
  int64_t arena_bytes = 0;
  int64_t other_ram_bytes = 0;  // stack, .data, .bss beside the arena
};

struct RegionUse {
  std::string region;  // region name, or "RAM (all regions)" for the RAM total
  int64_t needed = 0;
  int64_t available = 0;
  int64_t overflow() const { return needed > available ? needed - available : 0; }
};

struct FitVerdict {
  std::string target;
  std::vector<RegionUse> uses;  // flash, the arena's region, the RAM total
  bool fits() const;
  // "fits qemu-m4: flash 123 / 4194304 bytes, ..." or
  // "does not fit mt3620-m4: region TCM overflows by 12345 bytes (needs ..., has ...)".
  std::string summary() const;
};

FitVerdict check_fit(const Preset& preset, const Footprint& footprint);

// {"target", "fits", "regions": [{"region", "needed", "available", "overflow"}]}
nlohmann::json to_json(const FitVerdict& verdict);

// Throws Error(kDoesNotFit) "MODEL: does not fit T: region R overflows by N bytes ..."
// when the verdict is negative.
void require_fit(const FitVerdict& verdict, const std::string& model_path);

}  // namespace mote::target
