#include "compiler/quantize/range_estimators.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "compiler/ir/error.h"

namespace mote::quantize {

namespace {

// Smallest span a range may have, so scale never reaches 0.
constexpr float kMinSpan = 1e-6f;
constexpr int kClipSteps = 128;        // candidate clip points per side for kMse
constexpr double kPercentile = 1e-4;   // tail left out on each side by kPercentile

Range quantile_range(const TensorStats& s) {
  double total = 0;
  for (double c : s.histogram) total += c;
  const double tail = total * kPercentile;
  Range r{s.min, s.max};
  double seen = 0;
  for (int i = 0; i < kHistogramBins; ++i) {
    seen += s.histogram[i];
    if (seen > tail) {
      r.min = static_cast<float>(s.min + i * s.bin_width());
      break;
    }
  }
  seen = 0;
  for (int i = kHistogramBins - 1; i >= 0; --i) {
    seen += s.histogram[i];
    if (seen > tail) {
      r.max = static_cast<float>(s.min + (i + 1) * s.bin_width());
      break;
    }
  }
  return r;
}

// Coordinate search: the best upper clip with the lower fixed, then the
// best lower clip with the upper fixed, twice.
Range mse_range(const TensorStats& s) {
  Range best{s.min, s.max};
  double best_mse = expected_mse(s, best);
  for (int round = 0; round < 2; ++round) {
    for (int side = 0; side < 2; ++side) {
      const float extreme = side == 0 ? s.max : s.min;
      if ((side == 0 && extreme <= 0) || (side == 1 && extreme >= 0)) continue;
      Range current = best;
      for (int k = 1; k <= kClipSteps; ++k) {
        Range candidate = current;
        (side == 0 ? candidate.max : candidate.min) = extreme * k / kClipSteps;
        const double mse = expected_mse(s, candidate);
        if (mse < best_mse) {
          best_mse = mse;
          best = candidate;
        }
      }
    }
  }
  return best;
}

Range estimate(const TensorStats& s, Estimator e) {
  switch (e) {
    case Estimator::kMinMax: return {s.min, s.max};
    case Estimator::kMovingAverage:
      return {static_cast<float>(s.average_min), static_cast<float>(s.average_max)};
    case Estimator::kPercentile: return quantile_range(s);
    case Estimator::kMse: return mse_range(s);
    case Estimator::kAuto: break;
  }
  return {s.min, s.max};
}

}  // namespace

const char* estimator_name(Estimator e) {
  switch (e) {
    case Estimator::kMinMax: return "minmax";
    case Estimator::kMovingAverage: return "average";
    case Estimator::kPercentile: return "percentile";
    case Estimator::kMse: return "mse";
    case Estimator::kAuto: return "auto";
  }
  return "?";
}

Estimator parse_estimator(const std::string& name) {
  for (Estimator e : {Estimator::kMinMax, Estimator::kMovingAverage, Estimator::kPercentile,
                      Estimator::kMse, Estimator::kAuto}) {
    if (name == estimator_name(e)) return e;
  }
  throw Error(ErrorCode::kUsage,
              fmt::format("--estimator: '{}' is not one of minmax, average, percentile, mse, auto",
                          name));
}

AffineParams int8_params(Range range) {
  float lo = std::min(range.min, 0.0f);
  float hi = std::max(range.max, 0.0f);
  if (hi - lo < kMinSpan) hi = lo + kMinSpan;
  AffineParams p;
  p.scale = (hi - lo) / 255.0f;
  const double zp = std::round(-128.0 - static_cast<double>(lo) / p.scale);
  p.zero_point = static_cast<int32_t>(std::clamp(zp, -128.0, 127.0));
  return p;
}

double expected_mse(const TensorStats& s, Range range) {
  if (s.histogram.empty()) return 0;
  const AffineParams p = int8_params(range);
  const double lo = static_cast<double>(p.scale) * (-128 - p.zero_point);
  const double hi = static_cast<double>(p.scale) * (127 - p.zero_point);
  const double rounding = static_cast<double>(p.scale) * p.scale / 12.0;
  double sum = 0, total = 0;
  for (int i = 0; i < kHistogramBins; ++i) {
    const double c = s.histogram[i];
    if (c == 0) continue;
    const double x = s.bin_center(i);
    const double err = x < lo ? (x - lo) * (x - lo) : x > hi ? (x - hi) * (x - hi) : rounding;
    sum += c * err;
    total += c;
  }
  return total > 0 ? sum / total : 0;
}

RangeChoice choose_range(const TensorStats& stats, Estimator estimator) {
  if (estimator != Estimator::kAuto) {
    const Range r = estimate(stats, estimator);
    return {r, estimator, expected_mse(stats, r)};
  }
  RangeChoice best{};
  bool first = true;
  for (Estimator e : {Estimator::kMinMax, Estimator::kMovingAverage, Estimator::kPercentile,
                      Estimator::kMse}) {
    const Range r = estimate(stats, e);
    const double mse = expected_mse(stats, r);
    if (first || mse < best.mse) best = {r, e, mse};
    first = false;
  }
  return best;
}

}  // namespace mote::quantize
