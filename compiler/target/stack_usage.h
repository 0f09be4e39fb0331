// Per-function stack frames from GCC's -fstack-usage (.su files).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace mote::target {

struct StackFrame {
  std::string source;  // as compiled, e.g. "mote/kernels/reference/conv2d.cc"
  std::string function;
  int64_t bytes = 0;
  bool bounded = true;  // false for "dynamic" frames (alloca/VLA)
};

// Every frame in the .su files under `dir`, largest first.
std::vector<StackFrame> read_stack_usage(const std::filesystem::path& dir);

// The frames of functions the linker kept: `symbols` are the ELF's defined
// symbols (plain C names or Itanium-mangled C++ names).
std::vector<StackFrame> linked_frames(const std::vector<StackFrame>& frames,
                                      const std::vector<std::string>& symbols);

}  // namespace mote::target
