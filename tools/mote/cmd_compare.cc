// `mote compare A.tflite B.tflite --inputs FILE|DIR [--json]`: runs both
// models on the same inputs and reports how closely B follows A.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "compiler/ir/error.h"
#include "compiler/quantize/calibration_data.h"
#include "compiler/report/compare.h"
#include "compiler/tflite/reader.h"
#include "tools/mote/commands.h"

namespace mote::cli {

Command add_compare(CLI::App& app) {
  struct Options {
    std::string model_a, model_b, inputs;
    int64_t stride = 0;
    int max_samples = 0;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  app.add_option("reference", opts->model_a, "Reference model A (.tflite), e.g. the float one")
      ->required();
  app.add_option("model", opts->model_b, "Model B (.tflite) compared against A")->required();
  app.add_option("--inputs", opts->inputs,
                 "Samples: a .npy batch (N x input shape, float32), a raw float32 file, or a "
                 "directory of those (one sample or batch each)")
      ->required();
  app.add_option("--stride", opts->stride,
                 "Raw float32 files: values between consecutive windows (default: one full "
                 "sample, no overlap)")
      ->check(CLI::PositiveNumber);
  app.add_option("--max-samples", opts->max_samples, "Use at most N samples")
      ->check(CLI::PositiveNumber);
  app.add_flag("--json", opts->json, "Print one JSON object instead of text");
  return [opts]() {
    const ir::Model a = tflite::load_model(opts->model_a);
    const ir::Model b = tflite::load_model(opts->model_b);
    const ir::Subgraph& graph = a.subgraphs[0];
    if (graph.inputs.size() != 1) {
      throw Error(ErrorCode::kUnsupported,
                  fmt::format("{}: compare needs a single-input model ({} inputs)", a.path,
                              graph.inputs.size()));
    }
    const quantize::CalibrationSet set = quantize::load_calibration(
        opts->inputs, graph.tensors[graph.inputs[0]], {opts->stride, opts->max_samples});
    const report::ModelComparison c = report::compare_models(a, b, set.samples);
    if (opts->json) {
      nlohmann::json j = report::comparison_json(c);
      j["reference"] = a.path;
      j["model"] = b.path;
      fmt::print("{}\n", j.dump(2));
      return 0;
    }
    fmt::print("{} (reference) vs {} on {} sample{}\n", a.path, b.path, c.samples,
               c.samples == 1 ? "" : "s");
    for (size_t i = 0; i < c.outputs.size(); ++i) {
      const report::OutputComparison& o = c.outputs[i];
      fmt::print("output {} '{}' ({} values): SQNR {} dB, max |error| {:.6g}, cosine {:.6f}, "
                 "top-1 agreement {:.4f}\n",
                 i, o.name, o.values_per_sample,
                 std::isfinite(o.sqnr_db) ? fmt::format("{:.2f}", o.sqnr_db) : "inf",
                 o.max_abs_error, o.cosine, o.top1_agreement);
    }
    return 0;
  };
}

}  // namespace mote::cli
