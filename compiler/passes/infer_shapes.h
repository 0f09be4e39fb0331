// Shape inference over the main graph: give the model's inputs new shapes
// (within what their shape_signature leaves free) and recompute the shape of
// every tensor computed from them, op by op in execution order. This is how a
// model stored with placeholder sizes (e.g. openWakeWord's melspectrogram,
// saved for one audio sample) runs at the size the application uses.
#pragma once

#include <cstdint>
#include <vector>

#include "compiler/ir/ir.h"

namespace mote::passes {

// Input i of subgraph 0 takes `input_shapes[i]` (one entry per input). A
// dimension may differ from the stored shape only where shape_signature has
// -1 (or, without a signature, anywhere: TFLite's non-strict resize). Throws
// Error naming the input or the op whose shape cannot follow.
void resize_inputs(ir::Model& model, const std::vector<std::vector<int32_t>>& input_shapes);

// Recomputes the output shapes of every op of subgraph 0 from its inputs'
// current shapes. Throws Error (kUnsupported for ops without a shape rule).
void infer_shapes(ir::Model& model);

}  // namespace mote::passes
