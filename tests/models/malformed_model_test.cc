// Malformed .tflite files derived from a real model: each must be rejected with
// a mote::Error that names the problem, never a crash. Mutants are made by
// patching bytes (truncation, offsets, random flips) or by unpacking the model
// with the generated object API, changing one thing and packing it again.
#include <gtest/gtest.h>

#include <cstring>
#include <cstdio>
#include <functional>
#include <limits>
#include <optional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "compiler/ir/error.h"
#include "compiler/ir/print.h"
#include "compiler/plan/executable.h"
#include "compiler/tflite/reader.h"
#include "compiler/tflite/schema_generated.h"
#include "models/model_mutation.h"
#include "models/model_paths.h"

namespace mote {
namespace {

namespace fb = ::tflite;

// kws_ds_cnn_int8: op0 CONV_2D [0,17,3] -> [22], op1 DEPTHWISE_CONV_2D [22,5,4] -> [23],
// 35 tensors, 37 buffers, 6 operator codes; t17 is the first conv's weights.
constexpr const char* kModel = "kws_ds_cnn_int8.tflite";
constexpr int kConvWeights = 17;
constexpr int kConvOutput = 22;
constexpr int kInput = 0;

const std::vector<uint8_t>& base_bytes() {
  static const std::vector<uint8_t> bytes =
      test::read_file(test::models_dir() / "mlperf_tiny" / kModel);
  return bytes;
}

using test::pack;

std::unique_ptr<fb::ModelT> unpack() { return test::unpack(base_bytes()); }

// The real model with one change applied through the object API.
std::vector<uint8_t> mutant(const std::function<void(fb::ModelT&)>& change) {
  return test::mutant(base_bytes(), change);
}

fb::TensorT& tensor(fb::ModelT& m, int t) { return *m.subgraphs[0]->tensors[t]; }
fb::OperatorT& op(fb::ModelT& m, int o) { return *m.subgraphs[0]->operators[o]; }

// Loads `bytes` and returns the error message; "" if it loaded, or a note if
// anything other than mote::Error escaped.
std::string load_error(std::vector<uint8_t> bytes, ErrorCode* code = nullptr) {
  try {
    tflite::load_model_bytes(std::move(bytes), "m.tflite");
  } catch (const Error& e) {
    if (code) *code = e.code();
    return e.what();
  } catch (const std::exception& e) {
    return std::string("NOT A mote::Error: ") + e.what();
  }
  return "";
}

// The load fails with a message "m.tflite: ..." containing every fragment.
void expect_error(std::vector<uint8_t> bytes, std::initializer_list<std::string> fragments,
                  std::optional<ErrorCode> expected_code = std::nullopt) {
  ErrorCode code{};
  const std::string message = load_error(std::move(bytes), &code);
  ASSERT_FALSE(message.empty()) << "mutant loaded without error";
  EXPECT_EQ(message.rfind("m.tflite: ", 0), 0u) << message;
  for (const auto& f : fragments) EXPECT_NE(message.find(f), std::string::npos) << message;
  if (expected_code) EXPECT_EQ(code, *expected_code) << message;
}

class Malformed : public ::testing::Test {
 protected:
  void SetUp() override { MOTE_REQUIRE_MODELS(); }
};

TEST_F(Malformed, RepackedOriginalStillLoads) {
  const ir::Model original = tflite::load_model_bytes(base_bytes(), "m.tflite");
  const ir::Model repacked = tflite::load_model_bytes(mutant([](fb::ModelT&) {}), "m.tflite");
  EXPECT_EQ(ir::print(repacked), ir::print(original));
}

// ---- bytes that are not a flatbuffer --------------------------------------

TEST_F(Malformed, EmptyFile) { expect_error({}, {"m.tflite: file is empty"}, ErrorCode::kMalformed); }

TEST_F(Malformed, TooShort) {
  expect_error({0x10, 0, 0, 0, 'T', 'F'}, {"file has only 6 bytes"}, ErrorCode::kMalformed);
}

TEST_F(Malformed, WrongFileIdentifier) {
  auto bytes = base_bytes();
  std::memcpy(bytes.data() + 4, "ONNX", 4);
  expect_error(bytes, {"not a TFLite model: file identifier is 'ONNX', expected 'TFL3'"},
               ErrorCode::kMalformed);
}

TEST_F(Malformed, RootOffsetPastEnd) {
  auto bytes = base_bytes();
  const uint32_t root = static_cast<uint32_t>(bytes.size()) + 100;
  std::memcpy(bytes.data(), &root, 4);
  expect_error(bytes, {"root table offset", "points past the end of the file", "truncated"},
               ErrorCode::kMalformed);
}

TEST_F(Malformed, RootOffsetMisaligned) {
  auto bytes = base_bytes();
  uint32_t root;
  std::memcpy(&root, bytes.data(), 4);
  root += 1;
  std::memcpy(bytes.data(), &root, 4);
  expect_error(bytes, {"flatbuffer verification failed"}, ErrorCode::kMalformed);
}

// The root table starts with a signed offset to its vtable.
TEST_F(Malformed, RootVtableOffsetCorrupt) {
  for (int32_t bad : {0x7fffffff, -0x7fffffff, 1, -2, 4096 * 1024}) {
    SCOPED_TRACE(bad);
    auto bytes = base_bytes();
    uint32_t root;
    std::memcpy(&root, bytes.data(), 4);
    std::memcpy(bytes.data() + root, &bad, 4);
    expect_error(bytes, {"flatbuffer verification failed"}, ErrorCode::kMalformed);
  }
}

TEST_F(Malformed, TruncatedAtManyLengths) {
  const auto& full = base_bytes();
  std::vector<size_t> lengths;
  for (size_t n = 0; n < 64; ++n) lengths.push_back(n);
  for (size_t n = 64; n < full.size(); n += 97) lengths.push_back(n);
  for (size_t n = full.size() - 64; n < full.size(); ++n) lengths.push_back(n);
  for (size_t n : lengths) {
    SCOPED_TRACE(n);
    ErrorCode code{};
    const std::string message =
        load_error(std::vector<uint8_t>(full.begin(), full.begin() + n), &code);
    ASSERT_FALSE(message.empty()) << "truncated to " << n << " bytes but loaded";
    EXPECT_EQ(code, ErrorCode::kMalformed) << message;
    EXPECT_TRUE(message.find("truncated") != std::string::npos ||
                message.find("file is empty") != std::string::npos ||
                message.find("too few") != std::string::npos)
        << message;
  }
}

TEST_F(Malformed, RandomBytes) {
  std::mt19937 rng(7);
  for (int i = 0; i < 300; ++i) {
    std::vector<uint8_t> bytes(8 + rng() % 4096);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    if (i % 2) std::memcpy(bytes.data() + 4, "TFL3", 4);  // get past the identifier check
    const std::string message = load_error(bytes);
    EXPECT_FALSE(message.empty()) << "random bytes loaded";
    EXPECT_EQ(message.find("NOT A mote::Error"), std::string::npos) << message;
  }
}

// ---- indices out of range ---------------------------------------------------

TEST_F(Malformed, OpInputTensorOutOfRange) {
  expect_error(mutant([](fb::ModelT& m) { op(m, 0).inputs[1] = 999; }),
               {"subgraph 0 op 0 CONV_2D: input 1 is tensor 999, out of range (subgraph has 35 "
                "tensors)"},
               ErrorCode::kInvalid);
  expect_error(mutant([](fb::ModelT& m) { op(m, 3).inputs[0] = -5; }),
               {"subgraph 0 op 3 DEPTHWISE_CONV_2D: input 0 is tensor -5"});
}

TEST_F(Malformed, OpOutputMinusOne) {
  expect_error(mutant([](fb::ModelT& m) { op(m, 12).outputs[0] = -1; }),
               {"subgraph 0 op 12 SOFTMAX: output 0 is tensor -1, out of range"});
}

TEST_F(Malformed, RequiredInputLeftOut) {
  expect_error(mutant([](fb::ModelT& m) { op(m, 0).inputs[1] = -1; }),
               {"subgraph 0 op 0 CONV_2D: input 1 is missing (-1) but is required"});
}

TEST_F(Malformed, SubgraphInputOutputOutOfRange) {
  expect_error(mutant([](fb::ModelT& m) { m.subgraphs[0]->inputs[0] = 35; }),
               {"subgraph 0: input 0 is tensor 35, out of range (subgraph has 35 tensors)"});
  expect_error(mutant([](fb::ModelT& m) { m.subgraphs[0]->outputs[0] = -2; }),
               {"subgraph 0: output 0 is tensor -2, out of range"});
}

TEST_F(Malformed, BufferIndexOutOfRange) {
  expect_error(mutant([](fb::ModelT& m) { tensor(m, kConvWeights).buffer = 1000; }),
               {"subgraph 0 tensor 17 'functional_1/conv2d/Conv2D': buffer index 1000 out of "
                "range (model has 37 buffers)"});
}

TEST_F(Malformed, OpcodeIndexOutOfRange) {
  expect_error(mutant([](fb::ModelT& m) { op(m, 0).opcode_index = 50; }),
               {"subgraph 0 op 0: opcode_index 50 out of range (model has 6 operator codes)"});
}

TEST_F(Malformed, SchemaVersion) {
  expect_error(mutant([](fb::ModelT& m) { m.version = 2; }),
               {"m.tflite: schema version 2 is not supported (expected 3)"},
               ErrorCode::kUnsupported);
}

// One tensor table shared by 200k vector entries: tiny on disk, but copying
// its long name per entry would take gigabytes.
TEST_F(Malformed, SharedTablesCannotExplodeTheIr) {
  flatbuffers::FlatBufferBuilder b;
  const auto name = b.CreateString(std::string(4000, 'x'));
  const auto shape = b.CreateVector(std::vector<int32_t>{1, 4});
  const auto t = fb::CreateTensor(b, shape, fb::TensorType::FLOAT32, 0, name);
  const auto tensors = b.CreateVector(std::vector<flatbuffers::Offset<fb::Tensor>>(60000, t));
  const auto io = b.CreateVector(std::vector<int32_t>{0});
  const auto sg = fb::CreateSubGraph(b, tensors, io, io);
  const auto buffers = b.CreateVector(std::vector<flatbuffers::Offset<fb::Buffer>>{fb::CreateBuffer(b)});
  const auto subgraphs = b.CreateVector(std::vector<flatbuffers::Offset<fb::SubGraph>>{sg});
  fb::FinishModelBuffer(b, fb::CreateModel(b, 3, 0, subgraphs, 0, buffers));
  expect_error({b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()},
               {"far more entries than its file size allows"}, ErrorCode::kLimit);
}

TEST_F(Malformed, NoSubgraphs) {
  expect_error(mutant([](fb::ModelT& m) { m.subgraphs.clear(); }), {"model has no subgraphs"});
}

TEST_F(Malformed, NoOutputs) {
  expect_error(mutant([](fb::ModelT& m) { m.subgraphs[0]->outputs.clear(); }),
               {"subgraph 0: has no outputs"});
}

// ---- buffers and shapes -----------------------------------------------------

TEST_F(Malformed, UndersizedAndOversizedBuffer) {
  expect_error(mutant([](fb::ModelT& m) {
                 m.buffers[tensor(m, kConvWeights).buffer]->data.resize(100);
               }),
               {"subgraph 0 tensor 17 'functional_1/conv2d/Conv2D': buffer has 100 bytes, shape "
                "[64,10,4,1] int8 needs 2560"});
  expect_error(mutant([](fb::ModelT& m) {
                 m.buffers[tensor(m, kConvWeights).buffer]->data.resize(2561);
               }),
               {"buffer has 2561 bytes, shape [64,10,4,1] int8 needs 2560"});
}

TEST_F(Malformed, HugeDimensions) {
  expect_error(mutant([](fb::ModelT& m) { tensor(m, kConvOutput).shape = {1, 65536, 65536, 64}; }),
               {"tensor 22", "shape [1,65536,65536,64] int8 needs more than the 2147483648 byte "
                             "limit per tensor"},
               ErrorCode::kLimit);
  expect_error(mutant([](fb::ModelT& m) {
                 tensor(m, kConvOutput).shape = {2147483647, 2147483647, 2147483647, 2147483647};
               }),
               {"byte limit per tensor"}, ErrorCode::kLimit);
}

TEST_F(Malformed, NegativeAndZeroDimensions) {
  expect_error(mutant([](fb::ModelT& m) { tensor(m, kConvOutput).shape[1] = -1; }),
               {"tensor 22", "shape [1,-1,5,64] has dimension 1 = -1; dimensions must not be negative"});
  // TFLite allows empty tensors, so the file loads; Mote refuses to run one.
  const ir::Model empty_input = tflite::load_model_bytes(
      mutant([](fb::ModelT& m) {
        tensor(m, kInput).shape = {1, 0, 10, 1};
        tensor(m, kInput).shape_signature.clear();
      }),
      "m.tflite");
  try {
    plan::Executable::build(empty_input);
    ADD_FAILURE() << "an empty tensor was planned";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnsupported) << e.what();
    EXPECT_NE(std::string(e.what()).find("input 0 (tensor 0 'input_1') is empty (shape [1,0,10,1]) but the output is not"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(Malformed, RankTooLarge) {
  expect_error(mutant([](fb::ModelT& m) { tensor(m, kInput).shape = {1, 1, 1, 1, 1, 49, 10, 1, 1}; }),
               {"rank 9 exceeds the maximum of 8"}, ErrorCode::kLimit);
}

TEST_F(Malformed, ShapeSignature) {
  // -1 in the signature marks a dynamic batch: fine, the shape is concrete.
  const auto ok = mutant([](fb::ModelT& m) { tensor(m, kInput).shape_signature = {-1, 49, 10, 1}; });
  EXPECT_EQ(load_error(ok), "");
  expect_error(mutant([](fb::ModelT& m) { tensor(m, kInput).shape_signature = {-1, 49, 10, 2}; }),
               {"shape_signature [-1,49,10,2] does not match shape [1,49,10,1]"});
}

TEST_F(Malformed, ExternalBufferData) {
  // Move the conv weights out of the flatbuffer, after its end, as files over
  // 2 GB do. Packing twice finds the end: the offset field has a fixed width.
  auto model = unpack();
  const uint32_t b = tensor(*model, kConvWeights).buffer;
  const std::vector<uint8_t> weights = model->buffers[b]->data;
  model->buffers[b]->data.clear();
  model->buffers[b]->offset = 2;  // any value > 1 makes the field present
  model->buffers[b]->size = weights.size();
  const size_t end = (pack(*model).size() + 15) / 16 * 16;
  model->buffers[b]->offset = end;
  auto bytes = pack(*model);
  ASSERT_LE(bytes.size(), end);
  bytes.resize(end);
  bytes.insert(bytes.end(), weights.begin(), weights.end());

  const ir::Model loaded = tflite::load_model_bytes(bytes, "m.tflite");
  const auto data = loaded.subgraphs[0].tensors[kConvWeights].data;
  ASSERT_EQ(data.size(), weights.size());
  EXPECT_EQ(std::memcmp(data.data(), weights.data(), weights.size()), 0);
  EXPECT_EQ(data.data(), loaded.bytes.data() + end);

  bytes.resize(bytes.size() - 1);
  expect_error(bytes, {"buffer", "external data at offset", "lies outside the file"},
               ErrorCode::kMalformed);
}

// ---- dtypes and quantization --------------------------------------------------

TEST_F(Malformed, UnsupportedDtype) {
  expect_error(mutant([](fb::ModelT& m) { tensor(m, kConvOutput).type = fb::TensorType::FLOAT16; }),
               {"tensor 22", "dtype FLOAT16 is not supported"}, ErrorCode::kUnsupported);
  expect_error(mutant([](fb::ModelT& m) {
                 tensor(m, kConvOutput).type = static_cast<fb::TensorType>(99);
               }),
               {"dtype type 99 is not supported"});
}

TEST_F(Malformed, MissingQuantizationOnInt8Activation) {
  expect_error(mutant([](fb::ModelT& m) { tensor(m, kConvOutput).quantization.reset(); }),
               {"subgraph 0 op 0 CONV_2D: output 0 (tensor 22", "is int8 with missing quantization"});
  // An empty scale list means "not quantized" too.
  expect_error(mutant([](fb::ModelT& m) {
                 tensor(m, kInput).quantization->scale.clear();
                 tensor(m, kInput).quantization->zero_point.clear();
               }),
               {"op 0 CONV_2D: input 0 (tensor 0 'input_1') is int8 with missing quantization"});
}

TEST_F(Malformed, QuantizationArrays) {
  expect_error(mutant([](fb::ModelT& m) { tensor(m, kInput).quantization->zero_point = {83, 1}; }),
               {"tensor 0 'input_1': quantization has 1 scales but 2 zero points"});
  expect_error(mutant([](fb::ModelT& m) {
                 auto& q = *tensor(m, kConvWeights).quantization;
                 q.scale.resize(32);
                 q.zero_point.resize(32);
               }),
               {"per-channel quantization has 32 scales but dimension 0 of shape [64,10,4,1] has "
                "64 entries"});
  expect_error(mutant([](fb::ModelT& m) {
                 tensor(m, kConvWeights).quantization->quantized_dimension = 4;
               }),
               {"quantized_dimension 4 out of range for shape [64,10,4,1]"});
  expect_error(mutant([](fb::ModelT& m) {
                 tensor(m, kInput).quantization->quantized_dimension = -1;
               }),
               {"quantized_dimension -1 out of range"});
}

TEST_F(Malformed, QuantizationValues) {
  expect_error(mutant([](fb::ModelT& m) { tensor(m, kInput).quantization->zero_point = {200}; }),
               {"tensor 0 'input_1': zero_point[0] = 200 is out of range for int8"});
  for (float bad : {0.0f, -1.0f, std::numeric_limits<float>::quiet_NaN(),
                    std::numeric_limits<float>::infinity()}) {
    SCOPED_TRACE(bad);
    expect_error(mutant([bad](fb::ModelT& m) { tensor(m, kInput).quantization->scale = {bad}; }),
                 {"quantization scale[0] =", "must be positive and finite"});
  }
}

TEST_F(Malformed, PerChannelAxisMustBeOutputChannels) {
  // t18 is a [64,1,1,64] pointwise conv filter: dimension 3 also has 64 entries.
  expect_error(mutant([](fb::ModelT& m) { tensor(m, 18).quantization->quantized_dimension = 3; }),
               {"op 2 CONV_2D: input 1 (tensor 18", "quantized per channel along dimension 3, "
                                                     "expected 0"});
}

TEST_F(Malformed, SparseAndCustomQuantizationUnsupported) {
  expect_error(mutant([](fb::ModelT& m) {
                 tensor(m, kConvWeights).sparsity = std::make_unique<fb::SparsityParametersT>();
               }),
               {"tensor 17", "sparse tensors are not supported"}, ErrorCode::kUnsupported);
  expect_error(mutant([](fb::ModelT& m) {
                 tensor(m, kConvWeights).quantization->details.Set(fb::CustomQuantizationT{});
               }),
               {"custom quantization is not supported"}, ErrorCode::kUnsupported);
}

// ---- operator codes and options -------------------------------------------------

TEST_F(Malformed, UnknownOpCodeIsKeptAsUnsupported) {
  // Not an error at load: the lowering lists unsupported ops.
  const ir::Model m = tflite::load_model_bytes(mutant([](fb::ModelT& m) {
                                                 m.operator_codes[5]->builtin_code = 250;
                                               }),
                                               "m.tflite");
  const ir::Op& softmax = m.subgraphs[0].ops[12];
  EXPECT_EQ(softmax.type, ir::OpType::kUnsupported);
  EXPECT_EQ(softmax.builtin_code, 250);
  EXPECT_NE(ir::print(m).find("op12 BUILTIN_250(unsupported)"), std::string::npos);
}

TEST_F(Malformed, NegativeOpCode) {
  expect_error(mutant([](fb::ModelT& m) {
                 m.operator_codes[5]->deprecated_builtin_code = -1;
                 m.operator_codes[5]->builtin_code = -7;
               }),
               {"operator_codes[5]: invalid builtin code -1"});
}

TEST_F(Malformed, CustomCodeWithoutName) {
  expect_error(mutant([](fb::ModelT& m) { m.operator_codes[5]->deprecated_builtin_code = 32; }),
               {"operator_codes[5]: CUSTOM operator code has no custom_code name"});
}

TEST_F(Malformed, OptionsOfTheWrongType) {
  expect_error(mutant([](fb::ModelT& m) { op(m, 0).builtin_options.Set(fb::Pool2DOptionsT{}); }),
               {"subgraph 0 op 0 CONV_2D: has builtin options Pool2DOptions, expected "
                "Conv2DOptions"});
  expect_error(mutant([](fb::ModelT& m) { op(m, 0).builtin_options.Reset(); }),
               {"subgraph 0 op 0 CONV_2D: missing builtin options Conv2DOptions"});
}

TEST_F(Malformed, OptionValuesOutOfRange) {
  expect_error(mutant([](fb::ModelT& m) {
                 op(m, 0).builtin_options.AsConv2DOptions()->fused_activation_function =
                     static_cast<fb::ActivationFunctionType>(9);
               }),
               {"op 0 CONV_2D: unknown fused activation function 9"});
  expect_error(mutant([](fb::ModelT& m) {
                 op(m, 9).builtin_options.AsPool2DOptions()->padding = static_cast<fb::Padding>(5);
               }),
               {"op 9 AVERAGE_POOL_2D: unknown padding 5"});
  expect_error(mutant([](fb::ModelT& m) { op(m, 0).builtin_options.AsConv2DOptions()->stride_w = 0; }),
               {"op 0 CONV_2D: stride_w is 0, must be at least 1"});
  expect_error(mutant([](fb::ModelT& m) {
                 op(m, 1).builtin_options.AsDepthwiseConv2DOptions()->dilation_h_factor = -3;
               }),
               {"op 1 DEPTHWISE_CONV_2D: dilation_h is -3, must be at least 1"});
  expect_error(mutant([](fb::ModelT& m) {
                 op(m, 9).builtin_options.AsPool2DOptions()->filter_height = 0;
               }),
               {"op 9 AVERAGE_POOL_2D: filter_height is 0, must be at least 1"});
}

// ---- per-op checks and graph order --------------------------------------------

TEST_F(Malformed, WrongInputCount) {
  expect_error(mutant([](fb::ModelT& m) { op(m, 0).inputs = {0}; }),
               {"op 0 CONV_2D: has 1 inputs, expected 2 to 3"});
  expect_error(mutant([](fb::ModelT& m) {
                 m.subgraphs[0]->tensors.push_back(std::make_unique<fb::TensorT>());
                 op(m, 12).outputs.push_back(35);
               }),
               {"op 12 SOFTMAX: has 2 outputs, expected 1"});
}

TEST_F(Malformed, DtypeMismatch) {
  expect_error(mutant([](fb::ModelT& m) { tensor(m, kConvOutput).type = fb::TensorType::INT16; }),
               {"op 0 CONV_2D: input 0 (tensor 0 'input_1') is int8 but output 0 (tensor 22"});
  expect_error(mutant([](fb::ModelT& m) { tensor(m, 3).type = fb::TensorType::INT8; }),
               {"tensor 3", "buffer has 256 bytes"});
}

TEST_F(Malformed, ShapeMismatch) {
  // The signatures would disagree first, so they go.
  expect_error(mutant([](fb::ModelT& m) {
                 tensor(m, kConvOutput).shape[3] = 32;
                 tensor(m, kConvOutput).shape_signature.clear();
               }),
               {"op 0 CONV_2D: input 1 (tensor 17", "has 64 filters but output 0 (tensor 22",
                "has 32 channels"});
  expect_error(mutant([](fb::ModelT& m) {
                 tensor(m, 32).shape = {1, 32};
                 tensor(m, 32).shape_signature.clear();
               }),
               {"op 10 RESHAPE: input 0 (tensor 31", "shape [1,1,1,64] and output 0 (tensor 32",
                "shape [1,32] differ in element count"});
}

TEST_F(Malformed, OpsOutOfOrder) {
  expect_error(mutant([](fb::ModelT& m) {
                 std::swap(m.subgraphs[0]->operators[0], m.subgraphs[0]->operators[1]);
               }),
               {"subgraph 0 op 0 DEPTHWISE_CONV_2D: reads tensor 22",
                "before any op writes it (ops must be in execution order)"});
}

TEST_F(Malformed, TensorWrittenTwice) {
  expect_error(mutant([](fb::ModelT& m) { op(m, 2).outputs = {kConvOutput}; }),
               {"subgraph 0 op 2 CONV_2D: writes tensor 22", "already written by op 0"});
  expect_error(mutant([](fb::ModelT& m) { op(m, 0).outputs = {kConvWeights}; }),
               {"op 0 CONV_2D: writes constant tensor 17"});
}

// ---- random byte flips ------------------------------------------------------------

// Byte ranges holding constant tensor data; flips there rarely change
// structure, so most flips are aimed elsewhere.
std::vector<bool> data_bytes(const std::vector<uint8_t>& bytes) {
  std::vector<bool> is_data(bytes.size(), false);
  const auto* model = fb::GetModel(bytes.data());
  for (const auto* buffer : *model->buffers()) {
    if (!buffer->data()) continue;
    const size_t begin = buffer->data()->data() - bytes.data();
    for (size_t i = 0; i < buffer->data()->size(); ++i) is_data[begin + i] = true;
  }
  return is_data;
}

TEST_F(Malformed, RandomByteFlipsLoadOrThrowMoteError) {
  const auto& original = base_bytes();
  const auto is_data = data_bytes(original);
  std::vector<size_t> structure;
  for (size_t i = 0; i < original.size(); ++i) {
    if (!is_data[i]) structure.push_back(i);
  }
  std::mt19937 rng(20240531);
  int loaded = 0, rejected = 0;
  for (int i = 0; i < 4000; ++i) {
    auto bytes = original;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      const size_t pos = (rng() % 8 != 0) ? structure[rng() % structure.size()]
                                          : rng() % bytes.size();
      // Mostly single-bit flips; sometimes a whole random byte or 0xff.
      switch (rng() % 3) {
        case 0: bytes[pos] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
        case 1: bytes[pos] = static_cast<uint8_t>(rng()); break;
        default: bytes[pos] = 0xff; break;
      }
    }
    const std::string message = load_error(std::move(bytes));
    ASSERT_EQ(message.find("NOT A mote::Error"), std::string::npos) << "mutant " << i << ": " << message;
    (message.empty() ? loaded : rejected)++;
  }
  // Both outcomes occur: flips in names or weights load, flips in offsets fail.
  EXPECT_GT(loaded, 100);
  EXPECT_GT(rejected, 1000);
  std::printf("byte flips: %d loaded, %d rejected\n", loaded, rejected);
}

}  // namespace
}  // namespace mote
