#include "compiler/io/random_input.h"

#include <cstring>

namespace mote::io {

std::vector<std::vector<uint8_t>> random_inputs(const ir::Subgraph& graph, uint32_t seed) {
  RandomByteStream stream(seed);
  std::vector<std::vector<uint8_t>> inputs;
  for (int t : graph.inputs) {
    const ir::Tensor& tensor = graph.tensors[t];
    std::vector<uint8_t> bytes(static_cast<size_t>(tensor.num_bytes()));
    if (tensor.dtype == ir::DType::kFloat32) {
      for (int64_t i = 0; i < tensor.num_elements(); ++i) {
        const float v = static_cast<float>(static_cast<int8_t>(stream.next())) / 128.0f;
        std::memcpy(bytes.data() + i * 4, &v, 4);
      }
    } else {
      for (uint8_t& b : bytes) b = stream.next();
    }
    inputs.push_back(std::move(bytes));
  }
  return inputs;
}

}  // namespace mote::io
