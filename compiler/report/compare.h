// `mote compare`: how closely model B follows model A (the reference) on the
// same inputs, per graph output: max abs error, SQNR, cosine similarity and
// top-1 agreement. Outputs are compared as real values (quantized outputs are
// dequantized first), so a float model and its int8 version compare directly.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace mote::report {

struct OutputComparison {
  std::string name;               // output tensor name in model A
  int64_t values_per_sample = 0;
  double max_abs_error = 0;       // max |b - a| over all samples
  double sqnr_db = 0;             // 10 log10(sum a^2 / sum (b - a)^2); +inf when equal
  double cosine = 0;              // over all values of all samples
  double top1_agreement = 0;      // fraction of samples with the same argmax
};

struct ModelComparison {
  int samples = 0;
  std::vector<OutputComparison> outputs;
};

// Runs both single-input models on every sample (real values: float inputs
// take them as they are, int8/uint8 inputs get them quantized with their own
// scale and zero point). Throws Error (kUsage) naming both files when the
// models' inputs or outputs differ in number or size.
ModelComparison compare_models(const ir::Model& a, const ir::Model& b,
                               const std::vector<std::vector<float>>& samples);

// {"samples": N, "outputs": [{"index", "name", "values", "sqnr_db" (null when
// the outputs are identical: infinite SQNR), "max_abs_error", "cosine",
// "top1_agreement"}]}
nlohmann::json comparison_json(const ModelComparison& comparison);

}  // namespace mote::report
