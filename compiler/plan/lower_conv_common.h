// Shared by the conv-family lowerings (lower_conv2d.cc,
// lower_depthwise_conv2d.cc, lower_fully_connected.cc): the checks every
// variant needs and the constants it hands to its kernel.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/plan/lower.h"
#include "compiler/plan/quant_util.h"
#include "mote/kernels/conv_geometry.h"
#include "mote/kernels/fully_connected.h"

namespace mote::plan::conv_lowering {

// Which kernel the element types select: int8 (int8 activations and
// weights), float32, or hybrid (float32 activations, int8 weights). Any other
// combination is unsupported.
enum class Variant { kInt8, kFloat32, kHybrid };
Variant select_variant(const LowerContext& ctx, const ir::Tensor& input, const ir::Tensor& filter,
                       const ir::Tensor& output);

// The fused activations a clamp can express (NONE, RELU, RELU_N1_TO_1, RELU6).
void check_activation(const LowerContext& ctx, ir::Activation activation);

// Scale and zero point of a per-tensor quantized activation tensor; fails if
// the tensor lacks them, is per-channel, or has a non-positive scale.
struct TensorQuant {
  float scale = 0;
  int32_t zero_point = 0;
};
TensorQuant activation_quant(const LowerContext& ctx, const ir::Tensor& tensor, const char* role);

// Weight scales: one (per-tensor) or `channels` along dimension `axis`
// (per-channel). Every zero point must be 0 (symmetric weights).
std::vector<float> weight_scales(const LowerContext& ctx, const ir::Tensor& weights, int axis,
                                 int channels);

// True if the scales are not all equal (one scale per channel is needed).
bool scales_differ(const std::vector<float>& scales);

// The optional bias (input 2): `dtype`, `channels` elements.
void check_bias(const LowerContext& ctx, ir::DType dtype, int channels);

// int8 requantization parameters of a conv-like op. `per_channel` says
// whether the multiplier/shift arrays have one entry per output channel.
mote_conv_quant_params quant_params(const LowerContext& ctx, TensorQuant input,
                                    const ir::Tensor& output, ir::Activation activation,
                                    bool per_channel);

// The multiplier and shift arrays as constant operands.
struct MultiplierOperands {
  Operand multiplier, shift;
  std::vector<QuantizedMultiplier> values;  // for gemm_quant_operands
};
MultiplierOperands add_multipliers(ConstantPool& pool,
                                   const std::vector<QuantizedMultiplier>& multipliers);

// The GEMM kernels' requantization operands. The per-channel constants
// with the output offset folded in (mote/kernels/optimized/requant.h, 16
// bytes per channel) are all every path reads: no multiplier and shift
// arrays then. Where a channel does not fold (a shift >= 0, or a right shift
// too large for the offset), the unfolded table of the Cortex-M4 pair path
// plus the arrays; a layer quantized per tensor, the arrays alone.
struct GemmQuantOperands {
  Operand multiplier, shift, requant;
};
GemmQuantOperands gemm_quant_operands(ConstantPool& pool, const MultiplierOperands& m,
                                      int channels, int32_t output_offset);

// Hybrid parameters (float activation range, scale indexing) and the weight
// scales as a constant operand.
mote_hybrid_params hybrid_params(ir::Activation activation, bool per_channel);
Operand add_scales(ConstantPool& pool, const std::vector<float>& scales);

// Constants of the optimized GEMM kernels (mote/kernels/optimized/gemm.h):
// the weights (input 1, [output_depth, depth] row-major int8) packed (int8) for
// mote_gemm_s8, or for mote_conv2d_s8_gemm when `conv` is given, and the
// bias (input 2, or 0) with input_offset * sum(weights) folded in. Empty when the weights or the
// bias are not constant (then the reference kernel runs).
struct GemmConstants {
  Operand packed_weights, folded_bias;
};
std::optional<GemmConstants> gemm_constants(const LowerContext& ctx, int output_depth, int depth,
                                            int32_t input_offset,
                                            const mote_conv_geometry* conv = nullptr);

// mote_gemm_s8's int16 scratch for `shape` (absent when it runs without:
// one long row).
Operand gemm_scratch(const mote_fully_connected_shape& shape);

// Window geometry of a 2-D convolution over NHWC `input` into NHWC `output`:
// checks ranks, batches, strides/dilations and that the output size matches
// TFLite's SAME/VALID formula; fills in the leading padding.
struct Window {
  int filter_height = 1, filter_width = 1;
  int stride_height = 1, stride_width = 1;
  int dilation_height = 1, dilation_width = 1;
  ir::Padding padding = ir::Padding::kValid;
};
mote_conv_geometry conv_geometry(const LowerContext& ctx, const ir::Tensor& input,
                                 const ir::Tensor& output, const Window& window);

// "[1, 4, 4, 2]".
std::string shape_string(const std::vector<int32_t>& shape);

}  // namespace mote::plan::conv_lowering
