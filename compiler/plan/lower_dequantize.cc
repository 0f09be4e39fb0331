// DEQUANTIZE -> mote_dequantize_{s8,u8}_f32 (runtime/kernels/reference/
// dequantize.cc): the input's scale and zero point.
#include <fmt/format.h>

#include "compiler/plan/lower_activation_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/dequantize.h"

namespace mote::plan {

using namespace activation_lowering;

std::vector<Step> lower_dequantize(LowerContext& ctx) {
  check_one_input_one_output(ctx);
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  const uint32_t size = check_same_shape(ctx, input, output);
  const bool int8_in = input.dtype == ir::DType::kInt8;
  const bool uint8_in = input.dtype == ir::DType::kUInt8;
  if (output.dtype != ir::DType::kFloat32 || !(int8_in || uint8_in)) {
    unsupported_types(ctx, input, output, "int8 -> float32, uint8 -> float32");
  }
  const TensorQuant in = per_tensor_quant(ctx, input, "input");
  mote_dequantize_params params{};
  params.size = size;
  params.scale = in.scale;
  params.zero_point = in.zero_point;
  return {ctx.make_step(int8_in ? MOTE_K_DEQUANTIZE_S8_F32 : MOTE_K_DEQUANTIZE_U8_F32,
                        ctx.pool.add_params(params),
                        {ctx.input_operand(0), ctx.output_operand(0)})};
}

}  // namespace mote::plan
