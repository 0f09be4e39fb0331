// `mote run --target qemu-m4 --profile`: the instructions of each step of the
// plan (targets/qemu-m4/profile.h) next to its op, kernel and MACs.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"
#include "compiler/plan/executable.h"

namespace mote::cli {

struct ProfileRow {
  int step = 0;
  int op_index = -1;
  std::string op;      // e.g. "DEPTHWISE_CONV_2D" ("-" for a step of no op)
  std::string kernel;  // the C function, e.g. "mote_depthwise_conv2d_s8_opt"
  int64_t macs = 0;    // the op's MACs, on its first step only
  int64_t instructions = 0;
};

// One row per step; throws Error(kInvalid) if the counts are not one per step.
std::vector<ProfileRow> profile_rows(const ir::Subgraph& graph, const plan::Executable& executable,
                                     const std::vector<int64_t>& step_instructions);

// A Markdown table in plan order (instr/MAC, share of the total).
std::string profile_table(const std::vector<ProfileRow>& rows);
nlohmann::json profile_json(const std::vector<ProfileRow>& rows);

}  // namespace mote::cli
