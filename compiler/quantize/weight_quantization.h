// Constant quantization: int8 symmetric weights (per channel or per tensor)
// and int32 biases, as the TFLite converter lays them out.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "compiler/ir/ir.h"

namespace mote::quantize {

// A float32 constant's values.
std::vector<float> float_data(const ir::Tensor& tensor);

struct SymmetricWeights {
  std::vector<int8_t> values;
  std::vector<float> scales;  // one per channel along the axis, or one
};

// scale = max|w| / 127 over each channel of `axis` (or the whole tensor),
// values rounded and clamped to [-127, 127], zero point 0.
SymmetricWeights quantize_symmetric(std::span<const float> values, const std::vector<int32_t>& shape,
                                    int axis, bool per_channel);

// round(b / scale) saturated to int32.
std::vector<int32_t> quantize_bias(std::span<const float> values, std::span<const float> scales);

}  // namespace mote::quantize
