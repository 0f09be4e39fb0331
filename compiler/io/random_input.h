// The project-wide deterministic input (`--random-input SEED`), so goldens,
// oracles and targets all see the same bytes.
#pragma once

#include <cstdint>
#include <vector>

#include "compiler/ir/ir.h"

namespace mote::io {

// Byte stream: x0 = seed; x = (1103515245 x + 12345) mod 2^31; byte = (x >> 16) & 0xFF.
class RandomByteStream {
 public:
  explicit RandomByteStream(uint32_t seed) : state_(seed) {}
  uint8_t next() {
    state_ = (1103515245ull * state_ + 12345ull) % (1ull << 31);
    return static_cast<uint8_t>((state_ >> 16) & 0xFF);
  }

 private:
  uint64_t state_;
};

// One buffer per graph input, in input order, from one stream: int8/uint8 take
// bytes in element order; float32 takes one byte per element as (int8)b / 128.
// Other types take little-endian bytes straight from the stream.
std::vector<std::vector<uint8_t>> random_inputs(const ir::Subgraph& graph, uint32_t seed);

}  // namespace mote::io
