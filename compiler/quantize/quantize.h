// The whole post-training quantization: calibrate a float model on samples,
// choose each activation's range, write the int8 model.
#pragma once

#include <vector>

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

// Bytes of constant data (weights, biases, quantization-free constants).
int64_t constant_bytes(const ir::Model& model);

}  // namespace mote::quantize
