#include "compiler/plan/quant_util.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "compiler/ir/error.h"

namespace mote::plan {

QuantizedMultiplier quantize_multiplier(double real_multiplier) {
  if (real_multiplier == 0.0) return {};
  int shift = 0;
  const double fraction = std::frexp(real_multiplier, &shift);
  int64_t q = static_cast<int64_t>(std::round(fraction * static_cast<double>(1LL << 31)));
  if (q == (1LL << 31)) {
    q /= 2;
    ++shift;
  }
  if (shift < -31) return {};
  // Kernels shift the accumulator left by at most 31 bits; a larger scale
  // (>= 2^31) is no real model's requantization, only a hostile one's.
  if (shift > 31) {
    throw Error(ErrorCode::kInvalid,
                fmt::format("requantization scale {:g} is out of range (must be below 2^31)",
                            real_multiplier));
  }
  return {static_cast<int32_t>(q), shift};
}

static void dtype_limits(ir::DType t, int32_t& lo, int32_t& hi) {
  switch (t) {
    case ir::DType::kUInt8: lo = 0; hi = 255; return;
    case ir::DType::kInt16: lo = -32768; hi = 32767; return;
    default: lo = -128; hi = 127; return;
  }
}

ActivationRange activation_range_quantized(ir::Activation activation, const ir::Tensor& output) {
  int32_t qmin = 0, qmax = 0;
  dtype_limits(output.dtype, qmin, qmax);
  const float scale = tensor_scale(output);
  const int32_t zero_point = tensor_zero_point(output);
  // TFLite rounds f / scale in float, then adds the zero point.
  auto quantize = [&](float f) { return zero_point + static_cast<int32_t>(std::round(f / scale)); };
  switch (activation) {
    case ir::Activation::kRelu: return {std::max(qmin, quantize(0.0f)), qmax};
    case ir::Activation::kRelu6:
      return {std::max(qmin, quantize(0.0f)), std::min(qmax, quantize(6.0f))};
    case ir::Activation::kReluN1To1:
      return {std::max(qmin, quantize(-1.0f)), std::min(qmax, quantize(1.0f))};
    default: return {qmin, qmax};
  }
}

FloatRange activation_range_float(ir::Activation activation) {
  switch (activation) {
    case ir::Activation::kRelu: return {0.0f, std::numeric_limits<float>::max()};
    case ir::Activation::kRelu6: return {0.0f, 6.0f};
    case ir::Activation::kReluN1To1: return {-1.0f, 1.0f};
    default: return {std::numeric_limits<float>::lowest(), std::numeric_limits<float>::max()};
  }
}

int conv_output_size(ir::Padding padding, int in_size, int filter_size, int stride, int dilation) {
  const int effective = (filter_size - 1) * dilation + 1;
  if (padding == ir::Padding::kSame) return (in_size + stride - 1) / stride;
  return (in_size + stride - effective) / stride;
}

int conv_leading_padding(int stride, int dilation, int in_size, int filter_size, int out_size) {
  const int effective = (filter_size - 1) * dilation + 1;
  const int total = (out_size - 1) * stride + effective - in_size;
  return total > 0 ? total / 2 : 0;
}

float tensor_scale(const ir::Tensor& t) {
  return t.quant && !t.quant->scale.empty() ? t.quant->scale[0] : 0.0f;
}

int32_t tensor_zero_point(const ir::Tensor& t) {
  return t.quant && !t.quant->zero_point.empty() ? static_cast<int32_t>(t.quant->zero_point[0]) : 0;
}

}  // namespace mote::plan
