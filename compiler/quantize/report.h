// The `mote quantize` report: per-layer SQNR of each quantized op's output
// against the float model, the graph outputs' SQNR and top-1 agreement,
// each activation's range and estimator, model sizes before and after.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "compiler/quantize/evaluate.h"
#include "compiler/quantize/quantize.h"

namespace mote::quantize {

struct ReportInputs {
  const ir::Model* float_model = nullptr;
  const QuantizeResult* result = nullptr;
  const Evaluation* evaluation = nullptr;
  const QuantizeOptions* options = nullptr;
  int calibration_samples = 0;
  std::string evaluation_source;  // "calibration set" or the held-out path
  int64_t float_bytes = 0, int8_bytes = 0;  // .tflite file sizes
  const std::vector<OpSensitivity>* sensitivity = nullptr;  // may be empty
};

nlohmann::json report_json(const ReportInputs& r);
std::string report_text(const ReportInputs& r);

}  // namespace mote::quantize
