// TFLite's BuiltinOperator names, for messages about any op code.
#pragma once

#include <cstdint>

namespace mote::tflite {

// "CONV_2D" etc.; "BUILTIN_<n>" (static storage, per code) for unknown codes.
const char* builtin_operator_name(int32_t code);

}  // namespace mote::tflite
