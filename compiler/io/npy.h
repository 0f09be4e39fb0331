// NumPy .npy files (format 1.0-3.0, C order, little-endian) for tensor I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace mote::io {

struct NpyArray {
  ir::DType dtype = ir::DType::kFloat32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;  // raw little-endian element bytes
};

// Throws Error naming `path` for anything malformed or unsupported
// (Fortran order, big-endian, object arrays, size mismatch).
NpyArray parse_npy(const std::vector<uint8_t>& bytes, const std::string& path);
NpyArray read_npy(const std::string& path);
std::vector<uint8_t> encode_npy(const NpyArray& array);
void write_npy(const std::string& path, const NpyArray& array);

// Raw file helpers that throw Error with the path on failure.
std::vector<uint8_t> read_file_bytes(const std::string& path, uint64_t max_bytes = 1ull << 31);
void write_file_bytes(const std::string& path, const std::vector<uint8_t>& bytes);

}  // namespace mote::io
