#include "compiler/report/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "compiler/ir/error.h"
#include "compiler/quantize/evaluate.h"
#include "compiler/quantize/model_runner.h"

namespace mote::report {
namespace {

// Sums over all samples of one output.
struct Accumulator {
  quantize::Sqnr sqnr;
  double max_abs = 0, dot = 0, norm_a = 0, norm_b = 0;
  int top1_agree = 0;

  void add(const std::vector<float>& a, const std::vector<float>& b) {
    sqnr.add(a, b);
    for (size_t i = 0; i < a.size(); ++i) {
      max_abs = std::max(max_abs, std::fabs(double(b[i]) - a[i]));
      dot += double(a[i]) * b[i];
      norm_a += double(a[i]) * a[i];
      norm_b += double(b[i]) * b[i];
    }
    const auto argmax = [](const std::vector<float>& v) { return std::max_element(v.begin(), v.end()) - v.begin(); };
    top1_agree += argmax(a) == argmax(b);
  }

  double cosine() const {
    if (norm_a == 0 && norm_b == 0) return 1.0;  // both all zero: the same direction
    if (norm_a == 0 || norm_b == 0) return 0.0;
    return dot / std::sqrt(norm_a * norm_b);
  }
};

void check_compatible(const ir::Model& a, const ir::Model& b) {
  const ir::Subgraph& ga = a.subgraphs.at(0);
  const ir::Subgraph& gb = b.subgraphs.at(0);
  auto mismatch = [&](const std::string& what) {
    throw Error(ErrorCode::kUsage, fmt::format("{} vs {}: {}", a.path, b.path, what));
  };
  if (ga.inputs.size() != 1 || gb.inputs.size() != 1) {
    mismatch(fmt::format("compare needs single-input models (they have {} and {} inputs)",
                         ga.inputs.size(), gb.inputs.size()));
  }
  const int64_t in_a = ga.tensors[ga.inputs[0]].num_elements();
  const int64_t in_b = gb.tensors[gb.inputs[0]].num_elements();
  if (in_a != in_b) mismatch(fmt::format("inputs have {} and {} values", in_a, in_b));
  if (ga.outputs.size() != gb.outputs.size()) {
    mismatch(fmt::format("{} and {} outputs", ga.outputs.size(), gb.outputs.size()));
  }
  for (size_t i = 0; i < ga.outputs.size(); ++i) {
    const int64_t na = ga.tensors[ga.outputs[i]].num_elements();
    const int64_t nb = gb.tensors[gb.outputs[i]].num_elements();
    if (na != nb) mismatch(fmt::format("output {} has {} and {} values", i, na, nb));
  }
}

}  // namespace

ModelComparison compare_models(const ir::Model& a, const ir::Model& b,
                               const std::vector<std::vector<float>>& samples) {
  check_compatible(a, b);
  quantize::ModelRunner run_a(a);
  quantize::ModelRunner run_b(b);
  const ir::Subgraph& ga = a.subgraphs[0];
  std::vector<Accumulator> acc(ga.outputs.size());
  for (const auto& sample : samples) {
    run_a.run(sample);
    run_b.run(sample);
    for (size_t o = 0; o < acc.size(); ++o) {
      acc[o].add(run_a.output(static_cast<int>(o)), run_b.output(static_cast<int>(o)));
    }
  }
  ModelComparison out;
  out.samples = static_cast<int>(samples.size());
  for (size_t o = 0; o < acc.size(); ++o) {
    const ir::Tensor& t = ga.tensors[ga.outputs[o]];
    out.outputs.push_back({t.name, t.num_elements(), acc[o].max_abs, acc[o].sqnr.db(),
                           acc[o].cosine(),
                           samples.empty() ? 0.0 : double(acc[o].top1_agree) / samples.size()});
  }
  return out;
}

nlohmann::json comparison_json(const ModelComparison& comparison) {
  nlohmann::json outputs = nlohmann::json::array();
  for (size_t i = 0; i < comparison.outputs.size(); ++i) {
    const OutputComparison& o = comparison.outputs[i];
    outputs.push_back({{"index", i},
                       {"name", o.name},
                       {"values", o.values_per_sample},
                       {"sqnr_db", std::isfinite(o.sqnr_db) ? nlohmann::json(o.sqnr_db) : nullptr},
                       {"max_abs_error", o.max_abs_error},
                       {"cosine", o.cosine},
                       {"top1_agreement", o.top1_agreement}});
  }
  return {{"samples", comparison.samples}, {"outputs", outputs}};
}

}  // namespace mote::report
