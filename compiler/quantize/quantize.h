// The whole post-training quantization: calibrate a float model on samples,
// choose each activation's range, write the int8 model.
#pragma once

#include <vector>

#include "compiler/quantize/evaluate.h"

#include "compiler/ir/ir.h"
#include "compiler/quantize/calibration_data.h"
#include "compiler/quantize/quantize_model.h"
#include "compiler/quantize/range_estimators.h"

namespace mote::quantize {

struct QuantizeResult {
  ir::Model model;
  std::vector<RangeChoice> ranges;  // per float tensor; unobserved ones have min > max
};

QuantizeResult quantize(const ir::Model& float_model, const CalibrationSet& set,
                        const QuantizeOptions& options);

// The int8 model again from `result`'s ranges with other options (e.g. more
// ops kept in float), without calibrating again.
ir::Model requantize(const ir::Model& float_model, const QuantizeResult& result,
                     const QuantizeOptions& options);

// Per-layer sensitivity: for each op, the output SQNR (output 0, dB) on
// `set` of the model quantized with `result`'s ranges and that op alone
// (besides options.keep_float) left in float.
struct OpSensitivity {
  int op = 0;
  double sqnr_db = 0;
};
std::vector<OpSensitivity> keep_float_sensitivity(const ir::Model& float_model,
                                                  const QuantizeResult& result,
                                                  const QuantizeOptions& options,
                                                  const CalibrationSet& set);

// The `count` ops whose keeping in float raises the output SQNR most, by
// keep_float_sensitivity (best first).
std::vector<int> most_sensitive_ops(const std::vector<OpSensitivity>& sensitivity, int count);

// Bytes of constant data (weights, biases, quantization-free constants).
int64_t constant_bytes(const ir::Model& model);

}  // namespace mote::quantize
