#include "compiler/target/fit.h"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/ir/error.h"

namespace mote::target {

bool FitVerdict::fits() const {
  return std::all_of(uses.begin(), uses.end(),
                     [](const RegionUse& u) { return u.overflow() == 0; });
}

std::string FitVerdict::summary() const {
  std::string text;
  if (fits()) {
    text = fmt::format("fits {}:", target);
    for (const RegionUse& u : uses) {
      text += fmt::format(" {} {} / {} bytes;", u.region, u.needed, u.available);
    }
    text.pop_back();
    return text;
  }
  text = fmt::format("does not fit {}:", target);
  for (const RegionUse& u : uses) {
    if (u.overflow() == 0) continue;
    text += fmt::format(" region {} overflows by {} bytes (needs {}, has {});", u.region,
                        u.overflow(), u.needed, u.available);
  }
  text.pop_back();
  return text;
}

FitVerdict check_fit(const Preset& preset, const Footprint& footprint) {
  FitVerdict verdict{preset.name, {}};
  int64_t flash = 0, ram_total = 0;
  const MemoryRegion* largest_ram = nullptr;
  int ram_regions = 0;
  for (const MemoryRegion& r : preset.regions) {
    if (r.kind == RegionKind::kFlash) {
      flash += r.bytes;
      continue;
    }
    ++ram_regions;
    ram_total += r.bytes;
    if (!largest_ram || r.bytes > largest_ram->bytes) largest_ram = &r;
  }
  verdict.uses.push_back({"flash", footprint.flash_bytes, flash});
  if (!largest_ram) return verdict;
  const int64_t ram_needed = footprint.arena_bytes + footprint.other_ram_bytes;
  if (ram_regions == 1) {
    verdict.uses.push_back({largest_ram->name, ram_needed, largest_ram->bytes});
    return verdict;
  }
  // The arena cannot be split: it goes to the largest RAM region.
  verdict.uses.push_back({largest_ram->name, footprint.arena_bytes, largest_ram->bytes});
  verdict.uses.push_back({"RAM (all regions)", ram_needed, ram_total});
  return verdict;
}

nlohmann::json to_json(const FitVerdict& verdict) {
  nlohmann::json regions = nlohmann::json::array();
  for (const RegionUse& u : verdict.uses) {
    regions.push_back({{"region", u.region},
                       {"needed", u.needed},
                       {"available", u.available},
                       {"overflow", u.overflow()}});
  }
  return {{"target", verdict.target}, {"fits", verdict.fits()}, {"regions", regions}};
}

void require_fit(const FitVerdict& verdict, const std::string& model_path) {
  if (!verdict.fits()) {
    throw Error(ErrorCode::kDoesNotFit, fmt::format("{}: {}", model_path, verdict.summary()));
  }
}

}  // namespace mote::target
