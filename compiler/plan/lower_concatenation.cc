// CONCATENATION -> mote_concatenation (runtime/kernels/reference/concatenation.cc).
//
// TFLite Micro concatenates int8 tensors by copying their bytes, whatever
// their quantization (it stores the scales but never uses them). Copying is
// only right when every input is quantized like the output, which the TFLite
// converter arranges; anything else is rejected rather than silently
// reproduced.
#include <fmt/format.h>

#include "compiler/plan/lower_ops.h"
#include "compiler/plan/lower_reshaping_common.h"
#include "mote/kernels/concatenation.h"

namespace mote::plan {

using namespace reshaping;

std::vector<Step> lower_concatenation(LowerContext& ctx) {
  if (!std::holds_alternative<ir::ConcatenationOptions>(ctx.op.options)) {
    ctx.fail(ErrorCode::kInvalid, "missing CONCATENATION options");
  }
  const auto& opts = ctx.op.opts<ir::ConcatenationOptions>();
  const int num_inputs = ctx.num_inputs();
  if (num_inputs > MOTE_CONCATENATION_MAX_INPUTS) {
    ctx.fail(ErrorCode::kLimit, fmt::format("has {} inputs; at most {} are supported", num_inputs,
                                            MOTE_CONCATENATION_MAX_INPUTS));
  }
  check_arity(ctx, 1, MOTE_CONCATENATION_MAX_INPUTS);
  if (opts.activation != ir::Activation::kNone) {
    ctx.unsupported("a fused activation on CONCATENATION is not supported (nor by TFLite Micro)");
  }
  const ir::Tensor& output = ctx.output(0);
  const int rank = static_cast<int>(output.shape.size());
  if (rank == 0 || rank > MOTE_MAX_RANK) {
    ctx.unsupported(fmt::format("output rank {} is not supported (1 to {})", rank, MOTE_MAX_RANK));
  }
  // A negative axis counts from the end, as in TFLite (against the output rank).
  const int axis = opts.axis < 0 ? opts.axis + rank : opts.axis;
  if (axis < 0 || axis >= rank) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("axis {} is out of range for rank {}", opts.axis, rank));
  }

  const int64_t element_size = ir::dtype_size(output.dtype);
  int64_t outer_size = 1;
  for (int d = 0; d < axis; ++d) outer_size *= output.shape[d];
  int64_t inner_size = 1;
  for (int d = axis + 1; d < rank; ++d) inner_size *= output.shape[d];

  mote_concatenation_params params{};
  params.num_inputs = static_cast<uint32_t>(num_inputs);
  params.outer_size = static_cast<uint32_t>(outer_size);
  std::vector<Operand> operands;
  int64_t axis_total = 0;
  for (int i = 0; i < num_inputs; ++i) {
    const ir::Tensor& in = ctx.input(i);
    const std::string role = fmt::format("input {}", i);
    check_moves_unchanged(ctx, in, output, role);
    bool matches = static_cast<int>(in.shape.size()) == rank;
    for (int d = 0; matches && d < rank; ++d) {
      if (d != axis && in.shape[d] != output.shape[d]) matches = false;
    }
    if (!matches) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("{} '{}' has shape {}, which does not fit output shape {} except "
                           "along axis {}",
                           role, in.name, shape_string(in.shape), shape_string(output.shape),
                           axis));
    }
    axis_total += in.shape[axis];
    params.input_bytes[i] = static_cast<uint32_t>(in.shape[axis] * inner_size * element_size);
    operands.push_back(ctx.input_operand(i));
  }
  if (axis_total != output.shape[axis]) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("inputs add up to {} along axis {} but the output has {}", axis_total,
                         axis, output.shape[axis]));
  }
  operands.push_back(ctx.output_operand(0));
  return {ctx.make_step(MOTE_K_CONCATENATION, ctx.pool.add_params(params), std::move(operands))};
}

}  // namespace mote::plan
