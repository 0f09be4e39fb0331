// Bit-exactness against TFLite Micro's reference kernels: every intermediate
// tensor of every int8 MLPerf Tiny model, for every input in ../shared/golden,
// must match byte for byte (softmax outputs saturate, so the final output
// alone would hide errors).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>

#include "compiler/io/random_input.h"
#include "compiler/plan/executable.h"
#include "compiler/run/session.h"
#include "compiler/tflite/reader.h"
#include "models/model_paths.h"

namespace mote {
namespace {

namespace fs = std::filesystem;

struct GoldenCase {
  std::string model;  // file stem in mlperf_tiny/ and dir name in golden/
  std::string input;  // golden/MODEL/<input>
};

// ctest lists the case by name, not as raw bytes.
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.model << "/" << c.input; }

std::string case_name(const testing::TestParamInfo<GoldenCase>& info) {
  return info.param.model + "_" + info.param.input;
}

// The model input for a golden input directory, as golden/README.md defines it.
std::vector<uint8_t> golden_input(const ir::Model& model, const std::string& input) {
  const fs::path data = test::models_dir() / "mlperf_tiny" / "data";
  if (input == "seed1") return io::random_inputs(model.subgraphs[0], 1).at(0);
  if (input == "kws_input0") return test::read_file(data / "kws_input0_int8_49x10.bin");
  if (input == "ic_input0") {
    std::vector<uint8_t> bytes = test::read_file(data / "ic_input0_uint8_32x32x3.bin");
    for (uint8_t& b : bytes) b = static_cast<uint8_t>(b - 128);
    return bytes;
  }
  const std::smatch m = [&] {
    std::smatch r;
    std::regex_match(input, r, std::regex("sww_class(\\d)"));
    return r;
  }();
  if (!m.empty()) {
    return test::read_file(data / ("sww_test_input_class" + m[1].str() + "_int8.bin"));
  }
  ADD_FAILURE() << "unknown golden input " << input;
  return {};
}

class GoldenTest : public testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenTest, EveryIntermediateTensorMatchesTfliteMicro) {
  MOTE_REQUIRE_MODELS();
  const GoldenCase& c = GetParam();
  const fs::path dir = test::golden_dir() / c.model / c.input;
  const ir::Model model =
      tflite::load_model((test::models_dir() / "mlperf_tiny" / (c.model + ".tflite")).string());
  const auto executable = plan::Executable::build(model);
  run::Session session(*executable);
  session.set_input(0, golden_input(model, c.input));

  // Golden files: L<op>_t<tensor>.bin.
  std::map<int, std::vector<uint8_t>> expected;
  const std::regex name_re("L(\\d+)_t(\\d+)\\.bin");
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::smatch m;
    const std::string name = entry.path().filename().string();
    if (std::regex_match(name, m, name_re)) expected[std::stoi(m[2])] = test::read_file(entry.path());
  }
  ASSERT_FALSE(expected.empty()) << dir;

  std::map<int, std::vector<uint8_t>> actual;
  session.invoke([&](int tensor, std::span<const uint8_t> bytes) {
    actual[tensor].assign(bytes.begin(), bytes.end());
  });
  int mismatched_tensors = 0;
  for (const auto& [tensor, want] : expected) {
    ASSERT_TRUE(actual.count(tensor)) << "tensor " << tensor << " was never written";
    const std::vector<uint8_t>& got = actual[tensor];
    ASSERT_EQ(got.size(), want.size()) << "tensor " << tensor;
    size_t diffs = 0, first = 0;
    for (size_t i = 0; i < want.size(); ++i) {
      if (got[i] != want[i] && diffs++ == 0) first = i;
    }
    if (diffs > 0) {
      ++mismatched_tensors;
      ADD_FAILURE() << "tensor " << tensor << " '" << model.subgraphs[0].tensors[tensor].name
                    << "': " << diffs << " of " << want.size() << " bytes differ; first at " << first
                    << " (got " << int(int8_t(got[first])) << ", want " << int(int8_t(want[first]))
                    << ")";
    }
  }
  EXPECT_EQ(mismatched_tensors, 0);
  const std::vector<uint8_t> want_output = test::read_file(dir / "output.bin");
  const auto out = session.output(0);
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.end()), want_output);
}

std::vector<GoldenCase> golden_cases() {
  std::vector<GoldenCase> cases;
  const fs::path root = test::golden_dir();
  if (!fs::exists(root)) return {{"missing", "missing"}};  // fails in MOTE_REQUIRE_MODELS
  for (const auto& model : fs::directory_iterator(root)) {
    if (!model.is_directory()) continue;
    for (const auto& input : fs::directory_iterator(model.path())) {
      if (input.is_directory()) {
        cases.push_back({model.path().filename().string(), input.path().filename().string()});
      }
    }
  }
  std::sort(cases.begin(), cases.end(), [](const GoldenCase& a, const GoldenCase& b) {
    return std::tie(a.model, a.input) < std::tie(b.model, b.input);
  });
  return cases;
}

INSTANTIATE_TEST_SUITE_P(MlperfTiny, GoldenTest, testing::ValuesIn(golden_cases()), case_name);

}  // namespace
}  // namespace mote
