// REDUCE_MAX -> mote_reduce_max_{s8,f32} (runtime/kernels/reference/reduce_max.cc).
#include <fmt/format.h>

#include "compiler/plan/lower_elementwise_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/reduce_max.h"

namespace mote::plan {

using namespace elementwise_lowering;

std::vector<Step> lower_reduce_max(LowerContext& ctx) {
  if (ctx.num_inputs() != 2 || ctx.op.outputs.size() != 1) {
    ctx.fail(ErrorCode::kInvalid, "expected two inputs (data, axis) and one output");
  }
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  keep_dims(ctx);  // validates the options; the data layout does not depend on it
  const ElementType type = element_type(ctx, {&input, &output});
  mote_reduce_max_params params{};
  params.shape = reduce_shape(ctx);

  if (type == ElementType::kInt8) {
    // TFLite Micro's EvalMaxHelper compares stored values and requires the
    // same scale and zero point on input and output.
    const TensorQuant in = int8_quant(ctx, input, "input");
    const TensorQuant out = int8_quant(ctx, output, "output");
    if (in.scale != out.scale || in.zero_point != out.zero_point) {
      ctx.unsupported(fmt::format(
          "input (scale {}, zero point {}) and output (scale {}, zero point {}) quantization "
          "differ",
          in.scale, in.zero_point, out.scale, out.zero_point));
    }
  }
  return {ctx.make_step(type == ElementType::kInt8 ? MOTE_K_REDUCE_MAX_S8 : MOTE_K_REDUCE_MAX_F32,
                        ctx.pool.add_params(params),
                        {ctx.input_operand(0), ctx.output_operand(0)})};
}

}  // namespace mote::plan
