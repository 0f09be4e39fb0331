// Range estimators, int8 parameters and constant quantization of the
// quantizer, on hand-made statistics and tensors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "compiler/ir/error.h"
#include "compiler/quantize/calibration_data.h"
#include "compiler/quantize/range_estimators.h"
#include "compiler/quantize/weight_quantization.h"

namespace mote::quantize {
namespace {

// Statistics of `values` as collect_stats would build them (one sample).
TensorStats stats_of(const std::vector<float>& values) {
  TensorStats s;
  s.observed = true;
  for (float v : values) {
    s.min = std::min(s.min, v);
    s.max = std::max(s.max, v);
  }
  s.average_min = s.min;
  s.average_max = s.max;
  s.histogram.assign(kHistogramBins, 0);
  for (float v : values) {
    const int bin = static_cast<int>((v - s.min) / s.bin_width());
    s.histogram[std::clamp(bin, 0, kHistogramBins - 1)] += 1;
  }
  return s;
}

TEST(QuantizeParams, AsymmetricInt8LikeTheConverter) {
  // [0, 6] (a RELU6 output): scale 6/255, zero point -128.
  AffineParams p = int8_params({0.0f, 6.0f});
  EXPECT_FLOAT_EQ(p.scale, 6.0f / 255);
  EXPECT_EQ(p.zero_point, -128);
  // The range is widened to contain 0: [2, 4] behaves as [0, 4].
  p = int8_params({2.0f, 4.0f});
  EXPECT_FLOAT_EQ(p.scale, 4.0f / 255);
  EXPECT_EQ(p.zero_point, -128);
  // [-1, 3]: zero point round(-128 + 1 / (4/255)) = round(-64.25).
  p = int8_params({-1.0f, 3.0f});
  EXPECT_FLOAT_EQ(p.scale, 4.0f / 255);
  EXPECT_EQ(p.zero_point, -64);
  // [-3, 0]: all negative, zero at the top code.
  p = int8_params({-3.0f, 0.0f});
  EXPECT_EQ(p.zero_point, 127);
  // A constant-zero tensor still gets a positive scale.
  EXPECT_GT(int8_params({0.0f, 0.0f}).scale, 0.0f);
}

TEST(QuantizeRanges, MinMaxKeepsTheExtremesAndMseClipsALongTail) {
  // Exponentially distributed values (quantiles of Exp(1)): a long thin tail.
  std::vector<float> values;
  constexpr int kCount = 100000;
  for (int i = 0; i < kCount; ++i) values.push_back(-std::log(1.0f - (i + 0.5f) / kCount));
  const TensorStats s = stats_of(values);
  const RangeChoice minmax = choose_range(s, Estimator::kMinMax);
  EXPECT_FLOAT_EQ(minmax.range.max, s.max);
  EXPECT_FLOAT_EQ(minmax.range.min, s.min);
  const RangeChoice mse = choose_range(s, Estimator::kMse);
  EXPECT_LT(mse.range.max, 0.95f * s.max);
  EXPECT_LT(mse.mse, minmax.mse);
  const RangeChoice percentile = choose_range(s, Estimator::kPercentile);
  EXPECT_LT(percentile.range.max, s.max);
  EXPECT_GT(percentile.range.max, 8.0f);  // the 99.99 % quantile of Exp(1) is 9.2
  // auto takes the least expected error of all candidates.
  const RangeChoice best = choose_range(s, Estimator::kAuto);
  EXPECT_LE(best.mse, mse.mse);
  EXPECT_LE(best.mse, percentile.mse);
  EXPECT_NE(best.estimator, Estimator::kMinMax);
}

TEST(QuantizeRanges, ExpectedMseOfAnUnclippedRangeIsTheRoundingError) {
  std::vector<float> values;
  for (int i = 0; i <= 255; ++i) values.push_back(i / 255.0f);
  const TensorStats s = stats_of(values);
  const AffineParams p = int8_params({0.0f, 1.0f});
  EXPECT_NEAR(expected_mse(s, {0.0f, 1.0f}), p.scale * p.scale / 12.0, 1e-12);
}

TEST(QuantizeRanges, EstimatorNamesRoundTripAndUnknownIsAUsageError) {
  for (Estimator e : {Estimator::kMinMax, Estimator::kMovingAverage, Estimator::kPercentile,
                      Estimator::kMse, Estimator::kAuto}) {
    EXPECT_EQ(parse_estimator(estimator_name(e)), e);
  }
  try {
    parse_estimator("kl");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUsage);
    EXPECT_NE(std::string(e.what()).find("'kl'"), std::string::npos);
  }
}

TEST(QuantizeWeights, PerChannelAlongTheLastAxisForDepthwise) {
  // [1, 1, 2, 3]: channel c = index % 3.
  const std::vector<float> w = {1.0f, -0.5f, 0.0f, -2.0f, 0.25f, 0.0f};
  const SymmetricWeights q = quantize_symmetric(w, {1, 1, 2, 3}, 3, true);
  ASSERT_EQ(q.scales.size(), 3u);
  EXPECT_FLOAT_EQ(q.scales[0], 2.0f / 127);
  EXPECT_FLOAT_EQ(q.scales[1], 0.5f / 127);
  EXPECT_GT(q.scales[2], 0.0f);  // all-zero channel
  EXPECT_EQ(q.values[3], -127);
  EXPECT_EQ(q.values[0], 64);  // round(1 / (2/127)) = round(63.5)
  EXPECT_EQ(q.values[1], -127);
  EXPECT_EQ(q.values[4], 64);
  EXPECT_EQ(q.values[2], 0);
  EXPECT_EQ(q.values[5], 0);
}

TEST(QuantizeWeights, PerChannelAlongTheFirstAxisAndPerTensor) {
  // [2, 2]: rows are channels.
  const std::vector<float> w = {0.1f, -0.2f, 4.0f, 1.0f};
  const SymmetricWeights rows = quantize_symmetric(w, {2, 2}, 0, true);
  EXPECT_EQ(rows.values, (std::vector<int8_t>{64, -127, 127, 32}));
  const SymmetricWeights whole = quantize_symmetric(w, {2, 2}, 0, false);
  ASSERT_EQ(whole.scales.size(), 1u);
  EXPECT_EQ(whole.values, (std::vector<int8_t>{3, -6, 127, 32}));
}

TEST(QuantizeWeights, BiasRoundsAndSaturatesToInt32) {
  const std::vector<float> b = {1.0f, -1.0f, 1e30f};
  const std::vector<float> scales = {0.25f, 0.3f, 1.0f};
  const std::vector<int32_t> q = quantize_bias(b, scales);
  EXPECT_EQ(q[0], 4);
  EXPECT_EQ(q[1], -3);
  EXPECT_EQ(q[2], INT32_MAX);
}

TEST(QuantizeCalibration, WindowsAtAStride) {
  CalibrationSet set;
  append_windows(set, {0, 1, 2, 3, 4, 5, 6}, 3, 2, 0);
  ASSERT_EQ(set.samples.size(), 3u);
  EXPECT_EQ(set.samples[2], (std::vector<float>{4, 5, 6}));
  CalibrationSet limited;
  append_windows(limited, {0, 1, 2, 3, 4, 5, 6}, 3, 0, 0);
  EXPECT_EQ(limited.samples.size(), 2u);  // stride 0: back to back
  CalibrationSet capped;
  append_windows(capped, {0, 1, 2, 3, 4, 5, 6}, 1, 1, 4);
  EXPECT_EQ(capped.samples.size(), 4u);
}

TEST(QuantizeCalibration, MissingPathAndShortFileAreNamed) {
  ir::Tensor input;
  input.name = "x";
  input.shape = {1, 4};
  try {
    load_calibration("/nonexistent/calibration.bin", input);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIo);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/calibration.bin"), std::string::npos);
  }
}

}  // namespace
}  // namespace mote::quantize
