#include "compiler/tflite/diag.h"

#include <fmt/format.h>

namespace mote::tflite {

void fail(ErrorCode code, std::string_view file, std::string_view where, std::string_view what) {
  if (where.empty()) throw Error(code, fmt::format("{}: {}", file, what));
  throw Error(code, fmt::format("{}: {}: {}", file, where, what));
}

std::string quoted(std::string_view name) {
  constexpr size_t kMaxChars = 80;
  std::string out = "'";
  for (size_t i = 0; i < name.size() && i < kMaxChars; ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  }
  if (name.size() > kMaxChars) out += "...";
  return out + "'";
}

std::string tensor_where(int subgraph, int tensor, std::string_view name) {
  return fmt::format("subgraph {} tensor {} {}", subgraph, tensor, quoted(name));
}

std::string op_where(int subgraph, int op, std::string_view type_name) {
  return fmt::format("subgraph {} op {} {}", subgraph, op, type_name);
}

std::string shape_string(std::span<const int32_t> shape) {
  return fmt::format("[{}]", fmt::join(shape, ","));
}

}  // namespace mote::tflite
