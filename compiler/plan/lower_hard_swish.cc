// HARD_SWISH -> mote_hard_swish_{s8,f32} (runtime/kernels/reference/
// hard_swish.cc). int8 follows TFLite Micro's HardSwishPrepare: the "hires"
// input scale is input_scale / 128; the output and "reluish" (3.0 -> 32768)
// multipliers are formed in float, quantized to Q31, then rounded to Q15.
#include <fmt/format.h>

#include "compiler/plan/lower_activation_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/hard_swish.h"

namespace mote::plan {

using namespace activation_lowering;

std::vector<Step> lower_hard_swish(LowerContext& ctx) {
  check_one_input_one_output(ctx);
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  const uint32_t size = check_same_shape(ctx, input, output);

  if (input.dtype == ir::DType::kInt8 && output.dtype == ir::DType::kInt8) {
    const TensorQuant in = per_tensor_quant(ctx, input, "input");
    const TensorQuant out = per_tensor_quant(ctx, output, "output");
    const float hires_input_scale = (1.0f / 128.0f) * in.scale;
    const float reluish_scale = 3.0f / 32768.0f;
    const QuantizedMultiplier output_m =
        quantize_multiplier(static_cast<double>(hires_input_scale / out.scale));
    const QuantizedMultiplier reluish_m =
        quantize_multiplier(static_cast<double>(hires_input_scale / reluish_scale));
    if (output_m.shift > 0) {
      ctx.unsupported(fmt::format(
          "output scale {} is below input scale {} / 128; TFLite's int8 HARD_SWISH requires "
          "input_scale / (128 * output_scale) < 1",
          out.scale, in.scale));
    }
    if (reluish_m.shift < -31 || reluish_m.shift > 31) {
      ctx.unsupported(fmt::format("input scale {} is out of range for HARD_SWISH", in.scale));
    }
    mote_hard_swish_s8_params params{};
    params.size = size;
    params.input_zero_point = in.zero_point;
    params.output_zero_point = out.zero_point;
    params.output_multiplier = downscale_multiplier_to_q15(output_m.multiplier);
    params.output_exponent = output_m.shift;
    params.reluish_multiplier = downscale_multiplier_to_q15(reluish_m.multiplier);
    params.reluish_exponent = reluish_m.shift;
    return {ctx.make_step(MOTE_K_HARD_SWISH_S8, ctx.pool.add_params(params),
                          {ctx.input_operand(0), ctx.output_operand(0)})};
  }
  if (input.dtype == ir::DType::kFloat32 && output.dtype == ir::DType::kFloat32) {
    mote_hard_swish_f32_params params{};
    params.size = size;
    return {ctx.make_step(MOTE_K_HARD_SWISH_F32, ctx.pool.add_params(params),
                          {ctx.input_operand(0), ctx.output_operand(0)})};
  }
  unsupported_types(ctx, input, output, "int8 -> int8, float32 -> float32");
}

}  // namespace mote::plan
