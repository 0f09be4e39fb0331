// Host-side derivations of kernel constants, reproducing TFLite's own
// formulas exactly (the results decide bit-exactness).
#pragma once

#include <cstdint>

#include "compiler/ir/ir.h"

namespace mote::plan {

struct QuantizedMultiplier {
  int32_t multiplier = 0;  // Q31 in [2^30, 2^31), or 0
  int32_t shift = 0;       // power of two: > 0 left, < 0 right
};

// TFLite's QuantizeMultiplier: frexp, round(q * 2^31), renormalize 2^31,
// flush shifts below -31 to zero.
QuantizedMultiplier quantize_multiplier(double real_multiplier);

// Quantized clamp range of a fused activation for an int8/uint8/int16 output.
struct ActivationRange {
  int32_t min = 0, max = 0;
};
ActivationRange activation_range_quantized(ir::Activation activation, const ir::Tensor& output);

struct FloatRange {
  float min = 0, max = 0;
};
FloatRange activation_range_float(ir::Activation activation);

// SAME/VALID output size and leading padding, as TFLite computes them.
int conv_output_size(ir::Padding padding, int in_size, int filter_size, int stride, int dilation);
int conv_leading_padding(int stride, int dilation, int in_size, int filter_size, int out_size);

// Scalar quantization parameters of a per-tensor quantized tensor
// (fails with the op's context through the caller if absent).
float tensor_scale(const ir::Tensor& t);
int32_t tensor_zero_point(const ir::Tensor& t);

}  // namespace mote::plan
