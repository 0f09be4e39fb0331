#include "tools/mote/target_profile.h"

#include <fmt/format.h>

#include "compiler/codegen/kernel_calls.h"
#include "compiler/ir/error.h"
#include "compiler/report/analyze.h"

namespace mote::cli {

std::vector<ProfileRow> profile_rows(const ir::Subgraph& graph, const plan::Executable& executable,
                                     const std::vector<int64_t>& step_instructions) {
  const std::vector<plan::Step>& steps = executable.program().steps;
  if (steps.size() != step_instructions.size()) {
    throw Error(ErrorCode::kInvalid,
                fmt::format("profile.txt has {} steps, the plan {}", step_instructions.size(),
                            steps.size()));
  }
  std::vector<ProfileRow> rows;
  std::vector<bool> counted(graph.ops.size(), false);
  for (size_t s = 0; s < steps.size(); ++s) {
    const plan::Step& step = steps[s];
    ProfileRow row;
    row.step = static_cast<int>(s);
    row.op_index = step.op_index;
    row.kernel = codegen::kernel_call(step.kernel).function;
    row.instructions = step_instructions[s];
    if (step.op_index >= 0) {
      const ir::Op& op = graph.ops[step.op_index];
      row.op = ir::op_type_name(op.type);
      // An op lowered to several steps counts its MACs once.
      if (!counted[step.op_index]) row.macs = report::op_macs(graph, op);
      counted[step.op_index] = true;
    } else {
      row.op = "-";
    }
    rows.push_back(row);
  }
  return rows;
}

std::string profile_table(const std::vector<ProfileRow>& rows) {
  int64_t total = 0;
  for (const ProfileRow& r : rows) total += r.instructions;
  std::string text =
      "| step | op | kernel | MACs | instructions | instr./MAC | share |\n"
      "|---:|---|---|---:|---:|---:|---:|\n";
  for (const ProfileRow& r : rows) {
    const std::string per_mac =
        r.macs > 0 ? fmt::format("{:.2f}", static_cast<double>(r.instructions) / r.macs) : "-";
    const double share = total > 0 ? 100.0 * static_cast<double>(r.instructions) / total : 0.0;
    text += fmt::format("| {} | {} {} | {} | {} | {} | {} | {:.1f}% |\n", r.step, r.op_index, r.op,
                        r.kernel, r.macs, r.instructions, per_mac, share);
  }
  return text;
}

nlohmann::json profile_json(const std::vector<ProfileRow>& rows) {
  nlohmann::json list = nlohmann::json::array();
  for (const ProfileRow& r : rows) {
    list.push_back({{"step", r.step},
                    {"op_index", r.op_index},
                    {"op", r.op},
                    {"kernel", r.kernel},
                    {"macs", r.macs},
                    {"instructions", r.instructions}});
  }
  return list;
}

}  // namespace mote::cli
