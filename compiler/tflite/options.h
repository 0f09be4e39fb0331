// Converts an operator's builtin_options table into the IR's typed options.
#pragma once

#include <string>

#include "compiler/ir/ir.h"
#include "compiler/tflite/schema_generated.h"

namespace mote::tflite {

// Throws mote::Error (naming `where`) if the options table has the wrong type,
// is missing where TFLite has no usable defaults (conv, pool, control flow),
// or holds an enum value TFLite does not define. Absent optional tables read
// as TFLite's schema defaults, as TFLite's own parser does.
ir::Options convert_options(const ::tflite::Operator& op, ir::OpType type,
                            const std::string& file, const std::string& where);

}  // namespace mote::tflite
