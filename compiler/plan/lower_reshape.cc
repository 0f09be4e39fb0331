// RESHAPE, SQUEEZE, EXPAND_DIMS: the bytes do not change, only the shape.
#include <fmt/format.h>

#include "compiler/plan/lower_ops.h"
#include "mote/kernels/copy.h"

namespace mote::plan {

std::vector<Step> lower_reshape(LowerContext& ctx) {
  const ir::Tensor& in = ctx.input(0);
  const ir::Tensor& out = ctx.output(0);
  if (in.dtype != out.dtype) ctx.fail(ErrorCode::kInvalid, "input and output types differ");
  if (in.num_bytes() != out.num_bytes()) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("input has {} bytes but output has {}",
                                              in.num_bytes(), out.num_bytes()));
  }
  mote_copy_params params{static_cast<uint32_t>(in.num_bytes())};
  return {ctx.make_step(MOTE_K_COPY, ctx.pool.add_params(params),
                        {ctx.input_operand(0), ctx.output_operand(0)})};
}

}  // namespace mote::plan
