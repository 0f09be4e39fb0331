#include "compiler/ir/model_builder.h"

#include <algorithm>

namespace mote::ir {
namespace {

constexpr size_t kConstantAlignment = 16;

size_t aligned(size_t n) { return (n + kConstantAlignment - 1) / kConstantAlignment * kConstantAlignment; }

}  // namespace

ModelBuilder::ModelBuilder(std::string path) {
  model_.path = std::move(path);
  model_.subgraphs.emplace_back();
}

ModelBuilder::ModelBuilder(Model model) : model_(std::move(model)) {}

void ModelBuilder::set_constant(int subgraph, int tensor, std::span<const uint8_t> bytes) {
  Tensor& t = model_.subgraphs.at(subgraph).tensors.at(tensor);
  const auto& kept = owned_.emplace_back(bytes.begin(), bytes.end());
  t.data = kept;
}

int ModelBuilder::add_tensor(int subgraph, Tensor tensor) {
  auto& tensors = model_.subgraphs.at(subgraph).tensors;
  tensors.push_back(std::move(tensor));
  return static_cast<int>(tensors.size()) - 1;
}

int ModelBuilder::add_constant(int subgraph, Tensor tensor, std::span<const uint8_t> bytes) {
  const int index = add_tensor(subgraph, std::move(tensor));
  set_constant(subgraph, index, bytes);
  return index;
}

Model ModelBuilder::finish() && {
  pack_constants(model_);
  owned_.clear();
  return std::move(model_);
}

void pack_constants(Model& model) {
  size_t total = 0;
  for (const auto& sg : model.subgraphs) {
    for (const auto& t : sg.tensors) total += aligned(t.data.size());
  }
  std::vector<uint8_t> bytes(total);
  size_t offset = 0;
  for (auto& sg : model.subgraphs) {
    for (auto& t : sg.tensors) {
      if (t.data.empty()) continue;
      std::copy(t.data.begin(), t.data.end(), bytes.begin() + static_cast<ptrdiff_t>(offset));
      t.data = std::span<const uint8_t>(bytes.data() + offset, t.data.size());
      offset += aligned(t.data.size());
    }
  }
  // The spans point into `bytes`' heap block, which the move keeps.
  model.bytes = std::move(bytes);
}

Model copy_model(const Model& model) {
  Model copy;
  copy.path = model.path;
  copy.description = model.description;
  copy.subgraphs = model.subgraphs;  // spans still point into model.bytes
  pack_constants(copy);
  return copy;
}

}  // namespace mote::ir
