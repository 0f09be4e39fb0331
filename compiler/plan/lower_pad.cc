// PAD (and the PADV2 form with a third, constant_values input) -> mote_pad
// (runtime/kernels/reference/pad.cc).
//
// As in TFLite Micro: paddings must be constant; without constant_values
// int8/uint8 pad with the output zero point and every other type with 0;
// constant_values must be a one-element tensor of the input's type (and for
// int8, of the output's quantization).
#include <fmt/format.h>

#include "compiler/plan/lower_ops.h"
#include "compiler/plan/lower_reshaping_common.h"
#include "compiler/plan/quant_util.h"
#include "mote/kernels/pad.h"

namespace mote::plan {

using namespace reshaping;

std::vector<Step> lower_pad(LowerContext& ctx) {
  check_arity(ctx, 2, 3);
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  check_moves_unchanged(ctx, input, output, "input");
  const int rank = static_cast<int>(input.shape.size());
  const std::array<int32_t, MOTE_MAX_RANK> input_dims = extend_shape(ctx, input.shape, 1, "input");
  if (static_cast<int>(output.shape.size()) != rank) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("input has rank {} but output has rank {}", rank,
                                              output.shape.size()));
  }

  const ir::Tensor& paddings_tensor = ctx.input(1);
  const std::vector<int64_t> paddings = constant_ints(ctx, 1, "paddings");
  if (paddings_tensor.shape != std::vector<int32_t>{rank, 2}) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("paddings have shape {}; expected [{}, 2]",
                                              shape_string(paddings_tensor.shape), rank));
  }
  mote_pad_params params{};
  params.element_size = static_cast<uint32_t>(ir::dtype_size(input.dtype));
  for (int d = 0; d < MOTE_MAX_RANK; ++d) {
    params.input_dims[d] = input_dims[d];
    params.output_dims[d] = input_dims[d];
  }
  for (int d = 0; d < rank; ++d) {
    const int64_t before = paddings[2 * d], after = paddings[2 * d + 1];
    if (before < 0 || after < 0) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("paddings of dimension {} are [{}, {}]; they must not be negative", d,
                           before, after));
    }
    const int64_t expected = input.shape[d] + before + after;
    if (output.shape[d] != expected) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("output has shape {}; input {} padded by {} gives {} in dimension {}",
                           shape_string(output.shape), shape_string(input.shape),
                           fmt::format("[{}, {}]", before, after), expected, d));
    }
    const int k = MOTE_MAX_RANK - rank + d;
    params.before[k] = static_cast<int32_t>(before);
    params.output_dims[k] = output.shape[d];
  }

  Operand pad_value;
  if (ctx.has_input(2)) {
    const ir::Tensor& value = ctx.input(2);
    if (value.dtype != input.dtype) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("constant_values '{}' is {} but the input is {}", value.name,
                           ir::dtype_name(value.dtype), ir::dtype_name(input.dtype)));
    }
    if (value.num_elements() != 1) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("constant_values '{}' has shape {}; expected a single value",
                           value.name, shape_string(value.shape)));
    }
    // The value is copied as it is, so it must mean the same as the output's values.
    check_moves_unchanged(ctx, value, output, "constant_values");
    pad_value = ctx.input_operand(2);
  } else {
    uint8_t bytes[8] = {};  // 0 of every type
    if (input.dtype == ir::DType::kInt8 || input.dtype == ir::DType::kUInt8) {
      const int32_t zero_point = tensor_zero_point(output);
      const int32_t lo = input.dtype == ir::DType::kInt8 ? -128 : 0;
      if (zero_point < lo || zero_point > lo + 255) {
        ctx.fail(ErrorCode::kInvalid,
                 fmt::format("output zero point {} is outside the {} range", zero_point,
                             ir::dtype_name(input.dtype)));
      }
      bytes[0] = static_cast<uint8_t>(zero_point);
    }
    pad_value = Operand::of_constant(ctx.pool.add_bytes(bytes, sizeof(bytes)), sizeof(bytes));
  }
  return {ctx.make_step(MOTE_K_PAD, ctx.pool.add_params(params),
                        {ctx.input_operand(0), pad_value, ctx.output_operand(0)})};
}

}  // namespace mote::plan
