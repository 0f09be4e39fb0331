// MUL -> mote_mul_{s8,f32} (runtime/kernels/reference/mul.cc).
#include <fmt/format.h>

#include "compiler/plan/lower_elementwise_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/mul.h"

namespace mote::plan {

using namespace elementwise_lowering;

std::vector<Step> lower_mul(LowerContext& ctx) {
  if (ctx.num_inputs() != 2 || ctx.op.outputs.size() != 1) {
    ctx.fail(ErrorCode::kInvalid, "expected two inputs and one output");
  }
  const ir::Tensor& input1 = ctx.input(0);
  const ir::Tensor& input2 = ctx.input(1);
  const ir::Tensor& output = ctx.output(0);
  const ir::Activation activation = fused_activation(ctx);
  const ElementType type = element_type(ctx, {&input1, &input2, &output});
  const mote_broadcast_shape shape = broadcast_shape(ctx, input1, input2, output);
  const std::vector<Operand> operands = {ctx.input_operand(0), ctx.input_operand(1),
                                         ctx.output_operand(0)};

  if (type == ElementType::kFloat32) {
    const FloatRange range = activation_range_float(activation);
    mote_mul_f32_params params{};
    params.shape = shape;
    params.activation_min = range.min;
    params.activation_max = range.max;
    return {ctx.make_step(MOTE_K_MUL_F32, ctx.pool.add_params(params), operands)};
  }

  const TensorQuant q1 = int8_quant(ctx, input1, "input 1");
  const TensorQuant q2 = int8_quant(ctx, input2, "input 2");
  const TensorQuant qo = int8_quant(ctx, output, "output");
  // TFLite Micro's CalculateOpDataMul: one multiplier for the product, in double.
  const double real = static_cast<double>(q1.scale) * static_cast<double>(q2.scale) /
                      static_cast<double>(qo.scale);
  const QuantizedMultiplier m = quantize_multiplier(real);
  // The product of two offset int8 values is below 2^16 in magnitude; a larger
  // left shift would overflow int32 before the multiply.
  if (m.shift > 15) {
    ctx.unsupported(fmt::format("input scales {} * {} / output scale {} = {} is too large",
                                q1.scale, q2.scale, qo.scale, real));
  }
  mote_mul_s8_params params{};
  params.shape = shape;
  params.input1_offset = -q1.zero_point;
  params.input2_offset = -q2.zero_point;
  params.output_offset = qo.zero_point;
  params.output_multiplier = m.multiplier;
  params.output_shift = m.shift;
  const ActivationRange range = activation_range_quantized(activation, output);
  params.activation_min = range.min;
  params.activation_max = range.max;
  return {ctx.make_step(MOTE_K_MUL_S8, ctx.pool.add_params(params), operands)};
}

}  // namespace mote::plan
