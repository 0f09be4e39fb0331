// Shared by the activation-family lowerings (lower_softmax.cc,
// lower_logistic.cc, lower_tanh.cc, lower_relu.cc, lower_leaky_relu.cc,
// lower_hard_swish.cc, lower_quantize.cc, lower_dequantize.cc, lower_log.cc,
// lower_rsqrt.cc): the checks of a one-input, one-output elementwise op and
// the TFLite Prepare() formulas their kernel constants come from.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "compiler/plan/lower.h"
#include "compiler/plan/quant_util.h"

namespace mote::plan::activation_lowering {

// Fails unless the op has exactly one input and one output.
void check_one_input_one_output(const LowerContext& ctx);

// Fails unless input and output have the same shape; returns the element
// count (which must fit a uint32).
uint32_t check_same_shape(const LowerContext& ctx, const ir::Tensor& input,
                          const ir::Tensor& output);

// "int8 -> float32": the type pair an op was given, for messages.
std::string type_pair(const ir::Tensor& input, const ir::Tensor& output);

// Fails with kUnsupported naming the type pair and what the op supports.
[[noreturn]] void unsupported_types(const LowerContext& ctx, const ir::Tensor& input,
                                    const ir::Tensor& output, const char* supported);

// Scale and zero point of a per-tensor quantized tensor. Fails (kInvalid) if
// the tensor has no quantization, is per-channel, has a scale that is not
// positive and finite, or a zero point outside its type's range.
struct TensorQuant {
  float scale = 0;
  int32_t zero_point = 0;
};
TensorQuant per_tensor_quant(const LowerContext& ctx, const ir::Tensor& tensor, const char* role);

// Fails unless an int8 output carries exactly the fixed quantization a kernel
// produces (e.g. scale 1/256, zero point -128 for SOFTMAX and LOGISTIC).
void check_fixed_output_quant(const LowerContext& ctx, const ir::Tensor& output, float scale,
                              int32_t zero_point);

// ---- TFLite Prepare() formulas (quantization_util.cc and the kernels'
// Prepare functions), reproduced exactly ----

// std::frexp(m) with the fraction rounded to Q31 and no renormalization: the
// form LOGISTIC and TANH use for their input multiplier (the fraction of a
// float-derived m never rounds up to 2^31).
QuantizedMultiplier frexp_multiplier(double real_multiplier);

// CalculateInputRadius: floor((2^integer_bits - 1) * 2^(total_signed_bits -
// integer_bits) / 2^left_shift), the largest |x| whose rescaled value stays
// inside the Q<integer_bits> range.
int32_t calculate_input_radius(int integer_bits, int left_shift, int total_signed_bits = 31);

// PreprocessSoftmaxScaling: min(beta * input_scale * 2^(31 - integer_bits),
// 2^31 - 1) as a quantized multiplier (a left shift >= 0).
QuantizedMultiplier preprocess_softmax_scaling(double beta, double input_scale,
                                               int integer_bits);

// DownScaleInt32ToInt16Multiplier: a Q31 multiplier rounded to Q15.
int16_t downscale_multiplier_to_q15(int32_t multiplier);

}  // namespace mote::plan::activation_lowering
