// `mote quantize`: post-training int8 quantization of a float .tflite over
// calibration inputs, with a per-layer SQNR report (docs/quantize.md).
#include <fmt/format.h>

#include <filesystem>

#include "compiler/ir/error.h"
#include "compiler/quantize/evaluate.h"
#include "compiler/quantize/quantize.h"
#include "compiler/quantize/report.h"
#include "compiler/tflite/writer.h"
#include "tools/mote/commands.h"
#include "tools/mote/model_loading.h"

namespace mote::cli {

Command add_quantize(CLI::App& app) {
  struct Options {
    ModelArgs model;
    std::string calibration, eval, output;
    std::string io = "int8";
    std::string estimator = "auto";
    bool per_channel_fc = false;
    int64_t stride = 0;
    int max_samples = 0;
    std::vector<int> keep_float;
    int auto_keep = 0;
    bool sensitivity = false;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  add_model_args(app, opts->model);
  app.add_option("--calibration", opts->calibration,
                 "Calibration inputs: a .npy batch, a raw float32 file or a directory of them")
      ->required();
  app.add_option("-o,--output", opts->output, "Where to write the int8 .tflite")->required();
  app.add_option("--io", opts->io, "Model inputs/outputs: int8 (default) or float")
      ->check(CLI::IsMember({"int8", "float"}));
  app.add_flag("--per-channel-fc", opts->per_channel_fc,
               "One weight scale per FULLY_CONNECTED output channel (default: one per tensor, as "
               "the TFLite converter; per channel is more accurate but larger)");
  app.add_option("--estimator", opts->estimator,
                 "Activation ranges: auto (default), minmax, average, percentile, mse");
  app.add_option("--stride", opts->stride,
                 "Raw files: values between consecutive samples (windows; default one sample)");
  app.add_option("--max-samples", opts->max_samples, "Use at most this many samples from each set");
  app.add_option("--eval", opts->eval,
                 "Held-out inputs for the report (same forms as --calibration; default: the "
                 "calibration set)");
  app.add_option("--keep-float", opts->keep_float,
                 "Leave these ops (indices, e.g. 3,7) in float between DEQUANTIZE and QUANTIZE")
      ->delimiter(',');
  app.add_flag("--sensitivity", opts->sensitivity,
               "Report each op's sensitivity: the output SQNR with that op alone kept in float");
  app.add_option("--auto-keep", opts->auto_keep,
                 "Keep in float the N ops whose keeping raises the output SQNR most");
  app.add_flag("--json", opts->json, "Print the report as JSON");
  return [opts]() {
    const ir::Model float_model = load_model(opts->model);
    const ir::Subgraph& graph = float_model.subgraphs.at(0);
    if (graph.inputs.size() != 1) {
      throw Error(ErrorCode::kUnsupported,
                  fmt::format("{}: quantize takes models with one input, this has {}",
                              opts->model.path, graph.inputs.size()));
    }
    const ir::Tensor& input = graph.tensors[graph.inputs[0]];
    quantize::QuantizeOptions options;
    options.io = opts->io == "float" ? quantize::IoType::kFloat : quantize::IoType::kInt8;
    options.per_channel_fc = opts->per_channel_fc;
    options.estimator = quantize::parse_estimator(opts->estimator);
    const quantize::CalibrationOptions data_options{opts->stride, opts->max_samples};
    const quantize::CalibrationSet calibration =
        quantize::load_calibration(opts->calibration, input, data_options);
    options.keep_float = opts->keep_float;
    quantize::QuantizeResult result = quantize::quantize(float_model, calibration, options);
    const quantize::CalibrationSet held_out =
        opts->eval.empty() ? quantize::CalibrationSet{}
                           : quantize::load_calibration(opts->eval, input, data_options);
    const quantize::CalibrationSet& judged = opts->eval.empty() ? calibration : held_out;
    std::vector<quantize::OpSensitivity> sensitivity;
    if (opts->sensitivity || opts->auto_keep > 0) {
      sensitivity = quantize::keep_float_sensitivity(float_model, result, options, judged);
    }
    if (opts->auto_keep > 0) {
      for (int op : quantize::most_sensitive_ops(sensitivity, opts->auto_keep)) {
        options.keep_float.push_back(op);
      }
      result.model = quantize::requantize(float_model, result, options);
    }
    tflite::write_tflite_file(result.model, opts->output);
    const quantize::Evaluation evaluation =
        quantize::evaluate(float_model, result.model, judged, true);
    quantize::ReportInputs report;
    report.float_model = &float_model;
    report.result = &result;
    report.evaluation = &evaluation;
    report.options = &options;
    report.calibration_samples = static_cast<int>(calibration.samples.size());
    report.evaluation_source = opts->eval.empty() ? "the calibration set" : opts->eval;
    report.float_bytes = static_cast<int64_t>(std::filesystem::file_size(opts->model.path));
    report.int8_bytes = static_cast<int64_t>(std::filesystem::file_size(opts->output));
    report.sensitivity = &sensitivity;
    if (opts->json) {
      nlohmann::json j = quantize::report_json(report);
      j["model"] = opts->model.path;
      j["output"] = opts->output;
      fmt::print("{}\n", j.dump(2));
    } else {
      fmt::print("{}", quantize::report_text(report));
      fmt::print("wrote {}\n", opts->output);
    }
    return 0;
  };
}

}  // namespace mote::cli
