// The model-specific C of a generated tree: model.h (the API), model.c (the
// arena, parameter structs and the invoke function), model_data.h/.c (every
// constant array the calls read, stored once).
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "compiler/plan/executable.h"

namespace mote::codegen {

struct ModelSources {
  std::string model_h, model_c, model_data_h, model_data_c;
  std::set<std::string> functions;  // kernel functions model.c calls
  uint64_t constant_bytes = 0;      // bytes of the arrays in model_data.c
  int num_calls = 0;
};

// Throws Error when a step cannot be expressed as a direct call.
ModelSources generate_model_sources(const plan::Executable& exe);

}  // namespace mote::codegen
