// Field-by-field descriptions of the kernel parameter structs
// (runtime/include/mote/kernels/*.h), so generated C initializes them by
// name with values read from the host's copy. The target compiler then lays
// them out for its own ABI; no host struct bytes are copied.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace mote::codegen {

enum class Scalar { kInt16, kInt32, kUint32, kFloat };

struct StructDesc;

struct FieldDesc {
  const char* name;
  size_t offset;               // in the host struct
  size_t count;                // elements (1 unless an array)
  bool is_array;
  Scalar scalar;               // when nested == nullptr
  const StructDesc* nested;    // a struct field (or array of structs)
  size_t bytes;                // sizeof the whole field
};

struct StructDesc {
  const char* type_name;  // the C typedef, e.g. "mote_conv2d_s8_params"
  size_t bytes;           // sizeof on the host
  std::vector<FieldDesc> fields;
};

// A C initializer for the struct at `host` described by `desc`, one
// top-level field per line, nested structs inline:
//   {
//       .geometry = {.batches = 1, ...},
//       .filter_input_depth = 8,
//   }
std::string c_initializer(const StructDesc& desc, const void* host);

// Bytes covered by the described fields, counting nested structs recursively
// (equals desc.bytes when every field is described and there is no padding).
size_t described_bytes(const StructDesc& desc);

}  // namespace mote::codegen
