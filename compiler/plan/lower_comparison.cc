// GREATER, GREATER_EQUAL, LESS, LESS_EQUAL, EQUAL, NOT_EQUAL ->
// mote_<op>_{f32,s32,s8} (runtime/kernels/reference/<op>.cc), bool output.
#include <fmt/format.h>

#include "compiler/plan/lower_elementwise_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/comparison.h"

namespace mote::plan {

using namespace elementwise_lowering;

namespace {

// The three kernels (float32, int32, int8) of one comparison.
struct ComparisonKernels {
  mote_kernel_id f32, s32, s8;
};

ComparisonKernels kernels_for(ir::OpType type) {
  switch (type) {
    case ir::OpType::kGreater:
      return {MOTE_K_GREATER_F32, MOTE_K_GREATER_S32, MOTE_K_GREATER_S8};
    case ir::OpType::kGreaterEqual:
      return {MOTE_K_GREATER_EQUAL_F32, MOTE_K_GREATER_EQUAL_S32, MOTE_K_GREATER_EQUAL_S8};
    case ir::OpType::kLess:
      return {MOTE_K_LESS_F32, MOTE_K_LESS_S32, MOTE_K_LESS_S8};
    case ir::OpType::kLessEqual:
      return {MOTE_K_LESS_EQUAL_F32, MOTE_K_LESS_EQUAL_S32, MOTE_K_LESS_EQUAL_S8};
    case ir::OpType::kEqual:
      return {MOTE_K_EQUAL_F32, MOTE_K_EQUAL_S32, MOTE_K_EQUAL_S8};
    default:
      return {MOTE_K_NOT_EQUAL_F32, MOTE_K_NOT_EQUAL_S32, MOTE_K_NOT_EQUAL_S8};
  }
}

}  // namespace

std::vector<Step> lower_comparison(LowerContext &ctx) {
  if (ctx.num_inputs() != 2 || ctx.op.outputs.size() != 1) {
    ctx.fail(ErrorCode::kInvalid, "expected two inputs and one output");
  }
  const ir::Tensor &input1 = ctx.input(0);
  const ir::Tensor &input2 = ctx.input(1);
  const ir::Tensor &output = ctx.output(0);
  if (output.dtype != ir::DType::kBool) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("output '{}' is {}, expected bool", output.name,
                                              ir::dtype_name(output.dtype)));
  }
  if (input1.dtype != input2.dtype) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("'{}' is {} but '{}' is {}", input1.name, ir::dtype_name(input1.dtype),
                         input2.name, ir::dtype_name(input2.dtype)));
  }
  const ComparisonKernels kernels = kernels_for(ctx.op.type);
  mote_kernel_id kernel{};
  switch (input1.dtype) {
    case ir::DType::kFloat32:
      kernel = kernels.f32;
      break;
    case ir::DType::kInt32:
      kernel = kernels.s32;
      break;
    case ir::DType::kInt8: {
      // Stored values order like real values only under one quantization.
      const TensorQuant q1 = int8_quant(ctx, input1, "input 1");
      const TensorQuant q2 = int8_quant(ctx, input2, "input 2");
      if (q1.scale != q2.scale || q1.zero_point != q2.zero_point) {
        ctx.unsupported(
            fmt::format("int8 inputs with different quantization (scale/zero point "
                        "{}/{} and {}/{})",
                        q1.scale, q1.zero_point, q2.scale, q2.zero_point));
      }
      kernel = kernels.s8;
      break;
    }
    default:
      ctx.unsupported(
          fmt::format("{} inputs (supported: float32, int32, int8)", ir::dtype_name(input1.dtype)));
  }
  mote_comparison_params p{};
  p.shape = broadcast_shape(ctx, input1, input2, output);
  return {ctx.make_step(kernel, ctx.pool.add_params(p),
                        {ctx.input_operand(0), ctx.input_operand(1), ctx.output_operand(0)})};
}

}  // namespace mote::plan
