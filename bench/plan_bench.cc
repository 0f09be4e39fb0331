// Planning time of the memory planner (order search, in-place choice,
// offsets) on synthetic 200-op graphs. Issue 4 asks for under a second.
//   build-plan/bench/plan_bench
#include <benchmark/benchmark.h>

#include <random>

#include "compiler/plan/planner.h"
#include "tests/unit/plan_graph_builder.h"

namespace mote {
namespace {

// 200 ops over int8 tensors of 1-32 KiB. Each op reads the previous tensor
// and, with probability `skip_probability`, one of the last `window` ones
// (residual and branch joins); a third of the ops are RELUs that may run in
// place.
std::unique_ptr<test::PlanGraphBuilder> make_graph(int num_ops, double skip_probability,
                                                   int window, uint32_t seed) {
  auto b = std::make_unique<test::PlanGraphBuilder>();
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> bytes(1024, 32768);
  b->graph().inputs = {b->add_tensor(bytes(rng))};
  for (int i = 0; i < num_ops; ++i) {
    const int last = static_cast<int>(b->graph().tensors.size()) - 1;
    std::vector<int> reads = {last};
    const bool relu = rng() % 3 == 0;
    if (!relu && std::bernoulli_distribution(skip_probability)(rng) && last > 0) {
      reads.push_back(last - std::uniform_int_distribution<int>(1, std::min(window, last))(rng));
    }
    b->add_op(reads, relu ? b->graph().tensors[last].shape[0] : bytes(rng), relu);
  }
  b->graph().outputs = {static_cast<int>(b->graph().tensors.size()) - 1};
  return b;
}

void plan_graph(benchmark::State& state, double skip_probability, int window) {
  const auto graph = make_graph(200, skip_probability, window, 42);
  plan::MemoryPlan plan;
  for (auto _ : state) {
    plan = plan::plan_memory(graph->program());
    benchmark::DoNotOptimize(plan.layout.arena_bytes);
  }
  state.counters["arena_bytes"] = plan.layout.arena_bytes;
  state.counters["lower_bound_bytes"] = static_cast<double>(plan.lower_bound_bytes);
  state.counters["optimal"] = plan.schedule_optimal ? 1 : 0;
}

void BM_Plan200OpResidualNet(benchmark::State& state) { plan_graph(state, 0.3, 4); }
void BM_Plan200OpWideDag(benchmark::State& state) { plan_graph(state, 0.9, 30); }

BENCHMARK(BM_Plan200OpResidualNet)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Plan200OpWideDag)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mote
