#include "compiler/plan/offsets.h"

#include <algorithm>
#include <functional>
#include <limits>

#include "compiler/ir/error.h"

namespace mote::plan {

namespace {

int64_t align_up(int64_t v) { return (v + MOTE_ALIGNMENT - 1) / MOTE_ALIGNMENT * MOTE_ALIGNMENT; }

struct Item {
  Lifetime life;
  int64_t size = 0;  // aligned
  int body = -1;
  int64_t relative = 0;  // offset within its body
  int64_t* offset = nullptr;
};

// Items tied together by in-place links: placed as one rigid piece.
struct Body {
  std::vector<int> items;
  int64_t extent = 0;
  int first = 0, last = 0;
};

struct Problem {
  std::vector<Item> items;
  std::vector<int> tensor_item;  // per IR tensor, -1 if none
};

Problem collect(const Program& program, ArenaLayout& layout) {
  const std::vector<Lifetime> lifetimes = tensor_lifetimes(program);
  Problem p;
  layout.tensor_offset.assign(lifetimes.size(), kNotInArena);
  layout.scratch_offset.assign(program.steps.size(), {});
  p.tensor_item.assign(lifetimes.size(), -1);
  for (size_t t = 0; t < lifetimes.size(); ++t) {
    if (lifetimes[t].bytes == 0) continue;
    p.tensor_item[t] = static_cast<int>(p.items.size());
    p.items.push_back({lifetimes[t], align_up(lifetimes[t].bytes), -1, 0, &layout.tensor_offset[t]});
  }
  for (size_t s = 0; s < program.steps.size(); ++s) {
    const auto& operands = program.steps[s].operands;
    layout.scratch_offset[s].assign(operands.size(), kNotInArena);
    for (size_t i = 0; i < operands.size(); ++i) {
      if (operands[i].kind != Operand::Kind::kScratch || operands[i].bytes == 0) continue;
      const int step = static_cast<int>(s);
      p.items.push_back({{step, step, operands[i].bytes}, align_up(operands[i].bytes), -1, 0,
                         &layout.scratch_offset[s][i]});
    }
  }
  return p;
}

std::vector<Body> make_bodies(Problem& p, const std::vector<InPlaceLink>& links,
                              const std::vector<bool>& use) {
  for (Item& item : p.items) {
    item.body = -1;
    item.relative = 0;
  }
  std::vector<Body> bodies;
  std::vector<InPlaceLink> ordered;
  for (size_t i = 0; i < links.size(); ++i) {
    if (use[i]) ordered.push_back(links[i]);
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const InPlaceLink& a, const InPlaceLink& b) { return a.step < b.step; });
  auto body_of = [&](int item) {
    if (p.items[item].body < 0) {
      p.items[item].body = static_cast<int>(bodies.size());
      bodies.push_back({{item}, 0, 0, 0});
    }
    return p.items[item].body;
  };
  for (const InPlaceLink& link : ordered) {
    const int in = p.tensor_item[link.input_tensor], out = p.tensor_item[link.output_tensor];
    if (in < 0 || out < 0 || p.items[out].body >= 0) continue;
    const int b = body_of(in);
    p.items[out].body = b;
    p.items[out].relative = p.items[in].relative - link.shift;
    bodies[b].items.push_back(out);
  }
  for (size_t i = 0; i < p.items.size(); ++i) body_of(static_cast<int>(i));
  for (Body& body : bodies) {
    int64_t low = std::numeric_limits<int64_t>::max(), high = 0;
    body.first = std::numeric_limits<int>::max();
    body.last = -1;
    for (int i : body.items) low = std::min(low, p.items[i].relative);
    for (int i : body.items) {
      Item& item = p.items[i];
      item.relative -= low;
      high = std::max(high, item.relative + item.size);
      body.first = std::min(body.first, item.life.first);
      body.last = std::max(body.last, item.life.last);
    }
    body.extent = high;
  }
  return bodies;
}

// First fit: each body, in `order`, at the lowest offset where none of its
// items overlaps a placed item live at the same time. Returns the arena size.
int64_t place(Problem& p, const std::vector<Body>& bodies, const std::vector<int>& order) {
  std::vector<int> placed;
  std::vector<int64_t> offset(p.items.size(), 0);
  int64_t total = 0;
  std::vector<std::pair<int64_t, int64_t>> forbidden;  // bases [begin, end)
  for (int b : order) {
    const Body& body = bodies[b];
    forbidden.clear();
    for (int i : body.items) {
      const Item& item = p.items[i];
      for (int q : placed) {
        const Item& other = p.items[q];
        if (other.life.first > item.life.last || item.life.first > other.life.last) continue;
        // base + relative overlaps [offset, offset + size) of the other item.
        forbidden.emplace_back(offset[q] - item.relative - item.size + 1,
                               offset[q] + other.size - item.relative);
      }
    }
    std::sort(forbidden.begin(), forbidden.end());
    int64_t base = 0;
    for (auto [begin, end] : forbidden) {
      if (begin > base) break;
      base = std::max(base, end);
    }
    for (int i : body.items) {
      offset[i] = base + p.items[i].relative;
      placed.push_back(i);
    }
    total = std::max(total, base + body.extent);
  }
  for (size_t i = 0; i < p.items.size(); ++i) *p.items[i].offset = offset[i];
  return align_up(total);
}

using BodyLess = std::function<bool(const Body&, const Body&)>;

std::vector<BodyLess> placement_orders() {
  auto length = [](const Body& b) { return b.last - b.first; };
  return {
      [](const Body& a, const Body& b) { return a.extent > b.extent; },
      [=](const Body& a, const Body& b) {
        return length(a) != length(b) ? length(a) > length(b) : a.extent > b.extent;
      },
      [=](const Body& a, const Body& b) {
        return a.extent * (length(a) + 1) > b.extent * (length(b) + 1);
      },
      [](const Body& a, const Body& b) {
        return a.first != b.first ? a.first < b.first : a.extent > b.extent;
      },
  };
}

// The smallest arena over all placement orders; leaves that layout's offsets.
int64_t best_placement(Problem& p, const std::vector<InPlaceLink>& links,
                       const std::vector<bool>& use) {
  const std::vector<Body> bodies = make_bodies(p, links, use);
  const std::vector<BodyLess> orders = placement_orders();
  int64_t best = std::numeric_limits<int64_t>::max();
  size_t best_order = 0;
  for (size_t o = 0; o < orders.size(); ++o) {
    std::vector<int> order(bodies.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return orders[o](bodies[a], bodies[b]); });
    const int64_t total = place(p, bodies, order);
    if (total < best) {
      best = total;
      best_order = o;
    }
  }
  std::vector<int> order(bodies.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return orders[best_order](bodies[a], bodies[b]); });
  place(p, bodies, order);
  return best;
}

}  // namespace

ArenaLayout place_offsets(const Program& program, const std::vector<InPlaceLink>& links) {
  ArenaLayout layout;
  Problem p = collect(program, layout);
  // A chain of in-place steps drifts downwards (each output starts below its
  // input), so using every link is not always best. Two greedy searches over
  // subsets of links: drop links from all of them (largest shift first), and
  // add links to none (largest saving first); each keeps a change unless the
  // arena grows.
  auto saving = [&](const InPlaceLink& l) {
    const int64_t in = p.items[p.tensor_item[l.input_tensor]].size;
    const int64_t out = p.items[p.tensor_item[l.output_tensor]].size;
    return in + out - std::max(l.shift + in, out);
  };
  std::vector<size_t> by_shift(links.size()), by_saving(links.size());
  for (size_t i = 0; i < links.size(); ++i) by_shift[i] = by_saving[i] = i;
  std::stable_sort(by_shift.begin(), by_shift.end(),
                   [&](size_t a, size_t b) { return links[a].shift > links[b].shift; });
  std::stable_sort(by_saving.begin(), by_saving.end(),
                   [&](size_t a, size_t b) { return saving(links[a]) > saving(links[b]); });
  auto greedy = [&](bool start_with_all, const std::vector<size_t>& visit, int64_t* arena) {
    std::vector<bool> use(links.size(), start_with_all);
    int64_t best = best_placement(p, links, use);
    // Repeat while a pass improves: a link can pay off once others changed.
    for (int pass = 0; pass < 3; ++pass) {
      const int64_t before = best;
      for (size_t i : visit) {
        use[i] = !use[i];
        const int64_t total = best_placement(p, links, use);
        if (total <= best) {
          best = total;
        } else {
          use[i] = !use[i];
        }
      }
      if (best == before) break;
    }
    *arena = best;
    return use;
  };
  int64_t dropped_arena = 0, added_arena = 0;
  const std::vector<bool> dropped = greedy(true, by_shift, &dropped_arena);
  const std::vector<bool> added = greedy(false, by_saving, &added_arena);
  const std::vector<bool>& use = added_arena < dropped_arena ? added : dropped;
  const int64_t best = best_placement(p, links, use);
  if (best > std::numeric_limits<uint32_t>::max()) {
    throw Error(ErrorCode::kLimit, program.model->path + ": arena exceeds 4 GiB");
  }
  layout.arena_bytes = static_cast<uint32_t>(best);
  for (size_t i = 0; i < links.size(); ++i) {
    if (use[i]) layout.in_place.push_back(links[i]);
  }
  return layout;
}

}  // namespace mote::plan
