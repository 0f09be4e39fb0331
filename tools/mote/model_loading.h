// Loading a model the way every subcommand does: read and validate the file,
// then apply the user's --input-shape resizes (shape inference pass).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace mote::cli {

struct ModelArgs {
  std::string path;
  std::vector<std::string> input_shapes;  // "1x1760", one per model input
};

// Registers the positional MODEL and --input-shape on `app`.
void add_model_args(CLI::App& app, ModelArgs& args);

ir::Model load_model(const ModelArgs& args);

}  // namespace mote::cli
