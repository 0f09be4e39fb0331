#include "compiler/io/tensor_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "compiler/io/npy.h"
#include "compiler/ir/error.h"

namespace mote::io {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string describe(const ir::Tensor& t) {
  std::string shape;
  for (size_t i = 0; i < t.shape.size(); ++i) shape += fmt::format("{}{}", i ? "x" : "", t.shape[i]);
  return fmt::format("tensor '{}' ({} {})", t.name, shape, ir::dtype_name(t.dtype));
}

std::vector<uint8_t> quantize_floats(const NpyArray& a, const ir::Tensor& t) {
  if (!t.quant || t.quant->scale.empty() || t.quant->scale[0] == 0.0f) {
    throw Error(ErrorCode::kUsage, fmt::format("{} is not quantized; cannot convert float input",
                                               describe(t)));
  }
  const float scale = t.quant->scale[0];
  const int64_t zp = t.quant->zero_point.empty() ? 0 : t.quant->zero_point[0];
  const int lo = t.dtype == ir::DType::kUInt8 ? 0 : -128;
  const int hi = t.dtype == ir::DType::kUInt8 ? 255 : 127;
  std::vector<uint8_t> out(a.data.size() / 4);
  for (size_t i = 0; i < out.size(); ++i) {
    float v;
    std::memcpy(&v, a.data.data() + i * 4, 4);
    const long q = std::lround(v / scale) + zp;
    out[i] = static_cast<uint8_t>(std::clamp<long>(q, lo, hi));
  }
  return out;
}

}  // namespace

std::vector<uint8_t> load_tensor_file(const std::string& path, const ir::Tensor& tensor) {
  if (ends_with(path, ".npy")) {
    NpyArray a = read_npy(path);
    int64_t count = 1;
    for (int64_t d : a.shape) count *= d;
    if (count != tensor.num_elements()) {
      throw Error(ErrorCode::kUsage, fmt::format("{}: has {} elements, {} needs {}", path, count,
                                                 describe(tensor), tensor.num_elements()));
    }
    if (a.dtype == tensor.dtype) return std::move(a.data);
    const bool quantizable = tensor.dtype == ir::DType::kInt8 || tensor.dtype == ir::DType::kUInt8;
    if (a.dtype == ir::DType::kFloat32 && quantizable) return quantize_floats(a, tensor);
    throw Error(ErrorCode::kUsage, fmt::format("{}: dtype {} does not match {}", path,
                                               ir::dtype_name(a.dtype), describe(tensor)));
  }
  std::vector<uint8_t> bytes = read_file_bytes(path);
  if (static_cast<int64_t>(bytes.size()) != tensor.num_bytes()) {
    throw Error(ErrorCode::kUsage, fmt::format("{}: has {} bytes, {} needs {}", path, bytes.size(),
                                               describe(tensor), tensor.num_bytes()));
  }
  return bytes;
}

void save_tensor_file(const std::string& path, const ir::Tensor& tensor,
                      std::span<const uint8_t> bytes) {
  if (ends_with(path, ".npy")) {
    NpyArray a;
    a.dtype = tensor.dtype;
    a.shape.assign(tensor.shape.begin(), tensor.shape.end());
    a.data.assign(bytes.begin(), bytes.end());
    write_npy(path, a);
  } else {
    write_file_bytes(path, std::vector<uint8_t>(bytes.begin(), bytes.end()));
  }
}

double real_value(const ir::Tensor& t, std::span<const uint8_t> bytes, int64_t i) {
  double raw = 0;
  switch (t.dtype) {
    case ir::DType::kFloat32: { float f; std::memcpy(&f, &bytes[i * 4], 4); return f; }
    case ir::DType::kInt8: raw = static_cast<int8_t>(bytes[i]); break;
    case ir::DType::kUInt8: case ir::DType::kBool: raw = bytes[i]; break;
    case ir::DType::kInt16: { int16_t v; std::memcpy(&v, &bytes[i * 2], 2); raw = v; break; }
    case ir::DType::kInt32: { int32_t v; std::memcpy(&v, &bytes[i * 4], 4); raw = v; break; }
    case ir::DType::kInt64: { int64_t v; std::memcpy(&v, &bytes[i * 8], 8); raw = static_cast<double>(v); break; }
  }
  if (t.quant && !t.quant->scale.empty() && t.quant->scale[0] != 0.0f) {
    const double zp = t.quant->zero_point.empty() ? 0.0 : static_cast<double>(t.quant->zero_point[0]);
    return (raw - zp) * t.quant->scale[0];
  }
  return raw;
}

}  // namespace mote::io
