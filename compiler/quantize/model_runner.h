// Runs a model (float or quantized) on the host runtime over float samples
// and reports every tensor a step writes as real values: calibration and the
// quantization report both see the graph through this.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/plan/executable.h"
#include "compiler/run/session.h"

namespace mote::quantize {

// Real values of a tensor's bytes (float32 as is; int8/uint8/int32 dequantized
// with per-tensor parameters, or taken as integers when unquantized).
std::vector<float> real_values(const ir::Tensor& tensor, std::span<const uint8_t> bytes);

// Float values -> bytes for `tensor` (quantized with its parameters if int8/uint8).
std::vector<uint8_t> tensor_bytes(const ir::Tensor& tensor, std::span<const float> values);

class ModelRunner {
 public:
  // `model` must outlive the runner; it needs exactly one input. Throws Error.
  explicit ModelRunner(const ir::Model& model);

  using TensorCallback = std::function<void(int tensor, std::span<const float> values)>;
  // Runs one sample; `on_tensor` (if set) sees the graph input first, then
  // each tensor as the step writing it finishes.
  void run(std::span<const float> sample, const TensorCallback& on_tensor = nullptr);
  // Output `index` of the last run, as real values.
  std::vector<float> output(int index) const;

  const ir::Subgraph& graph() const { return model_.subgraphs[0]; }

 private:
  const ir::Model& model_;
  std::unique_ptr<plan::Executable> executable_;
  std::unique_ptr<run::Session> session_;
};

}  // namespace mote::quantize
