// Runs an Executable on the host: owns the arena, copies inputs in and
// outputs out, and can capture every tensor a step writes (for goldens).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "compiler/plan/executable.h"

namespace mote::run {

class Session {
 public:
  explicit Session(const plan::Executable& executable);

  // Copies `bytes` into graph input `index`; throws Error on a size mismatch.
  void set_input(int index, std::span<const uint8_t> bytes);
  // Runs all steps; `on_tensor(tensor_index, bytes)` (if set) sees each
  // tensor a step writes, right after that step.
  using TensorCallback = std::function<void(int tensor, std::span<const uint8_t> bytes)>;
  void invoke(const TensorCallback& on_tensor = nullptr);
  std::span<const uint8_t> output(int index) const;

  int num_inputs() const { return static_cast<int>(executable_.plan().num_inputs); }
  int num_outputs() const { return static_cast<int>(executable_.plan().num_outputs); }

 private:
  const plan::Executable& executable_;
  std::vector<uint8_t> storage_;  // over-allocated so the arena start is aligned
  uint8_t* arena_ = nullptr;
};

}  // namespace mote::run
