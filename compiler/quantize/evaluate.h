// How far a quantized model is from its float original on a set of inputs:
// SQNR of each op's output and of the graph outputs, top-1 agreement.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/quantize/calibration_data.h"

namespace mote::quantize {

// Signal and noise energy summed over samples; SQNR = 10 log10(signal / noise).
struct Sqnr {
  double signal = 0, noise = 0;
  void add(std::span<const float> reference, std::span<const float> approximation);
  double db() const;  // +inf when noise is 0
};

struct LayerSqnr {
  int op = 0;         // index into the float model's ops
  int tensor = 0;     // its output tensor (same index in both models)
  Sqnr sqnr;
};

struct Evaluation {
  std::vector<LayerSqnr> layers;  // empty unless asked for
  std::vector<Sqnr> outputs;      // one per graph output
  int samples = 0;
  int top1_agree = 0;             // samples whose output 0 argmax matches the float model's
};

// Runs both models on every sample (float values; an int8 input is fed the
// sample quantized with its own parameters). `per_layer` compares each float
// op output with the tensor of the same index in `quantized`, which holds
// for models made by quantize_model.
Evaluation evaluate(const ir::Model& float_model, const ir::Model& quantized,
                    const CalibrationSet& set, bool per_layer);

}  // namespace mote::quantize
