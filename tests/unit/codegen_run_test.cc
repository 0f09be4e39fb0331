// An emitted tree built with the host compiler and run: the data-movement
// calls (a constant operand passed as const void*, CONCATENATION's input
// array) and a model with two inputs must compute what the interpreter does.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "compiler/codegen/emit.h"
#include "unit/reshaping_test_model.h"

namespace mote {
namespace {

namespace fs = std::filesystem;
using ir::DType;
using ir::OpType;
using reshaping_test::bytes_of;

int shell(const std::string& command) { return std::system((command + " >&2").c_str()); }

// x [3] -> PADV2 by [2, 1] with -1.5 -> [6]; CONCATENATION of that, a
// constant [2] and input y [1] -> [9].
std::unique_ptr<ir::Model> pad_concat_model() {
  reshaping_test::ModelBuilder m;
  const int x = m.tensor("x", DType::kFloat32, {3});
  const int y = m.tensor("y", DType::kFloat32, {1});
  const int pads = m.constant<int32_t>("paddings", DType::kInt32, {1, 2}, {2, 1});
  const int value = m.constant<float>("value", DType::kFloat32, {}, {-1.5f});
  const int k = m.constant<float>("k", DType::kFloat32, {2}, {0.25f, 1e-30f});
  const int padded = m.tensor("padded", DType::kFloat32, {6});
  const int out = m.tensor("out", DType::kFloat32, {9});
  m.op(OpType::kPad, {x, pads, value}, {padded});
  ir::ConcatenationOptions axis0;
  m.op(OpType::kConcatenation, {padded, k, y}, {out}, axis0);
  m.io({x, y}, {out});
  return m.build();
}

TEST(CodegenRun, PadValueAndConcatenationInputsMatchTheInterpreter) {
  auto model = pad_concat_model();
  auto exe = plan::Executable::build(*model);
  const fs::path dir =
      fs::temp_directory_path() / ("mote_codegen_run_" + std::to_string(getpid()));
  fs::remove_all(dir);
  codegen::emit_c(*exe, dir / "tree", {});
  ASSERT_EQ(shell("make -s -C '" + (dir / "tree").string() +
                  "' -j2 CROSS= ARCH_FLAGS= CFLAGS='-Wall -Werror'"),
            0);
  const fs::path harness = fs::path(MOTE_SOURCE_DIR) / "tests" / "models" / "compile_host_main.c";
  ASSERT_EQ(shell("cc -I'" + (dir / "tree").string() + "' -I'" +
                  (dir / "tree/mote/include").string() + "' '" + harness.string() + "' '" +
                  (dir / "tree/libmote_model.a").string() + "' -o '" +
                  (dir / "host_model").string() + "'"),
            0);
  const std::vector<uint8_t> x = bytes_of<float>({1, 2, 3}), y = bytes_of<float>({-7});
  std::ofstream(dir / "input0.bin", std::ios::binary)
      .write(reinterpret_cast<const char*>(x.data()), static_cast<std::streamsize>(x.size()));
  std::ofstream(dir / "input1.bin", std::ios::binary)
      .write(reinterpret_cast<const char*>(y.data()), static_cast<std::streamsize>(y.size()));
  ASSERT_EQ(shell("'" + (dir / "host_model").string() + "' '" + dir.string() + "'"), 0);

  std::ifstream in(dir / "output0.bin", std::ios::binary);
  std::vector<float> compiled(9);
  in.read(reinterpret_cast<char*>(compiled.data()), 9 * sizeof(float));
  ASSERT_EQ(in.gcount(), static_cast<std::streamsize>(9 * sizeof(float)));
  const std::vector<float> expected = {-1.5f, -1.5f, 1, 2, 3, -1.5f, 0.25f, 1e-30f, -7};
  EXPECT_EQ(reshaping_test::run<float>(*model, {x, y}), expected);
  EXPECT_EQ(compiled, expected);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace mote
