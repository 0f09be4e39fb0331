// Building an ir::Model in memory (e.g. the quantizer's output) with constant
// data the model owns.
//
// The contract: Tensor::data of a finished Model points into Model::bytes, so
// the model is self-contained and survives moves (Model::bytes' storage moves
// with it). While building, a span may point anywhere that outlives the
// builder (another loaded Model's bytes, or bytes the builder keeps via
// set_constant / add_constant); finish() then copies every constant into one
// fresh Model::bytes, 16-byte aligned, and repoints the spans.
//
//   ir::ModelBuilder b(ir::copy_model(float_model));   // or ModelBuilder("name")
//   b.set_constant(0, weights, quantized_bytes);        // copied, owned by b
//   int bias = b.add_constant(0, bias_tensor, bias_bytes);
//   ir::Model int8 = std::move(b).finish();
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace mote::ir {

class ModelBuilder {
 public:
  // Starts an empty model with one (main) subgraph; `path` names it in errors.
  explicit ModelBuilder(std::string path);
  // Starts from an existing model (its spans must stay valid until finish()).
  explicit ModelBuilder(Model model);

  Model& model() { return model_; }
  Subgraph& subgraph(int index) { return model_.subgraphs.at(index); }

  // Copies `bytes` into storage the builder owns and makes the tensor constant.
  void set_constant(int subgraph, int tensor, std::span<const uint8_t> bytes);
  // Appends a tensor to the subgraph; returns its index.
  int add_tensor(int subgraph, Tensor tensor);
  // add_tensor + set_constant.
  int add_constant(int subgraph, Tensor tensor, std::span<const uint8_t> bytes);

  // Packs every constant into Model::bytes (see pack_constants).
  Model finish() &&;

 private:
  Model model_;
  std::deque<std::vector<uint8_t>> owned_;  // deque: elements never move
};

// Copies every tensor's data into a new Model::bytes (each 16-byte aligned)
// and points the spans there; the old bytes are released. Afterwards the model
// depends on nothing else.
void pack_constants(Model& model);

// A deep copy (Model is move-only because of its spans).
Model copy_model(const Model& model);

}  // namespace mote::ir
