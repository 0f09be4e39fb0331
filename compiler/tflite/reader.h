// Imports a .tflite file into Mote's IR. The file is validated first (see
// validate.h); any problem throws mote::Error "FILE: <where>: <what>".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace mote::tflite {

ir::Model load_model(const std::string& path);

// As load_model, for bytes already in memory; `path_for_messages` names them
// in errors. The model keeps the bytes: constant tensors point into them.
ir::Model load_model_bytes(std::vector<uint8_t> bytes, const std::string& path_for_messages);

}  // namespace mote::tflite
