// Spelling host values as C source: literals that the target compiler reads
// back to the same bits, identifiers, string literals.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mote::codegen {

std::string int_literal(int64_t value);     // INT32/INT64_MIN spelled without overflow
std::string uint_literal(uint64_t value);   // "12u"
std::string float_literal(float value);     // round-trips exactly: "0.0392156877f", "-0.0f"
std::string string_literal(std::string_view text);  // quoted and escaped
// head + "a, b, ..." + tail (e.g. "f(" ... ");"), wrapped at 100 columns with
// continuation lines aligned under the first item.
std::string wrapped_list(const std::string& head, const std::vector<std::string>& items,
                         const std::string& tail);

// `text` as a C comment body (no "*/" inside).
std::string comment_text(std::string_view text);

}  // namespace mote::codegen
