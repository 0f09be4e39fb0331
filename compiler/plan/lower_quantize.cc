// QUANTIZE -> mote_quantize_f32_s8 or mote_requantize_{s8,s8_u8,u8_s8}
// (runtime/kernels/reference/quantize.cc), following TFLite Micro's
// PrepareQuantizeReference: requantization uses input_scale / output_scale
// (in double) as one quantized multiplier.
#include <fmt/format.h>

#include "compiler/plan/lower_activation_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/quantize.h"

namespace mote::plan {

using namespace activation_lowering;

std::vector<Step> lower_quantize(LowerContext& ctx) {
  check_one_input_one_output(ctx);
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  const uint32_t size = check_same_shape(ctx, input, output);
  const bool int8_out = output.dtype == ir::DType::kInt8;
  const bool uint8_out = output.dtype == ir::DType::kUInt8;

  if (input.dtype == ir::DType::kFloat32 && int8_out) {
    const TensorQuant out = per_tensor_quant(ctx, output, "output");
    mote_quantize_f32_s8_params params{};
    params.size = size;
    params.scale = out.scale;
    params.zero_point = out.zero_point;
    return {ctx.make_step(MOTE_K_QUANTIZE_F32_S8, ctx.pool.add_params(params),
                          {ctx.input_operand(0), ctx.output_operand(0)})};
  }

  mote_kernel_id kernel;
  if (input.dtype == ir::DType::kInt8 && int8_out) {
    kernel = MOTE_K_REQUANTIZE_S8;
  } else if (input.dtype == ir::DType::kInt8 && uint8_out) {
    kernel = MOTE_K_REQUANTIZE_S8_U8;
  } else if (input.dtype == ir::DType::kUInt8 && int8_out) {
    kernel = MOTE_K_REQUANTIZE_U8_S8;
  } else {
    unsupported_types(ctx, input, output,
                      "float32 -> int8, int8 -> int8, int8 -> uint8, uint8 -> int8");
  }
  const TensorQuant in = per_tensor_quant(ctx, input, "input");
  const TensorQuant out = per_tensor_quant(ctx, output, "output");
  const QuantizedMultiplier m =
      quantize_multiplier(static_cast<double>(in.scale) / static_cast<double>(out.scale));
  if (m.shift > 31) {
    ctx.unsupported(fmt::format("input scale {} / output scale {} is too large to requantize",
                                in.scale, out.scale));
  }
  mote_requantize_params params{};
  params.size = size;
  params.input_zero_point = in.zero_point;
  params.output_zero_point = out.zero_point;
  params.multiplier = m.multiplier;
  params.shift = m.shift;
  return {ctx.make_step(kernel, ctx.pool.add_params(params),
                        {ctx.input_operand(0), ctx.output_operand(0)})};
}

}  // namespace mote::plan
