// Real models changed through the flatbuffers object API, for tests that
// feed Mote hostile or unusual files derived from real ones.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "compiler/tflite/schema_generated.h"

namespace mote::test {

inline std::vector<uint8_t> pack(::tflite::ModelT& model) {
  flatbuffers::FlatBufferBuilder builder;
  ::tflite::FinishModelBuffer(builder, ::tflite::Model::Pack(builder, &model));
  return {builder.GetBufferPointer(), builder.GetBufferPointer() + builder.GetSize()};
}

inline std::unique_ptr<::tflite::ModelT> unpack(const std::vector<uint8_t>& bytes) {
  return std::unique_ptr<::tflite::ModelT>(::tflite::GetModel(bytes.data())->UnPack());
}

// `bytes` (a valid model) with one change applied.
inline std::vector<uint8_t> mutant(const std::vector<uint8_t>& bytes,
                                   const std::function<void(::tflite::ModelT&)>& change) {
  auto model = unpack(bytes);
  change(*model);
  return pack(*model);
}

}  // namespace mote::test
