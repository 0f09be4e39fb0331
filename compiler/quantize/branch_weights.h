// Weights an IF op passes to its branch subgraphs (converters hand the
// branch's weights in as IF operands that are constants of the parent).
// The quantizer keeps IF and its branches in float; these weights become
// int8 symmetric (per channel on axis 0, or per tensor) so the branches run
// hybrid FULLY_CONNECTED / CONV_2D (float activations, int8 weights): the
// bytes drop like the rest of the model without calibrating inside branches.
#pragma once

#include <cstdint>
#include <vector>

#include "compiler/ir/ir.h"

namespace mote::quantize {

struct BranchWeightsTarget {
  ir::Subgraph& parent;                          // the quantized parent (tensors change)
  std::vector<std::vector<uint8_t>>& parent_blobs;  // its constant bytes per tensor
  std::vector<ir::Subgraph>& subgraphs;          // all subgraphs of the result (branches change)
};

// For IF op `if_op` of `parent_in` (the float parent): every operand that is
// a float32 constant used by nothing else in the parent, and in each branch
// only as the weights (input 1) of FULLY_CONNECTED or CONV_2D (or not at
// all), is quantized in `out`: the parent constant and the branch inputs
// become int8. Returns how many operands were quantized.
int quantize_branch_weights(const ir::Subgraph& parent_in, const ir::Op& if_op, bool per_channel,
                            BranchWeightsTarget out);

}  // namespace mote::quantize
