#include "compiler/quantize/weight_quantization.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace mote::quantize {

namespace {
// An all-zero channel still needs a positive scale; its values stay 0 and
// its bias keeps a usable int32 scale.
constexpr float kZeroChannelScale = 1e-6f;
}  // namespace

std::vector<float> float_data(const ir::Tensor& tensor) {
  std::vector<float> v(tensor.data.size() / 4);
  std::memcpy(v.data(), tensor.data.data(), v.size() * 4);
  return v;
}

SymmetricWeights quantize_symmetric(std::span<const float> values, const std::vector<int32_t>& shape,
                                    int axis, bool per_channel) {
  const int64_t channels = per_channel ? shape[axis] : 1;
  int64_t inner = 1;
  for (size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
  auto channel_of = [&](size_t i) {
    return per_channel ? static_cast<int64_t>(i / inner) % channels : 0;
  };
  std::vector<float> max_abs(channels, 0.0f);
  for (size_t i = 0; i < values.size(); ++i) {
    float& m = max_abs[channel_of(i)];
    m = std::max(m, std::fabs(values[i]));
  }
  SymmetricWeights out;
  for (float m : max_abs) out.scales.push_back(m > 0 ? m / 127.0f : kZeroChannelScale);
  out.values.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const long q = std::lround(values[i] / out.scales[channel_of(i)]);
    out.values[i] = static_cast<int8_t>(std::clamp<long>(q, -127, 127));
  }
  return out;
}

std::vector<int32_t> quantize_bias(std::span<const float> values, std::span<const float> scales) {
  std::vector<int32_t> out(values.size());
  constexpr double lo = std::numeric_limits<int32_t>::min(), hi = std::numeric_limits<int32_t>::max();
  for (size_t i = 0; i < values.size(); ++i) {
    const double q = std::round(static_cast<double>(values[i]) / scales[i]);
    out[i] = static_cast<int32_t>(std::clamp(q, lo, hi));
  }
  return out;
}

}  // namespace mote::quantize
