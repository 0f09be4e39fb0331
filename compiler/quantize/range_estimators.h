// Range estimators: the real interval [min, max] an activation tensor's int8
// parameters must cover, chosen from its calibration statistics.
#pragma once

#include <string>

#include "compiler/quantize/tensor_stats.h"

namespace mote::quantize {

enum class Estimator {
  kMinMax,         // the extreme values seen
  kMovingAverage,  // moving average of per-sample min and max
  kPercentile,     // 0.01 % / 99.99 % quantiles of the histogram
  kMse,            // clipping that minimizes the expected squared error
  kAuto,           // per tensor, whichever of the above has the least expected error
};

const char* estimator_name(Estimator e);
// Parses "minmax", "average", "percentile", "mse", "auto"; throws Error(kUsage).
Estimator parse_estimator(const std::string& name);

struct Range {
  float min = 0, max = 0;
};

// Int8 asymmetric parameters TFLite-style: the range is widened to hold 0,
// scale = (max - min) / 255, zero point = round(-128 - min / scale) clamped.
struct AffineParams {
  float scale = 1;
  int32_t zero_point = 0;
};
AffineParams int8_params(Range range);

// Mean squared error per value of quantizing the histogrammed values with
// int8_params(range): clipped values cost their distance to the clip
// point, the rest scale^2 / 12 (uniform rounding error).
double expected_mse(const TensorStats& stats, Range range);

struct RangeChoice {
  Range range;
  Estimator estimator = Estimator::kMinMax;  // for kAuto: the one chosen
  double mse = 0;
};
RangeChoice choose_range(const TensorStats& stats, Estimator estimator);

}  // namespace mote::quantize
