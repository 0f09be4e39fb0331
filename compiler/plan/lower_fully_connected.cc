// FULLY_CONNECTED -> mote_fully_connected_{s8,f32,hybrid}
// (runtime/kernels/reference/fully_connected.cc); int8 with constant weights
// and bias -> mote_gemm_s8 (runtime/kernels/optimized/gemm_s8.cc) when
// optimized kernels are selected.
#include <fmt/format.h>

#include <cmath>

#include "compiler/plan/lower_conv_common.h"
#include "compiler/plan/lower_ops.h"
#include "mote/kernels/fully_connected.h"
#include "mote/kernels/optimized/gemm.h"

namespace mote::plan {

using namespace conv_lowering;

namespace {

// TFLite's GetQuantizedConvolutionMultipler for a per-tensor FULLY_CONNECTED:
// the input * weight scale product is taken in float (not double), and a
// bias must carry (nearly) that product as its scale.
double per_tensor_multiplier(const LowerContext& ctx, TensorQuant in, float weight_scale,
                             TensorQuant out) {
  if (ctx.has_input(2)) {
    const ir::Tensor& bias = ctx.input(2);
    // TFLite reads the bias' legacy (per-tensor) scale: 0 unless it has exactly one.
    const double bias_scale =
        bias.quant && bias.quant->scale.size() == 1 ? static_cast<double>(bias.quant->scale[0])
                                                    : 0.0;
    const double product = static_cast<double>(in.scale) * static_cast<double>(weight_scale);
    if (std::abs(product - bias_scale) / static_cast<double>(out.scale) > 0.02) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("bias '{}' has scale {} but input scale * weight scale is {}",
                           bias.name, bias_scale, product));
    }
  }
  return static_cast<double>(in.scale * weight_scale) / static_cast<double>(out.scale);
}

}  // namespace

std::vector<Step> lower_fully_connected(LowerContext& ctx) {
  if (!std::holds_alternative<ir::FullyConnectedOptions>(ctx.op.options)) {
    ctx.fail(ErrorCode::kInvalid, "missing FULLY_CONNECTED options");
  }
  if (ctx.op.outputs.size() != 1) ctx.fail(ErrorCode::kInvalid, "expected one output");
  const auto& opts = ctx.op.opts<ir::FullyConnectedOptions>();
  const ir::Tensor& input = ctx.input(0);
  const ir::Tensor& weights = ctx.input(1);
  const ir::Tensor& output = ctx.output(0);
  check_activation(ctx, opts.activation);
  const Variant variant = select_variant(ctx, input, weights, output);

  if (weights.shape.size() != 2 || weights.shape[0] <= 0 || weights.shape[1] <= 0) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("weights have shape {}; expected [output_depth, accum_depth]",
                         shape_string(weights.shape)));
  }
  mote_fully_connected_shape shape{};
  shape.output_depth = weights.shape[0];
  shape.accum_depth = weights.shape[1];
  // The input is read as rows of accum_depth values, whatever its rank.
  const int64_t input_elements = input.num_elements();
  if (input.shape.empty() || input_elements <= 0 || input_elements % shape.accum_depth != 0) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("input has shape {}, not rows of the weights' {} columns",
                         shape_string(input.shape), shape.accum_depth));
  }
  shape.batches = static_cast<int32_t>(input_elements / shape.accum_depth);
  if (output.shape.empty() || output.shape.back() != shape.output_depth ||
      output.num_elements() != static_cast<int64_t>(shape.batches) * shape.output_depth) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("output has shape {}; expected {} rows of {} (input {}, weights {})",
                         shape_string(output.shape), shape.batches, shape.output_depth,
                         shape_string(input.shape), shape_string(weights.shape)));
  }

  switch (variant) {
    case Variant::kInt8: {
      check_bias(ctx, ir::DType::kInt32, shape.output_depth);
      const TensorQuant in = activation_quant(ctx, input, "input");
      const TensorQuant out = activation_quant(ctx, output, "output");
      const std::vector<float> scales = weight_scales(ctx, weights, 0, shape.output_depth);
      // TFLite Micro: per-tensor weights use one multiplier (the float product
      // of the scales); per-channel weights use FullyConnectedPerChannel with
      // input_scale * weight_scale[c] / output_scale in double.
      std::vector<QuantizedMultiplier> multipliers;
      if (scales.size() == 1) {
        multipliers.push_back(quantize_multiplier(per_tensor_multiplier(ctx, in, scales[0], out)));
      } else {
        for (float s : scales) {
          multipliers.push_back(quantize_multiplier(static_cast<double>(in.scale) *
                                                    static_cast<double>(s) /
                                                    static_cast<double>(out.scale)));
        }
      }
      mote_fully_connected_s8_params params{};
      params.shape = shape;
      params.quant = quant_params(ctx, in, output, opts.activation, scales.size() > 1);
      const MultiplierOperands m = add_multipliers(ctx.pool, multipliers);
      // Optimized: constant weights (and bias, if any) to pack and fold.
      if (ctx.optimized()) {
        if (const auto gemm = gemm_constants(ctx, shape.output_depth, shape.accum_depth,
                                             params.quant.input_offset)) {
          params.quant.input_offset = 0;  // folded into the bias
          const GemmQuantOperands quant =
              gemm_quant_operands(ctx.pool, m, shape.output_depth, params.quant.output_offset);
          return {ctx.make_step(MOTE_K_GEMM_S8, ctx.pool.add_params(params),
                                {ctx.input_operand(0), gemm->packed_weights, gemm->folded_bias,
                                 quant.multiplier, quant.shift, quant.requant,
                                 gemm_scratch(shape), ctx.output_operand(0)})};
        }
      }
      return {ctx.make_step(MOTE_K_FULLY_CONNECTED_S8, ctx.pool.add_params(params),
                            {ctx.input_operand(0), ctx.input_operand(1), ctx.input_operand(2),
                             m.multiplier, m.shift, ctx.output_operand(0)})};
    }
    case Variant::kFloat32: {
      check_bias(ctx, ir::DType::kFloat32, shape.output_depth);
      const FloatRange range = activation_range_float(opts.activation);
      mote_fully_connected_f32_params params{};
      params.shape = shape;
      params.activation_min = range.min;
      params.activation_max = range.max;
      return {ctx.make_step(MOTE_K_FULLY_CONNECTED_F32, ctx.pool.add_params(params),
                            {ctx.input_operand(0), ctx.input_operand(1), ctx.input_operand(2),
                             ctx.output_operand(0)})};
    }
    case Variant::kHybrid: {
      check_bias(ctx, ir::DType::kFloat32, shape.output_depth);
      std::vector<float> scales = weight_scales(ctx, weights, 0, shape.output_depth);
      const bool per_channel = scales_differ(scales);
      if (!per_channel) scales.resize(1);
      mote_fully_connected_hybrid_params params{};
      params.shape = shape;
      // LiteRT quantizes the inputs asymmetrically whatever the model's
      // asymmetric_quantize_inputs option says (see mote::hybrid).
      params.hybrid = hybrid_params(opts.activation, per_channel);
      const uint32_t buffer_bytes = mote_fully_connected_hybrid_get_buffer_size(&params.shape);
      return {ctx.make_step(MOTE_K_FULLY_CONNECTED_HYBRID, ctx.pool.add_params(params),
                            {ctx.input_operand(0), ctx.input_operand(1), ctx.input_operand(2),
                             add_scales(ctx.pool, scales), Operand::scratch(buffer_bytes),
                             ctx.output_operand(0)})};
    }
  }
  ctx.fail(ErrorCode::kInvalid, "unreachable");
}

}  // namespace mote::plan
