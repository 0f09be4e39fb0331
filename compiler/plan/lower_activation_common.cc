#include "compiler/plan/lower_activation_common.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace mote::plan::activation_lowering {

namespace {

std::string shape_string(const std::vector<int32_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += fmt::format("{}{}", i ? ", " : "", shape[i]);
  return s + "]";
}

}  // namespace

void check_one_input_one_output(const LowerContext& ctx) {
  if (ctx.num_inputs() != 1 || !ctx.has_input(0)) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("expected 1 input, got {}", ctx.num_inputs()));
  }
  if (ctx.op.outputs.size() != 1) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("expected 1 output, got {}", ctx.op.outputs.size()));
  }
}

uint32_t check_same_shape(const LowerContext& ctx, const ir::Tensor& input,
                          const ir::Tensor& output) {
  if (input.shape != output.shape) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("input '{}' has shape {} but output '{}' has shape {}", input.name,
                         shape_string(input.shape), output.name, shape_string(output.shape)));
  }
  const int64_t n = input.num_elements();
  if (n < 0 || n > std::numeric_limits<uint32_t>::max()) {
    ctx.fail(ErrorCode::kLimit, fmt::format("{} elements do not fit a uint32 count", n));
  }
  return static_cast<uint32_t>(n);
}

std::string type_pair(const ir::Tensor& input, const ir::Tensor& output) {
  return fmt::format("{} -> {}", ir::dtype_name(input.dtype), ir::dtype_name(output.dtype));
}

void unsupported_types(const LowerContext& ctx, const ir::Tensor& input, const ir::Tensor& output,
                       const char* supported) {
  ctx.unsupported(fmt::format("types {} are not supported (supported: {})",
                              type_pair(input, output), supported));
}

TensorQuant per_tensor_quant(const LowerContext& ctx, const ir::Tensor& tensor, const char* role) {
  if (!tensor.quant || tensor.quant->scale.empty() || tensor.quant->zero_point.empty()) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("{} '{}' ({}) has no quantization parameters", role, tensor.name,
                         ir::dtype_name(tensor.dtype)));
  }
  if (tensor.quant->scale.size() != 1 || tensor.quant->zero_point.size() != 1) {
    ctx.unsupported(fmt::format("{} '{}' is quantized per channel ({} scales); only per-tensor "
                                "quantization is supported here",
                                role, tensor.name, tensor.quant->scale.size()));
  }
  const float scale = tensor.quant->scale[0];
  const int64_t zero_point = tensor.quant->zero_point[0];
  if (!(scale > 0.0f) || !std::isfinite(scale)) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("{} '{}' has scale {}; expected a positive finite scale", role,
                         tensor.name, scale));
  }
  int64_t lo = -128, hi = 127;
  if (tensor.dtype == ir::DType::kUInt8) lo = 0, hi = 255;
  if (tensor.dtype == ir::DType::kInt16) lo = -32768, hi = 32767;
  if (zero_point < lo || zero_point > hi) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("{} '{}' has zero point {}, outside the {} range [{}, {}]", role,
                         tensor.name, zero_point, ir::dtype_name(tensor.dtype), lo, hi));
  }
  return {scale, static_cast<int32_t>(zero_point)};
}

void check_fixed_output_quant(const LowerContext& ctx, const ir::Tensor& output, float scale,
                              int32_t zero_point) {
  const TensorQuant q = per_tensor_quant(ctx, output, "output");
  if (q.scale != scale || q.zero_point != zero_point) {
    ctx.unsupported(fmt::format(
        "int8 output '{}' has scale {} and zero point {}; this op's int8 kernel produces scale "
        "{} (exactly) and zero point {}",
        output.name, q.scale, q.zero_point, scale, zero_point));
  }
}

QuantizedMultiplier frexp_multiplier(double real_multiplier) {
  int shift = 0;
  const double fraction = std::frexp(real_multiplier, &shift);
  const double q = std::round(fraction * static_cast<double>(1LL << 31));
  return {static_cast<int32_t>(q), shift};
}

int32_t calculate_input_radius(int integer_bits, int left_shift, int total_signed_bits) {
  const double max_input_rescaled =
      1.0 * ((1 << integer_bits) - 1) *
      std::ldexp(1.0, total_signed_bits - integer_bits) / std::ldexp(1.0, left_shift);
  // TFLite converts to int unchecked; a radius beyond int32 (input scales
  // below 2^-28) only ever compares as "larger than any int8 difference".
  const double radius = std::floor(max_input_rescaled);
  return radius >= 2147483647.0 ? std::numeric_limits<int32_t>::max()
                                : static_cast<int32_t>(radius);
}

QuantizedMultiplier preprocess_softmax_scaling(double beta, double input_scale,
                                               int integer_bits) {
  const double max_real_multiplier = (1LL << 31) - 1.0;
  const double real_multiplier =
      std::min<double>(beta * input_scale * (1 << (31 - integer_bits)), max_real_multiplier);
  return quantize_multiplier(real_multiplier);
}

int16_t downscale_multiplier_to_q15(int32_t multiplier) {
  constexpr int32_t kRoundingOffset = 1 << 15;
  if (multiplier >= std::numeric_limits<int32_t>::max() - kRoundingOffset) return 32767;
  return static_cast<int16_t>((multiplier + kRoundingOffset) >> 16);
}

}  // namespace mote::plan::activation_lowering
