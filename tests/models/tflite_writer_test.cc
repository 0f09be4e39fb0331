// The .tflite writer: every MLPerf Tiny model survives read -> write -> read
// with an equal IR and byte-identical Mote outputs; models built in memory
// (ir::ModelBuilder) write and run; inconsistent IR is refused by name.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "compiler/io/random_input.h"
#include "compiler/ir/error.h"
#include "compiler/ir/model_builder.h"
#include "compiler/passes/infer_shapes.h"
#include "compiler/plan/executable.h"
#include "compiler/run/session.h"
#include "compiler/tflite/reader.h"
#include "compiler/tflite/schema_generated.h"
#include "compiler/tflite/writer.h"
#include "models/model_paths.h"
#include "models/written_model_sets.h"

namespace mote {
namespace {

namespace fs = std::filesystem;

std::vector<uint8_t> bytes_of(std::span<const uint8_t> s) { return {s.begin(), s.end()}; }

void expect_same_quant(const std::optional<ir::Quantization>& a,
                       const std::optional<ir::Quantization>& b, const std::string& where) {
  ASSERT_EQ(a.has_value(), b.has_value()) << where;
  if (!a) return;
  EXPECT_EQ(a->scale, b->scale) << where;
  EXPECT_EQ(a->zero_point, b->zero_point) << where;
  EXPECT_EQ(a->axis, b->axis) << where;
}

void expect_same_tensor(const ir::Tensor& a, const ir::Tensor& b, const std::string& where) {
  EXPECT_EQ(a.name, b.name) << where;
  EXPECT_EQ(a.dtype, b.dtype) << where;
  EXPECT_EQ(a.shape, b.shape) << where;
  EXPECT_EQ(a.shape_signature, b.shape_signature) << where;
  EXPECT_EQ(a.is_variable, b.is_variable) << where;
  EXPECT_EQ(bytes_of(a.data), bytes_of(b.data)) << where;
  expect_same_quant(a.quant, b.quant, where);
}

// The fields of each options struct, for field-by-field comparison.
auto fields(const std::monostate&) { return std::tie(); }
auto fields(const ir::Conv2DOptions& o) {
  return std::tie(o.padding, o.stride_w, o.stride_h, o.dilation_w, o.dilation_h, o.activation);
}
auto fields(const ir::DepthwiseConv2DOptions& o) {
  return std::tie(o.padding, o.stride_w, o.stride_h, o.depth_multiplier, o.dilation_w,
                  o.dilation_h, o.activation);
}
auto fields(const ir::FullyConnectedOptions& o) {
  return std::tie(o.activation, o.keep_num_dims, o.asymmetric_quantize_inputs);
}
auto fields(const ir::Pool2DOptions& o) {
  return std::tie(o.padding, o.stride_w, o.stride_h, o.filter_w, o.filter_h, o.activation);
}
auto fields(const ir::ActivationOptions& o) { return std::tie(o.activation); }
auto fields(const ir::ConcatenationOptions& o) { return std::tie(o.axis, o.activation); }
auto fields(const ir::SoftmaxOptions& o) { return std::tie(o.beta); }
auto fields(const ir::LeakyReluOptions& o) { return std::tie(o.alpha); }
auto fields(const ir::ReducerOptions& o) { return std::tie(o.keep_dims); }
auto fields(const ir::ReshapeOptions& o) { return std::tie(o.new_shape); }
auto fields(const ir::SqueezeOptions& o) { return std::tie(o.squeeze_dims); }
auto fields(const ir::StridedSliceOptions& o) {
  return std::tie(o.begin_mask, o.end_mask, o.ellipsis_mask, o.new_axis_mask,
                  o.shrink_axis_mask, o.offset);
}
auto fields(const ir::BatchMatMulOptions& o) {
  return std::tie(o.adj_x, o.adj_y, o.asymmetric_quantize_inputs);
}
auto fields(const ir::IfOptions& o) { return std::tie(o.then_subgraph, o.else_subgraph); }
auto fields(const ir::WhileOptions& o) { return std::tie(o.cond_subgraph, o.body_subgraph); }

void expect_same_op(const ir::Op& a, const ir::Op& b, const std::string& where) {
  EXPECT_EQ(a.type, b.type) << where;
  EXPECT_EQ(a.builtin_code, b.builtin_code) << where;
  EXPECT_EQ(a.custom_code, b.custom_code) << where;
  EXPECT_EQ(a.version, b.version) << where;
  EXPECT_EQ(a.inputs, b.inputs) << where;
  EXPECT_EQ(a.outputs, b.outputs) << where;
  ASSERT_EQ(a.options.index(), b.options.index()) << where;
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        EXPECT_TRUE(fields(x) == fields(std::get<T>(b.options))) << where;
      },
      a.options);
}

void expect_same_model(const ir::Model& a, const ir::Model& b) {
  EXPECT_EQ(a.description, b.description);
  ASSERT_EQ(a.subgraphs.size(), b.subgraphs.size());
  for (size_t s = 0; s < a.subgraphs.size(); ++s) {
    const ir::Subgraph& x = a.subgraphs[s];
    const ir::Subgraph& y = b.subgraphs[s];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.inputs, y.inputs);
    EXPECT_EQ(x.outputs, y.outputs);
    ASSERT_EQ(x.tensors.size(), y.tensors.size());
    for (size_t t = 0; t < x.tensors.size(); ++t) {
      expect_same_tensor(x.tensors[t], y.tensors[t], "subgraph " + std::to_string(s) +
                                                         " tensor " + std::to_string(t));
    }
    ASSERT_EQ(x.ops.size(), y.ops.size());
    for (size_t o = 0; o < x.ops.size(); ++o) {
      expect_same_op(x.ops[o], y.ops[o], "subgraph " + std::to_string(s) + " op " +
                                             std::to_string(o));
    }
  }
}

std::vector<std::vector<uint8_t>> run_model(const ir::Model& model, uint32_t seed) {
  const auto executable = plan::Executable::build(model);
  run::Session session(*executable);
  const auto inputs = io::random_inputs(model.subgraphs[0], seed);
  for (size_t i = 0; i < inputs.size(); ++i) session.set_input(static_cast<int>(i), inputs[i]);
  session.invoke();
  std::vector<std::vector<uint8_t>> outputs;
  for (int i = 0; i < session.num_outputs(); ++i) outputs.push_back(bytes_of(session.output(i)));
  return outputs;
}

// What running a model gives: its outputs, or Mote's error with the model's
// path taken out (the original and the written file have different names).
struct Outcome {
  std::vector<std::vector<uint8_t>> outputs;
  std::string error;
  bool operator==(const Outcome&) const = default;
};

Outcome run_outcome(const ir::Model& model, uint32_t seed) {
  try {
    return {run_model(model, seed), ""};
  } catch (const Error& e) {
    std::string message = e.what();
    if (const size_t at = message.find(model.path); at != std::string::npos) {
      message.replace(at, model.path.size(), "MODEL");
    }
    return {{}, message};
  }
}

std::string model_name(const testing::TestParamInfo<fs::path>& info) {
  std::string name = info.param.stem().string();
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
  return name;
}

class WriterRoundTrip : public testing::TestWithParam<fs::path> {};

TEST_P(WriterRoundTrip, ReadWriteReadKeepsIrAndOutputs) {
  MOTE_REQUIRE_MODELS();
  ir::Model original = tflite::load_model(GetParam().string());
  const std::vector<uint8_t> written = tflite::write_tflite(original);
  ir::Model reread = tflite::load_model_bytes(written, "written.tflite");
  expect_same_model(original, reread);
  // Writing is deterministic and a fixed point after one round.
  EXPECT_EQ(written, tflite::write_tflite(reread));

  if (const auto shape = test::run_input_shape(GetParam()); !shape.empty()) {
    passes::resize_inputs(original, {shape});
    passes::resize_inputs(reread, {shape});
  }

  // A model Mote cannot run yet (an op it lacks) must fail the same way.
  const Outcome first = run_outcome(original, 1);
  EXPECT_EQ(first, run_outcome(reread, 1)) << first.error;
  EXPECT_EQ(run_outcome(original, 7), run_outcome(reread, 7));
  if (!first.error.empty()) std::printf("writer: %s does not run in Mote: %s\n", GetParam().c_str(), first.error.c_str());
}

TEST_P(WriterRoundTrip, LayoutFollowsTfliteConventions) {
  MOTE_REQUIRE_MODELS();
  const ir::Model original = tflite::load_model(GetParam().string());
  const std::vector<uint8_t> written = tflite::write_tflite(original);
  ASSERT_TRUE(::tflite::ModelBufferHasIdentifier(written.data()));
  const ::tflite::Model& fb = *::tflite::GetModel(written.data());
  EXPECT_EQ(fb.version(), 3u);
  ASSERT_GT(fb.buffers()->size(), 0u);
  EXPECT_TRUE(!fb.buffers()->Get(0)->data() || fb.buffers()->Get(0)->data()->size() == 0);
  int constants = 0;
  for (const auto* sg : *fb.subgraphs()) {
    for (const auto* t : *sg->tensors()) {
      const auto* data = fb.buffers()->Get(t->buffer())->data();
      if (!data || data->size() == 0) {
        EXPECT_EQ(t->buffer(), 0u) << t->name()->str();
        continue;
      }
      ++constants;
      EXPECT_EQ((data->data() - written.data()) % 16, 0) << "buffer of " << t->name()->str();
    }
  }
  EXPECT_EQ(static_cast<int>(fb.buffers()->size()), constants + 1);
  // Deduplicated operator codes, both code fields set the TFLite way.
  for (const auto* code : *fb.operator_codes()) {
    EXPECT_EQ(code->deprecated_builtin_code(), std::min(code->builtin_code(), 127));
  }
}

INSTANTIATE_TEST_SUITE_P(MlperfTiny, WriterRoundTrip,
                         testing::ValuesIn(test::tflite_files("mlperf_tiny")), model_name);
// openWakeWord (fetched by scripts/fetch_openwakeword.sh; none if absent):
// the IF in hey_jarvis carries subgraph indices, melspectrogram a dynamic shape.
INSTANTIATE_TEST_SUITE_P(OpenWakeWord, WriterRoundTrip, testing::ValuesIn(test::oww_files()),
                         model_name);

// y = relu(x + c) with c a constant, built from nothing.
ir::Model small_add_model() {
  ir::ModelBuilder b("built-in-test");
  ir::Subgraph& g = b.subgraph(0);
  ir::Tensor x{.name = "x", .dtype = ir::DType::kFloat32, .shape = {1, 4}};
  ir::Tensor y = x;
  y.name = "y";
  g.inputs = {b.add_tensor(0, x)};
  ir::Tensor c = x;
  c.name = "c";
  const std::vector<float> values = {1.0f, -2.0f, 0.5f, 3.0f};
  const int ci = b.add_constant(
      0, c, {reinterpret_cast<const uint8_t*>(values.data()), values.size() * sizeof(float)});
  g.outputs = {b.add_tensor(0, y)};
  ir::Op add{.type = ir::OpType::kAdd, .builtin_code = 0, .inputs = {g.inputs[0], ci},
             .outputs = {g.outputs[0]}, .options = ir::ActivationOptions{ir::Activation::kRelu}};
  g.ops.push_back(add);
  b.model().description = "built by ModelBuilder";
  return std::move(b).finish();
}

TEST(WriterBuiltModel, ModelBuiltInMemoryWritesAndRuns) {
  const ir::Model built = small_add_model();
  const auto& c = built.subgraphs[0].tensors[1].data;
  ASSERT_GE(c.data(), built.bytes.data());
  ASSERT_LE(c.data() + c.size(), built.bytes.data() + built.bytes.size());

  const ir::Model reread = tflite::load_model_bytes(tflite::write_tflite(built), "built");
  expect_same_model(built, reread);
  const auto executable = plan::Executable::build(reread);
  run::Session session(*executable);
  const std::vector<float> x = {0.5f, 1.0f, -1.0f, -4.0f};
  session.set_input(0, {reinterpret_cast<const uint8_t*>(x.data()), x.size() * sizeof(float)});
  session.invoke();
  std::vector<float> y(4);
  std::memcpy(y.data(), session.output(0).data(), 16);
  EXPECT_EQ(y, (std::vector<float>{1.5f, 0.0f, 0.0f, 0.0f}));
}

TEST(WriterBuiltModel, CopiedModelWithReplacedWeightsOwnsItsBytes) {
  MOTE_REQUIRE_MODELS();
  const fs::path path = test::models_dir() / "mlperf_tiny" / "kws_ds_cnn_int8.tflite";
  std::vector<uint8_t> replaced;
  std::vector<uint8_t> written;
  int weights = -1;
  {
    const ir::Model original = tflite::load_model(path.string());
    ir::ModelBuilder b(ir::copy_model(original));
    weights = b.subgraph(0).ops[0].inputs[1];  // first CONV_2D's filter
    replaced = bytes_of(original.subgraphs[0].tensors[weights].data);
    for (uint8_t& v : replaced) v = static_cast<uint8_t>(-static_cast<int8_t>(v == 0x80 ? 0x81 : v));
    b.set_constant(0, weights, replaced);
    const ir::Model changed = std::move(b).finish();
    written = tflite::write_tflite(changed);  // `original` is still alive here
  }
  // Everything the written model holds came from the copy, not the original.
  const ir::Model reread = tflite::load_model_bytes(written, "changed");
  EXPECT_EQ(bytes_of(reread.subgraphs[0].tensors[weights].data), replaced);
  const ir::Model original = tflite::load_model(path.string());
  EXPECT_NE(run_model(original, 1), run_model(reread, 1));
  EXPECT_EQ(reread.subgraphs[0].ops.size(), original.subgraphs[0].ops.size());
}

std::string write_error(const ir::Model& model, ErrorCode* code = nullptr) {
  try {
    tflite::write_tflite(model);
  } catch (const Error& e) {
    if (code) *code = e.code();
    return e.what();
  }
  return "";
}

TEST(WriterHostile, OptionsOfTheWrongKindAreNamed) {
  ir::Model m = small_add_model();
  m.subgraphs[0].ops[0].options = ir::SoftmaxOptions{};
  EXPECT_EQ(write_error(m),
            "built-in-test: subgraph 0 op 0 ADD: has SoftmaxOptions, expected ActivationOptions");
  m.subgraphs[0].ops[0].options = ir::ActivationOptions{static_cast<ir::Activation>(42)};
  EXPECT_EQ(write_error(m), "built-in-test: subgraph 0 op 0 ADD: unknown fused activation 42");
}

TEST(WriterHostile, TypeAndCodeMustAgree) {
  ir::Model m = small_add_model();
  m.subgraphs[0].ops[0].builtin_code = 3;  // CONV_2D
  ErrorCode code{};
  EXPECT_EQ(write_error(m, &code),
            "built-in-test: subgraph 0 op 0 CONV_2D: op type ADD does not match builtin code 3 "
            "(CONV_2D)");
  EXPECT_EQ(code, ErrorCode::kInvalid);
  m.subgraphs[0].ops[0].builtin_code = 0;
  m.subgraphs[0].ops[0].custom_code = "MyOp";
  EXPECT_NE(write_error(m).find("custom_code must be set exactly when"), std::string::npos);
  m.subgraphs[0].ops[0].custom_code.clear();
  m.subgraphs[0].ops[0].version = 0;
  EXPECT_NE(write_error(m).find("invalid op version 0"), std::string::npos);
}

TEST(WriterHostile, InconsistentGraphIsRefusedByTheReadBack) {
  ir::Model m = small_add_model();
  m.subgraphs[0].ops[0].inputs[1] = 9;
  const std::string bad_index = write_error(m);
  EXPECT_NE(bad_index.find("built-in-test (as written): subgraph 0 op 0"), std::string::npos)
      << bad_index;
  EXPECT_NE(bad_index.find("9"), std::string::npos) << bad_index;

  ir::Model n = small_add_model();
  n.subgraphs[0].tensors[1].data = n.subgraphs[0].tensors[1].data.first(6);
  const std::string bad_size = write_error(n);
  EXPECT_NE(bad_size.find("built-in-test (as written): subgraph 0 tensor 1 'c'"), std::string::npos)
      << bad_size;
}

TEST(WriterHostile, UnwritablePathIsAnIoError) {
  const ir::Model m = small_add_model();
  const std::string path = testing::TempDir() + "/no/such/dir/m.tflite";
  try {
    tflite::write_tflite_file(m, path);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIo);
    EXPECT_EQ(std::string(e.what()).rfind(path + ": cannot create", 0), 0u) << e.what();
  }
  const std::string ok = testing::TempDir() + "/writer_test_ok.tflite";
  tflite::write_tflite_file(m, ok);
  expect_same_model(m, tflite::load_model(ok));
  fs::remove(ok);
}

}  // namespace
}  // namespace mote
