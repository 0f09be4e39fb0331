// TRANSPOSE -> mote_transpose (runtime/kernels/reference/transpose.cc).
// perm must be a constant permutation of the input's dimensions (TFLite
// Micro also requires it constant and within [0, rank)).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/plan/lower_ops.h"
#include "compiler/plan/lower_reshaping_common.h"
#include "mote/kernels/transpose.h"

namespace mote::plan {

using namespace reshaping;

std::vector<Step> lower_transpose(LowerContext& ctx) {
  check_arity(ctx, 2, 2);
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  check_moves_unchanged(ctx, input, output, "input");
  const int rank = static_cast<int>(input.shape.size());
  extend_shape(ctx, input.shape, 1, "input");  // checks the rank

  const ir::Tensor& perm_tensor = ctx.input(1);
  const std::vector<int64_t> perm = constant_ints(ctx, 1, "perm");
  if (perm_tensor.shape.size() != 1 || static_cast<int>(perm.size()) != rank) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("perm has shape {}; expected [{}] for input shape {}",
                         shape_string(perm_tensor.shape), rank, shape_string(input.shape)));
  }
  std::vector<bool> seen(rank, false);
  for (int d = 0; d < rank; ++d) {
    if (perm[d] < 0 || perm[d] >= rank || seen[perm[d]]) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("perm [{}] is not a permutation of 0..{}", fmt::join(perm, ", "),
                           rank - 1));
    }
    seen[perm[d]] = true;
  }
  std::vector<int32_t> expected(rank);
  for (int d = 0; d < rank; ++d) expected[d] = input.shape[perm[d]];
  if (output.shape != expected) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("output has shape {}; input {} permuted by [{}] gives {}",
                         shape_string(output.shape), shape_string(input.shape),
                         fmt::join(perm, ", "), shape_string(expected)));
  }

  // Output dim d walks input dim perm[d].
  const std::vector<int32_t> input_strides = strides_of(input.shape);
  mote_transpose_params params{};
  params.element_size = static_cast<uint32_t>(ir::dtype_size(input.dtype));
  for (int k = 0; k < MOTE_MAX_RANK; ++k) {
    params.output_dims[k] = 1;
    params.input_strides[k] = 0;
  }
  for (int d = 0; d < rank; ++d) {
    const int k = MOTE_MAX_RANK - rank + d;
    params.output_dims[k] = output.shape[d];
    params.input_strides[k] = input_strides[perm[d]];
  }
  return {ctx.make_step(MOTE_K_TRANSPOSE, ctx.pool.add_params(params),
                        {ctx.input_operand(0), ctx.output_operand(0)})};
}

}  // namespace mote::plan
