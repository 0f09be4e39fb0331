// Post-training int8 quantization: float IR -> int8 IR laid out the way the
// TFLite converter does, so the result runs on TFLite Micro's int8 kernels.
//   activations  int8 asymmetric, per tensor, from calibration ranges
//   conv / depthwise weights  int8 symmetric per channel (axis 0 / axis 3, +-127)
//   fully-connected weights   per tensor (as the converter), or per channel (axis 0)
//   biases       int32, scale input_scale * weight_scale[c], zero point 0
//   shared-scale ops (pooling, reshape, squeeze, pad, concatenation, max/min)
//                output parameters = input parameters
//   softmax / logistic  1/256, zp -128;  tanh  1/128, zp 0
#pragma once

#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/quantize/range_estimators.h"

namespace mote::quantize {

enum class IoType { kInt8, kFloat };  // kFloat: QUANTIZE / DEQUANTIZE at the edges

struct QuantizeOptions {
  IoType io = IoType::kInt8;
  // Per-channel FULLY_CONNECTED weights: more accurate, but a float scale and
  // an int64 zero point per channel on weights and bias (AD: +40 KB, larger
  // than the converter's per-tensor model), so opt-in.
  bool per_channel_fc = false;
  Estimator estimator = Estimator::kAuto;
  // Ops (float model indices) left in float, with DEQUANTIZE before and
  // QUANTIZE after them so the rest of the graph stays int8.
  std::vector<int> keep_float;
};

// `ranges[t]` is the calibration range of float tensor t of subgraph 0 (unused
// for constants). Tensor t < float tensor count of the result is the
// quantized twin of float tensor t; --io float adds the float I/O tensors
// after them. Throws Error naming the op for anything it cannot quantize.
ir::Model quantize_model(const ir::Model& float_model, const std::vector<Range>& ranges,
                         const QuantizeOptions& options);

// TFLite's int8 version of each op kind this quantizer emits.
int int8_op_version(ir::OpType type, bool per_channel_fc);

}  // namespace mote::quantize
