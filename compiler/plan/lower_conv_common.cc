#include "compiler/plan/lower_conv_common.h"

#include "mote/kernels/optimized/gemm.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

namespace mote::plan::conv_lowering {

Variant select_variant(const LowerContext& ctx, const ir::Tensor& input, const ir::Tensor& filter,
                       const ir::Tensor& output) {
  using ir::DType;
  if (input.dtype != output.dtype) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("input is {} but output is {}",
                                              ir::dtype_name(input.dtype),
                                              ir::dtype_name(output.dtype)));
  }
  if (input.dtype == DType::kInt8 && filter.dtype == DType::kInt8) return Variant::kInt8;
  if (input.dtype == DType::kFloat32 && filter.dtype == DType::kFloat32) return Variant::kFloat32;
  if (input.dtype == DType::kFloat32 && filter.dtype == DType::kInt8) return Variant::kHybrid;
  ctx.unsupported(fmt::format("{} activations with {} weights (supported: int8/int8, "
                              "float32/float32, float32/int8 hybrid)",
                              ir::dtype_name(input.dtype), ir::dtype_name(filter.dtype)));
}

void check_activation(const LowerContext& ctx, ir::Activation activation) {
  switch (activation) {
    case ir::Activation::kNone:
    case ir::Activation::kRelu:
    case ir::Activation::kReluN1To1:
    case ir::Activation::kRelu6: return;
    case ir::Activation::kTanh: ctx.unsupported("fused TANH activation");
    case ir::Activation::kSignBit: ctx.unsupported("fused SIGN_BIT activation");
  }
  ctx.fail(ErrorCode::kInvalid, "unknown fused activation");
}

TensorQuant activation_quant(const LowerContext& ctx, const ir::Tensor& tensor, const char* role) {
  if (!tensor.quant || tensor.quant->scale.empty()) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("{} '{}' has no quantization parameters", role,
                                              tensor.name));
  }
  const ir::Quantization& q = *tensor.quant;
  if (q.scale.size() != 1 || q.zero_point.size() != 1) {
    ctx.unsupported(fmt::format("{} '{}' is quantized per channel ({} scales)", role,
                                tensor.name, q.scale.size()));
  }
  const float scale = q.scale[0];
  if (!(scale > 0) || !std::isfinite(scale)) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("{} '{}' has scale {}", role, tensor.name, scale));
  }
  const int64_t zero_point = q.zero_point[0];
  if (zero_point < -128 || zero_point > 127) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("{} '{}' has zero point {} outside int8", role,
                                              tensor.name, zero_point));
  }
  return {scale, static_cast<int32_t>(zero_point)};
}

std::vector<float> weight_scales(const LowerContext& ctx, const ir::Tensor& weights, int axis,
                                 int channels) {
  if (!weights.quant || weights.quant->scale.empty()) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("int8 weights '{}' have no quantization parameters", weights.name));
  }
  const ir::Quantization& q = *weights.quant;
  const size_t n = q.scale.size();
  if (n != 1 && n != static_cast<size_t>(channels)) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("weights '{}' have {} scales; expected 1 or {} (one per output channel)",
                         weights.name, n, channels));
  }
  if (n > 1 && q.axis != axis) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("weights '{}' are quantized along dimension {}; expected {}",
                         weights.name, q.axis, axis));
  }
  if (q.zero_point.size() != 1 && q.zero_point.size() != n) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("weights '{}' have {} scales but {} zero points",
                                              weights.name, n, q.zero_point.size()));
  }
  for (size_t i = 0; i < q.zero_point.size(); ++i) {
    if (q.zero_point[i] != 0) {
      ctx.unsupported(fmt::format("weights '{}' have zero point {} (channel {}); int8 weights "
                                  "must be symmetric (zero point 0)",
                                  weights.name, q.zero_point[i], i));
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (!(q.scale[i] >= 0) || !std::isfinite(q.scale[i])) {
      ctx.fail(ErrorCode::kInvalid, fmt::format("weights '{}' have scale {} (channel {})",
                                                weights.name, q.scale[i], i));
    }
  }
  return q.scale;
}

bool scales_differ(const std::vector<float>& scales) {
  for (float s : scales) {
    if (s != scales[0]) return true;
  }
  return false;
}

void check_bias(const LowerContext& ctx, ir::DType dtype, int channels) {
  if (!ctx.has_input(2)) return;
  const ir::Tensor& bias = ctx.input(2);
  if (bias.dtype != dtype) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("bias '{}' is {}; expected {}", bias.name,
                                              ir::dtype_name(bias.dtype), ir::dtype_name(dtype)));
  }
  if (bias.num_elements() != channels) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("bias '{}' has {} elements; expected {} (one per output channel)",
                         bias.name, bias.num_elements(), channels));
  }
}

mote_conv_quant_params quant_params(const LowerContext& ctx, TensorQuant input,
                                    const ir::Tensor& output, ir::Activation activation,
                                    bool per_channel) {
  const TensorQuant out = activation_quant(ctx, output, "output");
  const ActivationRange range = activation_range_quantized(activation, output);
  if (range.min > range.max) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("fused activation leaves an empty output range "
                                              "[{}, {}]",
                                              range.min, range.max));
  }
  mote_conv_quant_params p{};
  p.input_offset = -input.zero_point;
  p.output_offset = out.zero_point;
  p.activation_min = range.min;
  p.activation_max = range.max;
  p.per_channel = per_channel ? 1 : 0;
  return p;
}

MultiplierOperands add_multipliers(ConstantPool& pool,
                                   const std::vector<QuantizedMultiplier>& multipliers) {
  std::vector<int32_t> m, s;
  for (const QuantizedMultiplier& q : multipliers) {
    m.push_back(q.multiplier);
    s.push_back(q.shift);
  }
  const auto bytes = static_cast<uint32_t>(m.size() * sizeof(int32_t));
  return {Operand::of_constant(pool.add_array(m), bytes),
          Operand::of_constant(pool.add_array(s), bytes), multipliers};
}

GemmQuantOperands gemm_quant_operands(ConstantPool& pool, const MultiplierOperands& m,
                                      int channels, int32_t output_offset) {
  const GemmQuantOperands arrays_only{m.multiplier, m.shift, Operand::absent()};
  // A per-tensor layer keeps the multiplier and shift arrays' path: a table
  // would repeat one entry per channel (AD: +26.8 KB of flash for -4 % of
  // instructions).
  if (m.values.size() == 1 && channels > 1) return arrays_only;
  std::vector<int32_t> table(size_t{MOTE_REQUANT_WORDS} * channels);
  auto channel = [&](int c) -> const QuantizedMultiplier& {
    return m.values[m.values.size() == 1 ? 0 : c];
  };
  auto words = [&](int c) { return table.data() + size_t{MOTE_REQUANT_WORDS} * c; };
  bool folded = true;
  for (int c = 0; c < channels && folded; ++c) {
    folded = mote_requant_applies(&channel(c).shift, 1) != 0 &&
             mote_requant_make(channel(c).multiplier, channel(c).shift, output_offset,
                               words(c)) != 0;
  }
  if (!folded) {
    for (int c = 0; c < channels; ++c) {
      if (channel(c).shift < -31 || channel(c).shift > 31) return arrays_only;
      mote_requant_make_unfolded(channel(c).multiplier, channel(c).shift, words(c));
    }
  }
  const Operand requant = Operand::of_constant(
      pool.add_array(table), static_cast<uint32_t>(table.size() * sizeof(int32_t)));
  if (folded) return {Operand::absent(), Operand::absent(), requant};
  return {m.multiplier, m.shift, requant};
}

mote_hybrid_params hybrid_params(ir::Activation activation, bool per_channel) {
  const FloatRange range = activation_range_float(activation);
  mote_hybrid_params p{};
  p.activation_min = range.min;
  p.activation_max = range.max;
  p.per_channel = per_channel ? 1 : 0;
  return p;
}

Operand add_scales(ConstantPool& pool, const std::vector<float>& scales) {
  return Operand::of_constant(pool.add_array(scales),
                              static_cast<uint32_t>(scales.size() * sizeof(float)));
}

std::optional<GemmConstants> gemm_constants(const LowerContext& ctx, int output_depth, int depth,
                                            int32_t input_offset,
                                            const mote_conv_geometry* conv) {
  const ir::Tensor& weights = ctx.input(1);
  const int64_t elements = int64_t{output_depth} * depth;
  if (!weights.is_constant() || weights.dtype != ir::DType::kInt8 ||
      static_cast<int64_t>(weights.data.size()) != elements) {
    return std::nullopt;
  }
  std::vector<int32_t> bias;
  if (ctx.has_input(2)) {
    const ir::Tensor& b = ctx.input(2);
    if (!b.is_constant() || b.data.size() != static_cast<size_t>(output_depth) * sizeof(int32_t)) {
      return std::nullopt;
    }
    bias.resize(output_depth);
    std::memcpy(bias.data(), b.data.data(), b.data.size());  // the file's data may be unaligned
  }
  const auto* w = reinterpret_cast<const int8_t*>(weights.data.data());
  std::vector<int8_t> packed;
  if (conv != nullptr) {  // filter rows padded on their own (mote_conv2d_s8_gemm)
    packed.resize(mote_conv2d_gemm_packed_size(conv));
    mote_conv2d_gemm_pack_weights(w, conv, packed.data());
  } else {
    packed.resize(mote_gemm_packed_size(output_depth, depth));
    mote_gemm_pack_weights(w, output_depth, depth, packed.data());
  }
  std::vector<int32_t> folded(output_depth);
  mote_gemm_fold_bias(w, bias.empty() ? nullptr : bias.data(), output_depth, depth, input_offset,
                      folded.data());
  return GemmConstants{
      Operand::of_constant(ctx.pool.add_array(packed),
                           static_cast<uint32_t>(packed.size() * sizeof(int8_t))),
      Operand::of_constant(ctx.pool.add_array(folded),
                           static_cast<uint32_t>(folded.size() * sizeof(int32_t)))};
}

Operand gemm_scratch(const mote_fully_connected_shape& shape) {
  const uint32_t bytes = mote_gemm_scratch_size(shape.batches, shape.accum_depth);
  return bytes != 0 ? Operand::scratch(bytes) : Operand::absent();
}

mote_conv_geometry conv_geometry(const LowerContext& ctx, const ir::Tensor& input,
                                 const ir::Tensor& output, const Window& w) {
  if (input.shape.size() != 4) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("input has shape {}; expected rank 4 (NHWC)", shape_string(input.shape)));
  }
  if (output.shape.size() != 4) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("output has shape {}; expected rank 4 (NHWC)",
                                              shape_string(output.shape)));
  }
  for (int32_t d : input.shape) {
    if (d <= 0) {
      ctx.fail(ErrorCode::kInvalid,
               fmt::format("input has shape {}", shape_string(input.shape)));
    }
  }
  if (w.filter_height <= 0 || w.filter_width <= 0) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("filter is {}x{}", w.filter_height, w.filter_width));
  }
  if (w.stride_height <= 0 || w.stride_width <= 0) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("strides must be positive (got {}x{})", w.stride_height, w.stride_width));
  }
  if (w.dilation_height <= 0 || w.dilation_width <= 0) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("dilations must be positive (got {}x{})",
                                              w.dilation_height, w.dilation_width));
  }
  if (output.shape[0] != input.shape[0]) {
    ctx.fail(ErrorCode::kInvalid, fmt::format("input has {} batches but output has {}",
                                              input.shape[0], output.shape[0]));
  }
  const int in_h = input.shape[1], in_w = input.shape[2];
  const int out_h =
      conv_output_size(w.padding, in_h, w.filter_height, w.stride_height, w.dilation_height);
  const int out_w =
      conv_output_size(w.padding, in_w, w.filter_width, w.stride_width, w.dilation_width);
  if (out_h <= 0 || out_w <= 0) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("a {}x{} filter (dilation {}x{}) does not fit the {}x{} input with "
                         "VALID padding",
                         w.filter_height, w.filter_width, w.dilation_height, w.dilation_width,
                         in_h, in_w));
  }
  if (output.shape[1] != out_h || output.shape[2] != out_w) {
    ctx.fail(ErrorCode::kInvalid,
             fmt::format("output has shape {}; {} padding with stride {}x{} gives {}x{} pixels",
                         shape_string(output.shape),
                         w.padding == ir::Padding::kSame ? "SAME" : "VALID", w.stride_height,
                         w.stride_width, out_h, out_w));
  }
  mote_conv_geometry g{};
  g.batches = input.shape[0];
  g.input_height = in_h;
  g.input_width = in_w;
  g.input_depth = input.shape[3];
  g.filter_height = w.filter_height;
  g.filter_width = w.filter_width;
  g.output_height = out_h;
  g.output_width = out_w;
  g.output_depth = output.shape[3];
  g.stride_height = w.stride_height;
  g.stride_width = w.stride_width;
  g.dilation_height = w.dilation_height;
  g.dilation_width = w.dilation_width;
  g.pad_height =
      conv_leading_padding(w.stride_height, w.dilation_height, in_h, w.filter_height, out_h);
  g.pad_width =
      conv_leading_padding(w.stride_width, w.dilation_width, in_w, w.filter_width, out_w);
  return g;
}

std::string shape_string(const std::vector<int32_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += fmt::format("{}{}", i ? ", " : "", shape[i]);
  return s + "]";
}

}  // namespace mote::plan::conv_lowering
