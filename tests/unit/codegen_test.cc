// compiler/codegen: the direct-call table against the runtime's real
// declarations, exact literals, and a small model's emitted tree (only the
// kernel sources it calls, constants stored once, calls in plan order).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

#include "compiler/codegen/c_literals.h"
#include "compiler/codegen/emit.h"
#include "compiler/codegen/kernel_calls.h"
#include "compiler/codegen/param_structs.h"
#include "compiler/codegen/tree_files.h"
#include "mote/kernels/conv2d.h"
#include "unit/conv_test_model.h"

namespace mote {
namespace {

namespace fs = std::filesystem;
using conv_test::per_tensor;
using ir::DType;

fs::path scratch_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("mote_codegen_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(CodegenKernelCalls, EveryKernelHasACallDescribingItsWholeParamStruct) {
  for (int id = 0; id < MOTE_KERNEL_COUNT; ++id) {
    if (id == MOTE_K_IF) continue;  // control flow: mote compile refuses IF (kUnsupported)
    const codegen::KernelCall& call = codegen::kernel_call(static_cast<mote_kernel_id>(id));
    EXPECT_EQ(codegen::described_bytes(*call.params), call.params->bytes)
        << call.function << ": " << call.params->type_name << " has undescribed fields";
  }
}

// Every call the table can emit, with its parameter struct initialized by
// name, must compile as C against the embedded runtime headers with exact
// pointer types.
TEST(CodegenKernelCalls, CallsCompileAgainstTheRuntimeHeaders) {
  const fs::path dir = scratch_dir("calls");
  for (const codegen::TreeFile& f : codegen::runtime_files({})) {
    fs::create_directories((dir / f.path).parent_path());
    std::ofstream(dir / f.path) << f.contents;
  }
  // The headers the emitter would include for every kernel, so a new kernel's
  // call and its header lookup are checked too.
  std::set<std::string> functions;
  for (int id = 0; id < MOTE_KERNEL_COUNT; ++id) {
    if (id == MOTE_K_IF) continue;
    functions.insert(codegen::kernel_call(static_cast<mote_kernel_id>(id)).function);
  }
  std::string c = "#include <stddef.h>\n";
  for (const std::string& h : codegen::declaring_headers(functions)) {
    c += "#include \"" + h + "\"\n";
  }
  std::vector<unsigned char> zeros(4096, 0);
  for (int id = 0; id < MOTE_KERNEL_COUNT; ++id) {
    if (id == MOTE_K_IF) continue;  // control flow: mote compile refuses IF (kUnsupported)
    const codegen::KernelCall& call = codegen::kernel_call(static_cast<mote_kernel_id>(id));
    const std::string p = "p" + std::to_string(id);
    c += "static const " + std::string(call.params->type_name) + " " + p + " = " +
         codegen::c_initializer(*call.params, zeros.data()) + ";\n";
    c += "void call" + std::to_string(id) + "(void) {\n  " + call.function + "(&" + p;
    for (const codegen::KernelArg& arg : call.args) {
      switch (arg.kind) {
        case codegen::KernelArg::Kind::kPointer: c += ", (" + arg.c_type + ")NULL"; break;
        case codegen::KernelArg::Kind::kPerChannelQuant:
          c += ", (mote_per_channel_quant){(const int32_t*)NULL, (const int32_t*)NULL}";
          break;
        case codegen::KernelArg::Kind::kInputArray: c += ", (const void* const*)NULL"; break;
      }
    }
    c += ");\n}\n";
  }
  std::ofstream(dir / "calls.c") << c;
  const std::string command = "cc -std=gnu11 -fsyntax-only -Wall -Werror -I'" +
                              (dir / "mote/include").string() + "' '" +
                              (dir / "calls.c").string() + "' 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << command << "\n" << c;
  fs::remove_all(dir);
}

TEST(CodegenLiterals, FloatsRoundTripExactly) {
  for (float v : {0.0f, -0.0f, 1.0f, 1.0f / 3.0f, 0.584702909f, 3.4028235e38f, 1.4e-45f,
                  -2.5e-12f, 123456789.0f}) {
    std::string s = codegen::float_literal(v);
    ASSERT_EQ(s.back(), 'f') << s;
    s.pop_back();
    const float back = std::strtof(s.c_str(), nullptr);
    EXPECT_EQ(std::memcmp(&back, &v, sizeof v), 0) << s;
  }
  EXPECT_EQ(codegen::float_literal(2.0f), "2.0f");
  EXPECT_EQ(codegen::float_literal(-INFINITY), "(-__builtin_inff())");
  EXPECT_EQ(codegen::int_literal(INT32_MIN), "(-2147483647 - 1)");
  EXPECT_EQ(codegen::string_literal("a\"b\\c\n"), "\"a\\\"b\\\\c\\012\"");
}

TEST(CodegenParams, InitializerNamesEveryFieldWithItsValue) {
  mote_conv2d_s8_params p{};
  p.geometry.stride_height = 2;
  p.geometry.pad_width = 1;
  p.filter_input_depth = 8;
  p.quant.input_offset = -128;
  p.quant.activation_min = INT32_MIN;
  const std::string text =
      codegen::c_initializer(*codegen::kernel_call(MOTE_K_CONV2D_S8).params, &p);
  EXPECT_NE(text.find(".stride_height = 2,"), std::string::npos) << text;
  EXPECT_NE(text.find(".pad_width = 1}"), std::string::npos) << text;
  EXPECT_NE(text.find("    .filter_input_depth = 8,\n"), std::string::npos) << text;
  EXPECT_NE(text.find(".input_offset = -128,"), std::string::npos) << text;
  EXPECT_NE(text.find(".activation_min = (-2147483647 - 1),"), std::string::npos) << text;
}

// Two 1x1 int8 convolutions sharing one filter and bias tensor.
std::unique_ptr<ir::Model> shared_filter_model() {
  conv_test::ModelBuilder b;
  const int in = b.tensor("in", DType::kInt8, {1, 2, 2, 2}, per_tensor(0.5f, -1));
  const int w = b.constant("shared_w", DType::kInt8, {2, 1, 1, 2},
                           std::vector<int8_t>{1, -2, 3, 4}, conv_test::per_channel({0.5f, 0.25f}, 0));
  const int bias = b.constant("shared_b", DType::kInt32, {2}, std::vector<int32_t>{5, -7});
  const int mid = b.tensor("mid", DType::kInt8, {1, 2, 2, 2}, per_tensor(0.5f, -1));
  const int out = b.tensor("out", DType::kInt8, {1, 2, 2, 2}, per_tensor(0.5f, -1));
  ir::Conv2DOptions o;
  o.padding = ir::Padding::kValid;
  b.op(ir::OpType::kConv2D, {in, w, bias}, {mid}, o);
  b.op(ir::OpType::kConv2D, {mid, w, bias}, {out}, o);
  b.io({in}, {out});
  return b.build();
}

TEST(CodegenTree, HoldsOnlyTheKernelSourcesTheModelCalls) {
  auto model = shared_filter_model();
  // Reference kernels read the model's filter tensor itself (optimized ones
  // read a packed copy), which is what the sharing checks below look at.
  plan::PlanOptions options;
  options.kernels = plan::KernelSet::kReference;
  auto exe = plan::Executable::build(*model, options);
  const fs::path dir = scratch_dir("tree");
  const codegen::EmitSummary summary = codegen::emit_c(*exe, dir, {});
  EXPECT_EQ(summary.kernel_sources, std::vector<std::string>{"mote/kernels/reference/conv2d.cc"});
  std::vector<std::string> sources;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() == ".cc") sources.push_back(fs::relative(e.path(), dir).string());
  }
  EXPECT_EQ(sources, std::vector<std::string>{"mote/kernels/reference/conv2d.cc"});
  EXPECT_TRUE(fs::exists(dir / "mote/include/mote/kernels/conv2d.h"));
  EXPECT_FALSE(fs::exists(dir / "target"));

  const std::string model_c = read_text(dir / "model.c");
  EXPECT_EQ(count(model_c, "  mote_conv2d_s8(&op"), 2) << model_c;
  EXPECT_LT(model_c.find("mote_conv2d_s8(&op0_params"), model_c.find("mote_conv2d_s8(&op1_params"));
  for (const char* interpreter : {"mote_entry_", "mote_invoke", "mote_step", "kernel_ids.h"}) {
    EXPECT_EQ(model_c.find(interpreter), std::string::npos) << interpreter;
  }
  EXPECT_NE(read_text(dir / "model.h").find(
                "#define MOTE_MODEL_ARENA_BYTES " + std::to_string(exe->plan().arena_bytes) + "u"),
            std::string::npos);

  // The shared filter and bias are stored once, and both layers read them.
  const std::string data = read_text(dir / "model_data.c");
  EXPECT_EQ(count(data, "const int8_t "), 1) << data;
  EXPECT_EQ(count(data, "\"shared_b\""), 1) << data;
  EXPECT_EQ(count(model_c, "op0_filter, op0_bias"), 2) << model_c;
  EXPECT_NE(read_text(dir / "Makefile").find("mote/kernels/reference/conv2d.cc"), std::string::npos);
  fs::remove_all(dir);
}

TEST(CodegenTree, CopiesBoardFilesOnlyForAKnownTarget) {
  auto model = shared_filter_model();
  auto exe = plan::Executable::build(*model);
  const fs::path dir = scratch_dir("board");
  EXPECT_FALSE(codegen::emit_c(*exe, dir, {"no-such-board"}).has_target_files);
  EXPECT_FALSE(fs::exists(dir / "target"));
  ASSERT_FALSE(codegen::target_files("qemu-m4").empty()) << "targets/qemu-m4 not embedded";
  EXPECT_TRUE(codegen::emit_c(*exe, dir, {"qemu-m4"}).has_target_files);
  EXPECT_TRUE(fs::exists(dir / "target/target.mk"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace mote
