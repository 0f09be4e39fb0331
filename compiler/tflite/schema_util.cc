#include "compiler/tflite/schema_util.h"

#include <algorithm>

namespace mote::tflite {

std::optional<ir::DType> ir_dtype(::tflite::TensorType type) {
  using T = ::tflite::TensorType;
  switch (type) {
    case T::FLOAT32: return ir::DType::kFloat32;
    case T::INT32: return ir::DType::kInt32;
    case T::UINT8: return ir::DType::kUInt8;
    case T::INT64: return ir::DType::kInt64;
    case T::BOOL: return ir::DType::kBool;
    case T::INT16: return ir::DType::kInt16;
    case T::INT8: return ir::DType::kInt8;
    default: return std::nullopt;
  }
}

std::string tensor_type_name(::tflite::TensorType type) {
  const char* name = ::tflite::EnumNameTensorType(type);
  if (name && *name) return name;
  return "type " + std::to_string(static_cast<int>(type));
}

int32_t builtin_code(const ::tflite::OperatorCode& code) {
  return std::max<int32_t>(code.builtin_code(), code.deprecated_builtin_code());
}

std::span<const uint8_t> buffer_data(const ::tflite::Buffer& buffer,
                                     std::span<const uint8_t> file) {
  if (is_external(buffer)) return file.subspan(buffer.offset(), buffer.size());
  if (const auto* data = buffer.data()) return {data->data(), data->size()};
  return {};
}

}  // namespace mote::tflite
