// Files Mote writes run in an independent TFLite implementation (LiteRT.js,
// tests/oracle/): for every MLPerf Tiny model, LiteRT's outputs on the written
// file equal its outputs on the original byte for byte, and agree with Mote's
// as the oracle README defines it (int8: within 1 LSB, XNNPACK's known
// requantization difference; float: 1e-4 of the largest output; float I/O
// around an int8 interior: 2 output steps, as conformance.test.mjs).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/io/random_input.h"
#include "compiler/ir/error.h"
#include "compiler/passes/infer_shapes.h"
#include "compiler/plan/executable.h"
#include "compiler/run/session.h"
#include "compiler/tflite/reader.h"
#include "compiler/tflite/writer.h"
#include "models/cli_runner.h"
#include "models/model_paths.h"
#include "models/written_model_sets.h"

namespace mote {
namespace {

namespace fs = std::filesystem;

const fs::path kOracleDir = fs::path(MOTE_SOURCE_DIR) / "tests" / "oracle";
constexpr uint32_t kSeed = 1;

bool oracle_available() {
  return fs::exists(kOracleDir / "node_modules" / "@litertjs" / "core") &&
         test::run_command("node --version").exit_code == 0;
}

// LiteRT's outputs for `model` on --random-input kSeed.
std::vector<std::vector<uint8_t>> oracle_outputs(const fs::path& model, const fs::path& out,
                                                 size_t num_outputs, const std::string& extra) {
  const test::CommandResult r =
      test::run_command("node '" + (kOracleDir / "run_tflite.mjs").string() + "' '" +
                        model.string() + "' --out '" + out.string() + "' --quiet --random-input " +
                        std::to_string(kSeed) + extra);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::vector<uint8_t>> outputs;
  for (size_t i = 0; i < num_outputs; ++i) {
    outputs.push_back(test::read_file(out / ("output" + std::to_string(i) + ".bin")));
  }
  return outputs;
}

std::vector<std::vector<uint8_t>> mote_outputs(const ir::Model& model) {
  const auto executable = plan::Executable::build(model);
  run::Session session(*executable);
  const auto inputs = io::random_inputs(model.subgraphs[0], kSeed);
  for (size_t i = 0; i < inputs.size(); ++i) session.set_input(static_cast<int>(i), inputs[i]);
  session.invoke();
  std::vector<std::vector<uint8_t>> outputs;
  for (int i = 0; i < session.num_outputs(); ++i) {
    const auto bytes = session.output(i);
    outputs.emplace_back(bytes.begin(), bytes.end());
  }
  return outputs;
}

template <class T>
std::vector<T> values(const std::vector<uint8_t>& bytes) {
  std::vector<T> v(bytes.size() / sizeof(T));
  std::memcpy(v.data(), bytes.data(), v.size() * sizeof(T));
  return v;
}

// The int8 step of a float output that DEQUANTIZE produces, else 0.
double dequantized_step(const ir::Subgraph& g, int tensor) {
  for (const ir::Op& op : g.ops) {
    if (op.type == ir::OpType::kDequantize && op.outputs[0] == tensor) {
      const auto& q = g.tensors[op.inputs[0]].quant;
      return q ? q->scale[0] : 0.0;
    }
  }
  return 0.0;
}

// Mote vs LiteRT on one output; prints the measured difference for the report.
void expect_agreement(const ir::Subgraph& g, int output, const std::vector<uint8_t>& mote,
                      const std::vector<uint8_t>& oracle, const std::string& what) {
  ASSERT_EQ(mote.size(), oracle.size()) << what;
  const ir::Tensor& t = g.tensors[g.outputs[output]];
  if (t.dtype == ir::DType::kFloat32) {
    const auto a = values<float>(mote), b = values<float>(oracle);
    double max_abs = 0, scale = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      max_abs = std::max(max_abs, std::fabs(double(a[i]) - b[i]));
      scale = std::max(scale, std::fabs(double(b[i])));
    }
    const double rel = scale > 0 ? max_abs / scale : max_abs;
    // An int8 interior with float I/O is measured in output steps, as
    // tests/oracle/conformance.test.mjs does (XNNPACK's +-1 LSB propagates).
    if (const double step = dequantized_step(g, g.outputs[output]); step > 0) {
      std::printf("writer oracle: %s: float32 from int8, max difference %.2f LSB\n", what.c_str(),
                  max_abs / step);
      EXPECT_LE(max_abs / step, 2.0 + 1e-3) << what;
      return;
    }
    std::printf("writer oracle: %s: float32, max relative error %.3e\n", what.c_str(), rel);
    EXPECT_LE(rel, 1e-4) << what;
    return;
  }
  ASSERT_TRUE(t.dtype == ir::DType::kInt8 || t.dtype == ir::DType::kUInt8) << what;
  int differing = 0, max_lsb = 0;
  for (size_t i = 0; i < mote.size(); ++i) {
    const int a = t.dtype == ir::DType::kInt8 ? int(int8_t(mote[i])) : int(mote[i]);
    const int b = t.dtype == ir::DType::kInt8 ? int(int8_t(oracle[i])) : int(oracle[i]);
    differing += a != b;
    max_lsb = std::max(max_lsb, std::abs(a - b));
  }
  std::printf("writer oracle: %s: %s, %d of %zu values differ, max %d LSB\n", what.c_str(),
              ir::dtype_name(t.dtype), differing, mote.size(), max_lsb);
  EXPECT_LE(max_lsb, 1) << what;
}

std::string model_name(const testing::TestParamInfo<fs::path>& info) {
  std::string name = info.param.stem().string();
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
  return name;
}

class WrittenModelInLiteRt : public testing::TestWithParam<fs::path> {};

TEST_P(WrittenModelInLiteRt, RunsAndMatchesOriginalAndMote) {
  MOTE_REQUIRE_MODELS();
  if (!oracle_available()) {
    if (std::getenv("CI")) FAIL() << "LiteRT.js oracle missing (npm ci --prefix tests/oracle)";
    GTEST_SKIP() << "LiteRT.js oracle missing (npm ci --prefix tests/oracle)";
  }
  const fs::path dir = fs::path(testing::TempDir()) / ("writer_oracle_" + GetParam().stem().string());
  fs::remove_all(dir);
  fs::create_directories(dir / "original");
  fs::create_directories(dir / "written");
  ir::Model model = tflite::load_model(GetParam().string());
  const fs::path written = dir / "written.tflite";
  tflite::write_tflite_file(model, written.string());

  // A model stored with placeholder sizes runs at the size its users feed.
  std::string sizes;
  if (const auto shape = test::run_input_shape(GetParam()); !shape.empty()) {
    passes::resize_inputs(model, {shape});
    const auto dims = [](const std::vector<int32_t>& s) {
      std::string text;
      for (size_t i = 0; i < s.size(); ++i) text += (i ? "x" : "") + std::to_string(s[i]);
      return text;
    };
    const ir::Subgraph& g = model.subgraphs[0];
    sizes = " --input-shape " + dims(shape) + " --output-shape " +
            dims(g.tensors[g.outputs[0]].shape);
  }
  const ir::Subgraph& g = model.subgraphs[0];
  const auto from_original = oracle_outputs(GetParam(), dir / "original", g.outputs.size(), sizes);
  const auto from_written = oracle_outputs(written, dir / "written", g.outputs.size(), sizes);
  EXPECT_EQ(from_written, from_original) << "LiteRT computes something else from the written file";
  std::vector<std::vector<uint8_t>> mote;
  try {
    mote = mote_outputs(model);
  } catch (const Error& e) {
    // Ops Mote lacks do not concern the writer; LiteRT's check above still holds.
    ASSERT_EQ(e.code(), ErrorCode::kUnsupported) << e.what();
    std::printf("writer oracle: %s: Mote cannot run it: %s\n", GetParam().stem().c_str(), e.what());
    return;
  }
  for (size_t i = 0; i < g.outputs.size(); ++i) {
    expect_agreement(g, static_cast<int>(i), mote[i], from_written[i],
                     GetParam().stem().string() + " output " + std::to_string(i));
  }
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(MlperfTiny, WrittenModelInLiteRt,
                         testing::ValuesIn(test::tflite_files("mlperf_tiny")), model_name);
INSTANTIATE_TEST_SUITE_P(OpenWakeWord, WrittenModelInLiteRt, testing::ValuesIn(test::oww_files()),
                         model_name);

}  // namespace
}  // namespace mote
