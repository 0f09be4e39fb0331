// A compact, diffable text dump of a model: one line per tensor and per op,
// stable across runs (no addresses), for tests, debugging and golden diffs.
#pragma once

#include <string>

#include "compiler/ir/ir.h"

namespace mote::ir {

// Format (spatial pairs are height,width):
//   subgraph 0 'main' inputs=[0] outputs=[9]
//     t1 'conv/w' int8 [8,3,3,3] q=per-channel(8, axis 0, scale 0.001..0.004, zp 0) const=216B
//     op0 CONV_2D [0,1,2] -> [3] padding=SAME stride_hw=2,2 dilation_hw=1,1 act=RELU6
std::string print(const Model& model);
std::string print(const Subgraph& subgraph, int index);

}  // namespace mote::ir
