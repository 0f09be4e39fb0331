// Optimized kernels (plan::KernelSet::kOptimized) against the reference
// kernels on the int8 MLPerf Tiny models: every tensor every step writes must
// be byte-identical, for several random inputs, and the optimized plan must
// really run the optimized GEMM kernels (so a silent fallback cannot pass).
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "compiler/io/random_input.h"
#include "compiler/plan/executable.h"
#include "compiler/run/session.h"
#include "compiler/tflite/reader.h"
#include "models/model_paths.h"

namespace mote {
namespace {

using Tensors = std::map<int, std::vector<uint8_t>>;

Tensors run_all(const plan::Executable& executable, const std::vector<uint8_t>& input) {
  run::Session session(executable);
  session.set_input(0, input);
  Tensors written;
  session.invoke([&](int tensor, std::span<const uint8_t> bytes) {
    written[tensor].assign(bytes.begin(), bytes.end());
  });
  return written;
}

int count_steps(const plan::Program& program, std::initializer_list<mote_kernel_id> kernels) {
  int n = 0;
  for (const plan::Step& step : program.steps) {
    for (mote_kernel_id k : kernels) n += step.kernel == k ? 1 : 0;
  }
  return n;
}

class OptimizedModels : public testing::TestWithParam<std::string> {};

TEST_P(OptimizedModels, EveryTensorMatchesTheReferenceKernels) {
  MOTE_REQUIRE_MODELS();
  const ir::Model model = tflite::load_model(
      (test::models_dir() / "mlperf_tiny" / (GetParam() + ".tflite")).string());
  plan::PlanOptions reference_options, optimized_options;
  reference_options.kernels = plan::KernelSet::kReference;
  optimized_options.kernels = plan::KernelSet::kOptimized;
  const auto reference = plan::Executable::build(model, reference_options);
  const auto optimized = plan::Executable::build(model, optimized_options);

  EXPECT_EQ(count_steps(reference->program(), {MOTE_K_GEMM_S8, MOTE_K_CONV2D_S8_GEMM}), 0);
  // Every int8 CONV_2D / FULLY_CONNECTED of these models has constant weights.
  EXPECT_EQ(count_steps(optimized->program(), {MOTE_K_CONV2D_S8, MOTE_K_FULLY_CONNECTED_S8}), 0);
  EXPECT_GT(count_steps(optimized->program(), {MOTE_K_GEMM_S8, MOTE_K_CONV2D_S8_GEMM}), 0);

  for (uint32_t seed : {1u, 2u, 3u}) {
    const std::vector<uint8_t> input = io::random_inputs(model.subgraphs[0], seed).at(0);
    const Tensors want = run_all(*reference, input);
    const Tensors got = run_all(*optimized, input);
    size_t compared = 0;
    for (const auto& [tensor, bytes] : want) {
      const auto it = got.find(tensor);
      if (it == got.end()) continue;  // a tensor one plan writes in place of a copy
      ++compared;
      EXPECT_EQ(it->second, bytes) << "seed " << seed << ", tensor " << tensor << " '"
                                   << model.subgraphs[0].tensors[tensor].name << "'";
    }
    EXPECT_GE(compared, reference->program().steps.size() / 2);
    for (int out : model.subgraphs[0].outputs) {
      ASSERT_TRUE(got.count(out) && want.count(out));
      EXPECT_EQ(got.at(out), want.at(out)) << "seed " << seed << ", output";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(MlperfTinyInt8, OptimizedModels,
                         testing::Values("kws_ds_cnn_int8", "vww_mobilenet_v1_025_96_int8",
                                         "ic_resnet8_int8", "ic_resnet_large_int8",
                                         "ad_fc_autoencoder_int8"));

}  // namespace
}  // namespace mote
