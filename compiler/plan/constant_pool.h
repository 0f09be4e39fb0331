// Stable, aligned host storage for everything a plan points at that is not
// in the model file: kernel parameter structs, precomputed multipliers, etc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "mote/config.h"

namespace mote::plan {

class ConstantPool {
 public:
  // Copies `bytes` into 16-byte aligned storage that lives as long as the pool.
  const void* add_bytes(const void* data, size_t bytes) {
    auto& block = blocks_.emplace_back(new AlignedBlock[(bytes + sizeof(AlignedBlock) - 1) /
                                                            sizeof(AlignedBlock) + 1]);
    if (bytes > 0) std::memcpy(block.get(), data, bytes);
    sizes_.push_back(bytes);
    return block.get();
  }
  template <class T>
  const T* add_array(std::span<const T> values) {
    return static_cast<const T*>(add_bytes(values.data(), values.size_bytes()));
  }
  template <class T>
  const T* add_array(const std::vector<T>& values) {
    return add_array(std::span<const T>(values));
  }
  // A kernel parameter struct (plain C struct from runtime/include/mote/kernels/).
  template <class P>
  const P* add_params(const P& params) {
    return static_cast<const P*>(add_bytes(&params, sizeof(P)));
  }
  // Keeps a host object that plan data points into (e.g. an IF branch's
  // lowered plan) alive as long as the pool.
  void keep_alive(std::shared_ptr<const void> object) { owned_.push_back(std::move(object)); }

 private:
  struct alignas(MOTE_ALIGNMENT) AlignedBlock {
    uint8_t bytes[MOTE_ALIGNMENT];
  };
  std::vector<std::unique_ptr<AlignedBlock[]>> blocks_;
  std::vector<size_t> sizes_;
  std::vector<std::shared_ptr<const void>> owned_;
};

}  // namespace mote::plan
