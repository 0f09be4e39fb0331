// ir::print: exact text for a hand-built model, and its shape on a real one.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "compiler/ir/print.h"
#include "compiler/tflite/reader.h"
#include "models/model_paths.h"

namespace mote {
namespace {

ir::Model small_model() {
  ir::Model m;
  m.description = "test";
  m.bytes.resize(8 * 3 * 3 * 3);
  ir::Subgraph sg;
  sg.name = "main";

  ir::Tensor x{.name = "x", .dtype = ir::DType::kInt8, .shape = {1, 8, 8, 3}};
  x.quant = ir::Quantization{{0.5f}, {-3}, 0};
  ir::Tensor w{.name = "w", .dtype = ir::DType::kInt8, .shape = {8, 3, 3, 3}};
  w.quant = ir::Quantization{{0.25f, 0.5f, 0.125f, 1, 1, 1, 1, 2}, std::vector<int64_t>(8, 0), 0};
  w.data = m.bytes;
  ir::Tensor y{.name = "y\nz", .dtype = ir::DType::kFloat32, .shape = {1, 4, 4, 8}};
  sg.tensors = {x, w, y};
  sg.inputs = {0};
  sg.outputs = {2};

  ir::Op conv{.type = ir::OpType::kConv2D, .builtin_code = 3, .version = 3};
  conv.inputs = {0, 1, ir::kNoTensor};
  conv.outputs = {2};
  conv.options = ir::Conv2DOptions{ir::Padding::kValid, 2, 1, 1, 1, ir::Activation::kRelu6};
  ir::Op gelu{.type = ir::OpType::kUnsupported, .builtin_code = 150};
  gelu.inputs = {2};
  gelu.outputs = {2};
  sg.ops = {conv, gelu};
  m.subgraphs.push_back(std::move(sg));
  return m;
}

TEST(IrPrint, ExactText) {
  const std::string expected =
      "description 'test'\n"
      "subgraph 0 'main' inputs=[0] outputs=[2]\n"
      "  t0 'x' int8 [1,8,8,3] q=(0.5, zp -3)\n"
      "  t1 'w' int8 [8,3,3,3] q=per-channel(8, axis 0, scale 0.125..2, zp 0) const=216B\n"
      "  t2 'y?z' float32 [1,4,4,8]\n"
      "  op0 CONV_2D [0,1,-1] -> [2] v3 padding=VALID stride_hw=1,2 dilation_hw=1,1 "
      "act=RELU6\n"
      "  op1 GELU(unsupported) [2] -> [2]\n";
  EXPECT_EQ(ir::print(small_model()), expected);
}

TEST(IrPrint, IsDeterministic) {
  EXPECT_EQ(ir::print(small_model()), ir::print(small_model()));
}

TEST(IrPrint, RealModelHasOneLinePerTensorAndOp) {
  MOTE_REQUIRE_MODELS();
  const auto path = test::models_dir() / "mlperf_tiny" / "kws_ds_cnn_int8.tflite";
  const ir::Model m = tflite::load_model(path.string());
  const std::string text = ir::print(m);
  std::istringstream in(text);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const auto& sg = m.subgraphs[0];
  // description + subgraph header + tensors + ops
  EXPECT_EQ(lines.size(), 2 + sg.tensors.size() + sg.ops.size());
  EXPECT_EQ(lines[1], "subgraph 0 'main' inputs=[0] outputs=[34]");
  EXPECT_EQ(lines[2], "  t0 'input_1' int8 [1,49,10,1] q=(0.5847029, zp 83)");
  EXPECT_NE(text.find("  op0 CONV_2D [0,17,3] -> [22] v3 padding=SAME stride_hw=2,2 "
                      "dilation_hw=1,1 act=RELU\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  op9 AVERAGE_POOL_2D [30] -> [31] v2 padding=VALID stride_hw=25,5 "
                      "filter_hw=25,5 act=NONE\n"),
            std::string::npos);
  EXPECT_NE(text.find("  t16 'functional_1/dense/MatMul' int8 [12,64] q=(0.008385755, zp 0) "
                      "const=768B\n"),
            std::string::npos);
}

}  // namespace
}  // namespace mote
