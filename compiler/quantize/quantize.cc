#include "compiler/quantize/quantize.h"

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

int64_t constant_bytes(const ir::Model& model) {
  int64_t total = 0;
  for (const ir::Subgraph& g : model.subgraphs) {
    for (const ir::Tensor& t : g.tensors) total += static_cast<int64_t>(t.data.size());
  }
  return total;
}

}  // namespace mote::quantize
