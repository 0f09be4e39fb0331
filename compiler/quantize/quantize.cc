#include "compiler/quantize/quantize.h"

#include <algorithm>
#include <cmath>

#include "compiler/quantize/tensor_stats.h"

namespace mote::quantize {

QuantizeResult quantize(const ir::Model& float_model, const CalibrationSet& set,
                        const QuantizeOptions& options) {
  const std::vector<TensorStats> stats = collect_stats(float_model, set);
  QuantizeResult result;
  std::vector<Range> ranges;
  for (const TensorStats& s : stats) {
    RangeChoice choice{Range{INFINITY, -INFINITY}, options.estimator, 0};
    if (s.observed) choice = choose_range(s, options.estimator);
    result.ranges.push_back(choice);
    ranges.push_back(choice.range);
  }
  result.model = quantize_model(float_model, ranges, options);
  return result;
}

ir::Model requantize(const ir::Model& float_model, const QuantizeResult& result,
                     const QuantizeOptions& options) {
  std::vector<Range> ranges;
  for (const RangeChoice& c : result.ranges) ranges.push_back(c.range);
  return quantize_model(float_model, ranges, options);
}

std::vector<OpSensitivity> keep_float_sensitivity(const ir::Model& float_model,
                                                  const QuantizeResult& result,
                                                  const QuantizeOptions& options,
                                                  const CalibrationSet& set) {
  std::vector<OpSensitivity> out;
  const int ops = static_cast<int>(float_model.subgraphs[0].ops.size());
  for (int op = 0; op < ops; ++op) {
    if (std::count(options.keep_float.begin(), options.keep_float.end(), op)) continue;
    QuantizeOptions one = options;
    one.keep_float.push_back(op);
    const ir::Model mixed = requantize(float_model, result, one);
    out.push_back({op, evaluate(float_model, mixed, set, false).outputs[0].db()});
  }
  return out;
}

std::vector<int> most_sensitive_ops(const std::vector<OpSensitivity>& sensitivity, int count) {
  std::vector<OpSensitivity> sorted = sensitivity;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const OpSensitivity& a, const OpSensitivity& b) { return a.sqnr_db > b.sqnr_db; });
  std::vector<int> ops;
  for (int i = 0; i < count && i < static_cast<int>(sorted.size()); ++i) ops.push_back(sorted[i].op);
  return ops;
}

int64_t constant_bytes(const ir::Model& model) {
  int64_t total = 0;
  for (const ir::Subgraph& g : model.subgraphs) {
    for (const ir::Tensor& t : g.tensors) total += static_cast<int64_t>(t.data.size());
  }
  return total;
}

}  // namespace mote::quantize
