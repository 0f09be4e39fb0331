// Every resource limit in docs/robustness.md, each hit by a file derived from
// a real model: the load (or plan) fails with ErrorCode::kLimit and a message
// naming the limit, instead of exhausting memory.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "compiler/ir/error.h"
#include "compiler/plan/executable.h"
#include "compiler/tflite/reader.h"
#include "compiler/tflite/validate.h"
#include "models/model_mutation.h"
#include "models/model_paths.h"

namespace mote {
namespace {

namespace fb = ::tflite;

const std::vector<uint8_t>& kws_bytes() {
  static const std::vector<uint8_t> bytes =
      test::read_file(test::models_dir() / "mlperf_tiny" / "kws_ds_cnn_int8.tflite");
  return bytes;
}

// The error `load` throws; fails the test if it throws nothing.
template <class F>
Error error_of(F load) {
  try {
    load();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return Error(ErrorCode::kIo, "");
}

void expect_limit(const std::vector<uint8_t>& bytes, const std::string& fragment) {
  const Error e = error_of([&] { tflite::load_model_bytes(bytes, "m.tflite"); });
  EXPECT_EQ(e.code(), ErrorCode::kLimit) << e.what();
  EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
}

class Limits : public ::testing::Test {
 protected:
  void SetUp() override { MOTE_REQUIRE_MODELS(); }
};

TEST_F(Limits, ModelFileSizeIsCheckedBeforeReading) {
  // A sparse file: the size check must refuse it without reading 1 GiB.
  const auto path = std::filesystem::temp_directory_path() / "mote_limits_huge.tflite";
  { std::ofstream(path, std::ios::binary).write("TFL3", 4); }
  std::filesystem::resize_file(path, tflite::kMaxModelBytes + 1);
  const Error e = error_of([&] { tflite::load_model(path.string()); });
  std::filesystem::remove(path);
  EXPECT_EQ(e.code(), ErrorCode::kLimit) << e.what();
  EXPECT_NE(std::string(e.what()).find("models are limited to 1073741824 bytes"), std::string::npos)
      << e.what();
}

TEST_F(Limits, Subgraphs) {
  expect_limit(test::mutant(kws_bytes(),
                            [](fb::ModelT& m) {
                              for (int i = 0; i < tflite::kMaxSubgraphs; ++i) {
                                m.subgraphs.push_back(std::make_unique<fb::SubGraphT>());
                              }
                            }),
               "257 subgraphs exceed the limit of 256");
}

TEST_F(Limits, OperatorCodes) {
  expect_limit(test::mutant(kws_bytes(),
                            [](fb::ModelT& m) {
                              while (m.operator_codes.size() <= tflite::kMaxOperatorCodes) {
                                m.operator_codes.push_back(
                                    std::make_unique<fb::OperatorCodeT>(*m.operator_codes[0]));
                              }
                            }),
               "4097 operator codes exceed the limit of 4096");
}

TEST_F(Limits, TensorsPerSubgraph) {
  expect_limit(test::mutant(kws_bytes(),
                            [](fb::ModelT& m) {
                              auto& tensors = m.subgraphs[0]->tensors;
                              while (tensors.size() <= tflite::kMaxTensorsPerSubgraph) {
                                auto t = std::make_unique<fb::TensorT>();
                                t->shape = {1};
                                t->type = fb::TensorType::INT8;
                                tensors.push_back(std::move(t));
                              }
                            }),
               "subgraph 0: 65537 tensors exceed the limit of 65536");
}

TEST_F(Limits, OpsPerSubgraph) {
  expect_limit(test::mutant(kws_bytes(),
                            [](fb::ModelT& m) {
                              auto& ops = m.subgraphs[0]->operators;
                              while (ops.size() <= tflite::kMaxOpsPerSubgraph) {
                                ops.push_back(std::make_unique<fb::OperatorT>(*ops.back()));
                              }
                            }),
               "subgraph 0: 65537 ops exceed the limit of 65536");
}

TEST_F(Limits, OpInputs) {
  expect_limit(test::mutant(kws_bytes(),
                            [](fb::ModelT& m) {
                              m.subgraphs[0]->operators[0]->inputs.assign(
                                  tflite::kMaxOpInputsOrOutputs + 1, 0);
                            }),
               "subgraph 0 op 0 CONV_2D: 1025 inputs exceed the limit of 1024");
}

}  // namespace
}  // namespace mote
