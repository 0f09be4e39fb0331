// Per-tensor statistics of a float model's activations over a calibration
// set: running min/max, an exponential moving average of per-sample min/max
// and a histogram over [min, max] (a second pass, once the span is known).
#pragma once

#include <limits>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/quantize/calibration_data.h"

namespace mote::quantize {

inline constexpr int kHistogramBins = 2048;
// Weight of the newest sample in the moving average of min/max (as TensorFlow's
// quantization-aware training does with its default momentum 0.99 on batches;
// samples here are single inputs, so the average forgets faster).
inline constexpr double kMovingAverageWeight = 0.1;

struct TensorStats {
  bool observed = false;
  float min = std::numeric_limits<float>::infinity();
  float max = -std::numeric_limits<float>::infinity();
  double average_min = 0, average_max = 0;  // moving averages of per-sample min/max
  std::vector<double> histogram;            // kHistogramBins counts over [min, max]

  double bin_width() const { return (static_cast<double>(max) - min) / kHistogramBins; }
  double bin_center(int i) const { return min + (i + 0.5) * bin_width(); }
};

// Runs `model` (float) over every sample with Mote's float kernels and
// returns statistics indexed by tensor of subgraph 0 (float32 tensors only).
std::vector<TensorStats> collect_stats(const ir::Model& model, const CalibrationSet& set);

}  // namespace mote::quantize
