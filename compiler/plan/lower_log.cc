// LOG -> mote_log_f32 (runtime/kernels/reference/log.cc). TFLite Micro has
// LOG for float32 only.
#include <fmt/format.h>

#include "compiler/plan/lower_activation_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/log.h"

namespace mote::plan {

using namespace activation_lowering;

std::vector<Step> lower_log(LowerContext& ctx) {
  check_one_input_one_output(ctx);
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  const uint32_t size = check_same_shape(ctx, input, output);
  if (input.dtype != ir::DType::kFloat32 || output.dtype != ir::DType::kFloat32) {
    unsupported_types(ctx, input, output, "float32 -> float32");
  }
  mote_log_f32_params params{};
  params.size = size;
  return {ctx.make_step(MOTE_K_LOG_F32, ctx.pool.add_params(params),
                        {ctx.input_operand(0), ctx.output_operand(0)})};
}

}  // namespace mote::plan
