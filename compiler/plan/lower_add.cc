// ADD -> mote_add_{s8,f32} (runtime/kernels/reference/add.cc), or for int8
// without broadcasting mote_add_s8_opt (runtime/kernels/optimized/add.cc).
#include <fmt/format.h>

#include <algorithm>

#include "compiler/plan/lower_elementwise_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/add.h"
#include "mote/kernels/optimized/add.h"

namespace mote::plan {

using namespace elementwise_lowering;

std::vector<Step> lower_add(LowerContext& ctx) {
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
    mote_add_f32_params params{};
    params.shape = shape;
    params.activation_min = range.min;
    params.activation_max = range.max;
    return {ctx.make_step(MOTE_K_ADD_F32, ctx.pool.add_params(params), operands)};
  }

  const TensorQuant q1 = int8_quant(ctx, input1, "input 1");
  const TensorQuant q2 = int8_quant(ctx, input2, "input 2");
  const TensorQuant qo = int8_quant(ctx, output, "output");
  // TFLite Micro's CalculateOpDataAdd, in double: both inputs are rescaled to
  // twice the larger input scale, with 20 bits of headroom.
  mote_add_s8_params params{};
  params.shape = shape;
  params.left_shift = 20;
  const double twice_max_input_scale = 2 * static_cast<double>(std::max(q1.scale, q2.scale));
  const double real_input1 = static_cast<double>(q1.scale) / twice_max_input_scale;
  const double real_input2 = static_cast<double>(q2.scale) / twice_max_input_scale;
  const double real_output =
      twice_max_input_scale / ((1 << params.left_shift) * static_cast<double>(qo.scale));
  const QuantizedMultiplier m1 =
      quantize_multiplier_smaller_than_one(ctx, real_input1, "input 1 multiplier");
  const QuantizedMultiplier m2 =
      quantize_multiplier_smaller_than_one(ctx, real_input2, "input 2 multiplier");
  const QuantizedMultiplier mo = quantize_multiplier_smaller_than_one(
      ctx, real_output, "output multiplier 2 * max(input scales) / (2^20 * output scale)");
  params.input1_offset = -q1.zero_point;
  params.input2_offset = -q2.zero_point;
  params.output_offset = qo.zero_point;
  params.input1_multiplier = m1.multiplier;
  params.input1_shift = m1.shift;
  params.input2_multiplier = m2.multiplier;
  params.input2_shift = m2.shift;
  params.output_multiplier = mo.multiplier;
  params.output_shift = mo.shift;
  const ActivationRange range = activation_range_quantized(activation, output);
  params.activation_min = range.min;
  params.activation_max = range.max;
  if (ctx.optimized() && shape.same_shapes != 0) {
    std::vector<int32_t> tables(MOTE_ADD_S8_OPT_TABLE_WORDS);
    mote_add_s8_opt_tables(&params, tables.data());
    const Operand table_operand = Operand::of_constant(
        ctx.pool.add_array(tables), static_cast<uint32_t>(tables.size() * sizeof(int32_t)));
    return {ctx.make_step(MOTE_K_ADD_S8_OPT, ctx.pool.add_params(params),
                          {operands[0], operands[1], table_operand, operands[2]})};
  }
  return {ctx.make_step(MOTE_K_ADD_S8, ctx.pool.add_params(params), operands)};
}

}  // namespace mote::plan
