// Planning time of the memory planner (order search, in-place choice,
// offsets) on synthetic 200-op graphs. Issue 4 asks for under a second.
//   build-plan/bench/plan_bench
#include <benchmark/benchmark.h>

#include <random>

#include "compiler/plan/planner.h"
#include "tests/unit/plan_graph_builder.h"

namespace mote {
namespace {

// `num_ops` ops over int8 tensors of 1-32 KiB. Each op reads one of the
// last `window` tensors and, with probability `join_probability`, a second
// one (branches and joins, so many orders are valid); a third of the ops are
// RELUs that may run in place. The last tensor is the graph output.
std::unique_ptr<test::PlanGraphBuilder> make_graph(int num_ops, double join_probability,
                                                   int window, uint32_t seed) {
  auto b = std::make_unique<test::PlanGraphBuilder>();
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> bytes(1024, 32768);
  b->graph().inputs = {b->add_tensor(bytes(rng))};
  auto recent = [&](int last) {
    return last - std::uniform_int_distribution<int>(0, std::min(window - 1, last))(rng);
  };
  for (int i = 0; i < num_ops; ++i) {
    const int last = static_cast<int>(b->graph().tensors.size()) - 1;
    std::vector<int> reads = {recent(last)};
    const bool relu = rng() % 3 == 0;
    if (!relu && std::bernoulli_distribution(join_probability)(rng)) {
      const int other = recent(last);
      if (other != reads[0]) reads.push_back(other);
    }
    b->add_op(reads, relu ? b->graph().tensors[reads[0]].shape[0] : bytes(rng), relu);
  }
  b->graph().outputs = {static_cast<int>(b->graph().tensors.size()) - 1};
  return b;
}

void plan_graph(benchmark::State& state, double join_probability, int window) {
  const auto graph = make_graph(200, join_probability, window, 42);
  plan::MemoryPlan plan;
  for (auto _ : state) {
    plan = plan::plan_memory(graph->program());
    benchmark::DoNotOptimize(plan.layout.arena_bytes);
  }
  state.counters["arena_bytes"] = plan.layout.arena_bytes;
  state.counters["lower_bound_bytes"] = static_cast<double>(plan.lower_bound_bytes);
  state.counters["optimal"] = plan.schedule_optimal ? 1 : 0;
}

// Mostly a chain with short branches (residual-style): the search is exact.
void BM_Plan200OpNarrowDag(benchmark::State& state) { plan_graph(state, 0.3, 2); }
// Wide branching: too many states for an exact search; the beam takes over.
void BM_Plan200OpWideDag(benchmark::State& state) { plan_graph(state, 0.5, 8); }

// The order search alone, on the wide graph.
void BM_Schedule200OpWideDag(benchmark::State& state) {
  const auto graph = make_graph(200, 0.5, 8, 42);
  for (auto _ : state) {
    benchmark::DoNotOptimize(plan::schedule_optimal(graph->program(), {}).peak_bytes);
  }
}

BENCHMARK(BM_Plan200OpNarrowDag)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Plan200OpWideDag)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Schedule200OpWideDag)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mote
