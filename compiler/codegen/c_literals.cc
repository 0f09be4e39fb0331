#include "compiler/codegen/c_literals.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace mote::codegen {

std::string int_literal(int64_t value) {
  if (value == std::numeric_limits<int64_t>::min()) return "(-9223372036854775807LL - 1)";
  if (value == std::numeric_limits<int32_t>::min()) return "(-2147483647 - 1)";
  if (value > std::numeric_limits<int32_t>::max() || value < std::numeric_limits<int32_t>::min()) {
    return fmt::format("{}LL", value);
  }
  return fmt::format("{}", value);
}

std::string uint_literal(uint64_t value) {
  return value > std::numeric_limits<uint32_t>::max() ? fmt::format("{}ULL", value)
                                                      : fmt::format("{}u", value);
}

std::string float_literal(float value) {
  if (std::isnan(value)) return "__builtin_nanf(\"\")";
  if (std::isinf(value)) return value > 0 ? "__builtin_inff()" : "(-__builtin_inff())";
  // Nine significant digits identify every float exactly.
  std::string s = fmt::format("{:.9g}", value);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s + "f";
}

std::string string_literal(std::string_view text) {
  std::string s = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      s += '\\';
      s += static_cast<char>(c);
    } else if (c == '?') {
      s += "\\?";  // no trigraphs
    } else if (c < 0x20 || c >= 0x7F) {
      s += fmt::format("\\{:03o}", c);
    } else {
      s += static_cast<char>(c);
    }
  }
  return s + "\"";
}

std::string wrapped_list(const std::string& head, const std::vector<std::string>& items,
                         const std::string& tail) {
  constexpr size_t kWidth = 100;
  std::string out = head;
  const std::string continuation(head.size(), ' ');
  size_t column = head.size();
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string piece = items[i] + (i + 1 < items.size() ? "," : tail);
    if (i > 0) {
      if (column + 1 + piece.size() > kWidth) {
        out += "\n" + continuation;
        column = continuation.size();
      } else {
        out += ' ';
        ++column;
      }
    }
    out += piece;
    column += piece.size();
  }
  if (items.empty()) out += tail;
  return out;
}

std::string comment_text(std::string_view text) {
  std::string s;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = text[i];
    if (c == '*' && i + 1 < text.size() && text[i + 1] == '/') {
      s += "* ";
    } else if (c == '\n' || c == '\r') {
      s += ' ';
    } else {
      s += static_cast<char>(c);
    }
  }
  return s;
}

}  // namespace mote::codegen
