// CONV_2D -> mote_conv2d_{s8,f32,hybrid} (runtime/kernels/reference/conv2d.cc);
// with optimized kernels, an ungrouped int8 one with constant weights ->
// mote_gemm_s8 (pointwise) or mote_conv2d_s8_gemm (runtime/kernels/optimized/);
// a hybrid pointwise convolution -> mote_fully_connected_hybrid
// (runtime/kernels/reference/fully_connected.cc).
#include <fmt/format.h>

#include "compiler/plan/lower_conv_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/conv2d.h"
#include "mote/kernels/fully_connected.h"
#include "mote/kernels/optimized/gemm.h"

namespace mote::plan {

using namespace conv_lowering;

namespace {

// A 1x1 filter with stride 1 over all input channels (dilation does not
// matter for a 1x1 filter; the padding is 0): every output pixel is the
// product of one input pixel with the filter matrix.
bool is_pointwise(const mote_conv_geometry& g, int groups) {
  return g.filter_height == 1 && g.filter_width == 1 && g.stride_height == 1 &&
         g.stride_width == 1 && groups == 1 && g.pad_height == 0 && g.pad_width == 0;
}

// Ungrouped int8 CONV_2D with constant weights (and bias, if any): a
// pointwise one is a GEMM over pixels (mote_gemm_s8); any other window with
// dilation_width 1 runs row by row of the window (mote_conv2d_s8_gemm). Both
// take an int16 scratch for two pixels' inputs (the Cortex-M4 path, gemm.h).
std::optional<std::vector<Step>> lower_conv2d_optimized(LowerContext& ctx,
                                                        const mote_conv2d_s8_params& params,
                                                        const MultiplierOperands& m) {
  const mote_conv_geometry& g = params.geometry;
  const bool pointwise = is_pointwise(g, 1);
  if (!pointwise && g.dilation_width != 1) return std::nullopt;
  const int depth = g.filter_height * g.filter_width * g.input_depth;
  const auto gemm = gemm_constants(ctx, g.output_depth, depth, params.quant.input_offset,
                                   pointwise ? nullptr : &g);
  if (!gemm) return std::nullopt;
  const GemmQuantOperands quant =
      gemm_quant_operands(ctx.pool, m, g.output_depth, params.quant.output_offset);
  if (pointwise) {
    mote_fully_connected_s8_params fc{};
    fc.shape.batches = g.batches * g.input_height * g.input_width;
    fc.shape.accum_depth = g.input_depth;
    fc.shape.output_depth = g.output_depth;
    fc.quant = params.quant;
    fc.quant.input_offset = 0;  // folded into the bias
    return std::vector<Step>{ctx.make_step(
        MOTE_K_GEMM_S8, ctx.pool.add_params(fc),
        {ctx.input_operand(0), gemm->packed_weights, gemm->folded_bias, quant.multiplier,
         quant.shift, quant.requant, gemm_scratch(fc.shape), ctx.output_operand(0)})};
  }
  return std::vector<Step>{ctx.make_step(
      MOTE_K_CONV2D_S8_GEMM, ctx.pool.add_params(params),
      {ctx.input_operand(0), gemm->packed_weights, gemm->folded_bias, quant.multiplier,
       quant.shift, quant.requant, Operand::scratch(mote_conv2d_gemm_scratch_size(&g)),
       ctx.output_operand(0)})};
}

}  // namespace

std::vector<Step> lower_conv2d(LowerContext& ctx) {
  if (!std::holds_alternative<ir::Conv2DOptions>(ctx.op.options)) {
    ctx.fail(ErrorCode::kInvalid, "missing CONV_2D options");
  }
  if (ctx.op.outputs.size() != 1) ctx.fail(ErrorCode::kInvalid, "expected one output");
  const auto& opts = ctx.op.opts<ir::Conv2DOptions>();
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& filter = ctx.input(1);
  const ir::Tensor& output = ctx.output(0);
  check_activation(ctx, opts.activation);
  const Variant variant = select_variant(ctx, input, filter, output);

  if (filter.shape.size() != 4 || filter.shape[0] <= 0 || filter.shape[3] <= 0) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("filter has shape {}; expected [output_depth, height, width, "
                         "input_depth]",
                         shape_string(filter.shape)));
  }
  Window window;
  window.filter_height = filter.shape[1];
  window.filter_width = filter.shape[2];
  window.stride_height = opts.stride_h;
  window.stride_width = opts.stride_w;
  window.dilation_height = opts.dilation_h;
  window.dilation_width = opts.dilation_w;
  window.padding = opts.padding;
  const mote_conv_geometry geometry = conv_geometry(ctx, input, output, window);

  const int output_depth = filter.shape[0];
  const int filter_depth = filter.shape[3];
  if (geometry.output_depth != output_depth) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("output has {} channels but the filter has {}",
                                              geometry.output_depth, output_depth));
  }
  if (filter_depth <= 0 || geometry.input_depth % filter_depth != 0) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("input has {} channels, not a multiple of the filter's {}",
                         geometry.input_depth, filter_depth));
  }
  const int groups = geometry.input_depth / filter_depth;
  if (output_depth % groups != 0) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("{} output channels do not split into {} groups",
                                              output_depth, groups));
  }

  switch (variant) {
    case Variant::kInt8: {
      check_bias(ctx, ir::DType::kInt32, output_depth);
      const TensorQuant in = activation_quant(ctx, input, "input");
      const TensorQuant out = activation_quant(ctx, output, "output");
      const std::vector<float> scales = weight_scales(ctx, filter, 0, output_depth);
      // TFLite Micro: input_scale * filter_scale / output_scale in double,
      // per channel (a per-tensor scale serves every channel).
      std::vector<QuantizedMultiplier> multipliers;
      for (float s : scales) {
        multipliers.push_back(quantize_multiplier(static_cast<double>(in.scale) *
                                                  static_cast<double>(s) /
                                                  static_cast<double>(out.scale)));
      }
      mote_conv2d_s8_params params{};
      params.geometry = geometry;
      params.filter_input_depth = filter_depth;
      params.quant = quant_params(ctx, in, output, opts.activation, scales.size() > 1);
      const MultiplierOperands m = add_multipliers(ctx.pool, multipliers);
      if (ctx.optimized() && groups == 1) {
        if (auto steps = lower_conv2d_optimized(ctx, params, m)) return std::move(*steps);
      }
      return {ctx.make_step(MOTE_K_CONV2D_S8, ctx.pool.add_params(params),
                            {ctx.input_operand(0), ctx.input_operand(1), ctx.input_operand(2),
                             m.multiplier, m.shift, ctx.output_operand(0)})};
    }
    case Variant::kFloat32: {
      check_bias(ctx, ir::DType::kFloat32, output_depth);
      const FloatRange range = activation_range_float(opts.activation);
      mote_conv2d_f32_params params{};
      params.geometry = geometry;
      params.filter_input_depth = filter_depth;
      params.activation_min = range.min;
      params.activation_max = range.max;
      return {ctx.make_step(MOTE_K_CONV2D_F32, ctx.pool.add_params(params),
                            {ctx.input_operand(0), ctx.input_operand(1), ctx.input_operand(2),
                             ctx.output_operand(0)})};
    }
    case Variant::kHybrid: {
      check_bias(ctx, ir::DType::kFloat32, output_depth);
      std::vector<float> scales = weight_scales(ctx, filter, 0, output_depth);
      const bool per_channel = scales_differ(scales);
      if (!per_channel) scales.resize(1);
      const mote_hybrid_params hybrid = hybrid_params(opts.activation, per_channel);
      if (is_pointwise(geometry, groups)) {
        // LiteRT runs a pointwise convolution as a matrix product over pixels
        // and quantizes each pixel's input channels on their own: that is
        // FULLY_CONNECTED with one row per pixel (the [O, 1, 1, C] filter is
        // the [O, C] weight matrix).
        mote_fully_connected_hybrid_params params{};
        params.shape.batches = geometry.batches * geometry.input_height * geometry.input_width;
        params.shape.accum_depth = geometry.input_depth;
        params.shape.output_depth = output_depth;
        params.hybrid = hybrid;
        const uint32_t buffer_bytes = mote_fully_connected_hybrid_get_buffer_size(&params.shape);
        return {ctx.make_step(MOTE_K_FULLY_CONNECTED_HYBRID, ctx.pool.add_params(params),
                              {ctx.input_operand(0), ctx.input_operand(1), ctx.input_operand(2),
                               add_scales(ctx.pool, scales), Operand::scratch(buffer_bytes),
                               ctx.output_operand(0)})};
      }
      // Otherwise each input image is quantized on its own.
      mote_conv2d_hybrid_params params{};
      params.geometry = geometry;
      params.filter_input_depth = filter_depth;
      params.hybrid = hybrid;
      const uint32_t buffer_bytes = mote_conv2d_hybrid_get_buffer_size(&params.geometry);
      return {ctx.make_step(MOTE_K_CONV2D_HYBRID, ctx.pool.add_params(params),
                            {ctx.input_operand(0), ctx.input_operand(1), ctx.input_operand(2),
                             add_scales(ctx.pool, scales), Operand::scratch(buffer_bytes),
                             ctx.output_operand(0)})};
    }
  }
  ctx.fail(ErrorCode::kInvalid, "unreachable");
}

}  // namespace mote::plan
