#include "compiler/codegen/param_structs.h"

#include <cstdint>
#include <cstring>

#include "compiler/codegen/c_literals.h"

namespace mote::codegen {

namespace {

template <class T>
T load(const unsigned char* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

size_t scalar_bytes(Scalar s) { return s == Scalar::kInt16 ? 2 : 4; }

std::string scalar_literal(Scalar s, const unsigned char* p) {
  switch (s) {
    case Scalar::kInt16: return int_literal(load<int16_t>(p));
    case Scalar::kInt32: return int_literal(load<int32_t>(p));
    case Scalar::kUint32: return uint_literal(load<uint32_t>(p));
    case Scalar::kFloat: return float_literal(load<float>(p));
  }
  return "0";
}

std::string inline_struct(const StructDesc& desc, const unsigned char* base);
std::string element(const FieldDesc& f, const unsigned char* p);

std::string element(const FieldDesc& f, const unsigned char* p) {
  return f.nested != nullptr ? inline_struct(*f.nested, p) : scalar_literal(f.scalar, p);
}

std::string field_value(const FieldDesc& f, const unsigned char* base) {
  const unsigned char* p = base + f.offset;
  if (!f.is_array) return element(f, p);
  const size_t stride = f.bytes / f.count;
  std::string s = "{";
  for (size_t i = 0; i < f.count; ++i) s += (i ? ", " : "") + element(f, p + i * stride);
  return s + "}";
}

std::vector<std::string> struct_items(const StructDesc& desc, const unsigned char* base) {
  std::vector<std::string> items;
  for (const FieldDesc& f : desc.fields) {
    items.push_back("." + std::string(f.name) + " = " + field_value(f, base));
  }
  return items;
}

std::string inline_struct(const StructDesc& desc, const unsigned char* base) {
  return wrapped_list("{", struct_items(desc, base), "}");
}

// A top-level field, wrapped under its opening brace when long.
std::string field_line(const FieldDesc& f, const unsigned char* base) {
  const std::string prefix = "    ." + std::string(f.name) + " = ";
  const unsigned char* p = base + f.offset;
  if (f.nested != nullptr && !f.is_array) {
    return wrapped_list(prefix + "{", struct_items(*f.nested, p), "},\n");
  }
  if (f.is_array) {
    std::vector<std::string> items;
    const size_t stride = f.bytes / f.count;
    for (size_t i = 0; i < f.count; ++i) items.push_back(element(f, p + i * stride));
    return wrapped_list(prefix + "{", items, "},\n");
  }
  return prefix + element(f, p) + ",\n";
}

}  // namespace

std::string c_initializer(const StructDesc& desc, const void* host) {
  const auto* base = static_cast<const unsigned char*>(host);
  std::string s = "{\n";
  for (const FieldDesc& f : desc.fields) s += field_line(f, base);
  return s + "}";
}

size_t described_bytes(const StructDesc& desc) {
  size_t total = 0;
  for (const FieldDesc& f : desc.fields) {
    total += f.nested != nullptr ? described_bytes(*f.nested) * f.count
                                 : scalar_bytes(f.scalar) * f.count;
  }
  return total;
}

}  // namespace mote::codegen
