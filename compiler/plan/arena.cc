#include "compiler/plan/arena.h"

#include <algorithm>
#include <limits>

#include "compiler/ir/error.h"

namespace mote::plan {

namespace {

int64_t align_up(int64_t v) { return (v + MOTE_ALIGNMENT - 1) / MOTE_ALIGNMENT * MOTE_ALIGNMENT; }

struct Buffer {
  Lifetime life;
  int64_t* offset;
};

// Places each buffer (largest first) at the lowest offset that does not
// overlap an already placed buffer whose lifetime intersects it.
int64_t place(std::vector<Buffer>& buffers) {
  std::stable_sort(buffers.begin(), buffers.end(),
                   [](const Buffer& a, const Buffer& b) { return a.life.bytes > b.life.bytes; });
  std::vector<const Buffer*> placed;
  int64_t total = 0;
  for (Buffer& b : buffers) {
    std::vector<std::pair<int64_t, int64_t>> taken;  // [begin, end) of conflicting buffers
    for (const Buffer* p : placed) {
      if (p->life.first <= b.life.last && b.life.first <= p->life.last) {
        taken.emplace_back(*p->offset, *p->offset + p->life.bytes);
      }
    }
    std::sort(taken.begin(), taken.end());
    int64_t candidate = 0;
    for (auto [begin, end] : taken) {
      if (candidate + b.life.bytes <= begin) break;
      candidate = std::max(candidate, align_up(end));
    }
    *b.offset = candidate;
    total = std::max(total, candidate + static_cast<int64_t>(b.life.bytes));
    placed.push_back(&b);
  }
  return align_up(total);
}

}  // namespace

std::vector<Lifetime> tensor_lifetimes(const Program& program) {
  const ir::Subgraph& g = program.graph();
  const int n = static_cast<int>(g.tensors.size());
  const int last_step = std::max(0, static_cast<int>(program.steps.size()) - 1);
  std::vector<Lifetime> life(n);
  std::vector<bool> used(n, false);
  auto touch = [&](int t, int step) {
    if (t < 0 || g.tensors[t].is_constant()) return;
    if (!used[t]) {
      life[t] = {step, step, static_cast<uint32_t>(g.tensors[t].num_bytes())};
      used[t] = true;
    }
    life[t].first = std::min(life[t].first, step);
    life[t].last = std::max(life[t].last, step);
  };
  for (int t : g.inputs) touch(t, 0);
  for (int s = 0; s < static_cast<int>(program.steps.size()); ++s) {
    for (const Operand& op : program.steps[s].operands) {
      if (op.kind == Operand::Kind::kTensor) touch(op.tensor, s);
    }
  }
  for (int t : g.outputs) touch(t, last_step);
  return life;
}

ArenaLayout plan_arena_greedy(const Program& program) {
  const std::vector<Lifetime> lifetimes = tensor_lifetimes(program);
  ArenaLayout layout;
  layout.tensor_offset.assign(lifetimes.size(), kNotInArena);
  layout.scratch_offset.resize(program.steps.size());
  std::vector<Buffer> buffers;
  for (size_t t = 0; t < lifetimes.size(); ++t) {
    if (lifetimes[t].bytes > 0) buffers.push_back({lifetimes[t], &layout.tensor_offset[t]});
  }
  for (size_t s = 0; s < program.steps.size(); ++s) {
    const auto& operands = program.steps[s].operands;
    layout.scratch_offset[s].assign(operands.size(), kNotInArena);
    for (size_t i = 0; i < operands.size(); ++i) {
      if (operands[i].kind == Operand::Kind::kScratch && operands[i].bytes > 0) {
        const int step = static_cast<int>(s);
        buffers.push_back({{step, step, operands[i].bytes}, &layout.scratch_offset[s][i]});
      }
    }
  }
  const int64_t total = place(buffers);
  if (total > std::numeric_limits<uint32_t>::max()) {
    throw Error(ErrorCode::kLimit, program.model->path + ": arena exceeds 4 GiB");
  }
  layout.arena_bytes = static_cast<uint32_t>(total);
  return layout;
}

}  // namespace mote::plan
