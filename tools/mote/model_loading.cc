#include "tools/mote/model_loading.h"

#include <fmt/format.h>

#include <charconv>

#include "compiler/ir/error.h"
#include "compiler/passes/infer_shapes.h"
#include "compiler/tflite/reader.h"

namespace mote::cli {
namespace {

// "1x1760" (or "1,1760") -> {1, 1760}.
std::vector<int32_t> parse_shape(const std::string& text) {
  std::vector<int32_t> shape;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    int32_t d = 0;
    auto [next, ec] = std::from_chars(p, end, d);
    if (ec != std::errc() || (next != end && *next != 'x' && *next != ',')) {
      throw Error(ErrorCode::kUsage,
                  fmt::format("--input-shape {}: expected dimensions like 1x1760", text));
    }
    shape.push_back(d);
    p = next == end ? end : next + 1;
  }
  if (shape.empty()) throw Error(ErrorCode::kUsage, "--input-shape: empty shape");
  return shape;
}

}  // namespace

void add_model_args(CLI::App& app, ModelArgs& args) {
  app.add_option("model", args.path, "Model (.tflite)")->required();
  app.add_option("--input-shape", args.input_shapes,
                 "Shape of each model input, e.g. 1x1760 (resizes dynamic dimensions)");
}

ir::Model load_model(const ModelArgs& args) {
  ir::Model model = tflite::load_model(args.path);
  if (!args.input_shapes.empty()) {
    std::vector<std::vector<int32_t>> shapes;
    for (const std::string& s : args.input_shapes) shapes.push_back(parse_shape(s));
    passes::resize_inputs(model, shapes);
  }
  return model;
}

}  // namespace mote::cli
