// Validation of a .tflite file, in three layers that load_model runs in order:
// 1. verify_flatbuffer: the bytes are a well-formed TFLite flatbuffer (every
//    offset and vector stays inside the file), so accessors are safe to call;
// 2. validate_structure: every index, shape, buffer and quantization array is
//    consistent, so the reader can build the IR without further checks;
// 3. validate_ops (on the IR): graph order and, per op Mote models, input and
//    output counts, dtypes, quantization and options.
// Each failure throws mote::Error "FILE: <where>: <what>".
#pragma once

#include <span>
#include <string>

#include "compiler/ir/ir.h"
#include "compiler/tflite/schema_generated.h"

namespace mote::tflite {

// Limits that keep a hostile file from exhausting memory or overflowing sizes
// (docs/robustness.md lists every limit; each has a test). Real models stay
// far below them: the largest MLPerf Tiny graph has 72 tensors and 31 ops.
inline constexpr int64_t kMaxModelBytes = int64_t{1} << 30;
inline constexpr int kMaxRank = 8;
inline constexpr int64_t kMaxTensorBytes = int64_t{1} << 31;
inline constexpr int kMaxSubgraphs = 256;
inline constexpr int kMaxTensorsPerSubgraph = 65536;
inline constexpr int kMaxOpsPerSubgraph = 65536;
inline constexpr int kMaxOperatorCodes = 4096;
inline constexpr int kMaxOpInputsOrOutputs = 1024;

const ::tflite::Model& verify_flatbuffer(std::span<const uint8_t> file, const std::string& path);
void validate_structure(const ::tflite::Model& model, std::span<const uint8_t> file,
                        const std::string& path);
void validate_ops(const ir::Model& model);

}  // namespace mote::tflite
