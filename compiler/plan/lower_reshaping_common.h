// Shared by the reshaping-family lowerings (lower_concatenation.cc,
// lower_pad.cc, lower_transpose.cc, lower_strided_slice.cc,
// lower_batch_matmul.cc): reading constant index operands and the checks the
// byte-moving kernels rely on.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/plan/lower.h"

namespace mote::plan::reshaping {

// The values of input `index`, which must be a constant int32 or int64
// tensor; `what` names it in messages ("perm", "paddings", ...).
std::vector<int64_t> constant_ints(const LowerContext& ctx, int index, const char* what);

// Checks that `input` and `output` have the same element type and, for
// quantized types, the same (per-tensor) quantization: the data-movement
// kernels copy bytes, as TFLite Micro does, which is only right when both
// sides mean the same thing by them. `role` names the input in messages.
void check_moves_unchanged(const LowerContext& ctx, const ir::Tensor& input,
                           const ir::Tensor& output, const std::string& role);

// A shape at MOTE_MAX_RANK dimensions: `shape` right-aligned, leading dims
// filled with `fill`. Fails if the rank exceeds MOTE_MAX_RANK.
std::array<int32_t, MOTE_MAX_RANK> extend_shape(const LowerContext& ctx,
                                                const std::vector<int32_t>& shape, int32_t fill,
                                                const char* what);

// Row-major strides (in elements) of `shape`.
std::vector<int32_t> strides_of(const std::vector<int32_t>& shape);

// "[1, 4, 4, 2]".
std::string shape_string(const std::vector<int32_t>& shape);

// Fails unless the op has exactly `inputs` inputs (within [min, max]) and one output.
void check_arity(const LowerContext& ctx, int min_inputs, int max_inputs);

}  // namespace mote::plan::reshaping
