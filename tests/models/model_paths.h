// Where model tests find the shared models and goldens, and how they behave
// when those are missing (skip locally, fail on CI).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace mote::test {

namespace detail {
inline std::filesystem::path normalized(const std::filesystem::path& p) {
  std::filesystem::path n = p.lexically_normal();
  return n.has_filename() ? n : n.parent_path();  // drop a trailing '/'
}

// The source tree root (tests/CMakeLists.txt defines MOTE_SOURCE_DIR).
inline std::filesystem::path source_dir() { return MOTE_SOURCE_DIR; }
}  // namespace detail

// $MOTE_MODELS_DIR, else <source>/../shared/models.
inline std::filesystem::path models_dir() {
  if (const char* env = std::getenv("MOTE_MODELS_DIR"); env && *env) {
    return detail::normalized(env);
  }
  return detail::normalized(detail::source_dir() / ".." / "shared" / "models");
}

// $MOTE_GOLDEN_DIR, else "golden" next to the models directory.
inline std::filesystem::path golden_dir() {
  if (const char* env = std::getenv("MOTE_GOLDEN_DIR"); env && *env) {
    return detail::normalized(env);
  }
  return models_dir().parent_path() / "golden";
}

// The .tflite files of one model set (e.g. "mlperf_tiny"), sorted by name.
inline std::vector<std::filesystem::path> tflite_files(const std::string& set) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(models_dir() / set, ec)) {
    if (entry.path().extension() == ".tflite") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

inline std::vector<uint8_t> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

}  // namespace mote::test

// In a TEST body: skip when the shared models are absent, but fail on CI
// (env CI set), where a missing directory means a broken checkout.
#define MOTE_REQUIRE_MODELS()                                                        \
  do {                                                                               \
    const auto mote_models_dir_ = ::mote::test::models_dir();                        \
    if (!std::filesystem::is_directory(mote_models_dir_)) {                          \
      if (std::getenv("CI")) FAIL() << "models directory missing: " << mote_models_dir_; \
      GTEST_SKIP() << "models directory missing: " << mote_models_dir_;              \
    }                                                                                \
  } while (0)
