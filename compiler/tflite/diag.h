// Error messages of the TFLite importer: "FILE: <where>: <what>", where
// <where> names the subgraph, tensor (index and name) or op (index and type).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "compiler/ir/error.h"

namespace mote::tflite {

[[noreturn]] void fail(ErrorCode code, std::string_view file, std::string_view where,
                       std::string_view what);

// A name from the file, quoted, shortened and with control bytes replaced, so a
// corrupt file cannot make a message unreadable.
std::string quoted(std::string_view name);

std::string tensor_where(int subgraph, int tensor, std::string_view name);
std::string op_where(int subgraph, int op, std::string_view type_name);

// "[1,49,10,1]"
std::string shape_string(std::span<const int32_t> shape);

}  // namespace mote::tflite
