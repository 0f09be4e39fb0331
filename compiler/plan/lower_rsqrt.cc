// RSQRT -> mote_rsqrt_{s8,f32} (runtime/kernels/reference/rsqrt.cc). int8
// follows TFLite Micro's SetRsqrtOutputMultiplier: 1 / (sqrt(input_scale) *
// output_scale) in double.
#include <fmt/format.h>

#include <cmath>

#include "compiler/plan/lower_activation_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/rsqrt.h"

namespace mote::plan {

using namespace activation_lowering;

std::vector<Step> lower_rsqrt(LowerContext& ctx) {
  check_one_input_one_output(ctx);
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  const uint32_t size = check_same_shape(ctx, input, output);

  if (input.dtype == ir::DType::kInt8 && output.dtype == ir::DType::kInt8) {
    const TensorQuant in = per_tensor_quant(ctx, input, "input");
    const TensorQuant out = per_tensor_quant(ctx, output, "output");
    const QuantizedMultiplier m = quantize_multiplier(
        1.0 / (std::sqrt(static_cast<double>(in.scale)) * static_cast<double>(out.scale)));
    // The kernel rescales by 2^(shift - 20) after scaling 1/sqrt(v) by 2^20.
    if (m.shift > 31 + 20 || m.shift - 20 < -31) {
      ctx.unsupported(fmt::format("input scale {} and output scale {} give an RSQRT multiplier "
                                  "out of range",
                                  in.scale, out.scale));
    }
    mote_rsqrt_s8_params params{};
    params.size = size;
    params.input_zero_point = in.zero_point;
    params.output_zero_point = out.zero_point;
    params.multiplier = m.multiplier;
    params.shift = m.shift;
    return {ctx.make_step(MOTE_K_RSQRT_S8, ctx.pool.add_params(params),
                          {ctx.input_operand(0), ctx.output_operand(0)})};
  }
  if (input.dtype == ir::DType::kFloat32 && output.dtype == ir::DType::kFloat32) {
    mote_rsqrt_f32_params params{};
    params.size = size;
    return {ctx.make_step(MOTE_K_RSQRT_F32, ctx.pool.add_params(params),
                          {ctx.input_operand(0), ctx.output_operand(0)})};
  }
  unsupported_types(ctx, input, output, "int8 -> int8, float32 -> float32");
}

}  // namespace mote::plan
