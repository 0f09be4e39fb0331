// Model sets the writer tests round-trip: MLPerf Tiny (model_paths.h) and,
// when fetched, openWakeWord (scripts/fetch_openwakeword.sh), whose models
// are optional here (tests/oracle/conformance.test.mjs requires them on CI).
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace mote::test {

// $MOTE_OWW_DIR, else the fetch script's default cache directory.
inline std::filesystem::path oww_dir() {
  if (const char* env = std::getenv("MOTE_OWW_DIR"); env && *env) return env;
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && *cache) {
    return std::filesystem::path(cache) / "mote" / "openwakeword";
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home ? home : "/") / ".cache" / "mote" / "openwakeword";
}

inline std::vector<std::filesystem::path> oww_files() {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(oww_dir(), ec)) {
    if (entry.path().extension() == ".tflite") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The input shape a model must be given before it runs (empty: as stored).
// melspectrogram is stored for one sample; openWakeWord feeds it 1760.
inline std::vector<int32_t> run_input_shape(const std::filesystem::path& model) {
  if (model.stem() == "melspectrogram") return {1, 1760};
  return {};
}

}  // namespace mote::test
