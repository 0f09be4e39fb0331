// TANH -> mote_tanh_{s8,f32} (runtime/kernels/reference/tanh.cc). The int8
// constants follow TFLite Micro's Tanh Prepare: the input scale times 2^27
// (Q4.27 input) as a frexp multiplier, and the radius beyond which the
// output saturates.
#include <fmt/format.h>

#include "compiler/plan/lower_activation_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/tanh.h"

namespace mote::plan {

using namespace activation_lowering;

std::vector<Step> lower_tanh(LowerContext& ctx) {
  check_one_input_one_output(ctx);
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  const uint32_t size = check_same_shape(ctx, input, output);

  if (input.dtype == ir::DType::kInt8 && output.dtype == ir::DType::kInt8) {
    const TensorQuant in = per_tensor_quant(ctx, input, "input");
    // TFLite Micro computes the int8 output as if it had scale 1/128, zero point 0.
    check_fixed_output_quant(ctx, output, 1.0f / 128.0f, 0);
    constexpr int kInputIntegerBits = 4;
    const QuantizedMultiplier m = frexp_multiplier(
        static_cast<double>(in.scale) * static_cast<double>(1 << (31 - kInputIntegerBits)));
    if (m.shift < -31) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("input scale {} is too small to rescale to Q4.27", in.scale));
    }
    mote_tanh_s8_params params{};
    params.size = size;
    params.input_zero_point = in.zero_point;
    params.input_range_radius = calculate_input_radius(kInputIntegerBits, m.shift, 31);
    params.input_multiplier = m.multiplier;
    params.input_left_shift = m.shift;
    return {ctx.make_step(MOTE_K_TANH_S8, ctx.pool.add_params(params),
                          {ctx.input_operand(0), ctx.output_operand(0)})};
  }
  if (input.dtype == ir::DType::kFloat32 && output.dtype == ir::DType::kFloat32) {
    mote_tanh_f32_params params{};
    params.size = size;
    return {ctx.make_step(MOTE_K_TANH_F32, ctx.pool.add_params(params),
                          {ctx.input_operand(0), ctx.output_operand(0)})};
  }
  unsupported_types(ctx, input, output, "int8 -> int8, float32 -> float32");
}

}  // namespace mote::plan
