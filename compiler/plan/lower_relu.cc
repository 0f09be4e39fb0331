// RELU, RELU6 -> mote_relu_{s8,f32} (runtime/kernels/reference/relu.cc).
// int8 follows TFLite Micro's CalculateReluOpData: requantize by
// input_scale / output_scale, clamp from the quantized 0. TFLite Micro's
// RELU6 clamps to [zero point, quantized 6] without requantizing, which is
// what the same kernel does when input and output quantization are equal
// (the multiplier is then exactly 1); when they differ, RELU6 is requantized
// like RELU (TFLite's semantics) instead of copying input codes unchanged.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "compiler/plan/lower_activation_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/relu.h"

namespace mote::plan {

using namespace activation_lowering;

std::vector<Step> lower_relu(LowerContext& ctx) {
  check_one_input_one_output(ctx);
  const bool relu6 = ctx.op.type == ir::OpType::kRelu6;
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  const uint32_t size = check_same_shape(ctx, input, output);

  if (input.dtype == ir::DType::kInt8 && output.dtype == ir::DType::kInt8) {
    const TensorQuant in = per_tensor_quant(ctx, input, "input");
    const TensorQuant out = per_tensor_quant(ctx, output, "output");
    const QuantizedMultiplier m =
        quantize_multiplier(static_cast<double>(in.scale) / static_cast<double>(out.scale));
    // round(f / scale) in float, plus the zero point, clamped to int8.
    auto quantize = [&](float f) {
      const int32_t q = out.zero_point + static_cast<int32_t>(std::round(f / out.scale));
      return std::clamp(q, -128, 127);
    };
    mote_relu_s8_params params{};
    params.size = size;
    params.input_zero_point = in.zero_point;
    params.output_zero_point = out.zero_point;
    params.output_multiplier = m.multiplier;
    params.output_shift = m.shift;
    params.activation_min = quantize(0.0f);
    params.activation_max = relu6 ? quantize(6.0f) : 127;
    return {ctx.make_step(MOTE_K_RELU_S8, ctx.pool.add_params(params),
                          {ctx.input_operand(0), ctx.output_operand(0)})};
  }
  if (input.dtype == ir::DType::kFloat32 && output.dtype == ir::DType::kFloat32) {
    mote_relu_f32_params params{};
    params.size = size;
    params.min = 0.0f;
    params.max = relu6 ? 6.0f : std::numeric_limits<float>::infinity();
    return {ctx.make_step(MOTE_K_RELU_F32, ctx.pool.add_params(params),
                          {ctx.input_operand(0), ctx.output_operand(0)})};
  }
  unsupported_types(ctx, input, output, "int8 -> int8, float32 -> float32");
}

}  // namespace mote::plan
