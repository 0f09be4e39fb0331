// Writes Mote's IR as a standard .tflite flatbuffer (schema version 3), so
// models Mote builds (e.g. `mote quantize`) run in any TFLite runtime.
//
// What the file holds: every subgraph with its tensors (dtype, shape,
// shape_signature, affine quantization incl. per-channel axis, is_variable),
// ops (builtin/custom code, version, typed options), inputs and outputs, and
// the model description. Buffer 0 is the empty sentinel TFLite expects; every
// constant tensor gets its own buffer, aligned to 16 bytes from the file start
// (runtimes read weights in place). Fields the IR does not hold (metadata,
// signature defs, options of ops Mote does not model) are not written.
//
// The input must be consistent: each op's options alternative must be the one
// its type takes (ir::ActivationOptions for ADD/SUB/MUL, ...), builtin_code
// must agree with type, indices in range, constant data sized shape x dtype.
// Anything else throws mote::Error naming model.path, the op or tensor, and
// the problem. The bytes are finally read back with Mote's reader, so a file
// Mote itself would reject is never returned.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace mote::tflite {

std::vector<uint8_t> write_tflite(const ir::Model& model);

// write_tflite to `path`; an I/O failure throws mote::Error (kIo) naming it.
void write_tflite_file(const ir::Model& model, const std::string& path);

}  // namespace mote::tflite
