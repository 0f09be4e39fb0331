// The .tflite reader: facts of the real MLPerf Tiny models, the op-name table,
// and small synthetic models for options and ops the real models lack.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "compiler/ir/error.h"
#include "compiler/ir/ir.h"
#include "compiler/tflite/builtin_names.h"
#include "compiler/tflite/reader.h"
#include "compiler/tflite/schema_generated.h"
#include "models/model_paths.h"

namespace mote {
namespace {

namespace fb = ::tflite;
using ir::DType;
using ir::OpType;

// ---- op names and schema numbering -------------------------------------

TEST(TfliteReaderNames, KnownCodes) {
  EXPECT_STREQ(tflite::builtin_operator_name(0), "ADD");
  EXPECT_STREQ(tflite::builtin_operator_name(3), "CONV_2D");
  EXPECT_STREQ(tflite::builtin_operator_name(5), "DEPTH_TO_SPACE");
  EXPECT_STREQ(tflite::builtin_operator_name(32), "CUSTOM");
  EXPECT_STREQ(tflite::builtin_operator_name(127), "PLACEHOLDER_FOR_GREATER_OP_CODES");
  EXPECT_STREQ(tflite::builtin_operator_name(150), "GELU");
  EXPECT_STREQ(tflite::builtin_operator_name(161), "RIGHT_SHIFT");
  EXPECT_STREQ(tflite::builtin_operator_name(203), "DILATE");
  EXPECT_STREQ(tflite::builtin_operator_name(205), "REDUCE_WINDOW");
  EXPECT_STREQ(tflite::builtin_operator_name(225), "TEMP_STREAMING_CONV_2D");
}

TEST(TfliteReaderNames, UnknownCodesGetStableNames) {
  const char* a = tflite::builtin_operator_name(9999);
  EXPECT_STREQ(a, "BUILTIN_9999");
  EXPECT_STREQ(tflite::builtin_operator_name(-3), "BUILTIN_-3");
  EXPECT_STREQ(tflite::builtin_operator_name(206), "BUILTIN_206");
  // The pointer stays valid and identical across calls.
  EXPECT_EQ(a, tflite::builtin_operator_name(9999));
  EXPECT_STREQ(a, "BUILTIN_9999");
}

TEST(TfliteReaderNames, AgreeWithIrOpTable) {
#define MOTE_CHECK_OP(name, code, str)                                     \
  EXPECT_STREQ(tflite::builtin_operator_name(code), str) << #name;         \
  EXPECT_EQ(ir::op_type_from_builtin(code), OpType::name) << #name;
  MOTE_IR_OPS(MOTE_CHECK_OP)
#undef MOTE_CHECK_OP
}

// Union numbering must be TFLite's, although our schema declares a subset.
static_assert(static_cast<int>(fb::BuiltinOptions::Conv2DOptions) == 1);
static_assert(static_cast<int>(fb::BuiltinOptions::Pool2DOptions) == 5);
static_assert(static_cast<int>(fb::BuiltinOptions::FullyConnectedOptions) == 8);
static_assert(static_cast<int>(fb::BuiltinOptions::ReshapeOptions) == 17);
static_assert(static_cast<int>(fb::BuiltinOptions::StridedSliceOptions) == 32);
static_assert(static_cast<int>(fb::BuiltinOptions::LeakyReluOptions) == 75);
static_assert(static_cast<int>(fb::BuiltinOptions::IfOptions) == 92);
static_assert(static_cast<int>(fb::BuiltinOptions::WhileOptions) == 93);
static_assert(static_cast<int>(fb::BuiltinOptions::BatchMatMulOptions) == 101);
static_assert(static_cast<int>(fb::TensorType::INT8) == 9);

// ---- real models ----------------------------------------------------------

std::filesystem::path mlperf(const std::string& name) {
  return test::models_dir() / "mlperf_tiny" / name;
}

ir::Model load(const std::string& name) { return tflite::load_model(mlperf(name).string()); }

std::vector<OpType> op_types(const ir::Model& m) {
  std::vector<OpType> types;
  for (const auto& op : m.subgraphs[0].ops) types.push_back(op.type);
  return types;
}

const ir::Tensor& input(const ir::Model& m, int i = 0) {
  return m.subgraphs[0].tensors[m.subgraphs[0].inputs[i]];
}
const ir::Tensor& output(const ir::Model& m, int i = 0) {
  return m.subgraphs[0].tensors[m.subgraphs[0].outputs[i]];
}

void expect_io(const ir::Tensor& t, DType dtype, std::vector<int32_t> shape, float scale = 0,
               int zp = 0) {
  EXPECT_EQ(t.dtype, dtype) << t.name;
  EXPECT_EQ(t.shape, shape) << t.name;
  if (scale == 0) {
    EXPECT_FALSE(t.quant) << t.name;
    return;
  }
  ASSERT_TRUE(t.quant) << t.name;
  ASSERT_EQ(t.quant->scale.size(), 1u);
  EXPECT_NEAR(t.quant->scale[0], scale, scale * 1e-3) << t.name;
  EXPECT_EQ(t.quant->zero_point[0], zp) << t.name;
}

TEST(TfliteReaderModels, LoadsEveryMlperfTinyModel) {
  MOTE_REQUIRE_MODELS();
  const auto files = test::tflite_files("mlperf_tiny");
  EXPECT_EQ(files.size(), 13u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    const ir::Model m = tflite::load_model(path.string());
    EXPECT_EQ(m.path, path.string());
    ASSERT_EQ(m.subgraphs.size(), 1u);
    const ir::Subgraph& sg = m.subgraphs[0];
    EXPECT_EQ(sg.inputs.size(), 1u);
    EXPECT_EQ(sg.outputs.size(), 1u);
    EXPECT_FALSE(sg.ops.empty());
    for (const auto& op : sg.ops) {
      EXPECT_NE(op.type, OpType::kUnsupported) << op.builtin_code;
      EXPECT_FALSE(std::holds_alternative<std::monostate>(op.options) &&
                   (op.type == OpType::kConv2D || op.type == OpType::kFullyConnected));
    }
    // Constant data lies inside the file bytes the model owns.
    for (const auto& t : sg.tensors) {
      if (!t.is_constant()) continue;
      EXPECT_GE(t.data.data(), m.bytes.data());
      EXPECT_LE(t.data.data() + t.data.size(), m.bytes.data() + m.bytes.size());
      EXPECT_EQ(static_cast<int64_t>(t.data.size()), t.num_bytes()) << t.name;
    }
  }
}

TEST(TfliteReaderModels, KwsInt8) {
  MOTE_REQUIRE_MODELS();
  const ir::Model m = load("kws_ds_cnn_int8.tflite");
  expect_io(input(m), DType::kInt8, {1, 49, 10, 1}, 0.5847f, 83);
  expect_io(output(m), DType::kInt8, {1, 12}, 0.00390625f, -128);
  const std::vector<OpType> expected = {
      OpType::kConv2D, OpType::kDepthwiseConv2D, OpType::kConv2D, OpType::kDepthwiseConv2D,
      OpType::kConv2D, OpType::kDepthwiseConv2D, OpType::kConv2D, OpType::kDepthwiseConv2D,
      OpType::kConv2D, OpType::kAveragePool2D,   OpType::kReshape, OpType::kFullyConnected,
      OpType::kSoftmax};
  EXPECT_EQ(op_types(m), expected);
  EXPECT_EQ(m.description, "MLIR Converted.");

  const ir::Subgraph& sg = m.subgraphs[0];
  const ir::Op& conv = sg.ops[0];
  EXPECT_EQ(conv.builtin_code, 3);
  EXPECT_EQ(conv.version, 3);
  EXPECT_EQ(conv.inputs, (std::vector<int>{0, 17, 3}));
  EXPECT_EQ(conv.outputs, (std::vector<int>{22}));
  const auto& co = conv.opts<ir::Conv2DOptions>();
  EXPECT_EQ(co.padding, ir::Padding::kSame);
  EXPECT_EQ(co.stride_h, 2);
  EXPECT_EQ(co.stride_w, 2);
  EXPECT_EQ(co.dilation_h, 1);
  EXPECT_EQ(co.activation, ir::Activation::kRelu);

  // Per-channel weights along output channels (conv) and depth (depthwise).
  const ir::Tensor& w = sg.tensors[17];
  EXPECT_EQ(w.shape, (std::vector<int32_t>{64, 10, 4, 1}));
  ASSERT_TRUE(w.quant);
  EXPECT_EQ(w.quant->scale.size(), 64u);
  EXPECT_EQ(w.quant->axis, 0);
  EXPECT_TRUE(w.quant->per_channel());
  const ir::Tensor& dw = sg.tensors[sg.ops[1].inputs[1]];
  ASSERT_TRUE(dw.quant);
  EXPECT_EQ(dw.quant->axis, 3);
  EXPECT_EQ(dw.quant->scale.size(), 64u);

  const auto& pool = sg.ops[9].opts<ir::Pool2DOptions>();
  EXPECT_EQ(pool.padding, ir::Padding::kValid);
  EXPECT_EQ(pool.filter_h, 25);
  EXPECT_EQ(pool.filter_w, 5);
  EXPECT_FLOAT_EQ(sg.ops[12].opts<ir::SoftmaxOptions>().beta, 1.0f);

  // Constant values: the flatten shape and the first FC bias.
  int32_t shape[2];
  ASSERT_EQ(sg.tensors[2].data.size(), sizeof shape);
  std::memcpy(shape, sg.tensors[2].data.data(), sizeof shape);
  EXPECT_EQ(shape[0], -1);
  EXPECT_EQ(shape[1], 64);
  int32_t bias0;
  std::memcpy(&bias0, sg.tensors[1].data.data(), sizeof bias0);
  EXPECT_EQ(bias0, -78);
}

// The KWS and AD files set only deprecated_builtin_code; newer files set both.
TEST(TfliteReaderModels, DeprecatedBuiltinCodeOnly) {
  MOTE_REQUIRE_MODELS();
  for (const char* name : {"kws_ds_cnn_int8.tflite", "ad_fc_autoencoder_int8.tflite"}) {
    SCOPED_TRACE(name);
    const auto bytes = test::read_file(mlperf(name));
    const auto* fbm = fb::GetModel(bytes.data());
    for (const auto* code : *fbm->operator_codes()) {
      EXPECT_EQ(code->builtin_code(), 0);
      EXPECT_GT(code->deprecated_builtin_code(), 0);
    }
  }
  const ir::Model ad = load("ad_fc_autoencoder_int8.tflite");
  ASSERT_EQ(ad.subgraphs[0].ops.size(), 10u);
  for (const auto& op : ad.subgraphs[0].ops) {
    EXPECT_EQ(op.type, OpType::kFullyConnected);
    EXPECT_EQ(op.builtin_code, 9);
  }
}

TEST(TfliteReaderModels, KwsDynamicRange) {
  MOTE_REQUIRE_MODELS();
  const ir::Model m = load("kws_ds_cnn_dynrange_quant.tflite");
  expect_io(input(m), DType::kFloat32, {1, 49, 10, 1});
  expect_io(output(m), DType::kFloat32, {1, 12});
  const ir::Subgraph& sg = m.subgraphs[0];
  // CONV_2D weights int8 per-tensor, depthwise weights float32.
  const ir::Tensor& conv_w = sg.tensors[sg.ops[0].inputs[1]];
  EXPECT_EQ(conv_w.dtype, DType::kInt8);
  ASSERT_TRUE(conv_w.quant);
  EXPECT_FALSE(conv_w.quant->per_channel());
  EXPECT_EQ(sg.tensors[sg.ops[1].inputs[1]].dtype, DType::kFloat32);
}

TEST(TfliteReaderModels, VisualWakeWords) {
  MOTE_REQUIRE_MODELS();
  const ir::Model m = load("vww_mobilenet_v1_025_96_int8.tflite");
  expect_io(input(m), DType::kInt8, {1, 96, 96, 3}, 0.003922f, -128);
  expect_io(output(m), DType::kInt8, {1, 2}, 0.00390625f, -128);
  EXPECT_EQ(m.subgraphs[0].ops.size(), 31u);
  const ir::Model f = load("vww_mobilenet_v1_025_96_float32.tflite");
  expect_io(input(f), DType::kFloat32, {1, 96, 96, 3});
  EXPECT_EQ(op_types(f), op_types(m));
}

TEST(TfliteReaderModels, ImageClassification) {
  MOTE_REQUIRE_MODELS();
  for (const char* name : {"ic_resnet8_int8.tflite", "ic_resnet_large_int8.tflite"}) {
    SCOPED_TRACE(name);
    const ir::Model m = load(name);
    expect_io(input(m), DType::kInt8, {1, 32, 32, 3}, 1.0f, -128);
    expect_io(output(m), DType::kInt8, {1, 10}, 0.00390625f, -128);
    const auto types = op_types(m);
    EXPECT_EQ(std::count(types.begin(), types.end(), OpType::kAdd), 3);
    EXPECT_EQ(std::count(types.begin(), types.end(), OpType::kConv2D), 9);
    EXPECT_EQ(types.back(), OpType::kSoftmax);
  }
}

TEST(TfliteReaderModels, AnomalyDetection) {
  MOTE_REQUIRE_MODELS();
  const ir::Model m = load("ad_fc_autoencoder_int8.tflite");
  expect_io(input(m), DType::kInt8, {1, 640}, 0.391f, 89);
  expect_io(output(m), DType::kInt8, {1, 640}, 0.3645f, 96);
  // 640->128->128->128->128->8->128->128->128->128->640
  std::vector<int32_t> units;
  for (const auto& op : m.subgraphs[0].ops) units.push_back(m.subgraphs[0].tensors[op.inputs[1]].shape[0]);
  EXPECT_EQ(units, (std::vector<int32_t>{128, 128, 128, 128, 8, 128, 128, 128, 128, 640}));

  const ir::Model q = load("ad_fc_autoencoder_int8_floatio.tflite");
  expect_io(input(q), DType::kFloat32, {1, 640});
  expect_io(output(q), DType::kFloat32, {1, 640});
  EXPECT_EQ(q.subgraphs[0].ops.front().type, OpType::kQuantize);
  EXPECT_EQ(q.subgraphs[0].ops.back().type, OpType::kDequantize);
}

TEST(TfliteReaderModels, StreamingWakeword) {
  MOTE_REQUIRE_MODELS();
  const ir::Model m = load("sww_streaming_wakeword.tflite");
  expect_io(input(m), DType::kInt8, {1, 30, 1, 40}, 0.003701f, -128);
  expect_io(output(m), DType::kInt8, {1, 3}, 0.00390625f, -128);
  EXPECT_EQ(m.subgraphs[0].ops.front().type, OpType::kDepthwiseConv2D);
}

TEST(TfliteReaderModels, DataSpansSurviveMovingTheModel) {
  MOTE_REQUIRE_MODELS();
  ir::Model a = load("kws_ds_cnn_int8.tflite");
  const uint8_t* bytes = a.bytes.data();
  const auto data = a.subgraphs[0].tensors[17].data;
  ir::Model b = std::move(a);
  EXPECT_EQ(b.bytes.data(), bytes);
  EXPECT_EQ(b.subgraphs[0].tensors[17].data.data(), data.data());
}

TEST(TfliteReaderModels, LoadBytesNamesTheGivenPath) {
  MOTE_REQUIRE_MODELS();
  auto bytes = test::read_file(mlperf("kws_ds_cnn_int8.tflite"));
  bytes.resize(100);
  try {
    tflite::load_model_bytes(bytes, "m.tflite");
    FAIL() << "truncated model loaded";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("m.tflite: ", 0), 0u) << e.what();
    EXPECT_EQ(e.code(), ErrorCode::kMalformed);
  }
}

TEST(TfliteReader, MissingFileIsAnIoError) {
  try {
    tflite::load_model("/nonexistent/dir/model.tflite");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIo);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/model.tflite: cannot open"),
              std::string::npos)
        << e.what();
  }
}

// ---- synthetic models -------------------------------------------------------

// Builds small models through the generated object API.
class ModelBuilder {
 public:
  ModelBuilder() {
    model_.version = 3;
    model_.buffers.push_back(std::make_unique<fb::BufferT>());  // the empty sentinel
    add_subgraph();
  }

  int add_subgraph() {
    model_.subgraphs.push_back(std::make_unique<fb::SubGraphT>());
    return static_cast<int>(model_.subgraphs.size()) - 1;
  }
  fb::SubGraphT& sg(int s = 0) { return *model_.subgraphs[s]; }

  int tensor(std::vector<int32_t> shape, fb::TensorType type = fb::TensorType::FLOAT32,
             int s = 0) {
    auto t = std::make_unique<fb::TensorT>();
    t->shape = std::move(shape);
    t->type = type;
    t->name = "t" + std::to_string(sg(s).tensors.size());
    sg(s).tensors.push_back(std::move(t));
    return static_cast<int>(sg(s).tensors.size()) - 1;
  }
  int constant(std::vector<int32_t> values, int s = 0) {
    const int t = tensor({static_cast<int32_t>(values.size())}, fb::TensorType::INT32, s);
    auto b = std::make_unique<fb::BufferT>();
    b->data.resize(values.size() * 4);
    std::memcpy(b->data.data(), values.data(), b->data.size());
    model_.buffers.push_back(std::move(b));
    sg(s).tensors[t]->buffer = static_cast<uint32_t>(model_.buffers.size() - 1);
    return t;
  }

  fb::OperatorT& op(int32_t code, std::vector<int> in, std::vector<int> out, int s = 0) {
    auto c = std::make_unique<fb::OperatorCodeT>();
    c->builtin_code = code;
    c->deprecated_builtin_code = static_cast<int8_t>(std::min(code, 127));
    model_.operator_codes.push_back(std::move(c));
    auto o = std::make_unique<fb::OperatorT>();
    o->opcode_index = static_cast<uint32_t>(model_.operator_codes.size() - 1);
    o->inputs = std::move(in);
    o->outputs = std::move(out);
    sg(s).operators.push_back(std::move(o));
    return *sg(s).operators.back();
  }

  fb::ModelT& model() { return model_; }

  std::vector<uint8_t> bytes() {
    flatbuffers::FlatBufferBuilder builder;
    fb::FinishModelBuffer(builder, fb::Model::Pack(builder, &model_));
    return {builder.GetBufferPointer(), builder.GetBufferPointer() + builder.GetSize()};
  }
  ir::Model load() { return tflite::load_model_bytes(bytes(), "synthetic.tflite"); }

 private:
  fb::ModelT model_;
};

// A float graph: input t0 [1,2,3,4] -> op(code, extra inputs) -> t_out.
struct Unary {
  ModelBuilder b;
  int in, out;
  Unary(std::vector<int32_t> out_shape = {1, 2, 3, 4}) {
    in = b.tensor({1, 2, 3, 4});
    out = b.tensor(std::move(out_shape));
    b.sg().inputs = {in};
    b.sg().outputs = {out};
  }
};

std::string load_error(ModelBuilder& b) {
  try {
    b.load();
  } catch (const Error& e) {
    return e.what();
  }
  return "(loaded)";
}

TEST(TfliteReaderSynthetic, ReadsOptionsOfOpsAbsentFromRealModels) {
  {
    Unary u({1, 2, 3, 2});
    const int begin = u.b.constant({0, 0, 0, 0}), end = u.b.constant({1, 2, 3, 2}),
              strides = u.b.constant({1, 1, 1, 2});
    fb::StridedSliceOptionsT o;
    o.begin_mask = 1;
    o.end_mask = 2;
    o.ellipsis_mask = 0;
    o.new_axis_mask = 0;
    o.shrink_axis_mask = 8;
    o.offset = true;
    u.b.op(45, {u.in, begin, end, strides}, {u.out}).builtin_options.Set(o);
    const ir::Model m = u.b.load();
    const auto& s = m.subgraphs[0].ops[0].opts<ir::StridedSliceOptions>();
    EXPECT_EQ(s.begin_mask, 1);
    EXPECT_EQ(s.end_mask, 2);
    EXPECT_EQ(s.shrink_axis_mask, 8);
    EXPECT_TRUE(s.offset);
  }
  {
    Unary u({2, 3, 4});
    fb::SqueezeOptionsT o;
    o.squeeze_dims = {0};
    u.b.op(43, {u.in}, {u.out}).builtin_options.Set(o);
    EXPECT_EQ(u.b.load().subgraphs[0].ops[0].opts<ir::SqueezeOptions>().squeeze_dims,
              std::vector<int32_t>{0});
  }
  {
    Unary u;
    fb::LeakyReluOptionsT o;
    o.alpha = 0.125f;
    u.b.op(98, {u.in}, {u.out}).builtin_options.Set(o);
    EXPECT_FLOAT_EQ(u.b.load().subgraphs[0].ops[0].opts<ir::LeakyReluOptions>().alpha, 0.125f);
  }
  {
    Unary u({1, 4});
    const int axes = u.b.constant({1, 2});
    fb::ReducerOptionsT o;
    o.keep_dims = true;
    u.b.op(40, {u.in, axes}, {u.out}).builtin_options.Set(o);
    EXPECT_TRUE(u.b.load().subgraphs[0].ops[0].opts<ir::ReducerOptions>().keep_dims);
  }
  {
    Unary u({1, 2, 3, 8});
    fb::ConcatenationOptionsT o;
    o.axis = -1;
    o.fused_activation_function = fb::ActivationFunctionType::RELU6;
    u.b.op(2, {u.in, u.in}, {u.out}).builtin_options.Set(o);
    const ir::Model model = u.b.load();  // keep the model alive: opts() refers into it
    const auto& c = model.subgraphs[0].ops[0].opts<ir::ConcatenationOptions>();
    EXPECT_EQ(c.axis, -1);
    EXPECT_EQ(c.activation, ir::Activation::kRelu6);
  }
  {
    ModelBuilder b;
    const int x = b.tensor({2, 3, 4}), y = b.tensor({2, 5, 4}), out = b.tensor({2, 3, 5});
    b.sg().inputs = {x, y};
    b.sg().outputs = {out};
    fb::BatchMatMulOptionsT o;
    o.adj_y = true;
    b.op(126, {x, y}, {out}).builtin_options.Set(o);
    const ir::Model model = b.load();
    const auto& mm = model.subgraphs[0].ops[0].opts<ir::BatchMatMulOptions>();
    EXPECT_FALSE(mm.adj_x);
    EXPECT_TRUE(mm.adj_y);
  }
}

// Optional tables absent: TFLite reads them as schema defaults.
TEST(TfliteReaderSynthetic, AbsentOptionalOptionsReadAsSchemaDefaults) {
  Unary u;
  u.b.op(0, {u.in, u.in}, {u.out});  // ADD without AddOptions
  const ir::Model m = u.b.load();
  EXPECT_EQ(m.subgraphs[0].ops[0].opts<ir::ActivationOptions>().activation,
            ir::Activation::kNone);
}

TEST(TfliteReaderSynthetic, UnknownAndCustomOpsAreKeptAsUnsupported) {
  Unary u;
  const int mid = u.b.tensor({1, 2, 3, 4});
  u.b.op(150, {u.in}, {mid});  // GELU: a real op Mote does not model
  u.b.op(32, {mid}, {u.out});
  u.b.model().operator_codes.back()->custom_code = "MyOp";
  const ir::Model m = u.b.load();
  ASSERT_EQ(m.subgraphs[0].ops.size(), 2u);
  EXPECT_EQ(m.subgraphs[0].ops[0].type, OpType::kUnsupported);
  EXPECT_EQ(m.subgraphs[0].ops[0].builtin_code, 150);
  EXPECT_EQ(m.subgraphs[0].ops[1].type, OpType::kUnsupported);
  EXPECT_EQ(m.subgraphs[0].ops[1].custom_code, "MyOp");
}

// IF and WHILE with two branch subgraphs that pass their input through ADD.
ModelBuilder control_flow_model(int32_t code) {
  ModelBuilder b;
  const int cond = b.tensor({1}, fb::TensorType::BOOL), x = b.tensor({4}), y = b.tensor({4});
  b.sg().inputs = {cond, x};
  b.sg().outputs = {y};
  for (int i = 0; i < 2; ++i) {
    const int s = b.add_subgraph();
    const int a = b.tensor({4}, fb::TensorType::FLOAT32, s);
    const int r = b.tensor({4}, fb::TensorType::FLOAT32, s);
    b.sg(s).inputs = {a};
    b.sg(s).outputs = {r};
    b.op(0, {a, a}, {r}, s);
  }
  if (code == 118) {
    fb::IfOptionsT o;
    o.then_subgraph_index = 1;
    o.else_subgraph_index = 2;
    b.op(118, {cond, x}, {y}).builtin_options.Set(o);
  } else {
    fb::WhileOptionsT o;
    o.cond_subgraph_index = 1;
    o.body_subgraph_index = 2;
    b.op(119, {x}, {y}).builtin_options.Set(o);
    // The condition subgraph returns a bool.
    b.sg(1).tensors[1]->type = fb::TensorType::BOOL;
    b.sg(1).operators.clear();
    b.sg(1).outputs = {0};
  }
  return b;
}

TEST(TfliteReaderSynthetic, IfReadsBranchSubgraphs) {
  ModelBuilder b = control_flow_model(118);
  const ir::Model m = b.load();
  ASSERT_EQ(m.subgraphs.size(), 3u);
  const auto& o = m.subgraphs[0].ops[0].opts<ir::IfOptions>();
  EXPECT_EQ(o.then_subgraph, 1);
  EXPECT_EQ(o.else_subgraph, 2);
}

TEST(TfliteReaderSynthetic, IfRejectsBadSubgraphIndices) {
  ModelBuilder b = control_flow_model(118);
  b.sg().operators[0]->builtin_options.AsIfOptions()->else_subgraph_index = 7;
  EXPECT_NE(load_error(b).find("subgraph 0 op 0 IF: else_subgraph 7 out of range (model has 3 "
                               "subgraphs)"),
            std::string::npos)
      << load_error(b);
  b.sg().operators[0]->builtin_options.AsIfOptions()->else_subgraph_index = 0;
  EXPECT_NE(load_error(b).find("is the subgraph that contains the op"), std::string::npos);
}

TEST(TfliteReaderSynthetic, IfRequiresOptions) {
  ModelBuilder b = control_flow_model(118);
  b.sg().operators[0]->builtin_options.Reset();
  EXPECT_NE(load_error(b).find("missing builtin options IfOptions"), std::string::npos)
      << load_error(b);
}

TEST(TfliteReaderSynthetic, WhileChecksSubgraphSignatures) {
  ModelBuilder ok = control_flow_model(119);
  const ir::Model m = ok.load();
  EXPECT_EQ(m.subgraphs[0].ops[0].opts<ir::WhileOptions>().body_subgraph, 2);

  ModelBuilder b = control_flow_model(119);
  b.sg().operators[0]->builtin_options.AsWhileOptions()->cond_subgraph_index = -1;
  EXPECT_NE(load_error(b).find("cond_subgraph -1 out of range"), std::string::npos)
      << load_error(b);

  ModelBuilder c = control_flow_model(119);
  c.sg(2).inputs.clear();
  EXPECT_NE(load_error(c).find("body_subgraph 2 has 0 inputs and 1 outputs, the op needs 1 and 1"),
            std::string::npos)
      << load_error(c);
}

}  // namespace
}  // namespace mote
