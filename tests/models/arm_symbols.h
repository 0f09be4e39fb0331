// Symbols of Arm objects, for the `mote compile` tests that check a tree's
// linked code holds no heap function.
#pragma once

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "models/compile_tree.h"

namespace mote::test {

// Symbols (defined or undefined) of an ARM object, archive or ELF.
inline std::vector<std::string> arm_symbols(const std::filesystem::path& file) {
  const CommandResult r =
      run_command("arm-none-eabi-nm --format=just-symbols " + quoted(file));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::string> symbols;
  std::istringstream lines(r.output);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() != ':') symbols.push_back(line);
  }
  return symbols;
}

inline void expect_no_heap(const std::filesystem::path& file) {
  const std::regex heap(
      "(malloc|calloc|realloc|free|_sbrk|_sbrk_r|_malloc_r|_free_r|_calloc_r|_realloc_r|"
      "aligned_alloc|posix_memalign|_Znw.*|_Zna.*|_Zdl.*|_Zda.*)");
  for (const std::string& s : arm_symbols(file)) {
    EXPECT_FALSE(std::regex_match(s, heap)) << file << " has heap symbol " << s;
  }
}

}  // namespace mote::test
