#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <numeric>

#include "compiler/io/random_input.h"
#include "compiler/io/tensor_file.h"
#include "compiler/ir/error.h"
#include "compiler/plan/executable.h"
#include "compiler/run/session.h"
#include "tools/mote/commands.h"
#include "tools/mote/digest.h"
#include "tools/mote/kernel_set_option.h"
#include "tools/mote/model_loading.h"
#include "tools/mote/run_on_target.h"

namespace mote::cli {

namespace {

std::string shape_text(const std::vector<int32_t>& shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i) s += fmt::format("{}{}", i ? "x" : "", shape[i]);
  return s;
}

// A "1-D" output has at most one dimension larger than 1: print its top 5.
bool is_vector(const ir::Tensor& t) {
  return std::count_if(t.shape.begin(), t.shape.end(), [](int32_t d) { return d > 1; }) <= 1;
}

void print_output(int index, const ir::Tensor& t, std::span<const uint8_t> bytes) {
  fmt::print("output {} '{}' {} {}\n", index, t.name, shape_text(t.shape), ir::dtype_name(t.dtype));
  const int64_t n = t.num_elements();
  if (is_vector(t) && n > 1) {
    std::vector<int64_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    const int64_t k = std::min<int64_t>(5, n);
    std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int64_t a, int64_t b) {
      return io::real_value(t, bytes, a) > io::real_value(t, bytes, b);
    });
    for (int64_t i = 0; i < k; ++i) {
      fmt::print("  #{} index {:>4}  score {:.6f}\n", i + 1, order[i],
                 io::real_value(t, bytes, order[i]));
    }
    return;
  }
  double lo = 1e300, hi = -1e300, sum = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double v = io::real_value(t, bytes, i);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
  }
  fmt::print("  min {:.6f}  max {:.6f}  mean {:.6f}\n", lo, hi, n ? sum / n : 0.0);
  std::string head;
  for (int64_t i = 0; i < std::min<int64_t>(n, 8); ++i) {
    head += fmt::format("{:.6f} ", io::real_value(t, bytes, i));
  }
  fmt::print("  first: {}{}\n", head, n > 8 ? "..." : "");
}

}  // namespace

Command add_run(CLI::App& app) {
  struct Options {
    ModelArgs model;
    std::vector<std::string> inputs;
    std::vector<std::string> outputs;
    std::optional<uint32_t> seed;
    int repeat = 1;
    bool json = false;
    std::string target;
    std::string build_dir;
    int timeout_seconds = 600;
    bool profile = false;
    plan::KernelSet kernels = plan::KernelSet::kOptimized;
  };
  auto opts = std::make_shared<Options>();
  add_model_args(app, opts->model);
  auto* input = app.add_option("--input", opts->inputs,
                               "Input file per model input (.npy or raw .bin in tensor order)");
  app.add_option("--random-input", opts->seed, "Deterministic input from SEED")
      ->excludes(input);
  app.add_option("--output", opts->outputs, "Write output i to the i-th FILE (.npy or raw)");
  app.add_option("--repeat", opts->repeat, "Inferences to time (median reported)")
      ->check(CLI::Range(1, 1000000));
  app.add_flag("--json", opts->json, "Print one JSON object instead of text");
  app.add_option("--target", opts->target,
                 "Also run on a board (qemu-m4: emulated Cortex-M4F) and check it matches the host");
  app.add_option("--build-dir", opts->build_dir,
                 "With --target: build the firmware here and keep it (default: a temporary dir)");
  app.add_option("--timeout", opts->timeout_seconds, "With --target: seconds QEMU may run")
      ->check(CLI::Range(1, 86400));
  app.add_flag("--profile", opts->profile,
               "With --target: a profiling build that reports the instructions of every step");
  add_kernel_set_option(app, opts->kernels);
  return [opts]() {
    if (opts->profile && opts->target.empty()) {
      throw Error(ErrorCode::kUsage, "--profile needs --target (it counts device instructions)");
    }
    const ir::Model model = load_model(opts->model);
    plan::PlanOptions plan_options;
    plan_options.kernels = opts->kernels;
    const auto executable = plan::Executable::build(model, plan_options);
    const ir::Subgraph& graph = model.subgraphs[0];
    run::Session session(*executable);

    std::vector<std::vector<uint8_t>> inputs;
    if (opts->seed) {
      inputs = io::random_inputs(graph, *opts->seed);
    } else {
      if (opts->inputs.size() != graph.inputs.size()) {
        throw Error(ErrorCode::kUsage,
                    fmt::format("{}: model has {} input(s); give --input for each or --random-input",
                                opts->model.path, graph.inputs.size()));
      }
      for (size_t i = 0; i < graph.inputs.size(); ++i) {
        inputs.push_back(io::load_tensor_file(opts->inputs[i], graph.tensors[graph.inputs[i]]));
      }
    }
    std::vector<double> times_ms;
    for (int r = 0; r < opts->repeat; ++r) {
      // Inputs are re-copied each time: an in-place plan may overwrite them.
      for (size_t i = 0; i < inputs.size(); ++i) session.set_input(static_cast<int>(i), inputs[i]);
      const auto start = std::chrono::steady_clock::now();
      session.invoke();
      const auto stop = std::chrono::steady_clock::now();
      times_ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    }
    std::sort(times_ms.begin(), times_ms.end());
    const double median_ms = times_ms[times_ms.size() / 2];

    if (opts->outputs.size() > graph.outputs.size()) {
      throw Error(ErrorCode::kUsage, fmt::format("{}: model has {} output(s), {} --output given",
                                                 opts->model.path, graph.outputs.size(),
                                                 opts->outputs.size()));
    }
    if (!opts->target.empty()) {
      std::vector<std::span<const uint8_t>> host_outputs;
      for (int i = 0; i < session.num_outputs(); ++i) host_outputs.push_back(session.output(i));
      return run_on_target(graph, *executable, inputs, host_outputs,
                           {opts->model.path, opts->target, opts->build_dir, opts->timeout_seconds,
                            opts->outputs, opts->json, opts->profile});
    }
    for (size_t i = 0; i < opts->outputs.size(); ++i) {
      io::save_tensor_file(opts->outputs[i], graph.tensors[graph.outputs[i]],
                           session.output(static_cast<int>(i)));
    }
    if (opts->json) {
      nlohmann::json outs = nlohmann::json::array();
      for (size_t i = 0; i < graph.outputs.size(); ++i) {
        outs.push_back(
            output_json(graph.tensors[graph.outputs[i]], session.output(static_cast<int>(i))));
      }
      nlohmann::json j = {{"model", opts->model.path},
                          {"outputs", outs},
                          {"arena_bytes", executable->plan().arena_bytes},
                          {"timing", {{"repeat", opts->repeat}, {"median_ms", median_ms}}}};
      fmt::print("{}\n", j.dump(2));
      return 0;
    }
    for (size_t i = 0; i < graph.outputs.size(); ++i) {
      print_output(static_cast<int>(i), graph.tensors[graph.outputs[i]],
                   session.output(static_cast<int>(i)));
    }
    fmt::print("arena {} bytes; median {:.3f} ms per inference over {} run{}\n",
               executable->plan().arena_bytes, median_ms, opts->repeat,
               opts->repeat == 1 ? "" : "s");
    return 0;
  };
}

}  // namespace mote::cli
