// DEPTHWISE_CONV_2D -> mote_depthwise_conv2d_{s8,f32,hybrid}
// (runtime/kernels/reference/depthwise_conv2d.cc), or for int8 with depth
// multiplier 1 mote_depthwise_conv2d_s8_opt (runtime/kernels/optimized/).
#include <fmt/format.h>

#include "compiler/plan/lower_conv_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/depthwise_conv2d.h"
#include "mote/kernels/optimized/depthwise_conv2d.h"

namespace mote::plan {

using namespace conv_lowering;

namespace {

// The filter repacked for mote_depthwise_conv2d_s8_opt (its header has the
// layout), doubled when the output-stage table is there.
Operand packed_filter(LowerContext& ctx, const ir::Tensor& filter, int channels, bool table) {
  const int taps = filter.shape[1] * filter.shape[2];
  std::vector<int32_t> packed(mote_depthwise_conv2d_s8_opt_packed_words(taps, channels));
  mote_depthwise_conv2d_s8_opt_pack(reinterpret_cast<const int8_t*>(filter.data.data()), taps,
                                    channels, table ? 2 : 1, packed.data());
  return Operand::of_constant(ctx.pool.add_array(packed),
                              static_cast<uint32_t>(packed.size() * sizeof(int32_t)));
}

// mote_depthwise_conv2d_s8_opt's output-stage table (its header has the
// layout and the conditions), or absent when a channel lacks the form. A
// per-tensor layer has one too: the table is what the fast path reads.
Operand output_table(LowerContext& ctx, const MultiplierOperands& m, const ir::Tensor* bias,
                     const mote_conv_quant_params& q, int channels, int taps) {
  std::vector<int32_t> multipliers, shifts;
  for (const QuantizedMultiplier& v : m.values) {
    multipliers.push_back(v.multiplier);
    shifts.push_back(v.shift);
  }
  // A bias without constant data: its values are unknown here.
  if (bias != nullptr && bias->data.size() != size_t(channels) * sizeof(int32_t)) {
    return Operand::absent();
  }
  std::vector<int32_t> table(size_t{MOTE_DW_TABLE_WORDS} * channels);
  const int32_t* bias_values =
      bias != nullptr ? reinterpret_cast<const int32_t*>(bias->data.data()) : nullptr;
  const mote_per_channel_quant quant = {multipliers.data(), shifts.data()};
  if (mote_depthwise_conv2d_s8_opt_table(bias_values, quant, m.values.size() > 1 ? 1 : 0,
                                         channels, taps, q.input_offset, q.output_offset,
                                         table.data()) == 0) {
    return Operand::absent();
  }
  return Operand::of_constant(ctx.pool.add_array(table),
                              static_cast<uint32_t>(table.size() * sizeof(int32_t)));
}

}  // namespace

std::vector<Step> lower_depthwise_conv2d(LowerContext& ctx) {
  if (!std::holds_alternative<ir::DepthwiseConv2DOptions>(ctx.op.options)) {
    ctx.fail(ErrorCode::kInvalid, "missing DEPTHWISE_CONV_2D options");
  }
  if (ctx.op.outputs.size() != 1) ctx.fail(ErrorCode::kInvalid, "expected one output");
  const auto& opts = ctx.op.opts<ir::DepthwiseConv2DOptions>();
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& filter = ctx.input(1);
  const ir::Tensor& output = ctx.output(0);
  check_activation(ctx, opts.activation);
  const Variant variant = select_variant(ctx, input, filter, output);

  if (filter.shape.size() != 4 || filter.shape[0] != 1 || filter.shape[3] <= 0) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("filter has shape {}; expected [1, height, width, output_depth]",
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

  const int output_depth = filter.shape[3];
  if (geometry.output_depth != output_depth) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("output has {} channels but the filter has {}",
                                              geometry.output_depth, output_depth));
  }
  // Like TFLite, insist that the (redundant) depth multiplier agrees.
  if (static_cast<int64_t>(opts.depth_multiplier) * geometry.input_depth != output_depth) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("depth_multiplier {} times {} input channels is not the filter's {} "
                         "output channels",
                         opts.depth_multiplier, geometry.input_depth, output_depth));
  }

  switch (variant) {
    case Variant::kInt8: {
      check_bias(ctx, ir::DType::kInt32, output_depth);
      const TensorQuant in = activation_quant(ctx, input, "input");
      const TensorQuant out = activation_quant(ctx, output, "output");
      const std::vector<float> scales = weight_scales(ctx, filter, 3, output_depth);
      // TFLite Micro: input_scale * filter_scale / output_scale in double,
      // per channel (a per-tensor scale serves every channel).
      std::vector<QuantizedMultiplier> multipliers;
      for (float s : scales) {
        multipliers.push_back(quantize_multiplier(static_cast<double>(in.scale) *
                                                  static_cast<double>(s) /
                                                  static_cast<double>(out.scale)));
      }
      mote_depthwise_conv2d_s8_params params{};
      params.geometry = geometry;
      params.depth_multiplier = opts.depth_multiplier;
      params.quant = quant_params(ctx, in, output, opts.activation, scales.size() > 1);
      const MultiplierOperands m = add_multipliers(ctx.pool, multipliers);
      // The optimized kernel pairs input channel c with output channel c.
      const size_t filter_bytes = size_t(window.filter_height) * window.filter_width * output_depth;
      if (ctx.optimized() && opts.depth_multiplier == 1 && filter.data.size() == filter_bytes) {
        const ir::Tensor* bias_tensor = ctx.has_input(2) ? &ctx.input(2) : nullptr;
        const Operand table = output_table(ctx, m, bias_tensor, params.quant, output_depth,
                                           window.filter_height * window.filter_width);
        const bool tabled = table.kind == Operand::Kind::kConstant;
        const Operand filter_operand = packed_filter(ctx, filter, output_depth, tabled);
        if (tabled) {  // the table holds the biases, multipliers and shifts: no arrays in flash
          return {ctx.make_step(MOTE_K_DEPTHWISE_CONV2D_S8_OPT, ctx.pool.add_params(params),
                                {ctx.input_operand(0), filter_operand, Operand::absent(),
                                 Operand::absent(), Operand::absent(), table,
                                 ctx.output_operand(0)})};
        }
        // Without the table the kernel always adds a bias: zeros (flash) for an op without one.
        const Operand bias =
            ctx.has_input(2)
                ? ctx.input_operand(2)
                : Operand::of_constant(ctx.pool.add_array(std::vector<int32_t>(output_depth, 0)),
                                       static_cast<uint32_t>(output_depth * sizeof(int32_t)));
        return {ctx.make_step(MOTE_K_DEPTHWISE_CONV2D_S8_OPT, ctx.pool.add_params(params),
                              {ctx.input_operand(0), filter_operand, bias, m.multiplier, m.shift,
                               table, ctx.output_operand(0)})};
      }
      return {ctx.make_step(MOTE_K_DEPTHWISE_CONV2D_S8, ctx.pool.add_params(params),
                            {ctx.input_operand(0), ctx.input_operand(1), ctx.input_operand(2),
                             m.multiplier, m.shift, ctx.output_operand(0)})};
    }
    case Variant::kFloat32: {
      check_bias(ctx, ir::DType::kFloat32, output_depth);
      const FloatRange range = activation_range_float(opts.activation);
      mote_depthwise_conv2d_f32_params params{};
      params.geometry = geometry;
      params.depth_multiplier = opts.depth_multiplier;
      params.activation_min = range.min;
      params.activation_max = range.max;
      return {ctx.make_step(MOTE_K_DEPTHWISE_CONV2D_F32, ctx.pool.add_params(params),
                            {ctx.input_operand(0), ctx.input_operand(1), ctx.input_operand(2),
                             ctx.output_operand(0)})};
    }
    case Variant::kHybrid: {
      check_bias(ctx, ir::DType::kFloat32, output_depth);
      std::vector<float> scales = weight_scales(ctx, filter, 3, output_depth);
      const bool per_channel = scales_differ(scales);
      if (!per_channel) scales.resize(1);
      mote_depthwise_conv2d_hybrid_params params{};
      params.geometry = geometry;
      params.depth_multiplier = opts.depth_multiplier;
      params.hybrid = hybrid_params(opts.activation, per_channel);
      const uint32_t buffer_bytes =
          mote_depthwise_conv2d_hybrid_get_buffer_size(&params.geometry);
      return {ctx.make_step(MOTE_K_DEPTHWISE_CONV2D_HYBRID, ctx.pool.add_params(params),
                            {ctx.input_operand(0), ctx.input_operand(1), ctx.input_operand(2),
                             add_scales(ctx.pool, scales), Operand::scratch(buffer_bytes),
                             ctx.output_operand(0)})};
    }
  }
  ctx.fail(ErrorCode::kInvalid, "unreachable");
}

}  // namespace mote::plan
