// SOFTMAX -> mote_softmax_{s8,f32} (runtime/kernels/reference/softmax.cc).
// The int8 constants follow TFLite Micro's CalculateSoftmaxParams.
#include <fmt/format.h>

#include "compiler/plan/lower_activation_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/softmax.h"

namespace mote::plan {

using namespace activation_lowering;

std::vector<Step> lower_softmax(LowerContext& ctx) {
  check_one_input_one_output(ctx);
  if (!std::holds_alternative<ir::SoftmaxOptions>(ctx.op.options)) {
    ctx.fail(ErrorCode::kInvalid, "missing SOFTMAX options");
  }
  const float beta = ctx.op.opts<ir::SoftmaxOptions>().beta;
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  check_same_shape(ctx, input, output);
  if (input.shape.empty() || input.shape.back() <= 0) {
    ctx.fail(ErrorCode::kInvalid, "SOFTMAX needs an input of rank >= 1 with a non-empty last "
                                  "dimension");
  }
  const int32_t depth = input.shape.back();
  const int32_t outer_size = static_cast<int32_t>(input.num_elements() / depth);

  if (input.dtype == ir::DType::kInt8 && output.dtype == ir::DType::kInt8) {
    const TensorQuant in = per_tensor_quant(ctx, input, "input");
    check_fixed_output_quant(ctx, output, 1.0f / 256.0f, -128);
    // The input difference x - max is rescaled to Q5.26.
    constexpr int kScaledDiffIntegerBits = 5;
    const QuantizedMultiplier m = preprocess_softmax_scaling(
        static_cast<double>(beta), static_cast<double>(in.scale), kScaledDiffIntegerBits);
    if (m.multiplier == 0 || m.shift < 0) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("beta {} * input scale {} is too small: TFLite needs beta * scale * "
                           "2^26 > 1",
                           beta, in.scale));
    }
    mote_softmax_s8_params params{};
    params.outer_size = outer_size;
    params.depth = depth;
    params.input_multiplier = m.multiplier;
    params.input_left_shift = m.shift;
    params.diff_min = -calculate_input_radius(kScaledDiffIntegerBits, m.shift);
    return {ctx.make_step(MOTE_K_SOFTMAX_S8, ctx.pool.add_params(params),
                          {ctx.input_operand(0), ctx.output_operand(0)})};
  }
  if (input.dtype == ir::DType::kFloat32 && output.dtype == ir::DType::kFloat32) {
    mote_softmax_f32_params params{};
    params.outer_size = outer_size;
    params.depth = depth;
    params.beta = beta;
    return {ctx.make_step(MOTE_K_SOFTMAX_F32, ctx.pool.add_params(params),
                          {ctx.input_operand(0), ctx.output_operand(0)})};
  }
  unsupported_types(ctx, input, output, "int8 -> int8, float32 -> float32");
}

}  // namespace mote::plan
