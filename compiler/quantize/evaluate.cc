#include "compiler/quantize/evaluate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "compiler/ir/error.h"
#include "compiler/quantize/model_runner.h"

namespace mote::quantize {

void Sqnr::add(std::span<const float> reference, std::span<const float> approximation) {
  const size_t n = std::min(reference.size(), approximation.size());
  for (size_t i = 0; i < n; ++i) {
    const double r = reference[i], d = r - approximation[i];
    signal += r * r;
    noise += d * d;
  }
}

double Sqnr::db() const {
  if (noise == 0) return std::numeric_limits<double>::infinity();
  if (signal == 0) return -std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal / noise);
}

namespace {

size_t argmax(const std::vector<float>& v) {
  return static_cast<size_t>(std::max_element(v.begin(), v.end()) - v.begin());
}

}  // namespace

Evaluation evaluate(const ir::Model& float_model, const ir::Model& quantized,
                    const CalibrationSet& set, bool per_layer) {
  ModelRunner reference(float_model);
  ModelRunner candidate(quantized);
  if (reference.graph().outputs.size() != candidate.graph().outputs.size()) {
    throw Error(ErrorCode::kUsage, fmt::format("{} has {} outputs, {} has {}", float_model.path,
                                               reference.graph().outputs.size(), quantized.path,
                                               candidate.graph().outputs.size()));
  }
  Evaluation e;
  e.outputs.resize(reference.graph().outputs.size());
  std::map<int, size_t> layer_of_tensor;
  if (per_layer) {
    const auto& ops = float_model.subgraphs[0].ops;
    for (size_t i = 0; i < ops.size(); ++i) {
      if (ops[i].outputs.empty()) continue;
      layer_of_tensor[ops[i].outputs[0]] = e.layers.size();
      e.layers.push_back({static_cast<int>(i), ops[i].outputs[0], {}});
    }
  }
  std::map<int, std::vector<float>> float_tensors;
  for (const auto& sample : set.samples) {
    float_tensors.clear();
    reference.run(sample, per_layer ? ModelRunner::TensorCallback(
                                          [&](int t, std::span<const float> v) {
                                            if (layer_of_tensor.count(t)) {
                                              float_tensors[t].assign(v.begin(), v.end());
                                            }
                                          })
                                    : nullptr);
    candidate.run(sample, per_layer ? ModelRunner::TensorCallback(
                                          [&](int t, std::span<const float> v) {
                                            auto it = float_tensors.find(t);
                                            if (it == float_tensors.end()) return;
                                            e.layers[layer_of_tensor[t]].sqnr.add(it->second, v);
                                          })
                                    : nullptr);
    for (size_t o = 0; o < e.outputs.size(); ++o) {
      const std::vector<float> f = reference.output(static_cast<int>(o));
      const std::vector<float> q = candidate.output(static_cast<int>(o));
      e.outputs[o].add(f, q);
      if (o == 0 && argmax(f) == argmax(q)) ++e.top1_agree;
    }
    ++e.samples;
  }
  return e;
}

}  // namespace mote::quantize
