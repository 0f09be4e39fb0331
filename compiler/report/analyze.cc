#include "compiler/report/analyze.h"

#include <fmt/format.h>

#include <set>

#include "compiler/ir/error.h"
#include "compiler/plan/executable.h"
#include "compiler/plan/lower.h"
#include "compiler/plan/planner.h"

namespace mote::report {

namespace {

int64_t elements(const ir::Subgraph& g, int t) { return t < 0 ? 0 : g.tensors[t].num_elements(); }

std::string shape_text(const std::vector<int32_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += fmt::format("{}{}", i ? "," : "", shape[i]);
  return s + "]";
}

std::string tensors_text(const std::vector<TensorSummary>& ts) {
  std::string s;
  for (const TensorSummary& t : ts) {
    if (t.constant) continue;  // weights are summarized in their own column
    s += fmt::format("{}{}{}", s.empty() ? "" : " ", shape_text(t.shape), ir::dtype_name(t.dtype));
  }
  return s;
}

std::string with_commas(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

}  // namespace

int64_t op_macs(const ir::Subgraph& g, const ir::Op& op) {
  auto dims = [&](int input) -> const std::vector<int32_t>& {
    return g.tensors[op.inputs[input]].shape;
  };
  if (op.inputs.size() < 2 || op.inputs[0] < 0 || op.inputs[1] < 0 || op.outputs.empty()) return 0;
  const int64_t out = elements(g, op.outputs[0]);
  switch (op.type) {
    case ir::OpType::kConv2D: {  // filter [O, KH, KW, I/groups]
      const auto& f = dims(1);
      return f.size() == 4 ? out * f[1] * f[2] * f[3] : 0;
    }
    case ir::OpType::kDepthwiseConv2D: {  // filter [1, KH, KW, O]
      const auto& f = dims(1);
      return f.size() == 4 ? out * f[1] * f[2] : 0;
    }
    case ir::OpType::kFullyConnected: {  // filter [O, I]
      const auto& f = dims(1);
      return f.size() == 2 ? out * f[1] : 0;
    }
    case ir::OpType::kBatchMatMul: {  // contraction over lhs's last (or adjointed) dim
      const auto& lhs = dims(0);
      if (lhs.size() < 2) return 0;
      const bool adj_x = std::holds_alternative<ir::BatchMatMulOptions>(op.options) &&
                         op.opts<ir::BatchMatMulOptions>().adj_x;
      return out * lhs[lhs.size() - (adj_x ? 2 : 1)];
    }
    default: return 0;
  }
}

Analysis analyze(const ir::Model& model) {
  Analysis a;
  a.model = model.path;
  const ir::Subgraph& g = model.subgraphs.at(0);
  std::set<int> weights_seen;
  for (int i = 0; i < static_cast<int>(g.ops.size()); ++i) {
    const ir::Op& op = g.ops[i];
    OpRow row;
    row.index = i;
    row.op = op.custom_code.empty() ? ir::builtin_code_name(op.builtin_code) : op.custom_code;
    row.supported = plan::lowering_for(op.type) != nullptr;
    if (!row.supported) a.unsupported.push_back(fmt::format("op {}: {}", i, row.op));
    for (int t : op.inputs) {
      if (t < 0) continue;
      const ir::Tensor& tensor = g.tensors[t];
      row.inputs.push_back({tensor.shape, tensor.dtype, tensor.is_constant()});
      if (tensor.is_constant()) {
        row.weight_bytes += tensor.num_bytes();
        if (weights_seen.insert(t).second) a.weight_bytes += tensor.num_bytes();
      } else {
        row.activation_bytes += tensor.num_bytes();
      }
    }
    for (int t : op.outputs) {
      if (t < 0) continue;
      const ir::Tensor& tensor = g.tensors[t];
      row.outputs.push_back({tensor.shape, tensor.dtype, false});
      row.activation_bytes += tensor.num_bytes();
    }
    row.macs = op_macs(g, op);
    a.macs += row.macs;
    a.ops.push_back(std::move(row));
  }
  if (a.unsupported.empty()) {
    try {
      plan::MemoryPlan memory = plan::plan_memory(plan::lower(model));
      a.lower_bound_bytes = memory.lower_bound_bytes;
      a.schedule_optimal = memory.schedule_optimal;
      a.arena_bytes =
          plan::Executable::build(model, std::move(memory.program), std::move(memory.layout))
              ->plan()
              .arena_bytes;
      a.ram_bytes = a.arena_bytes;
    } catch (const Error& e) {
      a.plan_error = e.what();
    }
  }
  return a;
}

std::string format_table(const Analysis& a) {
  std::string s = fmt::format("{}\n", a.model);
  s += fmt::format("{:>4}  {:<18} {:<28} {:<22} {:>12} {:>10} {:>10}\n", "#", "op", "inputs",
                   "outputs", "MACs", "weights", "act bytes");
  for (const OpRow& r : a.ops) {
    s += fmt::format("{:>4}  {:<18} {:<28} {:<22} {:>12} {:>10} {:>10}{}\n", r.index, r.op,
                     tensors_text(r.inputs), tensors_text(r.outputs), with_commas(r.macs),
                     with_commas(r.weight_bytes), with_commas(r.activation_bytes),
                     r.supported ? "" : "  UNSUPPORTED");
  }
  s += fmt::format("total: {} ops, {} MACs, {} weight bytes, arena {}\n", a.ops.size(),
                   with_commas(a.macs), with_commas(a.weight_bytes),
                   a.arena_bytes ? with_commas(*a.arena_bytes) + " bytes" : "n/a");
  if (a.ram_bytes && a.lower_bound_bytes) {
    s += fmt::format("memory: {} bytes of RAM (arena incl. scratch), lower bound {} bytes (gap {}), "
                     "order {}\n",
                     with_commas(*a.ram_bytes), with_commas(*a.lower_bound_bytes),
                     with_commas(*a.ram_bytes - *a.lower_bound_bytes),
                     a.schedule_optimal ? "proven optimal" : "heuristic");
  }
  return s;
}

nlohmann::json to_json(const Analysis& a) {
  using nlohmann::json;
  json ops = json::array();
  auto tensors = [](const std::vector<TensorSummary>& ts) {
    json arr = json::array();
    for (const TensorSummary& t : ts) {
      arr.push_back({{"shape", t.shape}, {"dtype", ir::dtype_name(t.dtype)}, {"constant", t.constant}});
    }
    return arr;
  };
  for (const OpRow& r : a.ops) {
    ops.push_back({{"index", r.index},
                   {"op", r.op},
                   {"inputs", tensors(r.inputs)},
                   {"outputs", tensors(r.outputs)},
                   {"macs", r.macs},
                   {"weight_bytes", r.weight_bytes},
                   {"activation_bytes", r.activation_bytes},
                   {"supported", r.supported}});
  }
  json j = {{"model", a.model},          {"ops", ops},
            {"macs", a.macs},            {"weight_bytes", a.weight_bytes},
            {"unsupported", a.unsupported}};
  j["arena_bytes"] = a.arena_bytes ? json(*a.arena_bytes) : json(nullptr);
  j["ram_bytes"] = a.ram_bytes ? json(*a.ram_bytes) : json(nullptr);
  j["lower_bound_bytes"] = a.lower_bound_bytes ? json(*a.lower_bound_bytes) : json(nullptr);
  j["schedule_optimal"] = a.schedule_optimal;
  if (!a.plan_error.empty()) j["plan_error"] = a.plan_error;
  return j;
}

}  // namespace mote::report
