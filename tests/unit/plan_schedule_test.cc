// The scheduler against brute force on random small DAGs, and the arena
// layout against the independent checker.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "compiler/plan/offsets.h"
#include "compiler/plan/planner.h"
#include "compiler/plan/schedule.h"
#include "unit/plan_checker.h"
#include "unit/plan_graph_builder.h"

namespace mote {
namespace {

constexpr int64_t kAlign = MOTE_ALIGNMENT;
int64_t aligned(int64_t v) { return (v + kAlign - 1) / kAlign * kAlign; }

// A random DAG of `num_ops` ops. Tensor 0 is the graph input; op i writes
// tensor i + 1 and reads one to three earlier tensors. Ops marked `unary`
// are RELUs of equal-sized tensors, which may run in place.
struct RandomGraph {
  test::PlanGraphBuilder builder;
  std::vector<bool> unary;
  const ir::Model& model = builder.model();
  const plan::Program& program = builder.program();
};

std::unique_ptr<RandomGraph> random_graph(std::mt19937& rng, int num_ops) {
  auto graph = std::make_unique<RandomGraph>();
  test::PlanGraphBuilder& b = graph->builder;
  b.add_tensor(std::uniform_int_distribution<int>(1, 100)(rng));
  b.graph().inputs = {0};
  std::vector<int> consumers(num_ops + 1, 0);
  for (int i = 0; i < num_ops; ++i) {
    const int available = static_cast<int>(b.graph().tensors.size());
    const bool unary = std::uniform_int_distribution<int>(0, 2)(rng) == 0;
    std::vector<int> reads;
    if (unary) {
      reads.push_back(std::uniform_int_distribution<int>(0, available - 1)(rng));
    } else {
      const int n = std::uniform_int_distribution<int>(1, std::min(3, available))(rng);
      while (static_cast<int>(reads.size()) < n) {
        const int t = std::uniform_int_distribution<int>(0, available - 1)(rng);
        if (std::find(reads.begin(), reads.end(), t) == reads.end()) reads.push_back(t);
      }
    }
    for (int t : reads) ++consumers[t];
    b.add_op(reads,
             unary ? b.graph().tensors[reads[0]].shape[0]
                   : std::uniform_int_distribution<int>(1, 100)(rng),
             unary);
    graph->unary.push_back(unary);
  }
  for (int t = 1; t <= num_ops; ++t) {
    if (consumers[t] == 0) b.graph().outputs.push_back(t);
  }
  return graph;
}

// The peak of one order, straight from the definitions: at each step the
// aligned bytes of every tensor from its producer (step 0 for the input) to
// its last reader (the end for graph outputs), less the input of a RELU that
// dies at that step (it shares the output's bytes).
int64_t brute_force_peak(const RandomGraph& graph, const std::vector<int>& order) {
  const ir::Subgraph& g = graph.model.subgraphs[0];
  const int n = static_cast<int>(order.size());
  std::vector<int> position(n);
  for (int i = 0; i < n; ++i) position[order[i]] = i;
  const int num_tensors = static_cast<int>(g.tensors.size());
  std::vector<int> first(num_tensors, 0), last(num_tensors, -1);
  for (int t = 1; t < num_tensors; ++t) first[t] = last[t] = position[t - 1];
  last[0] = 0;
  for (int op = 0; op < n; ++op) {
    for (int t : g.ops[op].inputs) last[t] = std::max(last[t], position[op]);
  }
  for (int t : g.outputs) last[t] = n - 1;
  int64_t peak = 0;
  for (int i = 0; i < n; ++i) {
    int64_t live = 0;
    for (int t = 0; t < num_tensors; ++t) {
      if (first[t] <= i && i <= last[t]) live += aligned(g.tensors[t].num_bytes());
    }
    const int op = order[i];
    const int in = g.ops[op].inputs[0];
    const bool output = std::count(g.outputs.begin(), g.outputs.end(), in) > 0;
    if (graph.unary[op] && in != 0 && !output && last[in] == i) {
      live -= aligned(g.tensors[in].num_bytes());
    }
    peak = std::max(peak, live);
  }
  return peak;
}

int64_t brute_force_optimum(const RandomGraph& graph) {
  const int n = static_cast<int>(graph.program.steps.size());
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  int64_t best = std::numeric_limits<int64_t>::max();
  const ir::Subgraph& g = graph.model.subgraphs[0];
  do {
    std::vector<int> position(n);
    for (int i = 0; i < n; ++i) position[order[i]] = i;
    bool topological = true;
    for (int op = 0; op < n && topological; ++op) {
      for (int t : g.ops[op].inputs) {
        if (t > 0 && position[t - 1] > position[op]) topological = false;
      }
    }
    if (topological) best = std::min(best, brute_force_peak(graph, order));
  } while (std::next_permutation(order.begin(), order.end()));
  return best;
}

TEST(PlanSchedule, OptimalOrderMatchesBruteForceOnRandomDags) {
  std::mt19937 rng(20261204);
  for (int trial = 0; trial < 150; ++trial) {
    const int num_ops = std::uniform_int_distribution<int>(2, 8)(rng);
    const auto graph = random_graph(rng, num_ops);
    const plan::Schedule schedule = plan::schedule_optimal(graph->program, {});
    ASSERT_TRUE(schedule.optimal) << "trial " << trial;
    std::vector<int> order = schedule.step_order;  // steps are ops here
    EXPECT_EQ(schedule.peak_bytes, brute_force_peak(*graph, order)) << "trial " << trial;
    EXPECT_EQ(schedule.peak_bytes, brute_force_optimum(*graph)) << "trial " << trial;
    EXPECT_EQ(schedule.lower_bound_bytes, schedule.peak_bytes);
  }
}

TEST(PlanSchedule, BeamSearchStaysValidAndNoWorseThanFileOrder) {
  std::mt19937 rng(99);
  int not_optimal = 0;
  for (int trial = 0; trial < 100; ++trial) {
    const auto graph = random_graph(rng, std::uniform_int_distribution<int>(4, 8)(rng));
    plan::ScheduleOptions narrow;
    narrow.max_states_per_layer = 1;
    const plan::Schedule beam = plan::schedule_optimal(graph->program, narrow);
    const plan::Schedule file = plan::schedule_file_order(graph->program, narrow);
    EXPECT_EQ(beam.peak_bytes, brute_force_peak(*graph, beam.step_order)) << "trial " << trial;
    EXPECT_GE(beam.peak_bytes, brute_force_optimum(*graph)) << "trial " << trial;
    EXPECT_LE(beam.peak_bytes, file.peak_bytes) << "trial " << trial;
    EXPECT_LE(beam.lower_bound_bytes, brute_force_optimum(*graph)) << "trial " << trial;
    if (!beam.optimal) ++not_optimal;
  }
  EXPECT_GT(not_optimal, 0);  // the budget did cut the search somewhere
}

TEST(PlanSchedule, FileOrderCostMatchesBruteForce) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    const auto graph = random_graph(rng, std::uniform_int_distribution<int>(2, 8)(rng));
    const plan::Schedule schedule = plan::schedule_file_order(graph->program, {});
    std::vector<int> identity(graph->program.steps.size());
    std::iota(identity.begin(), identity.end(), 0);
    EXPECT_EQ(schedule.step_order, identity);
    EXPECT_EQ(schedule.peak_bytes, brute_force_peak(*graph, identity)) << "trial " << trial;
    EXPECT_LE(schedule.lower_bound_bytes, brute_force_optimum(*graph)) << "trial " << trial;
  }
}

TEST(PlanSchedule, LayoutsOfRandomDagsPassTheChecker) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 40; ++trial) {
    const auto graph = random_graph(rng, std::uniform_int_distribution<int>(2, 30)(rng));
    for (bool in_place : {false, true}) {
      plan::PlanOptions options;
      options.in_place = in_place;
      const plan::MemoryPlan plan = plan::plan_memory(graph->program, options);
      EXPECT_TRUE(test::check_memory_plan(graph->program, plan.program, plan.layout))
          << "trial " << trial;
      EXPECT_GE(static_cast<int64_t>(plan.layout.arena_bytes), plan.lower_bound_bytes);
      EXPECT_GE(static_cast<int64_t>(plan.layout.arena_bytes), plan.live_peak_bytes);
    }
  }
}

TEST(PlanSchedule, CheckerRejectsOverlapAndWrongOrder) {
  std::mt19937 rng(3);
  const auto graph = random_graph(rng, 6);
  plan::PlanOptions options;
  options.in_place = false;
  plan::MemoryPlan plan = plan::plan_memory(graph->program, options);
  ASSERT_TRUE(test::check_memory_plan(graph->program, plan.program, plan.layout));
  // Everything at offset 0: the graph input and the first op's output overlap.
  plan::ArenaLayout collapsed = plan.layout;
  for (int64_t& offset : collapsed.tensor_offset) {
    if (offset != plan::kNotInArena) offset = 0;
  }
  EXPECT_FALSE(test::check_memory_plan(graph->program, plan.program, collapsed));
  // Reversed steps read tensors before they are written.
  plan::Program reversed = plan.program;
  std::reverse(reversed.steps.begin(), reversed.steps.end());
  EXPECT_FALSE(test::check_memory_plan(graph->program, reversed, plan.layout));
}

TEST(PlanSchedule, ChainOfReluRunsInPlace) {
  // input -> relu -> relu -> relu: every relu overwrites its dying input, so
  // the arena holds the preserved input and one more buffer.
  test::PlanGraphBuilder b;
  int t = b.add_tensor(64);
  b.graph().inputs = {t};
  for (int i = 0; i < 3; ++i) t = b.add_op({t}, 64, true);
  b.graph().outputs = {t};
  const plan::Program& program = b.program();
  // The graph input is preserved by default, so the first step needs both.
  EXPECT_EQ(plan::plan_memory(program).layout.arena_bytes, 128u);
  plan::PlanOptions overwrite_inputs;
  overwrite_inputs.preserve_inputs = false;
  const plan::MemoryPlan plan = plan::plan_memory(program, overwrite_inputs);
  EXPECT_EQ(plan.layout.arena_bytes, 64u);
  EXPECT_EQ(plan.layout.in_place.size(), 3u);
  EXPECT_TRUE(test::check_memory_plan(program, plan.program, plan.layout));
  overwrite_inputs.in_place = false;
  EXPECT_EQ(plan::plan_memory(program, overwrite_inputs).layout.arena_bytes, 128u);
}

}  // namespace
}  // namespace mote
