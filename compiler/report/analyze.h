// `mote analyze`: what a model costs, per op and in total.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/ir/ir.h"

namespace mote::report {

struct TensorSummary {
  std::vector<int32_t> shape;
  ir::DType dtype;
  bool constant = false;
};

struct OpRow {
  int index = 0;
  std::string op;
  std::vector<TensorSummary> inputs, outputs;  // absent inputs omitted
  int64_t macs = 0;
  int64_t weight_bytes = 0;      // constant inputs
  int64_t activation_bytes = 0;  // non-constant inputs + outputs
  bool supported = true;
};

struct Analysis {
  std::string model;
  std::vector<OpRow> ops;
  int64_t macs = 0;
  int64_t weight_bytes = 0;  // every constant tensor used by an op, counted once
  std::optional<uint32_t> arena_bytes;  // absent when the model cannot be planned
  // The memory plan: every byte the runtime needs in RAM (the arena with its
  // scratch; constants stay in flash), and no plan needs fewer than the bound.
  std::optional<uint32_t> ram_bytes;
  std::optional<int64_t> lower_bound_bytes;
  bool schedule_optimal = false;  // the execution order is proven optimal
  std::vector<std::string> unsupported;  // "op 3: GATHER"
  std::string plan_error;  // why arena_bytes is absent
};

// Multiply-accumulates of one op (conv, depthwise, fully connected, batch
// matmul); 0 for ops without MACs.
int64_t op_macs(const ir::Subgraph& graph, const ir::Op& op);

Analysis analyze(const ir::Model& model);
std::string format_table(const Analysis& analysis);
nlohmann::json to_json(const Analysis& analysis);

}  // namespace mote::report
