// Small helpers over the generated TFLite schema shared by the reader and the
// validator. Everything here assumes the flatbuffer passed the Verifier.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "compiler/ir/ir.h"
#include "compiler/tflite/schema_generated.h"

namespace mote::tflite {

// IR dtype for a TFLite tensor type; nullopt for types the IR cannot hold.
std::optional<ir::DType> ir_dtype(::tflite::TensorType type);
// "FLOAT16", or "type 42" for values past our schema.
std::string tensor_type_name(::tflite::TensorType type);

// Old files keep codes < 127 only in the deprecated byte field, new files
// fill both; the larger value is the real code.
int32_t builtin_code(const ::tflite::OperatorCode& code);

// True if the buffer keeps its data outside the flatbuffer (files > 2 GB):
// TFLite treats offset values 0 and 1 as "not set".
inline bool is_external(const ::tflite::Buffer& buffer) { return buffer.offset() > 1; }

// The bytes a buffer holds, inside the flatbuffer or (external) in `file`.
// The validator has checked external ranges lie within the file.
std::span<const uint8_t> buffer_data(const ::tflite::Buffer& buffer,
                                     std::span<const uint8_t> file);

inline std::string string_of(const flatbuffers::String* s) {
  return s ? s->str() : std::string();
}

// Size of a flatbuffer vector that may be absent.
template <class V>
int size_of(const V* v) {
  return v ? static_cast<int>(v->size()) : 0;
}

}  // namespace mote::tflite
