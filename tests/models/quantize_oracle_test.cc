// Models `mote quantize` writes run in stock TFLite (LiteRT.js, tests/oracle/)
// with the outputs Mote's int8 kernels give: the layout, versions and
// parameters are ones a TFLite runtime accepts and agrees on (int8: within
// 1 LSB, XNNPACK's known requantization difference, see tests/oracle/README.md).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "compiler/io/random_input.h"
#include "compiler/plan/executable.h"
#include "compiler/quantize/quantize.h"
#include "compiler/run/session.h"
#include "compiler/tflite/writer.h"
#include "models/quantize_test_util.h"

namespace mote::test {
namespace {

namespace fs = std::filesystem;

const fs::path kOracleDir = fs::path(MOTE_SOURCE_DIR) / "tests" / "oracle";

bool oracle_available() {
  return fs::exists(kOracleDir / "node_modules" / "@litertjs" / "core") &&
         run_command("node --version").exit_code == 0;
}

// Output 0 of `model` on --random-input 1, from LiteRT and from Mote.
void expect_oracle_agrees(const ir::Model& model, const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("quantize_oracle_" + name);
  fs::create_directories(dir);
  const fs::path file = dir / "model.tflite";
  tflite::write_tflite_file(model, file.string());
  const CommandResult r = run_command("node '" + (kOracleDir / "run_tflite.mjs").string() + "' '" +
                                      file.string() + "' --out '" + dir.string() +
                                      "' --quiet --random-input 1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<uint8_t> litert = read_file(dir / "output0.bin");

  const auto executable = plan::Executable::build(model);
  run::Session session(*executable);
  const auto inputs = io::random_inputs(model.subgraphs[0], 1);
  session.set_input(0, inputs[0]);
  session.invoke();
  const auto mote = session.output(0);
  ASSERT_EQ(litert.size(), mote.size());
  for (size_t i = 0; i < mote.size(); ++i) {
    EXPECT_LE(std::abs(static_cast<int8_t>(litert[i]) - static_cast<int8_t>(mote[i])), 1)
        << name << " element " << i;
  }
}

#define MOTE_REQUIRE_ORACLE()                                                          \
  do {                                                                                 \
    if (!oracle_available()) {                                                         \
      if (std::getenv("CI")) FAIL() << "LiteRT.js oracle missing (npm ci --prefix tests/oracle)"; \
      GTEST_SKIP() << "LiteRT.js oracle missing (npm ci --prefix tests/oracle)";       \
    }                                                                                  \
  } while (0)

TEST(QuantizeOracle, PerChannelFullyConnectedAutoencoderRunsInLiteRt) {
  MOTE_REQUIRE_MODELS();
  MOTE_REQUIRE_ORACLE();
  const ir::Model f = tflite::load_model(mlperf("ad_fc_autoencoder_float32.tflite").string());
  const AdWindows w = ad_windows(f.subgraphs[0].tensors[f.subgraphs[0].inputs[0]], 100);
  expect_oracle_agrees(quantize::quantize(f, w.calibration, {}).model, "ad");
}

TEST(QuantizeOracle, Resnet8RunsInLiteRt) {
  MOTE_REQUIRE_MODELS();
  MOTE_REQUIRE_ORACLE();
  const ir::Model f = tflite::load_model(mlperf("ic_resnet8_float32.tflite").string());
  const auto set = quantize::load_calibration(
      synthesized_images("oracle_ic", 8, 32, 255, 1).string(),
      f.subgraphs[0].tensors[f.subgraphs[0].inputs[0]]);
  expect_oracle_agrees(quantize::quantize(f, set, {}).model, "ic");
}

}  // namespace
}  // namespace mote::test
