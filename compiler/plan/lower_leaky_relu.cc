// LEAKY_RELU -> mote_leaky_relu_{s8,f32} (runtime/kernels/reference/
// leaky_relu.cc). int8 follows TFLite Micro's CalculateOpDataLeakyRelu: both
// multipliers are formed in float (input_scale * alpha / output_scale and
// input_scale / output_scale) before QuantizeMultiplier.
#include <fmt/format.h>

#include <cmath>

#include "compiler/plan/lower_activation_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/leaky_relu.h"

namespace mote::plan {

using namespace activation_lowering;

std::vector<Step> lower_leaky_relu(LowerContext& ctx) {
  check_one_input_one_output(ctx);
  if (!std::holds_alternative<ir::LeakyReluOptions>(ctx.op.options)) {
    ctx.fail(ErrorCode::kInvalid, "missing LEAKY_RELU options");
  }
  const float alpha = ctx.op.opts<ir::LeakyReluOptions>().alpha;
  if (!std::isfinite(alpha)) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("alpha is {}", alpha));
  }
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  const uint32_t size = check_same_shape(ctx, input, output);

  if (input.dtype == ir::DType::kInt8 && output.dtype == ir::DType::kInt8) {
    const TensorQuant in = per_tensor_quant(ctx, input, "input");
    const TensorQuant out = per_tensor_quant(ctx, output, "output");
    const float alpha_multiplier = in.scale * alpha / out.scale;
    const float identity_multiplier = in.scale / out.scale;
    const QuantizedMultiplier a = quantize_multiplier(static_cast<double>(alpha_multiplier));
    const QuantizedMultiplier id = quantize_multiplier(static_cast<double>(identity_multiplier));
    mote_leaky_relu_s8_params params{};
    params.size = size;
    params.input_zero_point = in.zero_point;
    params.output_zero_point = out.zero_point;
    params.identity_multiplier = id.multiplier;
    params.identity_shift = id.shift;
    params.alpha_multiplier = a.multiplier;
    params.alpha_shift = a.shift;
    return {ctx.make_step(MOTE_K_LEAKY_RELU_S8, ctx.pool.add_params(params),
                          {ctx.input_operand(0), ctx.output_operand(0)})};
  }
  if (input.dtype == ir::DType::kFloat32 && output.dtype == ir::DType::kFloat32) {
    mote_leaky_relu_f32_params params{};
    params.size = size;
    params.alpha = alpha;
    return {ctx.make_step(MOTE_K_LEAKY_RELU_F32, ctx.pool.add_params(params),
                          {ctx.input_operand(0), ctx.output_operand(0)})};
  }
  unsupported_types(ctx, input, output, "int8 -> int8, float32 -> float32");
}

}  // namespace mote::plan
