// The IR's typed options as a TFLite BuiltinOptions union member (the inverse
// of options.h).
#pragma once

#include <string>

#include "compiler/ir/ir.h"
#include "compiler/tflite/schema_generated.h"

namespace mote::tflite {

struct WrittenOptions {
  ::tflite::BuiltinOptions type = ::tflite::BuiltinOptions::NONE;
  flatbuffers::Offset<void> table;
};

// Throws mote::Error (naming `file` and `where`) when op.options holds an
// alternative op.type does not take, or an ir::Padding/Activation value
// outside its enum.
WrittenOptions write_options(flatbuffers::FlatBufferBuilder& fbb, const ir::Op& op,
                             const std::string& file, const std::string& where);

}  // namespace mote::tflite
