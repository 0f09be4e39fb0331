#include "compiler/quantize/branch_weights.h"

#include <algorithm>
#include <cstring>

#include "compiler/quantize/weight_quantization.h"

namespace mote::quantize {

namespace {

bool takes_weights(ir::OpType t) {
  return t == ir::OpType::kFullyConnected || t == ir::OpType::kConv2D;
}

// Tensor `t` of `graph` is read only as weights (or not at all).
bool only_weights(const ir::Subgraph& graph, int t) {
  for (const ir::Op& op : graph.ops) {
    for (size_t i = 0; i < op.inputs.size(); ++i) {
      if (op.inputs[i] == t && !(takes_weights(op.type) && i == 1)) return false;
    }
  }
  return std::find(graph.outputs.begin(), graph.outputs.end(), t) == graph.outputs.end();
}

bool used_by_one_op(const ir::Subgraph& graph, int t) {
  int uses = 0;
  for (const ir::Op& op : graph.ops) uses += static_cast<int>(std::count(op.inputs.begin(), op.inputs.end(), t));
  return uses == 1 && std::find(graph.outputs.begin(), graph.outputs.end(), t) == graph.outputs.end();
}

}  // namespace

int quantize_branch_weights(const ir::Subgraph& parent_in, const ir::Op& if_op, bool per_channel,
                            BranchWeightsTarget out) {
  const auto& o = if_op.opts<ir::IfOptions>();
  const int branches[] = {o.then_subgraph, o.else_subgraph};
  int quantized = 0;
  for (size_t i = 1; i < if_op.inputs.size(); ++i) {
    const int p = if_op.inputs[i];
    if (p < 0) continue;
    const ir::Tensor& weights = parent_in.tensors[p];
    if (!weights.is_constant() || weights.dtype != ir::DType::kFloat32 || weights.shape.empty() ||
        !used_by_one_op(parent_in, p)) {
      continue;
    }
    bool eligible = true, used = false;
    for (int b : branches) {
      const ir::Subgraph& branch = out.subgraphs.at(b);
      const int t = branch.inputs.at(i - 1);
      eligible = eligible && only_weights(branch, t);
      for (const ir::Op& op : branch.ops) used = used || std::count(op.inputs.begin(), op.inputs.end(), t) > 0;
    }
    if (!eligible || !used) continue;
    const SymmetricWeights q = quantize_symmetric(float_data(weights), weights.shape, 0, per_channel);
    const ir::Quantization quant{q.scales, std::vector<int64_t>(q.scales.size(), 0), 0};
    ir::Tensor& parent = out.parent.tensors[p];
    parent.dtype = ir::DType::kInt8;
    parent.quant = quant;
    out.parent_blobs[p].resize(q.values.size());
    std::memcpy(out.parent_blobs[p].data(), q.values.data(), q.values.size());
    for (int b : branches) {
      ir::Tensor& inner = out.subgraphs[b].tensors[out.subgraphs[b].inputs[i - 1]];
      inner.dtype = ir::DType::kInt8;
      inner.quant = quant;
    }
    ++quantized;
  }
  return quantized;
}

}  // namespace mote::quantize
