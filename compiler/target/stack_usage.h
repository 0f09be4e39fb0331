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

}  // namespace mote::target
