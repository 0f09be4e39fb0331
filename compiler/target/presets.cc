#include "compiler/target/presets.h"

#include <fmt/format.h>

#include "compiler/ir/error.h"

namespace mote::target {

namespace {
constexpr int64_t kKiB = 1024;
constexpr int64_t kMiB = 1024 * kKiB;
}  // namespace

const std::vector<Preset>& presets() {
  static const std::vector<Preset> all = {
      {"qemu-m4",
       "QEMU mps2-an386 (Cortex-M4F): 4 MB code SSRAM used as flash, 4 MB data SSRAM",
       {{"flash", RegionKind::kFlash, 4 * kMiB}, {"SRAM", RegionKind::kRam, 4 * kMiB}},
       true},
      {"mt3620-m4",
       "MediaTek MT3620 (Azure Sphere) real-time Cortex-M4F core: 192 KB TCM + 64 KB SRAM, 1 MB "
       "flash",
       {{"flash", RegionKind::kFlash, 1 * kMiB},
        {"TCM", RegionKind::kRam, 192 * kKiB},
        {"SRAM", RegionKind::kRam, 64 * kKiB}}},
      {"apollo3",
       "Ambiq Apollo3 Blue (Cortex-M4F): 384 KB SRAM, 1 MB flash",
       {{"flash", RegionKind::kFlash, 1 * kMiB}, {"SRAM", RegionKind::kRam, 384 * kKiB}}},
      {"cortex-m4-256k",
       "Generic Cortex-M4F: 256 KB SRAM, 1 MB flash",
       {{"flash", RegionKind::kFlash, 1 * kMiB}, {"SRAM", RegionKind::kRam, 256 * kKiB}}},
  };
  return all;
}

const Preset& find_preset(const std::string& name) {
  std::string known;
  for (const Preset& p : presets()) {
    if (p.name == name) return p;
    known += (known.empty() ? "" : ", ") + p.name;
  }
  throw Error(ErrorCode::kUsage,
              fmt::format("--target {}: unknown target (known: {})", name, known));
}

}  // namespace mote::target
