// AVERAGE_POOL_2D, MAX_POOL_2D -> mote_{avg,max}_pool2d_{s8,f32}
// (runtime/kernels/reference/avg_pool2d.cc, max_pool2d.cc); int8 takes
// mote_{avg,max}_pool2d_s8_opt (runtime/kernels/optimized/pool2d.cc).
#include <fmt/format.h>

#include <cmath>

#include "compiler/plan/lower_elementwise_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/avg_pool2d.h"
#include "mote/kernels/max_pool2d.h"
#include "mote/kernels/optimized/pool2d.h"

namespace mote::plan {

using namespace elementwise_lowering;

namespace {

// TFLite Micro's CalculateOpDataPooling: output size and leading padding by
// the SAME/VALID formulas (dilation 1), checked against the output tensor.
mote_pool_geometry pool_geometry(const LowerContext& ctx, const ir::Tensor& input,
                                 const ir::Tensor& output, const ir::Pool2DOptions& opts) {
  if (input.shape.size() != 4 || output.shape.size() != 4) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("input {} and output {} must both be NHWC (rank 4)",
                         shape_string(input.shape), shape_string(output.shape)));
  }
  if (opts.filter_h < 1 || opts.filter_w < 1 || opts.stride_h < 1 ||
      opts.stride_w < 1) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("filter {}x{} and stride {}x{} must be positive", opts.filter_h,
                         opts.filter_w, opts.stride_h, opts.stride_w));
  }
  mote_pool_geometry g{};
  g.batches = input.shape[0];
  g.input_height = input.shape[1];
  g.input_width = input.shape[2];
  g.channels = input.shape[3];
  g.filter_height = opts.filter_h;
  g.filter_width = opts.filter_w;
  g.stride_height = opts.stride_h;
  g.stride_width = opts.stride_w;
  if (g.batches <= 0 || g.input_height <= 0 || g.input_width <= 0 || g.channels <= 0) {
    ctx.unsupported(fmt::format("empty input of shape {}", shape_string(input.shape)));
  }
  g.output_height =
      conv_output_size(opts.padding, g.input_height, g.filter_height, g.stride_height, 1);
  g.output_width =
      conv_output_size(opts.padding, g.input_width, g.filter_width, g.stride_width, 1);
  if (g.output_height <= 0 || g.output_width <= 0) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("a {}x{} VALID window does not fit the {}x{} input", g.filter_height,
                         g.filter_width, g.input_height, g.input_width));
  }
  const std::vector<int32_t> expected = {g.batches, g.output_height, g.output_width, g.channels};
  if (output.shape != expected) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("output has shape {}; the {} pooling of {} gives {}",
                         shape_string(output.shape),
                         opts.padding == ir::Padding::kSame ? "SAME" : "VALID",
                         shape_string(input.shape), shape_string(expected)));
  }
  g.pad_height = conv_leading_padding(g.stride_height, 1, g.input_height, g.filter_height,
                                      g.output_height);
  g.pad_width =
      conv_leading_padding(g.stride_width, 1, g.input_width, g.filter_width, g.output_width);
  // The kernels divide by the number of in-bounds window elements: every
  // window must overlap the input (always true for SAME/VALID padding).
  auto overlaps = [](int out_size, int stride, int pad, int filter, int in_size) {
    for (int o = 0; o < out_size; ++o) {
      const int origin = o * stride - pad;
      if (origin + filter <= 0 || origin >= in_size) return false;
    }
    return true;
  };
  if (!overlaps(g.output_height, g.stride_height, g.pad_height, g.filter_height,
                g.input_height) ||
      !overlaps(g.output_width, g.stride_width, g.pad_width, g.filter_width, g.input_width)) {
    ctx.fail(ErrorCode::kInvalid, "a pooling window lies entirely in the padding");
  }
  return g;
}

}  // namespace

std::vector<Step> lower_pool2d(LowerContext& ctx) {
  if (!std::holds_alternative<ir::Pool2DOptions>(ctx.op.options)) {
    ctx.fail(ErrorCode::kInvalid, "missing pooling options");
  }
  if (ctx.num_inputs() != 1 || ctx.op.outputs.size() != 1) {
    ctx.fail(ErrorCode::kInvalid, "expected one input and one output");
  }
  const auto& opts = ctx.op.opts<ir::Pool2DOptions>();
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& output = ctx.output(0);
  check_activation(ctx, opts.activation);
  const ElementType type = element_type(ctx, {&input, &output});
  const mote_pool_geometry geometry = pool_geometry(ctx, input, output, opts);
  const bool average = ctx.op.type == ir::OpType::kAveragePool2D;
  const std::vector<Operand> operands = {ctx.input_operand(0), ctx.output_operand(0)};

  if (type == ElementType::kFloat32) {
    const FloatRange range = activation_range_float(opts.activation);
    if (average) {
      mote_avg_pool2d_f32_params params{geometry, range.min, range.max};
      return {ctx.make_step(MOTE_K_AVG_POOL2D_F32, ctx.pool.add_params(params), operands)};
    }
    mote_max_pool2d_f32_params params{geometry, range.min, range.max};
    return {ctx.make_step(MOTE_K_MAX_POOL2D_F32, ctx.pool.add_params(params), operands)};
  }

  // TFLite Micro's PoolingPrepare: the kernels work on stored values, so
  // input and output must share quantization (scales within 1e-6).
  const TensorQuant in = int8_quant(ctx, input, "input");
  const TensorQuant out = int8_quant(ctx, output, "output");
  if (std::abs(static_cast<double>(in.scale) - static_cast<double>(out.scale)) > 1.0e-6 ||
      in.zero_point != out.zero_point) {
    ctx.unsupported(fmt::format(
        "input (scale {}, zero point {}) and output (scale {}, zero point {}) quantization differ",
        in.scale, in.zero_point, out.scale, out.zero_point));
  }
  const ActivationRange range = activation_range_quantized(opts.activation, output);
  if (average) {
    mote_avg_pool2d_s8_params params{geometry, range.min, range.max};
    return {ctx.make_step(ctx.optimized() ? MOTE_K_AVG_POOL2D_S8_OPT : MOTE_K_AVG_POOL2D_S8,
                          ctx.pool.add_params(params), operands)};
  }
  mote_max_pool2d_s8_params params{geometry, range.min, range.max};
  return {ctx.make_step(ctx.optimized() ? MOTE_K_MAX_POOL2D_S8_OPT : MOTE_K_MAX_POOL2D_S8,
                        ctx.pool.add_params(params), operands)};
}

}  // namespace mote::plan
