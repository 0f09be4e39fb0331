#include "compiler/plan/schedule.h"

#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>

#include "compiler/plan/inplace.h"

namespace mote::plan {

namespace {

int64_t align_up(int64_t v) { return (v + MOTE_ALIGNMENT - 1) / MOTE_ALIGNMENT * MOTE_ALIGNMENT; }

// A set of ops, one bit each, as a span of words.
bool has(const uint64_t* set, int i) { return (set[i / 64] >> (i % 64)) & 1u; }
void insert(uint64_t* set, int i) { set[i / 64] |= uint64_t{1} << (i % 64); }
size_t words_for(size_t n) { return (n + 63) / 64; }

struct InPlaceCandidate {
  int input_tensor, output_tensor;
  int64_t shift, saving;
};

// One IR op: its steps run back to back.
struct Node {
  std::vector<int> steps;
  std::vector<int> reads;   // arena tensors written elsewhere (or live from the start)
  std::vector<int> writes;  // arena tensors it writes
  int64_t scratch = 0;
  std::vector<InPlaceCandidate> in_place;
  std::vector<int> preds;  // nodes producing what it reads
};

struct MemoryGraph {
  std::vector<Node> nodes;
  std::vector<int64_t> size;                // aligned bytes per tensor
  std::vector<std::vector<int>> consumers;  // nodes that read each tensor
  std::vector<bool> pinned;                 // graph output: live to the end
  std::vector<bool> overwritable;           // may be the input of an in-place step
  std::vector<int> unread_initial;          // live before the first op, read by none
  int64_t initial_bytes = 0;
};

MemoryGraph build_graph(const Program& program, const ScheduleOptions& options) {
  const ir::Subgraph& g = program.graph();
  const size_t num_tensors = g.tensors.size();
  MemoryGraph m;
  m.size.assign(num_tensors, 0);
  m.consumers.assign(num_tensors, {});
  m.pinned.assign(num_tensors, false);
  m.overwritable.assign(num_tensors, options.in_place);
  auto in_arena = [&](int t) { return t >= 0 && !g.tensors[t].is_constant(); };
  for (size_t t = 0; t < num_tensors; ++t) {
    if (in_arena(static_cast<int>(t))) m.size[t] = align_up(g.tensors[t].num_bytes());
  }
  for (int t : g.outputs) {
    if (in_arena(t)) m.pinned[t] = true;
  }
  for (int t : g.inputs) {
    if (in_arena(t) && options.preserve_inputs) m.overwritable[t] = false;
  }
  for (size_t s = 0; s < program.steps.size(); ++s) {
    const Step& step = program.steps[s];
    if (m.nodes.empty() || step.op_index < 0 ||
        program.steps[m.nodes.back().steps.back()].op_index != step.op_index) {
      m.nodes.emplace_back();
    }
    Node& node = m.nodes.back();
    node.steps.push_back(static_cast<int>(s));
    int64_t scratch = 0;
    for (int t : step.outputs) {
      if (in_arena(t) && std::find(node.writes.begin(), node.writes.end(), t) == node.writes.end()) {
        node.writes.push_back(t);
      }
    }
    for (const Operand& o : step.operands) {
      if (o.kind == Operand::Kind::kScratch) scratch += align_up(o.bytes);
    }
    node.scratch = std::max(node.scratch, scratch);
  }
  std::vector<int> producer(num_tensors, -1);
  for (size_t n = 0; n < m.nodes.size(); ++n) {
    for (int t : m.nodes[n].writes) {
      if (producer[t] < 0) producer[t] = static_cast<int>(n);
    }
  }
  std::vector<bool> initial(num_tensors, false);
  for (int t : g.inputs) {
    if (in_arena(t)) initial[t] = true;
  }
  for (size_t n = 0; n < m.nodes.size(); ++n) {
    Node& node = m.nodes[n];
    for (int s : node.steps) {
      for (const Operand& o : program.steps[s].operands) {
        const int t = o.tensor;
        if (o.kind != Operand::Kind::kTensor || !in_arena(t)) continue;
        if (producer[t] == static_cast<int>(n)) continue;
        if (std::find(node.reads.begin(), node.reads.end(), t) != node.reads.end()) continue;
        node.reads.push_back(t);
        m.consumers[t].push_back(static_cast<int>(n));
        if (producer[t] >= 0) {
          if (std::find(node.preds.begin(), node.preds.end(), producer[t]) == node.preds.end()) {
            node.preds.push_back(producer[t]);
          }
        } else {
          initial[t] = true;
        }
      }
    }
    if (node.steps.size() != 1 || !options.in_place) continue;
    const Step& step = program.steps[node.steps[0]];
    for (const InPlaceOption& option : in_place_options(program, step)) {
      const int in = step.operands[option.input_operand].tensor;
      const int out = step.operands[option.output_operand].tensor;
      if (in == out || producer[in] == static_cast<int>(n)) continue;
      const int64_t shift = align_up(option.min_shift);
      const int64_t extent = std::max(shift + m.size[in], m.size[out]);
      const int64_t saving = m.size[in] + m.size[out] - extent;
      if (saving > 0) node.in_place.push_back({in, out, shift, saving});
    }
  }
  for (size_t t = 0; t < num_tensors; ++t) {
    if (!initial[t]) continue;
    m.initial_bytes += m.size[t];
    if (m.consumers[t].empty() && !m.pinned[t]) m.unread_initial.push_back(static_cast<int>(t));
  }
  return m;
}

// Tensor t is dead once node v has run after every op in `done`.
bool dies_at(const MemoryGraph& m, int t, int v, const uint64_t* done) {
  if (m.pinned[t]) return false;
  for (int c : m.consumers[t]) {
    if (c != v && !has(done, c)) return false;
  }
  return true;
}

struct StepCost {
  int64_t footprint = 0;   // bytes while node v runs
  int64_t mem_after = 0;   // bytes live after it
  const InPlaceCandidate* in_place = nullptr;
};

StepCost run_node(const MemoryGraph& m, const uint64_t* done, bool nothing_done, int64_t mem,
                  int v) {
  const Node& node = m.nodes[v];
  StepCost cost;
  int64_t written = 0, kept = 0, freed = 0;
  for (int t : node.writes) {
    written += m.size[t];
    if (m.pinned[t] || !m.consumers[t].empty()) kept += m.size[t];
  }
  for (int t : node.reads) {
    if (dies_at(m, t, v, done)) freed += m.size[t];
  }
  if (nothing_done) {
    for (int t : m.unread_initial) freed += m.size[t];
  }
  for (const InPlaceCandidate& c : node.in_place) {
    if (!m.overwritable[c.input_tensor] || !dies_at(m, c.input_tensor, v, done)) continue;
    if (cost.in_place == nullptr || c.saving > cost.in_place->saving) cost.in_place = &c;
  }
  cost.footprint = mem + written + node.scratch - (cost.in_place ? cost.in_place->saving : 0);
  cost.mem_after = mem + kept - freed;
  return cost;
}

// Costs a complete order of nodes.
Schedule cost_order(const MemoryGraph& m, const std::vector<int>& node_order) {
  Schedule schedule;
  std::vector<uint64_t> done(words_for(m.nodes.size()), 0);
  int64_t mem = m.initial_bytes;
  schedule.peak_bytes = mem;
  for (size_t i = 0; i < node_order.size(); ++i) {
    const int v = node_order[i];
    const StepCost cost = run_node(m, done.data(), i == 0, mem, v);
    schedule.peak_bytes = std::max(schedule.peak_bytes, cost.footprint);
    if (cost.in_place != nullptr) {
      schedule.links.push_back({static_cast<int>(schedule.step_order.size()),
                                cost.in_place->input_tensor, cost.in_place->output_tensor,
                                cost.in_place->shift});
    }
    for (int s : m.nodes[v].steps) schedule.step_order.push_back(s);
    mem = cost.mem_after;
    insert(done.data(), v);
  }
  return schedule;
}

// What every order must hold while each op runs: its inputs, outputs and
// scratch, less the best overlap its kernel allows.
int64_t local_lower_bound(const MemoryGraph& m) {
  int64_t bound = m.initial_bytes;
  for (const Node& node : m.nodes) {
    int64_t bytes = node.scratch;
    for (int t : node.reads) bytes += m.size[t];
    for (int t : node.writes) bytes += m.size[t];
    int64_t saving = 0;
    for (const InPlaceCandidate& c : node.in_place) {
      if (m.overwritable[c.input_tensor] && !m.pinned[c.input_tensor]) {
        saving = std::max(saving, c.saving);
      }
    }
    bound = std::max(bound, bytes - saving);
  }
  return bound;
}

// A quick order: at each step the ready op with the smallest footprint,
// then the fewest bytes left live.
std::vector<int> greedy_order(const MemoryGraph& m) {
  const size_t n = m.nodes.size();
  std::vector<uint64_t> done(words_for(n), 0);
  std::vector<int> order;
  int64_t mem = m.initial_bytes;
  for (size_t k = 0; k < n; ++k) {
    int best = -1;
    StepCost best_cost;
    for (size_t v = 0; v < n; ++v) {
      const int node = static_cast<int>(v);
      if (has(done.data(), node)) continue;
      bool ready = true;
      for (int p : m.nodes[v].preds) ready = ready && has(done.data(), p);
      if (!ready) continue;
      const StepCost cost = run_node(m, done.data(), k == 0, mem, node);
      if (best < 0 || cost.footprint < best_cost.footprint ||
          (cost.footprint == best_cost.footprint && cost.mem_after < best_cost.mem_after)) {
        best = node;
        best_cost = cost;
      }
    }
    order.push_back(best);
    insert(done.data(), best);
    mem = best_cost.mem_after;
  }
  return order;
}

std::vector<int> identity(size_t n) {
  std::vector<int> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<int>(i);
  return order;
}

}  // namespace

Schedule schedule_file_order(const Program& program, const ScheduleOptions& options) {
  const MemoryGraph m = build_graph(program, options);
  Schedule schedule = cost_order(m, identity(m.nodes.size()));
  schedule.lower_bound_bytes = local_lower_bound(m);
  return schedule;
}

Schedule schedule_optimal(const Program& program, const ScheduleOptions& options) {
  const MemoryGraph m = build_graph(program, options);
  const size_t n = m.nodes.size();
  const Schedule file_order = cost_order(m, identity(n));
  const Schedule greedy = cost_order(m, greedy_order(m));
  const Schedule& heuristic = greedy.peak_bytes < file_order.peak_bytes ? greedy : file_order;
  // Any state whose peak already exceeds a known order's cannot lead to a
  // better one.
  const int64_t upper_bound = heuristic.peak_bytes;

  // One layer of states: the sets (flat, `words` each) and what is known
  // about each. A hash table of state indices finds a set already seen.
  const size_t words = words_for(n);
  struct State {
    int64_t peak, mem;
    int parent, node;
  };
  struct Layer {
    std::vector<uint64_t> sets;
    std::vector<State> states;
  };
  auto hash_of = [&](const uint64_t* set) {
    uint64_t h = 1469598103934665603ull;
    for (size_t w = 0; w < words; ++w) h = (h ^ set[w]) * 1099511628211ull + (h >> 29);
    return h;
  };
  std::vector<Layer> layers(n + 1);
  layers[0].sets.assign(words, 0);
  layers[0].states.push_back({m.initial_bytes, m.initial_bytes, -1, -1});
  std::vector<uint64_t> candidate(words);
  std::vector<int> table;
  bool exhaustive = true;
  const size_t width = std::max<size_t>(
      1, std::min(options.max_states_per_layer, options.max_states / std::max<size_t>(1, n)));
  for (size_t k = 0; k < n; ++k) {
    const Layer& layer = layers[k];
    Layer& next = layers[k + 1];
    size_t mask = 63;
    table.assign(mask + 1, -1);
    // The slot holding `set` in `next`, or the empty slot where it belongs.
    auto slot_of = [&](const uint64_t* set) {
      size_t slot = hash_of(set) & mask;
      while (table[slot] >= 0 &&
             !std::equal(set, set + words, next.sets.begin() + size_t(table[slot]) * words)) {
        slot = (slot + 1) & mask;
      }
      return slot;
    };
    auto grow = [&] {
      mask = mask * 2 + 1;
      table.assign(mask + 1, -1);
      for (size_t i = 0; i < next.states.size(); ++i) {
        table[slot_of(next.sets.data() + i * words)] = static_cast<int>(i);
      }
    };
    for (size_t si = 0; si < layer.states.size(); ++si) {
      const uint64_t* done = layer.sets.data() + si * words;
      const State& state = layer.states[si];
      for (size_t v = 0; v < n; ++v) {
        const int node = static_cast<int>(v);
        if (has(done, node)) continue;
        bool ready = true;
        for (int p : m.nodes[v].preds) ready = ready && has(done, p);
        if (!ready) continue;
        const StepCost cost = run_node(m, done, k == 0, state.mem, node);
        const int64_t peak = std::max(state.peak, cost.footprint);
        if (peak > upper_bound) continue;
        std::copy(done, done + words, candidate.begin());
        insert(candidate.data(), node);
        size_t slot = slot_of(candidate.data());
        if (table[slot] < 0) {
          if (2 * (next.states.size() + 1) > mask) {
            grow();
            slot = slot_of(candidate.data());
          }
          table[slot] = static_cast<int>(next.states.size());
          next.sets.insert(next.sets.end(), candidate.begin(), candidate.end());
          next.states.push_back({peak, cost.mem_after, static_cast<int>(si), node});
        } else if (peak < next.states[table[slot]].peak) {
          next.states[table[slot]] = {peak, cost.mem_after, static_cast<int>(si), node};
        }
      }
    }
    if (next.states.size() > width) {
      std::vector<size_t> keep(next.states.size());
      for (size_t i = 0; i < keep.size(); ++i) keep[i] = i;
      std::stable_sort(keep.begin(), keep.end(), [&](size_t a, size_t b) {
        const State& x = next.states[a];
        const State& y = next.states[b];
        return x.peak != y.peak ? x.peak < y.peak : x.mem < y.mem;
      });
      keep.resize(width);
      Layer kept;
      for (size_t i : keep) {
        kept.sets.insert(kept.sets.end(), next.sets.begin() + i * words,
                         next.sets.begin() + (i + 1) * words);
        kept.states.push_back(next.states[i]);
      }
      next = std::move(kept);
      exhaustive = false;
    }
    if (next.states.empty()) {  // only when the beam lost every path
      Schedule fallback = heuristic;
      fallback.lower_bound_bytes = local_lower_bound(m);
      return fallback;
    }
  }
  std::vector<int> order(n);
  int si = 0;
  for (size_t k = n; k > 0; --k) {
    const State& state = layers[k].states[si];
    order[k - 1] = state.node;
    si = state.parent;
  }
  Schedule schedule = cost_order(m, order);
  if (schedule.peak_bytes > heuristic.peak_bytes) schedule = heuristic;  // beam lost it
  schedule.optimal = exhaustive;
  schedule.lower_bound_bytes = exhaustive ? schedule.peak_bytes : local_lower_bound(m);
  return schedule;
}

Program reorder(const Program& program, const std::vector<int>& order) {
  Program result;
  result.model = program.model;
  result.subgraph = program.subgraph;
  result.pool = program.pool;
  result.steps.reserve(order.size());
  for (int s : order) result.steps.push_back(program.steps[s]);
  return result;
}

}  // namespace mote::plan
