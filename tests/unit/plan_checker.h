// An independent check of a memory plan: written without the planner's
// code, from the definitions only.
//  - the steps are a topological order of the original program (every op
//    once; every tensor a step reads is a graph input or was written before);
//  - every buffer lies in the arena at an aligned offset;
//  - no two buffers live at the same step overlap, except an in-place pair
//    at the very step where the input dies and the output is written.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/plan/arena.h"
#include "compiler/plan/program.h"

namespace mote::test {

inline ::testing::AssertionResult check_memory_plan(const plan::Program& original,
                                                    const plan::Program& ordered,
                                                    const plan::ArenaLayout& layout) {
  using plan::Operand;
  const ir::Subgraph& g = ordered.graph();
  auto fail = [](const std::string& what) { return ::testing::AssertionFailure() << what; };
  auto in_arena = [&](int t) { return t >= 0 && !g.tensors[t].is_constant(); };

  // Same ops, each once.
  std::multiset<int> before, after;
  for (const plan::Step& s : original.steps) before.insert(s.op_index);
  for (const plan::Step& s : ordered.steps) after.insert(s.op_index);
  if (before != after) return fail("the ordered program does not run the same ops");

  // Topological: reads only what is already written.
  std::set<int> written(g.inputs.begin(), g.inputs.end());
  std::set<int> ever_written;
  for (const plan::Step& s : ordered.steps) ever_written.insert(s.outputs.begin(), s.outputs.end());
  for (size_t i = 0; i < ordered.steps.size(); ++i) {
    const plan::Step& s = ordered.steps[i];
    for (const Operand& o : s.operands) {
      if (o.kind != Operand::Kind::kTensor || !in_arena(o.tensor)) continue;
      const bool is_output = std::count(s.outputs.begin(), s.outputs.end(), o.tensor) > 0;
      if (!is_output && ever_written.count(o.tensor) && !written.count(o.tensor)) {
        return fail("step " + std::to_string(i) + " reads tensor " + std::to_string(o.tensor) +
                    " before it is written");
      }
    }
    written.insert(s.outputs.begin(), s.outputs.end());
  }

  // Buffers and their lifetimes, from first to last use.
  struct Buffer {
    std::string name;
    int tensor = -1;
    int first = 0, last = 0;
    int64_t offset = 0, bytes = 0;
  };
  const int last_step = std::max(0, static_cast<int>(ordered.steps.size()) - 1);
  std::map<int, Buffer> tensors;
  auto use = [&](int t, int step) {
    if (!in_arena(t) || g.tensors[t].num_bytes() == 0) return;
    auto [it, fresh] = tensors.try_emplace(t);
    if (fresh) it->second = {"tensor " + std::to_string(t), t, step, step, 0, g.tensors[t].num_bytes()};
    it->second.first = std::min(it->second.first, step);
    it->second.last = std::max(it->second.last, step);
  };
  for (int t : g.inputs) use(t, 0);
  std::vector<Buffer> buffers;
  for (size_t i = 0; i < ordered.steps.size(); ++i) {
    const auto& operands = ordered.steps[i].operands;
    for (size_t k = 0; k < operands.size(); ++k) {
      if (operands[k].kind == Operand::Kind::kTensor) use(operands[k].tensor, static_cast<int>(i));
      if (operands[k].kind == Operand::Kind::kScratch && operands[k].bytes > 0) {
        const int step = static_cast<int>(i);
        buffers.push_back({"scratch of step " + std::to_string(i), -1, step, step,
                           layout.scratch_offset.at(i).at(k), operands[k].bytes});
      }
    }
  }
  for (int t : g.outputs) use(t, last_step);
  for (auto& [t, b] : tensors) {
    b.offset = layout.tensor_offset.at(t);
    buffers.push_back(b);
  }
  for (const Buffer& b : buffers) {
    if (b.offset < 0 || b.offset % MOTE_ALIGNMENT != 0 || b.offset + b.bytes > layout.arena_bytes) {
      return fail(b.name + " at " + std::to_string(b.offset) + " (+" + std::to_string(b.bytes) +
                  ") is misaligned or outside the arena of " +
                  std::to_string(layout.arena_bytes));
    }
  }
  auto is_link = [&](const Buffer& a, const Buffer& b) {
    for (const plan::InPlaceLink& link : layout.in_place) {
      const bool pair = (a.tensor == link.input_tensor && b.tensor == link.output_tensor) ||
                        (b.tensor == link.input_tensor && a.tensor == link.output_tensor);
      if (!pair) continue;
      const Buffer& in = a.tensor == link.input_tensor ? a : b;
      const Buffer& out = a.tensor == link.input_tensor ? b : a;
      const plan::Step& step = ordered.steps.at(link.step);
      const bool writes_out = std::count(step.outputs.begin(), step.outputs.end(), out.tensor) > 0;
      // Live together only at the link's step, placed as the kernel's rule says.
      if (writes_out && in.last == link.step && out.first == link.step &&
          out.offset == in.offset - link.shift) {
        return true;
      }
    }
    return false;
  };
  for (size_t i = 0; i < buffers.size(); ++i) {
    for (size_t j = i + 1; j < buffers.size(); ++j) {
      const Buffer& a = buffers[i];
      const Buffer& b = buffers[j];
      if (a.last < b.first || b.last < a.first) continue;
      if (a.offset + a.bytes <= b.offset || b.offset + b.bytes <= a.offset) continue;
      if (is_link(a, b)) continue;
      return fail(a.name + " [" + std::to_string(a.offset) + ", +" + std::to_string(a.bytes) +
                  ") and " + b.name + " [" + std::to_string(b.offset) + ", +" +
                  std::to_string(b.bytes) + ") are live together and overlap");
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace mote::test
