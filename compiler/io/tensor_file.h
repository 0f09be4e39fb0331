// Reading model inputs from and writing outputs to files, by extension:
// .npy (typed) or anything else as raw bytes in tensor order.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace mote::io {

// Bytes for `tensor` from `path`. A float32 .npy feeding an int8/uint8 tensor
// is quantized with the tensor's scale and zero point. Throws Error naming
// the file and tensor on any mismatch.
std::vector<uint8_t> load_tensor_file(const std::string& path, const ir::Tensor& tensor);

void save_tensor_file(const std::string& path, const ir::Tensor& tensor,
                      std::span<const uint8_t> bytes);

// Element i of a tensor's bytes as a real number (dequantized if quantized).
double real_value(const ir::Tensor& tensor, std::span<const uint8_t> bytes, int64_t i);

}  // namespace mote::io
