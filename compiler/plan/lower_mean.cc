// MEAN -> mote_mean_{s8,f32} (runtime/kernels/reference/mean.cc).
#include <fmt/format.h>

#include <algorithm>

#include "compiler/plan/lower_elementwise_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/mean.h"

namespace mote::plan {

using namespace elementwise_lowering;

namespace {

// floor(log2(n)) for n >= 1 (TFLite's 63 - CountLeadingZeros(n)).
int floor_log2(int64_t n) {
  int log = 0;
  while (n > 1) {
    n >>= 1;
    ++log;
  }
  return log;
}

}  // namespace

std::vector<Step> lower_mean(LowerContext& ctx) {
  if (ctx.num_inputs() != 2 || ctx.op.outputs.size() != 1) {
    ctx.fail(ErrorCode::kInvalid, "expected two inputs (data, axis) and one output");
  }
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  keep_dims(ctx);  // validates the options; the data layout does not depend on it
  const ElementType type = element_type(ctx, {&input, &output});
  const mote_reduce_shape shape = reduce_shape(ctx);
  const std::vector<Operand> operands = {ctx.input_operand(0), ctx.output_operand(0)};

  if (type == ElementType::kFloat32) {
    mote_mean_f32_params params{};
    params.shape = shape;
    return {ctx.make_step(MOTE_K_MEAN_F32, ctx.pool.add_params(params), operands)};
  }

  const TensorQuant in = int8_quant(ctx, input, "input");
  const TensorQuant out = int8_quant(ctx, output, "output");
  mote_mean_s8_params params{};
  params.shape = shape;
  params.input_zero_point = in.zero_point;
  params.output_zero_point = out.zero_point;
  // TFLite Micro's reference MEAN (reduce_common.cc, EvalIntegerMean): the
  // integer Mean when the quantization is the same, QuantizedMeanOrSum otherwise.
  if (in.scale == out.scale && in.zero_point == out.zero_point) {
    params.mode = MOTE_MEAN_S8_TRUNCATE;
  } else {
    params.mode = MOTE_MEAN_S8_REQUANTIZE;
    // PrepareMeanOrSumHelper: input_scale / output_scale in double. Then, as
    // QuantizedMeanOrSum does at run time, fold 1/n into the multiplier: scale
    // it up by 2^s with s = floor(log2(n)) (at most 32, and at most 31 + shift
    // so the final shift stays >= -31), divide by n (truncating), and take s
    // off the shift.
    const QuantizedMultiplier m = quantize_multiplier(static_cast<double>(in.scale) /
                                                      static_cast<double>(out.scale));
    const int64_t n = shape.reduce_count;
    int s = std::min(floor_log2(n), 32);
    s = std::min(s, 31 + m.shift);
    params.multiplier = static_cast<int32_t>((static_cast<int64_t>(m.multiplier) << s) / n);
    params.shift = m.shift - s;
  }
  return {ctx.make_step(MOTE_K_MEAN_S8, ctx.pool.add_params(params), operands)};
}

}  // namespace mote::plan
