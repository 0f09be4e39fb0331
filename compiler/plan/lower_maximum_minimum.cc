// MAXIMUM, MINIMUM -> mote_{maximum,minimum}_{s8,f32}
// (runtime/kernels/reference/maximum.cc, minimum.cc).
#include <fmt/format.h>

#include "compiler/plan/lower_elementwise_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/maximum.h"
#include "mote/kernels/minimum.h"

namespace mote::plan {

using namespace elementwise_lowering;

std::vector<Step> lower_maximum_minimum(LowerContext& ctx) {
  if (ctx.num_inputs() != 2 || ctx.op.outputs.size() != 1) {
    ctx.fail(ErrorCode::kInvalid, "expected two inputs and one output");
  }
  const ir::Tensor& input1 = ctx.input(0);
  const ir::Tensor& input2 = ctx.input(1);
  const ir::Tensor& output = ctx.output(0);
  const ElementType type = element_type(ctx, {&input1, &input2, &output});
  const mote_broadcast_shape shape = broadcast_shape(ctx, input1, input2, output);

  if (type == ElementType::kInt8) {
    // The kernel compares stored values (as TFLite Micro does), which only
    // orders the real values correctly when all three tensors share one
    // quantization.
    const TensorQuant q1 = int8_quant(ctx, input1, "input 1");
    const TensorQuant q2 = int8_quant(ctx, input2, "input 2");
    const TensorQuant qo = int8_quant(ctx, output, "output");
    if (q1.scale != qo.scale || q2.scale != qo.scale || q1.zero_point != qo.zero_point ||
        q2.zero_point != qo.zero_point) {
      ctx.unsupported(fmt::format(
          "int8 inputs and output with different quantization (scale/zero point {}/{}, {}/{}, "
          "output {}/{})",
          q1.scale, q1.zero_point, q2.scale, q2.zero_point, qo.scale, qo.zero_point));
    }
  }

  const bool is_max = ctx.op.type == ir::OpType::kMaximum;
  mote_kernel_id kernel{};
  const void* params = nullptr;
  if (is_max) {
    mote_maximum_params p{};
    p.shape = shape;
    params = ctx.pool.add_params(p);
    kernel = type == ElementType::kInt8 ? MOTE_K_MAXIMUM_S8 : MOTE_K_MAXIMUM_F32;
  } else {
    mote_minimum_params p{};
    p.shape = shape;
    params = ctx.pool.add_params(p);
    kernel = type == ElementType::kInt8 ? MOTE_K_MINIMUM_S8 : MOTE_K_MINIMUM_F32;
  }
  return {ctx.make_step(kernel, params,
                        {ctx.input_operand(0), ctx.input_operand(1), ctx.output_operand(0)})};
}

}  // namespace mote::plan
