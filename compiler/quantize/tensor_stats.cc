#include "compiler/quantize/tensor_stats.h"

#include <algorithm>

#include "compiler/quantize/model_runner.h"

namespace mote::quantize {

namespace {

void add_min_max(TensorStats& s, std::span<const float> values) {
  if (values.empty()) return;
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  if (!s.observed) {
    s.average_min = *lo;
    s.average_max = *hi;
  } else {
    s.average_min += kMovingAverageWeight * (*lo - s.average_min);
    s.average_max += kMovingAverageWeight * (*hi - s.average_max);
  }
  s.observed = true;
  s.min = std::min(s.min, *lo);
  s.max = std::max(s.max, *hi);
}

void add_histogram(TensorStats& s, std::span<const float> values) {
  if (s.histogram.empty()) s.histogram.assign(kHistogramBins, 0.0);
  const double width = s.bin_width();
  for (float v : values) {
    // Compared as doubles first: a NaN or out-of-range value must not reach the int cast.
    const double position = width > 0 ? (v - static_cast<double>(s.min)) / width : 0.0;
    const int bin = position >= kHistogramBins - 1 ? kHistogramBins - 1
                    : position > 0                 ? static_cast<int>(position)
                                                   : 0;
    s.histogram[bin] += 1;
  }
}

}  // namespace

std::vector<TensorStats> collect_stats(const ir::Model& model, const CalibrationSet& set) {
  ModelRunner runner(model);
  const auto& tensors = runner.graph().tensors;
  std::vector<TensorStats> stats(tensors.size());
  auto is_activation = [&](int t) { return tensors[t].dtype == ir::DType::kFloat32; };
  for (const auto& sample : set.samples) {
    runner.run(sample, [&](int t, std::span<const float> v) {
      if (is_activation(t)) add_min_max(stats[t], v);
    });
  }
  for (const auto& sample : set.samples) {
    runner.run(sample, [&](int t, std::span<const float> v) {
      if (is_activation(t)) add_histogram(stats[t], v);
    });
  }
  return stats;
}

}  // namespace mote::quantize
