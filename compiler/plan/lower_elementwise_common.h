// Shared by the elementwise-family lowerings (lower_add.cc, lower_sub.cc,
// lower_mul.cc, lower_maximum_minimum.cc, lower_pool2d.cc, lower_mean.cc,
// lower_reduce_max.cc): type and quantization checks, broadcast strides and
// reduction shapes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/plan/lower.h"
#include "compiler/plan/quant_util.h"
#include "mote/kernels/broadcast.h"

namespace mote::plan::elementwise_lowering {

// The element type shared by every tensor of the op: int8 or float32 (any
// other type, or a mix, fails).
enum class ElementType { kInt8, kFloat32 };
ElementType element_type(const LowerContext& ctx, const std::vector<const ir::Tensor*>& tensors);

// The fused activation of ADD, SUB and MUL (absent options mean NONE); fails
// unless it is NONE, RELU, RELU_N1_TO_1 or RELU6.
ir::Activation fused_activation(const LowerContext& ctx);
void check_activation(const LowerContext& ctx, ir::Activation activation);

// Scale and zero point of a per-tensor quantized int8 tensor; fails if it
// lacks them, is per-channel, has a non-positive scale or a zero point
// outside int8.
struct TensorQuant {
  float scale = 0;
  int32_t zero_point = 0;
};
TensorQuant int8_quant(const LowerContext& ctx, const ir::Tensor& tensor, const char* role);

// TFLite's QuantizeMultiplierSmallerThanOneExp: fails (naming `what`) unless
// 0 < real < 1, which guarantees shift <= 0.
QuantizedMultiplier quantize_multiplier_smaller_than_one(const LowerContext& ctx, double real,
                                                         const char* what);

// Numpy broadcasting of `input1` and `input2` into `output` (rank <= 6):
// fails unless the input shapes broadcast and the output has the broadcast
// shape.
mote_broadcast_shape broadcast_shape(const LowerContext& ctx, const ir::Tensor& input1,
                                     const ir::Tensor& input2, const ir::Tensor& output);

// A MEAN / REDUCE_MAX reduction of input 0 over the axes in input 1 (a
// constant int32 tensor; negative axes count from the end, repeats are
// ignored), checked against the output's element count. Fails on empty
// tensors.
mote_reduce_shape reduce_shape(const LowerContext& ctx);

// The reducer options' keep_dims (absent options mean false).
bool keep_dims(const LowerContext& ctx);

// "[1, 4, 4, 2]".
std::string shape_string(const std::vector<int32_t>& shape);

}  // namespace mote::plan::elementwise_lowering
